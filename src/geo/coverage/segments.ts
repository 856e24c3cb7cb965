/**
 * Polygon boundaries as weighted segments in local metres, oriented so the interior lies on the left
 * (outer rings counter-clockwise, holes clockwise).
 */
import type { Position } from 'geojson';
import type { Areal } from '../../domain/types';
import type { LocalProjection } from '../projection';
import type { SegmentList } from './arrangement';

/** Signed area of a ring of local points (positive counter-clockwise). */
export function ringArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

/** The polygons of a Polygon or MultiPolygon as arrays of rings. */
export function polygonsOf(g: Areal): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

// Scratch for one ring's local coordinates, grown as needed and reused (one projection per vertex, no arrays).
let ringX = new Float64Array(256);
let ringY = new Float64Array(256);

/**
 * Appends the segments of `g` to `out`, interior on the left, counted as a unit (`role` "unit": wg = 1) or as
 * the container (wc = 1).
 * @example arealSegments(grid.geometry, proj, 3, 'unit', segments)
 */
export function arealSegments(
  g: Areal,
  proj: LocalProjection,
  owner: number,
  role: 'unit' | 'container',
  out: SegmentList,
): void {
  const wg = role === 'unit' ? 1 : 0;
  const wc = 1 - wg;
  // proj.toLocal, inlined: [(lon − lon0) · kx, (lat − lat0) · ky].
  const [lon0, lat0] = proj.center;
  const [kx, ky] = proj.metresPerDegree;
  for (const polygon of polygonsOf(g)) {
    for (let r = 0; r < polygon.length; r++) {
      const ring = polygon[r];
      const n = ring.length;
      if (ringX.length < n) {
        ringX = new Float64Array(2 * n);
        ringY = new Float64Array(2 * n);
      }
      const xs = ringX;
      const ys = ringY;
      for (let i = 0; i < n; i++) {
        xs[i] = (ring[i][0] - lon0) * kx;
        ys[i] = (ring[i][1] - lat0) * ky;
      }
      // ringArea of the projected ring, term for term.
      let s = 0;
      for (let i = 0; i < n - 1; i++) s += xs[i] * ys[i + 1] - xs[i + 1] * ys[i];
      const ccw = s / 2 > 0;
      // Outer rings must run counter-clockwise and holes clockwise for the interior to be on the left.
      const flip = r === 0 ? !ccw : ccw;
      for (let i = 0; i < n - 1; i++) {
        if (flip) out.push(xs[i + 1], ys[i + 1], xs[i], ys[i], wg, wc, owner);
        else out.push(xs[i], ys[i], xs[i + 1], ys[i + 1], wg, wc, owner);
      }
    }
  }
}
