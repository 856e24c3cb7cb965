/**
 * invalid-geometry: faults that make a polygon meaningless for coverage (OGC simple-feature validity, the
 * subset that matters here). Each problem comes with a place when there is one.
 */
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Geometry, Position } from 'geojson';
import { localProjection } from '../projection';
import { ringArea } from './segments';
import { meeting } from './segment-meet';

export interface GeometryProblem {
  message: string;
  at: Position | null;
  /** The geometry cannot be used at all (wrong type, not lon/lat, unclosed or degenerate ring). */
  fatal: boolean;
}

/** Whether a geometry can take part in coverage and point location despite its problems. */
export function usable(problems: GeometryProblem[]): boolean {
  return !problems.some((p) => p.fatal);
}

const isLonLat = (p: Position) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/**
 * Problems of a grid or micro-grid geometry, empty when it is valid.
 * @example checkArealGeometry({ type: 'Point', coordinates: [0, 0] }) // [{ message: 'geometry must be …' }]
 */
export function checkArealGeometry(g: Geometry | null): GeometryProblem[] {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return [{ message: `geometry must be Polygon or MultiPolygon, got ${g ? g.type : 'null'}`, at: null, fatal: true }];
  }
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const problems: GeometryProblem[] = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const bad = ring.find((p) => !isLonLat(p));
      if (bad) {
        return [
          {
            message: `coordinates are not WGS84 longitude/latitude (found [${bad.slice(0, 2).join(', ')}]; projected data must be converted first)`,
            at: null,
            fatal: true,
          },
        ];
      }
    }
  }
  const first = polygons[0]?.[0]?.[0];
  if (!first) return [{ message: 'polygon has no rings', at: null, fatal: true }];
  const [kx, ky] = localProjection([first[0], first[1]]).metresPerDegree;
  polygons.forEach((polygon, pi) => {
    polygon.forEach((ring, ri) => {
      const label = `${polygons.length > 1 ? `part ${pi + 1}, ` : ''}${ri === 0 ? 'outer ring' : `hole ${ri}`}`;
      const a = ring[0];
      const z = ring[ring.length - 1];
      if (ring.length > 0 && (a[0] !== z[0] || a[1] !== z[1])) {
        problems.push({ message: `${label} is not closed`, at: a, fatal: true });
      }
      // Fewer than three distinct points has no area either, so the area test covers it.
      if (ring.length < 4 || Math.abs(ringArea(ring as [number, number][])) * kx * ky < 1e-6) {
        problems.push({ message: `${label} is degenerate (fewer than 3 distinct points or no area)`, at: a ?? null, fatal: true });
      }
    });
  });
  if (problems.length) return problems;
  const cross = firstSelfIntersection(polygons);
  if (cross) problems.push({ message: 'boundary intersects itself', at: cross, fatal: false });
  // A hole must lie inside its shell; parts of a MultiPolygon must not lie inside one another.
  polygons.forEach((polygon, pi) => {
    polygon.slice(1).forEach((hole, hi) => {
      if (!booleanPointInPolygon(hole[0], { type: 'Polygon', coordinates: [polygon[0]] })) {
        problems.push({ message: `hole ${hi + 1} lies outside its outer ring`, at: hole[0], fatal: false });
      }
    });
    polygons.forEach((other, oi) => {
      if (oi !== pi && booleanPointInPolygon(polygon[0][0], { type: 'Polygon', coordinates: other }, { ignoreBoundary: true })) {
        problems.push({ message: `part ${pi + 1} lies inside part ${oi + 1}`, at: polygon[0][0], fatal: false });
      }
    });
  });
  return problems;
}

/**
 * The first place where two non-adjacent segments of the boundary meet, or null. Works on raw coordinates in
 * flat arrays: a linear projection changes no intersection, and this runs for every unit of a county.
 */
function firstSelfIntersection(polygons: Position[][][]): Position | null {
  // Segment k runs from (xy[2k], xy[2k+1]) to next[k]; ring[k] and pos[k]/len[k] tell adjacency.
  const xs: number[] = [];
  const ys: number[] = [];
  const ringOf: number[] = [];
  const posOf: number[] = [];
  const lenOf: number[] = [];
  let ringId = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const start = xs.length;
      // Repeated consecutive vertices are harmless; drop them so neighbours stay adjacent by index.
      for (let i = 0; i < ring.length; i++) {
        const [x, y] = ring[i];
        if (i > 0 && x === ring[i - 1][0] && y === ring[i - 1][1]) continue;
        xs.push(x);
        ys.push(y);
      }
      const n = xs.length - start - 1; // segments in this ring
      for (let i = 0; i < n; i++) {
        ringOf.push(ringId);
        posOf.push(i);
        lenOf.push(n);
      }
      // The ring's last point starts no segment; mark it so segment indices map to their start point.
      ringOf.push(-1);
      posOf.push(-1);
      lenOf.push(0);
      ringId++;
    }
  }
  const total = xs.length;
  const count = (k: number) => ringOf[k] >= 0;
  // Small rings (most micro-grids) are cheaper to test pair by pair with a box check than to index.
  const index = total > 48 ? new Flatbush(total) : null;
  if (index) {
    for (let k = 0; k < total; k++) {
      const [x1, y1] = count(k) ? [xs[k + 1], ys[k + 1]] : [xs[k], ys[k]];
      index.add(Math.min(xs[k], x1), Math.min(ys[k], y1), Math.max(xs[k], x1), Math.max(ys[k], y1));
    }
    index.finish();
  }
  for (let k = 0; k < total; k++) {
    if (!count(k)) continue;
    const ax = xs[k], ay = ys[k], bx = xs[k + 1], by = ys[k + 1];
    const x0 = Math.min(ax, bx), y0 = Math.min(ay, by), x1 = Math.max(ax, bx), y1 = Math.max(ay, by);
    const found = index ? index.search(x0, y0, x1, y1) : null;
    const m = found ? found.length : total;
    for (let q = 0; q < m; q++) {
      const j = found ? found[q] : q;
      if (j <= k || !count(j)) continue;
      const cx = xs[j], cy = ys[j], dx = xs[j + 1], dy = ys[j + 1];
      if (Math.max(cx, dx) < x0 || Math.min(cx, dx) > x1 || Math.max(cy, dy) < y0 || Math.min(cy, dy) > y1) continue;
      const gap = posOf[j] - posOf[k];
      const adjacent = ringOf[j] === ringOf[k] && (gap === 1 || gap === lenOf[k] - 1);
      const hit = meeting(ax, ay, bx, by, cx, cy, dx, dy, adjacent);
      if (hit) return hit;
    }
  }
  return null;
}
