/**
 * The analyst's download (导出 in the filter bar) in a real browser, under the app's Content-Security-Policy: with a
 * category chip on, the CSV holds exactly the incidents the bar counts, each of that category, with a BOM; the xlsx
 * is a workbook; a layer's Shapefile comes with the writer's notes. The stats worker writes the bytes; the page
 * offers them through a blob: link, which the policy lets through (no violation, nothing off-origin).
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { assertClean, screenshot, useAppBrowser, waitReady } from './harness';
import { csvRows } from '../../src/io/csv';

const app = useAppBrowser();

const total = (page: Page) =>
  page
    .getByTestId('filter-total')
    .getAttribute('data-total')
    .then((v) => Number(v));

/** Clicks 下载 and returns the download's name and bytes. */
async function download(page: Page): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('export-download').click(),
  ]);
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(file)) };
}

async function pick(page: Page, testid: string): Promise<void> {
  await page.locator(`label:has([data-testid="${testid}"])`).click();
  expect(await page.getByTestId(testid).isChecked()).toBe(true);
}

describe('#/analyze export', () => {
  test('downloads the filtered incidents as CSV and xlsx, and a layer as a Shapefile', async () => {
    const tracked = await app.open();
    const { page } = tracked;
    const origin = new URL(app.server.url('/')).origin;
    await page.goto(app.server.url('/#/analyze'));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    await page.waitForSelector('[data-testid="filter-total"][data-current="true"]:not([data-total=""])', {
      timeout: 30_000,
    });
    const before = await total(page);

    // A category chip: fire incidents only.
    await page.locator('[data-testid="filter-categories"] button[data-value="fire"]').click();
    await page.waitForFunction(
      (n) => {
        const el = document.querySelector('[data-testid="filter-total"]');
        return el?.getAttribute('data-current') === 'true' && el.getAttribute('data-total') !== String(n);
      },
      before,
      { timeout: 30_000 },
    );
    const fire = await total(page);
    expect(fire).toBeGreaterThan(0);
    expect(fire).toBeLessThan(before);

    // The menu says how many, the count the bar shows.
    await page.getByTestId('export-open').click();
    const menu = page.getByTestId('export-menu');
    await menu.waitFor();
    expect(await page.getByTestId('export-count').getAttribute('data-count')).toBe(String(fire));
    expect(await page.getByTestId('export-what-incidents').isChecked()).toBe(true);
    expect(await page.getByTestId('export-format-csv').isChecked()).toBe(true);
    await screenshot(page, 'analyze-export-menu');

    // CSV: BOM, a header, one row per incident counted, each a fire incident; the name says month and filter.
    const csv = await download(page);
    expect(csv.name).toBe('事件_2026-11_筛选.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = [...csvRows(new TextDecoder().decode(csv.bytes))].map((r) => r.row);
    const [head, ...body] = rows;
    expect(head).toContain('category');
    expect(head).not.toContain('phone');
    expect(body.length).toBe(fire);
    const category = head.indexOf('category');
    expect(new Set(body.map((r) => r[category]))).toEqual(new Set(['fire']));
    const done = page.getByTestId('export-done');
    await done.waitFor();
    expect(await done.getAttribute('data-count')).toBe(String(fire));

    // xlsx: a zip (PK) holding the sheet.
    await pick(page, 'export-format-xlsx');
    const xlsx = await download(page);
    expect(xlsx.name).toBe('事件_2026-11_筛选.xlsx');
    expect(String.fromCharCode(xlsx.bytes[0], xlsx.bytes[1])).toBe('PK');
    expect(Object.keys(unzipSync(xlsx.bytes))).toContain('xl/worksheets/sheet1.xml');

    // A whole layer as a Shapefile: the grids, all of them; the note names the DBF fields cut to 10 bytes.
    await pick(page, 'export-what-grids');
    await pick(page, 'export-format-shp');
    const shp = await download(page);
    expect(shp.name).toMatch(/^网格_[\p{L}\p{N}_.-]+\.zip$/u);
    expect(Object.keys(unzipSync(shp.bytes)).some((f) => f.endsWith('.shp'))).toBe(true);
    await page.waitForSelector('[data-testid="export-done"]');
    expect(await page.getByTestId('export-renames').textContent()).toContain('communityCode → communityC');
    await screenshot(page, 'analyze-export-done');
    expect(await page.getByTestId('export-error').count()).toBe(0);

    // Escape closes the menu.
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    assertClean(tracked, origin);
  }, 180_000);
});
