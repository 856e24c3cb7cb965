import { describe, expect, it } from 'vitest';
import type { HexAnalysis } from '../../../src/geo/hex-analysis';
import { hexGrid } from '../../../src/geo/hexbin';
import {
  DENSITY_COLOURS,
  changedStates,
  densityBreaks,
  densityClass,
  hexFeatures,
  hexLayers,
  hexPaint,
  sameCells,
} from '../../../src/map/hex-layers';

describe('hex layers', () => {
  it('density breaks start at 1, rise and stay within the largest count', () => {
    expect(densityBreaks(20)).toEqual([1, 5, 9, 13, 17]);
    expect(densityBreaks(1)).toEqual([1]);
    expect(densityBreaks(3)).toEqual([1, 2, 3]);
    for (const max of [0, 2, 7, 14, 100]) {
      const b = densityBreaks(max);
      expect(b.length).toBeLessThanOrEqual(DENSITY_COLOURS.length);
      for (let k = 1; k < b.length; k++) expect(b[k]).toBeGreaterThan(b[k - 1]);
    }
  });

  it('has the documented ids, fill then outline', () => {
    expect(hexLayers('density').map((l) => l.id)).toEqual(['analysis-hex-fill', 'analysis-hex-outline']);
  });
});

describe('hex cells as feature-state', () => {
  const grid = hexGrid(200, [121, 30.6]);
  const result = (count: number[], bin: number[], q = [0, 1, 2]): HexAnalysis =>
    ({
      sizeM: 200,
      grid,
      q: Int32Array.from(q),
      r: Int32Array.from(q.map(() => 0)),
      count: Uint32Array.from(count),
      z: Float64Array.from(count.map((c) => (c ? c / 2 : NaN))),
      p: Float64Array.from(count.map((c) => (c ? 0.5 : NaN))),
      bin: Int8Array.from(bin),
    }) as unknown as HexAnalysis;

  it('the polygons carry q and r only; the figures are states', () => {
    const fc = hexFeatures(result([1, 0, 4], [0, 0, 2]));
    expect(fc.features.map((f) => [f.id, f.properties])).toEqual([
      [0, { q: 0, r: 0 }],
      [1, { q: 1, r: 0 }],
      [2, { q: 2, r: 0 }],
    ]);
  });

  it('two filters at one size share their cells; another size or other cells do not', () => {
    const a = result([1, 0, 4], [0, 0, 2]);
    expect(sameCells(a, result([0, 0, 1], [0, 0, 0]))).toBe(true);
    expect(sameCells(a, { ...result([1, 0, 4], [0, 0, 2]), sizeM: 100 })).toBe(false);
    expect(sameCells(a, result([1, 0, 4], [0, 0, 2], [0, 1, 3]))).toBe(false);
    expect(sameCells(a, result([1, 0], [0, 0], [0, 1]))).toBe(false);
  });

  it('sets every state first, then only the cells that changed (NaN z/p as null)', () => {
    const a = result([1, 0, 4], [0, 0, 2]);
    // Largest count 4: breaks [1, 2, 3, 4].
    expect(changedStates(null, a)).toEqual([
      [0, { count: 1, z: 0.5, p: 0.5, bin: 0, densityClass: 1 }],
      [1, { count: 0, z: null, p: null, bin: 0, densityClass: 0 }],
      [2, { count: 4, z: 2, p: 0.5, bin: 2, densityClass: 4 }],
    ]);
    expect(changedStates(a, result([1, 0, 4], [0, 0, 2]))).toEqual([]);
    // Largest count 3 now: breaks [1, 2, 3]; cell 0 keeps count and class, so only cell 2 changes.
    expect(changedStates(a, result([1, 0, 3], [0, 0, 1]))).toEqual([[2, { count: 3, z: 1.5, p: 0.5, bin: 1, densityClass: 3 }]]);
  });

  it('a new largest count re-classes the cells it moves, even with unchanged counts', () => {
    const a = result([2, 0, 4], [0, 0, 0]);
    // Largest 20: breaks [1, 5, 9, 13, 17]; cell 0 (2) drops from class 2 to class 1.
    const b = result([2, 0, 20], [0, 0, 0]);
    expect(changedStates(a, b).map(([i, s]) => [i, s.densityClass])).toEqual([
      [0, 1],
      [2, 5],
    ]);
  });

  it('density classes follow the breaks', () => {
    expect([0, 1, 4, 5, 9, 16, 17, 99].map((c) => densityClass(c, [1, 5, 9, 13, 17]))).toEqual([0, 1, 1, 2, 3, 4, 5, 5]);
  });

  it('paint is fixed per mode: feature-state, no count-dependent breaks', () => {
    expect(JSON.stringify(hexPaint('density'))).toContain('densityClass');
    expect(JSON.stringify(hexPaint('density'))).not.toContain('"get"');
    expect(JSON.stringify(hexPaint('hotspots'))).toContain('"bin"');
  });
});
