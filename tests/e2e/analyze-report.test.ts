/**
 * On #/analyze, in a real browser under the app's Content-Security-Policy, with one page load for the file:
 * - each chart's corner menu downloads it as PNG (the PNG signature, twice the chart's size) and SVG (an <svg>
 *   document with the chart's labels), reached by keyboard as well as by pointer;
 * - 月度报告 downloads the month's assessment report, which is `gridsight report`'s page for the bundled dataset
 *   (only the generation time differs), so every figure in it is the stats JSON's; 打印 / PDF prints it from a
 *   hidden srcdoc frame without an error, a CSP violation or a console message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildReport } from '../../src/cli/report';
import { chartFileName } from '../../src/components/charts/chart-export';
import { zhCN } from '../../src/i18n/zh-CN';
import { ARTIFACTS, assertClean, screenshot, useAppBrowser, waitReady, type TrackedPage } from './harness';

const app = useAppBrowser();
const DATASET = 'data/zhihuiwan';

let tracked: TrackedPage;
let page: Page;
let origin: string;

beforeAll(async () => {
  tracked = await app.open();
  page = tracked.page;
  origin = new URL(app.server.url('/')).origin;
  await page.goto(app.server.url('/#/analyze'));
  expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
  await page.waitForSelector('[data-testid="filter-total"][data-current="true"]:not([data-total=""])', {
    timeout: 60_000,
  });
}, 120_000);

async function saved(d: Download): Promise<{ name: string; bytes: Uint8Array }> {
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(await d.path())) };
}

/** Runs `act` and returns the download it starts. */
async function downloadOf(act: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), act()]);
  return saved(d);
}

/** A PNG's width and height from its IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** The page without its generation time (the one thing that differs between two runs of the same report). */
const withoutGenerated = (html: string) => html.replace(/(<b>(?:生成时间|Generated)<\/b>)[^<]*/g, '$1');

describe('#/analyze: charts as files', () => {
  test('PNG by keyboard, SVG by pointer, from the chart of incidents by level', async () => {
    await page.getByTestId('tab-charts').click();
    const chart = page.getByTestId('chart-levels');
    await page.waitForSelector('[data-testid="chart-levels"]:not([data-rendered="0"])', { timeout: 30_000 });
    const box = (await chart.boundingBox())!;

    // Keyboard: the corner button takes the focus (and shows), Enter opens the menu, Tab reaches PNG, Enter takes it.
    const toggle = chart.getByTestId('chart-menu-open');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await chart.getByRole('menu').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'chart-download-png',
    );
    const png = await downloadOf(() => page.keyboard.press('Enter'));
    expect(png.name).toBe(chartFileName(zhCN.charts.level.title, 'png')); // 各等级事件_按月_YYYY-MM-DD.png
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = pngSize(png.bytes);
    expect(size.width).toBe(Math.round(box.width) * 2);
    expect(size.height).toBe(Math.round(box.height) * 2);
    expect(png.bytes.length).toBeGreaterThan(2000);
    writeFileSync(path.join(ARTIFACTS, 'analyze-chart-download.png'), png.bytes);

    // Pointer: hovering shows the button; the menu open is what the screenshot shows.
    await chart.hover();
    await toggle.click();
    await chart.getByTestId('chart-download-svg').waitFor();
    await screenshot(page, 'analyze-chart-menu');
    const svg = await downloadOf(() => chart.getByTestId('chart-download-svg').click());
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.name.replace(/\.svg$/, '')).toBe(png.name.replace(/\.png$/, ''));
    const text = new TextDecoder().decode(svg.bytes);
    writeFileSync(path.join(ARTIFACTS, 'analyze-chart-download.svg'), svg.bytes);
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('</svg>');
    expect(text).not.toMatch(/<script|\son[a-z]+=/i);
    // The chart's own words: the level names of its legend.
    expect(text).toContain('1 级');
    // The menu closed after the choice.
    expect(await chart.getByRole('menu').count()).toBe(0);
    assertClean(tracked, origin);
  }, 120_000);
});

describe('#/analyze: the monthly report', () => {
  test("downloads gridsight report's page, and prints it from a srcdoc frame", async () => {
    const cli = await buildReport(DATASET, { lang: 'zh-CN' });

    await page.getByTestId('report-open').click();
    const menu = page.getByTestId('report-menu');
    await menu.waitFor();
    // The default month is the CLI's: the last whole month before asOf's.
    expect(await page.getByTestId('report-month').inputValue()).toBe(cli.month);

    const t0 = Date.now();
    const file = await downloadOf(() => page.getByTestId('report-download').click());
    const done = page.getByTestId('report-done');
    await done.waitFor();
    const ms = {
      click: Date.now() - t0,
      worker: Number(await done.getAttribute('data-ms')),
      total: Number(await done.getAttribute('data-total-ms')),
    };
    console.info(
      `monthly report ${cli.month}: ${JSON.stringify(ms)} ms (worker; click to page; click to download)`,
    );
    expect(file.name).toMatch(new RegExp(`^月度考核_[\\p{L}\\p{N}_.-]*${cli.month}\\.html$`, 'u'));
    expect(await done.getAttribute('data-validated')).toBe('true');
    const html = new TextDecoder().decode(file.bytes);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Every figure is the CLI's: the same page but for when it was made.
    expect(withoutGenerated(html)).toBe(withoutGenerated(cli.html));
    // And, to say it plainly: a row for every grid of the stats JSON, under the month it is of.
    const { stats } = cli.input;
    expect(stats.month).toBe(cli.month);
    for (const g of stats.grids) expect(html).toContain(`data-grid="${g.code}"`);
    await screenshot(page, 'analyze-report-menu');

    // Print: a hidden, sandboxed srcdoc frame holding the report; print() returns without an error.
    await page.getByTestId('report-print').click();
    await page.waitForSelector('[data-testid="report-done"]');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="report-print"]')?.hasAttribute('disabled'),
    );
    expect(await page.getByTestId('report-error').count()).toBe(0);
    const frame = await page.evaluate(() => {
      const f = document.querySelector<HTMLIFrameElement>('[data-testid="report-print-frame"]');
      return f && { sandbox: f.getAttribute('sandbox'), title: f.contentDocument?.title ?? null, src: f.src };
    });
    // The frame goes once the print dialog closes (afterprint); headless Chromium may close it at once.
    console.info(`print frame after print(): ${JSON.stringify(frame)}`);
    if (frame) {
      expect(frame.sandbox).toBe('allow-same-origin allow-modals');
      expect(frame.title).toContain(cli.month.split('-')[0]);
      expect(frame.src).toBe('');
    }

    // Why srcdoc and not a blob: URL: the app's policy (no frame-src, so default-src 'self') refuses a blob: frame.
    await page.evaluate(async () => {
      const f = document.createElement('iframe');
      f.src = URL.createObjectURL(new Blob(['<p>x</p>'], { type: 'text/html' }));
      document.body.append(f);
      await new Promise((r) => setTimeout(r, 500));
      f.remove();
    });
    const refused = tracked.cspViolations.splice(0);
    expect(refused.some((v) => /frame-src|default-src|child-src/.test(v) && /blob/.test(v))).toBe(true);
    // Chromium also logs the refusal as a console error: that one is ours, not the app's.
    for (let i = tracked.console.length - 1; i >= 0; i--)
      if (/Content Security Policy/.test(tracked.console[i].text)) tracked.console.splice(i, 1);

    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assertClean(tracked, origin);
  }, 180_000);
});
