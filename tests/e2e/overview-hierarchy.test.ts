/**
 * Issue 14, the overview of several communities in Chromium: data/haiyan-mini (3 communities in 2 towns) opens at
 * the county; the breadcrumb, the county's, a town's and a community's panels, labels by zoom (communities below
 * the grid zoom, grids from it) and a click that selects a community at county zoom, every figure compared with
 * `stats` computed here from the files on disk (its communities[] and towns[]), never with what the app says.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady, type AppWindow } from './harness';
import { datasetStats } from '../../src/geo/dataset-stats';
import type { Stats } from '../../src/domain/stats';
import type { Dataset } from '../../src/domain/types';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { labelPoints } from '../../src/map/label-points';

const DATA = path.join(ROOT, 'data/haiyan-mini');
let dataset: Dataset;
let stats: Stats;

beforeAll(async () => {
  dataset = await loadDataset(folderSource(DATA), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  stats = datasetStats(dataset, { now: Date.now() });
});

const app = useAppBrowser();

const crumbLevels = (page: Page) =>
  page.getByTestId('breadcrumb').getByTestId('crumb').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-level')}:${e.textContent?.trim()}`));

const counts = async (page: Page, testid: string) => {
  const el = page.getByTestId(testid);
  return { above: Number(await el.getAttribute('data-above')), below: Number(await el.getAttribute('data-below')) };
};

const codesOf = (page: Page, testid: string) =>
  page.getByTestId(testid).evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));

/** Names drawn by a label layer in the current view (deduplicated), once the map is idle. */
async function drawnLabels(page: Page, layer: string): Promise<string[]> {
  return page.evaluate(async (layer) => {
    const map = (window as AppWindow).__gridsight!.map!;
    if (!map.loaded() || map.isMoving()) await new Promise((r) => map.once('idle', r));
    return [...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties?.name)))].sort();
  }, layer);
}

async function jumpTo(page: Page, zoom: number): Promise<void> {
  await page.evaluate(async (zoom) => {
    const map = (window as AppWindow).__gridsight!.map!;
    map.jumpTo({ zoom });
    await new Promise((r) => map.once('idle', r));
  }, zoom);
}

describe('overview of a county (issue 14) in Chromium', () => {
  test('county → town → community → grid: breadcrumb, panels and labels by zoom agree with stats', async () => {
    expect(stats.towns.length).toBe(2);
    expect(stats.communities.length).toBe(3);
    const tracked = await app.open({ viewport: { width: 1600, height: 1000 } });
    const { page } = tracked;
    await page.goto(app.server.url('/?data=./data/haiyan-mini/'));
    expect(await waitReady(page)).toMatchObject({ ok: true });

    // The county: its towns and their communities, and figures that are the towns' added up.
    const countyName = String(dataset.community!.features[0].properties.county);
    expect(await crumbLevels(page)).toEqual([`county:${countyName}`]);
    const county = page.getByTestId('county-details');
    await expect.poll(() => county.count()).toBe(1);
    expect(await codesOf(page, 'town-item')).toEqual(stats.towns.map((t) => t.code));
    const townOrder = stats.towns.flatMap((t) => t.communityCodes);
    expect(await codesOf(page, 'community-item')).toEqual(townOrder);
    const sum = (key: 'above' | 'below') => stats.towns.reduce((s, t) => s + t.enterprises[key], 0);
    expect(await counts(page, 'county-enterprise-counts')).toEqual({ above: sum('above'), below: sum('below') });
    const countyText = await county.innerText();
    expect(countyText).toContain(`${stats.totals.grids}`);
    expect(countyText).toContain(`${stats.totals.microGrids}`);

    // Labels by zoom: communities below the grid zoom, grids from it, never both.
    const split = await page.evaluate(() => (window as AppWindow).__gridsight!.map!.getLayer('communities-label')!.maxzoom);
    expect(split).toBeGreaterThan(10);
    expect(split).toBeLessThan(15);
    await jumpTo(page, split - 0.8);
    expect(await drawnLabels(page, 'communities-label')).toEqual(stats.communities.map((c) => c.name).sort());
    expect(await drawnLabels(page, 'grids-label')).toEqual([]);
    // No carpet of 1,000 dots and 378 micro-grids at county zoom; the legend says when they come.
    expect(await drawnLabels(page, 'enterprises')).toEqual([]);
    expect(await drawnLabels(page, 'microgrids-fill')).toEqual([]);
    await page.locator('[data-legend="legend.closerIn"]').waitFor();
    await screenshot(page, 'overview-county-zoom');

    // A click at county zoom selects the community under the pointer (at its label point, drawn from disk).
    const target = stats.communities[stats.communities.length - 1];
    const feature = dataset.community!.features.find((f) => f.properties.code === target.code)!;
    const [lng, lat] = labelPoints({ type: 'FeatureCollection', features: [feature] }).features[0].geometry.coordinates;
    const at = await page.evaluate(([lng, lat]) => {
      const map = (window as AppWindow).__gridsight!.map!;
      const p = map.project([lng, lat]);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y + 24 };
    }, [lng, lat]);
    await page.mouse.click(at.x, at.y);
    const town = stats.towns.find((t) => t.code === target.townCode)!;
    await expect.poll(() => crumbLevels(page)).toEqual([`county:${countyName}`, `town:${town.name}`, `community:${target.name}`]);
    expect(await codesOf(page, 'grid-item')).toEqual(target.gridCodes);
    expect(await counts(page, 'community-enterprise-counts')).toEqual({ above: target.enterprises.above, below: target.enterprises.below });
    // Flown to the community: now its grids are named, and they are the community's.
    await page.waitForFunction(() => !(window as AppWindow).__gridsight!.map!.isMoving());
    const zoom = await page.evaluate(() => (window as AppWindow).__gridsight!.map!.getZoom());
    expect(zoom).toBeGreaterThanOrEqual(split);
    const gridNames = new Map(dataset.grids!.features.map((g) => [g.properties.name, g.properties.code]));
    const named = (await drawnLabels(page, 'grids-label')).map((n) => gridNames.get(n));
    expect(named.filter((c) => target.gridCodes.includes(c!)).length).toBeGreaterThan(target.gridCodes.length / 2);

    // The town: its communities and figures.
    await page.getByTestId('breadcrumb').locator('[data-level="town"]').click();
    await page.getByTestId('town-details').waitFor();
    expect(await codesOf(page, 'community-item')).toEqual(town.communityCodes);
    expect(await counts(page, 'town-enterprise-counts')).toEqual({ above: town.enterprises.above, below: town.enterprises.below });
    expect(await page.getByTestId('town-details').innerText()).toContain(town.name);

    // Down again through the lists: a community, then one of its grids; the path shows every level.
    const other = stats.communities.find((c) => c.code === town.communityCodes[0])!;
    await page.getByTestId('community-item').first().click();
    await expect.poll(() => crumbLevels(page)).toEqual([`county:${countyName}`, `town:${town.name}`, `community:${other.name}`]);
    const grid = dataset.grids!.features.find((g) => g.properties.code === other.gridCodes[0])!;
    await page.getByTestId('grid-item').first().click();
    await expect
      .poll(() => crumbLevels(page))
      .toEqual([`county:${countyName}`, `town:${town.name}`, `community:${other.name}`, `grid:${grid.properties.name}`]);
    await screenshot(page, 'overview-county-grid');

    // Back to the top.
    await page.getByTestId('breadcrumb').locator('[data-level="county"]').click();
    await page.getByTestId('county-details').waitFor();
    expect(await crumbLevels(page)).toEqual([`county:${countyName}`]);
    assertClean(tracked, app.server.origin);
  });
});
