/**
 * Polygon boundaries as weighted segments in local metres, oriented so the interior lies on the left
 * (outer rings counter-clockwise, holes clockwise).
 */
import type { Position } from 'geojson';
import type { Areal } from '../../domain/types';
import type { LocalProjection } from '../projection';
import type { WeightedSegment } from './arrangement';

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
  out: WeightedSegment[],
): void {
  const wg = role === 'unit' ? 1 : 0;
  const wc = 1 - wg;
  for (const polygon of polygonsOf(g)) {
    polygon.forEach((ring, r) => {
      const pts = ring.map((p) => proj.toLocal(p));
      const ccw = ringArea(pts) > 0;
      // Outer rings must run counter-clockwise and holes clockwise for the interior to be on the left.
      const flip = r === 0 ? !ccw : ccw;
      for (let i = 0; i < pts.length - 1; i++) {
        const [a, b] = flip ? [pts[i + 1], pts[i]] : [pts[i], pts[i + 1]];
        out.push({ ax: a[0], ay: a[1], bx: b[0], by: b[1], wg, wc, owner });
      }
    });
  }
}
