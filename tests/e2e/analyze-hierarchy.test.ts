/**
 * Issue 14, the analyst's town and community filters in Chromium on data/haiyan-mini (3 communities in 2 towns):
 * pick a town, then one of its communities; the filter's count and the per-community and per-town bars equal the
 * incidents counted here from incidents.geojson (reported in the period the page shows, their grid's community by
 * buildHierarchy over the files), never what the app says; with every filter cleared (the month of asOf) the rankings
 * by community and by town equal `stats`' communities[] and towns[] month totals. One page load; the page stays
 * quiet and offline.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady } from './harness';
import type { Dataset, IncidentProps } from '../../src/domain/types';
import { buildHierarchy, type Hierarchy } from '../../src/domain/hierarchy';
import type { Stats } from '../../src/domain/stats';
import { datasetStats } from '../../src/geo/dataset-stats';
import { datasetAsOf } from '../../src/domain/stats';
import { parseTime } from '../../src/domain/time';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';

const DATA = path.join(ROOT, 'data/haiyan-mini');
let incidents: IncidentProps[];
let hierarchy: Hierarchy;
let stats: Stats;

beforeAll(async () => {
  const dataset: Dataset = await loadDataset(folderSource(DATA), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  incidents = (dataset.incidents?.features ?? []).map((f) => f.properties);
  hierarchy = buildHierarchy(dataset, datasetAsOf(dataset, Date.now()));
  stats = datasetStats(dataset, { now: Date.now() });
});

const app = useAppBrowser();

/** The period the filter bar shows, [from, to) in epoch ms (null: open). */
async function period(page: Page): Promise<[number, number]> {
  const el = page.getByTestId('filter-time');
  const from = await el.getAttribute('data-from');
  const to = await el.getAttribute('data-to');
  return [from ? Number(from) : -Infinity, to ? Number(to) : Infinity];
}

/** Incidents reported in [from, to) whose grid lies in one of `communities`, counted from the files. */
function count([from, to]: [number, number], communities: readonly string[]): number {
  return incidents.filter((p) => {
    const t = parseTime(p.reportedAt);
    const c = hierarchy.communityOfGrid.get(p.gridCode);
    return t >= from && t < to && c !== undefined && communities.includes(c);
  }).length;
}

/** Waits until the worker's reply is for the filter on screen (the summary's towns and communities are `want`). */
async function settled(page: Page, want: { towns: string[] | null; communities: string[] | null }): Promise<number> {
  const handle = await page.waitForFunction(
    (w) => {
      const el = document.querySelector('[data-testid="filter-total"]');
      const total = el?.getAttribute('data-current') === 'true' && el.getAttribute('data-total');
      const towns = [...document.querySelectorAll('[data-testid="filter-town"]')].map((e) => e.getAttribute('data-value'));
      const communities = [...document.querySelectorAll('[data-testid="filter-community"]')].map((e) => e.getAttribute('data-value'));
      const same = (a: (string | null)[], b: string[] | null) => JSON.stringify(a) === JSON.stringify(b ?? []);
      return total && same(towns, w.towns) && same(communities, w.communities) ? Number(total) : null;
    },
    want,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** code → count of the community or town ranking, once it is drawn with `unit` (EChart's data-rendered counts draws). */
async function unitCounts(page: Page, unit: 'community' | 'town'): Promise<Record<string, number>> {
  const chart = page.locator(`[data-testid="chart-top-units"][data-unit="${unit}"]`);
  await chart.waitFor({ timeout: 30_000 });
  await expect.poll(async () => Number(await chart.getAttribute('data-rendered')), { timeout: 30_000 }).toBeGreaterThan(0);
  return JSON.parse((await chart.getAttribute('data-counts'))!) as Record<string, number>;
}

describe('analyst filters by town and community (issue 14) in Chromium', () => {
  test('a town, then a community: counts equal the files', async () => {
    expect(hierarchy.towns.length).toBe(2);
    const town = hierarchy.towns.find((t) => t.communityCodes.length > 1)!;
    const community = hierarchy.communities.find((c) => c.code === town.communityCodes[1])!;
    const tracked = await app.open({ viewport: { width: 1600, height: 1000 } });
    const { page } = tracked;
    await page.goto(app.server.url('/?data=./data/haiyan-mini/#/analyze'));
    expect(await waitReady(page)).toMatchObject({ ok: true });
    await page.getByTestId('filter-units').waitFor();
    await settled(page, { towns: null, communities: null });
    // Opened on #/analyze, the stats worker began reading incidents and patrols at start-up (stats-client
    // prestartStats); the analysis took that read over: each file was fetched once, not once more after the overview's.
    const fetched = (file: string) => tracked.requests.filter((u) => new URL(u).pathname.endsWith(`/haiyan-mini/${file}`)).length;
    // dataset.json twice: the overview's read and the stats worker's own at start-up (the analysis reuses the first).
    expect([fetched('dataset.json'), fetched('incidents.geojson'), fetched('patrols.geojson')]).toEqual([2, 1, 1]);

    // The grid table groups the grids under their community, each group headed by stats' communities[] figures.
    const heads = await page.getByTestId('grid-month-community').evaluateAll((els) =>
      els.map((e) => ({ ...(e as HTMLElement).dataset })),
    );
    expect(heads.map((h) => h.code)).toEqual(stats.communities.map((c) => c.code));
    for (const c of stats.communities) {
      const h = heads.find((x) => x.code === c.code)!;
      expect(Number(h.incidentsTotal), c.code).toBe(c.incidents.month.total);
      expect(h.enterpriseCoverage, c.code).toBe(String(c.patrol.enterpriseCoverage));
      expect(h.gridCodes!.split(',').sort(), c.code).toEqual([...c.gridCodes].sort());
    }
    const range = await period(page);
    const all = hierarchy.communities.map((c) => c.code);

    // Every town's communities are in the town selector's narrowing; picking the town filters to it.
    await page.getByTestId('filter-town-select').selectOption(town.code);
    expect(await settled(page, { towns: [town.code], communities: null })).toBe(count(range, town.communityCodes));
    const options = await page.getByTestId('filter-community-select').locator('option').evaluateAll((els) =>
      els.map((e) => (e as HTMLOptionElement).value).filter(Boolean),
    );
    expect(options).toEqual(town.communityCodes);

    await page.getByTestId('filter-community-select').selectOption(community.code);
    const total = await settled(page, { towns: [town.code], communities: [community.code] });
    expect(total).toBeGreaterThan(0);
    expect(total).toBe(count(range, [community.code]));

    // The ranking by community (the town's communities, its own choice left out) and by town.
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('rank-unit').locator('[data-unit="community"]').click();
    const perCommunity = await unitCounts(page, 'community');
    expect(perCommunity).toEqual(Object.fromEntries(town.communityCodes.map((c) => [c, count(range, [c])])));
    await page.waitForTimeout(800); // the bars' entry animation, for a picture with every bar drawn
    await screenshot(page, 'analyze-hierarchy');
    await page.getByTestId('rank-unit').locator('[data-unit="town"]').click();
    const perTown = await unitCounts(page, 'town');
    for (const t of hierarchy.towns)
      expect(perTown[t.code]).toBe(count(range, t.communityCodes.filter((c) => c === community.code)));

    // Removing the chips and clearing bring back every community.
    await page.getByTestId('filter-community').click();
    expect(await settled(page, { towns: [town.code], communities: null })).toBe(count(range, town.communityCodes));
    await page.getByTestId('filter-clear').click();
    expect(await settled(page, { towns: null, communities: null })).toBe(count(await period(page), all));

    // Cleared, the period is stats' month: the rankings equal its communities' and towns' month totals.
    const monthTotals = (units: Stats['communities'] | Stats['towns']) =>
      Object.fromEntries(units.map((u) => [u.code, u.incidents.month.total]));
    expect(await unitCounts(page, 'town')).toEqual(monthTotals(stats.towns));
    await page.getByTestId('rank-unit').locator('[data-unit="community"]').click();
    expect(await unitCounts(page, 'community')).toEqual(monthTotals(stats.communities));
    assertClean(tracked, new URL(app.server.url('/')).origin);
  });
});
