/**
 * The planner's engine (issue 11): a draft is a topology of the units in force (geo/topology: shared borders stored
 * once) plus the records of every grid and micro-grid (history included), the members and the enterprises with the
 * grid and micro-grid their point lies in. `applyOp` turns one operation record into the next state and its inverse;
 * `revertOp` takes the inverse back. Both are pure (states are persistent: copy-on-write maps and arrays, the
 * topology's own copy-on-write), so the app, its worker and the CLI can keep as many states as they like.
 *
 * Lineage (DOMAIN.md, "Adjustment"): a new unit gets a new code (domain/plan/codes), `parentCodes` and `validFrom` =
 * the effective date; a retired unit keeps its last geometry as history with `validTo` = the effective date.
 * Micro-grids follow their grid: when a grid is split, merged or revoked, each of its micro-grids gets a new code
 * under the grid it now lies in (the old code retired), and its micro-grid leaders follow it.
 */
import { arealBbox, type Bbox } from '../areal-bbox';
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type {
  Areal,
  Dataset,
  EnterpriseFeature,
  GridFeature,
  GridProps,
  Member,
  MicroGridFeature,
  MicroGridProps,
} from '../../domain/types';
import { activeFeatures } from '../../domain/lineage';
import { datasetAsOf } from '../../domain/stats';
import { cstDay, parseTime } from '../../domain/time';
import { TOPOLOGY_SNAP_M } from '../../domain/rules';
import { allocateCodes } from '../../domain/plan/codes';
import { PlanError, type LonLat, type OpEffect, type PlanOp } from '../../domain/plan/types';
import { assignEnterprises } from '../assign';
import { communityOfGrid } from '../coverage/validate-coverage';
import {
  addUnit,
  applyPatch,
  buildTopology,
  cuts,
  deleteVertex,
  findVertex,
  insertVertex,
  mergeUnits,
  moveVertices,
  removeUnit,
  splitUnit,
  unitGeometry,
  type Edit,
  type Topology,
  type TopoPatch,
} from '../topology';
import { interiorPoint } from './interior-point';
import { renameUnits, type Rename } from './rename';
import { importBoundaries } from './import-boundaries';

export interface PlanOptions {
  /** "Now" (epoch ms) when the dataset has no asOf. */
  now: number;
  /**
   * The date the changes take effect, YYYY-MM-DD: `validFrom` of new units, `validTo` of retired ones. Default: the
   * day of the dataset's asOf in China time (so the draft is in force at asOf and validates as it is drawn).
   */
  effective?: string;
}

export type UnitLayer = 'grid' | 'micro';

/** One grid or micro-grid of the draft: its feature (the last geometry when retired) and whether it is in force. */
export interface UnitRecord {
  layer: UnitLayer;
  feature: GridFeature | MicroGridFeature;
  live: boolean;
}

/** What every state of one draft shares and never changes. */
export interface PlanContext {
  readonly base: Dataset;
  readonly effective: string;
  /** The moment the data describes (asOf, else `now`). */
  readonly asOf: number;
  /** Every grid and micro-grid code of the starting dataset, retired ones included: never given again. */
  readonly baseCodes: ReadonlySet<string>;
  readonly communityCodes: ReadonlySet<string>;
  readonly communityName: ReadonlyMap<string, string>;
  /** Latitude of the centre of the communities' extent: the one projection of the draft's areas. */
  readonly centreLat: number;
  /** Enterprise points, indexed once: enterprises never move. */
  readonly enterpriseIndex: Flatbush | null;
}

export interface PlanState {
  readonly context: PlanContext;
  readonly topology: Topology;
  /** Units in force in the starting dataset and every unit the draft made, by code, in file order. */
  readonly units: ReadonlyMap<string, UnitRecord>;
  readonly members: readonly Member[];
  /** The dataset's enterprises, gridCode / microGridCode set to the units their points lie in now. */
  readonly enterprises: readonly EnterpriseFeature[];
}

/** What revertOp needs to take one operation back. */
export interface PlanInverse {
  /** Topology patches of the operation's steps, in the order they were made (undone last first). */
  patches: TopoPatch[];
  /** Every unit record the operation changed, with its value before (undefined: it did not exist). */
  units: [string, UnitRecord | undefined][];
  /** Members before, when the operation changed any. */
  members?: readonly Member[];
  /** Enterprises whose grid or micro-grid changed, with their feature before (by index). */
  enterprises: [number, EnterpriseFeature][];
  /** The whole topology before, when the operation built a new one (import-boundaries): put back after the patches. */
  topology?: Topology;
}

export interface AppliedOp {
  state: PlanState;
  inverse: PlanInverse;
  effect: OpEffect;
  /** Every unit code whose record changed (geometry, properties, in force or not), for validation and figures. */
  touched: string[];
}

/** YYYY-MM-DD, a real calendar day. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isPlanDate(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const serialOf = (code: string) => Number(code.slice(-3));
const gridName = (code: string, community: string | undefined) => `${community ?? ''}第${serialOf(code)}网格`;
const microName = (code: string) => `第${serialOf(code)}微网格`;

/**
 * The starting state of a draft on `dataset` (its units in force at asOf). Throws PlanError when the dataset cannot
 * be planned on (no communities or grids, two units in force with one code, a unit without geometry).
 * @example const state = createPlan(await loadDataset(folderSource('data/zhihuiwan')), { now: Date.now() })
 */
export function createPlan(dataset: Dataset, options: PlanOptions): PlanState {
  const asOf = datasetAsOf(dataset, options.now);
  const effective = options.effective ?? cstDay(asOf);
  if (!isPlanDate(effective)) throw new PlanError(`the effective date must be YYYY-MM-DD, got "${effective}"`, undefined, { reason: 'bad-date', values: { value: effective } });
  const communities = dataset.community?.features ?? [];
  if (communities.length === 0) throw new PlanError('the dataset has no community.geojson: grids are planned inside a community', undefined, { reason: 'dataset-incomplete' });
  if (!dataset.grids) throw new PlanError('the dataset has no grids.geojson', undefined, { reason: 'dataset-incomplete' });
  const grids = activeFeatures(dataset.grids.features, asOf);
  const microGrids = activeFeatures(dataset.microGrids?.features ?? [], asOf);
  const units = new Map<string, UnitRecord>();
  for (const [layer, list] of [['grid', grids], ['micro', microGrids]] as const) {
    for (const f of list) {
      const code = f.properties.code;
      if (units.has(code)) throw new PlanError(`${code} is the code of two units in force: fix the dataset before planning`, undefined, { reason: 'duplicate-code', values: { code } });
      if (!f.geometry) throw new PlanError(`${layer === 'grid' ? 'grid' : 'micro-grid'} ${code} has no readable geometry: fix the dataset before planning`, undefined, { reason: 'bad-geometry', values: { code } });
      units.set(code, { layer, feature: f, live: true });
    }
  }
  for (const c of communities) {
    if (!c.geometry) throw new PlanError(`community ${c.properties.code} has no readable geometry: fix the dataset before planning`, undefined, { reason: 'bad-geometry', values: { code: c.properties.code } });
  }
  const topology = buildTopology({ communities, grids, microGrids }, { snapM: TOPOLOGY_SNAP_M });
  // Geometry as the topology gives it back (vertices within 1 cm merged, T-junctions noded): the draft's units are
  // the topology's from the start, so an untouched unit and its edited neighbour always share exact coordinates.
  for (const [code, rec] of units) {
    units.set(code, { ...rec, feature: { ...rec.feature, geometry: unitGeometry(topology, code) } as typeof rec.feature });
  }

  const baseCodes = new Set<string>();
  for (const f of dataset.grids.features) baseCodes.add(f.properties.code);
  for (const f of dataset.microGrids?.features ?? []) baseCodes.add(f.properties.code);
  const enterprisesIn = dataset.enterprises?.features ?? [];
  let enterpriseIndex: Flatbush | null = null;
  if (enterprisesIn.length) {
    enterpriseIndex = new Flatbush(enterprisesIn.length);
    for (const e of enterprisesIn) {
      const [x, y] = e.geometry.coordinates;
      enterpriseIndex.add(x, y, x, y);
    }
    enterpriseIndex.finish();
  }
  // Enterprises belong where their points lie (DOMAIN.md): stamp that from the start, so a move is a real move.
  const live = (layer: UnitLayer) => [...units.values()].filter((u) => u.layer === layer).map((u) => u.feature);
  const assignment = assignEnterprises(live('grid'), live('micro'), enterprisesIn);
  const enterprises = enterprisesIn.map((e) =>
    stamped(e, assignment.grid.get(e.properties.id) ?? null, assignment.microGrid.get(e.properties.id) ?? null),
  );
  const context: PlanContext = {
    base: dataset,
    effective,
    asOf,
    baseCodes,
    communityCodes: new Set(communities.map((c) => c.properties.code)),
    communityName: new Map(communities.map((c) => [c.properties.code, c.properties.name])),
    centreLat: centreLat(communities.map((c) => c.geometry)),
    enterpriseIndex,
  };
  return { context, topology, units, members: dataset.members ?? [], enterprises };
}

function centreLat(geometries: Areal[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of geometries) {
    const [, minY, , maxY] = bboxOf(g);
    lo = Math.min(lo, minY);
    hi = Math.max(hi, maxY);
  }
  return (lo + hi) / 2;
}

/** The enterprise with its gridCode / microGridCode set (the same object when nothing changes). */
function stamped(e: EnterpriseFeature, grid: string | null, micro: string | null): EnterpriseFeature {
  const p = e.properties;
  if ((p.gridCode ?? null) === grid && (p.microGridCode ?? null) === micro) return e;
  const properties = { ...p };
  if (grid) properties.gridCode = grid;
  else delete properties.gridCode;
  if (micro) properties.microGridCode = micro;
  else delete properties.microGridCode;
  return { ...e, properties };
}

type Box = Bbox;
const bboxOf = arealBbox;
const inBox = (b: Box, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** One operation being applied: the working copies and what to record for the inverse (exported for ./import-boundaries). */
export class Tx {
  topology: Topology;
  readonly units: Map<string, UnitRecord>;
  members: Member[] | null = null;
  readonly patches: TopoPatch[] = [];
  private readonly before = new Map<string, UnitRecord | undefined>();
  /** Units whose geometry the topology changed (refreshed at the end). */
  private readonly regeometry = new Set<string>();
  readonly effect: Required<OpEffect> = { added: [], retired: [], reshaped: [], cut: [], renumbered: [], renamed: [] };
  private tempSerial = 0;
  /** The topology before the operation built a whole new one (replaceTopology). */
  private replaced: Topology | null = null;
  private readonly created = new Set<string>();

  constructor(readonly state: PlanState) {
    this.topology = state.topology;
    this.units = new Map(state.units);
  }

  get ctx(): PlanContext {
    return this.state.context;
  }

  /** Codes never to give again: the dataset's (retired ones included) and the draft's. */
  readonly taken = { has: (code: string) => this.ctx.baseCodes.has(code) || this.units.has(code) };

  set(code: string, rec: UnitRecord | undefined): void {
    if (!this.before.has(code)) this.before.set(code, this.state.units.get(code));
    if (rec) this.units.set(code, rec);
    else this.units.delete(code);
  }

  edit<E extends Edit>(e: E): E {
    this.topology = e.topology;
    this.patches.push(e.inverse);
    for (const id of [...e.added, ...e.reshaped]) this.regeometry.add(id);
    return e;
  }

  /** Puts a whole new topology in place (undo restores the one before, whole). */
  replaceTopology(t: Topology): void {
    this.replaced ??= this.topology;
    this.topology = t;
  }

  /** Whether `code` was created by this operation (its geometry is read from the topology at the end). */
  isNew(code: string): boolean {
    return this.created.has(code);
  }

  /** A temporary id for a piece whose code depends on where it ends up. */
  temp(n: number): string[] {
    return Array.from({ length: n }, () => `~piece-${++this.tempSerial}`);
  }

  grid(code: string): UnitRecord & { feature: GridFeature } {
    const u = this.units.get(code);
    if (!u || u.layer !== 'grid') throw new PlanError(`grid ${code} is not in the draft`, undefined, { reason: 'unit-unknown', values: { code } });
    if (!u.live) throw new PlanError(`grid ${code} is retired (valid to ${u.feature.properties.validTo}): it cannot change`, undefined, { reason: 'unit-retired', values: { code, validTo: u.feature.properties.validTo ?? '' } });
    return u as UnitRecord & { feature: GridFeature };
  }

  micro(code: string): UnitRecord & { feature: MicroGridFeature } {
    const u = this.units.get(code);
    if (!u || u.layer !== 'micro') throw new PlanError(`micro-grid ${code} is not in the draft`, undefined, { reason: 'unit-unknown', values: { code } });
    if (!u.live) throw new PlanError(`micro-grid ${code} is retired (valid to ${u.feature.properties.validTo}): it cannot change`, undefined, { reason: 'unit-retired', values: { code, validTo: u.feature.properties.validTo ?? '' } });
    return u as UnitRecord & { feature: MicroGridFeature };
  }

  /** The community of a grid in force. */
  communityOf(grid: GridFeature): string {
    const c = communityOfGrid(grid.properties, this.ctx.communityCodes);
    if (!c) throw new PlanError(`grid ${grid.properties.code} lies in no community of the dataset`, undefined, { reason: 'no-parent', values: { code: grid.properties.code } });
    return c;
  }

  /** Micro-grids in force under a grid, by code. */
  microsOf(grid: string): string[] {
    const out: string[] = [];
    for (const [code, u] of this.units) if (u.layer === 'micro' && u.live && (u.feature as MicroGridFeature).properties.gridCode === grid) out.push(code);
    return out.sort();
  }

  /** Retires a unit: its record stays, with the geometry it had before this operation and validTo. */
  retire(code: string): void {
    const rec = this.state.units.get(code) ?? this.units.get(code)!;
    const from = rec.feature.properties.validFrom;
    if (from && parseTime(from) > parseTime(this.ctx.effective)) {
      throw new PlanError(`${code} is valid from ${from}: it cannot be retired on ${this.ctx.effective}, an earlier date`, undefined, { reason: 'retire-before-start', values: { code, validFrom: from, effective: this.ctx.effective } });
    }
    const properties = { ...rec.feature.properties, validTo: this.ctx.effective };
    this.set(code, { ...rec, live: false, feature: { ...rec.feature, properties } as typeof rec.feature });
    this.effect.retired.push(code);
  }

  /** Adds a new unit record (its geometry is read from the topology at the end). */
  create(code: string, layer: 'grid', props: Omit<GridProps, 'code' | 'validFrom' | 'validTo'>): void;
  create(code: string, layer: 'micro', props: Omit<MicroGridProps, 'code' | 'validFrom' | 'validTo'>): void;
  create(code: string, layer: UnitLayer, props: object): void {
    const properties = { code, ...props, validFrom: this.ctx.effective, validTo: null };
    const feature = { type: 'Feature', properties, geometry: null } as unknown as GridFeature;
    this.set(code, { layer, feature, live: true });
    this.regeometry.add(code);
    this.created.add(code);
    this.effect.added.push(code);
  }

  newGridProps(community: string, code: string, parents: string[]): Omit<GridProps, 'code' | 'validFrom' | 'validTo'> {
    return { name: gridName(code, this.ctx.communityName.get(community)), communityCode: community, parentCodes: parents };
  }

  newMicroProps(code: string, grid: string, parents: string[], kind?: MicroGridProps['kind']) {
    return kind ? { gridCode: grid, name: microName(code), kind, parentCodes: parents } : { gridCode: grid, name: microName(code), parentCodes: parents };
  }

  /** Members, copied on first change. */
  editMembers(): Member[] {
    if (!this.members) this.members = [...this.state.members];
    return this.members;
  }

  /** Renames waiting for the end of the operation (one topology step for all). */
  private readonly renames: Rename[] = [];

  /**
   * Gives micro-grid `from` (retired; or a temporary piece) a new code under `grid`: a new record with lineage, a
   * rename in the topology at the end of the operation (unless `rename` is false: the caller builds a topology that
   * has it under its new code), and its micro-grid leaders follow it.
   */
  recodeMicro(from: string, grid: string, rename = true): string {
    const old = this.units.get(from)!.feature as MicroGridFeature;
    const [to] = allocateCodes(grid, 1, this.taken);
    const temporary = from.startsWith('~');
    const parents = temporary ? (old.properties.parentCodes ?? []) : [from];
    if (temporary) this.set(from, undefined);
    else this.retire(from);
    this.create(to, 'micro', this.newMicroProps(to, grid, parents, old.properties.kind));
    if (rename) this.renames.push({ id: from, newId: to, parent: grid });
    if (!temporary) {
      for (const i of this.leadersOf(from)) {
        const m = this.state.members[i];
        this.editMembers()[i] = { ...m, gridCode: grid, microGridCode: to };
      }
    }
    return to;
  }

  /** Indexes of the members leading each micro-grid, made once per operation (a county re-codes thousands). */
  private leaders: Map<string, number[]> | null = null;
  private leadersOf(micro: string): number[] {
    if (!this.leaders) {
      this.leaders = new Map();
      this.state.members.forEach((m, i) => {
        if (!m.microGridCode) return;
        const list = this.leaders!.get(m.microGridCode);
        if (list) list.push(i);
        else this.leaders!.set(m.microGridCode, [i]);
      });
    }
    return this.leaders.get(micro) ?? [];
  }

  /** Which of `grids` (codes in the topology) holds the micro-grid `id`. */
  gridHolding(id: string, grids: string[]): string {
    const p = interiorPoint(unitGeometry(this.topology, id));
    if (p) for (const g of grids) if (booleanPointInPolygon(p, unitGeometry(this.topology, g))) return g;
    throw new PlanError(`micro-grid ${id} lies in none of ${grids.join(', ')}`, undefined, { reason: 'no-parent', values: { code: id } });
  }

  /** Ends the operation: geometry refreshed from the topology, enterprises re-assigned, the inverse made. */
  finish(): AppliedOp {
    if (this.renames.length) this.edit(renameUnits(this.topology, this.renames));
    for (const code of this.regeometry) {
      const rec = this.units.get(code);
      if (!rec || !rec.live) continue;
      this.set(code, { ...rec, feature: { ...rec.feature, geometry: unitGeometry(this.topology, code) } as typeof rec.feature });
    }
    const touched = [...this.before.keys()].filter((c) => !c.startsWith('~'));
    const { enterprises, changed } = reassign(this.state, this.units, touched);
    const reshaped = new Set<string>(this.effect.reshaped);
    for (const code of this.regeometry) {
      const rec = this.units.get(code);
      if (rec?.live && this.state.units.get(code)?.live) reshaped.add(code);
    }
    const effect: OpEffect = { added: this.effect.added, retired: this.effect.retired, reshaped: [...reshaped].sort() };
    if (this.effect.cut.length) effect.cut = this.effect.cut;
    if (this.effect.renumbered.length) effect.renumbered = this.effect.renumbered;
    if (this.effect.renamed.length) effect.renamed = this.effect.renamed;
    const inverse: PlanInverse = { patches: this.patches, units: [...this.before].filter(([c]) => !c.startsWith('~')), enterprises: changed };
    if (this.members) inverse.members = this.state.members;
    if (this.replaced) inverse.topology = this.replaced;
    const state: PlanState = {
      context: this.ctx,
      topology: this.topology,
      units: this.units,
      members: this.members ?? this.state.members,
      enterprises,
    };
    return { state, inverse, effect, touched };
  }
}

/**
 * Re-assigns the enterprises an operation can have moved: those in the bounding box of a touched unit, before or
 * after. Each keeps its unit if that is untouched and in force (its geometry did not change), else goes to the
 * touched unit in force containing its point, the lowest code on a shared border (DOMAIN.md).
 */
function reassign(
  state: PlanState,
  units: ReadonlyMap<string, UnitRecord>,
  touched: string[],
): { enterprises: readonly EnterpriseFeature[]; changed: [number, EnterpriseFeature][] } {
  const index = state.context.enterpriseIndex;
  const changed: [number, EnterpriseFeature][] = [];
  if (!index || touched.length === 0) return { enterprises: state.enterprises, changed };
  const touchedSet = new Set(touched);
  const liveTouched: Record<UnitLayer, { code: string; g: Areal; box: Box }[]> = { grid: [], micro: [] };
  const candidates = new Set<number>();
  for (const code of touched) {
    for (const rec of [state.units.get(code), units.get(code)]) {
      if (!rec?.feature.geometry) continue;
      const [a, b, c, d] = bboxOf(rec.feature.geometry);
      for (const i of index.search(a, b, c, d)) candidates.add(i);
    }
    const now = units.get(code);
    if (now?.live && now.feature.geometry) liveTouched[now.layer].push({ code, g: now.feature.geometry, box: bboxOf(now.feature.geometry) });
  }
  const locate = (layer: UnitLayer, p: number[], current: string | null): string | null => {
    const cur = current ? units.get(current) : undefined;
    let best = cur?.live && !touchedSet.has(current!) ? current : null;
    for (const u of liveTouched[layer]) {
      if (best !== null && u.code > best) continue;
      if (inBox(u.box, p[0], p[1]) && booleanPointInPolygon(p, u.g)) best = u.code;
    }
    return best;
  };
  let enterprises: EnterpriseFeature[] | null = null;
  for (const i of [...candidates].sort((a, b) => a - b)) {
    const e = state.enterprises[i];
    const p = e.geometry.coordinates;
    const next = stamped(e, locate('grid', p, e.properties.gridCode ?? null), locate('micro', p, e.properties.microGridCode ?? null));
    if (next === e) continue;
    enterprises ??= [...state.enterprises];
    enterprises[i] = next;
    changed.push([i, e]);
  }
  return { enterprises: enterprises ?? state.enterprises, changed };
}

/** The vertex within 1 cm of a point, or a PlanError naming the point. */
function vertexAt(t: Topology, at: LonLat): number {
  const v = findVertex(t, at, TOPOLOGY_SNAP_M);
  if (v < 0) throw new PlanError(`no vertex within ${TOPOLOGY_SNAP_M * 100} cm of [${at[0]}, ${at[1]}]`, at, { reason: 'vertex-not-found', values: { lon: at[0], lat: at[1] } });
  return v;
}

/**
 * Applies one operation. Pure: `state` is left as it was; a PlanError (nothing changed) when the operation cannot
 * apply — a grid that is not in force, a split line that does not cross the grid, grids that do not touch, a
 * vertex that is not there.
 * @example const { state: next, inverse, effect } = applyOp(state, { op: 'merge', grids: ['330424002012001', '330424002012002'] })
 */
export function applyOp(state: PlanState, op: PlanOp): AppliedOp {
  const tx = new Tx(state);
  switch (op.op) {
    case 'move-vertex':
      tx.edit(moveVertices(tx.topology, [{ vertex: vertexAt(tx.topology, op.from), to: op.to }]));
      break;
    case 'move-vertices': {
      const seen = new Set<number>();
      const moves = op.moves.map((m) => {
        const vertex = vertexAt(tx.topology, m.from);
        if (seen.has(vertex)) throw new PlanError(`two moves name the same vertex at [${m.from[0]}, ${m.from[1]}]`, m.from, { reason: 'bad-op' });
        seen.add(vertex);
        return { vertex, to: m.to };
      });
      tx.edit(moveVertices(tx.topology, moves));
      break;
    }
    case 'insert-vertex':
      tx.edit(insertVertex(tx.topology, op.at));
      break;
    case 'delete-vertex':
      tx.edit(deleteVertex(tx.topology, vertexAt(tx.topology, op.at)));
      break;
    case 'split':
      splitGrid(tx, op.grid, op.line);
      break;
    case 'merge': {
      const grids = op.grids.map((c) => tx.grid(c).feature);
      const community = tx.communityOf(grids[0]);
      for (const g of grids) {
        if (tx.communityOf(g) !== community) throw new PlanError(`grids ${grids[0].properties.code} and ${g.properties.code} are in different communities: they cannot merge`, undefined, { reason: 'different-parents', values: { code: grids[0].properties.code, other: g.properties.code } });
      }
      const micros = op.grids.flatMap((c) => tx.microsOf(c));
      const [code] = allocateCodes(community, 1, tx.taken);
      tx.edit(mergeUnits(tx.topology, op.grids, code));
      for (const c of op.grids) tx.retire(c);
      tx.create(code, 'grid', tx.newGridProps(community, code, [...op.grids]));
      for (const m of micros) tx.recodeMicro(m, code);
      break;
    }
    case 'revoke': {
      if (op.grid === op.into) throw new PlanError(`grid ${op.grid} cannot be revoked into itself`, undefined, { reason: 'same-unit', values: { code: op.grid } });
      const grid = tx.grid(op.grid).feature;
      const into = tx.grid(op.into).feature;
      if (tx.communityOf(grid) !== tx.communityOf(into)) throw new PlanError(`grid ${op.into} is in another community than ${op.grid}`, undefined, { reason: 'different-parents', values: { code: op.grid, other: op.into } });
      const micros = tx.microsOf(op.grid);
      tx.edit(mergeUnits(tx.topology, [op.grid, op.into], op.into));
      tx.retire(op.grid);
      for (const m of micros) tx.recodeMicro(m, op.into);
      break;
    }
    case 'add-microgrid': {
      tx.grid(op.grid);
      const [code] = allocateCodes(op.grid, 1, tx.taken);
      const ring = [...op.polygon];
      const [f, l] = [ring[0], ring[ring.length - 1]];
      if (f[0] !== l[0] || f[1] !== l[1]) ring.push(f);
      tx.edit(addUnit(tx.topology, { id: code, layer: 'micro', parent: op.grid, polygon: { type: 'Polygon', coordinates: [ring] } }));
      tx.create(code, 'micro', tx.newMicroProps(code, op.grid, [], op.kind));
      break;
    }
    case 'delete-microgrid':
      tx.micro(op.code);
      tx.edit(removeUnit(tx.topology, op.code));
      tx.retire(op.code);
      break;
    case 'split-microgrid': {
      const m = tx.micro(op.code).feature;
      const grid = m.properties.gridCode;
      const e = tx.edit(splitUnit(tx.topology, op.code, op.line, (n) => allocateCodes(grid, n, tx.taken)));
      tx.retire(op.code);
      for (const piece of e.pieces) tx.create(piece, 'micro', tx.newMicroProps(piece, grid, [op.code], m.properties.kind));
      break;
    }
    case 'merge-microgrids': {
      const micros = op.codes.map((c) => tx.micro(c).feature);
      const grid = micros[0].properties.gridCode;
      for (const m of micros) {
        if (m.properties.gridCode !== grid) throw new PlanError(`micro-grids ${op.codes[0]} and ${m.properties.code} are in different grids: they cannot merge`, undefined, { reason: 'different-parents', values: { code: op.codes[0], other: m.properties.code } });
      }
      const [code] = allocateCodes(grid, 1, tx.taken);
      tx.edit(mergeUnits(tx.topology, op.codes, code));
      for (const c of op.codes) tx.retire(c);
      const kinds = new Set(micros.map((m) => m.properties.kind));
      tx.create(code, 'micro', tx.newMicroProps(code, grid, [...op.codes], kinds.size === 1 ? micros[0].properties.kind : undefined));
      break;
    }
    case 'set-microgrid-kind': {
      const rec = tx.micro(op.code);
      if ((rec.feature.properties.kind === 'park') === (op.kind === 'park')) {
        throw new PlanError(`micro-grid ${op.code} is ${op.kind === 'park' ? 'already' : 'not'} a park`, undefined, { reason: 'no-change', values: { code: op.code } });
      }
      const properties = { ...rec.feature.properties };
      if (op.kind) properties.kind = op.kind;
      else delete properties.kind;
      tx.set(op.code, { ...rec, feature: { ...rec.feature, properties } });
      break;
    }
    case 'assign-member': {
      const i = state.members.findIndex((m) => m.id === op.memberId);
      if (i < 0) throw new PlanError(`member ${op.memberId} is not in members.json`, undefined, { reason: 'unit-unknown', values: { code: op.memberId } });
      tx.grid(op.gridCode);
      if (op.microGridCode !== undefined) {
        const m = tx.micro(op.microGridCode).feature;
        if (m.properties.gridCode !== op.gridCode) throw new PlanError(`micro-grid ${op.microGridCode} is not in grid ${op.gridCode}`, undefined, { reason: 'micro-not-in-grid', values: { code: op.microGridCode, grid: op.gridCode } });
      }
      const before = state.members[i];
      if (before.gridCode === op.gridCode && before.role === op.role && (before.microGridCode ?? undefined) === op.microGridCode) {
        throw new PlanError(`member ${op.memberId} already has that role there`, undefined, { reason: 'no-change', values: { code: op.memberId } });
      }
      const member: Member = { ...before, gridCode: op.gridCode, role: op.role };
      if (op.microGridCode) member.microGridCode = op.microGridCode;
      else delete member.microGridCode;
      tx.editMembers()[i] = member;
      // The grids (and micro-grids) on both sides change figures: mark them touched without changing them.
      for (const code of [before.gridCode, before.microGridCode, op.gridCode, op.microGridCode]) {
        const rec = code ? tx.units.get(code) : undefined;
        if (code && rec) tx.set(code, rec);
      }
      break;
    }
    case 'import-boundaries':
      importBoundaries(tx, op);
      break;
    default: {
      const never: never = op;
      throw new PlanError(`unknown operation ${JSON.stringify((never as { op: unknown }).op)}`, undefined, { reason: 'bad-op' });
    }
  }
  return tx.finish();
}

/**
 * Split: the grid into pieces with new codes; micro-grids the line cuts are split first (their pieces and the
 * uncut ones then get new codes under the piece they lie in).
 */
function splitGrid(tx: Tx, code: string, line: LonLat[]): void {
  const grid = tx.grid(code).feature;
  const community = tx.communityOf(grid);
  const micros = tx.microsOf(code);
  const e = tx.edit(splitUnit(tx.topology, code, line, (n) => allocateCodes(community, n, tx.taken)));
  tx.retire(code);
  for (const piece of e.pieces) tx.create(piece, 'grid', tx.newGridProps(community, piece, [code]));
  // The micro-grids, in code order, each cut one first; every resulting piece then finds its grid.
  const toPlace: string[] = [];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of line) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  for (const m of micros) {
    // A trial split per micro-grid costs a split: skip those the line's box does not reach.
    const [a, b, c, d] = bboxOf(tx.units.get(m)!.feature.geometry);
    if (a > x1 || c < x0 || b > y1 || d < y0 || !cuts(tx.topology, m, line)) {
      toPlace.push(m);
      continue;
    }
    const rec = tx.units.get(m)!;
    const split = tx.edit(splitUnit(tx.topology, m, line, (n) => tx.temp(n)));
    tx.retire(m);
    tx.effect.cut.push(m);
    for (const piece of split.pieces) {
      const props = { ...rec.feature.properties, parentCodes: [m] } as MicroGridProps;
      // A temporary record, replaced by its coded one in recodeMicro.
      tx.set(piece, { layer: 'micro', live: true, feature: { type: 'Feature', properties: props, geometry: rec.feature.geometry } as MicroGridFeature });
      toPlace.push(piece);
    }
  }
  for (const m of toPlace) tx.recodeMicro(m, tx.gridHolding(m, e.pieces));
}

/**
 * Takes an operation back: the state before it (equal in every record, the topology's coordinates exactly).
 * @example const back = revertOp(next, inverse)
 */
export function revertOp(state: PlanState, inverse: PlanInverse): PlanState {
  let topology = state.topology;
  for (let i = inverse.patches.length - 1; i >= 0; i--) topology = applyPatch(topology, inverse.patches[i]);
  if (inverse.topology) topology = inverse.topology;
  const units = new Map(state.units);
  for (const [code, rec] of inverse.units) {
    if (rec) units.set(code, rec);
    else units.delete(code);
  }
  let enterprises = state.enterprises;
  if (inverse.enterprises.length) {
    const copy = [...enterprises];
    for (const [i, e] of inverse.enterprises) copy[i] = e;
    enterprises = copy;
  }
  return { context: state.context, topology, units, members: inverse.members ?? state.members, enterprises };
}

/** The units in force of one layer, in file order (features as they are: never mutate them). */
export function liveFeatures(state: PlanState, layer: 'grid'): GridFeature[];
export function liveFeatures(state: PlanState, layer: 'micro'): MicroGridFeature[];
export function liveFeatures(state: PlanState, layer: UnitLayer): (GridFeature | MicroGridFeature)[] {
  const out: (GridFeature | MicroGridFeature)[] = [];
  for (const u of state.units.values()) if (u.layer === layer && u.live) out.push(u.feature);
  return out;
}
