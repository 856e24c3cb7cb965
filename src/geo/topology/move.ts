/**
 * Moving vertices: each moved vertex moves for every unit that uses it; refused when the coverage would stop being a
 * valid planar partition (see check.ts) or when a vertex is on a community's boundary (communities are fixed).
 */
import { PlanError, type LonLat } from '../../domain/plan/types';
import { Draft } from './draft';
import { changedRegion, checkContainment, checkEdges, checkUnitShape } from './check';
import { insertIntoEdges } from './edges';
import { nearestEdge, nearestVertex } from './find';
import { edgeKey, segmentDistance2 } from './geom';
import { unitsUsing } from './spatial';
import type { Edit, Topology, TopoUnit, VertexMove } from './types';

export const at = (t: Topology, v: number): LonLat => [t.xy[2 * v], t.xy[2 * v + 1]];

/** The units using each vertex; PlanError for a vertex that is not there or is on a community's boundary. */
export function movableUsers(t: Topology, v: number, what: string): TopoUnit[] {
  if (!Number.isInteger(v) || v < 0 || v >= t.vertexCount) throw new PlanError(`${what}: there is no vertex ${v}`, undefined, { reason: 'vertex-not-found' });
  const users = unitsUsing(t, v);
  if (!users.length) throw new PlanError(`${what}: vertex ${v} is not used by any unit`, at(t, v), { reason: 'vertex-not-found' });
  const community = users.find((u) => u.layer === 'community');
  if (community) {
    throw new PlanError(`${what}: the vertex is on the boundary of community ${community.id}, which is fixed`, at(t, v), { reason: 'community-vertex', values: { code: community.id } });
  }
  return users;
}

/** The edges of the units' rings that touch any of the vertices, each once. */
export function edgesAt(units: Iterable<TopoUnit>, vertices: Set<number>): [number, number][] {
  const seen = new Set<string>();
  const out: [number, number][] = [];
  for (const u of units) {
    for (const poly of u.polygons) {
      for (const ring of poly) {
        const n = ring.length;
        for (let i = 0; i < n; i++) {
          const a = ring[i], b = ring[(i + 1) % n];
          if (!vertices.has(a) && !vertices.has(b)) continue;
          const k = a < b ? `${a},${b}` : `${b},${a}`;
          if (seen.has(k)) continue;
          seen.add(k);
          out.push([a, b]);
        }
      }
    }
  }
  return out;
}

/**
 * Moves vertices (one undo step): every unit using a moved vertex is reshaped. A vertex dropped within the snap
 * (1 cm) of another vertex becomes that vertex (the rings that used it now use the other); one dropped within the
 * snap of an edge is put on the edge and inserted into every ring sharing it, as building the topology nodes such
 * T-junctions. Then the result is checked (check.ts) and refused as a whole if anything would cross or fold.
 * @example moveVertices(t, [{ vertex: 17, to: [121.1002, 30.5001] }]).topology
 */
export function moveVertices(t: Topology, moves: readonly VertexMove[]): Edit {
  if (!moves.length) throw new PlanError('moveVertices: no vertex to move', undefined, { reason: 'bad-op' });
  const d = new Draft(t);
  const moved = new Set<number>();
  const users = new Map<string, TopoUnit>();
  for (const m of moves) {
    const to = m.to;
    if (!Array.isArray(to) || !Number.isFinite(to[0]) || !Number.isFinite(to[1])) {
      throw new PlanError(`moveVertices: target ${JSON.stringify(to)} of vertex ${m.vertex} is not a [lon, lat] pair`, undefined, { reason: 'bad-op' });
    }
    if (moved.has(m.vertex)) throw new PlanError(`moveVertices: vertex ${m.vertex} is moved twice`, at(t, m.vertex), { reason: 'bad-op' });
    for (const u of movableUsers(t, m.vertex, 'moveVertices')) users.set(u.id, u);
    moved.add(m.vertex);
  }
  // Snapping: onto a vertex that stays, or onto an edge whose ends stay.
  const merge = new Map<number, number>();
  const onEdge = new Map<number, { a: number; b: number; at: { r: number; v: number }[] }>();
  const [kx, ky] = t.metresPerDegree;
  for (const m of moves) {
    const v = m.vertex;
    let to: LonLat = [m.to[0], m.to[1]];
    const nv = nearestVertex(t, to, t.snapM);
    if (nv && nv.vertex !== v && !moved.has(nv.vertex)) {
      merge.set(v, nv.vertex);
      to = nv.at;
    } else if (!nv || nv.vertex !== v) {
      const ne = nearestEdge(t, to, t.snapM);
      if (ne && ne.a !== v && ne.b !== v && !moved.has(ne.a) && !moved.has(ne.b)) {
        to = ne.at;
        const key = edgeKey(ne.a, ne.b);
        const e = onEdge.get(key) ?? onEdge.set(key, { a: ne.a, b: ne.b, at: [] }).get(key)!;
        e.at.push({ r: segmentDistance2(kx, ky, to[0], to[1], t.xy[2 * ne.a], t.xy[2 * ne.a + 1], t.xy[2 * ne.b], t.xy[2 * ne.b + 1]).s, v });
      }
    }
    d.setVertex(v, to[0], to[1]);
  }
  for (const u of users.values()) d.put(merge.size ? mergedRings(u, merge) : u);
  const inserted = insertIntoEdges(
    d,
    [...onEdge.values()].map((e) => ({ a: e.a, b: e.b, ids: e.at.sort((p, q) => p.r - q.r).map((p) => p.v) })),
  );
  const changed = new Set([...users.keys(), ...inserted]);
  const changedUnits = [...changed].map((id) => d.unit(id)!);
  const ends = new Set([...moved, ...merge.values()]);
  const edges = edgesAt(changedUnits, ends);
  checkEdges(d, edges);
  for (const u of changedUnits) checkUnitShape(d, u);
  checkContainment(d, changed, changedRegion(d, [...edges, ...edgesAt(users.values(), moved)]));
  return d.finish();
}

/** The unit with each merged vertex replaced by the one it snapped to; refused when a ring collapses or pinches. */
function mergedRings(u: TopoUnit, merge: Map<number, number>): TopoUnit {
  const polygons = u.polygons.map((poly) =>
    poly.map((ring) => {
      const out: number[] = [];
      for (const v of ring) {
        const w = merge.get(v) ?? v;
        if (out[out.length - 1] !== w) out.push(w);
      }
      while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
      if (out.length < 3) throw new PlanError(`moveVertices: ${u.id} would collapse`, undefined, { reason: 'collapse', values: { code: u.id } });
      if (new Set(out).size !== out.length) throw new PlanError(`moveVertices: ${u.id} would touch itself at a vertex`, undefined, { reason: 'self-touch', values: { code: u.id } });
      return Int32Array.from(out);
    }),
  );
  return { ...u, polygons };
}
