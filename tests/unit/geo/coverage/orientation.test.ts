/**
 * Exact orientation: validity turns on exact zeros (a vertex on an edge is a touch, a hair beside it is not),
 * so the sign must be right where plain floating point gets it wrong (Kettner et al., "Classroom examples of
 * robustness problems in geometric computations": points near the line through (12, 12) and (24, 24)).
 */
import { describe, expect, it } from 'vitest';
import { orientation } from '../../../../src/geo/coverage/orientation';

const ULP = 2 ** -53;
/** The exact sign, in integers: every coordinate here is a multiple of 2^-53. */
function exactSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const i = (v: number) => BigInt(v / ULP);
  const det = (i(bx) - i(ax)) * (i(cy) - i(ay)) - (i(by) - i(ay)) * (i(cx) - i(ax));
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}
const naive = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));

describe('orientation', () => {
  it('is exact on a 256 × 256 grid of points a few ulps off a line, where rounding fails', () => {
    let naiveWrong = 0;
    const wrong: string[] = [];
    for (let x = 0; x < 256; x++) {
      for (let y = 0; y < 256; y++) {
        const px = 0.5 + x * ULP;
        const py = 0.5 + y * ULP;
        const want = exactSign(px, py, 12, 12, 24, 24);
        if (naive(px, py, 12, 12, 24, 24) !== want) naiveWrong++;
        if (orientation(px, py, 12, 12, 24, 24) !== want) wrong.push(`${x},${y}`);
      }
    }
    expect(naiveWrong).toBeGreaterThan(1000); // the grid does hit the hard cases
    expect(wrong).toEqual([]);
  });

  it('gives 1 to the left, -1 to the right, 0 on the line, and exactly 0 at a shared point', () => {
    expect(orientation(0, 0, 1, 0, 0.5, 1)).toBe(1);
    expect(orientation(0, 0, 1, 0, 0.5, -1)).toBe(-1);
    expect(orientation(0, 0, 2, 2, 1, 1)).toBe(0);
    expect(orientation(120.1234567, 30.7654321, 120.2, 30.1, 120.1234567, 30.7654321)).toBe(0);
  });
});
