/**
 * Moving vertices: each moved vertex moves for every unit that uses it; refused when the coverage would stop being a
 * valid planar partition (see check.ts) or when a vertex is on a community's boundary (communities are fixed).
 */
import { PlanError, type LonLat } from '../../domain/plan/types';
import { Draft } from './draft';
import { changedRegion, checkContainment, checkEdges, checkUnitShape } from './check';
import { unitsUsing } from './spatial';
import type { Edit, Topology, TopoUnit, VertexMove } from './types';

export const at = (t: Topology, v: number): LonLat => [t.xy[2 * v], t.xy[2 * v + 1]];

/** The units using each vertex; PlanError for a vertex that is not there or is on a community's boundary. */
export function movableUsers(t: Topology, v: number, what: string): TopoUnit[] {
  if (!Number.isInteger(v) || v < 0 || v >= t.vertexCount) throw new PlanError(`${what}: there is no vertex ${v}`);
  const users = unitsUsing(t, v);
  if (!users.length) throw new PlanError(`${what}: vertex ${v} is not used by any unit`, at(t, v));
  const community = users.find((u) => u.layer === 'community');
  if (community) {
    throw new PlanError(`${what}: the vertex is on the boundary of community ${community.id}, which is fixed`, at(t, v));
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
 * Moves vertices (one undo step): every unit using a moved vertex is reshaped.
 * @example moveVertices(t, [{ vertex: 17, to: [121.1002, 30.5001] }]).topology
 */
export function moveVertices(t: Topology, moves: readonly VertexMove[]): Edit {
  if (!moves.length) throw new PlanError('moveVertices: no vertex to move');
  const d = new Draft(t);
  const moved = new Set<number>();
  const users = new Map<string, TopoUnit>();
  for (const m of moves) {
    const to = m.to;
    if (!Array.isArray(to) || !Number.isFinite(to[0]) || !Number.isFinite(to[1])) {
      throw new PlanError(`moveVertices: target ${JSON.stringify(to)} of vertex ${m.vertex} is not a [lon, lat] pair`);
    }
    if (moved.has(m.vertex)) throw new PlanError(`moveVertices: vertex ${m.vertex} is moved twice`, at(t, m.vertex));
    for (const u of movableUsers(t, m.vertex, 'moveVertices')) users.set(u.id, u);
    moved.add(m.vertex);
    d.setVertex(m.vertex, to[0], to[1]);
  }
  for (const u of users.values()) d.put(u);
  const edges = edgesAt(users.values(), moved);
  checkEdges(d, edges);
  for (const u of users.values()) checkUnitShape(d, u);
  checkContainment(d, users.keys(), changedRegion(d, edges));
  return d.finish();
}
