import type { Feature } from 'geojson';
import { describe, expect, test } from 'vitest';
import {
  ROAD_NEAR_M,
  basemapFitIndex,
  nearestRoadMetres,
  onBasemap,
  onBasemapShare,
} from '../../../src/geo/basemap-fit';
import { metresPerDegreeAt } from '../../../src/geo/projection';

const LAT = 30.5;
const [KX, KY] = metresPerDegreeAt(LAT);
/** [lon, lat] `east` and `north` metres from (121, 30.5). */
const at = (east: number, north: number): [number, number] => [121 + east / KX, LAT + north / KY];

const road: Feature = {
  type: 'Feature',
  properties: { kind: 'road', name: '东西路' },
  geometry: { type: 'LineString', coordinates: [at(0, 0), at(1000, 0)] },
};
const building: Feature = {
  type: 'Feature',
  properties: { kind: 'building' },
  geometry: {
    type: 'Polygon',
    coordinates: [[at(200, 100), at(260, 100), at(260, 160), at(200, 160), at(200, 100)]],
  },
};
const river: Feature = {
  type: 'Feature',
  properties: { kind: 'river' },
  geometry: { type: 'LineString', coordinates: [at(0, 50), at(1000, 50)] },
};

describe('basemap fit', () => {
  test('distance to the nearest road segment, beside it and past its end', () => {
    const index = basemapFitIndex([road])!;
    expect(nearestRoadMetres(index.roads!, at(500, 40), 100)).toBeCloseTo(40, 3);
    expect(nearestRoadMetres(index.roads!, at(1030, 40), 100)).toBeCloseTo(50, 3);
    expect(nearestRoadMetres(index.roads!, at(500, 140), 100)).toBe(Infinity);
  });

  test('on the map: inside a building, or within ROAD_NEAR_M of a road; not beside a river', () => {
    const index = basemapFitIndex([road, building, river])!;
    expect(onBasemap(index, at(230, 130))).toBe(true);
    expect(onBasemap(index, at(500, ROAD_NEAR_M - 1))).toBe(true);
    expect(onBasemap(index, at(500, ROAD_NEAR_M + 1))).toBe(false);
    expect(onBasemap(index, at(500, 50))).toBe(false); // on the river, off any road
    expect(onBasemap(index, at(270, 130))).toBe(false); // beside the building, in its box's reach only
    expect(onBasemapShare(index, [at(230, 130), at(500, 10), at(500, 80), at(700, 300)])).toBe(0.5);
    expect(onBasemapShare(index, [])).toBeNaN();
  });

  test('a base map with neither roads nor buildings says nothing', () => {
    expect(basemapFitIndex([river])).toBeNull();
    expect(basemapFitIndex([])).toBeNull();
    expect(basemapFitIndex([building])!.roads).toBeNull();
  });
});
