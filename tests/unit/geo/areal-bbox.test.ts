/**
 * arealBbox: every ring counts, as Turf's bbox; the same object comes back for the same geometry (cached), a new
 * geometry is measured anew.
 */
import { describe, expect, it } from 'vitest';
import turfBbox from '@turf/bbox';
import type { MultiPolygon, Polygon } from 'geojson';
import { arealBbox } from '../../../src/geo/areal-bbox';

describe('arealBbox', () => {
  it('agrees with Turf on a polygon with a hole and on a multipolygon', () => {
    const poly: Polygon = {
      type: 'Polygon',
      coordinates: [
        [[120.9, 30.5], [121.1, 30.5], [121.1, 30.7], [120.9, 30.7], [120.9, 30.5]],
        [[120.95, 30.55], [120.95, 30.6], [121, 30.6], [120.95, 30.55]],
      ],
    };
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [poly.coordinates, [[[121.3, 30.1], [121.4, 30.1], [121.4, 30.2], [121.3, 30.1]]]],
    };
    expect(arealBbox(poly)).toEqual(turfBbox(poly));
    expect(arealBbox(multi)).toEqual(turfBbox(multi));
    expect(arealBbox(multi)).toEqual([120.9, 30.1, 121.4, 30.7]);
  });

  it('measures a geometry once, and a new geometry again', () => {
    const a: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    expect(arealBbox(a)).toBe(arealBbox(a));
    const b: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] };
    expect(arealBbox(b)).toEqual([0, 0, 2, 1]);
  });
});
