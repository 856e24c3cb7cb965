/**
 * Adding, removing and renaming units. A drawn micro-grid is clipped to its grid and cut clear of the grid's other
 * micro-grids, then noded into the topology: its points within snap of a vertex become that vertex, those within
 * snap of an edge are put on the edge (inserted for every unit sharing it), and existing vertices lying on its edges
 * are inserted into its rings, so it shares every vertex of the borders it shares.
 */
import intersect from '@turf/intersect';
import difference from '@turf/difference';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { PlanError, type LonLat } from '../../domain/plan/types';
import { Draft } from './draft';
import { checkContainment, checkEdges, checkUnitShape } from './check';
import { insertIntoEdges, type EdgeInsert } from './edges';
import { nearestEdge, nearestVertex } from './find';
import { ringArea2, ringAreaM2, segmentDistance2 } from './geom';
import { unitGeometry, unitOf } from './geometry';
import { unitsInBox } from './spatial';
import type { Edit, Topology, TopoLayer } from './types';

export interface NewUnit {
  id: string;
  layer: 'micro';
  /** The grid it is drawn in. */
  parent: string;
  polygon: Polygon | MultiPolygon;
}

const feature = (g: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g });

/**
 * Adds a micro-grid drawn inside a grid: clipped to the grid, minus the grid's other micro-grids, noded into the
 * topology. Refused when nothing is left; the result may be in several pieces (a MultiPolygon).
 * @example addUnit(t, { id: '330424002012001003', layer: 'micro', parent: '330424002012001', polygon }).added
 */
export function addUnit(t: Topology, unit: NewUnit): Edit {
  const what = `add ${unit?.id}`;
  if (!unit || typeof unit.id !== 'string' || !unit.id) throw new PlanError('addUnit: the new unit has no code', undefined, { reason: 'bad-op' });
  if (unit.layer !== 'micro') throw new PlanError(`${what}: only micro-grids are drawn (layer ${String(unit.layer)})`, undefined, { reason: 'bad-op' });
  if (t.units.has(unit.id)) throw new PlanError(`${what}: code ${unit.id} is already in use`, undefined, { reason: 'code-taken', values: { code: unit.id } });
  const parent = unitOf(t, unit.parent);
  if (parent.layer !== 'grid') throw new PlanError(`${what}: ${unit.parent} is not a grid`, undefined, { reason: 'bad-op' });
  checkPolygon(unit.polygon, what);

  let shape: Feature<Polygon | MultiPolygon> | null;
  try {
    shape = intersect({ type: 'FeatureCollection', features: [feature(unit.polygon), feature(unitGeometry(t, parent.id))] });
    if (shape) {
      // Only the micro-grids the clipped shape's bbox meets can take anything from it.
      const [x0, y0, x1, y1] = bboxOf(shape.geometry);
      for (const m of unitsInBox(t, x0, y0, x1, y1)) {
        if (m.layer !== 'micro' || m.parent !== parent.id || !shape) continue;
        shape = difference({ type: 'FeatureCollection', features: [shape, feature(unitGeometry(t, m.id))] });
      }
    }
  } catch (e) {
    // The clipping library throws on shapes it cannot handle (a ring crossing itself in odd ways).
    throw new PlanError(`${what}: the drawn shape cannot be clipped to ${parent.id} (${e instanceof Error ? e.message : String(e)})`, undefined, { reason: 'shape-unclippable', values: { parent: parent.id } });
  }
  const polys = shape ? (shape.geometry.type === 'Polygon' ? [shape.geometry.coordinates] : shape.geometry.coordinates) : [];

  const d = new Draft(t);
  const [kx, ky] = t.metresPerDegree;
  const tol = t.snapM, tol2 = tol * tol;
  const fresh: number[] = [];
  const onEdges = new Map<string, { a: number; b: number; at: { r: number; v: number }[] }>();
  const vertexFor = (p: Position): number => {
    const near = nearestVertex(t, p as LonLat, tol);
    if (near) return near.vertex;
    for (const v of fresh) {
      const dx = (d.xy[2 * v] - p[0]) * kx, dy = (d.xy[2 * v + 1] - p[1]) * ky;
      if (dx * dx + dy * dy < tol2) return v;
    }
    const e = nearestEdge(t, p as LonLat, tol);
    const v = e ? d.addVertex(e.at[0], e.at[1]) : d.addVertex(p[0], p[1]);
    fresh.push(v);
    if (e) {
      const key = `${e.a},${e.b}`;
      const entry = onEdges.get(key) ?? onEdges.set(key, { a: e.a, b: e.b, at: [] }).get(key)!;
      entry.at.push({ r: segmentDistance2(kx, ky, e.at[0], e.at[1], t.xy[2 * e.a], t.xy[2 * e.a + 1], t.xy[2 * e.b], t.xy[2 * e.b + 1]).s, v });
    }
    return v;
  };

  const polygons: Int32Array[][] = [];
  for (const poly of polys) {
    const rings: Int32Array[] = [];
    poly.forEach((coords, k) => {
      const ids = clean(coords.map(vertexFor));
      if (ids.length < 3) return;
      const withT = clean(insertVerticesOnEdges(t, d.xy, ids));
      // Slivers the clipping leaves along a border (under a square centimetre) are dropped.
      if (withT.length < 3 || Math.abs(ringAreaM2(t, d.xy, withT)) < tol2) return;
      const a = ringArea2(d.xy, withT);
      if (k === 0 ? a < 0 : a > 0) withT.reverse();
      if (k === 0 || rings.length) rings.push(Int32Array.from(withT));
    });
    if (rings.length) polygons.push(rings);
  }
  if (!polygons.length) {
    throw new PlanError(`${what}: nothing is left of the drawn shape inside ${parent.id} once its other micro-grids are taken out`, undefined, { reason: 'shape-empty', values: { parent: parent.id } });
  }
  const inserts: EdgeInsert[] = [...onEdges.values()].map((e) => ({ a: e.a, b: e.b, ids: e.at.sort((p, q) => p.r - q.r).map((p) => p.v) }));
  const touched = insertIntoEdges(d, inserts);
  d.put({ id: unit.id, layer: 'micro' as TopoLayer, parent: parent.id, polygons });
  const edges: [number, number][] = [];
  for (const poly of polygons) for (const ring of poly) for (let i = 0; i < ring.length; i++) edges.push([ring[i], ring[(i + 1) % ring.length]]);
  checkEdges(d, edges);
  checkUnitShape(d, d.unit(unit.id)!);
  checkContainment(d, [unit.id]);
  return d.finish(touched);
}

/** Existing vertices lying within snap of a ring's edges (not at their ends), inserted in order. */
function insertVerticesOnEdges(t: Topology, xy: Float64Array, ring: number[]): number[] {
  const [kx, ky] = t.metresPerDegree;
  const tol = t.snapM, tol2 = tol * tol;
  const ex = tol / kx, ey = tol / ky;
  const out: number[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i], b = ring[(i + 1) % ring.length];
    out.push(a);
    const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
    const found = new Map<number, number>();
    for (const u of unitsInBox(t, Math.min(ax, bx) - ex, Math.min(ay, by) - ey, Math.max(ax, bx) + ex, Math.max(ay, by) + ey)) {
      for (const poly of u.polygons) for (const r of poly) {
        for (let k = 0; k < r.length; k++) {
          const v = r[k];
          if (v === a || v === b || found.has(v)) continue;
          const { d2, s } = segmentDistance2(kx, ky, t.xy[2 * v], t.xy[2 * v + 1], ax, ay, bx, by);
          if (d2 < tol2 && s > 0 && s < 1) found.set(v, s);
        }
      }
    }
    out.push(...[...found].sort((p, q) => p[1] - q[1]).map((p) => p[0]));
  }
  return out;
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    for (const p of poly[0]) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  }
  return [minX, minY, maxX, maxY];
}

function clean(ids: number[]): number[] {
  const out: number[] = [];
  for (const v of ids) if (out[out.length - 1] !== v) out.push(v);
  while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out;
}

function checkPolygon(g: Polygon | MultiPolygon, what: string): void {
  const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : null;
  if (!polys) throw new PlanError(`${what}: the shape is not a Polygon or MultiPolygon`, undefined, { reason: 'bad-op' });
  for (const poly of polys) {
    for (const ring of poly) {
      if (!Array.isArray(ring) || ring.length < 4) throw new PlanError(`${what}: a ring needs at least 3 points and the closing one`, undefined, { reason: 'bad-op' });
      for (const p of ring) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          throw new PlanError(`${what}: ${JSON.stringify(p)} is not a [lon, lat] pair of numbers`, undefined, { reason: 'bad-op' });
        }
      }
    }
  }
}

/**
 * Removes a grid or micro-grid (its area becomes a gap: for micro-grids that is allowed; grids are merged instead).
 * @example removeUnit(t, '330424002012001003').removed // ['330424002012001003']
 */
export function removeUnit(t: Topology, id: string): Edit {
  const u = unitOf(t, id);
  if (u.layer === 'community') throw new PlanError(`remove ${id}: communities are fixed`, undefined, { reason: 'community-fixed', values: { code: id } });
  const d = new Draft(t);
  d.remove(id);
  return d.finish();
}

/**
 * Gives a unit a new code (and, optionally, a new parent: a micro-grid moved under the grid it now lies in).
 * @example renameUnit(t, '330424002012001001', '330424002012004001', '330424002012004').added
 */
export function renameUnit(t: Topology, id: string, newId: string, newParent?: string): Edit {
  const what = `rename ${id}`;
  const u = unitOf(t, id);
  if (u.layer === 'community') throw new PlanError(`${what}: communities are fixed`, undefined, { reason: 'community-fixed', values: { code: id } });
  if (typeof newId !== 'string' || !newId) throw new PlanError(`${what}: no new code`, undefined, { reason: 'bad-op' });
  if (newId !== id && t.units.has(newId)) throw new PlanError(`${what}: code ${newId} is already in use`, undefined, { reason: 'code-taken', values: { code: newId } });
  const parent = newParent ?? u.parent;
  if (newParent !== undefined) {
    const p = unitOf(t, newParent);
    const want = u.layer === 'micro' ? 'grid' : 'community';
    if (p.layer !== want) throw new PlanError(`${what}: ${newParent} is not a ${want}`, undefined, { reason: 'bad-op' });
  }
  const d = new Draft(t);
  d.remove(id);
  d.put({ id: newId, layer: u.layer, parent, polygons: u.polygons });
  if (u.layer === 'micro' && parent !== u.parent) checkContainment(d, [newId]);
  return d.finish();
}
