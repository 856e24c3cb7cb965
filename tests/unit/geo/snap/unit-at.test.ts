import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { unitAlong, unitAround, unitsAt } from '../../../../src/geo/snap/unit-at';

const square = (code: string, x: number): Feature<Polygon, { code: string }> => ({
  type: 'Feature',
  properties: { code },
  geometry: { type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] },
});
const units = [square('A', 0), square('B', 1)];

describe('unit-at', () => {
  it('finds the units at a point, both on a shared border', () => {
    expect(unitsAt(units, [0.5, 0.5])).toEqual(['A']);
    expect(unitsAt(units, [1, 0.5])).toEqual(['A', 'B']);
    expect(unitsAt(units, [3, 0.5])).toEqual([]);
  });

  it('names the unit a split line crosses by its middle, whatever its ends touch', () => {
    expect(unitAlong(units, [[1.5, 0], [1.5, 1]])).toBe('B');
    expect(unitAlong(units, [[0.2, 0], [0.3, 0.5], [0.2, 1]])).toBe('A');
    expect(unitAlong(units, [[5, 5], [6, 6]])).toBeNull();
  });

  it('names the unit a ring is drawn in, even where it spills a little over a border', () => {
    expect(unitAround(units, [[0.2, 0.2], [1.1, 0.2], [1.1, 0.8], [0.2, 0.8]])).toBe('A');
  });
});
