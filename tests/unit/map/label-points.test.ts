import { describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { labelPoints, poleOfInaccessibility } from '../../../src/map/label-points';

describe('poleOfInaccessibility', () => {
  it('finds the middle of a rectangle', () => {
    const [x, y] = poleOfInaccessibility([[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]]);
    expect(x).toBeCloseTo(2, 1);
    expect(y).toBeCloseTo(1, 1);
  });

  it('keeps out of a hole and away from the outline (an L shape puts it in the thick arm)', () => {
    const square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    const hole = [[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]];
    const [x, y] = poleOfInaccessibility([square, hole]);
    expect(x >= 3 && x <= 7 && y >= 3 && y <= 7).toBe(false);
  });
});

describe('labelPoints', () => {
  it('gives one point per feature, on the largest part of a multipolygon, with the properties kept', () => {
    const fc: FeatureCollection<Polygon | MultiPolygon, { code: string }> = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'a' },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
              [[[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]],
            ],
          },
        },
      ],
    };
    const out = labelPoints(fc);
    expect(out.features).toHaveLength(1);
    expect(out.features[0].properties).toEqual({ code: 'a' });
    const [x, y] = out.features[0].geometry.coordinates;
    expect(x).toBeCloseTo(15, 0);
    expect(y).toBeCloseTo(5, 0);
  });
});
