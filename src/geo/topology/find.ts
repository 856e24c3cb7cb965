/**
 * Finding vertices and edges near a point (naming a vertex by position, snapping), through the cached unit index.
 */
import type { LonLat } from '../../domain/plan/types';
import { PlanError } from '../../domain/plan/types';
import { boxAround, unitsInBox } from './spatial';
import { segmentDistance2 } from './geom';
import type { NearEdge, NearVertex, Topology } from './types';

function checkPoint(p: LonLat, what: string): void {
  if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    throw new PlanError(`${what}: ${JSON.stringify(p)} is not a [lon, lat] pair of numbers`, undefined, { reason: 'bad-op' });
  }
}

/**
 * The vertex nearest to `lonlat` within `radiusM` metres (used by some unit), or null.
 * @example nearestVertex(t, [121.1, 30.5], 2) // { vertex: 17, at: [121.10001, 30.5], distanceM: 0.96 }
 */
export function nearestVertex(t: Topology, lonlat: LonLat, radiusM: number): NearVertex | null {
  checkPoint(lonlat, 'nearestVertex');
  const [kx, ky] = t.metresPerDegree;
  const [x, y] = lonlat;
  let best = -1;
  let bestD = radiusM * radiusM;
  for (const u of unitsInBox(t, ...boxAround(t, x, y, radiusM))) {
    for (const poly of u.polygons) {
      for (const ring of poly) {
        for (let i = 0; i < ring.length; i++) {
          const v = ring[i];
          const dx = (t.xy[2 * v] - x) * kx, dy = (t.xy[2 * v + 1] - y) * ky;
          const d = dx * dx + dy * dy;
          if (d < bestD || (d === bestD && best >= 0 && v < best) || (d === bestD && best < 0)) {
            best = v;
            bestD = d;
          }
        }
      }
    }
  }
  return best < 0 ? null : { vertex: best, at: [t.xy[2 * best], t.xy[2 * best + 1]], distanceM: Math.sqrt(bestD) };
}

/**
 * The vertex within `toleranceM` (default the topology's snap, 1 cm) of `lonlat`, or -1.
 * @example findVertex(t, [121.1, 30.5]) // 17
 */
export function findVertex(t: Topology, lonlat: LonLat, toleranceM: number = t.snapM): number {
  return nearestVertex(t, lonlat, toleranceM)?.vertex ?? -1;
}

/**
 * The edge nearest to `lonlat` within `radiusM` metres, the closest point on it and the units that share it; or null.
 * @example nearestEdge(t, [121.1, 30.5], 5)?.units // ['330424002012001', '330424002012002']
 */
export function nearestEdge(t: Topology, lonlat: LonLat, radiusM: number): NearEdge | null {
  checkPoint(lonlat, 'nearestEdge');
  const [kx, ky] = t.metresPerDegree;
  const [x, y] = lonlat;
  let best: { a: number; b: number; s: number; d2: number } | null = null;
  const near = unitsInBox(t, ...boxAround(t, x, y, radiusM));
  for (const u of near) {
    for (const poly of u.polygons) {
      for (const ring of poly) {
        for (let i = 0; i < ring.length; i++) {
          const a = ring[i], b = ring[(i + 1) % ring.length];
          const ax = t.xy[2 * a], ay = t.xy[2 * a + 1], bx = t.xy[2 * b], by = t.xy[2 * b + 1];
          const { d2, s } = segmentDistance2(kx, ky, x, y, ax, ay, bx, by);
          if (d2 <= radiusM * radiusM && (!best || d2 < best.d2)) best = { a: Math.min(a, b), b: Math.max(a, b), s: a < b ? s : 1 - s, d2 };
        }
      }
    }
  }
  if (!best) return null;
  const { a, b, s } = best;
  const at: LonLat = [t.xy[2 * a] + s * (t.xy[2 * b] - t.xy[2 * a]), t.xy[2 * a + 1] + s * (t.xy[2 * b + 1] - t.xy[2 * a + 1])];
  return { a, b, at, distanceM: Math.sqrt(best.d2), units: unitsWithEdge(near, a, b) };
}

/** Ids of the units (among `units`) whose rings have the edge a–b in either direction. */
export function unitsWithEdge(units: Iterable<{ id: string; polygons: readonly (readonly Int32Array[])[] }>, a: number, b: number): string[] {
  const out: string[] = [];
  for (const u of units) {
    search: for (const poly of u.polygons) {
      for (const ring of poly) {
        const n = ring.length;
        for (let i = 0; i < n; i++) {
          const p = ring[i], q = ring[(i + 1) % n];
          if ((p === a && q === b) || (p === b && q === a)) {
            out.push(u.id);
            break search;
          }
        }
      }
    }
  }
  return out.sort();
}
