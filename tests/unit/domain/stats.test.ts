import { describe, expect, it } from 'vitest';
import { computeStats, rate } from '../../../src/domain/stats';
import { assignEnterprises } from '../../../src/geo/assign';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

// tests/fixtures/mini: two 0.01° grids side by side, asOf Friday 2026-03-20 12:00 CST; numbers worked by hand
// in the comments of the fixture's incidents (I1…I6).
const mini = () => loadDataset(folderSource('tests/fixtures/mini'));

describe('rate', () => {
  it('is null, not 0 or 1, when there is nothing to count', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });
});

describe('computeStats on the mini fixture', () => {
  it('counts what DOMAIN.md defines', async () => {
    const ds = await mini();
    const gridOf = assignEnterprises(ds.grids!.features, ds.microGrids!.features, ds.enterprises!.features).grid;
    const s = computeStats(ds, { now: 0, gridOf });
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
    expect(s.totals.patrol).toEqual({ tracks: 2, tracksInMonth: 1 });
    // E-D lies exactly on the shared border: the grid whose code sorts first (…001) takes it; E-E lies outside.
    expect(s.grids.map((g) => [g.code, g.enterprisesByScale])).toEqual([
      ['330424002201001', { above: 1, below: 1 }],
      ['330424002201002', { above: 0, below: 2 }],
    ]);
  });
  it('gives null rates for a month with nothing in it', async () => {
    const ds = await mini();
    const s = computeStats(ds, { now: 0, gridOf: new Map(), month: '2025-01' });
    expect(s.totals.incidents.month).toMatchObject({ total: 0, closureRate: null, onTimeRate: null });
  });
});
