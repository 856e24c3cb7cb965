import { describe, expect, it } from 'vitest';
import { DENSITY_COLOURS, densityBreaks, densityClass, maxCount } from '../../../src/map/hex-layers';

describe('hex classes', () => {
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

  it('density classes follow the breaks', () => {
    expect([0, 1, 4, 5, 9, 16, 17, 99].map((c) => densityClass(c, [1, 5, 9, 13, 17]))).toEqual([0, 1, 1, 2, 3, 4, 5, 5]);
    expect(maxCount({ count: Uint32Array.from([2, 9, 4]) })).toBe(9);
  });
});
