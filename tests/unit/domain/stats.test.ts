import { describe, expect, it } from 'vitest';
import { computeStats, rate } from '../../../src/domain/stats';
import { assignEnterprises } from '../../../src/geo/assign';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

// tests/fixtures/mini: two 0.01° grids side by side, asOf Friday 2026-03-20 12:00 CST; numbers worked by hand
// in the comments of the fixture's incidents (I1…I6).
const mini = () => loadDataset(folderSource('tests/fixtures/mini'));

// Metres per degree at 30.605°N (WGS84, the projection each grid is measured in, centred on it):
// kx = 95 895.653 m per degree of longitude, ky = 110 862.701 m per degree of latitude.
const KX = 95_895.653;
const KY = 110_862.701;
const GRID_M2 = 0.01 * KX * 0.01 * KY; // 1 063 125.1 m² each
const CAPSULE = (length: number) => 2 * 50 * length + Math.PI * 50 * 50; // a 100 m band + two half discs
/** Relative closeness: the area integration is within ~1e-4 here (geo/patrol-coverage). */
const near = (actual: number | null, expected: number) => expect(Math.abs(actual! / expected - 1)).toBeLessThan(2e-4);

describe('rate', () => {
  it('is null, not 0 or 1, when there is nothing to count', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });
});

describe('computeStats on the mini fixture', () => {
  it('counts what DOMAIN.md defines', async () => {
    const ds = await mini();
    const s = datasetStats(ds, { now: 0 });
    expect(s.asOf).toBe('2026-03-20T04:00:00.000Z');
    expect(s.month).toBe('2026-03');
    expect(s.totals.grids).toBe(2);
    expect(s.totals.microGrids).toBe(2);
    expect(s.totals.enterprises).toEqual({ above: 2, below: 3, total: 5 });
    expect(s.totals.members).toEqual({
      'grid-leader': 2,
      'full-time': 1,
      'part-time': 0,
      instructor: 0,
      other: 1,
      'micro-leader': 1,
    });
    expect(s.totals.incidents.byLevel).toEqual({ '1': 2, '2': 2, '3': 1, '4': 1 });
    expect(s.totals.incidents.byStatus).toMatchObject({ closed: 3, 'in-progress': 1, accepted: 1, reported: 1, returned: 0 });
    expect(s.totals.incidents.overdue).toBe(1); // I3
    expect(s.totals.incidents.nearDue).toBe(1); // I4
    // reported in March: I1 I2 I3 I4 I6, closed by asOf: I1 I2; closed in March: I1 (on time) I2 (late) I5 (on time)
    expect(s.totals.incidents.month).toMatchObject({ total: 5, closed: 2, closureRate: 2 / 5, closedInMonth: 3 });
    expect(s.totals.incidents.month.onTimeRate).toBeCloseTo(2 / 3, 12);
    // P1…P5; in March (CST): P1, P3, P4 and P5 (startedAt 2026-02-28T16:30Z is 1 March 00:30 in China).
    expect(s.totals.patrol).toMatchObject({ tracks: 5, tracksInMonth: 4, radiusM: 50 });
    // E-D lies exactly on the shared border: the grid whose code sorts first (…001) takes it; E-E lies outside.
    expect(s.grids.map((g) => [g.code, g.enterprisesByScale])).toEqual([
      ['330424002201001', { above: 1, below: 1 }],
      ['330424002201002', { above: 0, below: 2 }],
    ]);
  });
  it('gives null rates for a month with nothing in it', async () => {
    const ds = await mini();
    const s = datasetStats(ds, { now: 0, month: '2025-01' });
    expect(s.totals.incidents.month).toMatchObject({ total: 0, closureRate: null, onTimeRate: null });
    // No incidents: null rates. No tracks: coverage 0, not null, for there are enterprises and area to count.
    for (const g of s.grids) {
      expect(g).toMatchObject({ incidents: { total: 0 }, closureRate: null, onTimeRate: null });
      expect(g.patrol).toMatchObject({ enterpriseCoverage: 0, areaCoverage: 0, leaderPatrolled: false, tracks: 0 });
    }
    expect(s.totals.patrol).toMatchObject({ enterpriseCoverage: 0, areaCoverage: 0, leaderPatrolledGrids: 0 });
  });

  it('counts the month per grid (issue 4), worked by hand', async () => {
    const s = datasetStats(await mini(), { now: 0, month: '2026-03' });
    const [g1, g2] = s.grids;
    // Grid …001 (E-A, E-D by boundary). Reported in March: I1 (fire, L1), I2 (safety, L1), I6 (other, L3).
    // Closed by asOf: I1, I2 → 2/3. Closed in March: I1 (same day, on time), I2 (next day, late) → 1/2.
    expect(g1.incidents).toMatchObject({
      total: 3,
      byLevel: { '1': 2, '2': 0, '3': 1, '4': 0 },
      byCategory: { fire: 1, safety: 1, other: 1, labour: 0, environment: 0, facility: 0, party: 0 },
      closed: 2,
      closedInMonth: 2,
    });
    expect(g1.closureRate).toBeCloseTo(2 / 3, 12);
    expect(g1.onTimeRate).toBe(0.5);
    // P1 runs over E-A (on the diagonal); E-D is 362.6 m from P1 and 293 m from P3/P4 → 1/2.
    // P1 is ≥ 95.9 m from every edge, so its whole capsule is inside: length √((0.008·kx)² + (0.008·ky)²) =
    // 1172.66 m → 100 × 1172.66 + π·50² = 125 120.2 m² of 1 063 125.1 → 0.117691. The leader m1 walked P1.
    expect(g1.patrol).toMatchObject({ enterpriseCoverage: 0.5, leaderPatrolled: true, visitedEnterprises: 1, tracks: 1 });
    near(g1.patrol.areaCoverage, CAPSULE(Math.hypot(0.008 * KX, 0.008 * KY)) / GRID_M2); // 0.117691
    // Grid …002 (E-B, E-C). Reported in March: I3 (labour, L2), I4 (environment, L2), both open → 0/2 = 0 (not
    // null: there is something to count). Closed in March: I5 (L4, reported Fri 20 Feb, deadline end of Fri
    // 13 March after 15 working days, closed 10 March) → 1/1.
    expect(g2.incidents).toMatchObject({
      total: 2,
      byLevel: { '1': 0, '2': 2, '3': 0, '4': 0 },
      byCategory: { labour: 1, environment: 1, fire: 0, facility: 0 },
      closed: 0,
      closedInMonth: 1,
    });
    expect(g2.closureRate).toBe(0);
    expect(g2.onTimeRate).toBe(1);
    // E-C lies on P3/P4 (walked by m2, a full-time worker, and m1: whoever walked counts); E-B is P5's end point,
    // and P5 is a March track only in China time → 2/2. No grid-leader of …002 walked in March (m4 walked P2 in
    // February; P4 is labelled …002 but m1 leads …001), so the leader did not patrol.
    expect(g2.patrol).toMatchObject({ enterpriseCoverage: 1, leaderPatrolled: false, visitedEnterprises: 2, tracks: 3 });
    // P3 and P4 are the same 0.006° line (counted once): 575.37 m → 65 391.4 m²; P5 is 0.0005° north–south,
    // 55.43 m → 13 397.1 m², and its disc top (271.7 m from the south edge) stays below P3's band (282.6 m):
    // 78 788.5 m² of 1 063 125.1 → 0.074110.
    near(g2.patrol.areaCoverage, (CAPSULE(0.006 * KX) + CAPSULE(0.0005 * KY)) / GRID_M2); // 0.074110
    // Community: visited E-A, E-B, E-C of the 4 enterprises inside a grid (E-E lies outside every grid) → 3/4;
    // area (125 120.2 + 78 788.5) / (2 × 1 063 125.1) = 0.095901.
    expect(s.totals.patrol).toMatchObject({ enterpriseCoverage: 0.75, visitedEnterprises: 3, enterprises: 4, leaderPatrolledGrids: 1 });
    near(s.totals.patrol.areaCoverage, (CAPSULE(Math.hypot(0.008 * KX, 0.008 * KY)) + CAPSULE(0.006 * KX) + CAPSULE(0.0005 * KY)) / (2 * GRID_M2));
    // Per-grid month incidents add up to the community's month.
    expect(g1.incidents.total + g2.incidents.total).toBe(s.totals.incidents.month.total);
  });

  it('counts February per grid: a rate of 0, a null, and the leader of …002 on patrol', async () => {
    const s = datasetStats(await mini(), { now: 0, month: '2026-02' });
    const [g1, g2] = s.grids;
    // Nothing reported or closed in grid …001 in February; no track near it.
    expect(g1).toMatchObject({ incidents: { total: 0 }, closureRate: null, onTimeRate: null });
    expect(g1.patrol).toMatchObject({ enterpriseCoverage: 0, areaCoverage: 0, leaderPatrolled: false });
    // I5 (facility, L4) reported 20 Feb, closed 10 March: not closed by February's end → 0/1; nothing closed in
    // February → null. P2 (m4, leader of …002) runs over E-B and E-C; its capsule lies inside like P1's.
    expect(g2).toMatchObject({ incidents: { total: 1, byLevel: { '4': 1 }, byCategory: { facility: 1 } }, closureRate: 0, onTimeRate: null });
    expect(g2.patrol).toMatchObject({ enterpriseCoverage: 1, leaderPatrolled: true, tracks: 1 });
    near(g2.patrol.areaCoverage, CAPSULE(Math.hypot(0.008 * KX, 0.008 * KY)) / GRID_M2);
  });

  it('refuses patrol geometry measured for another month', async () => {
    const ds = await mini();
    const gridOf = assignEnterprises(ds.grids!.features, ds.microGrids!.features, ds.enterprises!.features).grid;
    const patrol = { month: '2026-02', radius: 50, visited: new Set<string>(), area: new Map() };
    expect(() => computeStats(ds, { now: 0, gridOf, month: '2026-03', patrol })).toThrow(RangeError);
  });
});
