/**
 * Issue 4, the analyst map's own layers in a real browser (data/zhihuiwan): enterprise clusters whose counts add up
 * to the enterprises, the search box by name and by credit code, the incident heatmap toggle, the per-grid
 * choropleth against the CLI's numbers, patrol coverage flags against the report, and the grid leaders without a
 * patrol. Screenshots of each layer at 1600×1000.
 */
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { FeatureCollection } from 'geojson';
import {
  ROOT,
  assertClean,
  screenshot,
  useAppBrowser,
  waitReady,
  type AppWindow,
} from './harness';
import type { Dataset } from '../../src/domain/types';
import { datasetStats } from '../../src/geo/dataset-stats';
import { enterpriseProfile } from '../../src/geo/enterprise-profile';
import { datasetIncidents } from '../../src/domain/incident-table';
import { incidentRecord, incidentRowById } from '../../src/domain/incident-record';
import { datasetAsOf, type Stats } from '../../src/domain/stats';
import { deckSettled, deckStacking, drawnData, hasDeckLayer, waitDeckLayer } from './deck-page';
import { monthOf, parseTime } from '../../src/domain/time';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';

const DATA = path.join(ROOT, 'data/zhihuiwan');
const MONTH = '2026-10';

let dataset: Dataset;
let expected: Stats;

beforeAll(async () => {
  dataset = await loadDataset(folderSource(DATA), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  expected = datasetStats(dataset, { month: MONTH, now: datasetAsOf(dataset, Date.now()) });
});

const app = useAppBrowser();

/** Waits until the map has stopped moving and drawn everything, deck.gl's layers included (a repaint forced, so
 * `idle` comes). */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = (window as AppWindow).__gridsight!.map;
    return map.loaded() && !map.isMoving();
  }, undefined, { timeout: 30_000 });
  await page.evaluate(
    () => new Promise<void>((resolve) => {
      const map = (window as AppWindow).__gridsight!.map;
      map.once('idle', () => resolve());
      map.triggerRepaint();
    }),
  );
  await page.waitForFunction(() => {
    const handle = (window as AppWindow).__gridsight as unknown as { deck?: { settled(): boolean } };
    return handle.deck?.settled() ?? true;
  }, undefined, { timeout: 30_000 });
  expect(await deckSettled(page)).toBe(true);
}

async function hasLayer(page: Page, id: string): Promise<boolean> {
  return page.evaluate((layer) => !!(window as AppWindow).__gridsight!.map.getLayer(layer), id);
}

async function sourceData<P>(page: Page, id: string): Promise<FeatureCollection['features'] & { properties: P }[]> {
  return page.evaluate(async (source) => {
    const map = (window as AppWindow).__gridsight!.map;
    const s = map.getSource(source) as unknown as { getData(): Promise<FeatureCollection> };
    return (await s.getData()).features;
  }, id) as never;
}

/** Metres between two lon/lat points (equirectangular: fine over a few hundred metres). */
function metres(a: [number, number], b: [number, number]): number {
  const k = Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * 111_320;
}

async function mapCenter(page: Page): Promise<[number, number]> {
  return page.evaluate(() => (window as AppWindow).__gridsight!.map.getCenter().toArray() as [number, number]);
}

describe('#/analyze map layers', () => {
  test('clusters, search, heatmap, choropleth, patrol coverage and leaders', async () => {
    const enterprises = dataset.enterprises!.features;
    const tracked = await app.open();
    const { page } = tracked;
    await page.goto(app.server.url('/#/analyze'));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    await page.getByTestId('month-select').selectOption(MONTH);
    await page.locator('[data-testid="hex-mode"] button[data-mode="off"]').click();
    await waitDeckLayer(page, 'analysis-hex', false);
    await settle(page);

    // Clusters: on by default, replacing the overview's dots; every enterprise is in exactly one cluster or dot.
    expect(await hasLayer(page, 'analysis-enterprise-clusters')).toBe(true);
    expect(
      await page.evaluate(() => (window as AppWindow).__gridsight!.map.getLayoutProperty('enterprises', 'visibility')),
    ).toBe('none');
    const drawn = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const clusters = new Map<number, number>();
      const dots = new Set<string>();
      for (const f of map.queryRenderedFeatures({ layers: ['analysis-enterprise-clusters', 'analysis-enterprise-points'] })) {
        if (f.properties.cluster_id !== undefined) clusters.set(Number(f.properties.cluster_id), Number(f.properties.point_count));
        else dots.add(String(f.properties.id));
      }
      // One symbol per cluster: its disc and its count, over the labels (the grid names move aside).
      const layer = map.getLayer('analysis-enterprise-clusters')!;
      const order = map.getLayersOrder();
      return {
        counts: [...clusters.values()],
        dots: dots.size,
        type: layer.type,
        text: JSON.stringify(map.getLayoutProperty('analysis-enterprise-clusters', 'text-field')),
        aboveNames: order.indexOf('analysis-enterprise-clusters') > order.indexOf('grids-label'),
      };
    });
    expect(drawn.counts.length, 'some clusters').toBeGreaterThan(3);
    expect(drawn.counts.reduce((a, b) => a + b, 0) + drawn.dots).toBe(enterprises.length);
    expect(drawn).toMatchObject({ type: 'symbol', aboveNames: true });
    expect(drawn.text).toContain('point_count_abbreviated');
    // No grid name's box overlaps a cluster's disc: the names were placed around them.
    const overlaps = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const discs = map.queryRenderedFeatures({ layers: ['analysis-enterprise-clusters'] }).map((f) => {
        const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        const n = Number(f.properties.point_count);
        return { x: p.x, y: p.y, r: n < 10 ? 14 : n < 30 ? 18 : 24 };
      });
      // queryRenderedFeatures answers for a symbol where its placed box is: a name found inside a disc lies on it.
      const hits: string[] = [];
      for (const d of discs) {
        const r = d.r * 0.7;
        for (const f of map.queryRenderedFeatures([[d.x - r, d.y - r], [d.x + r, d.y + r]], { layers: ['grids-label'] }))
          hits.push(String(f.properties.code));
      }
      const names = new Set(map.queryRenderedFeatures({ layers: ['grids-label'] }).map((f) => String(f.properties.code)));
      return { discs: discs.length, hits, names: names.size };
    });
    expect(overlaps.discs).toBeGreaterThan(3);
    expect(overlaps.hits, 'grid names lying on a cluster').toEqual([]);
    // Every grid keeps its name at the community's view: each found a place beside the discs.
    expect(overlaps.names).toBe(new Set(dataset.grids!.features.map((f) => f.properties.code)).size);
    await screenshot(page, 'analyze-clusters');

    // A click on the biggest cluster on screen zooms in to where it splits.
    const target = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const [big] = map
        .queryRenderedFeatures({ layers: ['analysis-enterprise-clusters'] })
        .filter((f) => {
          const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
          return p.x > 300 && p.x < rect.width - 640 && p.y > 80 && p.y < rect.height - 60;
        })
        .sort((a, b) => Number(b.properties.point_count) - Number(a.properties.point_count));
      const p = map.project((big.geometry as GeoJSON.Point).coordinates as [number, number]);
      return { x: p.x + rect.left, y: p.y + rect.top, zoom: map.getZoom() };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction((z) => (window as AppWindow).__gridsight!.map.getZoom() > z + 0.5, target.zoom);
    await settle(page);
    await page.getByTestId('zoom-reset').click();
    await settle(page);

    // Heatmap (a deck.gl layer): the toggle adds and removes it; its points are the month's incidents (the filter),
    // drawn under the labels.
    const monthIncidents = dataset.incidents!.features.filter((f) => monthOf(parseTime(f.properties.reportedAt)) === MONTH);
    expect(await hasDeckLayer(page, 'analysis-incident-heat')).toBe(false);
    await page.locator('[data-analysis-layer="heatmap"]').check();
    await waitDeckLayer(page, 'analysis-incident-heat');
    const heat = (await drawnData(page, 'analysis-incident-heat'))!;
    expect(heat.length).toBe(monthIncidents.length);
    const pairs = (xs: number[]) => Array.from({ length: xs.length / 2 }, (_, i) => `${xs[2 * i]},${xs[2 * i + 1]}`).sort();
    expect(pairs(heat.positions)).toEqual(pairs(monthIncidents.flatMap((f) => f.geometry.coordinates.slice(0, 2))));
    expect(Number(await page.getByTestId('heat-legend').getAttribute('data-count'))).toBe(monthIncidents.length);
    const stack = await deckStacking(page);
    expect(stack.group, 'deck.gl layer group in the map').toBeGreaterThanOrEqual(0);
    for (const label of ['grids-label', 'microgrids-label', 'basemap-road-labels', 'analysis-enterprise-clusters'])
      expect(stack.group, `deck.gl under ${label}`).toBeLessThan(stack.order.indexOf(label));
    expect(stack.group, 'deck.gl over the grid outlines').toBeGreaterThan(stack.order.indexOf('grids-outline'));
    await settle(page);
    await screenshot(page, 'analyze-heatmap');
    await page.locator('[data-analysis-layer="heatmap"]').uncheck();
    await waitDeckLayer(page, 'analysis-incident-heat', false);
    expect((await deckStacking(page)).group, 'no deck.gl group left').toBe(-1);

    // Choropleth: incidents per enterprise of every grid = the month's incidents / its enterprises (CLI numbers).
    await page.locator('[data-testid="grid-colouring"] button[data-colouring="perEnterprise"]').click();
    await page.waitForSelector('[data-testid="grid-colour-legend"][data-colouring="perEnterprise"] li');
    await settle(page);
    type GridProps = { code: string; value: number | null; flagged: boolean; colour: string };
    const perEnterprise = (await sourceData<GridProps>(page, 'analysis-grid-colour'))
      .filter((f) => f.geometry.type !== 'Point')
      .map((f) => f.properties as GridProps);
    expect(perEnterprise.map((g) => g.code).sort()).toEqual(expected.grids.map((g) => g.code).sort());
    for (const g of expected.grids) {
      const want = g.enterprises ? g.incidents.total / g.enterprises : null;
      const got = perEnterprise.find((p) => p.code === g.code)!.value;
      if (want === null) expect(got).toBeNull();
      else expect(got, g.code).toBeCloseTo(want, 12);
    }
    const legendCounts = await page
      .locator('[data-testid="grid-colour-legend"] li')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(legendCounts.reduce((a, b) => a + b, 0)).toBe(expected.grids.length);
    await screenshot(page, 'analyze-choropleth');

    // Patrol coverage: exactly the grids under 95 % in the report are flagged, and outlined on the map.
    await page.locator('[data-testid="grid-colouring"] button[data-colouring="patrol"]').click();
    await page.locator('[data-analysis-layer="tracks"]').check();
    await page.waitForSelector('[data-testid="grid-colour-legend"][data-colouring="patrol"] li');
    await waitDeckLayer(page, 'analysis-patrol-corridor');
    await settle(page);
    const under = expected.grids
      .filter((g) => g.patrol.enterpriseCoverage !== null && g.patrol.enterpriseCoverage < 0.95)
      .map((g) => g.code)
      .sort();
    expect(under.length, 'the month has a grid under 95 %').toBeGreaterThan(0);
    const patrolGrids = (await sourceData<GridProps>(page, 'analysis-grid-colour'))
      .filter((f) => f.geometry.type !== 'Point')
      .map((f) => f.properties as GridProps);
    expect(patrolGrids.filter((g) => g.flagged).map((g) => g.code).sort()).toEqual(under);
    for (const g of expected.grids) expect(patrolGrids.find((p) => p.code === g.code)!.value).toBe(g.patrol.enterpriseCoverage);
    const outlined = await page.evaluate(() =>
      [...new Set((window as AppWindow).__gridsight!.map
        .queryRenderedFeatures({ layers: ['analysis-grid-colour-outline'] })
        .map((f) => String(f.properties.code)))].sort(),
    );
    expect(outlined).toEqual(under);
    const tracks = (await drawnData(page, 'analysis-patrol-tracks'))!;
    expect(tracks.length).toBe(expected.totals.patrol.tracksInMonth);
    // Each corridor is 2 × the visit radius wide on the ground, and the flagged grids' outlines are drawn over it.
    const corridor = (await drawnData(page, 'analysis-patrol-corridor'))!;
    expect(corridor.length).toBe(expected.totals.patrol.tracksInMonth);
    expect(corridor.props).toMatchObject({ widthUnits: 'meters', getWidth: 2 * expected.totals.patrol.radiusM });
    const patrolStack = await deckStacking(page);
    expect(patrolStack.group).toBeLessThan(patrolStack.order.indexOf('analysis-grid-colour-outline'));
    await screenshot(page, 'analyze-patrol');
    // Closer, over a flagged grid: each corridor is 100 m wide on the ground.
    const flaggedLabel = (await sourceData<GridProps>(page, 'analysis-grid-colour')).find(
      (f) => f.geometry.type === 'Point' && (f.properties as GridProps).code === under[0],
    )!;
    await page.evaluate((center) => (window as AppWindow).__gridsight!.map.jumpTo({ center, zoom: 16.3 }),
      (flaggedLabel.geometry as GeoJSON.Point).coordinates as [number, number]);
    await settle(page);
    await screenshot(page, 'analyze-patrol-corridors');
    await page.getByTestId('zoom-reset').click();
    await settle(page);

    await page.locator('[data-testid="grid-colouring"] button[data-colouring="none"]').click();
    await page.locator('[data-analysis-layer="tracks"]').uncheck();
    await page.waitForFunction(() => !(window as AppWindow).__gridsight!.map.getLayer('analysis-grid-colour-fill'));
    await waitDeckLayer(page, 'analysis-patrol-corridor', false);
    expect(await hasDeckLayer(page, 'analysis-patrol-tracks')).toBe(false);

    // Search by (part of) a name, keyboard only: the map flies to the enterprise and selects it.
    const input = page.getByTestId('enterprise-search-input');
    const byName = enterprises[123].properties;
    const at = (id: string) => enterprises.find((f) => f.properties.id === id)!.geometry.coordinates as [number, number];
    await input.fill(byName.name.slice(2));
    const options = page.locator('[data-testid="enterprise-search-list"] [role="option"]');
    await options.first().waitFor();
    expect(await options.count()).toBeLessThanOrEqual(10);
    const ids = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const k = ids.indexOf(byName.id);
    expect(k, 'the enterprise is listed').toBeGreaterThanOrEqual(0);
    for (let i = 0; i < k; i++) await input.press('ArrowDown');
    expect(await options.nth(k).getAttribute('aria-selected')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.nth(k).getAttribute('id'));
    await input.press('Enter');
    await settle(page);
    expect(metres(await mapCenter(page), at(byName.id))).toBeLessThan(3);
    expect(
      JSON.stringify(await page.evaluate(() =>
        (window as AppWindow).__gridsight!.map.getPaintProperty('analysis-enterprise-points', 'circle-stroke-width'))),
    ).toContain(byName.id);
    // Choosing it opens the enterprise's card (it does not narrow the filter to its grid): its grid and micro-grid by
    // the boundaries, its incidents and the tracks within 50 m, as the pure profile counts them.
    const asOf = datasetAsOf(dataset, Date.now());
    const table = datasetIncidents(dataset);
    const profile = enterpriseProfile({ dataset, incidents: table }, byName.id, asOf)!;
    expect(profile.incidents.count).toBeGreaterThan(0);
    const card = page.locator(`[data-testid="enterprise-card"][data-id="${byName.id}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-grid')).toBe(profile.grid?.code ?? '');
    expect(await card.getAttribute('data-micro-grid')).toBe(profile.microGrid?.code ?? '');
    expect(await card.getAttribute('data-basis')).toBe('enterpriseId');
    expect(Number(await card.getAttribute('data-incidents'))).toBe(profile.incidents.count);
    expect(Number(await card.getAttribute('data-patrols'))).toBe(profile.patrols.count);
    expect(await page.getByTestId('enterprise-patrol').count()).toBe(Math.min(profile.patrols.count, profile.patrols.list.length));
    expect(await page.getByTestId('filter-grid').count()).toBe(0);
    await screenshot(page, 'analyze-enterprise-card');
    // An incident of it: every lifecycle step the data holds, in order, and where it stood at asOf.
    const first = profile.incidents.list[0];
    await page.locator(`[data-testid="enterprise-incident"][data-id="${first.id}"]`).click();
    const inc = page.locator(`[data-testid="incident-card"][data-id="${first.id}"]`);
    await inc.waitFor({ timeout: 30_000 });
    const want = incidentRecord(table, incidentRowById(table, first.id), asOf);
    expect(await inc.getAttribute('data-steps')).toBe(want.steps.map((x) => x.step).join(','));
    expect(await inc.getAttribute('data-due')).toBe(want.due);
    const shownAt = await page.locator('[data-testid="incident-steps"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-at')));
    expect(shownAt).toEqual(want.steps.map((x) => x.at));
    expect(await page.getByTestId('incident-title').innerText()).toBe(want.title);
    await screenshot(page, 'analyze-incident-card');
    // Back to the enterprise, then back to the panel.
    await page.getByTestId('detail-back').click();
    await card.waitFor();
    await page.getByTestId('detail-back').click();
    await page.getByTestId('detail-card').waitFor({ state: 'detached' });

    // By credit code (a lower-case middle part), with the mouse.
    const byCode = enterprises[321].properties;
    await input.fill(byCode.id.slice(6, 14).toLowerCase());
    await page.locator(`[data-testid="enterprise-search-list"] [role="option"][data-id="${byCode.id}"]`).click();
    await settle(page);
    expect(metres(await mapCenter(page), at(byCode.id))).toBeLessThan(3);
    await input.press('Escape');

    // Leaders without a patrol this month: exactly the report's leaderPatrolled=false grids; a click selects one.
    await page.getByTestId('tab-patrol').click();
    const leaders = page.locator('[data-testid="patrol-leaders"][data-ready="true"]');
    await leaders.waitFor({ timeout: 30_000 });
    const listed = await leaders.locator('button[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(listed).toEqual(expected.grids.filter((g) => !g.patrol.leaderPatrolled).map((g) => g.code));
    expect(await leaders.textContent()).not.toMatch(/1[3-9]\d{9}/);
    if (listed.length) {
      await leaders.locator(`button[data-code="${listed[0]}"]`).click();
      await page.waitForSelector(`[data-testid="patrol-leaders"] button[data-code="${listed[0]}"][aria-pressed="true"]`);
    }
    await settle(page);
    await screenshot(page, 'analyze-leaders');

    assertClean(tracked, new URL(app.server.url('/')).origin);
  });
});
