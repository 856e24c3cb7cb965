/**
 * Small planar helpers on the vertex table: signed areas, point in ring, distances in metres. Lon/lat are used as
 * plane coordinates (the orientation and containment tests do not care about scale); distances are scaled to metres
 * by the topology's metres per degree.
 */
import { orientation } from '../coverage/orientation';
import type { Topology, TopoUnit } from './types';

/** Twice the signed area of a ring of vertex ids in degrees² (positive: counter-clockwise). */
export function ringArea2(xy: Float64Array, ring: ArrayLike<number>): number {
  const n = ring.length;
  if (n < 3) return 0;
  let s = 0;
  // Relative to the first vertex, so the products stay small and the sum exact enough.
  const x0 = xy[2 * ring[0]];
  const y0 = xy[2 * ring[0] + 1];
  for (let i = 1; i < n - 1; i++) {
    const ax = xy[2 * ring[i]] - x0;
    const ay = xy[2 * ring[i] + 1] - y0;
    const bx = xy[2 * ring[i + 1]] - x0;
    const by = xy[2 * ring[i + 1] + 1] - y0;
    s += ax * by - ay * bx;
  }
  return s;
}

/** Signed area of a ring in m² (positive: counter-clockwise). */
export function ringAreaM2(t: Topology, xy: Float64Array, ring: ArrayLike<number>): number {
  return (ringArea2(xy, ring) / 2) * t.metresPerDegree[0] * t.metresPerDegree[1];
}

/**
 * Area of a unit in m² (shells minus holes), in the topology's plane.
 * @example unitAreaM2(t, t.units.get('330424002012001')!) // 10000.2
 */
export function unitAreaM2(t: Topology, unit: TopoUnit, xy: Float64Array = t.xy): number {
  let s = 0;
  for (const poly of unit.polygons) for (const ring of poly) s += ringAreaM2(t, xy, ring);
  return s;
}

/**
 * Where (x, y) lies against a ring: 1 strictly inside, −1 strictly outside, 0 on its boundary. Exact (winding
 * number with exact orientation), whatever the ring's direction.
 */
export function pointInRing(xy: Float64Array, ring: ArrayLike<number>, x: number, y: number): number {
  const n = ring.length;
  let wn = 0;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
    if (ay <= y) {
      if (by > y) {
        const o = orientation(ax, ay, bx, by, x, y);
        if (o === 0) return 0;
        if (o > 0) wn++;
      } else if (by === y && onSegment(ax, ay, bx, by, x, y)) return 0;
    } else if (by <= y) {
      const o = orientation(ax, ay, bx, by, x, y);
      if (o === 0) return 0;
      if (o < 0) wn--;
    }
    if (ay === y && ax === x) return 0;
  }
  return wn !== 0 ? 1 : -1;
}

function onSegment(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  return (
    orientation(ax, ay, bx, by, x, y) === 0 &&
    x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by)
  );
}

/** 1 strictly inside a polygon (shell minus holes), −1 strictly outside, 0 on a ring. */
export function pointInPolygon(xy: Float64Array, poly: readonly ArrayLike<number>[], x: number, y: number): number {
  const s = pointInRing(xy, poly[0], x, y);
  if (s <= 0) return s;
  for (let h = 1; h < poly.length; h++) {
    const r = pointInRing(xy, poly[h], x, y);
    if (r === 0) return 0;
    if (r > 0) return -1;
  }
  return 1;
}

/** 1 strictly inside a unit, −1 strictly outside, 0 on its boundary. */
export function pointInUnit(xy: Float64Array, unit: TopoUnit, x: number, y: number): number {
  let on = false;
  for (const poly of unit.polygons) {
    const r = pointInPolygon(xy, poly, x, y);
    if (r > 0) return 1;
    if (r === 0) on = true;
  }
  return on ? 0 : -1;
}

/** Squared distance in m² from p to segment a–b, and the parameter of the closest point. */
export function segmentDistance2(
  kx: number, ky: number,
  px: number, py: number, ax: number, ay: number, bx: number, by: number,
): { d2: number; s: number } {
  const ux = (bx - ax) * kx, uy = (by - ay) * ky;
  const wx = (px - ax) * kx, wy = (py - ay) * ky;
  const len2 = ux * ux + uy * uy;
  let s = len2 > 0 ? (wx * ux + wy * uy) / len2 : 0;
  if (s < 0) s = 0;
  else if (s > 1) s = 1;
  const dx = wx - s * ux, dy = wy - s * uy;
  return { d2: dx * dx + dy * dy, s };
}

/** True when segments a–b and c–d have any point in common (touching included), exactly. */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number,
): boolean {
  const o1 = orientation(ax, ay, bx, by, cx, cy);
  const o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay);
  const o4 = orientation(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4 && o1 * o2 <= 0 && o3 * o4 <= 0) {
    if (o1 !== 0 || o2 !== 0) return true;
  }
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return true;
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return true;
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return true;
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

/** The bbox of a unit's vertices. */
export function unitBbox(xy: Float64Array, polygons: readonly (readonly Int32Array[])[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygons) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const x = xy[2 * ring[i]], y = xy[2 * ring[i] + 1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/** A unit with the same rings and its bbox recomputed from `xy`. */
export function withBbox(unit: Omit<TopoUnit, 'bbox'>, xy: Float64Array): TopoUnit {
  return { id: unit.id, layer: unit.layer, parent: unit.parent, polygons: unit.polygons, bbox: unitBbox(xy, unit.polygons) };
}

/** True when a ring of the unit uses the vertex. */
export function unitUses(unit: TopoUnit, v: number): boolean {
  for (const poly of unit.polygons) for (const ring of poly) if (ring.indexOf(v) >= 0) return true;
  return false;
}

/** Vertex ids stay below this (2^26), so an undirected edge is one exact number. */
export const EDGE_KEY = 2 ** 26;

/** The number naming the undirected edge p–q. */
export const edgeKey = (p: number, q: number): number => (p < q ? p * EDGE_KEY + q : q * EDGE_KEY + p);
