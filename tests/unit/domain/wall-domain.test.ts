/**
 * The wall screen's pure derivations (issue 5), on hand-made incidents and on the bundled community: the KPI strip
 * is read off the stats JSON, the alert counts agree with the stats' overdue and near-due, the carousel only holds
 * open level ≥ 2 incidents, and no phone or ID number survives into a title.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { IncidentProps } from '../../../src/domain/types';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { datasetAsOf, type Stats } from '../../../src/domain/stats';
import { monthByLevel, wallKpis } from '../../../src/domain/wall-kpis';
import { overdueByGrid, wallAlerts } from '../../../src/domain/wall-alerts';
import { carouselItems } from '../../../src/domain/wall-carousel';
import { incidentTrend } from '../../../src/domain/wall-trend';
import { gridCoverage, gridRanking, monthByCategory } from '../../../src/domain/wall-ranking';
import { personalScrubber, scrubPersonal } from '../../../src/domain/wall-privacy';
import type { Dataset } from '../../../src/domain/types';
import { datasetIncidents, incidentTable } from '../../../src/domain/incident-table';

const ASOF = Date.parse('2026-11-20T17:00:00+08:00');
const inc = (p: Partial<IncidentProps> & { id: string }): { properties: IncidentProps; geometry: { coordinates: number[] } } => ({
  properties: {
    category: 'safety',
    level: 2,
    status: 'in-progress',
    reportedAt: '2026-11-18T09:00:00+08:00',
    gridCode: 'G1',
    ...p,
  },
  geometry: { coordinates: [121, 30.6] },
});
const grid = (code: string, coverage: number | null, total = 0) =>
  ({ code, name: `网格${code}`, incidents: { total }, patrol: { enterpriseCoverage: coverage, areaCoverage: coverage, leaderPatrolled: false } }) as unknown as Stats['grids'][number];

describe('wall-privacy', () => {
  it('blanks phones (plain and masked), ID numbers and landlines, and leaves other numbers', () => {
    expect(scrubPersonal('张先生 13812341234 反映')).toBe('张先生 ··· 反映');
    expect(scrubPersonal('联系 138****1234')).toBe('联系 ···');
    expect(scrubPersonal('身份证 33042419800101123X 到场')).toBe('身份证 ··· 到场');
    expect(scrubPersonal('电话 0573-86123456')).toBe('电话 ···');
    expect(scrubPersonal('3号楼 120 平方米 2026年')).toBe('3号楼 120 平方米 2026年');
  });

  it("blanks the dataset's people by name as well, longest name first, and leaves one-character names alone", () => {
    const scrub = personalScrubber(['王建国', '王建', ' 李娜 ', '周', 'a.b']);
    expect(scrub('王建国 13812341234 反映噪声')).toBe('··· ··· 反映噪声');
    // 王建国 wins over its prefix 王建: one blank, not a blank and a left-over 国.
    expect(scrub('网格员王建国、李娜到场')).toBe('网格员···、···到场');
    expect(scrub('周边道路积水')).toBe('周边道路积水');
    // Regular-expression characters in a name are taken literally.
    expect(scrub('axb 与 a.b')).toBe('axb 与 ···');
    expect(personalScrubber([])('张先生 13812341234')).toBe('张先生 ···');
  });

  it('blanks names exactly as one regular expression of them all would (the former way), on random texts', () => {
    // The former personalScrubber: every name, longest first, in one alternation, gaps of up to two between characters.
    const GAP = '[\\s\\u00B7\\u30FB\\u2022.\\-_\\u2010-\\u2015\\uFF0D]{0,2}';
    const reference = (names: string[]) => {
      const known = [...new Set(names.map((n) => n.replace(/\s+/g, '')))].filter((n) => [...n].length >= 2).sort((a, b) => [...b].length - [...a].length);
      const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const re = new RegExp(known.map((n) => [...n].map(literal).join(GAP)).join('|'), 'gu');
      return (t: string) => scrubPersonal(t).replace(re, '···');
    };
    const names = ['王建国', '王建', '王建国强', '张三', '张 三丰', '李·四', '𠀋一', '欧阳-娜娜', '王.建', '阿依古丽·买买提', '赵'];
    const pieces = ['王', '建', '国', '强', '张', '三', '丰', '李', '四', '·', ' ', '  ', '-', '.', '𠀋', '一', '欧阳', '娜', '阿依古丽', '买买提', '反映', '13812341234', 'x', '　', '_'];
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const ours = personalScrubber(names);
    const theirs = reference(names);
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + rand(12) }, () => pieces[rand(pieces.length)]).join('');
      expect(ours(text), JSON.stringify(text)).toBe(theirs(text));
    }
    expect(ours('王 建国强 与 王·建 和 张三丰')).toBe(theirs('王 建国强 与 王·建 和 张三丰'));
  });

  it('carousel and alert titles go through the scrubber they are given', () => {
    const scrub = personalScrubber(['王建国']);
    const incidents = incidentTable([inc({ id: 'I1', level: 3, title: '王建国反映 13812341234 堵塞' })]);
    const items = carouselItems(incidents, { asOf: ASOF, gridNames: new Map(), scrub });
    expect(items.map((i) => i.title)).toEqual(['···反映 ··· 堵塞']);
    const overdue = incidentTable([inc({ id: 'I2', level: 3, title: '王建国 堵塞', reportedAt: '2026-10-01T09:00:00+08:00' })]);
    const alerts = wallAlerts(overdue, { grids: [grid('G1', 1)] }, { asOf: ASOF, scrub });
    expect(alerts.items.filter((a) => a.title).map((a) => a.title)).toEqual(['··· 堵塞']);
  });

  it('scrubs only the titles shown: a county has tens of thousands of open incidents (5 s of scrubbing before)', () => {
    const many = incidentTable(
      Array.from({ length: 200 }, (_, k) => inc({ id: `I${String(k).padStart(3, '0')}`, level: 3, title: `王建国 ${k} 堵塞`, reportedAt: '2026-10-01T09:00:00+08:00' })),
    );
    const seen: string[] = [];
    const scrub = (t: string) => (seen.push(t), personalScrubber(['王建国'])(t));
    const items = carouselItems(many, { asOf: ASOF, gridNames: new Map(), scrub, limit: 12 });
    expect(items).toHaveLength(12);
    expect(seen).toHaveLength(12);
    expect(items.every((i) => i.title.startsWith('··· '))).toBe(true);
    seen.length = 0;
    const alerts = wallAlerts(many, { grids: [grid('G1', 1)] }, { asOf: ASOF, scrub, limit: 5 });
    expect(alerts.counts.overdue).toBe(200);
    expect(seen.length).toBe(alerts.items.filter((a) => a.title).length);
    expect(seen.length).toBeLessThanOrEqual(15);
    expect(alerts.items.filter((a) => a.title).every((a) => a.title!.startsWith('··· '))).toBe(true);
  });
});

describe('wall-alerts', () => {
  const incidents = incidentTable([
    inc({ id: 'A', level: 1, reportedAt: '2026-11-10T09:00:00+08:00' }), // level 1, same day: overdue
    inc({ id: 'B', level: 3, reportedAt: '2026-11-01T09:00:00+08:00' }), // 7 working days: overdue, higher level
    inc({ id: 'C', level: 2, reportedAt: '2026-11-20T09:00:00+08:00', status: 'returned' }), // on track, returned
    inc({ id: 'D', level: 2, reportedAt: '2026-11-18T09:00:00+08:00', deadline: '2026-11-20T18:00:00+08:00' }), // near due
    inc({ id: 'E', level: 4, reportedAt: '2026-11-01T09:00:00+08:00', closedAt: '2026-11-05T09:00:00+08:00' }), // closed
    inc({ id: 'F', level: 4, reportedAt: '2026-11-21T09:00:00+08:00' }), // after asOf: not yet reported
  ]);
  const stats = { grids: [grid('G1', 0.5), grid('G2', 1), grid('G3', null), grid('G4', 0.94)] };

  it('counts overdue and near-due at asOf and sorts the most pressing first', () => {
    const a = wallAlerts(incidents, stats, { asOf: ASOF, limit: 5 });
    expect(a.counts).toEqual({ overdue: 2, 'near-due': 1, returned: 1, 'under-patrolled': 2 });
    expect(a.items.map((i) => `${i.kind}:${i.id}`)).toEqual([
      'overdue:B',
      'overdue:A',
      'returned:C',
      'near-due:D',
      'under-patrolled:G1',
      'under-patrolled:G4',
    ]);
    expect(a.items[3].hours).toBeCloseTo(1);
    expect(overdueByGrid(incidents, ASOF)).toEqual({ G1: 2 });
  });

  it('keeps `limit` items per kind but counts them all', () => {
    const a = wallAlerts(incidents, stats, { asOf: ASOF, limit: 1 });
    expect(a.counts.overdue).toBe(2);
    expect(a.items.filter((i) => i.kind === 'overdue').map((i) => i.id)).toEqual(['B']);
  });
});

describe('wall-carousel', () => {
  it('holds open incidents of level ≥ 2 reported by asOf, level, then lateness, first', () => {
    const items = carouselItems(
      incidentTable([
        inc({ id: 'L1', level: 1 }),
        inc({ id: 'L2', level: 2, title: '电话13812341234' }),
        inc({ id: 'L3', level: 3, reportedAt: '2026-11-19T09:00:00+08:00' }),
        inc({ id: 'L4', level: 4, closedAt: '2026-11-19T09:00:00+08:00' }),
        inc({ id: 'L3b', level: 3, reportedAt: '2026-10-01T09:00:00+08:00' }),
      ]),
      { asOf: ASOF, gridNames: new Map([['G1', '一网格']]) },
    );
    expect(items.map((i) => i.id)).toEqual(['L3b', 'L3', 'L2']);
    expect(items[0].due).toBe('overdue');
    expect(items[2].title).toBe('电话···');
    expect(items[2].gridName).toBe('一网格');
  });
});

describe('on data/zhihuiwan', () => {
  let dataset: Dataset;
  let stats: Stats;
  let asOf: number;
  beforeAll(async () => {
    dataset = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
    asOf = datasetAsOf(dataset, 0);
    stats = datasetStats(dataset, { now: 0 });
  });

  it('reads the KPI strip off the stats JSON', () => {
    const kpis = Object.fromEntries(wallKpis(stats, { errors: 0, warnings: 3 }).map((k) => [k.id, k]));
    expect(kpis.grids.value).toBe(stats.totals.grids);
    expect(kpis.microGrids.value).toBe(stats.totals.microGrids);
    expect(kpis.enterprises.parts.map((p) => p.value)).toEqual([stats.totals.enterprises.above, stats.totals.enterprises.below]);
    expect(kpis.incidents.value).toBe(stats.totals.incidents.month.total);
    const levels = monthByLevel(stats);
    expect(Object.values(levels).reduce((a, b) => a + b, 0)).toBe(stats.totals.incidents.month.total);
    // The community's own count; on this dataset every incident names a grid in force, so the grids add up to it.
    for (const k of ['1', '2', '3', '4'] as const)
      expect(levels[k]).toBe(stats.grids.reduce((n, g) => n + g.incidents.byLevel[k], 0));
    expect(kpis.onTimeRate.value).toBe(stats.totals.incidents.month.onTimeRate);
    expect(kpis.overdue).toMatchObject({ value: stats.totals.incidents.overdue, tone: 'alert' });
    expect(kpis.patrol.value).toBe(stats.totals.patrol.enterpriseCoverage);
    expect(kpis.validation).toMatchObject({ value: 0, tone: 'warn' });
    expect(wallKpis(stats, null).at(-1)).toMatchObject({ value: null, parts: [] });
  });

  it('agrees with the stats on overdue, near-due, this month and the grids', () => {
    const incidents = datasetIncidents(dataset);
    const a = wallAlerts(incidents, stats, { asOf });
    expect(a.counts.overdue).toBe(stats.totals.incidents.overdue);
    expect(a.counts['near-due']).toBe(stats.totals.incidents.nearDue);
    expect(a.counts.returned).toBe(stats.totals.incidents.byStatus.returned);
    expect(a.counts['under-patrolled']).toBe(stats.grids.filter((g) => g.patrol.enterpriseCoverage! < 0.95).length);
    const trend = incidentTrend(incidents, stats.month, asOf, 12);
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)).toMatchObject({ month: stats.month, total: stats.totals.incidents.month.total });
    // asOf is 2026-11-20 17:00: November is partial (through the 20th), October is whole.
    expect(trend.at(-1)!.through).toBe('2026-11-20');
    expect(trend.slice(0, -1).every((p) => p.through === null)).toBe(true);
    const ranking = gridRanking(stats);
    expect(ranking.map((r) => r.incidents)).toEqual([...ranking.map((r) => r.incidents)].sort((x, y) => y - x));
    expect(gridCoverage(stats).map((r) => r.code).sort()).toEqual(stats.grids.map((g) => g.code));
    expect(monthByCategory(stats).reduce((n, r) => n + r.count, 0)).toBe(stats.totals.incidents.month.total);
  });
});
