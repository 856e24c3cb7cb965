/**
 * How well points sit on the base map: inside a building's footprint, or on a road (within ROAD_NEAR_M of its
 * centre line). The import uses it to see coordinates taken from 高德 or 百度 maps (GCJ-02, BD-09) and read as
 * WGS84: their offset of some hundreds of metres moves geocoded enterprises off the buildings and streets they are
 * on, while reading them the right way puts them back. Buildings and road segments sit behind flatbush indexes.
 */
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { metresPerDegreeAt } from './projection';
import { linesOf, snapIndex, type SnapIndex } from './snap/snap-index';
import { segmentDistance2 } from './topology/geom';

/** A point this near a road's centre line is on the road (a geocoder's address point sits on the frontage). */
export const ROAD_NEAR_M = 25;

export interface BasemapFitIndex {
  roads: SnapIndex | null;
  buildings: { index: Flatbush; shapes: (Polygon | MultiPolygon)[] } | null;
}

/**
 * The roads (`kind` road) and buildings (`kind` building) of a base map (basemap.geojson's features), indexed;
 * null when it has neither, so nothing can be said.
 */
export function basemapFitIndex(features: readonly Feature<Geometry | null>[]): BasemapFitIndex | null {
  const lines = features
    .filter((f) => f.properties?.kind === 'road')
    .flatMap((f) => linesOf(f.geometry, 'road'));
  const roadIndex = snapIndex(lines);
  const shapes = features
    .filter((f) => f.properties?.kind === 'building')
    .map((f) => f.geometry)
    .filter((g): g is Polygon | MultiPolygon => g?.type === 'Polygon' || g?.type === 'MultiPolygon');
  let buildings: BasemapFitIndex['buildings'] = null;
  if (shapes.length) {
    const index = new Flatbush(shapes.length);
    for (const g of shapes) {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const ring of g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]))
        for (const [x, y] of ring) {
          if (x < x0) x0 = x;
          if (y < y0) y0 = y;
          if (x > x1) x1 = x;
          if (y > y1) y1 = y;
        }
      index.add(x0, y0, x1, y1);
    }
    index.finish();
    buildings = { index, shapes };
  }
  const roads = roadIndex.segments ? roadIndex : null;
  return roads || buildings ? { roads, buildings } : null;
}

/**
 * Metres from [lon, lat] to the nearest road segment, searched within `maxM` (Infinity when none is that near).
 * Distances are taken in the local plane at the point's latitude (metresPerDegreeAt): exact enough at the tens of
 * metres this is for.
 * @example nearestRoadMetres(index, [120.95, 30.52], 100) // 37.2
 */
export function nearestRoadMetres(index: SnapIndex, p: readonly [number, number], maxM: number): number {
  if (!index.segments) return Infinity;
  const [kx, ky] = metresPerDegreeAt(p[1]);
  const [x, y] = p;
  const hits = index.segments.search(x - maxM / kx, y - maxM / ky, x + maxM / kx, y + maxM / ky);
  let best = Infinity;
  const seg = index.seg;
  for (const i of hits) {
    const { d2 } = segmentDistance2(kx, ky, x, y, seg[4 * i], seg[4 * i + 1], seg[4 * i + 2], seg[4 * i + 3]);
    if (d2 < best) best = d2;
  }
  best = Math.sqrt(best);
  return best <= maxM ? best : Infinity;
}

/** Whether [lon, lat] is inside a building or within ROAD_NEAR_M of a road. */
export function onBasemap(index: BasemapFitIndex, p: readonly [number, number]): boolean {
  if (index.roads && nearestRoadMetres(index.roads, p, ROAD_NEAR_M) <= ROAD_NEAR_M) return true;
  const b = index.buildings;
  if (!b) return false;
  const pt = [p[0], p[1]];
  return b.index.search(p[0], p[1], p[0], p[1]).some((i) => booleanPointInPolygon(pt, b.shapes[i]));
}

/**
 * The share (0–1) of `points` on the base map (onBasemap); NaN with no points.
 * @example onBasemapShare(index, sample) // 0.93
 */
export function onBasemapShare(
  index: BasemapFitIndex,
  points: readonly (readonly [number, number])[],
): number {
  if (!points.length) return NaN;
  return points.filter((p) => onBasemap(index, p)).length / points.length;
}
