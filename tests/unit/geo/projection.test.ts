import { describe, expect, it } from 'vitest';
import { localProjection } from '../../../src/geo/projection';

// Vincenty inverse on WGS84 would be overkill here: compare with known metres-per-degree at 30.6°N instead
// (WGS84: 1° latitude ≈ 110 861 m, 1° longitude ≈ 95 896 m at 30.6°).
describe('local projection', () => {
  it('round-trips and scales like WGS84 at 30.6°N', () => {
    const p = localProjection([121, 30.6]);
    const [x, y] = p.toLocal([121.01, 30.61]);
    const [lon, lat] = p.toLonLat([x, y]);
    expect(lon).toBeCloseTo(121.01, 12);
    expect(lat).toBeCloseTo(30.61, 12);
    expect(p.metresPerDegree[1] / 110_861).toBeCloseTo(1, 3);
    expect(p.metresPerDegree[0] / 95_896).toBeCloseTo(1, 3);
  });

  it('keeps east–west distances within 0.1 % for 5 km north of the centre', () => {
    const p = localProjection([121, 30.6]);
    const lat = 30.6 + 5000 / 110_861;
    // True east–west scale there relative to the centre's: cos(lat)/cos(lat0) (radius change is negligible).
    const truth = Math.cos((lat * Math.PI) / 180) / Math.cos((30.6 * Math.PI) / 180);
    const [x] = p.toLocal([121.01, lat]);
    const [x0] = p.toLocal([121.01, 30.6]);
    expect(Math.abs(x / x0 / truth - 1)).toBeLessThan(0.001);
  });
});
