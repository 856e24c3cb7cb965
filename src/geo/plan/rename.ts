/**
 * New codes for units that keep their shape (micro-grids following their grid after a split, merge or revocation):
 * one topology step for all of them. Only ids and parents change, so the vertex table is shared, not copied (the
 * topology never mutates it), and the inverse patch puts the old units back.
 */
import { PlanError } from '../../domain/plan/types';
import type { Edit, Topology, TopoPatch } from '../topology';

export interface Rename {
  id: string;
  newId: string;
  /** The new parent (a micro-grid's grid code). */
  parent: string;
}

/**
 * @example renameUnits(t, [{ id: '330424002012001003', newId: '330424002012012001', parent: '330424002012012' }])
 */
export function renameUnits(t: Topology, renames: readonly Rename[]): Edit {
  const units = new Map(t.units);
  const old = renames.map((r) => {
    const u = t.units.get(r.id);
    if (!u) throw new PlanError(`rename: there is no unit ${r.id}`, undefined, { reason: 'unit-unknown', values: { code: r.id } });
    return u;
  });
  for (const r of renames) units.delete(r.id);
  renames.forEach((r, i) => {
    if (units.has(r.newId)) throw new PlanError(`rename: ${r.newId} is already a unit`, undefined, { reason: 'code-taken', values: { code: r.newId } });
    units.set(r.newId, { ...old[i], id: r.newId, parent: r.parent });
  });
  const inverse: TopoPatch = {
    vertexCount: t.vertexCount,
    vertexIds: new Int32Array(0),
    vertexXy: new Float64Array(0),
    units: old,
    remove: renames.map((r) => r.newId),
  };
  return {
    topology: { ...t, units },
    inverse,
    added: renames.map((r) => r.newId),
    removed: renames.map((r) => r.id),
    reshaped: [],
  };
}
