/**
 * Issue 14, the wall at county level in a real browser: data/haiyan-mini (3 communities in 2 towns) opened with
 * `?data=` at 1920×1080. The header names the county; every KPI equals the county totals the CLI's `stats` computes
 * in-process from the same files, none clipped; the ranking and coverage charts rank the communities with exactly
 * `stats.communities`' figures; the tour goes from the whole county to a community with that community's figures.
 * One page load, quiet and offline.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady } from './harness';
import { datasetStats } from '../../src/geo/dataset-stats';
import { buildHierarchy } from '../../src/domain/hierarchy';
import type { Stats } from '../../src/domain/stats';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';

const DATA = path.join(ROOT, 'data/haiyan-mini');

let stats: Stats;
let county: string;

beforeAll(async () => {
  const dataset = await loadDataset(folderSource(DATA), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  stats = datasetStats(dataset, { now: Date.now() });
  county = buildHierarchy(dataset, Date.parse(stats.asOf)).county.name;
});

const app = useAppBrowser();
const rawRate = (r: number | null) => (r === null ? 'null' : String(r));
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

describe('#/wall, county', () => {
  test('haiyan-mini at 1920×1080: county name and totals, communities ranked as stats, nothing clipped', async () => {
    const tracked = await app.open({ viewport: { width: 1920, height: 1080 } });
    const { page } = tracked;
    await page.goto(app.server.url('/?data=./data/haiyan-mini/#/wall?tour=3'));
    expect(await waitReady(page), 'window.__gridsight.ready').toMatchObject({ ok: true });
    await page.waitForSelector('[data-kpi="validation"]:not([data-value="null"])');

    // The county's name, not the dataset's.
    expect(county).not.toBe('');
    expect((await page.getByTestId('wall-name').innerText()).trim()).toBe(county);

    // The KPIs are the county totals.
    const t = stats.totals;
    const cells = Object.fromEntries(
      await page.getByTestId('wall-kpi').evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-kpi')!, [e.getAttribute('data-value')!, e.getAttribute('data-parts')!]]),
      ),
    );
    expect(cells.grids).toEqual([String(t.grids), `communities=${stats.communities.length},towns=${stats.towns.length}`]);
    expect(cells.microGrids[0]).toBe(String(t.microGrids));
    expect(cells.enterprises[0]).toBe(String(t.enterprises.total));
    expect(cells.incidents[0]).toBe(String(t.incidents.month.total));
    expect(cells.closureRate[0]).toBe(rawRate(t.incidents.month.closureRate));
    expect(cells.onTimeRate[0]).toBe(rawRate(t.incidents.month.onTimeRate));
    expect(cells.overdue[0]).toBe(String(t.incidents.overdue));
    expect(cells.nearDue[0]).toBe(String(t.incidents.nearDue));
    expect(cells.patrol).toEqual([rawRate(t.patrol.enterpriseCoverage), `area=${rawRate(t.patrol.areaCoverage)}`]);

    // No KPI clipped: no text wider than its box, no cell whose content overflows it.
    const clipped = await page.evaluate(() =>
      [
        ...[...document.querySelectorAll('[data-testid="wall-kpi"] *')].filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth),
        ...[...document.querySelectorAll('[data-testid="wall-kpi"]')].filter(
          (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
        ),
        ...[...document.querySelectorAll('[data-testid="wall-kpis"]')].filter((el) => el.scrollWidth > el.clientWidth),
      ].map((el) => `${el.closest('[data-kpi]')?.getAttribute('data-kpi')}: ${el.textContent?.trim()}`),
    );
    expect(clipped).toEqual([]);

    // The ranking charts rank the communities, with stats.communities' figures, by the grids' two orders.
    for (const id of ['ranking', 'coverage']) await page.waitForSelector(`[data-testid="wall-chart-${id}"]:not([data-rendered="0"])`);
    // The page turns between communities and towns every 20 s: on a loaded machine the first turn may come first.
    await page.waitForSelector('[data-testid="wall-chart-ranking"][data-unit="community"]', { timeout: 25_000 });
    const ranking = page.getByTestId('wall-chart-ranking');
    expect(await ranking.getAttribute('data-unit')).toBe('community');
    const byIncidents = [...stats.communities].sort((a, b) => b.incidents.month.total - a.incidents.month.total || byCode(a, b));
    expect(await ranking.getAttribute('data-rows')).toBe(byIncidents.map((c) => `${c.code}=${c.incidents.month.total}`).join(','));
    const byCoverage = [...stats.communities].sort(
      (a, b) => (a.patrol.enterpriseCoverage ?? 2) - (b.patrol.enterpriseCoverage ?? 2) || byCode(a, b),
    );
    expect(await page.getByTestId('wall-chart-coverage').getAttribute('data-rows')).toBe(
      byCoverage.map((c) => `${c.code}=${rawRate(c.patrol.enterpriseCoverage)}`).join(','),
    );
    await screenshot(page, 'wall-county-1920x1080');

    // The tour: the whole county, then a community with that community's figures.
    await page.waitForSelector('[data-testid="wall-tour"][data-view="county"]');
    await page.waitForSelector('[data-testid="wall-tour"][data-view="community"]', { timeout: 20_000 });
    const tour = page.getByTestId('wall-tour');
    const code = await tour.getAttribute('data-code');
    const community = stats.communities.find((c) => c.code === code);
    expect(community, `toured ${code}`).toBeDefined();
    expect(await tour.getAttribute('data-incidents')).toBe(String(community!.incidents.month.total));
    await screenshot(page, 'wall-county-1920x1080-community');

    assertClean(tracked, app.server.origin);
  }, 60_000);
});
