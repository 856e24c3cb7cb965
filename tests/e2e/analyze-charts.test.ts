/**
 * Issue 4, the analyst charts and filters in a real browser: the charts render, a category chip and a brush on the
 * timeline change the filter's count (checked against data/zhihuiwan counted here) and the map's hex cells, the
 * month select moves the brush, and a click on a top-grid bar selects that grid (its month card opens, the map marks
 * it). Screenshots at 1600×1000 and 1366×768; the page stays quiet and offline.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { DeckHandle } from '../../src/composables/useDeckOverlay';
import {
  ROOT,
  assertClean,
  screenshot,
  useAppBrowser,
  waitReady,
  type AppWindow,
  type TrackedPage,
} from './harness';
import type { Dataset, IncidentProps } from '../../src/domain/types';
import { monthRange, parseTime } from '../../src/domain/time';
import { loadDataset } from '../../src/io/dataset';
import { TIMELINE_GRID } from '../../src/charts/timeline';
import { folderSource } from '../../src/io/fs-source';

const DATA = path.join(ROOT, 'data/zhihuiwan');
const DAY = 86_400_000;

let incidents: IncidentProps[];

beforeAll(async () => {
  const dataset: Dataset = await loadDataset(folderSource(DATA), {
    require: ['grids.geojson'],
    skip: ['basemap.geojson'],
  });
  incidents = (dataset.incidents?.features ?? []).map((f) => f.properties);
});

const app = useAppBrowser();

/** Incidents reported in [from, to) of the given categories, counted here from the files. */
function count(from: number, to: number, categories: string[] | null, grid: string | null = null): number {
  return incidents.filter((p) => {
    const t = parseTime(p.reportedAt);
    return t >= from && t < to && (!categories || categories.includes(p.category)) && (!grid || p.gridCode === grid);
  }).length;
}

async function total(page: Page): Promise<number> {
  return Number(await page.getByTestId('filter-total').getAttribute('data-total'));
}

/** Waits until the filter's count differs from `before` (the worker answered) and the charts have drawn it. */
async function totalChanged(page: Page, before: number): Promise<number> {
  await page.waitForFunction(
    (b) => {
      const v = document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total');
      return v !== null && v !== undefined && v !== '' && Number(v) !== b;
    },
    before,
    { timeout: 30_000 },
  );
  return total(page);
}

/**
 * Sum of incident counts over the hex cells deck.gl draws (layer analysis-hex, README), once it differs from `before`
 * (the map has taken the new filter's cells) and deck.gl has drawn them.
 */
async function hexSum(page: Page, before: number | null = null): Promise<number> {
  const handle = await page.waitForFunction(
    (b) => {
      const deck = (window as AppWindow & { __gridsight?: { deck?: DeckHandle } }).__gridsight?.deck;
      const layer = deck?.layer('analysis-hex');
      if (!layer || !layer.drawnFrame || !deck!.settled()) return null;
      const sum = (layer.props.data as { cells: { count: Uint32Array } }).cells.count.reduce((s, c) => s + c, 0);
      return sum !== b ? sum : null;
    },
    before,
    { timeout: 30_000, polling: 200 },
  );
  return (await handle.jsonValue()) as number;
}

async function filterTime(page: Page): Promise<{ from: number | null; to: number | null }> {
  const el = page.getByTestId('filter-time');
  const num = (v: string | null) => (v ? Number(v) : null);
  return { from: num(await el.getAttribute('data-from')), to: num(await el.getAttribute('data-to')) };
}

/** A chart has been drawn at least `n` times (EChart's data-rendered counts ECharts' `finished`). */
async function rendered(page: Page, testid: string, n = 1): Promise<void> {
  await page.waitForFunction(
    ([id, min]) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-rendered') ?? 0) >= min,
    [testid, n] as const,
    { timeout: 30_000 },
  );
}

async function openAnalyze(viewport: { width: number; height: number }): Promise<TrackedPage> {
  const tracked = await app.open({ viewport });
  await tracked.page.goto(app.server.url('/#/analyze'));
  expect(await waitReady(tracked.page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
  await rendered(tracked.page, 'chart-timeline');
  await tracked.page.waitForSelector('[data-testid="filter-total"][data-total]:not([data-total=""])', { timeout: 30_000 });
  return tracked;
}

describe('#/analyze charts and filters', () => {
  test('chips and the brush filter the numbers and the map; a top-grid bar selects the grid', async () => {
    const tracked = await openAnalyze({ width: 1600, height: 1000 });
    const { page } = tracked;
    const origin = new URL(app.server.url('/')).origin;

    // The filter starts as the month of asOf.
    const [mFrom, mTo] = monthRange('2026-11');
    expect(await filterTime(page)).toEqual({ from: mFrom, to: mTo });
    const monthTotal = await total(page);
    expect(monthTotal).toBe(count(mFrom, mTo, null));

    // Another month: the brush follows (the dock shows the month in words), numbers follow.
    await page.getByTestId('month-select').selectOption('2026-10');
    const [oFrom, oTo] = monthRange('2026-10');
    const octTotal = await totalChanged(page, monthTotal);
    expect(await filterTime(page)).toEqual({ from: oFrom, to: oTo });
    expect(octTotal).toBe(count(oFrom, oTo, null));
    expect(await page.getByTestId('timeline-range').textContent()).toBe('2026年10月');

    // A category chip: only fire incidents; the map's hex cells hold fewer incidents.
    const hexBefore = await hexSum(page);
    await page.locator('[data-testid="filter-categories"] button[data-value="fire"]').click();
    const fireTotal = await totalChanged(page, octTotal);
    expect(fireTotal).toBe(count(oFrom, oTo, ['fire']));
    expect(fireTotal).toBeLessThan(octTotal);
    const hexFire = await hexSum(page, hexBefore);
    expect(hexFire).toBeLessThan(hexBefore);
    expect(hexFire).toBeLessThanOrEqual(fireTotal);

    // Brush a span of days on the timeline: the range becomes those days.
    const chart = page.getByTestId('chart-timeline');
    const box = (await chart.boundingBox())!;
    const days = await page.evaluate(() => Number(document.querySelector('[data-testid="timeline-dock"]')?.getAttribute('data-days')));
    expect(days).toBeGreaterThan(60);
    // The plot spans the chart's width less its grid margins.
    const plot = box.width - TIMELINE_GRID.left - TIMELINE_GRID.right;
    const x = (i: number) => box.x + TIMELINE_GRID.left + ((i + 0.5) * plot) / days;
    const y = box.y + box.height * 0.6;
    const [a, b] = [days - 60, days - 20];
    await page.mouse.move(x(a), y);
    await page.mouse.down();
    await page.mouse.move(x((a + b) / 2), y, { steps: 4 });
    await page.mouse.move(x(b), y, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(
      (from) => document.querySelector('[data-testid="filter-time"]')?.getAttribute('data-from') !== String(from),
      oFrom,
      { timeout: 10_000 },
    );
    const brushed = await filterTime(page);
    expect(brushed.from).not.toBeNull();
    expect(brushed.to! - brushed.from!).toBeGreaterThanOrEqual(30 * DAY);
    expect(brushed.to! - brushed.from!).toBeLessThanOrEqual(50 * DAY);
    expect((brushed.to! - brushed.from!) % DAY).toBe(0);
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total') === String(want),
      count(brushed.from!, brushed.to!, ['fire']),
      { timeout: 30_000 },
    );
    expect(await page.getByTestId('timeline-range').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$/);

    // The charts tab: three charts drawn.
    await page.getByTestId('tab-charts').click();
    for (const id of ['chart-levels', 'chart-closure', 'chart-top-grids']) await rendered(page, id);
    // The top bar is the grid with the most fire incidents in the brushed range (ties: lowest code).
    const byGrid = new Map<string, number>();
    for (const p of incidents) {
      const t = parseTime(p.reportedAt);
      if (p.category === 'fire' && t >= brushed.from! && t < brushed.to!) byGrid.set(p.gridCode, (byGrid.get(p.gridCode) ?? 0) + 1);
    }
    const [topCode] = [...byGrid].sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]))[0];
    await page.mouse.move(700, 300); // off the timeline: its tooltip fades out
    await page.waitForTimeout(800);
    await screenshot(page, 'analyze-charts-1600');
    const bars = (await page.getByTestId('chart-top-grids').boundingBox())!;
    await page.mouse.click(bars.x + bars.width * 0.55, bars.y + 8 + 12);
    const card = page.locator(`[data-testid="grid-month-panel"][data-code="${topCode}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('filter-grid').isVisible()).toBe(true);
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total') === String(want),
      count(brushed.from!, brushed.to!, ['fire'], topCode),
      { timeout: 30_000 },
    );
    // The card names both of its periods: the filter in view (the brushed days, fire only) with the grid's count
    // under it, and the month its assessment figures count.
    const filtered = page.getByTestId('grid-filter-count');
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="grid-filter-count"]')?.getAttribute('data-total') === String(want),
      count(brushed.from!, brushed.to!, ['fire'], topCode),
      { timeout: 30_000 },
    );
    expect(await filtered.textContent()).toContain(await page.getByTestId('filter-time').textContent());
    expect(await page.getByTestId('grid-month-period').textContent()).toBe('2026年10月 月度考核');
    expect(await card.getAttribute('data-month')).toBe('2026-10');
    await screenshot(page, 'analyze-grid-card-filtered');
    const selected = await page.evaluate(
      (code) => (window as AppWindow).__gridsight!.map.getFeatureState({ source: 'grids', id: code }).selected,
      topCode,
    );
    expect(selected).toBe(true);

    // The patrol tab: coverage per grid and its trend…
    await page.getByTestId('tab-patrol').click();
    await rendered(page, 'chart-patrol-coverage');
    await rendered(page, 'chart-patrol-trend');
    // …and the grids whose leader did not patrol (PatrolLeaders, in the same tab).
    await page.waitForSelector('[data-testid="patrol-leaders"][data-ready="true"]', { timeout: 30_000 });
    await page.waitForTimeout(700); // the fly-to the grid
    await screenshot(page, 'analyze-patrol-1600');

    // Clear: back to the month, every category, no grid.
    await page.getByTestId('filter-clear').click();
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total') === String(want),
      octTotal,
      { timeout: 30_000 },
    );
    expect(await filterTime(page)).toEqual({ from: oFrom, to: oTo });
    assertClean(tracked, origin);
  });

  test('reads at 1366×768', async () => {
    const tracked = await openAnalyze({ width: 1366, height: 768 });
    const { page } = tracked;
    await page.getByTestId('tab-charts').click();
    for (const id of ['chart-levels', 'chart-closure', 'chart-top-grids']) await rendered(page, id);
    // Nothing of the panel or the dock spills out of the window.
    const panel = (await page.locator('aside.analysis').boundingBox())!;
    const dock = (await page.getByTestId('timeline-dock').boundingBox())!;
    expect(panel.y + panel.height).toBeLessThanOrEqual(768);
    expect(dock.x + dock.width).toBeLessThanOrEqual(panel.x);
    // The analysis-layer card is open with its grid colouring, and the colouring's legend is in sight without
    // scrolling the card, clear of the map legend and the zoom buttons.
    await page.locator('[data-testid="grid-colouring"] button[data-colouring="patrol"]').click();
    const legend = page.getByTestId('grid-colour-legend');
    await page.waitForSelector('[data-testid="grid-colour-legend"] li[data-count]', { timeout: 30_000 });
    const card = (await page.getByTestId('analysis-layer-controls').boundingBox())!;
    const shown = (await legend.boundingBox())!;
    expect(shown.y).toBeGreaterThanOrEqual(card.y);
    expect(shown.y + shown.height).toBeLessThanOrEqual(card.y + card.height + 0.5);
    expect(await page.getByTestId('analysis-layer-controls').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    const mapLegend = (await page.getByTestId('legend').boundingBox())!;
    expect(card.y + card.height).toBeLessThanOrEqual(mapLegend.y);
    const reset = (await page.getByTestId('zoom-reset').boundingBox())!;
    expect(card.y).toBeGreaterThanOrEqual(reset.y + reset.height);
    // The timeline's tooltip at the dock's right end stays on the screen, whole (it is taller than the dock).
    const tl = (await page.getByTestId('chart-timeline').boundingBox())!;
    await page.mouse.move(tl.x + tl.width * 0.97, tl.y + tl.height * 0.7);
    await page.waitForSelector('.gs-timeline-tip', { state: 'visible' });
    const tip = (await page.locator('.gs-timeline-tip').boundingBox())!;
    expect(tip.height).toBeGreaterThan(tl.height * 0.8);
    expect(tip.x).toBeGreaterThanOrEqual(0);
    expect(tip.y).toBeGreaterThanOrEqual(0);
    expect(tip.x + tip.width).toBeLessThanOrEqual(1366);
    expect(tip.y + tip.height).toBeLessThanOrEqual(768);
    expect(await page.locator('.gs-timeline-tip').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}/);
    await page.mouse.move(10, 300);
    // The map legend says the grid fills now mean the colouring.
    await page.getByTestId('legend-fold').click();
    expect(await page.locator('[data-legend="legend.gridColoured"]').isVisible()).toBe(true);
    await screenshot(page, 'analyze-charts-1366');
    assertClean(tracked, new URL(app.server.url('/')).origin);
  });
});
