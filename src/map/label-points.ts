import type { Feature, FeatureCollection, Point, Position } from 'geojson';
import polylabel from 'polylabel';
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

/**
 * Pole of inaccessibility (mapbox/polylabel): the inside point farthest from the outline, holes respected.
 * `precision` is in the polygon's units; by default 1/500 of its larger bounding-box side, a few metres for a
 * grid, which is finer than a label can show and keeps the search short.
 * @example poleOfInaccessibility([[[0,0],[4,0],[4,2],[0,2],[0,0]]]) // ≈ [2, 1]
 */
export function poleOfInaccessibility(polygon: Ring[], precision?: number): Position {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of polygon[0]) {
    minX = Math.min(minX, x); minY = Math.min(minY, y);
    maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  const p = polylabel(polygon, precision ?? Math.max(maxX - minX, maxY - minY) / 500);
  return [p[0], p[1]];
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
