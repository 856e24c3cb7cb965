/**
 * The bounding box of a polygon or multipolygon, cached per geometry object. Geometries are never changed in place
 * (the loader and every planner operation make new ones), so after an operation only the units it touched are
 * measured again. Every ring counts (as Turf's bbox), so a box is never smaller than what is drawn.
 */
import type { MultiPolygon, Polygon } from 'geojson';

export type Bbox = [minX: number, minY: number, maxX: number, maxY: number];

const boxes = new WeakMap<object, Bbox>();

/** @example const [minX, minY, maxX, maxY] = arealBbox(grid.geometry) */
export function arealBbox(g: Polygon | MultiPolygon): Bbox {
  const cached = boxes.get(g);
  if (cached) return cached;
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()) {
    for (const [x, y] of ring) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  boxes.set(g, b);
  return b;
}
