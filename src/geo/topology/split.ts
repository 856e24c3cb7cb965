/**
 * Splitting a unit by a line. The line is first noded against every edge it meets (all layers): where it crosses an
 * edge a vertex is inserted into that edge for every unit sharing it, and where it passes within snap of a vertex it
 * goes through that vertex, so a line that follows existing edges reuses them and a second split with the same line
 * (a micro-grid after its grid) finds the first one's vertices. Then each run of the line inside the unit becomes a
 * border (both ways) and the unit's faces are traced: each face is a piece, holes go to the piece that holds them.
 */
import { PlanError, type LonLat } from '../../domain/plan/types';
import { Draft } from './draft';
import { checkEdges, draftUnitsInBox } from './check';
import { insertIntoEdges, type EdgeInsert } from './edges';
import { tracePolygons } from './faces';
import { edgeKey, pointInUnit, ringArea2, segmentDistance2 } from './geom';
import { unitOf } from './geometry';
import type { Edit, Topology, TopoUnit } from './types';

/** A point of the noded line: an existing vertex, a new vertex on an existing edge, or a new free vertex. */
type Node =
  | { kind: 'vertex'; v: number; x: number; y: number }
  | { kind: 'edge'; a: number; b: number; x: number; y: number }
  | { kind: 'free'; x: number; y: number };

const RANK = { vertex: 0, edge: 1, free: 2 } as const;

export function checkLine(line: readonly LonLat[], what: string): void {
  if (!Array.isArray(line) || line.length < 2) throw new PlanError(`${what}: the line needs at least 2 [lon, lat] points`, undefined, { reason: 'bad-op' });
  for (const p of line) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new PlanError(`${what}: ${JSON.stringify(p)} is not a [lon, lat] pair of numbers`, undefined, { reason: 'bad-op' });
    }
  }
}

/** The line as nodes along it, noded against the edges of every unit near it (within the box `limit`). */
function nodeLine(t: Topology, d: Draft, line: readonly LonLat[], limit: readonly number[]): Node[] {
  const [kx, ky] = t.metresPerDegree;
  const tol = t.snapM, tol2 = tol * tol;
  const ex = tol / kx, ey = tol / ky;
  const xy = d.xy;
  const nodes: Node[] = [];
  const pointNode = (x: number, y: number, near: TopoUnit[]): Node => {
    let best: Node | null = null;
    let bestD = tol2;
    for (const u of near) for (const poly of u.polygons) for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const v = ring[i];
        const dx = (xy[2 * v] - x) * kx, dy = (xy[2 * v + 1] - y) * ky;
        const d2 = dx * dx + dy * dy;
        if (d2 < bestD || (d2 === bestD && best?.kind === 'vertex' && v < best.v)) {
          bestD = d2;
          best = { kind: 'vertex', v, x: xy[2 * v], y: xy[2 * v + 1] };
        }
      }
    }
    if (best) return best;
    for (const u of near) for (const poly of u.polygons) for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i], b = ring[(i + 1) % ring.length];
        const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
        const { d2, s } = segmentDistance2(kx, ky, x, y, ax, ay, bx, by);
        if (d2 < bestD) {
          bestD = d2;
          best = { kind: 'edge', a: Math.min(a, b), b: Math.max(a, b), x: ax + s * (bx - ax), y: ay + s * (by - ay) };
        }
      }
    }
    return best ?? { kind: 'free', x, y };
  };
  for (let i = 0; i + 1 < line.length; i++) {
    const [px, py] = line[i];
    const [qx, qy] = line[i + 1];
    // Only the part of the segment within the unit's bbox matters: beyond it the line is outside the unit.
    const box: [number, number, number, number] = [
      Math.max(Math.min(px, qx) - ex, limit[0] - ex),
      Math.max(Math.min(py, qy) - ey, limit[1] - ey),
      Math.min(Math.max(px, qx) + ex, limit[2] + ex),
      Math.min(Math.max(py, qy) + ey, limit[3] + ey),
    ];
    const near = box[0] <= box[2] && box[1] <= box[3] ? draftUnitsInBox(d, box) : [];
    const events: { s: number; node: Node }[] = [];
    if (i === 0) events.push({ s: 0, node: pointNode(px, py, near) });
    events.push({ s: 1, node: pointNode(qx, qy, near) });
    const ux = (qx - px) * kx, uy = (qy - py) * ky;
    const len2 = ux * ux + uy * uy;
    if (len2 < tol2) continue;
    const seenV = new Set<number>();
    const seenE = new Set<number>();
    for (const u of near) for (const poly of u.polygons) for (const ring of poly) {
      const n = ring.length;
      for (let k = 0; k < n; k++) {
        const a = ring[k], b = ring[(k + 1) % n];
        const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
        if (Math.max(ax, bx) < box[0] || Math.min(ax, bx) > box[2] || Math.max(ay, by) < box[1] || Math.min(ay, by) > box[3]) continue;
        // A vertex within snap of the segment: the line goes through it.
        if (!seenV.has(a)) {
          seenV.add(a);
          const r = segmentDistance2(kx, ky, ax, ay, px, py, qx, qy);
          if (r.d2 < tol2) events.push({ s: r.s, node: { kind: 'vertex', v: a, x: ax, y: ay } });
        }
        const key = edgeKey(a, b);
        if (seenE.has(key)) continue;
        seenE.add(key);
        // A proper crossing with the edge, away from its ends (those are vertices within snap, found above).
        const wx = (bx - ax) * kx, wy = (by - ay) * ky;
        const den = ux * wy - uy * wx;
        if (den === 0) continue;
        const rx = (ax - px) * kx, ry = (ay - py) * ky;
        const s = (rx * wy - ry * wx) / den;
        const r = (rx * uy - ry * ux) / den;
        if (s < 0 || s > 1 || r <= 0 || r >= 1) continue;
        const x = ax + r * (bx - ax), y = ay + r * (by - ay);
        const da = ((x - ax) * kx) ** 2 + ((y - ay) * ky) ** 2;
        const db = ((x - bx) * kx) ** 2 + ((y - by) * ky) ** 2;
        if (da < tol2 || db < tol2) continue;
        events.push({ s, node: { kind: 'edge', a: Math.min(a, b), b: Math.max(a, b), x, y } });
      }
    }
    events.sort((p, q) => p.s - q.s || RANK[p.node.kind] - RANK[q.node.kind]);
    for (const { node } of events) {
      const last = nodes[nodes.length - 1];
      if (last) {
        const dx = (node.x - last.x) * kx, dy = (node.y - last.y) * ky;
        if (dx * dx + dy * dy < tol2 || (node.kind === 'vertex' && last.kind === 'vertex' && node.v === last.v)) {
          if (RANK[node.kind] < RANK[last.kind]) nodes[nodes.length - 1] = node;
          continue;
        }
      }
      nodes.push(node);
    }
  }
  return nodes;
}

interface Cut {
  nodes: Node[];
  /** Indices i of the pieces nodes[i] → nodes[i + 1] inside the unit. */
  inside: number[];
}

/** The runs of the line inside the unit; PlanError when there is none or one ends inside the unit. */
function cutOf(t: Topology, d: Draft, unit: TopoUnit, line: readonly LonLat[], what: string): Cut {
  const nodes = nodeLine(t, d, line, unit.bbox);
  const ringVertices = new Set<number>();
  const ringEdges = new Set<string>();
  for (const poly of unit.polygons) for (const ring of poly) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i], b = ring[(i + 1) % ring.length];
      ringVertices.add(a);
      ringEdges.add(a < b ? `${a},${b}` : `${b},${a}`);
    }
  }
  const onBoundary = (n: Node) =>
    (n.kind === 'vertex' && ringVertices.has(n.v)) || (n.kind === 'edge' && ringEdges.has(`${n.a},${n.b}`));
  const inside: number[] = [];
  for (let i = 0; i + 1 < nodes.length; i++) {
    const p = nodes[i], q = nodes[i + 1];
    if (p.kind === 'vertex' && q.kind === 'vertex' && ringEdges.has(p.v < q.v ? `${p.v},${q.v}` : `${q.v},${p.v}`)) continue;
    if (pointInUnit(d.xy, unit, (p.x + q.x) / 2, (p.y + q.y) / 2) > 0) inside.push(i);
  }
  if (!inside.length) throw new PlanError(`${what}: the line does not cross ${unit.id}`, line[0], { reason: 'line-misses-unit', values: { code: unit.id } });
  for (let k = 0; k < inside.length; k++) {
    const i = inside[k];
    if ((k === 0 || inside[k - 1] !== i - 1) && !onBoundary(nodes[i])) {
      throw new PlanError(`${what}: the line ends inside ${unit.id} (it must cut it from border to border)`, [nodes[i].x, nodes[i].y], { reason: 'line-ends-inside', values: { code: unit.id } });
    }
    if ((k === inside.length - 1 || inside[k + 1] !== i + 1) && !onBoundary(nodes[i + 1])) {
      throw new PlanError(`${what}: the line ends inside ${unit.id} (it must cut it from border to border)`, [nodes[i + 1].x, nodes[i + 1].y], { reason: 'line-ends-inside', values: { code: unit.id } });
    }
  }
  return { nodes, inside };
}

/**
 * True when the line passes through the unit's interior (not only along or outside its border): the unit is then to
 * be split by it, and `splitUnit` either does so or says why it cannot (a PlanError).
 * @example cuts(t, '330424002012001001', [[121.1, 30.49], [121.1, 30.51]]) // true
 */
export function cuts(t: Topology, id: string, line: readonly LonLat[]): boolean {
  checkLine(line, `cuts ${id}`);
  const unit = unitOf(t, id);
  const d = new Draft(t);
  const nodes = nodeLine(t, d, line, unit.bbox);
  for (let i = 0; i + 1 < nodes.length; i++) {
    const p = nodes[i], q = nodes[i + 1];
    if (pointInUnit(t.xy, unit, (p.x + q.x) / 2, (p.y + q.y) / 2) > 0) return true;
  }
  return false;
}

/**
 * Splits a unit by a line into pieces (ids from `allocate(n)`, ordered by the westmost vertex of each piece).
 * @example splitUnit(t, grid, [[121.1, 30.49], [121.1, 30.51]], (n) => codes(n)).pieces // ['…004', '…005']
 */
export function splitUnit(
  t: Topology,
  id: string,
  line: readonly LonLat[],
  allocate: (n: number) => string[],
): Edit & { pieces: string[] } {
  const what = `split ${id}`;
  checkLine(line, what);
  const unit = unitOf(t, id);
  if (unit.layer === 'community') throw new PlanError(`${what}: communities are fixed`, undefined, { reason: 'community-fixed', values: { code: id } });
  const d = new Draft(t);
  const { nodes, inside } = cutOf(t, d, unit, line, what);

  // Materialise the nodes the runs use: new vertices on edges (inserted for every unit sharing the edge) and free ones.
  const ids = new Map<number, number>();
  const onEdge = new Map<string, { a: number; b: number; at: { r: number; v: number }[] }>();
  const [kx, ky] = t.metresPerDegree;
  for (const i of new Set(inside.flatMap((k) => [k, k + 1]))) {
    const n = nodes[i];
    if (n.kind === 'vertex') ids.set(i, n.v);
    else {
      const v = d.addVertex(n.x, n.y);
      ids.set(i, v);
      if (n.kind === 'edge') {
        const key = `${n.a},${n.b}`;
        const e = onEdge.get(key) ?? onEdge.set(key, { a: n.a, b: n.b, at: [] }).get(key)!;
        const r = segmentDistance2(kx, ky, n.x, n.y, t.xy[2 * n.a], t.xy[2 * n.a + 1], t.xy[2 * n.b], t.xy[2 * n.b + 1]).s;
        e.at.push({ r, v });
      }
    }
  }
  const inserts: EdgeInsert[] = [...onEdge.values()].map((e) => ({ a: e.a, b: e.b, ids: e.at.sort((p, q) => p.r - q.r).map((p) => p.v) }));
  const touched = insertIntoEdges(d, inserts);

  const cutEdges: [number, number][] = inside.map((i) => [ids.get(i)!, ids.get(i + 1)!]);
  checkEdges(d, cutEdges);

  const current = d.unit(id)!;
  const from: number[] = [];
  const to: number[] = [];
  for (const poly of current.polygons) for (const ring of poly) {
    for (let i = 0; i < ring.length; i++) {
      from.push(ring[i]);
      to.push(ring[(i + 1) % ring.length]);
    }
  }
  const seen = new Set<string>();
  for (const [a, b] of cutEdges) {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    from.push(a, b);
    to.push(b, a);
  }
  const polygons = tracePolygons(d.xy, from, to, what);
  if (polygons.length < 2 || polygons.length <= unit.polygons.length) {
    throw new PlanError(`${what}: the line does not cut ${id} into pieces`, line[0], { reason: 'line-no-cut', values: { code: id } });
  }
  // A stable order: by the westmost, then southmost vertex of each piece's shell.
  const key = (p: Int32Array[]) => {
    let bx = Infinity, by = Infinity;
    for (const v of p[0]) {
      const x = d.xy[2 * v], y = d.xy[2 * v + 1];
      if (x < bx || (x === bx && y < by)) [bx, by] = [x, y];
    }
    return [bx, by, ringArea2(d.xy, p[0])];
  };
  const keyed = polygons.map((p) => ({ p, k: key(p) }));
  keyed.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2]);
  const pieces = allocatedIds(t, allocate, keyed.length, what);
  d.remove(id);
  keyed.forEach(({ p }, i) => d.put({ id: pieces[i], layer: unit.layer, parent: unit.parent, polygons: [p] }));
  const edit = d.finish(touched);
  return { ...edit, pieces };
}

/** `allocate(n)`, checked: n distinct ids, none in use. */
export function allocatedIds(t: Topology, allocate: (n: number) => string[], n: number, what: string): string[] {
  const ids = allocate(n);
  if (!Array.isArray(ids) || ids.length !== n || new Set(ids).size !== n || ids.some((x) => typeof x !== 'string' || !x)) {
    throw new PlanError(`${what}: allocate(${n}) must give ${n} distinct codes`, undefined, { reason: 'internal' });
  }
  for (const x of ids) if (t.units.has(x)) throw new PlanError(`${what}: code ${x} is already in use`, undefined, { reason: 'code-taken', values: { code: x } });
  return ids;
}
