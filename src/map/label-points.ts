import type { Feature, FeatureCollection, Point, Position } from 'geojson';
import type { Areal } from '../domain/types';

/**
 * One label point per polygon feature. MapLibre labels a polygon once per tile it crosses, so a big grid gets
 * its name repeated at high zoom; a point source labels each unit exactly once, at its visual centre.
 */

type Ring = Position[];

function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return Math.abs(s / 2);
}

/** Signed distance from p to the polygon outline: positive inside (holes respected). */
function pointToPolygon(x: number, y: number, polygon: Ring[]): number {
  let inside = false;
  let minSq = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[j];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      minSq = Math.min(minSq, segmentDistSq(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq);
}

function segmentDistSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax;
  let y = ay;
  const dx = bx - ax;
  const dy = by - ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = [bx, by];
    else if (t > 0) [x, y] = [ax + dx * t, ay + dy * t];
  }
  return (px - x) ** 2 + (py - y) ** 2;
}

/**
 * Pole of inaccessibility by grid refinement (the idea of mapbox/polylabel, simplified: a fixed number of
 * passes is plenty for labels on a few hundred units).
 * @example poleOfInaccessibility([[[0,0],[4,0],[4,2],[0,2],[0,0]]]) // ≈ [2, 1]
 */
export function poleOfInaccessibility(polygon: Ring[], passes = 5, cells = 8): Position {
  const outer = polygon[0];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of outer) {
    minX = Math.min(minX, x); minY = Math.min(minY, y);
    maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  let best: Position = [(minX + maxX) / 2, (minY + maxY) / 2];
  let bestD = pointToPolygon(best[0], best[1], polygon);
  let w = maxX - minX;
  let h = maxY - minY;
  let cx = best[0];
  let cy = best[1];
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i <= cells; i++) {
      for (let j = 0; j <= cells; j++) {
        const x = cx - w / 2 + (w * i) / cells;
        const y = cy - h / 2 + (h * j) / cells;
        const d = pointToPolygon(x, y, polygon);
        if (d > bestD) [best, bestD] = [[x, y], d];
      }
    }
    // Zoom in around the best point so far; two cells either way keeps a neighbouring maximum in reach.
    [cx, cy, w, h] = [best[0], best[1], (w * 4) / cells, (h * 4) / cells];
  }
  return best;
}

function largestPolygon(geometry: Areal): Ring[] {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  let best = geometry.coordinates[0];
  for (const p of geometry.coordinates) if (ringArea(p[0]) > ringArea(best[0])) best = p;
  return best;
}

/** @example labelPoints(grids).features[0].properties.code */
export function labelPoints<P>(fc: FeatureCollection<Areal, P> | undefined): FeatureCollection<Point, P> {
  const features: Feature<Point, P>[] = [];
  for (const f of fc?.features ?? []) {
    if (!f.geometry) continue;
    const polygon = largestPolygon(f.geometry);
    if (!polygon?.[0]?.length) continue;
    features.push({
      type: 'Feature',
      properties: f.properties,
      geometry: { type: 'Point', coordinates: poleOfInaccessibility(polygon) },
    });
  }
  return { type: 'FeatureCollection', features };
}
