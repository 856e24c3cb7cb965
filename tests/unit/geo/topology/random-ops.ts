/**
 * Random planner operations on a topology, for the property tests and the benchmark: vertex moves (one and a
 * segment), inserts, deletes, grid splits (with the micro-grids the line cuts split too and every micro-grid moved
 * under the piece that holds it, as the plan engine does), merges, revocations, micro-grids drawn, removed and
 * merged. Each step is one undo step (a list of patches to apply in reverse).
 */
import type { Feature } from 'geojson';
import type { Rng } from '../../../../src/domain/random';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../../../src/domain/types';
import { PlanError, type LonLat } from '../../../../src/domain/plan/types';
import {
  addUnit, applyPatch, cuts, deleteVertex, insertVertex, mergeUnits, moveVertices, removeUnit, renameUnit, splitUnit,
  unitGeometry, unitIds, type Edit, type Topology, type TopoPatch, type TopoUnit,
} from '../../../../src/geo/topology';
import { pointInUnit, unitAreaM2 } from '../../../../src/geo/topology/geom';
import { unitsInBox, unitsUsing } from '../../../../src/geo/topology/spatial';
import type { CoverageInput } from '../../../../src/geo/coverage/validate-coverage';

export interface Step {
  kind: string;
  topology: Topology;
  patches: TopoPatch[];
}

let serial = 500;
const fresh = (prefix: string) => (n: number) => Array.from({ length: n }, () => `${prefix}${String(++serial).padStart(3, '0')}`);

/** One composite step: edits applied in order, their patches kept. */
class Tx {
  patches: TopoPatch[] = [];
  constructor(public t: Topology) {}
  run<E extends Edit>(e: E): E {
    this.t = e.topology;
    this.patches.push(e.inverse);
    return e;
  }
}

/** Undoes a step. */
export function undo(t: Topology, patches: TopoPatch[]): Topology {
  for (let i = patches.length - 1; i >= 0; i--) t = applyPatch(t, patches[i]);
  return t;
}

const unitCache = new WeakMap<Topology, Record<string, TopoUnit[]>>();
/** A layer's units in id order (cached per topology: a county has thousands). */
const units = (t: Topology, layer: 'grid' | 'micro'): TopoUnit[] => {
  const c = unitCache.get(t) ?? unitCache.set(t, {}).get(t)!;
  return (c[layer] ??= unitIds(t, layer).map((id) => t.units.get(id)!));
};
/** A random unit of the layer (a PlanError, so another operation is drawn, when there is none). */
const anyUnit = (t: Topology, rng: Rng, layer: 'grid' | 'micro'): TopoUnit => {
  const list = units(t, layer);
  if (!list.length) throw new PlanError(`test: no ${layer} left`);
  return rng.pick(list);
};
const isFixed = (t: Topology, v: number) => unitsUsing(t, v).some((u) => u.layer === 'community');
const pt = (t: Topology, v: number): LonLat => [t.xy[2 * v], t.xy[2 * v + 1]];
const offset = (t: Topology, p: LonLat, dxM: number, dyM: number): LonLat => [p[0] + dxM / t.metresPerDegree[0], p[1] + dyM / t.metresPerDegree[1]];

/** A point strictly inside the unit, or null. */
function interior(t: Topology, rng: Rng, u: TopoUnit): LonLat | null {
  const [x0, y0, x1, y1] = u.bbox;
  for (let i = 0; i < 30; i++) {
    const p: LonLat = [rng.float(x0, x1), rng.float(y0, y1)];
    if (pointInUnit(t.xy, u, p[0], p[1]) > 0) return p;
  }
  return null;
}

/** The piece (among ids) holding the unit: every vertex inside or on it, one strictly inside. */
function holder(t: Topology, u: TopoUnit, ids: string[]): string | null {
  for (const id of ids) {
    const p = t.units.get(id)!;
    let inside = false;
    let ok = true;
    for (const poly of u.polygons) for (const ring of poly) for (const v of ring) {
      const s = pointInUnit(t.xy, p, t.xy[2 * v], t.xy[2 * v + 1]);
      if (s < 0) ok = false;
      if (s > 0) inside = true;
    }
    if (ok && inside) return id;
  }
  // A micro-grid whose every vertex is on the piece's border: test a point just inside it (an edge middle, 1 mm to
  // the left of its shell, which runs counter-clockwise).
  const r = u.polygons[0][0];
  const [kx, ky] = t.metresPerDegree;
  for (let i = 0; i < r.length; i++) {
    const a = r[i], b = r[(i + 1) % r.length];
    const dx = (t.xy[2 * b] - t.xy[2 * a]) * kx, dy = (t.xy[2 * b + 1] - t.xy[2 * a + 1]) * ky;
    const len = Math.hypot(dx, dy);
    if (len < 0.01) continue;
    const mx = (t.xy[2 * a] + t.xy[2 * b]) / 2 - (dy / len) * 0.001 / kx;
    const my = (t.xy[2 * a + 1] + t.xy[2 * b + 1]) / 2 + (dx / len) * 0.001 / ky;
    if (pointInUnit(t.xy, u, mx, my) <= 0) continue;
    for (const id of ids) if (pointInUnit(t.xy, t.units.get(id)!, mx, my) > 0) return id;
  }
  return null;
}

/** Micro-grids whose parent is `grid`. */
const childrenOf = (t: Topology, grid: string) => {
  const g = t.units.get(grid);
  if (!g) return [];
  return unitsInBox(t, g.bbox[0], g.bbox[1], g.bbox[2], g.bbox[3]).filter((m) => m.layer === 'micro' && m.parent === grid).sort((a, b) => (a.id < b.id ? -1 : 1));
};

/** Moves each micro-grid of the old grids under the new grid that holds it. */
function reparent(tx: Tx, oldGrids: string[], newGrids: string[]): void {
  for (const g of oldGrids) {
    for (const m of childrenOf(tx.t, g)) {
      const to = holder(tx.t, m, newGrids);
      if (!to) {
        throw new Error(`test: micro-grid ${m.id} of ${g} is in none of ${newGrids.join(', ')}`);
      }
      if (to !== g) tx.run(renameUnit(tx.t, m.id, fresh(to)(1)[0], to));
    }
  }
}

type Op = (t: Topology, rng: Rng) => Step;

const moveOne: Op = (t, rng) => {
  const layer = rng.chance(0.6) ? 'grid' : 'micro';
  const u = anyUnit(t, rng, layer);
  const ring = rng.pick(rng.pick(u.polygons));
  const v = ring[rng.int(0, ring.length - 1)];
  const r = layer === 'grid' ? 20 : 5;
  const e = moveVertices(t, [{ vertex: v, to: offset(t, pt(t, v), rng.float(-r, r), rng.float(-r, r)) }]);
  return { kind: 'move', topology: e.topology, patches: [e.inverse] };
};

/** A vertex dragged onto a nearby vertex (they become one) or onto a nearby edge (it joins the edge), as snapping does. */
const snapMove: Op = (t, rng) => {
  const u = anyUnit(t, rng, rng.chance(0.5) ? 'grid' : 'micro');
  const ring = rng.pick(rng.pick(u.polygons));
  const v = ring[rng.int(0, ring.length - 1)];
  const [x, y] = pt(t, v);
  const r = 12;
  const dx = r / t.metresPerDegree[0], dy = r / t.metresPerDegree[1];
  // Vertices and edge points within 12 m of v, on other rings' borders.
  const targets: [LonLat, string][] = [];
  for (const n of unitsInBox(t, x - dx, y - dy, x + dx, y + dy)) {
    for (const poly of n.polygons) for (const other of poly) {
      for (let i = 0; i < other.length; i++) {
        const w = other[i], w2 = other[(i + 1) % other.length];
        if (w === v || w2 === v) continue;
        const a = pt(t, w), b = pt(t, w2);
        if (Math.abs(a[0] - x) < dx && Math.abs(a[1] - y) < dy) targets.push([a, 'snap-vertex']);
        const s = rng.float(0.1, 0.9);
        const m: LonLat = [a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])];
        if (Math.abs(m[0] - x) < dx && Math.abs(m[1] - y) < dy) targets.push([m, 'snap-edge']);
      }
    }
  }
  if (!targets.length) throw new PlanError('test: nothing to snap to');
  const [to, kind] = rng.pick(targets);
  const e = moveVertices(t, [{ vertex: v, to }]);
  return { kind, topology: e.topology, patches: [e.inverse] };
};

const moveSegment: Op = (t, rng) => {
  const u = anyUnit(t, rng, 'grid');
  const ring = rng.pick(u.polygons)[0];
  const k = rng.int(2, 4);
  const i = rng.int(0, ring.length - 1);
  const vs = Array.from({ length: k }, (_, j) => ring[(i + j) % ring.length]).filter((v) => !isFixed(t, v));
  if (vs.length < 2) throw new PlanError('test: segment on the community boundary');
  const dx = rng.float(-8, 8), dy = rng.float(-8, 8);
  const e = moveVertices(t, vs.map((v) => ({ vertex: v, to: offset(t, pt(t, v), dx, dy) })));
  return { kind: 'move-segment', topology: e.topology, patches: [e.inverse] };
};

const insert: Op = (t, rng) => {
  const u = anyUnit(t, rng, rng.chance(0.6) ? 'grid' : 'micro');
  const ring = rng.pick(u.polygons)[0];
  const i = rng.int(0, ring.length - 1);
  const a = pt(t, ring[i]), b = pt(t, ring[(i + 1) % ring.length]);
  const s = rng.float(0.2, 0.8);
  const e = insertVertex(t, [a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])]);
  // Often drag the new vertex at once, as a planner does.
  if (rng.chance(0.5)) {
    try {
      const m = moveVertices(e.topology, [{ vertex: e.vertex, to: offset(e.topology, pt(e.topology, e.vertex), rng.float(-6, 6), rng.float(-6, 6)) }]);
      return { kind: 'insert+move', topology: m.topology, patches: [e.inverse, m.inverse] };
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
    }
  }
  return { kind: 'insert', topology: e.topology, patches: [e.inverse] };
};

const remove: Op = (t, rng) => {
  const u = anyUnit(t, rng, rng.chance(0.6) ? 'grid' : 'micro');
  const ring = rng.pick(u.polygons)[0];
  const e = deleteVertex(t, ring[rng.int(0, ring.length - 1)]);
  return { kind: 'delete-vertex', topology: e.topology, patches: [e.inverse] };
};

const split: Op = (t, rng) => {
  const g = anyUnit(t, rng, 'grid');
  let line: LonLat[];
  const style = rng.int(0, 2);
  if (style === 0) {
    // As drawn with snapping: from a vertex of the grid's ring (or the middle of an edge) to another one.
    const ring = g.polygons[0][0];
    const end = (): LonLat => {
      const i = rng.int(0, ring.length - 1);
      const a = pt(t, ring[i]);
      if (rng.chance(0.5)) return a;
      const b = pt(t, ring[(i + 1) % ring.length]);
      return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    };
    line = [end(), end()];
  } else {
    const p = interior(t, rng, g);
    if (!p) throw new PlanError('test: no interior point');
    const [x0, y0, x1, y1] = g.bbox;
    const len = Math.hypot(x1 - x0, y1 - y0);
    const a = rng.float(0, Math.PI);
    line = [[p[0] - len * Math.cos(a), p[1] - len * Math.sin(a)], [p[0] + len * Math.cos(a), p[1] + len * Math.sin(a)]];
    // Sometimes a bent line: through a second interior point.
    if (style === 2) {
      const q = interior(t, rng, g);
      if (q) line.splice(1, 0, q);
    }
  }
  const tx = new Tx(t);
  const e = tx.run(splitUnit(tx.t, g.id, line, fresh(g.parent!)));
  for (const m of childrenOf(tx.t, g.id)) {
    if (cuts(tx.t, m.id, line)) tx.run(splitUnit(tx.t, m.id, line, fresh(g.id)));
  }
  reparent(tx, [g.id], e.pieces);
  return { kind: 'split', topology: tx.t, patches: tx.patches };
};

/** A grid sharing a border with g (same community), or null. */
function neighbour(t: Topology, rng: Rng, g: TopoUnit): string | null {
  const ring = g.polygons[0][0];
  const start = rng.int(0, ring.length - 1);
  for (let k = 0; k < ring.length; k++) {
    const v = ring[(start + k) % ring.length];
    const w = ring[(start + k + 1) % ring.length];
    for (const u of unitsUsing(t, v)) {
      if (u.id !== g.id && u.layer === 'grid' && u.parent === g.parent && unitsUsing(t, w).some((x) => x.id === u.id)) return u.id;
    }
  }
  return null;
}

const merge: Op = (t, rng) => {
  const g = anyUnit(t, rng, 'grid');
  const n = neighbour(t, rng, g);
  if (!n) throw new PlanError('test: no neighbour');
  const tx = new Tx(t);
  const revoke = rng.chance(0.5);
  const into = revoke ? n : fresh(g.parent!)(1)[0];
  tx.run(mergeUnits(tx.t, [g.id, n], into));
  for (const old of [g.id, n]) {
    if (old === into) continue;
    for (const m of childrenOf(tx.t, old)) tx.run(renameUnit(tx.t, m.id, fresh(into)(1)[0], into));
  }
  return { kind: revoke ? 'revoke' : 'merge', topology: tx.t, patches: tx.patches };
};

const addMicro: Op = (t, rng) => {
  const g = anyUnit(t, rng, 'grid');
  const p = interior(t, rng, g);
  if (!p) throw new PlanError('test: no interior point');
  const w = rng.float(5, 60), h = rng.float(5, 60);
  const corners: LonLat[] = [offset(t, p, -w, -h), offset(t, p, w, -h), offset(t, p, w, h), offset(t, p, -w, h)];
  const e = addUnit(t, { id: fresh(g.id)(1)[0], layer: 'micro', parent: g.id, polygon: { type: 'Polygon', coordinates: [[...corners, corners[0]]] } });
  return { kind: 'add-micro', topology: e.topology, patches: [e.inverse] };
};

const removeMicro: Op = (t, rng) => {
  const e = removeUnit(t, anyUnit(t, rng, 'micro').id);
  return { kind: 'remove-micro', topology: e.topology, patches: [e.inverse] };
};

const mergeMicro: Op = (t, rng) => {
  const m = anyUnit(t, rng, 'micro');
  const ring = m.polygons[0][0];
  for (const v of ring) {
    for (const u of unitsUsing(t, v)) {
      if (u.id !== m.id && u.layer === 'micro' && u.parent === m.parent) {
        const e = mergeUnits(t, [m.id, u.id], fresh(m.parent!)(1)[0]);
        return { kind: 'merge-micro', topology: e.topology, patches: [e.inverse] };
      }
    }
  }
  throw new PlanError('test: no adjacent micro-grid');
};

const OPS: [Op, number][] = [
  [moveOne, 30], [snapMove, 10], [moveSegment, 10], [insert, 12], [remove, 8], [split, 12], [merge, 8], [addMicro, 10], [removeMicro, 4],
  [mergeMicro, 6],
];

/** One random step that applies (refused attempts are retried); throws after 50 refusals in a row. */
export function randomStep(t: Topology, rng: Rng, refusals: Map<string, number>): Step {
  for (let attempt = 0; attempt < 50; attempt++) {
    const op = OPS[rng.weighted(OPS.map((o) => o[1]))][0];
    try {
      return op(t, rng);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      const key = e.message.replace(/[0-9]{6,}[0-9]*/g, '…').replace(/vertex [0-9]+/g, 'vertex …');
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
    }
  }
  throw new Error('test: 50 refusals in a row');
}

/** The topology as the validator's input: every unit with its code and parent. */
export function coverageInput(t: Topology): CoverageInput {
  const f = <P>(id: string, properties: P): Feature<Areal, P> => ({ type: 'Feature', properties, geometry: unitGeometry(t, id) });
  return {
    communities: unitIds(t, 'community').map((id) => f<CommunityProps>(id, { code: id, name: id })),
    grids: unitIds(t, 'grid').map((id) => f<GridProps>(id, { code: id, name: id, communityCode: t.units.get(id)!.parent ?? undefined })),
    microGrids: unitIds(t, 'micro').map((id) => f<MicroGridProps>(id, { code: id, gridCode: t.units.get(id)!.parent! })),
  };
}

/** Sum of the areas of a layer's units (m², the topology's plane). */
export function layerArea(t: Topology, layer: 'community' | 'grid'): number {
  let s = 0;
  for (const u of t.units.values()) if (u.layer === layer) s += unitAreaM2(t, u);
  return s;
}
