/**
 * Base maps of config.json (`basemaps`) chosen in the layer switcher, in a real browser with the app's CSP. The test
 * serves its own config.json over the build's: a same-origin XYZ base map whose every tile is one solid-colour PNG
 * made here, one whose tiles are 404s, and one on another origin that the default CSP refuses. Choosing the first
 * draws that colour under the data with its attribution; the second and third fall back to the offline base map
 * with a notice naming the host. Nothing leaves the page's origin.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  DIST,
  EXTRA_PREFIX,
  assertClean,
  launchBrowser,
  openPage,
  screenshot,
  waitReady,
  type AppWindow,
  type TrackedPage,
} from './harness';
import { startStaticServer, type StaticServer } from './static-server.mjs';

/** The tiles' colour: a magenta nothing in the app's themes uses. */
const TILE_RGB = [214, 40, 220] as const;

/** A 256×256 PNG of one colour (8-bit RGB, no filter), written by hand: zlib for the data, crc32 for the chunks. */
function solidPng([r, g, b]: readonly number[]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + 256 * 3);
  for (let x = 0; x < 256; x++) row.set([r, g, b], 1 + x * 3);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(Array(256).fill(row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let dir = '';
let server: StaticServer;
let browser: Browser;
const pages: TrackedPage[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gs-basemap-e2e-'));
  writeFileSync(path.join(dir, 'solid.png'), solidPng(TILE_RGB));
  const config = {
    data: './data/zhihuiwan/',
    datasets: [{ name: '智汇湾工业社区', url: './data/zhihuiwan/' }],
    basemaps: [
      // The static server answers by path, so every {z}/{x}/{y} of this WMTS-like template gets the one tile.
      {
        id: 'solid',
        type: 'xyz',
        name: '内网影像',
        url: `${EXTRA_PREFIX}solid.png?l={z}&c={x}&r={y}`,
        attribution: '© 测试瓦片服务',
        maxzoom: 18,
      },
      { id: 'missing', type: 'xyz', name: '坏的瓦片', url: `${EXTRA_PREFIX}missing/{z}/{x}/{y}.png` },
      { id: 'outside', type: 'xyz', name: '外网瓦片', url: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png' },
    ],
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  server = await startStaticServer(
    { '/': DIST, [EXTRA_PREFIX]: dir },
    { files: { '/config.json': path.join(dir, 'config.json') } },
  );
  browser = await launchBrowser();
});

// As useAppBrowser does: any CSP violation fails the test that caused it (the refused origin is never asked).
afterEach(() => {
  const violations = pages.flatMap((p) => p.cspViolations.splice(0));
  if (violations.length > 0)
    throw new Error(`Content-Security-Policy violations:\n  ${violations.join('\n  ')}`);
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openOverview(): Promise<TrackedPage> {
  const tracked = await openPage(browser);
  pages.push(tracked);
  await tracked.page.goto(server.url('/'));
  expect(await waitReady(tracked.page)).toMatchObject({ ok: true });
  await tracked.page.getByTestId('basemap-choice').waitFor();
  return tracked;
}

/** Waits until the map has drawn what it has and is idle. */
const idle = (page: Page) =>
  page.evaluate(async () => {
    const m = (window as AppWindow).__gridsight!.map;
    if (!m.loaded()) await new Promise((resolve) => m.once('idle', resolve));
  });

/** The share of a screenshot's pixels (the map's left part, beside the panel) within 6 of `rgb`, decoded in the page. */
async function shareOf(page: Page, rgb: readonly number[]): Promise<number> {
  const png = await page.screenshot({ clip: { x: 0, y: 60, width: 1200, height: 900 } });
  return page.evaluate(
    async ({ bytes, rgb }) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          Math.abs(data[i] - rgb[0]) <= 6 &&
          Math.abs(data[i + 1] - rgb[1]) <= 6 &&
          Math.abs(data[i + 2] - rgb[2]) <= 6
        )
          hits++;
      }
      return hits / (data.length / 4);
    },
    { bytes: [...png], rgb: [...rgb] },
  );
}

const layerState = (page: Page) =>
  page.evaluate(() => {
    const m = (window as AppWindow).__gridsight!.map;
    const ids = m.getStyle().layers.map((l) => l.id);
    return {
      raster: ids.indexOf('basemap-raster'),
      firstData: ids.indexOf('community-fill'),
      offlineRoads: m.getLayer('basemap-roads')
        ? m.getLayoutProperty('basemap-roads', 'visibility')
        : 'absent',
    };
  });

describe('base maps of config.json in the layer switcher', () => {
  test('a same-origin XYZ base map: chosen, drawn under the data in its colour, attributed, remembered', async () => {
    const tracked = await openOverview();
    const { page } = tracked;
    expect(await shareOf(page, TILE_RGB)).toBe(0);
    const radios = page.getByTestId('basemap-choice').getByRole('radio');
    expect(
      await radios.evaluateAll((els) => els.map((e) => (e.parentElement?.textContent ?? '').trim())),
    ).toEqual(['离线底图', '内网影像', '坏的瓦片', '外网瓦片']);
    await page.getByLabel('内网影像').check();
    await expect
      .poll(() => tracked.requests.filter((u) => u.includes('/solid.png?')).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await idle(page);
    const layers = await layerState(page);
    expect(layers.raster).toBe(1); // right above the background, under every data layer
    expect(layers.firstData).toBeGreaterThan(layers.raster);
    expect(layers.offlineRoads).toBe('none');
    // Outside the community only the tiles show; inside, the grids' fills tint them.
    expect(await shareOf(page, TILE_RGB)).toBeGreaterThan(0.05);
    await expect.poll(() => page.getByTestId('basemap-attribution').innerText()).toContain('© 测试瓦片服务');
    expect(await page.getByTestId('basemap-attribution').isVisible()).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('gridsight.basemap'))).toBe('solid');
    await screenshot(page, 'basemap-choice-xyz');
    expect(await page.getByTestId('basemap-notice').count()).toBe(0);
    assertClean(tracked, server.origin);

    // Back to the offline base map: the raster and its attribution go, the dataset's own base map comes back.
    await page.getByLabel('离线底图').check();
    await expect.poll(() => layerState(page)).toMatchObject({ raster: -1, offlineRoads: 'visible' });
    expect(await page.getByTestId('basemap-attribution').count()).toBe(0);
  }, 120_000);

  test('tiles that fail (404) or an origin the CSP refuses: the offline base map comes back with a notice naming the host', async () => {
    const tracked = await openOverview();
    const { page } = tracked;
    await page.getByLabel('坏的瓦片').check();
    const notice = page.getByTestId('basemap-notice').locator('span');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toBe(
      `无法加载底图“坏的瓦片”的瓦片（来自 ${new URL(server.origin).host}），已改用离线底图。`,
    );
    expect(await page.getByLabel('离线底图').isChecked()).toBe(true);
    await expect.poll(() => layerState(page)).toMatchObject({ raster: -1, offlineRoads: 'visible' });
    await idle(page);
    await screenshot(page, 'basemap-choice-failed');
    const said = tracked.console.splice(0).map((m) => m.text);
    expect(
      said.filter((t) => !/Failed to load resource: the server responded with a status of 404/.test(t)),
    ).toEqual([
      `base map "missing": the tiles from ${new URL(server.origin).host} could not be loaded; the offline base map is shown`,
    ]);
    assertClean(tracked, server.origin);

    // click, not check: the radio goes straight back to 离线底图, which check() would take for a failed click.
    await page.getByLabel('外网瓦片').click();
    await expect
      .poll(() => notice.innerText())
      .toBe(
        '底图“外网瓦片”的瓦片来源 tiles.example.gov.cn 不在内容安全策略（Content-Security-Policy）允许之列，已改用离线底图。请在构建时把该来源加入 GS_TILE_ORIGINS。',
      );
    expect(await page.getByLabel('离线底图').isChecked()).toBe(true);
    expect(tracked.console.splice(0).map((m) => m.text)).toEqual([
      'base map "outside": tiles.example.gov.cn is not allowed by the page\'s CSP (add it to GS_TILE_ORIGINS at build); the offline base map is shown',
    ]);
    // Refused before asking: no request left the origin, and the browser saw no violation.
    assertClean(tracked, server.origin);
  }, 120_000);
});
