import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { borderInterior, coverageVertices, moveVertexIn, unitsUsing, vertexKey } from '../../../../src/geo/snap/coverage-vertices';
import type { LonLat } from '../../../../src/domain/plan/types';

const unit = (code: string, ring: number[][]): Feature<Polygon, { code: string }> => ({
  type: 'Feature',
  properties: { code },
  geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
});

// A and B share the border (1,0)–(1,0.5)–(1,1) (one interior vertex); C sits on top of both, so (0,1), (1,1),
// (2,1) are junctions where C meets them.
const A = unit('A', [[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1]]);
const B = unit('B', [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0.5]]);
const C = unit('C', [[0, 1], [1, 1], [2, 1], [2, 2], [0, 2]]);
const v = coverageVertices([A, B, C]);

describe('coverageVertices', () => {
  it('lists each vertex once with the units that use it', () => {
    expect(v.points).toHaveLength(9);
    expect(v.users.get(vertexKey([1, 1]))?.sort()).toEqual(['A', 'B', 'C']);
    expect(v.users.get(vertexKey([1, 0.5]))?.sort()).toEqual(['A', 'B']);
    expect(unitsUsing(v, [[1, 0.5], [2, 2]]).sort()).toEqual(['A', 'B', 'C']);
  });

  it('finds the interior of a shared border between its junctions', () => {
    expect(borderInterior(v, [1, 0], [1, 0.5])).toEqual([[1, 0.5]]);
    expect(borderInterior(v, [1, 1], [1, 0.5])).toEqual([[1, 0.5]]);
    // C's border with A runs straight from junction (0,1) to junction (1,1): nothing between.
    expect(borderInterior(v, [0, 1], [1, 1])).toEqual([]);
  });

  it('moves a vertex in a geometry, closing position included, without touching the input', () => {
    const before = JSON.stringify(A.geometry);
    const to: LonLat = [0.1, 0.1];
    const moved = moveVertexIn(A.geometry, new Map([[vertexKey([0, 0]), to]]));
    expect(moved.coordinates[0][0]).toEqual(to);
    expect(moved.coordinates[0][5]).toEqual(to);
    expect(JSON.stringify(A.geometry)).toBe(before);
  });
});
