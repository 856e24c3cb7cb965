/**
 * Inserting a vertex on an edge (into every ring sharing it) and deleting one (from every ring using it).
 */
import { PlanError, type LonLat } from '../../domain/plan/types';
import { Draft } from './draft';
import { changedRegion, checkContainment, checkEdges, checkUnitShape } from './check';
import { insertIntoEdges } from './edges';
import { nearestEdge, nearestVertex } from './find';
import { at, movableUsers } from './move';
import type { Edit, Topology } from './types';

/**
 * Inserts a vertex where `lonlat` lies on an edge (within the snap, 1 cm), at the closest point of the edge, into
 * every unit sharing that edge (community rings included: a vertex on a straight border changes no shape).
 * @example insertVertex(t, [121.1, 30.5]).reshaped // ['330424002012001', '330424002012002']
 */
export function insertVertex(t: Topology, lonlat: LonLat): Edit & { vertex: number } {
  const what = 'insertVertex';
  const near = nearestVertex(t, lonlat, t.snapM);
  if (near) throw new PlanError(`${what}: there is already a vertex here`, near.at, { reason: 'vertex-exists' });
  const e = nearestEdge(t, lonlat, t.snapM);
  if (!e) throw new PlanError(`${what}: no edge within ${t.snapM} m of the point`, lonlat, { reason: 'edge-not-found', values: { tol: t.snapM } });
  const d = new Draft(t);
  const v = d.addVertex(e.at[0], e.at[1]);
  insertIntoEdges(d, [{ a: e.a, b: e.b, ids: [v] }]);
  return { ...d.finish(), vertex: v };
}

/**
 * Deletes a vertex from every unit using it: refused on a community's boundary, at a junction where the rings do
 * not all run through the same two neighbours, when a ring would fall under 3 vertices or the new edge would cross.
 * @example deleteVertex(t, 17).reshaped // ['330424002012001', '330424002012002']
 */
export function deleteVertex(t: Topology, vertex: number): Edit {
  const what = 'deleteVertex';
  const users = movableUsers(t, vertex, what);
  let pair: [number, number] | null = null;
  const d = new Draft(t);
  for (const u of users) {
    const polygons = u.polygons.map((poly) =>
      poly.map((ring) => {
        const i = ring.indexOf(vertex);
        if (i < 0) return ring;
        if (ring.indexOf(vertex, i + 1) >= 0) throw new PlanError(`${what}: ${u.id} passes this vertex twice`, at(t, vertex), { reason: 'self-touch', values: { code: u.id } });
        const n = ring.length;
        const p = ring[(i + n - 1) % n], q = ring[(i + 1) % n];
        const here: [number, number] = p < q ? [p, q] : [q, p];
        if (!pair) pair = here;
        else if (pair[0] !== here[0] || pair[1] !== here[1]) {
          throw new PlanError(`${what}: the vertex is a junction of borders (${users.map((x) => x.id).join(', ')}); it cannot go`, at(t, vertex), { reason: 'vertex-junction', values: { units: users.map((x) => x.id).join(', ') } });
        }
        if (n - 1 < 3) throw new PlanError(`${what}: ${u.id} would have fewer than 3 vertices`, at(t, vertex), { reason: 'collapse', values: { code: u.id } });
        const out = new Int32Array(n - 1);
        out.set(ring.subarray(0, i));
        out.set(ring.subarray(i + 1), i);
        return out;
      }),
    );
    d.put({ id: u.id, layer: u.layer, parent: u.parent, polygons });
  }
  const [p, q] = pair!;
  checkEdges(d, [[p, q]]);
  for (const u of users) checkUnitShape(d, d.unit(u.id)!);
  checkContainment(d, users.map((u) => u.id), changedRegion(d, [[p, vertex], [vertex, q]]));
  return d.finish();
}
