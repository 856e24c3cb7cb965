import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import {
  HEX_DIRECTIONS,
  hexBin,
  hexCell,
  hexCount,
  hexCover,
  hexGrid,
  hexKey,
  hexNeighbourTable,
  hexPolygon,
  hexUnion,
} from '../../../src/geo/hexbin';
import { createRng } from '../../../src/domain/random';

const CENTER: [number, number] = [121, 30.6];

// The centre of cell (q, r) in axial coordinates (pointy-top, sizeM between adjacent centres): the oracle the
// app's hexCell and hexPolygon are checked against (the app itself never needs a centre).
function hexCenter(q: number, r: number, grid: ReturnType<typeof hexGrid>): [number, number] {
  const [kx, ky] = grid.metresPerDegree;
  return [
    grid.center[0] + (grid.sizeM * (q + r / 2)) / kx,
    grid.center[1] + (grid.sizeM * (Math.sqrt(3) / 2) * r) / ky,
  ];
}
// The 6 cells adjacent to (q, r), counter-clockwise from east.
const hexNeighbours = (q: number, r: number) => HEX_DIRECTIONS.map(([dq, dr]) => [q + dq, r + dr]);

const RAD = Math.PI / 180;

// Short geodesic distances on WGS84 from the radii of curvature at the segment's mid-latitude: independent of the
// grid's projection (which uses the centre's latitude) and within ~1e-6 of Vincenty over a few hundred metres.
function distanceM(a: number[], b: number[]): number {
  const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
  const phi = ((a[1] + b[1]) / 2) * RAD;
  const w = Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const n = 6378137 / w;
  const m = (6378137 * (1 - e2)) / w ** 3;
  return Math.hypot((b[0] - a[0]) * RAD * n * Math.cos(phi), (b[1] - a[1]) * RAD * m);
}

/** Nearest cell centre by brute force over a window: the definition that cube rounding must agree with. */
function nearestCell(grid: ReturnType<typeof hexGrid>, lon: number, lat: number) {
  const guess = hexCell(grid, lon, lat);
  const [kx, ky] = grid.metresPerDegree;
  const x = (lon - grid.center[0]) * kx;
  const y = (lat - grid.center[1]) * ky;
  let best = { q: 0, r: 0, d: Infinity };
  for (let dq = -2; dq <= 2; dq++) {
    for (let dr = -2; dr <= 2; dr++) {
      const q = guess.q + dq;
      const r = guess.r + dr;
      const d = Math.hypot(x - grid.sizeM * (q + r / 2), y - grid.sizeM * (Math.sqrt(3) / 2) * r);
      if (d < best.d) best = { q, r, d };
    }
  }
  return best;
}

describe('hexCell and hexBin', () => {
  const grid = hexGrid(200, CENTER);

  it('puts a point in the cell with the nearest centre', () => {
    const rng = createRng(1);
    for (let k = 0; k < 5000; k++) {
      const lon = rng.float(120.9, 121.1);
      const lat = rng.float(30.5, 30.7);
      const { q, r } = hexCell(grid, lon, lat);
      const best = nearestCell(grid, lon, lat);
      expect([q, r]).toEqual([best.q, best.r]);
    }
  });

  it('maps centres to their cell and steps just past an edge into the neighbour', () => {
    const [kx, ky] = grid.metresPerDegree;
    for (const [q, r] of [
      [0, 0],
      [3, -7],
      [-12, 5],
    ]) {
      const c = hexCenter(q, r, grid);
      expect(hexCell(grid, c[0], c[1])).toEqual({ q, r });
      for (const [dq, dr] of HEX_DIRECTIONS) {
        // The neighbour's centre is sizeM away; the shared edge is halfway.
        const n = hexCenter(q + dq, r + dr, grid);
        const dx = (n[0] - c[0]) * kx;
        const dy = (n[1] - c[1]) * ky;
        expect(Math.hypot(dx, dy)).toBeCloseTo(200, 6); // degrees round-trip: ~1e-9 m
        const at = (f: number) => hexCell(grid, c[0] + (f * dx) / kx, c[1] + (f * dy) / ky);
        expect(at(0.49)).toEqual({ q, r });
        expect(at(0.51)).toEqual({ q: q + dq, r: r + dr });
      }
    }
  });

  it('counts points per cell, sorted by (r, q), with cellOf and a mask', () => {
    const rng = createRng(2);
    const n = 20_000;
    const lon = new Float64Array(n);
    const lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lon[i] = 121 + rng.normal(0, 0.01);
      lat[i] = 30.6 + rng.normal(0, 0.01);
    }
    lon[7] = NaN;
    const mask = new Uint8Array(n).map(() => (rng.chance(0.5) ? 1 : 0));
    const bins = hexBin(lon, lat, { sizeM: 200, center: CENTER, mask });
    expect(bins.cellOf[7]).toBe(-1);
    for (let c = 1; c < bins.q.length; c++)
      expect(hexKey(bins.q[c], bins.r[c])).toBeGreaterThan(hexKey(bins.q[c - 1], bins.r[c - 1]));
    const expected = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (i === 7) continue;
      const { q, r } = hexCell(bins.grid, lon[i], lat[i]);
      const c = bins.cellOf[i];
      expect([bins.q[c], bins.r[c]]).toEqual([q, r]);
      if (mask[i]) expected.set(c, (expected.get(c) ?? 0) + 1);
    }
    for (let c = 0; c < bins.q.length; c++) expect(bins.count[c]).toBe(expected.get(c) ?? 0);
    // Re-aggregation after a filter change: one pass over cellOf gives what re-binning would.
    const all = hexCount(bins.cellOf, bins.q.length);
    expect(all.reduce((a, b) => a + b, 0)).toBe(n - 1);
    const again = hexBin(lon, lat, { sizeM: 200, center: CENTER });
    expect(Array.from(again.count)).toEqual(Array.from(all));
  });

  it('centres the grid on the data by default and survives a stray point far away', () => {
    const lon = Float64Array.from([121.0, 121.02, 121.01, 0]);
    const lat = Float64Array.from([30.6, 30.62, 30.61, 0]);
    const near = hexBin(lon.subarray(0, 3), lat.subarray(0, 3), { sizeM: 100 });
    expect(near.grid.center[0]).toBeCloseTo(121.01, 12);
    expect(near.grid.center[1]).toBeCloseTo(30.61, 12);
    expect(near.q[near.cellOf[2]]).toBe(0); // the middle point sits at the centre: cell (0, 0)
    expect(near.r[near.cellOf[2]]).toBe(0);
    // A point 13 000 km away is beyond the key space at 100 m: −1, not a failure; the rest are binned.
    const stray = hexBin(lon, lat, { sizeM: 100, center: CENTER });
    expect(stray.cellOf[3]).toBe(-1);
    expect(Array.from(stray.count).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('gives the same cells through the sparse path (a far point) as through the dense one', () => {
    const rng = createRng(3);
    const n = 2000;
    const lon = new Float64Array(n + 1);
    const lat = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      lon[i] = rng.float(120.95, 121.05);
      lat[i] = rng.float(30.55, 30.65);
    }
    lon[n] = 125; // ≈ 380 km east and 550 km north: 1e8 slots at 100 m, too many for the dense array
    lat[n] = 35.6;
    const dense = hexBin(lon.subarray(0, n), lat.subarray(0, n), { sizeM: 100, center: CENTER });
    const sparse = hexBin(lon, lat, { sizeM: 100, center: CENTER });
    expect(sparse.q.length).toBe(dense.q.length + 1);
    expect(Array.from(sparse.q.subarray(0, dense.q.length))).toEqual(Array.from(dense.q));
    expect(Array.from(sparse.r.subarray(0, dense.q.length))).toEqual(Array.from(dense.r));
    expect(Array.from(sparse.cellOf.subarray(0, n))).toEqual(Array.from(dense.cellOf));
    expect(sparse.cellOf[n]).toBe(dense.q.length);
  });

  it('rejects a size that is not a positive number of metres', () => {
    expect(() => hexGrid(0, CENTER)).toThrow(RangeError);
    expect(() => hexGrid(NaN, CENTER)).toThrow(RangeError);
  });
});

describe('hexPolygon', () => {
  it('tiles without gaps: adjacent cells share an edge, and a point lies in exactly one cell, its own', () => {
    const grid = hexGrid(200, CENTER);
    const near = (a: number[], b: number[]) => Math.abs(a[0] - b[0]) < 1e-12 && Math.abs(a[1] - b[1]) < 1e-12;
    for (const [q, r] of [
      [0, 0],
      [5, -3],
      [-20, 11],
    ]) {
      const ring = hexPolygon(q, r, grid).coordinates[0];
      expect(ring.length).toBe(7);
      expect(ring[6]).toEqual(ring[0]);
      for (const [nq, nr] of hexNeighbours(q, r)) {
        const other = hexPolygon(nq, nr, grid).coordinates[0];
        const shared = ring.slice(0, 6).filter((v) => other.slice(0, 6).some((w) => near(v, w)));
        expect(shared.length).toBe(2);
      }
    }
    const polygons = new Map<string, Polygon>();
    for (let q = -6; q <= 6; q++)
      for (let r = -6; r <= 6; r++) polygons.set(`${q},${r}`, hexPolygon(q, r, grid));
    const rng = createRng(4);
    for (let k = 0; k < 400; k++) {
      const lon = rng.float(120.99, 121.01);
      const lat = rng.float(30.595, 30.605);
      const inside = [...polygons]
        .filter(([, p]) => booleanPointInPolygon([lon, lat], p))
        .map(([key]) => key);
      const { q, r } = hexCell(grid, lon, lat);
      expect(inside).toEqual([`${q},${r}`]);
    }
  });

  it('has the requested size in metres within 0.1 %, across a community (±5 km) and at each size', () => {
    for (const sizeM of [100, 200, 500]) {
      const grid = hexGrid(sizeM, CENTER);
      const rows = Math.round(5000 / ((sizeM * Math.sqrt(3)) / 2));
      const cols = Math.round(5000 / sizeM);
      for (const [q, r] of [
        [0, 0],
        [cols, 0],
        [-cols, rows],
        [0, -rows],
        [cols, -rows],
      ]) {
        const ring = hexPolygon(q, r, grid).coordinates[0];
        const c = hexCenter(q, r, grid);
        for (let k = 0; k < 3; k++) {
          // Edge to edge: between the midpoints of opposite edges k and k + 3.
          const mid = (i: number) => [(ring[i][0] + ring[i + 1][0]) / 2, (ring[i][1] + ring[i + 1][1]) / 2];
          expect(Math.abs(distanceM(mid(k), mid(k + 3)) / sizeM - 1)).toBeLessThan(0.001);
          // Between adjacent centres.
          const [dq, dr] = HEX_DIRECTIONS[k];
          expect(Math.abs(distanceM(c, hexCenter(q + dq, r + dr, grid)) / sizeM - 1)).toBeLessThan(0.001);
          // Circumradius sizeM/√3.
          expect(Math.abs((distanceM(c, ring[k]) * Math.sqrt(3)) / sizeM - 1)).toBeLessThan(0.001);
        }
      }
    }
  });
});

describe('neighbours', () => {
  it('are the 6 adjacent cells, symmetric, and the table marks cells outside the set with −1', () => {
    const ns = hexNeighbours(2, -1);
    expect(ns.length).toBe(6);
    for (const [q, r] of ns) expect(hexNeighbours(q, r)).toContainEqual([2, -1]);
    const grid = hexGrid(200, CENTER);
    const rng = createRng(5);
    const qs: number[] = [];
    const rs: number[] = [];
    for (let k = 0; k < 300; k++) {
      qs.push(rng.int(-8, 8));
      rs.push(rng.int(-8, 8));
    }
    const cells = hexUnion(grid, { grid, q: Int32Array.from(qs), r: Int32Array.from(rs) });
    const nb = hexNeighbourTable(cells);
    const keyIndex = new Map<number, number>();
    for (let i = 0; i < cells.q.length; i++) keyIndex.set(hexKey(cells.q[i], cells.r[i]), i);
    for (let i = 0; i < cells.q.length; i++) {
      for (let k = 0; k < 6; k++) {
        const j = nb[6 * i + k];
        const [q, r] = hexNeighbours(cells.q[i], cells.r[i])[k];
        expect(j).toBe(keyIndex.get(hexKey(q, r)) ?? -1);
        if (j >= 0) expect(nb[6 * j + ((k + 3) % 6)]).toBe(i); // the opposite direction leads back
      }
    }
  });
});

describe('hexCover and hexUnion', () => {
  it('takes the cells whose centre is inside the polygon, holes and several parts included', () => {
    const grid = hexGrid(100, CENTER);
    const square = (x0: number, y0: number, x1: number, y1: number) => [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ];
    const multi = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [square(120.99, 30.59, 121.012, 30.607), square(120.995, 30.595, 121.0, 30.6).reverse()],
        [square(121.02, 30.61, 121.023, 30.6137)],
      ],
    };
    const cover = hexCover(multi, grid);
    const got = new Set<string>();
    for (let i = 0; i < cover.q.length; i++) got.add(`${cover.q[i]},${cover.r[i]}`);
    const want = new Set<string>();
    for (let q = -40; q <= 40; q++) {
      for (let r = -40; r <= 40; r++) {
        if (booleanPointInPolygon(hexCenter(q, r, grid), multi)) want.add(`${q},${r}`);
      }
    }
    expect(want.size).toBeGreaterThan(300);
    expect(got).toEqual(want);
  });

  it('merges sets without duplicates, sorted by (r, q), and refuses sets of another grid', () => {
    const grid = hexGrid(200, CENTER);
    const a = { grid, q: Int32Array.from([1, 0, 2]), r: Int32Array.from([0, 0, -1]) };
    const b = { grid, q: Int32Array.from([0, -3]), r: Int32Array.from([0, 4]) };
    const u = hexUnion(grid, a, b);
    expect(Array.from(u.q)).toEqual([2, 0, 1, -3]);
    expect(Array.from(u.r)).toEqual([-1, 0, 0, 4]);
    expect(() => hexUnion(grid, { ...a, grid: hexGrid(100, CENTER) })).toThrow(RangeError);
  });
});
