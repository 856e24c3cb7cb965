import { describe, expect, it } from 'vitest';
import { hexBin, hexCover, hexGrid, hexUnion, type HexCounts, type HexGrid } from '../../../src/geo/hexbin';
import { erfc, giBin, giStar, hotspots, pValue } from '../../../src/geo/hotspots';
import { createRng } from '../../../src/domain/random';

const grid = hexGrid(200, [121, 30.6]);

function counts(g: HexGrid, cells: [number, number, number][]): HexCounts {
  return {
    grid: g,
    q: Int32Array.from(cells.map((c) => c[0])),
    r: Int32Array.from(cells.map((c) => c[1])),
    count: cells.map((c) => c[2]),
  };
}

/** Index of cell (q, r) in a result (cells come back sorted by (r, q), not in input order). */
function at(res: { q: Int32Array; r: Int32Array }, q: number, r: number): number {
  for (let i = 0; i < res.q.length; i++) if (res.q[i] === q && res.r[i] === r) return i;
  throw new Error(`no cell (${q}, ${r})`);
}

/**
 * Gi* straight from the definition (Getis & Ord 1995; ArcGIS "How Hot Spot Analysis works"), O(n²): an explicit
 * weight w_ij = 1 when j is i or adjacent to it (hex distance ≤ 1), 0 otherwise.
 */
function referenceGiStar(q: number[], r: number[], x: number[]): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  return x.map((_, i) => {
    let wx = 0;
    let w = 0;
    let w2 = 0;
    for (let j = 0; j < n; j++) {
      const dq = q[j] - q[i];
      const dr = r[j] - r[i];
      const wij = (Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2 <= 1 ? 1 : 0;
      wx += wij * x[j];
      w += wij;
      w2 += wij * wij;
    }
    // A neighbourhood that is the whole area has nothing to stand out against: 0/0, taken as 0 (documented).
    if (n * w2 - w * w === 0) return 0;
    return (wx - mean * w) / (s * Math.sqrt((n * w2 - w * w) / (n - 1)));
  });
}

describe('Gi* on a case worked by hand', () => {
  // Nine cells: (0,0) and its six neighbours, plus (2,−1) and (2,0) east of them. Three cells are empty but inside
  // the study area, so they count as zeros.
  //
  //   cell     x    neighbours in the area
  //   (0,0)   10    all six: (1,0) (1,−1) (0,−1) (−1,0) (−1,1) (0,1)
  //   (1,0)    8
  //   (1,−1)   6
  //   (0,−1)   4
  //   (−1,0)   2
  //   (−1,1)   0
  //   (0,1)    6
  //   (2,−1)   0    (1,−1) (1,0) (2,0)
  //   (2,0)    0    (2,−1) (1,0)          [(3,0) (3,−1) (1,1) (2,1) are not in the area]
  //
  // n = 9, Σx = 36, x̄ = 4; Σx² = 100+64+36+16+4+0+36+0+0 = 256; S² = 256/9 − 4² = 112/9, S = 4√7/3 ≈ 3.5277.
  //
  // Cell (0,0): W = 1 + 6 = 7 (binary weights, so Σw² = W too); Σwx = 10+8+6+4+2+0+6 = 36.
  //   numerator   = 36 − 4·7 = 8
  //   denominator = S·√((n·W − W²)/(n − 1)) = (4√7/3)·√((63 − 49)/8) = (4√7/3)·(√7/2) = 28/6 = 14/3
  //   Gi* = 8 / (14/3) = 12/7 ≈ 1.7143  → hot at 90 % (1.645 ≤ z < 1.960), Gi_Bin +1; p = erfc(12/7/√2) ≈ 0.0865
  //
  // Cell (2,0): W = 1 + 2 = 3; Σwx = 0 + 0 + 8 = 8.
  //   numerator   = 8 − 4·3 = −4
  //   denominator = (4√7/3)·√((27 − 9)/8) = (4√7/3)·(3/2) = 2√7
  //   Gi* = −4 / (2√7) = −2/√7 ≈ −0.7559 → not significant, Gi_Bin 0; p ≈ 0.4497
  const cells: [number, number, number][] = [
    [0, 0, 10],
    [1, 0, 8],
    [1, -1, 6],
    [0, -1, 4],
    [-1, 0, 2],
    [-1, 1, 0],
    [0, 1, 6],
    [2, -1, 0],
    [2, 0, 0],
  ];
  // The study area is all nine cells; the incident bins list only the six non-empty ones, as hexBin would.
  const area = hexUnion(grid, counts(grid, cells));
  const incidents = counts(
    grid,
    cells.filter((c) => c[2] > 0),
  );

  it('gives the hand-computed mean, S, z, p and bin', () => {
    const res = hotspots(area, incidents, { mode: 'count' });
    expect(res.n).toBe(9);
    expect(res.mean).toBeCloseTo(4, 12);
    expect(Math.abs(res.s - (4 * Math.sqrt(7)) / 3)).toBeLessThan(1e-12);
    const c = at(res, 0, 0);
    expect(Math.abs(res.z[c] - 12 / 7)).toBeLessThan(1e-9);
    expect(Math.abs(res.p[c] - 0.0864762654936657)).toBeLessThan(1e-12); // Python math.erfc(12/7/√2)
    expect(res.bin[c]).toBe(1);
    const e = at(res, 2, 0);
    expect(Math.abs(res.z[e] - -2 / Math.sqrt(7))).toBeLessThan(1e-9);
    expect(Math.abs(res.p[e] - 0.44969179796889097)).toBeLessThan(1e-12);
    expect(res.bin[e]).toBe(0);
    expect(res.outside).toBe(0);
  });

  it('agrees with the O(n²) reference on every cell of the case', () => {
    const res = hotspots(area, incidents, { mode: 'count' });
    const ref = referenceGiStar(Array.from(res.q), Array.from(res.r), Array.from(res.value));
    for (let i = 0; i < ref.length; i++) expect(Math.abs(res.z[i] - ref[i])).toBeLessThan(1e-9);
  });

  it('needs the empty cells: without them the mean rises and (0,0) is no longer hot', () => {
    const dataOnly = hotspots(hexUnion(grid, incidents), incidents, { mode: 'count' });
    expect(dataOnly.n).toBe(6);
    expect(dataOnly.mean).toBe(6);
    // Around (0,0) every cell of the area is a neighbour: n·W − W² = 0, nothing can stand out.
    expect(dataOnly.z[at(dataOnly, 0, 0)]).toBe(0);
    expect(dataOnly.bin[at(dataOnly, 0, 0)]).toBe(0);
  });

  it('counts incidents outside the study area apart', () => {
    const res = hotspots(area, counts(grid, [...cells, [5, 5, 3]]), { mode: 'count' });
    expect(res.outside).toBe(3);
    expect(res.z[at(res, 0, 0)]).toBeCloseTo(12 / 7, 12);
  });
});

describe('modes', () => {
  const cells: [number, number, number][] = [
    [0, 0, 12],
    [1, 0, 4],
    [1, -1, 2],
    [0, -1, 0],
    [-1, 0, 6],
    [-1, 1, 0],
    [0, 1, 6],
    [2, -1, 0],
  ];
  const ents: [number, number, number][] = [
    [0, 0, 2],
    [1, 0, 4],
    [1, -1, 2],
    [0, -1, 1],
    [-1, 0, 1],
    [2, -1, 0],
    [0, 1, 0],
  ];
  const area = hexUnion(grid, counts(grid, cells));
  const incidents = counts(grid, cells);
  const enterprises = counts(grid, ents);

  it("'expected' (the default) runs on observed − share of enterprises × all incidents", () => {
    const res = hotspots(area, incidents, { enterprises });
    expect(res.mode).toBe('expected');
    // 30 incidents over 10 enterprises: 3 expected per enterprise.
    // (0,0): 12 − 2·3 = 6; (1,0): 4 − 12 = −8; (0,1): 6 − 0 = 6 (no enterprise: every incident is excess).
    expect(res.value[at(res, 0, 0)]).toBeCloseTo(6, 12);
    expect(res.value[at(res, 1, 0)]).toBeCloseTo(-8, 12);
    expect(res.value[at(res, 0, 1)]).toBeCloseTo(6, 12);
    expect(res.mean).toBeCloseTo(0, 12);
    const ref = referenceGiStar(Array.from(res.q), Array.from(res.r), Array.from(res.value));
    for (let i = 0; i < ref.length; i++) expect(Math.abs(res.z[i] - ref[i])).toBeLessThan(1e-9);
  });

  it("'rate' runs on incidents per enterprise and leaves out cells without an enterprise", () => {
    const res = hotspots(area, incidents, { mode: 'rate', enterprises });
    // (0,0): 12/2 = 6; (1,0): 4/4 = 1; (1,−1): 1; (0,−1): 0; (−1,0): 6. (−1,1), (0,1), (2,−1) have no enterprise.
    expect(res.n).toBe(5);
    for (const [q, r] of [
      [-1, 1],
      [0, 1],
      [2, -1],
    ]) {
      const i = at(res, q, r);
      expect(res.value[i]).toBeNaN();
      expect(res.z[i]).toBeNaN();
      expect(res.bin[i]).toBe(0);
    }
    const kept = [...res.value.keys()].filter((i) => !Number.isNaN(res.value[i]));
    // Kept cells in (r, q) order: (0,−1) (1,−1) | (−1,0) (0,0) (1,0).
    expect(kept.map((i) => res.value[i])).toEqual([0, 1, 6, 6, 1]);
    const ref = referenceGiStar(
      kept.map((i) => res.q[i]),
      kept.map((i) => res.r[i]),
      kept.map((i) => res.value[i]),
    );
    kept.forEach((i, k) => expect(Math.abs(res.z[i] - ref[k])).toBeLessThan(1e-9));
  });

  it('refuses the enterprise modes without enterprise counts, and counts of another grid', () => {
    expect(() => hotspots(area, incidents)).toThrow(/enterprise/);
    expect(() => hotspots(area, incidents, { mode: 'rate' })).toThrow(/enterprise/);
    expect(() => hotspots(area, counts(hexGrid(100, [121, 30.6]), cells), { mode: 'count' })).toThrow(
      RangeError,
    );
  });

  it('gives z = 0 and p = 1 everywhere when all cells are equal', () => {
    const flat = hotspots(
      area,
      counts(
        grid,
        cells.map(([q, r]) => [q, r, 3]),
      ),
      { mode: 'count' },
    );
    expect(Array.from(flat.z).every((z) => z === 0)).toBe(true);
    expect(Array.from(flat.p).every((p) => p === 1)).toBe(true);
  });
});

describe('classes and p-values', () => {
  it('bins z like ArcGIS Gi_Bin at 90 / 95 / 99 % (|z| ≥ 1.645, 1.960, 2.576)', () => {
    const cases: [number, number][] = [
      [0, 0],
      [1.6449, 0],
      [1.645, 1],
      [1.9599, 1],
      [1.96, 2],
      [2.5759, 2],
      [2.576, 3],
      [8, 3],
      [-1.645, -1],
      [-1.96, -2],
      [-2.576, -3],
      [-1.6449, 0],
      [NaN, 0],
    ];
    for (const [z, bin] of cases) expect(giBin(z)).toBe(bin);
  });

  it('gives two-sided normal p-values (erfc to ~1e-15)', () => {
    expect(Math.abs(pValue(1.6448536269514722) - 0.1)).toBeLessThan(1e-13);
    expect(Math.abs(pValue(-1.959963984540054) - 0.05)).toBeLessThan(1e-13);
    expect(Math.abs(pValue(2.5758293035489004) - 0.01)).toBeLessThan(1e-13);
    // Python math.erfc at points on both sides of the series / continued-fraction switch at 1.5.
    const truth: [number, number][] = [
      [0.5, 0.4795001221869535],
      [1.3, 0.06599205505934755],
      [1.9, 0.0072095707647425325],
      [3, 2.2090496998585438e-5],
      [6, 2.1519736712498916e-17],
    ];
    for (const [x, v] of truth) expect(Math.abs(erfc(x) / v - 1)).toBeLessThan(1e-14);
    expect(pValue(0)).toBe(1);
  });
});

describe('against the O(n²) reference on random data', () => {
  it('matches on clustered incidents over a boundary, with enterprises, in every mode', () => {
    const rng = createRng(11);
    const n = 3000;
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // A cluster over a uniform background (a stronger cluster inflates S so much that nothing is cold: Gi*'s
      // known behaviour on skewed counts).
      const hot = rng.chance(0.3);
      lon[i] = hot ? 121.01 + rng.normal(0, 0.006) : rng.float(120.98, 121.04);
      lat[i] = hot ? 30.61 + rng.normal(0, 0.006) : rng.float(30.58, 30.63);
    }
    const elon = Float64Array.from({ length: 400 }, () => rng.float(120.98, 121.04));
    const elat = Float64Array.from({ length: 400 }, () => rng.float(30.58, 30.63));
    const g = hexGrid(250, [121.01, 30.605]);
    const inc = hexBin(lon, lat, { sizeM: 250, center: g.center });
    const ent = hexBin(elon, elat, { sizeM: 250, center: g.center });
    const boundary = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [120.985, 30.585],
          [121.07, 30.585],
          [121.07, 30.625],
          [120.985, 30.625],
          [120.985, 30.585],
        ],
      ],
    };
    const area = hexUnion(g, hexCover(boundary, g), ent);
    expect(area.q.length).toBeGreaterThan(300);
    for (const mode of ['count', 'rate', 'expected'] as const) {
      const res = hotspots(area, inc, { mode, enterprises: ent });
      const kept = [...res.value.keys()].filter((i) => !Number.isNaN(res.value[i]));
      const ref = referenceGiStar(
        kept.map((i) => res.q[i]),
        kept.map((i) => res.r[i]),
        kept.map((i) => res.value[i]),
      );
      kept.forEach((i, k) => {
        expect(Math.abs(res.z[i] - ref[k])).toBeLessThan(1e-9);
        expect(res.bin[i]).toBe(giBin(ref[k]));
      });
      if (mode === 'count') {
        expect(Math.max(...res.bin)).toBe(3); // the cluster is hot at 99 %
        expect(Math.min(...res.bin)).toBeLessThan(0); // and the empty east of the boundary is cold
        const inside = Array.from(inc.count).reduce((a, b) => a + b, 0) - res.outside;
        expect(res.observed.reduce((a, b) => a + b, 0)).toBe(inside);
      }
    }
  });

  it('giStar works on any neighbour table (here a path: each cell has a left and a right neighbour)', () => {
    const values = Float64Array.from([1, 5, 2, 8, 3]);
    const nb = new Int32Array(30).fill(-1);
    for (let i = 0; i < 5; i++) {
      nb[6 * i] = i + 1 < 5 ? i + 1 : -1;
      nb[6 * i + 3] = i - 1;
    }
    const { z } = giStar(values, nb);
    // Cell 2: W = 3, Σwx = 15, x̄ = 19/5, S² = 103/5 − 361/25 = 154/25.
    const s = Math.sqrt(154 / 25);
    expect(Math.abs(z[2] - (15 - 3 * 3.8) / (s * Math.sqrt((15 - 9) / 4)))).toBeLessThan(1e-12);
  });
});
