/**
 * Rings from a set of directed edges (interior on the left): the faces of a split unit, the outline of merged units.
 * At each vertex the walk takes the outgoing edge that comes first clockwise after the edge it arrived by, so it
 * goes round each face with the face on its left. Cycles that pass a vertex twice are cut there (a pinch gives two
 * rings touching at a point, valid where a ring touching itself is not). Counter-clockwise cycles are shells,
 * clockwise ones holes; each hole goes to the smallest shell that contains it.
 */
import { PlanError } from '../../domain/plan/types';
import { pointInRing, ringArea2 } from './geom';

/**
 * Polygons (shell, then holes; vertex ids) from directed edges `from[i] → to[i]`.
 * Throws when an edge is found used both ways in one cycle (a cut that does not separate anything).
 */
export function tracePolygons(xy: Float64Array, from: number[], to: number[], what: string): Int32Array[][] {
  const out = new Map<number, number[]>();
  for (let i = 0; i < from.length; i++) {
    const list = out.get(from[i]);
    if (list) list.push(i);
    else out.set(from[i], [i]);
  }
  const used = new Uint8Array(from.length);
  const angle = (a: number, b: number) => Math.atan2(xy[2 * b + 1] - xy[2 * a + 1], xy[2 * b] - xy[2 * a]);
  const cycles: number[][] = [];
  for (let start = 0; start < from.length; start++) {
    if (used[start]) continue;
    const cycle: number[] = [];
    let e = start;
    let guard = 0;
    while (!used[e]) {
      used[e] = 1;
      cycle.push(from[e]);
      const v = to[e];
      const back = angle(v, from[e]);
      let best = -1;
      let bestTurn = Infinity;
      for (const f of out.get(v) ?? []) {
        if (used[f] && f !== start) continue;
        let turn = back - angle(v, to[f]);
        while (turn <= 0) turn += 2 * Math.PI;
        while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
        if (turn < bestTurn) {
          bestTurn = turn;
          best = f;
        }
      }
      if (best < 0) throw new PlanError(`${what}: the outline does not close (at vertex ${v})`, [xy[2 * v], xy[2 * v + 1]], { reason: 'outline-broken' });
      e = best;
      if (++guard > from.length + 1) throw new PlanError(`${what}: the outline does not close`, undefined, { reason: 'outline-broken' });
    }
    if (e !== start) throw new PlanError(`${what}: the outline does not close`, [xy[2 * from[e]], xy[2 * from[e] + 1]], { reason: 'outline-broken' });
    const seen = new Set<string>();
    for (let i = 0; i < cycle.length; i++) seen.add(`${cycle[i]},${cycle[(i + 1) % cycle.length]}`);
    for (let i = 0; i < cycle.length; i++) {
      const a = cycle[i], b = cycle[(i + 1) % cycle.length];
      if (seen.has(`${b},${a}`)) {
        throw new PlanError(`${what}: a border would have the same piece on both sides (the line does not separate it)`, [xy[2 * a], xy[2 * a + 1]], { reason: 'outline-broken' });
      }
    }
    cycles.push(...cutPinches(cycle));
  }
  const shells: { ring: number[]; area: number; holes: number[][] }[] = [];
  const holes: number[][] = [];
  for (const c of cycles) {
    if (c.length < 3) throw new PlanError(`${what}: a piece would have fewer than 3 vertices`, [xy[2 * c[0]], xy[2 * c[0] + 1]], { reason: 'outline-broken' });
    const a = ringArea2(xy, c);
    if (a > 0) shells.push({ ring: c, area: a, holes: [] });
    else if (a < 0) holes.push(c);
    else throw new PlanError(`${what}: a piece would have no area`, [xy[2 * c[0]], xy[2 * c[0] + 1]], { reason: 'outline-broken' });
  }
  for (const h of holes) {
    let best: (typeof shells)[number] | null = null;
    for (const s of shells) {
      if (best && s.area >= best.area) continue;
      if (inside(xy, h, s.ring)) best = s;
    }
    if (!best) throw new PlanError(`${what}: a hole is in no piece`, [xy[2 * h[0]], xy[2 * h[0] + 1]], { reason: 'outline-broken' });
    best.holes.push(h);
  }
  return shells.map((s) => [Int32Array.from(s.ring), ...s.holes.map((h) => Int32Array.from(h))]);
}

/** True when ring r is inside ring s (the first of its vertices, then edge middles, not on s decides). */
function inside(xy: Float64Array, r: number[], s: number[]): boolean {
  for (const v of r) {
    const side = pointInRing(xy, s, xy[2 * v], xy[2 * v + 1]);
    if (side) return side > 0;
  }
  for (let i = 0; i < r.length; i++) {
    const a = r[i], b = r[(i + 1) % r.length];
    const side = pointInRing(xy, s, (xy[2 * a] + xy[2 * b]) / 2, (xy[2 * a + 1] + xy[2 * b + 1]) / 2);
    if (side) return side > 0;
  }
  return false;
}

/** Cuts a cycle that visits a vertex twice into simple cycles. */
function cutPinches(cycle: number[]): number[][] {
  const out: number[][] = [];
  const stack: number[] = [];
  const pos = new Map<number, number>();
  for (const v of cycle) {
    const p = pos.get(v);
    if (p !== undefined) {
      const loop = stack.splice(p);
      for (const w of loop) pos.delete(w);
      out.push(loop);
    }
    pos.set(v, stack.length);
    stack.push(v);
  }
  if (stack.length) out.push(stack);
  return out;
}
