/**
 * Issue 14, the base map from vector tiles in a real browser: a copy of data/zhihuiwan cut with `gridsight tiles`
 * (basemap.pmtiles listed in dataset.json), served with range requests. The overview and the wall never fetch
 * basemap.geojson and read the archive in ranges (206s); at zoom 16 the tiled map draws the same road names and
 * buildings as the GeoJSON one; the planner reads basemap.geojson on demand (its roads to snap to), once; when the
 * archive cannot be read, the overview and the wall draw basemap.geojson instead and say why. Quiet and offline.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady, type AppWindow } from './harness';
import { runTiles } from '../../src/cli/tiles';

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gs-tiles-e2e-'));
  cpSync(path.join(ROOT, 'data/zhihuiwan'), path.join(dir, 'tiles'), { recursive: true });
  await runTiles(path.join(dir, 'tiles'));
  // Listed, but gone.
  cpSync(path.join(dir, 'tiles'), path.join(dir, 'broken'), { recursive: true });
  rmSync(path.join(dir, 'broken/basemap.pmtiles'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const app = useAppBrowser({ extra: () => dir });

/** At zoom 16 over the middle of the community: the road names drawn, and how many buildings and land-use areas. */
async function drawnAtZoom16(page: Page): Promise<{ roads: string[]; buildings: number; landuse: number }> {
  return page.evaluate(async () => {
    const m = (window as AppWindow).__gridsight!.map as unknown as import('maplibre-gl').Map;
    const layers = m.getStyle().layers.map((l) => l.id);
    const community = m.getSource('community') as unknown as { serialize(): { data: GeoJSON.FeatureCollection } };
    const ring = (community.serialize().data.features[0].geometry as GeoJSON.Polygon).coordinates[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    m.jumpTo({ center: [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2], zoom: 16 });
    await new Promise((resolve) => m.once('idle', resolve));
    const q = (id: string) => (layers.includes(id) ? m.queryRenderedFeatures({ layers: [id] }) : []);
    return {
      roads: [...new Set(q('basemap-road-labels').map((f) => String(f.properties.name)))].sort(),
      buildings: q('basemap-buildings').length,
      landuse: q('basemap-landuse').length,
    };
  });
}

/** What the bundled dataset's GeoJSON base map draws at zoom 16 (drawnAtZoom16), read once for the file. */
let geojsonDrawn: Promise<Awaited<ReturnType<typeof drawnAtZoom16>>> | null = null;
function fromGeojson(): Promise<Awaited<ReturnType<typeof drawnAtZoom16>>> {
  geojsonDrawn ??= (async () => {
    const { page } = await app.open();
    await page.goto(app.server.url('/?data=./data/zhihuiwan/'));
    expect(await waitReady(page)).toMatchObject({ ok: true });
    return drawnAtZoom16(page);
  })();
  return geojsonDrawn;
}

const statuses = (page: Page) => {
  const seen: number[] = [];
  page.context().on('response', (r) => {
    if (r.url().endsWith('basemap.pmtiles')) seen.push(r.status());
  });
  return seen;
};

describe('base map from basemap.pmtiles', () => {
  test('overview: tiles in ranges, no basemap.geojson, the same roads and buildings at zoom 16 as the GeoJSON map', async () => {
    const want = await fromGeojson();
    expect(want.roads.length).toBeGreaterThan(1);
    expect(want.buildings).toBeGreaterThan(5);

    const tracked = await app.open();
    const ranges = statuses(tracked.page);
    await tracked.page.goto(app.server.url('/?data=/__extra/tiles/'));
    expect(await waitReady(tracked.page)).toMatchObject({ ok: true });
    const got = await drawnAtZoom16(tracked.page);
    expect(got.roads).toEqual(want.roads);
    expect(got.buildings).toBeGreaterThan(5);
    expect(got.landuse).toBeGreaterThan(0);
    expect(tracked.requests.filter((u) => u.endsWith('basemap.geojson'))).toEqual([]);
    expect(ranges.length).toBeGreaterThan(1);
    expect(new Set(ranges)).toEqual(new Set([206]));
    await screenshot(tracked.page, 'basemap-tiles-z16');
    assertClean(tracked, app.server.origin);
  }, 120_000);

  test('wall: the dark map draws the tiles; basemap.geojson is not read by the wall or its worker', async () => {
    const tracked = await app.open({ viewport: { width: 1920, height: 1080 } });
    await tracked.page.goto(app.server.url('/?data=/__extra/tiles/#/wall?tour=3'));
    expect(await waitReady(tracked.page)).toMatchObject({ ok: true });
    const roads = await tracked.page.evaluate(() => {
      const m = (window as AppWindow).__gridsight!.map as unknown as import('maplibre-gl').Map;
      return m.queryRenderedFeatures({ layers: ['basemap-roads'] }).length;
    });
    expect(roads).toBeGreaterThan(0);
    expect(tracked.requests.filter((u) => u.endsWith('basemap.geojson'))).toEqual([]);
    expect(tracked.requests.some((u) => u.endsWith('basemap.pmtiles'))).toBe(true);
    assertClean(tracked, app.server.origin);
  }, 120_000);

  test('planner: basemap.geojson is read once, on demand, for snapping to roads', async () => {
    const tracked = await app.open();
    await tracked.page.goto(app.server.url('/?data=/__extra/tiles/#/plan'));
    expect(await waitReady(tracked.page)).toMatchObject({ ok: true });
    await expect.poll(() => tracked.requests.filter((u) => u.endsWith('basemap.geojson')).length, { timeout: 30_000 }).toBe(1);
    assertClean(tracked, app.server.origin);
  }, 120_000);

  test('a missing archive: the overview and the wall draw basemap.geojson instead, with one warning saying why', async () => {
    const want = await fromGeojson();
    const tracked = await app.open();
    await tracked.page.goto(app.server.url('/?data=/__extra/broken/'));
    expect(await waitReady(tracked.page)).toMatchObject({ ok: true });
    await expect.poll(() => tracked.requests.filter((u) => u.endsWith('/broken/basemap.geojson')).length, { timeout: 30_000 }).toBe(1);
    expect(await drawnAtZoom16(tracked.page)).toEqual(want);
    const said = tracked.console.splice(0).map((m) => `${m.type}: ${m.text}`);
    expect(said.filter((t) => !/Failed to load resource/.test(t))).toEqual([
      'warning: basemap.pmtiles could not be read (Bad response code: 404); the base map is drawn from basemap.geojson',
    ]);
    assertClean(tracked, app.server.origin);

    const wall = await app.open({ viewport: { width: 1920, height: 1080 } });
    await wall.page.goto(app.server.url('/?data=/__extra/broken/#/wall?tour=3'));
    expect(await waitReady(wall.page)).toMatchObject({ ok: true });
    await expect
      .poll(
        () =>
          wall.page.evaluate(() => {
            const m = (window as AppWindow).__gridsight!.map as unknown as import('maplibre-gl').Map;
            return m.getSource('basemap')?.type === 'geojson' && m.queryRenderedFeatures({ layers: ['basemap-roads'] }).length > 0;
          }),
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(wall.console.splice(0).map((m) => m.text).filter((t) => !/Failed to load resource/.test(t))).toEqual([
      'basemap.pmtiles could not be read (Bad response code: 404); the base map is drawn from basemap.geojson',
    ]);
    assertClean(wall, app.server.origin);
  }, 180_000);
});
