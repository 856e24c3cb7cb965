/**
 * Area of a grid or micro-grid in square metres, in a local metric projection (geo/projection: within 0.1 % of
 * geodesic at community scale, DOMAIN.md), holes subtracted. Give the same latitude for every unit of a dataset and
 * the areas add up: the pieces of a split sum to the grid that was split.
 */
import type { Position } from 'geojson';
import type { Areal } from '../../domain/types';
import { metresPerDegreeAt } from '../projection';
import { polygonsOf } from '../coverage/segments';

/** Shoelace over one ring in degrees, relative to its first point (keeps the products small and exact enough). */
function ringDegrees(ring: Position[]): number {
  let s = 0;
  const [x0, y0] = ring[0];
  for (let i = 1; i + 1 < ring.length; i++) {
    const ax = ring[i][0] - x0;
    const ay = ring[i][1] - y0;
    const bx = ring[i + 1][0] - x0;
    const by = ring[i + 1][1] - y0;
    s += ax * by - bx * ay;
  }
  return s / 2;
}

/**
 * `lat`: the latitude of the projection's centre (default: the mean latitude of the unit's vertices).
 * @example arealArea({ type: 'Polygon', coordinates: [[[121, 30.6], [121.001, 30.6], [121.001, 30.601], [121, 30.6]]] }) // ≈ 5 315
 */
export function arealArea(g: Areal, lat?: number): number {
  let sum = 0;
  let latSum = 0;
  let n = 0;
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) {
      for (const p of ring) latSum += p[1];
      n += ring.length;
    }
  }
  if (n === 0) return 0;
  const [kx, ky] = metresPerDegreeAt(lat ?? latSum / n);
  for (const polygon of polygonsOf(g)) {
    polygon.forEach((ring, i) => {
      if (ring.length < 4) return;
      const a = Math.abs(ringDegrees(ring));
      sum += i === 0 ? a : -a;
    });
  }
  return sum * kx * ky;
}
