/**
 * One number, one function (issue 4): the filter summary of data/zhihuiwan agrees with the `stats` JSON of the CLI.
 * Month rates with no filter equal monthRates; per-grid counts with a month's time range equal datasetStats' per-grid
 * incident totals; the patrol trend of a month equals datasetStats' per-grid coverage and leaderPatrolled.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/domain/types';
import { NO_FILTER, monthFilter } from '../../../src/domain/incident-filter';
import { incidentTable, type IncidentTable } from '../../../src/domain/incident-table';
import { filterMask, incidentSummary } from '../../../src/domain/incident-summary';
import { datasetAsOf, monthRates } from '../../../src/domain/stats';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { analysisGrids, type AnalysisGrids } from '../../../src/geo/analysis-grids';
import { patrolTrend } from '../../../src/geo/patrol-trend';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

let ds: Dataset;
let table: IncidentTable;
let asOf: number;
let grids: AnalysisGrids;

beforeAll(async () => {
  ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
  table = incidentTable(ds.incidents!.features);
  asOf = datasetAsOf(ds, 0);
  grids = analysisGrids(ds, asOf);
});

describe('incidentSummary on data/zhihuiwan', () => {
  it('with NO_FILTER, every month closure and on-time rate equals monthRates', () => {
    const s = incidentSummary(table, NO_FILTER, { asOf, grids: grids.grids });
    expect(s.months.length).toBeGreaterThanOrEqual(12);
    expect(s.months.at(-1)).toBe('2026-11');
    let closedSomewhere = 0;
    s.months.forEach((m, k) => {
      const r = monthRates(table, m, asOf);
      expect(s.closureRate[k], m).toBe(r.closureRate);
      expect(s.onTimeRate[k], m).toBe(r.onTimeRate);
      if (r.closedInMonth > 0) closedSomewhere++;
    });
    expect(closedSomewhere).toBeGreaterThan(6);
    expect(s.total).toBe(ds.incidents!.features.length);
    // The timeline holds every incident (all reported by asOf), by category and by level.
    const sum = (a: number[][]) => a.reduce((t, d) => t + d.reduce((x, y) => x + y, 0), 0);
    expect(sum(Object.values(s.byCategory))).toBe(table.n);
    expect(sum(Object.values(s.byLevel))).toBe(table.n);
    expect(s.days[0]).toBeLessThanOrEqual(Math.min(...table.reported));
    expect(s.days.at(-1)).toBeLessThanOrEqual(asOf);
    expect(asOf - s.days.at(-1)!).toBeLessThan(86_400_000);
  });

  it('with a month time range, the grid counts equal datasetStats per grid, and the rates ignore the range', () => {
    for (const month of ['2026-03', '2026-10', '2026-11']) {
      const stats = datasetStats(ds, { now: 0, month });
      const s = incidentSummary(table, monthFilter(month), { asOf, grids: grids.grids });
      const byCode = new Map(s.grids.map((g) => [g.code, g]));
      expect(s.grids).toHaveLength(stats.grids.length);
      for (const g of stats.grids) {
        expect(byCode.get(g.code)?.count, `${month} ${g.code}`).toBe(g.incidents.total);
        expect(byCode.get(g.code)?.enterprises).toBe(g.enterprises);
        expect(byCode.get(g.code)?.name).toBe(g.name);
      }
      expect(s.total).toBe(stats.totals.incidents.month.total);
      const k = s.months.indexOf(month);
      expect(s.closureRate[k]).toBe(stats.totals.incidents.month.closureRate);
      expect(s.onTimeRate[k]).toBe(stats.totals.incidents.month.onTimeRate);
      // Ranking order: count descending.
      for (let i = 1; i < s.grids.length; i++) expect(s.grids[i - 1].count).toBeGreaterThanOrEqual(s.grids[i].count);
    }
  });

  it('a grid choice filters the timeline and the rates, not the grid ranking; its rates equal the grid\'s monthRates', () => {
    const month = '2026-10';
    const stats = datasetStats(ds, { now: 0, month });
    const g = stats.grids[3];
    const filter = { ...monthFilter(month), grids: [g.code] };
    const s = incidentSummary(table, filter, { asOf, grids: grids.grids });
    expect(s.total).toBe(g.incidents.total);
    expect(s.grids.find((x) => x.code === stats.grids[0].code)?.count).toBe(stats.grids[0].incidents.total);
    const k = s.months.indexOf(month);
    expect(s.closureRate[k]).toBe(g.closureRate);
    expect(s.onTimeRate[k]).toBe(g.onTimeRate);
    // The masks: every dimension, and all but the grid.
    const all = filterMask(table, filter, { asOf });
    const noGrid = filterMask(table, filter, { asOf, except: 'grids' });
    expect(all.reduce((a, b) => a + b, 0)).toBe(g.incidents.total);
    expect(noGrid.reduce((a, b) => a + b, 0)).toBe(stats.totals.incidents.month.total);
  });

  it('a category and level filter counts the same as datasetStats byCategory / byLevel', () => {
    const month = '2026-10';
    const stats = datasetStats(ds, { now: 0, month });
    const s = incidentSummary(table, { ...monthFilter(month), categories: ['safety'] }, { asOf, grids: grids.grids });
    for (const g of stats.grids) expect(s.grids.find((x) => x.code === g.code)?.count).toBe(g.incidents.byCategory.safety);
    const l = incidentSummary(table, { ...monthFilter(month), levels: [1, 2] }, { asOf, grids: grids.grids });
    for (const g of stats.grids)
      expect(l.grids.find((x) => x.code === g.code)?.count).toBe(g.incidents.byLevel['1'] + g.incidents.byLevel['2']);
  });
});

describe('patrolTrend on data/zhihuiwan', () => {
  it('for each month equals datasetStats per-grid enterprise coverage and leaderPatrolled, and the community total', () => {
    const months = ['2026-09', '2026-10'];
    const trend = patrolTrend(ds, months, asOf, { grids });
    expect(trend.months).toEqual(months);
    months.forEach((month, k) => {
      const stats = datasetStats(ds, { now: 0, month });
      expect(trend.grids.map((g) => g.code)).toEqual(stats.grids.map((g) => g.code));
      stats.grids.forEach((g, i) => {
        expect(trend.grids[i].coverage[k], `${month} ${g.code}`).toBe(g.patrol.enterpriseCoverage);
        expect(trend.grids[i].leaderPatrolled[k]).toBe(g.patrol.leaderPatrolled);
      });
      expect(trend.community[k]).toBe(stats.totals.patrol.enterpriseCoverage);
    });
    expect(trend.grids.some((g) => g.coverage.some((c) => c !== null && c < 0.95))).toBe(true);
  });

  it('names a malformed month', () => {
    expect(() => patrolTrend(ds, ['2026-13'], asOf, { grids })).toThrow(/not a month.*2026-13/);
  });
});
