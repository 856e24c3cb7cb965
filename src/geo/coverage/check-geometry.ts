/**
 * invalid-geometry: faults that make a polygon meaningless for coverage (OGC simple-feature validity, the
 * subset that matters here). Each problem comes with a place when there is one.
 */
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Geometry, Position } from 'geojson';
import { localProjection } from '../projection';
import { ringArea } from './segments';

export interface GeometryProblem {
  message: string;
  at: Position | null;
}

const isLonLat = (p: Position) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/**
 * Problems of a grid or micro-grid geometry, empty when it is valid.
 * @example checkArealGeometry({ type: 'Point', coordinates: [0, 0] }) // [{ message: 'geometry must be …' }]
 */
export function checkArealGeometry(g: Geometry | null): GeometryProblem[] {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return [{ message: `geometry must be Polygon or MultiPolygon, got ${g ? g.type : 'null'}`, at: null }];
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
          },
        ];
      }
    }
  }
  const first = polygons[0]?.[0]?.[0];
  if (!first) return [{ message: 'polygon has no rings', at: null }];
  const proj = localProjection([first[0], first[1]]);
  polygons.forEach((polygon, pi) => {
    polygon.forEach((ring, ri) => {
      const label = `${polygons.length > 1 ? `part ${pi + 1}, ` : ''}${ri === 0 ? 'outer ring' : `hole ${ri}`}`;
      const a = ring[0];
      const z = ring[ring.length - 1];
      if (ring.length > 0 && (a[0] !== z[0] || a[1] !== z[1])) problems.push({ message: `${label} is not closed`, at: a });
      // Fewer than three distinct points has no area either, so the area test covers it.
      if (ring.length < 4 || Math.abs(ringArea(ring.map((p) => proj.toLocal(p)))) < 1e-6) {
        problems.push({ message: `${label} is degenerate (fewer than 3 distinct points or no area)`, at: a ?? null });
      }
    });
  });
  if (problems.length) return problems;
  const cross = firstSelfIntersection(polygons, proj);
  if (cross) problems.push({ message: 'boundary intersects itself', at: cross });
  // A hole must lie inside its shell; parts of a MultiPolygon must not lie inside one another.
  polygons.forEach((polygon, pi) => {
    polygon.slice(1).forEach((hole, hi) => {
      if (!booleanPointInPolygon(hole[0], { type: 'Polygon', coordinates: [polygon[0]] })) {
        problems.push({ message: `hole ${hi + 1} lies outside its outer ring`, at: hole[0] });
      }
    });
    polygons.forEach((other, oi) => {
      if (oi !== pi && booleanPointInPolygon(polygon[0][0], { type: 'Polygon', coordinates: other }, { ignoreBoundary: true })) {
        problems.push({ message: `part ${pi + 1} lies inside part ${oi + 1}`, at: polygon[0][0] });
      }
    });
  });
  return problems;
}

/** The first place where two non-adjacent segments of the boundary meet, or null. */
function firstSelfIntersection(polygons: Position[][][], proj: ReturnType<typeof localProjection>): Position | null {
  const segs: { ax: number; ay: number; bx: number; by: number; ring: number; i: number; n: number }[] = [];
  let ringId = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      // Repeated consecutive vertices are harmless; drop them so neighbours stay adjacent by index.
      const pts = ring.map((p) => proj.toLocal(p)).filter((p, i, a) => i === 0 || p[0] !== a[i - 1][0] || p[1] !== a[i - 1][1]);
      const n = pts.length - 1;
      for (let i = 0; i < n; i++) {
        segs.push({ ax: pts[i][0], ay: pts[i][1], bx: pts[i + 1][0], by: pts[i + 1][1], ring: ringId, i, n });
      }
      ringId++;
    }
  }
  // Small rings (most micro-grids) are cheaper to test pair by pair with a box check than to index.
  const candidates = segs.length <= 48 ? null : new Flatbush(segs.length);
  if (candidates) {
    for (const s of segs) candidates.add(Math.min(s.ax, s.bx), Math.min(s.ay, s.by), Math.max(s.ax, s.bx), Math.max(s.ay, s.by));
    candidates.finish();
  }
  const all = segs.map((_, j) => j);
  for (let k = 0; k < segs.length; k++) {
    const s = segs[k];
    const [x0, y0, x1, y1] = [Math.min(s.ax, s.bx), Math.min(s.ay, s.by), Math.max(s.ax, s.bx), Math.max(s.ay, s.by)];
    for (const j of candidates ? candidates.search(x0, y0, x1, y1) : all) {
      if (j <= k) continue;
      const u = segs[j];
      if (Math.max(u.ax, u.bx) < x0 || Math.min(u.ax, u.bx) > x1 || Math.max(u.ay, u.by) < y0 || Math.min(u.ay, u.by) > y1) continue;
      const adjacent = u.ring === s.ring && (Math.abs(u.i - s.i) === 1 || Math.abs(u.i - s.i) === s.n - 1);
      const hit = intersect(s, u, adjacent);
      if (hit) return proj.toLonLat(hit);
    }
  }
  return null;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** Where two segments meet (adjacent ones may share their common end only), or null. */
function intersect(
  s: { ax: number; ay: number; bx: number; by: number },
  u: { ax: number; ay: number; bx: number; by: number },
  adjacent: boolean,
): [number, number] | null {
  const o1 = orient(s.ax, s.ay, s.bx, s.by, u.ax, u.ay);
  const o2 = orient(s.ax, s.ay, s.bx, s.by, u.bx, u.by);
  const o3 = orient(u.ax, u.ay, u.bx, u.by, s.ax, s.ay);
  const o4 = orient(u.ax, u.ay, u.bx, u.by, s.bx, s.by);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const den = (s.bx - s.ax) * (u.by - u.ay) - (s.by - s.ay) * (u.bx - u.ax);
    const t = ((u.ax - s.ax) * (u.by - u.ay) - (u.ay - s.ay) * (u.bx - u.ax)) / den;
    return [s.ax + t * (s.bx - s.ax), s.ay + t * (s.by - s.ay)];
  }
  // Touching or collinear: a vertex of one on the other. Adjacent segments legitimately share one end.
  const on = (px: number, py: number, a: typeof s) =>
    orient(a.ax, a.ay, a.bx, a.by, px, py) === 0 &&
    Math.min(a.ax, a.bx) <= px && px <= Math.max(a.ax, a.bx) &&
    Math.min(a.ay, a.by) <= py && py <= Math.max(a.ay, a.by);
  const candidates: [number, number, typeof s][] = [
    [u.ax, u.ay, s],
    [u.bx, u.by, s],
    [s.ax, s.ay, u],
    [s.bx, s.by, u],
  ];
  for (const [px, py, host] of candidates) {
    if (!on(px, py, host)) continue;
    const shared = (px === s.ax && py === s.ay) || (px === s.bx && py === s.by);
    const sharedU = (px === u.ax && py === u.ay) || (px === u.bx && py === u.by);
    if (adjacent && shared && sharedU) continue;
    return [px, py];
  }
  return null;
}
