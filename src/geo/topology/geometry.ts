/**
 * Reading units out of the topology as GeoJSON: rings closed, shells counter-clockwise, holes clockwise (RFC 7946),
 * every shared vertex written with the very same numbers on both sides.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { PlanError } from '../../domain/plan/types';
import type { Topology, TopoLayer, TopoUnit } from './types';

/**
 * A unit's geometry: a Polygon, or a MultiPolygon when it has several polygons.
 * @example unitGeometry(t, '330424002012001') // { type: 'Polygon', coordinates: [[[121.1, 30.5], …]] }
 */
export function unitGeometry(t: Topology, id: string): Polygon | MultiPolygon {
  const u = unitOf(t, id);
  const ring = (r: Int32Array): Position[] => {
    const out: Position[] = new Array(r.length + 1);
    for (let i = 0; i < r.length; i++) out[i] = [t.xy[2 * r[i]], t.xy[2 * r[i] + 1]];
    out[r.length] = out[0].slice();
    return out;
  };
  const polys = u.polygons.map((p) => p.map(ring));
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

/**
 * The ids of a layer's units, sorted.
 * @example unitIds(t, 'grid') // ['330424002012001', …]
 */
export function unitIds(t: Topology, layer: TopoLayer): string[] {
  const out: string[] = [];
  for (const u of t.units.values()) if (u.layer === layer) out.push(u.id);
  return out.sort();
}

/**
 * The unit with this id; a PlanError when there is none.
 * @example unitOf(t, '330424002012001').layer // 'grid'
 */
export function unitOf(t: Topology, id: string): TopoUnit {
  const u = t.units.get(id);
  if (!u) throw new PlanError(`no unit ${id} in the topology`, undefined, { reason: 'unit-unknown', values: { code: id } });
  return u;
}

/**
 * The coordinates of a vertex.
 * @example vertexAt(t, 0) // [121.1, 30.5]
 */
export function vertexAt(t: Topology, v: number): [number, number] {
  if (!Number.isInteger(v) || v < 0 || v >= t.vertexCount) throw new PlanError(`no vertex ${v} in the topology`, undefined, { reason: 'vertex-not-found' });
  return [t.xy[2 * v], t.xy[2 * v + 1]];
}
