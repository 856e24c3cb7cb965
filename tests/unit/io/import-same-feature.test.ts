import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { featureKey, sameFeature } from '../../../src/io/import/same-feature';

const a: Feature = {
  type: 'Feature',
  properties: { id: 'x', name: '甲', tags: { b: 1, a: 2 } },
  geometry: { type: 'Point', coordinates: [120.9, 30.5] },
};

describe('sameFeature', () => {
  it('ignores the order of keys at every depth, and nothing else', () => {
    const reordered = {
      geometry: { coordinates: [120.9, 30.5], type: 'Point' },
      properties: { tags: { a: 2, b: 1 }, name: '甲', id: 'x' },
      type: 'Feature',
    } as Feature;
    expect(sameFeature(a, reordered)).toBe(true);
    expect(featureKey(a)).toBe(featureKey(reordered));
    expect(sameFeature(a, { ...a, properties: { ...a.properties, name: '乙' } })).toBe(false);
    expect(sameFeature(a, { ...a, geometry: { type: 'Point', coordinates: [120.9, 30.50001] } })).toBe(false);
    expect(sameFeature(a, { ...a, properties: { ...a.properties, extra: null } })).toBe(false);
  });
});
