/**
 * The county wall's pure derivations (issue 14) on data/haiyan-mini (3 communities in 2 towns): the units ranked are
 * the stats JSON's communities and towns with their own figures, in the grid charts' two orders; the grid cell of the
 * KPI strip counts them; the tour stops at the communities, then at their worst grids. A community wall is as before.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import type { Stats } from '../../../src/domain/stats';
import { gridCoverage, gridRanking, isCountyWall, rankByCoverage, rankByIncidents, wallUnits } from '../../../src/domain/wall-ranking';
import { wallKpis } from '../../../src/domain/wall-kpis';
import { wallTourStops } from '../../../src/domain/wall-tour';
import { underPatrolTarget } from '../../../src/domain/rules';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let stats: Stats;

beforeAll(async () => {
  const dataset = await loadDataset(folderSource(path.join(ROOT, 'data/haiyan-mini')), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  stats = datasetStats(dataset, { now: Date.now() });
});

describe('rankByIncidents / rankByCoverage', () => {
  const rows = [
    { code: 'c', incidents: 5, coverage: null },
    { code: 'a', incidents: 5, coverage: 0.9 },
    { code: 'b', incidents: 9, coverage: 0.5 },
  ];
  it('order any units as the grid charts do, ties by code, nothing to cover last, without mutating', () => {
    const copy = structuredClone(rows);
    expect(rankByIncidents(rows).map((r) => r.code)).toEqual(['b', 'a', 'c']);
    expect(rankByCoverage(rows).map((r) => r.code)).toEqual(['b', 'a', 'c']);
    expect(rows).toEqual(copy);
  });

  it('the grid charts are these orders over stats.grids', () => {
    expect(gridRanking(stats).map((r) => r.code)).toEqual(
      rankByIncidents(stats.grids.map((g) => ({ code: g.code, incidents: g.incidents.total }))).map((r) => r.code),
    );
    expect(gridCoverage(stats).map((r) => r.code)).toEqual(
      rankByCoverage(stats.grids.map((g) => ({ code: g.code, coverage: g.patrol.enterpriseCoverage }))).map((r) => r.code),
    );
  });
});

describe('wallUnits', () => {
  it('are stats.communities and stats.towns with their own figures, nothing recounted', () => {
    expect(isCountyWall(stats)).toBe(true);
    for (const [kind, units] of [['community', stats.communities], ['town', stats.towns]] as const) {
      expect(wallUnits(stats, kind)).toEqual(
        units.map((u) => ({
          code: u.code,
          name: u.name,
          incidents: u.incidents.month.total,
          closureRate: u.incidents.month.closureRate,
          coverage: u.patrol.enterpriseCoverage,
          area: u.patrol.areaCoverage,
        })),
      );
    }
    // The towns' month's incidents add up to the county's (every grid of haiyan-mini has a community).
    expect(wallUnits(stats, 'town').reduce((a, u) => a + u.incidents, 0)).toBe(stats.totals.incidents.month.total);
    expect(wallUnits(stats, 'community').reduce((a, u) => a + u.incidents, 0)).toBe(stats.totals.incidents.month.total);
  });
});

describe('wallKpis on a county', () => {
  it('counts the communities and towns beside the grids; a community wall does not', () => {
    const grids = wallKpis(stats, null).find((k) => k.id === 'grids')!;
    expect(grids.value).toBe(stats.totals.grids);
    expect(grids.parts).toEqual([
      { id: 'communities', value: 3, unit: 'count' },
      { id: 'towns', value: 2, unit: 'count' },
    ]);
    const one = { ...stats, communities: stats.communities.slice(0, 1) };
    expect(wallKpis(one, null).find((k) => k.id === 'grids')!.parts).toEqual([]);
  });
});

describe('wallTourStops', () => {
  it('a county: every community in code order, then the worst grid of each that needs attention', () => {
    const overdue: Record<string, number> = Object.fromEntries(stats.grids.map((g, i) => [g.code, i % 3]));
    const stops = wallTourStops(stats, overdue);
    expect(stops.slice(0, 3)).toEqual(stats.communities.map((c) => c.code));
    const grids = stops.slice(3);
    expect(grids.length).toBeLessThanOrEqual(3);
    for (const code of grids) {
      const community = stats.communities.find((c) => c.gridCodes.includes(code))!;
      const own = stats.grids.filter((g) => community.gridCodes.includes(g.code));
      // No grid of the community has more overdue incidents.
      expect(Math.max(...own.map((g) => overdue[g.code] ?? 0))).toBe(overdue[code]);
    }
    // One per community, in community order.
    const owners = grids.map((code) => stats.communities.findIndex((c) => c.gridCodes.includes(code)));
    expect(owners).toEqual([...new Set(owners)].sort());
  });

  it('a county with nothing overdue goes to the grids under the patrol target, lowest first', () => {
    const stops = wallTourStops(stats, {}, { gridsPerCommunity: 2 }).slice(stats.communities.length);
    for (const code of stops) expect(underPatrolTarget(stats.grids.find((g) => g.code === code)!.patrol.enterpriseCoverage)).toBe(true);
    expect(wallTourStops(stats, {}, { gridsPerCommunity: 0 })).toEqual(stats.communities.map((c) => c.code));
  });

  it('a community wall tours every grid in code order, as before', () => {
    const one = { ...stats, communities: stats.communities.slice(0, 1) };
    expect(wallTourStops(one, {})).toEqual(stats.grids.map((g) => g.code));
  });
});
