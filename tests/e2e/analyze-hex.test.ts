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
import type { FeatureCollection, Point, Polygon } from 'geojson';
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

type CellProps = { q: number; r: number; count: number; bin: number };

/** The `analysis-hex` cells: q, r from the source's data, count and bin from each cell's feature-state (README). */
async function sourceCells(page: Page): Promise<CellProps[]> {
  return page.evaluate(async () => {
    const map = (window as AppWindow).__gridsight!.map;
    const source = map.getSource('analysis-hex') as unknown as { getData(): Promise<FeatureCollection<Polygon>> };
    const data = await source.getData();
    return data.features.map((f) => {
      const { q, r } = f.properties as CellProps;
      const { count, bin } = map.getFeatureState({ source: 'analysis-hex', id: f.id }) as { count: number; bin: number };
      return { q, r, count, bin };
    });
  });
}

async function waitLegend(page: Page, mode: string, month = MONTH): Promise<void> {
  await page.waitForSelector(
    `[data-testid="hex-legend"][data-mode="${mode}"][data-month="${month}"][data-size="${SIZE}"]`,
    { timeout: 60_000 },
  );
  await page.waitForFunction(
    () => {
      const map = (window as AppWindow).__gridsight!.map;
      return !!map.getLayer('analysis-hex-fill') && map.loaded() && !map.isMoving();
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

    // Density: rendered cells, counts adding up to the month's incidents.
    const rendered = await page.evaluate(
      () => (window as AppWindow).__gridsight!.map.queryRenderedFeatures({ layers: ['analysis-hex-fill'] }).length,
    );
    expect(rendered).toBeGreaterThan(0);
    const cells = await sourceCells(page);
    expect(cells.reduce((a, c) => a + c.count, 0)).toBe(monthTotal);
    expect(Number(await page.getByTestId('hex-legend').getAttribute('data-total'))).toBe(monthTotal);
    await screenshot(page, 'analyze-density');

    // Hotspots: the same classes as the core computes here.
    const center = hexAnalysisCenter(dataset);
    const grid = hexGrid(SIZE, center);
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
    const hot = await sourceCells(page);
    expect(hot.map((c) => [c.q, c.r])).toEqual(Array.from(area.q, (q, i) => [q, area.r[i]]));
    expect(hot.map((c) => c.bin)).toEqual(Array.from(expected.bin));
    expect(hot.map((c) => c.count)).toEqual(Array.from(expected.observed));
    expect(hot.some((c) => c.bin !== 0), 'some cell is significant').toBe(true);
    await screenshot(page, 'analyze-hotspots');

    // Click the busiest cell that is on screen, left of the panel.
    const target = await page.evaluate(async () => {
      const map = (window as AppWindow).__gridsight!.map;
      const source = map.getSource('analysis-hex') as unknown as { getData(): Promise<FeatureCollection<Polygon>> };
      const data = await source.getData();
      const canvas = map.getCanvas().getBoundingClientRect();
      let best: { x: number; y: number; count: number; q: number; r: number } | null = null;
      for (const f of data.features) {
        const p = {
          ...(f.properties as { q: number; r: number }),
          count: (map.getFeatureState({ source: 'analysis-hex', id: f.id }) as { count: number }).count,
        };
        if (!p.count || (best && best.count >= p.count)) continue;
        const ring = f.geometry.coordinates[0].slice(0, 6);
        const lon = ring.reduce((a, c) => a + c[0], 0) / 6;
        const lat = ring.reduce((a, c) => a + c[1], 0) / 6;
        const pt = map.project([lon, lat]);
        if (pt.x < 40 || pt.y < 80 || pt.x > canvas.width - 640 || pt.y > canvas.height - 40) continue;
        best = { x: pt.x + canvas.left, y: pt.y + canvas.top, count: p.count, q: p.q, r: p.r };
      }
      return best;
    });
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
    const underCluster = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const canvas = map.getCanvas().getBoundingClientRect();
      for (const c of map.queryRenderedFeatures({ layers: ['analysis-enterprise-clusters'] })) {
        const pt = map.project((c.geometry as Point).coordinates as [number, number]);
        if (pt.x < 40 || pt.y < 80 || pt.x > canvas.width - 640 || pt.y > canvas.height - 40) continue;
        const [cell] = map.queryRenderedFeatures([pt.x, pt.y], { layers: ['analysis-hex-fill'] });
        if (!cell) continue;
        const count = (map.getFeatureState({ source: 'analysis-hex', id: cell.id }) as { count?: number }).count ?? 0;
        if (count > 0) return { x: pt.x + canvas.left, y: pt.y + canvas.top, q: Number(cell.properties.q), r: Number(cell.properties.r), zoom: map.getZoom() };
      }
      return null;
    });
    expect(underCluster, 'a cluster over a cell with incidents').not.toBeNull();
    await page.mouse.click(underCluster!.x, underCluster!.y);
    await page.locator(`[data-testid="hex-cell-panel"][data-q="${underCluster!.q}"][data-r="${underCluster!.r}"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as AppWindow).__gridsight!.map.getZoom())).toBeCloseTo(underCluster!.zoom, 5);
    await page.mouse.click(target!.x, target!.y);
    await panel.waitFor({ timeout: 10_000 });

    // Off: the layers go and grid picking is back.
    await page.locator('[data-testid="hex-mode"] button[data-mode="off"]').click();
    await page.waitForFunction(() => !(window as AppWindow).__gridsight!.map.getLayer('analysis-hex-fill'));
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
    const gridCells = await sourceCells(page);
    expect(gridCells.reduce((a, c) => a + c.count, 0)).toBe(gridTotal);
    expect(gridCells.map((c) => [c.q, c.r])).toEqual(Array.from(area.q, (q, i) => [q, area.r[i]]));
    await screenshot(page, 'analyze-density-grid');

    assertClean(tracked, new URL(app.server.url('/')).origin);
  });
});
