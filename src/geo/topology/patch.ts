/**
 * Undo (and redo): applying an edit's inverse patch gives back the topology before it, coordinates exact.
 */
import { PlanError } from '../../domain/plan/types';
import type { Topology, TopoPatch, TopoUnit } from './types';
import { UnitMap } from './unit-map';

/**
 * The topology with the patch applied: vertex count restored, coordinates put back, units put back or taken out.
 * @example const undone = applyPatch(edit.topology, edit.inverse)
 */
export function applyPatch(t: Topology, patch: TopoPatch): Topology {
  const n = patch.vertexCount;
  if (!Number.isInteger(n) || n < 0) throw new PlanError(`patch: bad vertex count ${n}`, undefined, { reason: 'internal' });
  const xy = new Float64Array(Math.max(2 * n, 2));
  xy.set(t.xy.subarray(0, 2 * Math.min(n, t.vertexCount)));
  for (let i = 0; i < patch.vertexIds.length; i++) {
    const v = patch.vertexIds[i];
    if (v < 0 || v >= n) throw new PlanError(`patch: vertex ${v} is outside the vertex table (${n} vertices)`, undefined, { reason: 'internal' });
    xy[2 * v] = patch.vertexXy[2 * i];
    xy[2 * v + 1] = patch.vertexXy[2 * i + 1];
  }
  const units = UnitMap.from(t.units).with([
    ...patch.remove.map((id): [string, null] => [id, null]),
    ...patch.units.map((u): [string, TopoUnit] => [u.id, u]),
  ]);
  return { xy, vertexCount: n, units, snapM: t.snapM, metresPerDegree: t.metresPerDegree };
}
