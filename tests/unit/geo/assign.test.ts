import { expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { areaIndex } from '../../../src/geo/assign';

const square = (code: string, x0: number, y0: number, s = 1): Feature<Polygon, { code: string }> => ({
  type: 'Feature',
  properties: { code },
  geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]] },
});

it('locates points, with shared borders and corners going to the first code', () => {
  const idx = areaIndex([square('b', 1, 0), square('a', 0, 0), square('c', 0, 1), square('d', 1, 1)], (f) => f.properties.code);
  expect(idx.locate([0.5, 0.5])).toBe('a');
  expect(idx.locate([1.5, 0.5])).toBe('b');
  expect(idx.locate([1, 0.5])).toBe('a'); // on the a|b border
  expect(idx.locate([1, 1])).toBe('a'); // the corner of all four
  expect(idx.locate([1.5, 1])).toBe('b'); // on the b|d border
  expect(idx.locate([3, 3])).toBeNull();
});

it('handles an empty set', () => {
  expect(areaIndex([], () => '').locate([0, 0])).toBeNull();
});

it('skips units read without geometry and answers indices into the features given', () => {
  const broken = { ...square('a', 0, 0), geometry: null } as unknown as Feature<Polygon, { code: string }>;
  const idx = areaIndex([broken, square('b', 0, 0), square('c', 1, 0)], (f) => f.properties.code);
  expect(idx.locate([0.5, 0.5])).toBe('b');
  expect(idx.locateIndex([0.5, 0.5])).toBe(1);
  expect(idx.locateIndex([1.5, 0.5])).toBe(2);
  expect(idx.locateIndex([5, 5])).toBe(-1);
});
