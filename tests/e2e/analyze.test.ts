/**
 * Issue 4, the analyst route in a real browser: the month statistics per grid on screen are exactly the numbers of
 * `datasetStats` (what the CLI's `stats` prints) computed here from data/zhihuiwan, for one grid and month.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  ROOT,
  assertClean,
  screenshot,
  useAppBrowser,
  waitReady,
} from './harness';
import { datasetStats } from '../../src/geo/dataset-stats';
import { datasetAsOf, type Stats } from '../../src/domain/stats';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { PATROL_COVERAGE_TARGET } from '../../src/domain/rules';

const DATA = path.join(ROOT, 'data/zhihuiwan');
const MONTH = '2026-10';

let expected: Stats;

beforeAll(async () => {
  const dataset = await loadDataset(folderSource(DATA), {
    require: ['grids.geojson'],
    skip: ['basemap.geojson'],
  });
  const asOf = datasetAsOf(dataset, Date.now());
  expected = datasetStats(dataset, { month: MONTH, now: asOf });
});

const app = useAppBrowser();

const rawAttr = (v: number | boolean | null) => (v === null ? 'null' : String(v));

describe('#/analyze', () => {
  test('shows the CLI stats of a grid and month, a row per grid, quietly and offline', async () => {
    const tracked = await app.open();
    const { page } = tracked;
    await page.goto(app.server.url('/#/analyze'));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });

    // Ready means the default month (of asOf) is on screen, with a row per grid.
    const table = page.getByTestId('grid-month-table');
    expect(await table.getAttribute('data-month')).toBe('2026-11');
    const select = page.getByTestId('month-select');
    expect(await select.locator('option').count()).toBe(12);
    expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('#/analyze');

    await select.selectOption(MONTH);
    await page.waitForSelector(`[data-testid="grid-month-table"][data-month="${MONTH}"]`, {
      timeout: 60_000,
    });
    const rows = page.getByTestId('grid-month-row');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(
      expected.grids.map((g) => g.code),
    );
    // Every row carries the CLI's numbers too.
    const rowAttrs = await rows.evaluateAll((els) =>
      els.map((e) => ({
        code: e.getAttribute('data-code'),
        total: e.getAttribute('data-incidents-total'),
        closure: e.getAttribute('data-closure-rate'),
        onTime: e.getAttribute('data-on-time-rate'),
        enterprise: e.getAttribute('data-enterprise-coverage'),
        area: e.getAttribute('data-area-coverage'),
        leader: e.getAttribute('data-leader-patrolled'),
      })),
    );
    expect(rowAttrs).toEqual(
      expected.grids.map((g) => ({
        code: g.code,
        total: String(g.incidents.total),
        closure: rawAttr(g.closureRate),
        onTime: rawAttr(g.onTimeRate),
        enterprise: rawAttr(g.patrol.enterpriseCoverage),
        area: rawAttr(g.patrol.areaCoverage),
        leader: String(g.patrol.leaderPatrolled),
      })),
    );

    await screenshot(page, 'analyze-table');

    // One grid: the one with the most incidents that month (ties: the first code).
    const grid = [...expected.grids].sort((a, b) => b.incidents.total - a.incidents.total)[0];
    await page.locator(`[data-testid="grid-month-row"][data-code="${grid.code}"]`).click();
    const panel = page.locator(
      `[data-testid="grid-month-panel"][data-code="${grid.code}"][data-month="${MONTH}"]`,
    );
    await panel.waitFor({ timeout: 30_000 });
    // The filter is the month itself: the card names that month once and has no second period.
    expect(await page.getByTestId('grid-filter-count').count()).toBe(0);
    expect(await page.getByTestId('grid-month-period').textContent()).toContain('月度考核');
    // Every data attribute but Vue's scoped-style markers (data-v-xxxxxxxx: dataset key vXxxxxxxx, or v-9xxxxxxx when
    // the hash starts with a digit).
    const attrs = await panel.evaluate((el) =>
      Object.fromEntries(Object.entries(el.dataset).filter(([k]) => !/^v-?[0-9a-f]{8}$/i.test(k))),
    );
    expect(attrs).toEqual({
      testid: 'grid-month-panel',
      code: grid.code,
      month: MONTH,
      enterprises: String(grid.enterprises),
      incidentsTotal: String(grid.incidents.total),
      incidentsByLevel: JSON.stringify(grid.incidents.byLevel),
      incidentsByCategory: JSON.stringify(grid.incidents.byCategory),
      closureRate: rawAttr(grid.closureRate),
      onTimeRate: rawAttr(grid.onTimeRate),
      enterpriseCoverage: rawAttr(grid.patrol.enterpriseCoverage),
      areaCoverage: rawAttr(grid.patrol.areaCoverage),
      leaderPatrolled: String(grid.patrol.leaderPatrolled),
    });
    expect(JSON.parse(attrs.incidentsByLevel!)).toEqual(grid.incidents.byLevel);
    expect(JSON.parse(attrs.incidentsByCategory!)).toEqual(grid.incidents.byCategory);
    // What is written matches: one decimal, "—" for nothing to count.
    const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
    expect((await panel.getByTestId('closure-rate').textContent())?.trim()).toBe(pct(grid.closureRate));
    expect((await panel.getByTestId('on-time-rate').textContent())?.trim()).toBe(pct(grid.onTimeRate));
    expect((await panel.getByTestId('enterprise-coverage').textContent())?.trim()).toContain(
      pct(grid.patrol.enterpriseCoverage),
    );
    // One rule, one marking: the card flags the enterprise coverage under the target, as the patrol tab counts it.
    const under = grid.patrol.enterpriseCoverage !== null && grid.patrol.enterpriseCoverage < PATROL_COVERAGE_TARGET;
    expect(await panel.getByTestId('enterprise-coverage').getAttribute('data-below-target')).toBe(String(under));
    expect((await panel.getByTestId('area-coverage').textContent())?.trim()).toBe(pct(grid.patrol.areaCoverage));
    expect((await panel.getByTestId('incidents-total').textContent())?.trim()).toBe(
      String(grid.incidents.total),
    );

    // The map marks the grid picked.
    const selected = await page.evaluate(
      (code) =>
        (
          window as unknown as {
            __gridsight: { map: { getFeatureState(f: object): { selected?: boolean } } };
          }
        ).__gridsight.map.getFeatureState({ source: 'grids', id: code }).selected,
      grid.code,
    );
    expect(selected).toBe(true);

    await page.waitForTimeout(700); // the fly-to the grid
    await screenshot(page, 'analyze');
    assertClean(tracked, new URL(app.server.url('/')).origin);
  });
});
