/**
 * Issue 4, the analyst map's hex cells in a real browser: with the month chosen (the filter's time range), density
 * counts add up to the month's incidents in data/zhihuiwan, the hotspot classes are those of hexBin + hotspots run
 * here on the same data, and a click on a cell lists its incidents (asked of the stats worker on the click, and
 * again under the new filter when the month changes while the cell is open). Selecting a grid on the map filters the
 * cells to its incidents (the grid dimension of the filter follows the selection).
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Point } from 'geojson';
import {
  ROOT,
  assertClean,
  screenshot,
  useAppBrowser,
  waitReady,
  type AppWindow,
} from './harness';
import type { Dataset } from '../../src/domain/types';
import { monthOf } from '../../src/domain/time';
import { hexBin, hexCell, hexCover, hexGrid, hexUnion } from '../../src/geo/hexbin';
import { hotspots } from '../../src/geo/hotspots';
import { hexAnalysisCenter, pointArrays } from '../../src/geo/hex-analysis';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { DENSITY_COLOURS, HOTSPOT_COLOURS, densityBreaks, densityClass } from '../../src/map/hex-layers';
import { HEX_FILL_OPACITY, hexCentre } from '../../src/map/deck/hex-cells';
import { rgba } from '../../src/map/deck/colour';
import { drawnCells, waitDeckLayer, type DrawnCell } from './deck-page';

const DATA = path.join(ROOT, 'data/zhihuiwan');
const MONTH = '2026-10';
/** The month chosen while the clicked cell stays open. */
const OTHER_MONTH = '2026-09';
const SIZE = 200;
/** The panel lists at most this many incidents of a cell. */
const CAP = 50;

let dataset: Dataset;

beforeAll(async () => {
  dataset = await loadDataset(folderSource(DATA), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
});

const app = useAppBrowser();

/**
 * The `analysis-hex` cells deck.gl draws (README), each checked against itself: its centre is its (q, r) cell's and
 * its fill is its class's colour for `mode` (density: the class of its count among the result's; hotspots: its bin).
 */
async function sourceCells(page: Page, mode: 'density' | 'hotspots', grid: ReturnType<typeof hexGrid>): Promise<DrawnCell[]> {
  const cells = await drawnCells(page);
  const breaks = densityBreaks(cells.reduce((m, c) => Math.max(m, c.count), 0));
  for (const c of cells) {
    const [lon, lat] = hexCentre(c.q, c.r, grid);
    expect(c.centre[0]).toBeCloseTo(lon, 9);
    expect(c.centre[1]).toBeCloseTo(lat, 9);
    const k = densityClass(c.count, breaks);
    const colour = mode === 'density' ? (k ? rgba(DENSITY_COLOURS[k - 1], HEX_FILL_OPACITY) : [0, 0, 0, 0])
      : rgba(HOTSPOT_COLOURS[String(c.bin)], HEX_FILL_OPACITY);
    expect(c.fill, `cell ${c.q},${c.r}`).toEqual(colour);
  }
  return cells;
}

async function waitLegend(page: Page, mode: string, month = MONTH): Promise<void> {
  await page.waitForSelector(
    `[data-testid="hex-legend"][data-mode="${mode}"][data-month="${month}"][data-size="${SIZE}"]`,
    { timeout: 60_000 },
  );
  await waitDeckLayer(page, 'analysis-hex');
  await page.waitForFunction(
    () => {
      const map = (window as AppWindow).__gridsight!.map;
      return map.loaded() && !map.isMoving();
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(
    () => new Promise<void>((resolve) => {
      const map = (window as AppWindow).__gridsight!.map;
      map.once('idle', () => resolve());
      map.triggerRepaint();
    }),
  );
  await waitDeckLayer(page, 'analysis-hex');
}

/** Cells whose centre is on screen, left of the panel and clear of the map's edges (where a click lands on them). */
async function onScreen(page: Page, cells: DrawnCell[]): Promise<(DrawnCell & { x: number; y: number })[]> {
  return page.evaluate((list) => {
    const map = (window as AppWindow).__gridsight!.map;
    const canvas = map.getCanvas().getBoundingClientRect();
    return list.flatMap((c) => {
      const pt = map.project(c.centre);
      if (pt.x < 40 || pt.y < 80 || pt.x > canvas.width - 640 || pt.y > canvas.height - 40) return [];
      return [{ ...c, x: pt.x + canvas.left, y: pt.y + canvas.top }];
    });
  }, cells);
}

describe('#/analyze hex cells', () => {
  test('density sums to the month, hotspots match hexBin + hotspots, a click lists a cell', async () => {
    const features = dataset.incidents!.features;
    const mask = Uint8Array.from(features, (f) => (monthOf(Date.parse(f.properties.reportedAt)) === MONTH ? 1 : 0));
    const monthTotal = mask.reduce((a, b) => a + b, 0);
    expect(monthTotal).toBeGreaterThan(0);

    const tracked = await app.open();
    const { page } = tracked;
    await page.goto(app.server.url('/#/analyze'));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    expect(await page.getByTestId('hex-mode').getAttribute('data-mode')).toBe('density');
    expect(await page.getByTestId('hex-size').inputValue()).toBe(String(SIZE));
    await page.getByTestId('month-select').selectOption(MONTH);
    await waitLegend(page, 'density');
    const center = hexAnalysisCenter(dataset);
    const grid = hexGrid(SIZE, center);

    // Density: cells drawn on screen, counts adding up to the month's incidents, each in its class's colour.
    const cells = await sourceCells(page, 'density', grid);
    expect((await onScreen(page, cells)).length).toBeGreaterThan(0);
    expect(cells.reduce((a, c) => a + c.count, 0)).toBe(monthTotal);
    expect(Number(await page.getByTestId('hex-legend').getAttribute('data-total'))).toBe(monthTotal);
    await screenshot(page, 'analyze-density');

    // Hotspots: the same classes as the core computes here.
    const inc = pointArrays(features);
    const ent = pointArrays(dataset.enterprises!.features);
    const incidentBins = hexBin(inc.lon, inc.lat, { sizeM: SIZE, center, mask });
    const enterpriseBins = hexBin(ent.lon, ent.lat, { sizeM: SIZE, center });
    const covers = dataset.community!.features.map((f) => hexCover(f.geometry, grid));
    const area = hexUnion(grid, ...covers, incidentBins, enterpriseBins);
    const expected = hotspots(area, incidentBins, { enterprises: enterpriseBins });
    expect(expected.mode).toBe('expected');

    await page.locator('[data-testid="hex-mode"] button[data-mode="hotspots"]').click();
    await waitLegend(page, 'hotspots');
    expect(await page.getByTestId('hex-legend').getAttribute('data-gi-mode')).toBe('expected');
    const hot = await sourceCells(page, 'hotspots', grid);
    expect(hot.map((c) => [c.q, c.r])).toEqual(Array.from(area.q, (q, i) => [q, area.r[i]]));
    expect(hot.map((c) => c.bin)).toEqual(Array.from(expected.bin));
    expect(hot.map((c) => c.count)).toEqual(Array.from(expected.observed));
    expect(hot.some((c) => c.bin !== 0), 'some cell is significant').toBe(true);
    await screenshot(page, 'analyze-hotspots');

    // Click the busiest cell that is on screen, left of the panel.
    let target: { x: number; y: number; count: number; q: number; r: number } | null = null;
    for (const c of await onScreen(page, hot)) if (c.count && (!target || c.count > target.count)) target = c;
    expect(target, 'a cell with incidents on screen').not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const cellPanel = `[data-testid="hex-cell-panel"][data-q="${target!.q}"][data-r="${target!.r}"]`;
    const panel = page.locator(cellPanel);
    await panel.waitFor({ timeout: 10_000 });
    expect(Number(await panel.getAttribute('data-count'))).toBe(target!.count);
    /** The incidents of `month` whose point is in the clicked cell, in file order: what the panel must list. */
    const inCell = (month: string) =>
      features.filter((f) => {
        const { q, r } = hexCell(grid, f.geometry.coordinates[0], f.geometry.coordinates[1]);
        return q === target!.q && r === target!.r && monthOf(Date.parse(f.properties.reportedAt)) === month;
      });
    /** The ids listed once the worker's answer is in (the panel says so with data-state="ready"). */
    const listed = async (count: number) => {
      await page.locator(`${cellPanel}[data-count="${count}"][data-state="ready"]`).waitFor({ timeout: 10_000 });
      return panel.getByTestId('hex-incident').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    };
    const october = inCell(MONTH);
    expect(october.length).toBe(target!.count);
    const ids = await listed(target!.count);
    expect(ids.length).toBe(Math.min(target!.count, CAP));
    expect(ids).toEqual(october.slice(0, CAP).map((f) => f.properties.id));
    await screenshot(page, 'analyze-hex-cell');

    // Another month while the cell is open: the same cell, its count and incidents of that month.
    await page.getByTestId('month-select').selectOption(OTHER_MONTH);
    await waitLegend(page, 'hotspots', OTHER_MONTH);
    const september = inCell(OTHER_MONTH);
    expect(await listed(september.length)).toEqual(september.slice(0, CAP).map((f) => f.properties.id));
    await page.getByTestId('month-select').selectOption(MONTH);
    await waitLegend(page, 'hotspots');
    expect(await listed(target!.count)).toEqual(ids);
    // While hex cells are drawn a map click does not select a grid.
    expect(await page.getByTestId('grid-month-panel').count()).toBe(0);
    // A listed incident opens its card (its lifecycle); "back" returns to the open cell.
    await page.locator(`[data-testid="hex-incident"][data-id="${ids[0]}"] [data-testid="hex-incident-open"]`).click();
    const card = page.locator(`[data-testid="incident-card"][data-id="${ids[0]}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect((await card.getAttribute('data-steps'))!.split(',')[0]).toBe('reported');
    await page.getByTestId('detail-back').click();
    await panel.waitFor({ timeout: 10_000 });

    // Clusters are on by default: a click on a cluster's circle goes to the hex cell under it (it used to be
    // swallowed, zooming the map instead).
    const clusters = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const canvas = map.getCanvas().getBoundingClientRect();
      return map.queryRenderedFeatures({ layers: ['analysis-enterprise-clusters'] }).flatMap((c) => {
        const pt = map.project((c.geometry as Point).coordinates as [number, number]);
        if (pt.x < 40 || pt.y < 80 || pt.x > canvas.width - 640 || pt.y > canvas.height - 40) return [];
        const at = map.unproject(pt);
        return [{ x: pt.x + canvas.left, y: pt.y + canvas.top, lon: at.lng, lat: at.lat, zoom: map.getZoom() }];
      });
    });
    // The cell drawn under a cluster's centre: the one whose hexagon holds that point (the cells tile the plane).
    const drawnNow = await drawnCells(page);
    const underCluster = clusters
      .map((c) => ({ ...c, ...hexCell(grid, c.lon, c.lat) }))
      .find((c) => (drawnNow.find((d) => d.q === c.q && d.r === c.r)?.count ?? 0) > 0) ?? null;
    expect(underCluster, 'a cluster over a cell with incidents').not.toBeNull();
    await page.mouse.click(underCluster!.x, underCluster!.y);
    await page.locator(`[data-testid="hex-cell-panel"][data-q="${underCluster!.q}"][data-r="${underCluster!.r}"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as AppWindow).__gridsight!.map.getZoom())).toBeCloseTo(underCluster!.zoom, 5);
    await page.mouse.click(target!.x, target!.y);
    await panel.waitFor({ timeout: 10_000 });

    // Off: the layers go and grid picking is back.
    await page.locator('[data-testid="hex-mode"] button[data-mode="off"]').click();
    await waitDeckLayer(page, 'analysis-hex', false);
    expect(await page.getByTestId('hex-cell-panel').count()).toBe(0);
    await page.mouse.click(target!.x, target!.y);
    await page.getByTestId('grid-month-panel').waitFor({ timeout: 10_000 });

    // The selected grid is the filter's grid: back on, the cells hold that grid's incidents of the month only.
    const code = await page.getByTestId('grid-month-panel').getAttribute('data-code');
    const gridTotal = features.filter((f, i) => mask[i] && f.properties.gridCode === code).length;
    expect(gridTotal).toBeGreaterThan(0);
    expect(gridTotal).toBeLessThan(monthTotal);
    await page.locator('[data-testid="hex-mode"] button[data-mode="density"]').click();
    await page.waitForSelector(`[data-testid="hex-legend"][data-mode="density"][data-total="${gridTotal}"]`, { timeout: 30_000 });
    await waitLegend(page, 'density');
    const gridCells = await sourceCells(page, 'density', grid);
    expect(gridCells.reduce((a, c) => a + c.count, 0)).toBe(gridTotal);
    expect(gridCells.map((c) => [c.q, c.r])).toEqual(Array.from(area.q, (q, i) => [q, area.r[i]]));
    await screenshot(page, 'analyze-density-grid');

    assertClean(tracked, new URL(app.server.url('/')).origin);
  });
});
