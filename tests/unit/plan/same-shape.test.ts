import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { sameShape } from '../../../src/geo/plan/same-shape';
import { arealArea } from '../../../src/geo/plan/area';
import { interiorPoint } from '../../../src/geo/plan/interior-point';

const square: Polygon = { type: 'Polygon', coordinates: [[[121, 30.6], [121.001, 30.6], [121.001, 30.601], [121, 30.601], [121, 30.6]]] };

describe('sameShape', () => {
  it('ignores vertices on straight edges (a split line noded into a neighbour), not moved corners', () => {
    // A crossing computed in floating point: on the edge within ~1e-14 degrees.
    const noded: Polygon = { type: 'Polygon', coordinates: [[[121, 30.6], [121.00063194380001, 30.6], [121.001, 30.6], [121.001, 30.601], [121, 30.601], [121, 30.6]]] };
    expect(sameShape(square, noded)).toBe(true);
    const moved: Polygon = { type: 'Polygon', coordinates: [[[121, 30.6], [121.001, 30.6], [121.001, 30.60101], [121, 30.601], [121, 30.6]]] };
    expect(sameShape(square, moved)).toBe(false);
    const dent: Polygon = { type: 'Polygon', coordinates: [[[121, 30.6], [121.0005, 30.60001], [121.001, 30.6], [121.001, 30.601], [121, 30.601], [121, 30.6]]] };
    expect(sameShape(square, dent)).toBe(false);
  });
});

describe('arealArea and interiorPoint', () => {
  it('measures square metres in a local projection, and finds a point inside a concave polygon', () => {
    // 0.001° × 0.001° at 30.6°N ≈ 95.9 m × 110.9 m.
    expect(arealArea(square)).toBeGreaterThan(10_600);
    expect(arealArea(square)).toBeLessThan(10_650);
    const u: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
    const p = interiorPoint(u)!;
    expect(p[0] > 1 && p[0] < 2 && p[1] > 1, `${p}`).toBe(false); // not in the notch
    expect(p[0] > 0 && p[0] < 3 && p[1] > 0 && p[1] < 3).toBe(true);
  });
});
