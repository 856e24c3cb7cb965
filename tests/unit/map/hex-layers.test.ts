import { describe, expect, it } from 'vitest';
import { DENSITY_COLOURS, densityBreaks, hexLayers } from '../../../src/map/hex-layers';

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
    expect(hexLayers('density', 10).map((l) => l.id)).toEqual(['analysis-hex-fill', 'analysis-hex-outline']);
  });
});
