/**
 * `import-boundaries` (issue 15): every grid, or every micro-grid, in force replaced in one step by the boundaries
 * of an imported file. Codes are identity (DOMAIN.md): a unit whose code is in force stays that unit (reshaped when
 * its shape differs, renamed when the file names it otherwise); a unit in force that the file lacks is retired; every
 * other unit is new. A new unit keeps the file's code when it is a well-formed code under the unit's parent that
 * the dataset never used; otherwise the core allocates one and says so (`effect.renumbered`): codes are never given
 * twice.
 *
 * The step rebuilds the topology from the units in force afterwards (one build, as when a draft starts), so shared
 * borders are shared again even where the file's neighbours disagreed by less than the snap distance; undo puts the
 * whole previous topology back. Micro-grids follow new grids as in a merge: each goes to the grid its interior point
 * lies in, under a new code when that grid is another one, retired when it lies in none. Members keep their places,
 * as in a merge; micro-grid leaders follow their micro-grid.
 */
import intersect from '@turf/intersect';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Position } from 'geojson';
import type { Areal, GridFeature, MicroGridFeature } from '../../domain/types';
import { isGridCode, isMicroGridCode } from '../../domain/codes';
import { allocateCodes } from '../../domain/plan/codes';
import { PlanError, type BoundaryUnit, type PlanOp } from '../../domain/plan/types';
import { TOPOLOGY_SNAP_M } from '../../domain/rules';
import { arealBbox, type Bbox } from '../areal-bbox';
import { buildTopology, unitGeometry } from '../topology';
import { arealArea } from './area';
import { communityOfGrid } from '../coverage/validate-coverage';
import { polygonsOf } from '../coverage/segments';
import { metresPerDegreeAt } from '../projection';
import { interiorPoint } from './interior-point';
import { sameShape } from './same-shape';
import type { Tx, UnitLayer, UnitRecord } from './engine';

type ImportOp = Extract<PlanOp, { op: 'import-boundaries' }>;

/** An overlap smaller than this (m²) does not make an old grid a parent of a new one: a border drawn twice. */
const PARENT_OVERLAP_M2 = 1;

interface Placed {
  code: string;
  geometry: Areal;
  box: Bbox;
}

const placed = (code: string, geometry: Areal): Placed => ({ code, geometry, box: arealBbox(geometry) });

/** The lowest code among `units` whose area holds `p` (DOMAIN.md: a point on a shared border goes to the lowest). */
function holding(units: readonly Placed[], p: [number, number] | null): string | null {
  if (!p) return null;
  let best: string | null = null;
  for (const u of units) {
    const [a, b, c, d] = u.box;
    if (p[0] < a || p[0] > c || p[1] < b || p[1] > d) continue;
    if ((best === null || u.code < best) && booleanPointInPolygon(p, u.geometry)) best = u.code;
  }
  return best;
}

/** Whether segments p1–p2 and q1–q2 cross at a point inside both (not at an end, not along each other). */
function properlyCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const side = (a: Position, b: Position, c: Position) =>
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const d1 = side(q1, q2, p1);
  const d2 = side(q1, q2, p2);
  const d3 = side(p1, p2, q1);
  const d4 = side(p1, p2, q2);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * Whether the interiors of `a` and `b` may meet: an interior point of one strictly inside the other, a vertex of one
 * strictly inside the other, or two edges crossing. False for units that only share borders (neighbours), which
 * are most pairs whose boxes overlap; the area of what they share is then measured only for the others.
 */
function interiorsMeet(a: Areal, b: Areal): boolean {
  const strictlyIn = (p: Position | null, g: Areal) =>
    !!p && booleanPointInPolygon(p, g, { ignoreBoundary: true });
  if (strictlyIn(interiorPoint(a), b) || strictlyIn(interiorPoint(b), a)) return true;
  const ringsA = polygonsOf(a).flat();
  const ringsB = polygonsOf(b).flat();
  for (const ring of ringsA) for (const v of ring) if (strictlyIn(v, b)) return true;
  for (const ring of ringsB) for (const v of ring) if (strictlyIn(v, a)) return true;
  for (const ra of ringsA) {
    for (let i = 0; i + 1 < ra.length; i++) {
      const [p1, p2] = [ra[i], ra[i + 1]];
      const [x0, x1] = p1[0] < p2[0] ? [p1[0], p2[0]] : [p2[0], p1[0]];
      const [y0, y1] = p1[1] < p2[1] ? [p1[1], p2[1]] : [p2[1], p1[1]];
      for (const rb of ringsB) {
        for (let j = 0; j + 1 < rb.length; j++) {
          const [q1, q2] = [rb[j], rb[j + 1]];
          if (Math.max(q1[0], q2[0]) < x0 || Math.min(q1[0], q2[0]) > x1) continue;
          if (Math.max(q1[1], q2[1]) < y0 || Math.min(q1[1], q2[1]) > y1) continue;
          if (properlyCross(p1, p2, q1, q2)) return true;
        }
      }
    }
  }
  return false;
}

/** Codes of `olds` whose area overlaps `g` by more than PARENT_OVERLAP_M2, sorted. */
function overlapping(g: Areal, olds: readonly Placed[], lat: number): string[] {
  const [a, b, c, d] = arealBbox(g);
  const out: string[] = [];
  for (const o of olds) {
    const [e, f, h, i] = o.box;
    if (e > c || h < a || f > d || i < b) continue;
    // The same unit redrawn (a projection and back) is its parent without measuring; neighbours are not.
    if (closeTo(g, o.geometry, lat)) {
      out.push(o.code);
      continue;
    }
    if (!interiorsMeet(g, o.geometry)) continue;
    const common = intersect({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: g },
        { type: 'Feature', properties: {}, geometry: o.geometry },
      ],
    });
    if (common && arealArea(common.geometry, lat) > PARENT_OVERLAP_M2) out.push(o.code);
  }
  return out.sort();
}

/**
 * Same polygons and rings (in the same order), each ring the same closed loop of vertices, every vertex within
 * TOPOLOGY_SNAP_M of its counterpart, whatever the ring's start and direction (a Shapefile turns outer rings
 * clockwise).
 */
function closeTo(a: Areal, b: Areal, lat: number): boolean {
  const pa = polygonsOf(a);
  const pb = polygonsOf(b);
  if (pa.length !== pb.length) return false;
  const [kx, ky] = metresPerDegreeAt(lat);
  const limit = TOPOLOGY_SNAP_M * TOPOLOGY_SNAP_M;
  const near = (p: Position, q: Position) => ((p[0] - q[0]) * kx) ** 2 + ((p[1] - q[1]) * ky) ** 2 <= limit;
  const sameRing = (ra: Position[], rb: Position[]): boolean => {
    const n = ra.length - 1; // closed rings: the last vertex repeats the first
    if (rb.length - 1 !== n || n < 3) return false;
    for (let start = 0; start < n; start++) {
      if (!near(ra[0], rb[start])) continue;
      for (const dir of [1, -1]) {
        let k = 1;
        while (k < n && near(ra[k], rb[(((start + dir * k) % n) + n) % n])) k++;
        if (k === n) return true;
      }
    }
    return false;
  };
  for (let i = 0; i < pa.length; i++) {
    if (pa[i].length !== pb[i].length) return false;
    for (let r = 0; r < pa[i].length; r++) if (!sameRing(pa[i][r], pb[i][r])) return false;
  }
  return true;
}

const label = (u: BoundaryUnit, i: number) => `unit ${i + 1} (${u.code})`;

/**
 * The code each imported unit gets under its parent: its own when it is in force in `layer` under that parent, or
 * well-formed, under that parent and never used; else one allocated after the others are reserved.
 */
function assignCodes(
  tx: Tx,
  layer: UnitLayer,
  units: readonly BoundaryUnit[],
  parents: readonly string[],
): { codes: string[]; renumbered: { given: string; code: string }[] } {
  const wellFormed = layer === 'grid' ? isGridCode : isMicroGridCode;
  const codes: (string | null)[] = units.map((u, i) => {
    const rec = tx.units.get(u.code);
    const parentOk = u.code.length > parents[i].length && u.code.startsWith(parents[i]);
    if (rec)
      return rec.live &&
        rec.layer === layer &&
        parentOk &&
        parentOf(rec, tx.ctx.communityCodes) === parents[i]
        ? u.code
        : null;
    return wellFormed(u.code) && parentOk && !tx.taken.has(u.code) ? u.code : null;
  });
  const reserved = new Set(codes.filter((c): c is string => c !== null));
  const taken = { has: (c: string) => reserved.has(c) || tx.taken.has(c) };
  const renumbered: { given: string; code: string }[] = [];
  const out = codes.map((c, i) => {
    if (c !== null) return c;
    const [code] = allocateCodes(parents[i], 1, taken);
    reserved.add(code);
    renumbered.push({ given: units[i].code, code });
    return code;
  });
  return { codes: out, renumbered };
}

/** The parent a unit in force lies under: its grid (micro-grids), its community (grids: engine's rule). */
function parentOf(rec: UnitRecord, communityCodes: ReadonlySet<string>): string | null {
  if (rec.layer === 'micro') return (rec.feature as MicroGridFeature).properties.gridCode;
  return communityOfGrid((rec.feature as GridFeature).properties, communityCodes);
}

/**
 * Applies `import-boundaries` inside the operation `tx` (engine.applyOp). Throws PlanError, nothing changed, when a
 * unit lies in no community (grids) or no grid in force (micro-grids), or when the rebuilt topology is refused.
 */
export function importBoundaries(tx: Tx, op: ImportOp): void {
  const ctx = tx.ctx;
  const communities = ctx.base.community?.features ?? [];
  const live = (layer: UnitLayer) => [...tx.units.values()].filter((u) => u.live && u.layer === layer);
  const where = op.units.map((u) => interiorPoint(u.geometry));
  if (new Set(op.units.map((u) => u.code)).size !== op.units.length) {
    throw new PlanError('import-boundaries: a code is given twice', undefined, { reason: 'bad-op' });
  }

  // The parent of each imported unit: for a unit in force under a parent that still holds it, that parent;
  // otherwise where its interior point lies.
  let parents: string[];
  if (op.layer === 'grid') {
    const areas = communities.filter((c) => c.geometry).map((c) => placed(c.properties.code, c.geometry));
    parents = op.units.map((u, i) => {
      const found = holding(areas, where[i]);
      if (!found)
        throw new PlanError(`${label(u, i)} lies in no community of the dataset`, where[i] ?? undefined, {
          reason: 'no-parent',
          values: { code: u.code },
        });
      return found;
    });
  } else {
    const grids = live('grid').map((g) => placed(g.feature.properties.code, g.feature.geometry));
    parents = op.units.map((u, i) => {
      const found = holding(grids, where[i]);
      if (!found)
        throw new PlanError(`${label(u, i)} lies in no grid in force`, where[i] ?? undefined, {
          reason: 'no-parent',
          values: { code: u.code },
        });
      return found;
    });
  }
  const { codes, renumbered } = assignCodes(tx, op.layer, op.units, parents);
  const kept = new Set(codes.filter((c) => tx.units.get(c)?.live));

  // Units of the layer in force that the file lacks are retired, with the shape they had.
  const olds = live(op.layer);
  const retiredShapes: Placed[] = [];
  for (const rec of olds) {
    const code = rec.feature.properties.code;
    if (kept.has(code)) continue;
    retiredShapes.push(placed(code, rec.feature.geometry));
    tx.retire(code);
  }

  // The layer's units as they are after the step, with the file's geometry (the topology's comes at the end).
  const geometryOf = new Map<string, Areal>();
  op.units.forEach((u, i) => {
    const code = codes[i];
    const rec = tx.units.get(code);
    // A file that went through a projection and back (a Shapefile in a Gauss-Krüger zone) moves every vertex by a
    // fraction of a millimetre: a unit whose vertices all lie within the snap distance of its own is not redrawn.
    const same = rec?.live && closeTo(u.geometry, rec.feature.geometry, ctx.centreLat);
    geometryOf.set(code, same ? rec.feature.geometry : u.geometry);
    if (rec?.live) {
      const properties: Record<string, unknown> = { ...rec.feature.properties };
      if (u.name !== undefined && u.name !== '') properties.name = u.name;
      if (op.layer === 'micro' && u.kind) properties.kind = u.kind;
      if (JSON.stringify(properties) !== JSON.stringify(rec.feature.properties)) {
        tx.effect.renamed.push(code);
        tx.set(code, { ...rec, feature: { ...rec.feature, properties } as unknown as typeof rec.feature });
      }
      return;
    }
    const parentCodes = overlapping(u.geometry, retiredShapes, ctx.centreLat);
    if (op.layer === 'grid') {
      const props = tx.newGridProps(parents[i], code, parentCodes);
      tx.create(code, 'grid', u.name ? { ...props, name: u.name } : props);
    } else {
      const props = tx.newMicroProps(code, parents[i], parentCodes, u.kind);
      tx.create(code, 'micro', u.name ? { ...props, name: u.name } : props);
    }
  });
  if (renumbered.length) tx.effect.renumbered.push(...renumbered);

  // Micro-grids follow the new grids: each to the grid its interior point lies in now.
  if (op.layer === 'grid') {
    const grids = codes.map((c) => placed(c, geometryOf.get(c)!));
    for (const rec of live('micro')) {
      const m = rec.feature as MicroGridFeature;
      const now = holding(grids, interiorPoint(m.geometry));
      if (now === m.properties.gridCode && kept.has(now)) continue;
      if (now === null) tx.retire(m.properties.code);
      else geometryOf.set(tx.recodeMicro(m.properties.code, now, false), m.geometry);
    }
  }

  // One topology of the units in force afterwards.
  const grids: GridFeature[] = [];
  const micros: MicroGridFeature[] = [];
  for (const [code, rec] of tx.units) {
    if (!rec.live) continue;
    const geometry = geometryOf.get(code) ?? rec.feature.geometry;
    if (rec.layer === 'grid') grids.push({ ...(rec.feature as GridFeature), geometry });
    else micros.push({ ...(rec.feature as MicroGridFeature), geometry });
  }
  tx.replaceTopology(buildTopology({ communities, grids, microGrids: micros }, { snapM: TOPOLOGY_SNAP_M }));

  // Geometry from the new topology. A unit kept is reshaped when its shape changed; one whose coordinates moved
  // within the snap distance only is touched (drawn again) without being reshaped.
  for (const [code, rec] of tx.units) {
    if (!rec.live || code.startsWith('~') || rec.feature.geometry === null) continue;
    if (tx.isNew(code)) continue; // created in this step: the end of the operation reads its geometry
    const geometry = unitGeometry(tx.topology, code);
    const before = tx.state.units.get(code)?.feature.geometry;
    if (
      before &&
      JSON.stringify(before) === JSON.stringify(geometry) &&
      tx.units.get(code) === tx.state.units.get(code)
    )
      continue;
    tx.set(code, { ...rec, feature: { ...rec.feature, geometry } as typeof rec.feature });
    if (before && !sameShape(before, geometry)) tx.effect.reshaped.push(code);
  }
  const e = tx.effect;
  if (!e.renamed.length && !e.added.length && !e.retired.length && !e.reshaped.length) {
    throw new PlanError(
      `the file's ${op.layer === 'grid' ? 'grids' : 'micro-grids'} are those of the draft: nothing to change`,
      undefined,
      { reason: 'no-change', values: { code: op.source ?? '' } },
    );
  }
}
