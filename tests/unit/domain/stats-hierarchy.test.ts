/**
 * Issue 14: `stats` gains `communities[]` and `towns[]` with the definitions of `totals`. Checked as identities on a
 * generated three-community dataset (a town's counts are its communities' added up, a community's its grids', and
 * the towns' the totals), against the incident features directly, on a revoked grid's history, with a community
 * missing from community.geojson, and on the bundled one-community dataset (its community and town are `totals`).
 */
import { describe, expect, it } from 'vitest';
import { rate } from '../../../src/domain/rate';
import type { Stats } from '../../../src/domain/stats';
import type { Dataset } from '../../../src/domain/types';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { generateDataset } from '../../../src/synth/generate/index';

type Unit = Stats['communities'][number] | Stats['towns'][number];
type Counts = { [key: string]: number | Counts };

/** The counts of a unit (what adds up), without its rates. */
const unitCounts = (u: Stats['totals']): Counts => ({
  grids: u.grids,
  microGrids: u.microGrids,
  enterprises: u.enterprises,
  members: u.members,
  incidents: {
    total: u.incidents.total,
    byLevel: u.incidents.byLevel,
    byStatus: u.incidents.byStatus,
    overdue: u.incidents.overdue,
    nearDue: u.incidents.nearDue,
    month: {
      total: u.incidents.month.total,
      closed: u.incidents.month.closed,
      closedInMonth: u.incidents.month.closedInMonth,
      byLevel: u.incidents.month.byLevel,
      byCategory: u.incidents.month.byCategory,
    },
  },
  patrol: {
    tracks: u.patrol.tracks,
    tracksInMonth: u.patrol.tracksInMonth,
    visitedEnterprises: u.patrol.visitedEnterprises,
    enterprises: u.patrol.enterprises,
    leaderPatrolledGrids: u.patrol.leaderPatrolledGrids,
  },
});

/** What a grid row says of the same counts (the month's incidents; the month's tracks). */
const gridCounts = (g: Stats['grids'][number]): Counts => ({
  grids: 1,
  microGrids: g.microGrids,
  enterprises: { ...g.enterprisesByScale, total: g.enterprises },
  members: g.members,
  incidents: {
    month: {
      total: g.incidents.total,
      closed: g.incidents.closed,
      closedInMonth: g.incidents.closedInMonth,
      byLevel: g.incidents.byLevel,
      byCategory: g.incidents.byCategory,
    },
  },
  patrol: {
    tracksInMonth: g.patrol.tracks,
    visitedEnterprises: g.patrol.visitedEnterprises,
    enterprises: g.enterprises,
    leaderPatrolledGrids: g.patrol.leaderPatrolled ? 1 : 0,
  },
});

/** Adds nested counts key by key; the first list item gives the keys. */
function sum(list: Counts[]): Counts {
  const out: Counts = {};
  for (const key of Object.keys(list[0])) {
    const values = list.map((c) => c[key]);
    out[key] =
      typeof values[0] === 'number'
        ? (values as number[]).reduce((a, b) => a + b, 0)
        : sum(values as Counts[]);
  }
  return out;
}

/** `counts` cut down to the keys of `shape` (to compare a unit with what its grid rows can say). */
function pick(counts: Counts, shape: Counts): Counts {
  return Object.fromEntries(
    Object.keys(shape).map((k) => [
      k,
      typeof shape[k] === 'number' ? counts[k] : pick(counts[k] as Counts, shape[k] as Counts),
    ]),
  );
}

/** A unit's figures without what names it: the shape of `totals`. */
const figures = (u: Unit) => {
  const rest: Record<string, unknown> = { ...u };
  for (const k of ['code', 'name', 'townCode', 'gridCodes', 'communityCodes']) delete rest[k];
  return rest;
};

/** A generated dataset as the loader gives it (incidents as features). */
function generated(seed: number): Dataset {
  const g = generateDataset({
    scale: 'community',
    seed,
    communities: 3,
    towns: 2,
    grids: 12,
    incidents: 2000,
    patrolMonths: 2,
  });
  return {
    manifest: g.manifest,
    community: g.community,
    grids: g.grids,
    microGrids: g.microGrids,
    enterprises: g.enterprises,
    members: g.members,
    incidents: { type: 'FeatureCollection', features: [...g.incidents()] },
    patrols: g.patrols,
  };
}

describe(
  'stats per town and community on a generated county of 3 communities in 2 towns',
  { timeout: 60_000 },
  () => {
    const dataset = generated(11);
    const s = datasetStats(dataset, { now: 0 });

    it('lists every town and community, sorted, beside grids[], keeping the keys before them in their order', () => {
      expect(Object.keys(s)).toEqual(['asOf', 'month', 'dataset', 'totals', 'grids', 'communities', 'towns']);
      const codes = dataset.community!.features.map((f) => f.properties.code).sort();
      expect(s.communities.map((c) => c.code)).toEqual(codes);
      expect(s.towns.map((t) => t.code)).toEqual([...new Set(codes.map((c) => c.slice(0, 9)))].sort());
      expect(s.towns).toHaveLength(2);
      for (const c of s.communities) {
        expect(c.townCode).toBe(c.code.slice(0, 9));
        expect(c.name).toBe(
          dataset.community!.features.find((f) => f.properties.code === c.code)!.properties.name,
        );
        expect(Object.keys(figures(c))).toEqual(Object.keys(s.totals));
        expect(JSON.stringify(Object.keys(c.incidents.month))).toBe(
          JSON.stringify(Object.keys(s.totals.incidents.month)),
        );
      }
      for (const t of s.towns)
        expect(t.name).toBe(
          dataset.community!.features.find((f) => f.properties.code.startsWith(t.code))!.properties.town,
        );
    });

    it("a town's counts are the sum of its communities', and the towns' the totals", () => {
      for (const t of s.towns) {
        const own = s.communities.filter((c) => t.communityCodes.includes(c.code));
        expect(own.map((c) => c.code)).toEqual(t.communityCodes);
        expect(unitCounts(t)).toEqual(sum(own.map(unitCounts)));
      }
      expect(sum(s.towns.map(unitCounts))).toEqual(unitCounts(s.totals));
    });

    it("a community's counts are the sum of its grids'", () => {
      for (const c of s.communities) {
        const rows = s.grids.filter((g) => c.gridCodes.includes(g.code));
        expect(rows.map((g) => g.code)).toEqual(c.gridCodes);
        expect(rows.length).toBeGreaterThan(1);
        const fromGrids = sum(rows.map(gridCounts));
        expect(pick(unitCounts(c), fromGrids)).toEqual(fromGrids);
      }
    });

    it('rates come from the summed counts: closure, on-time, enterprise and area coverage', () => {
      for (const u of [...s.communities, ...s.towns]) {
        const grids = s.grids.filter((g) => g.code.startsWith(u.code));
        const m = u.incidents.month;
        expect(m.closureRate).toBe(rate(m.closed, m.total));
        const onTime = grids.reduce(
          (n, g) => n + Math.round((g.onTimeRate ?? 0) * g.incidents.closedInMonth),
          0,
        );
        expect(m.onTimeRate).toBe(rate(onTime, m.closedInMonth));
        expect(u.patrol.enterpriseCoverage).toBe(rate(u.patrol.visitedEnterprises, u.patrol.enterprises));
        const covered = grids.reduce((a, g) => a + g.patrol.coveredM2!, 0);
        const area = grids.reduce((a, g) => a + g.patrol.areaM2!, 0);
        expect(u.patrol.areaCoverage).toBeCloseTo(covered / area, 4);
        expect(u.patrol.radiusM).toBe(s.totals.patrol.radiusM);
      }
    });

    it('counts the incidents each community names, as read from the features', () => {
      const features = dataset.incidents!.features;
      for (const c of s.communities) {
        const own = features.filter((f) => f.properties.gridCode.startsWith(c.code));
        expect(c.incidents.total).toBe(own.length);
        for (const level of ['1', '2', '3', '4'] as const) {
          expect(c.incidents.byLevel[level]).toBe(
            own.filter((f) => String(f.properties.level) === level).length,
          );
        }
        expect(c.incidents.byStatus.closed).toBe(own.filter((f) => f.properties.status === 'closed').length);
        expect(c.members['grid-leader']).toBe(c.grids);
      }
    });

    it('a community missing from community.geojson: its grids count in totals and grids[] only; totals unchanged', () => {
      const gone = s.communities[1].code;
      const cut: Dataset = {
        ...dataset,
        community: {
          ...dataset.community!,
          features: dataset.community!.features.filter((f) => f.properties.code !== gone),
        },
      };
      const t = datasetStats(cut, { now: 0 });
      expect(t.totals).toEqual(s.totals);
      expect(t.grids).toEqual(s.grids);
      expect(t.communities.map((c) => c.code)).toEqual(
        s.communities.map((c) => c.code).filter((c) => c !== gone),
      );
      for (const c of t.communities) expect(c).toEqual(s.communities.find((x) => x.code === c.code));
      const lost = unitCounts(s.communities[1]);
      const towns = sum(t.towns.map(unitCounts));
      expect((towns.incidents as Counts).total).toBe(
        s.totals.incidents.total - ((lost.incidents as Counts).total as number),
      );
      expect(towns.grids).toBe(s.totals.grids - (lost.grids as number));
    });
  },
);

describe('stats per community where history and one community meet', () => {
  it('a revoked grid: its incidents count in its community (as in totals), in no grid row', async () => {
    // tests/fixtures/issue-10-incident-columns: one community; C04, C05 and C16 name grid …003, revoked 2026-01-01.
    const ds = await loadDataset(folderSource('tests/fixtures/issue-10-incident-columns'));
    const s = datasetStats(ds, { now: 0 });
    expect(s.communities).toHaveLength(1);
    const [c] = s.communities;
    expect(c.gridCodes).toEqual(['330424002201001', '330424002201002']);
    // Everything as in totals but E-E, the enterprise outside every grid: totals count it, no community holds it.
    expect({ ...figures(c), enterprises: null }).toEqual({ ...s.totals, enterprises: null });
    expect(s.totals.enterprises).toEqual({ above: 2, below: 3, total: 5 });
    expect(c.enterprises).toEqual({ above: 1, below: 3, total: 4 });
    expect(c.patrol.enterprises).toBe(s.totals.patrol.enterprises);
    const revoked = ds.incidents!.features.filter((f) => f.properties.gridCode === '330424002201003');
    expect(revoked.map((f) => f.properties.id)).toEqual(['C04', 'C05', 'C16']);
    const rows = s.grids.reduce((n, g) => n + g.incidents.total, 0);
    // C04 and C16 were reported in March, the month of asOf (C05 in February): the community counts them, no grid row.
    const marchRevoked = revoked.filter((f) => f.properties.reportedAt.startsWith('2026-03')).length;
    expect(marchRevoked).toBe(2);
    expect(c.incidents.month.total).toBe(rows + marchRevoked);
  });

  it('data/zhihuiwan: its one community and one town carry exactly the totals, in the same key order', async () => {
    const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
    const s = datasetStats(ds, { now: 0 });
    const community = ds.community!.features[0].properties;
    expect(s.communities.map((c) => [c.code, c.name, c.townCode])).toEqual([
      [community.code, community.name, community.code.slice(0, 9)],
    ]);
    expect(s.towns.map((t) => [t.code, t.name, t.communityCodes])).toEqual([
      [community.code.slice(0, 9), community.town, [community.code]],
    ]);
    expect(JSON.stringify(figures(s.communities[0]))).toBe(JSON.stringify(s.totals));
    expect(JSON.stringify(figures(s.towns[0]))).toBe(JSON.stringify(s.totals));
    expect(s.communities[0].gridCodes).toEqual(s.grids.map((g) => g.code));
  });
});
