/**
 * The dataset as an in-memory model in design space: communities, grids, parcels, micro-grids, enterprises and
 * members, with codes and names. features.ts turns it into GeoJSON; incidents and patrols are drawn from it.
 */
import { makeCommunityCode, makeGridCode, makeMicroGridCode } from '../../domain/codes';
import type { Rng } from '../../domain/random';
import { makeUscc } from '../../domain/uscc';
import type { Member } from '../../domain/types';
import { type Layout, planLayout } from './layout';
import { cellCentre, cellRect } from './lattice';
import { type CompositionOptions, type Unit, composeUnits } from './composition';
import { type Rect, cellParcels, inset, rectArea, slots } from './parcels';
import { chineseNumeral, communityStems, firmName } from './names';
import { COUNTY_REGION, DEFAULT_TOWN, TOWNS, type Town } from './towns';
import { makeMembers } from './members';

export interface ModelCommunity {
  code: string;
  name: string;
  stem: string;
  town: Town;
  cells: number[];
  grids: number[];
}

export interface ModelGrid {
  code: string;
  name: string;
  community: number;
  cells: number[];
  micros: number[];
  firms: number[];
  parcels: number[];
}

export interface ModelMicro {
  code: string;
  grid: number;
  name: string;
  kind: Unit['kind'];
  parcel: number;
  firms: number[];
}

export interface ModelFirm {
  id: string;
  name: string;
  short: string;
  scale: 'above' | 'below';
  industry: string;
  employees: number;
  grid: number;
  micro: number;
  /** Location (design metres) and the yard around it, for incident jitter. */
  x: number;
  y: number;
  yard: Rect;
}

export type ParcelUse = 'micro' | 'industrial' | 'residential' | 'green';

export interface ModelParcel {
  cell: number;
  rect: Rect;
  use: ParcelUse;
  /** −1 unless use is "micro". */
  micro: number;
  buildings: Rect[];
}

export interface Model {
  layout: Layout;
  communities: ModelCommunity[];
  grids: ModelGrid[];
  micros: ModelMicro[];
  firms: ModelFirm[];
  parcels: ModelParcel[];
  members: Member[];
}

export interface ModelOptions {
  communities: number;
  grids: number;
  /** Name of the single community; county datasets name theirs from a pool. Default 智汇湾工业社区. */
  communityName?: string;
  /**
   * How many of TOWNS (in their order) the communities are spread over, in consecutive sectors around the centre
   * (1 to TOWNS.length; a single community is always in DEFAULT_TOWN). Default all of them.
   */
  towns?: number;
  composition?: CompositionOptions;
}

/**
 * Builds the model. Deterministic for a given rng state.
 * @example buildModel(createRng(7), { communities: 1, grids: 10 }).grids.length === 10
 */
export function buildModel(rng: Rng, options: ModelOptions): Model {
  const layout = planLayout(rng.fork('layout'), { communities: options.communities, grids: options.grids });
  const { L } = layout;
  const names = rng.fork('names');
  const communities = nameCommunities(layout, names, options);
  const grids: ModelGrid[] = [];
  for (const com of communities) {
    const order = [...com.grids].sort((a, b) => readingKey(layout, layout.grids[a].cells) - readingKey(layout, layout.grids[b].cells));
    com.grids = order.map((g, n) => {
      grids.push({
        code: makeGridCode(com.code, n + 1),
        name: `${com.stem}${chineseNumeral(n + 1)}网格`,
        community: communities.indexOf(com),
        cells: layout.grids[g].cells,
        micros: [],
        firms: [],
        parcels: [],
      });
      return grids.length - 1;
    });
  }
  const cellGrid = new Int32Array(layout.gridOf.length).fill(-1);
  grids.forEach((g, n) => g.cells.forEach((c) => (cellGrid[c] = n)));

  // Parcels in every drawn block; grids re-split theirs finer if they would not hold their micro-grids.
  const prng = rng.fork('parcels');
  const parcels: ModelParcel[] = [];
  for (let c = 0; c < cellGrid.length; c++) {
    if (!layout.context[c] || cellGrid[c] >= 0) continue;
    for (const rect of cellParcels(prng, cellRect(L, c))) {
      parcels.push({ cell: c, rect, use: prng.chance(0.35) ? 'residential' : 'green', micro: -1, buildings: [] });
    }
  }
  const urng = rng.fork('units');
  const frng = rng.fork('firms');
  const micros: ModelMicro[] = [];
  const firms: ModelFirm[] = [];
  const takenNames = new Set<string>();
  const takenIds = new Set<string>();
  grids.forEach((grid, gi) => {
    const units = composeUnits(urng, options.composition);
    let rects: { cell: number; rect: Rect }[] = [];
    for (let shrink = 1; shrink > 0.3; shrink *= 0.8) {
      rects = grid.cells.flatMap((c) =>
        cellParcels(prng, cellRect(L, c), { minSize: 70 * shrink, maxSize: 140 * shrink }).map((rect) => ({ cell: c, rect })),
      );
      if (rects.length >= units.length * 1.3) break;
    }
    if (rects.length < units.length) throw new Error(`grid ${grid.code}: ${rects.length} parcels for ${units.length} micro-grids`);
    // Big parcels go to parks and above-size firms; the rest are chosen at random.
    const byArea = rects.map((r, k) => ({ k, a: rectArea(r.rect) * prng.float(0.6, 1.4) })).sort((p, q) => q.a - p.a || p.k - q.k);
    const chosen = new Map<number, Unit>();
    let top = 0;
    for (const u of units) if (u.kind !== 'below') chosen.set(byArea[top++].k, u);
    const restIdx = prng.shuffle(byArea.slice(top).map((p) => p.k));
    let r = 0;
    for (const u of units) if (u.kind === 'below') chosen.set(restIdx[r++], u);
    const start = parcels.length;
    rects.forEach(({ cell, rect }, k) => {
      const unit = chosen.get(k);
      const use: ParcelUse = unit ? 'micro' : prng.chance(0.6) ? 'industrial' : prng.chance(0.4) ? 'residential' : 'green';
      parcels.push({ cell, rect, use, micro: -1, buildings: [] });
      grid.parcels.push(parcels.length - 1);
    });
    // Micro-grid serials run in reading order (north to south, west to east).
    const used = [...chosen.keys()].sort((a, b) => rectReading(rects[a].rect) - rectReading(rects[b].rect) || a - b);
    let belowSerial = 0;
    used.forEach((k, n) => {
      const unit = chosen.get(k) as Unit;
      const pi = start + k;
      const mi = micros.length;
      const micro: ModelMicro = { code: makeMicroGridCode(grid.code, n + 1), grid: gi, name: '', kind: unit.kind, parcel: pi, firms: [] };
      micros.push(micro);
      grid.micros.push(mi);
      parcels[pi].micro = mi;
      const yards = slots(inset(parcels[pi].rect, 6), unit.size);
      for (const yard of yards) {
        const fi = firms.length;
        const fname = firmName(frng, takenNames);
        let id = makeUscc(frng, COUNTY_REGION);
        while (takenIds.has(id)) id = makeUscc(frng, COUNTY_REGION);
        takenIds.add(id);
        const w = yard[2] - yard[0];
        const h = yard[3] - yard[1];
        const above = unit.kind === 'above';
        firms.push({
          id,
          name: fname.name,
          short: fname.short,
          scale: above ? 'above' : 'below',
          industry: fname.industry,
          employees: above
            ? Math.round(Math.min(2500, Math.max(60, Math.exp(frng.normal(5.3, 0.6)))))
            : Math.round(Math.min(150, Math.max(5, Math.exp(frng.normal(3.3, 0.6))))),
          grid: gi,
          micro: mi,
          x: (yard[0] + yard[2]) / 2 + frng.float(-0.15, 0.15) * w,
          y: (yard[1] + yard[3]) / 2 + frng.float(-0.15, 0.15) * h,
          yard,
        });
        micro.firms.push(fi);
        grid.firms.push(fi);
        parcels[pi].buildings.push(inset(yard, Math.max(2, 0.12 * Math.min(w, h))));
      }
      if (unit.kind === 'park') micro.name = `${firms[micro.firms[0]].short.slice(0, 2)}小微园区`;
      else if (unit.kind === 'above') micro.name = `${firms[micro.firms[0]].short}微网格`;
      else micro.name = `第${++belowSerial}微网格`;
    });
  });
  for (const p of parcels) if (p.use !== 'micro') p.buildings = fillerBuildings(prng, p);
  const members = makeMembers(rng.fork('members'), grids, micros, firms, communities);
  return { layout, communities, grids, micros, firms, parcels, members };
}

function nameCommunities(layout: Layout, rng: Rng, options: ModelOptions): ModelCommunity[] {
  const { L } = layout;
  const centre = (cells: number[]): [number, number] => {
    let x = 0;
    let y = 0;
    for (const c of cells) {
      const p = cellCentre(L, c);
      x += p[0];
      y += p[1];
    }
    return [x / cells.length, y / cells.length];
  };
  if (layout.communities.length === 1) {
    const name = options.communityName ?? '智汇湾工业社区';
    return [{ code: makeCommunityCode(DEFAULT_TOWN.code, 12), name, stem: name.replace(/工业社区$/, ''), town: DEFAULT_TOWN, ...layout.communities[0] }];
  }
  // Towns take consecutive sectors around the county centre, so each town's communities are neighbours.
  const order = layout.communities
    .map((c, m) => {
      const [x, y] = centre(c.cells);
      return { m, angle: Math.atan2(y, x) };
    })
    .sort((a, b) => a.angle - b.angle || a.m - b.m);
  const stems = communityStems(rng, order.length);
  const towns = options.towns ?? TOWNS.length;
  const out: ModelCommunity[] = new Array(order.length);
  const serials = new Map<string, number>();
  order.forEach(({ m }, n) => {
    const town = TOWNS[Math.floor((n * towns) / order.length)];
    const serial = (serials.get(town.code) ?? 0) + 1;
    serials.set(town.code, serial);
    const stem = stems[n];
    out[n] = { code: makeCommunityCode(town.code, serial), name: `${stem}工业社区`, stem, town, ...layout.communities[m] };
  });
  return out;
}

function readingKey(layout: Layout, cells: number[]): number {
  let x = 0;
  let y = 0;
  for (const c of cells) {
    const p = cellCentre(layout.L, c);
    x += p[0] / cells.length;
    y += p[1] / cells.length;
  }
  // Bands 700 m tall, north first; west to east within a band.
  return Math.round(-y / 700) * 1e6 + x;
}

const rectReading = (r: Rect): number => Math.round(-(r[1] + r[3]) / 2 / 60) * 1e6 + (r[0] + r[2]) / 2;

// Buildings of parcels without a micro-grid: sheds on industrial land, slab blocks on residential land.
function fillerBuildings(rng: Rng, p: ModelParcel): Rect[] {
  const inner = inset(p.rect, 5);
  if (p.use === 'industrial') return slots(inner, rng.int(1, 2), 4).filter((r) => r[2] > r[0] && r[3] > r[1]);
  if (p.use === 'residential') {
    const rows = Math.max(1, Math.floor((inner[3] - inner[1]) / 30));
    const out: Rect[] = [];
    const h = (inner[3] - inner[1]) / rows;
    for (let k = 0; k < rows; k++) {
      const y0 = inner[1] + k * h + 3;
      const y1 = y0 + Math.min(14, h - 6);
      if (y1 > y0) out.push([inner[0] + 3, y0, inner[2] - 3, y1]);
    }
    return out;
  }
  return [];
}
