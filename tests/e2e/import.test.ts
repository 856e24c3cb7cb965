/**
 * Import in the app (first slice): a Shapefile of some of the bundled grids, projected to CGCS2000 3° zone 40
 * (EPSG:4528) with its .prj, chosen in the import dialog; the preview shows the counts, the CRS read from the .prj,
 * the refused duplicate with its index, and draws the accepted grids on the map; confirming downloads grids.geojson
 * with the grids back in WGS84. A file whose code column is not recognised asks for the column, and takes it. A
 * file of every grid, two of them drawn as one, opens as a new planner draft whose first step is the import.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import union from '@turf/union';
import { writeShapefile } from '../../src/io/export/shapefile-write';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady, type AppWindow } from './harness';
import { applied, codes, snapshot } from './plan-page';

type Areal = Polygon | MultiPolygon;
const DATA = path.join(ROOT, 'data/zhihuiwan');
const grids = (
  JSON.parse(readFileSync(path.join(DATA, 'grids.geojson'), 'utf8')) as FeatureCollection<
    Areal,
    Record<string, unknown>
  >
).features.sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)));
const KEPT = grids.slice(0, 4);

const app = useAppBrowser();

async function openImport(page: Page): Promise<void> {
  await page.goto(app.server.url('/'));
  expect(await waitReady(page)).toMatchObject({ ok: true });
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dialog').waitFor();
}

/** Codes of the grids the map draws in the preview's outline layer. */
async function previewCodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (window as AppWindow).__gridsight!.map;
    if (!map.getLayer('import-preview-line')) return [];
    const fs = map.queryRenderedFeatures({ layers: ['import-preview-line'] });
    return [...new Set(fs.map((f) => String(f.properties?.code)))].sort();
  });
}

/** Waits until the map has stopped moving (the preview's fit animates) and has drawn its tiles. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = (window as AppWindow).__gridsight!.map;
    return !map.isMoving() && map.areTilesLoaded() && map.loaded();
  });
}

function firstPosition(g: Areal): Position {
  return g.type === 'Polygon' ? g.coordinates[0][0] : g.coordinates[0][0][0];
}

describe('import dialog', () => {
  test('a projected Shapefile: preview, refused duplicate, map layer, download on confirm', async () => {
    // Four grids, then a fifth feature repeating the first one's code: refused as a duplicate, index 4.
    const duplicate: Feature<Areal, Record<string, unknown>> = {
      ...KEPT[1],
      properties: { ...KEPT[1].properties, code: KEPT[0].properties.code, name: '重复编码' },
    };
    const zip = writeShapefile([...KEPT, duplicate], { name: '网格', crs: 'EPSG:4528' });
    const tracked = await app.open();
    const { page } = tracked;
    await openImport(page);
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: '网格-4528.zip', mimeType: 'application/zip', buffer: Buffer.from(zip.bytes) });
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });

    const counts = Object.fromEntries(
      await page
        .getByTestId('import-count')
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute('data-kind'), Number(el.getAttribute('data-count'))]),
        ),
    );
    expect(counts).toEqual({ read: 5, accepted: 4, rejected: 1, doubtful: 0 });
    await expect.poll(() => page.getByTestId('import-crs-used').textContent()).toContain('EPSG:4528');
    const rejected = page.locator('[data-testid=import-issue][data-kind=rejected]');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.getAttribute('data-index')).toBe('4');
    expect(await rejected.getAttribute('data-code')).toBe('duplicateCode');
    expect(await rejected.textContent()).toContain('编码重复');

    // The accepted grids are drawn over the map, fitted into view.
    const kept = KEPT.map((g) => String(g.properties.code)).sort();
    await expect.poll(() => previewCodes(page), { timeout: 20_000 }).toEqual(kept);
    await settled(page);
    await screenshot(page, 'import-preview');

    // Confirming downloads the contract file, in WGS84; nothing is applied before.
    await expect.poll(() => page.getByTestId('import-apply-note').textContent()).toContain('grids.geojson');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-confirm').click(),
    ]);
    expect(download.suggestedFilename()).toBe('grids.geojson');
    const file = await download.path();
    const fc = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<Areal, Record<string, unknown>>;
    expect(fc.features.map((f) => f.properties.code).sort()).toEqual(kept);
    for (const f of fc.features) {
      const original = KEPT.find((g) => g.properties.code === f.properties.code)!;
      const [a, b] = [firstPosition(f.geometry), firstPosition(original.geometry)];
      expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).toBeLessThan(1e-7);
      expect(f.properties.name).toBe(original.properties.name);
    }
    await page.getByTestId('import-applied').waitFor();

    // Closing removes the preview from the map.
    await page.getByTestId('import-close').click();
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
    expect(
      await page.evaluate(() => !!(window as AppWindow).__gridsight!.map.getSource('import-preview')),
    ).toBe(false);
    assertClean(tracked, app.server.origin);
  });

  test('a column the importer does not recognise is chosen in the dialog', async () => {
    const renamed = KEPT.slice(0, 2).map((g) => {
      const { code, ...rest } = g.properties;
      return { ...g, properties: { ...rest, 甲字段: code } };
    });
    const tracked = await app.open();
    const { page } = tracked;
    await openImport(page);
    const text = JSON.stringify({ type: 'FeatureCollection', features: renamed });
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'grids.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(text) });
    await page.getByTestId('import-mapping').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-error').getAttribute('data-code')).toBe('missingColumn');
    await page.getByTestId('import-map-code').selectOption('甲字段');
    await page.getByTestId('import-map-apply').click();
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(
      await page.locator('[data-testid=import-count][data-kind=accepted]').getAttribute('data-count'),
    ).toBe('2');
    expect(await page.getByTestId('import-columns').textContent()).toContain('甲字段');
    await expect.poll(() => previewCodes(page), { timeout: 20_000 }).toHaveLength(2);
    await settled(page);
    await screenshot(page, 'import-mapping');
    // The same preview in English.
    await page.getByTestId('lang-switch').click();
    await expect
      .poll(() => page.getByTestId('import-confirm').textContent())
      .toContain('Confirm and download');
    await screenshot(page, 'import-mapping-en');

    // The next file with the same header (columns in another order) is read with the same mapping, and says so.
    const reordered = renamed.map((g) => ({
      ...g,
      properties: Object.fromEntries(Object.entries(g.properties).reverse()),
    }));
    await page.getByTestId('import-file').setInputFiles({
      name: 'grids-april.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: reordered })),
    });
    await page.getByTestId('import-recalled').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-recalled').textContent()).toContain('code → 甲字段');
    expect(
      await page.locator('[data-testid=import-count][data-kind=accepted]').getAttribute('data-count'),
    ).toBe('2');
    // Choosing again forgets it: the picker asks.
    await page.getByTestId('import-choose-again').click();
    await page.getByTestId('import-mapping').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-recalled').count()).toBe(0);
    assertClean(tracked, app.server.origin);
  });

  test('grids from a Shapefile open as a new planner draft, its first step the import', async () => {
    // Every grid, the first two drawn as one under a code of the file's own.
    const [g1, g2] = grids;
    const merged: Feature<Areal, Record<string, unknown>> = {
      type: 'Feature',
      properties: { ...g1.properties, code: '330424002012050', name: '合并网格' },
      geometry: union({ type: 'FeatureCollection', features: [g1, g2] })!.geometry,
    };
    const zip = writeShapefile([merged, ...grids.slice(2)], { name: '网格', crs: 'EPSG:4528' });
    const tracked = await app.open();
    const { page } = tracked;
    await openImport(page);
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: '网格调整.zip', mimeType: 'application/zip', buffer: Buffer.from(zip.bytes) });
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-apply-note').textContent()).toContain('在规划中打开');
    await page.getByTestId('import-open-plan').click();
    await page.waitForURL(/#\/plan$/);
    await applied(page, 1);
    const s = await snapshot(page);
    const g1Code = String(g1.properties.code);
    const g2Code = String(g2.properties.code);
    expect(codes(s.grids)).toContain('330424002012050');
    expect(codes(s.grids)).not.toContain(g1Code);
    expect(codes(s.grids)).not.toContain(g2Code);
    // Micro-grids followed the merged grid.
    expect(s.microGrids.features.some((m) => m.properties.gridCode === '330424002012050')).toBe(true);
    // The step in the history, named; a new draft named after the file; the enterprises that moved.
    const entry = page.getByTestId('plan-history-entry');
    expect(await entry.count()).toBe(1);
    expect(await entry.textContent()).toContain('导入边界');
    expect(await entry.textContent()).toContain('网格调整.zip');
    await expect
      .poll(() =>
        page
          .getByTestId('plan-draft-select')
          .evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? ''),
      )
      .toContain('网格调整.zip');
    expect(
      await page.locator(`[data-testid=plan-move][data-from="${g2Code}"][data-to="330424002012050"]`).count(),
    ).toBe(1);
    await screenshot(page, 'import-plan-draft');
    assertClean(tracked, app.server.origin);
  });
});
