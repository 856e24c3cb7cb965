/**
 * Issue 5, the wall screen in a real browser: the 1920×1080 stage fills 1920×1080 and 3840×2160 exactly (crisp
 * canvases at 4K), is letterboxed at other shapes, has no scrollbar, no overlapping regions and no clipped KPI;
 * every KPI equals what the CLI's `stats` computes in-process from data/zhihuiwan; no personal data; quiet and offline;
 * the overview's dataset is not read alongside the wall's own, and is read once the user goes to `#/`.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady, type TrackedPage } from './harness';
import { datasetStats } from '../../src/geo/dataset-stats';
import { validateDataset } from '../../src/geo/validate-dataset';
import type { Stats } from '../../src/domain/stats';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';

const DATA = path.join(ROOT, 'data/zhihuiwan');

let stats: Stats;
let validation: { errors: number; warnings: number };

beforeAll(async () => {
  // What `npm run -s cli -- stats data/zhihuiwan` prints, computed in-process (src/cli/stats.ts does the same).
  const dataset = await loadDataset(folderSource(DATA), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  stats = datasetStats(dataset, { now: Date.now() });
  validation = validateDataset(dataset, { now: Date.now() }).summary;
});

const app = useAppBrowser();

async function openWall(width: number, height: number, query = '', locale?: 'en'): Promise<TrackedPage> {
  const tracked = await app.open({ viewport: { width, height } });
  if (locale) await tracked.page.addInitScript((l) => localStorage.setItem('gridsight.locale', l), locale);
  await tracked.page.goto(app.server.url(`/#/wall${query}`));
  expect(await waitReady(tracked.page), 'window.__gridsight.ready').toMatchObject({ ok: true });
  // The validation figure follows the first snapshot by one worker step at most.
  await tracked.page.waitForSelector('[data-kpi="validation"]:not([data-value="null"])');
  return tracked;
}

/** The page fits the window exactly, regions do not overlap, KPI cells do not clip their text. */
async function checkFit(page: Page, width: number, height: number) {
  const r = await page.evaluate(() => {
    const rect = (el: Element) => {
      const b = el.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const regions = ['.area-head', '.area-kpi', '.area-left', '.area-centre', '.area-right', '.area-ticker'].map(
      (s) => ({ s, ...rect(document.querySelector(s)!) }),
    );
    // Text wider than its box (a cut-off figure), or a cell whose content is taller than the cell.
    const clipped = [
      ...[...document.querySelectorAll('[data-testid="wall-kpi"] *')].filter(
        (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth,
      ),
      ...[...document.querySelectorAll('[data-testid="wall-kpi"]')].filter(
        (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
      ),
    ]
      .map((el) => `${el.closest('[data-kpi]')?.getAttribute('data-kpi')}: ${el.textContent?.trim()}`);
    return {
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      stage: rect(document.querySelector('[data-testid="wall"]')!),
      regions,
      clipped,
    };
  });
  expect(r.scroll).toEqual([width, height]);
  expect(r.clipped).toEqual([]);
  const overlap = (a: (typeof r.regions)[number], b: (typeof r.regions)[number]) =>
    a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
  for (const [i, a] of r.regions.entries()) {
    expect(a.w * a.h, a.s).toBeGreaterThan(0);
    for (const b of r.regions.slice(i + 1)) expect(overlap(a, b), `${a.s} overlaps ${b.s}`).toBe(false);
    // Every region lies on the stage.
    expect(a.x >= r.stage.x - 0.5 && a.y >= r.stage.y - 0.5, a.s).toBe(true);
    expect(a.x + a.w <= r.stage.x + r.stage.w + 0.5 && a.y + a.h <= r.stage.y + r.stage.h + 0.5, a.s).toBe(true);
  }
  return r.stage;
}

/** The visible elements on the stage whose own text is under 18 px (docs/design.md, wall type), with their size. */
async function smallTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="wall"] *')]
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== ''))
      .filter((el) => (el as HTMLElement).offsetParent !== null && parseFloat(getComputedStyle(el).fontSize) < 18)
      .map((el) => `${el.className || el.tagName}: ${getComputedStyle(el).fontSize} "${el.textContent!.trim().slice(0, 20)}"`),
  );
}

/** Device pixels of the map's and the charts' canvases per CSS pixel of their boxes (scaled stage included). */
async function canvasRatios(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="wall-map"] canvas, .wall-chart canvas')].map((c) => {
      const canvas = c as HTMLCanvasElement;
      return canvas.width / canvas.getBoundingClientRect().width;
    }),
  );
}

const rawRate = (r: number | null) => (r === null ? 'null' : String(r));

describe('#/wall', () => {
  test('1920×1080: fills the screen, KPIs equal the CLI stats, no personal data, quiet and offline', async () => {
    const tracked = await openWall(1920, 1080, '?tour=4');
    const { page } = tracked;
    expect(await checkFit(page, 1920, 1080)).toEqual({ x: 0, y: 0, w: 1920, h: 1080 });
    // Type for a wall read from 3 m: every piece of text on the stage is 18 px or more.
    expect(await smallTexts(page)).toEqual([]);
    expect(await page.locator('header.topbar, [data-testid="topbar"]').count()).toBe(0);
    // The bundled data is older than a day (asOf 2026-11-20): the title bar says how old, and which month 本月 is.
    const asOf = Date.parse(JSON.parse(readFileSync(path.join(DATA, 'community.geojson'), 'utf8')).features[0].properties.asOf);
    const old = page.getByTestId('wall-old-data');
    if (Date.now() - asOf > 86_400_000) {
      const days = Number(await old.getAttribute('data-days'));
      expect(Math.abs(days - Math.floor((Date.now() - asOf) / 86_400_000))).toBeLessThanOrEqual(1);
      expect(await old.innerText()).toMatch(/数据已 \d+ 天未更新 · “本月”为 \d{4}年\d{1,2}月/);
      const box = (await old.boundingBox())!;
      const clock = (await page.getByTestId('wall-as-of').boundingBox())!;
      expect(box.x + box.width, 'the notice does not run under the as-of time').toBeLessThanOrEqual(clock.x);
    }

    const t = stats.totals;
    const byLevel = { '1': 0, '2': 0, '3': 0, '4': 0 };
    for (const g of stats.grids) for (const k of ['1', '2', '3', '4'] as const) byLevel[k] += g.incidents.byLevel[k];
    const members = Object.values(t.members).reduce((a, b) => a + b, 0);
    const expected: Record<string, [string, string]> = {
      grids: [String(t.grids), ''],
      microGrids: [String(t.microGrids), ''],
      enterprises: [String(t.enterprises.total), `above=${t.enterprises.above},below=${t.enterprises.below}`],
      members: [String(members), `grid-leader=${t.members['grid-leader']},micro-leader=${t.members['micro-leader']}`],
      incidents: [String(t.incidents.month.total), `level1=${byLevel[1]},level2=${byLevel[2]},level3=${byLevel[3]},level4=${byLevel[4]}`],
      closureRate: [rawRate(t.incidents.month.closureRate), ''],
      onTimeRate: [rawRate(t.incidents.month.onTimeRate), ''],
      overdue: [String(t.incidents.overdue), ''],
      nearDue: [String(t.incidents.nearDue), ''],
      patrol: [rawRate(t.patrol.enterpriseCoverage), `area=${rawRate(t.patrol.areaCoverage)}`],
      validation: [String(validation.errors), `warnings=${validation.warnings}`],
    };
    const cells = await page.getByTestId('wall-kpi').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-kpi')!, [e.getAttribute('data-value')!, e.getAttribute('data-parts')!]]),
    );
    expect(Object.fromEntries(cells)).toEqual(expected);
    // What is written matches the raw values: counts as they are, rates as percentages with one decimal.
    const text = (id: string) => page.locator(`[data-kpi="${id}"] [data-testid="wall-kpi-value"]`).innerText();
    expect(await text('grids')).toMatch(new RegExp(`^${t.grids}\\s*个?$`));
    expect(await text('overdue')).toMatch(new RegExp(`^${t.incidents.overdue}`));
    expect(await text('onTimeRate')).toBe(`${(t.incidents.month.onTimeRate! * 100).toFixed(1)}%`);
    expect(await text('patrol')).toBe(`${(t.patrol.enterpriseCoverage! * 100).toFixed(1)}%`);
    expect(await page.getByTestId('wall-as-of').innerText()).toContain('2026-11-20 17:00');

    // The charts, the carousel and the ticker are filled; the tour is on a grid with that grid's figures.
    for (const id of ['trend', 'categories', 'ranking', 'coverage']) {
      await page.waitForSelector(`[data-testid="wall-chart-${id}"]:not([data-rendered="0"])`);
    }
    expect(await page.getByTestId('wall-carousel-item').count()).toBe(3);
    expect(Number(await page.getByTestId('wall-ticker').getAttribute('data-items'))).toBeGreaterThan(0);
    // The tour opens on the whole community, its grids coloured by patrol coverage as the coverage chart counts…
    const tour = page.getByTestId('wall-tour');
    await page.waitForSelector('[data-testid="wall-tour"][data-view="community"]');
    const classes = await page.getByTestId('wall-tour-classes').innerText();
    const under = stats.grids.filter((g) => g.patrol.enterpriseCoverage !== null && g.patrol.enterpriseCoverage < 0.95).length;
    expect(classes).toContain(`低于 95%：${under} 个网格`);
    expect(classes).toContain(`达到 95%：${stats.grids.filter((g) => (g.patrol.enterpriseCoverage ?? -1) >= 0.95).length} 个网格`);
    await screenshot(page, 'wall-1920x1080-community');
    // …then goes to a grid, with that grid's figures.
    await page.waitForSelector('[data-testid="wall-tour"][data-view="grid"]', { timeout: 15_000 });
    const code = await tour.getAttribute('data-code');
    expect(await tour.getAttribute('data-incidents')).toBe(String(stats.grids.find((g) => g.code === code)!.incidents.total));

    // No personal data: no phone numbers (plain or masked), no member names.
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).not.toMatch(/1[3-9]\d{9}/);
    expect(body).not.toMatch(/1[3-9]\d\*{4}\d{4}/);
    const names = (JSON.parse(readFileSync(path.join(DATA, 'members.json'), 'utf8')) as { name: string }[]).map((m) => m.name);
    expect(names.filter((n) => body.includes(n))).toEqual([]);

    // A map and charts drawn at one device pixel per screen pixel; the map is the app's handle.
    for (const r of await canvasRatios(page)) expect(r).toBeCloseTo(1, 2);
    expect(await page.evaluate(() => !!(window as unknown as { __gridsight: { map: unknown } }).__gridsight.map)).toBe(true);

    // A list card touched: the incident's card over the map, its lifecycle and standing, no personal data; a touch
    // closes it. The ticker's incidents open the same card.
    const item = page.getByTestId('wall-carousel-item').first();
    const itemId = (await item.getAttribute('data-id'))!;
    await item.click();
    const card = page.locator(`[data-testid="wall-incident"] [data-testid="incident-card"][data-id="${itemId}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect((await card.getAttribute('data-steps'))!.startsWith('reported')).toBe(true);
    const cardText = await card.innerText();
    expect(cardText).not.toMatch(/1[3-9]\d{9}/);
    expect(names.filter((n) => cardText.includes(n))).toEqual([]);
    await screenshot(page, 'wall-incident-card');
    await page.getByTestId('wall-incident').click({ position: { x: 5, y: 5 } });
    await page.getByTestId('wall-incident').waitFor({ state: 'detached' });
    const tickerItem = page.locator('[data-testid="wall-ticker-item"]:not([data-kind="under-patrolled"])').first();
    const tickerId = (await tickerItem.getAttribute('data-id'))!;
    await tickerItem.dispatchEvent('click');
    await page.locator(`[data-testid="wall-incident"] [data-testid="incident-card"][data-id="${tickerId}"]`).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('wall-incident').waitFor({ state: 'detached' });

    // Someone touches the screen: the tour says it is paused.
    await page.keyboard.press('Shift');
    await page.waitForSelector('[data-testid="wall-tour"][data-paused="true"]');
    await screenshot(page, 'wall-1920x1080');
    assertClean(tracked, app.server.origin);
  });

  test('in English: the KPIs whole, every text 18 px or more, Latin punctuation', async () => {
    const tracked = await openWall(1920, 1080, '', 'en');
    const { page } = tracked;
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await checkFit(page, 1920, 1080)).toEqual({ x: 0, y: 0, w: 1920, h: 1080 });
    expect(await smallTexts(page)).toEqual([]);
    expect(await page.getByTestId('wall').evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/^"?GS Latin Punctuation/);
    await screenshot(page, 'wall-1920x1080-en');
    assertClean(tracked, app.server.origin);
  });

  test('3840×2160 at DPR 1 is the same stage at twice the scale, with canvases drawn at 2 px per stage px', async () => {
    const tracked = await openWall(3840, 2160);
    const { page } = tracked;
    expect(await checkFit(page, 3840, 2160)).toEqual({ x: 0, y: 0, w: 3840, h: 2160 });
    expect(await page.getByTestId('wall').getAttribute('data-scale')).toBe('2');
    // The canvas boxes are scaled by the stage: 2 device px per stage px is 1 device px per screen px.
    for (const r of await canvasRatios(page)) expect(r).toBeCloseTo(1, 2);
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('.wall-chart canvas, [data-testid="wall-map"] canvas')].map((c) => [
        (c as HTMLCanvasElement).width,
        (c as HTMLElement).offsetWidth,
      ]),
    );
    for (const [device, css] of sizes) expect(device).toBe(css * 2);
    await screenshot(page, 'wall-3840x2160');
    assertClean(tracked, app.server.origin);
  });

  test('1600×1000 is letterboxed (the whole stage, centred, no scrollbar); it reads its data in its own worker only; leaving for #/ then reads the overview dataset', async () => {
    const tracked = await openWall(1600, 1000);
    const { page } = tracked;
    const stage = await checkFit(page, 1600, 1000);
    const s = 1600 / 1920;
    expect(stage.x).toBeCloseTo(0, 1);
    expect(stage.w).toBeCloseTo(1600, 1);
    expect(stage.h).toBeCloseTo(1080 * s, 1);
    expect(stage.y).toBeCloseTo((1000 - 1080 * s) / 2, 1);
    const name = JSON.parse(readFileSync(path.join(DATA, 'dataset.json'), 'utf8')).name as string;
    expect(await page.title()).toContain(name);
    // The overview's start-up read (main.ts starts it in a worker of its own) is not made for the wall.
    const overviewReader = (urls: string[]) => urls.filter((u) => /load-dataset\.worker/.test(u));
    expect(overviewReader(tracked.requests)).toEqual([]);

    await page.evaluate(() => {
      const w = window as unknown as { __gridsight: { map: unknown }; __wallMap: unknown };
      w.__wallMap = w.__gridsight.map;
      window.location.hash = '#/';
    });
    await page.waitForFunction(() => {
      const w = window as unknown as { __gridsight?: { map: unknown }; __wallMap: unknown };
      return !!w.__gridsight?.map && w.__gridsight.map !== w.__wallMap;
    });
    expect(await waitReady(page), 'overview ready after the wall').toMatchObject({ ok: true });
    expect(await page.locator('header.topbar').count()).toBe(1);
    expect(await page.title()).toContain(name);
    assertClean(tracked, app.server.origin);
  });

  test('a dataset link to a folder that does not exist: the wall says "not found" in Chinese, large, with the way to the default dataset', async () => {
    const tracked = await app.open({ viewport: { width: 1920, height: 1080 } });
    const { page } = tracked;
    const missing = app.server.url('/no-such-folder/');
    await page.goto(app.server.url(`/?data=${encodeURIComponent(missing)}#/wall`));
    expect(await waitReady(page)).toMatchObject({ ok: false });
    const failed = page.getByTestId('wall-failed');
    await failed.waitFor({ state: 'visible' });
    const text = await failed.innerText();
    expect(text).toContain('数据集无法加载');
    expect(text).toContain('找不到该文件');
    expect(text).not.toMatch(/Unexpected token/);
    // Readable from a few metres: the reason at the wall's body size, not a clipped one-line banner.
    const size = await failed.locator('p').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    expect(await failed.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await screenshot(page, 'wall-not-found');
    await page.getByTestId('wall-default-dataset').click();
    expect(await waitReady(page)).toMatchObject({ ok: true });
    expect(new URL(page.url()).searchParams.has('data')).toBe(false);
    tracked.console = tracked.console.filter((m) => !/Failed to load resource.*404/.test(m.text));
    assertClean(tracked, app.server.origin);
  });
});
