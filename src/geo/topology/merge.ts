/**
 * Merging units: the borders they share (present in both directions) cancel, the rest is chained into rings.
 */
import { PlanError } from '../../domain/plan/types';
import { Draft } from './draft';
import { tracePolygons } from './faces';
import { unitOf } from './geometry';
import type { Edit, Topology, TopoUnit } from './types';

/**
 * Merges units of one layer and one parent that are connected through shared borders into `newId` (which may be one
 * of `ids`: that unit keeps its code and now covers all of them, as a revocation needs).
 * @example mergeUnits(t, ['330424002012001', '330424002012002'], '330424002012004').added // ['330424002012004']
 */
export function mergeUnits(t: Topology, ids: readonly string[], newId: string): Edit {
  const what = `merge ${ids.join(', ')}`;
  if (!Array.isArray(ids) || ids.length < 2) throw new PlanError(`${what}: give at least 2 units to merge`, undefined, { reason: 'bad-op' });
  if (new Set(ids).size !== ids.length) throw new PlanError(`${what}: a unit is named twice`, undefined, { reason: 'same-unit', values: { code: ids.find((x, i) => ids.indexOf(x) !== i) ?? '' } });
  if (typeof newId !== 'string' || !newId) throw new PlanError(`${what}: no code for the merged unit`, undefined, { reason: 'bad-op' });
  const units: TopoUnit[] = ids.map((id) => unitOf(t, id));
  const first = units[0];
  if (first.layer === 'community') throw new PlanError(`${what}: communities are fixed`, undefined, { reason: 'community-fixed', values: { code: first.id } });
  for (const u of units) {
    if (u.layer !== first.layer) throw new PlanError(`${what}: ${u.id} is a ${u.layer}, ${first.id} a ${first.layer}`, undefined, { reason: 'different-parents', values: { code: u.id, other: first.id } });
    if (u.parent !== first.parent) {
      throw new PlanError(`${what}: ${u.id} is in ${u.parent ?? 'no parent'}, ${first.id} in ${first.parent ?? 'no parent'}`, undefined, { reason: 'different-parents', values: { code: u.id, other: first.id } });
    }
  }
  if (!ids.includes(newId) && t.units.has(newId)) throw new PlanError(`${what}: code ${newId} is already in use`, undefined, { reason: 'code-taken', values: { code: newId } });

  // Directed edges; an edge met the other way round cancels (a shared border) and links the two units.
  const open = new Map<string, number>(); // "a,b" → unit index
  const parent = units.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let k = 0; k < units.length; k++) {
    for (const poly of units[k].polygons) for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i], b = ring[(i + 1) % ring.length];
        const back = `${b},${a}`;
        const other = open.get(back);
        if (other !== undefined) {
          open.delete(back);
          parent[find(other)] = find(k);
        } else {
          const key = `${a},${b}`;
          if (open.has(key)) throw new PlanError(`${what}: ${units[open.get(key)!].id} and ${units[k].id} overlap`, [t.xy[2 * a], t.xy[2 * a + 1]], { reason: 'overlap', values: { code: units[open.get(key)!].id, other: units[k].id } });
          open.set(key, k);
        }
      }
    }
  }
  const root = find(0);
  const apart = units.filter((_, i) => find(i) !== root).map((u) => u.id);
  if (apart.length) throw new PlanError(`${what}: ${apart.join(', ')} share${apart.length === 1 ? 's' : ''} no border with ${first.id}`, undefined, { reason: 'not-adjacent', values: { codes: apart.join(', '), other: first.id } });

  const from: number[] = [];
  const to: number[] = [];
  for (const key of open.keys()) {
    const c = key.indexOf(',');
    from.push(Number(key.slice(0, c)));
    to.push(Number(key.slice(c + 1)));
  }
  const polygons = tracePolygons(t.xy, from, to, what);
  const d = new Draft(t);
  for (const id of ids) if (id !== newId) d.remove(id);
  d.put({ id: newId, layer: first.layer, parent: first.parent, polygons });
  return d.finish();
}
