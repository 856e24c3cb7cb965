/**
 * Issue 2, the overview in a real browser: the built app in system Chromium (SwiftShader WebGL), the bundled
 * dataset data/zhihuiwan compared with what the map draws, the side panel, breadcrumb, language switch, the error
 * banner for broken datasets, and a quiet console with no request leaving the page's origin.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import {
  EXTRA_PREFIX,
  ROOT,
  assertClean,
  screenshot,
  useAppBrowser,
  waitReady,
  type AppWindow,
  type TrackedPage,
} from './harness';

const DATA = path.join(ROOT, 'data/zhihuiwan');
const GRID_ROLES = ['grid-leader', 'full-time', 'part-time', 'instructor'] as const;

type Areal = Polygon | MultiPolygon;
interface GridLike {
  code: string;
  name?: string;
}
interface MicroLike {
  code: string;
  gridCode: string;
}
interface EnterpriseLike {
  id: string;
  scale: 'above' | 'below';
}
interface MemberLike {
  id: string;
  role: string;
  gridCode: string;
  phone?: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(DATA, file), 'utf8')) as T;
}

// Ground truth, read from disk, never from the app.
let grids: Feature<Areal, GridLike>[] = [];
let micros: Feature<Areal, MicroLike>[] = [];
let enterprises: Feature<Point, EnterpriseLike>[] = [];
let members: MemberLike[] = [];
let community: Feature<Areal, { code: string; name: string }>[] = [];

/** Grid code of each enterprise by its point: the first grid (codes sorted) whose boundary holds it (DOMAIN.md). */
function gridOfEnterprise(e: Feature<Point, EnterpriseLike>): string | null {
  for (const g of grids) if (booleanPointInPolygon(e.geometry.coordinates, g)) return g.properties.code;
  return null;
}

let extraDir: string;

beforeAll(() => {
  grids = readJson<FeatureCollection<Areal, GridLike>>('grids.geojson').features.sort((a, b) =>
    a.properties.code < b.properties.code ? -1 : 1,
  );
  micros = readJson<FeatureCollection<Areal, MicroLike>>('microgrids.geojson').features;
  enterprises = readJson<FeatureCollection<Point, EnterpriseLike>>('enterprises.geojson').features;
  members = readJson<MemberLike[]>('members.json');
  community = readJson<FeatureCollection<Areal, { code: string; name: string }>>('community.geojson').features;

  // Two broken copies of the bundled dataset, each broken in one file.
  extraDir = mkdtempSync(path.join(tmpdir(), 'gridsight-e2e-'));
  cpSync(DATA, path.join(extraDir, 'broken-json'), { recursive: true });
  writeFileSync(path.join(extraDir, 'broken-json/grids.geojson'), '{"type":"FeatureCollection","features":[{');
  cpSync(DATA, path.join(extraDir, 'missing-file'), { recursive: true });
  unlinkSync(path.join(extraDir, 'missing-file/enterprises.geojson'));
});

afterAll(() => {
  if (extraDir) rmSync(extraDir, { recursive: true, force: true });
});

// Registered after the hooks above, so extraDir exists when the server starts and is removed after it has closed.
const app = useAppBrowser({ extra: () => extraDir });

async function open(url = '/'): Promise<TrackedPage> {
  const tracked = await app.open();
  await tracked.page.goto(app.server.url(url));
  return tracked;
}

/** Opens the app, waits for `ready` and checks that it reports success. */
async function openReady(url = '/'): Promise<TrackedPage> {
  const tracked = await open(url);
  const result = await waitReady(tracked.page);
  expect(result, 'window.__gridsight.ready result').toMatchObject({ ok: true });
  return tracked;
}

/** Codes of the features the map has in source `grids`, and the ones it draws in layer `grids-fill`. */
async function mapGridCodes(page: Page): Promise<{ source: string[]; rendered: string[] }> {
  return page.evaluate(() => {
    const map = (window as AppWindow).__gridsight!.map;
    const codes = (fs: { properties: Record<string, unknown> | null }[]) =>
      [...new Set(fs.map((f) => String(f.properties?.code)))].sort();
    return {
      source: codes(map.querySourceFeatures('grids')),
      rendered: codes(map.queryRenderedFeatures({ layers: ['grids-fill'] })),
    };
  });
}

/**
 * A page point (CSS pixels) where a click can only mean grid `code`: inside its polygon (turf, from disk), outside
 * every micro-grid, and, as the page draws it, on the map canvas with nothing but that grid, the community and the
 * base map within 8 px.
 */
async function clickPointInGrid(page: Page, grid: Feature<Areal, GridLike>): Promise<{ x: number; y: number } | null> {
  const ring = grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0][0];
  const xs = ring.map((c) => c[0]);
  const ys = ring.map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const myMicros = micros.filter((m) => m.properties.gridCode === grid.properties.code);
  const candidates: [number, number][] = [];
  const n = 24;
  for (let i = 1; i < n; i++) {
    for (let j = 1; j < n; j++) {
      const p: [number, number] = [minX + ((maxX - minX) * i) / n, minY + ((maxY - minY) * j) / n];
      if (!booleanPointInPolygon(p, grid, { ignoreBoundary: true })) continue;
      if (myMicros.some((m) => booleanPointInPolygon(p, m))) continue;
      candidates.push(p);
    }
  }
  const code = grid.properties.code;
  const accepted = await page.evaluate(
    ({ candidates, code }) => {
      const map = (window as AppWindow).__gridsight!.map;
      const canvas = map.getCanvas();
      const rect = canvas.getBoundingClientRect();
      const ok: { x: number; y: number }[] = [];
      for (const lngLat of candidates) {
        const p = map.project(lngLat as [number, number]);
        if (p.x < 12 || p.y < 12 || p.x > rect.width - 12 || p.y > rect.height - 12) continue;
        const x = rect.left + p.x;
        const y = rect.top + p.y;
        if (document.elementFromPoint(x, y) !== canvas) continue; // covered by a panel or a control
        const hits = map.queryRenderedFeatures([
          [p.x - 8, p.y - 8],
          [p.x + 8, p.y + 8],
        ]);
        const clean = hits.every(
          (f) =>
            (f.source === 'grids' && String(f.properties?.code) === code) ||
            f.source === 'community' ||
            f.source === 'basemap',
        );
        if (clean && hits.some((f) => f.source === 'grids')) ok.push({ x, y });
      }
      return ok;
    },
    { candidates, code },
  );
  if (accepted.length === 0) return null;
  const cx = accepted.reduce((s, p) => s + p.x, 0) / accepted.length;
  const cy = accepted.reduce((s, p) => s + p.y, 0) / accepted.length;
  accepted.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
  return accepted[0];
}

/** Clicks the first grid (by code) that has enterprises and a clean spot on screen; returns that grid. */
async function selectAGrid(page: Page): Promise<Feature<Areal, GridLike>> {
  const withEnterprises = new Set(enterprises.map(gridOfEnterprise));
  for (const grid of grids) {
    if (!withEnterprises.has(grid.properties.code)) continue;
    const at = await clickPointInGrid(page, grid);
    if (!at) continue;
    await page.mouse.click(at.x, at.y);
    await page.getByTestId('side-panel').filter({ hasText: grid.properties.code }).waitFor({ timeout: 15_000 });
    await waitReady(page);
    return grid;
  }
  throw new Error('No grid with enterprises has a clickable spot at the initial view');
}

function crumbs(page: Page) {
  return page.getByTestId('breadcrumb').getByTestId('crumb');
}

describe('overview (issue 2) in Chromium', () => {
  test('draws every grid of data/zhihuiwan at the initial fitted view', async () => {
    const tracked = await openReady();
    const expected = grids.map((g) => g.properties.code).sort();
    expect(expected.length).toBeGreaterThan(0);
    const { source, rendered } = await mapGridCodes(tracked.page);
    expect(source).toEqual(expected);
    expect(rendered).toEqual(expected);
    await screenshot(tracked.page, 'overview');
    assertClean(tracked, app.server.origin);
  });

  test('a click on a grid shows its code, its four staff roles, its counts, and masked phones', async () => {
    const tracked = await openReady();
    const { page } = tracked;
    const grid = await selectAGrid(page);
    const code = grid.properties.code;
    const panel = page.getByTestId('side-panel');
    await expect.poll(() => panel.innerText()).toContain(code);

    const roles = await panel.getByTestId('roster').getByTestId('member').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-role')),
    );
    for (const role of GRID_ROLES) {
      expect(roles.filter((r) => r === role).length, `members with data-role=${role}`).toBe(1);
    }

    const inside = enterprises.filter((e) => gridOfEnterprise(e) === code);
    const counts = panel.getByTestId('grid-enterprise-counts');
    expect(Number(await counts.getAttribute('data-above')), 'above-size enterprises').toBe(
      inside.filter((e) => e.properties.scale === 'above').length,
    );
    expect(Number(await counts.getAttribute('data-below')), 'below-size enterprises').toBe(
      inside.filter((e) => e.properties.scale === 'below').length,
    );

    // Phones are masked: no raw phone of this grid's members, and no 11-digit run that is not a known code.
    const text = await panel.innerText();
    const rawPhones = members.filter((m) => m.gridCode === code && m.phone).map((m) => m.phone!.replace(/\D/g, ''));
    for (const phone of rawPhones) expect(text.replace(/\D/g, ' ')).not.toContain(phone);
    const knownCodes = new Set([
      ...grids.map((g) => g.properties.code),
      ...micros.map((m) => m.properties.code),
      ...community.map((c) => c.properties.code),
      ...enterprises.map((e) => e.properties.id),
    ]);
    const longRuns = (text.match(/\d{11,}/g) ?? []).filter((run) => ![...knownCodes].some((k) => k.includes(run)));
    expect(longRuns, 'digit runs of 11 or more that are not codes (unmasked phones?)').toEqual([]);

    await screenshot(page, 'grid-selected');
    assertClean(tracked, app.server.origin);
  });

  test('micro-grid → three crumbs; the first crumb goes back to the community', async () => {
    const tracked = await openReady();
    const { page } = tracked;
    await selectAGrid(page);
    const item = page.getByTestId('microgrid-item').first();
    const microCode = await item.getAttribute('data-code');
    expect(microCode, 'microgrid-item carries data-code').toBeTruthy();
    await item.click();
    await expect.poll(() => crumbs(page).count()).toBe(3);
    await waitReady(page);

    await crumbs(page).first().click();
    await expect.poll(() => crumbs(page).count()).toBe(1);
    await waitReady(page);
    const name = community[0].properties.name;
    await expect.poll(() => page.getByTestId('side-panel').innerText()).toContain(name);
    assertClean(tracked, app.server.origin);
  });

  test('language switch: English UI and <html lang="en">, then back to Chinese', async () => {
    const tracked = await openReady();
    const { page } = tracked;
    const toggle = async () => {
      const sw = page.getByTestId('lang-switch');
      const tag = await sw.evaluate((e) => e.tagName);
      if (tag === 'SELECT') {
        const next = (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'zh-CN' : 'en';
        await sw.selectOption(next);
      } else {
        await sw.click();
      }
    };
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The letters of a Latin text are as wide in both languages (one UI font); only the punctuation a CJK font
    // draws full width comes from a Latin face in English.
    const widths = () =>
      page.evaluate(() => {
        const probe = (text: string) => {
          const el = document.createElement('span');
          el.textContent = text;
          el.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
          document.getElementById('app')!.appendChild(el);
          const w = el.getBoundingClientRect().width;
          el.remove();
          return w;
        };
        return { letters: probe('Enterprise patrol coverage 2026'), quote: probe('’“”') };
      });
    const zh = await widths();
    await toggle();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => page.locator('body').innerText()).toMatch(/\b(Overview|Layers|Legend)\b/);
    const en = await widths();
    expect(Math.abs(en.letters - zh.letters)).toBeLessThan(0.5);
    expect(en.quote).toBeLessThan(zh.quote * 0.75);
    await waitReady(page);
    await screenshot(page, 'english');

    await toggle();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.locator('body').innerText()).toContain('网格');
    assertClean(tracked, app.server.origin);
  });

  for (const [folder, file] of [
    ['broken-json', 'grids.geojson'],
    ['missing-file', 'enterprises.geojson'],
  ] as const) {
    test(`?data= with ${folder === 'broken-json' ? 'invalid JSON in' : 'a missing'} ${file} shows the error banner naming it`, async () => {
      const dataUrl = app.server.url(`${EXTRA_PREFIX}${folder}/`);
      const tracked = await open(`/?data=${encodeURIComponent(dataUrl)}`);
      const { page } = tracked;
      const banner = page.getByTestId('error-banner');
      await banner.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await banner.innerText()).toContain(file);
      const result = await waitReady(page);
      expect(result).toMatchObject({ ok: false, error: { file } });
      // The browser itself logs the 404 of the missing file; that one message is expected, nothing else.
      const missingUrl = `${dataUrl}${file}`;
      tracked.console = tracked.console.filter(
        (m) => !(folder === 'missing-file' && m.url === missingUrl && /Failed to load resource.*404/.test(m.text)),
      );
      assertClean(tracked, app.server.origin);
    });
  }

  test('?data= naming a folder that does not exist says "not found" in Chinese, hides the map controls and offers the default dataset', async () => {
    const dataUrl = app.server.url(`${EXTRA_PREFIX}no-such-folder/`);
    const tracked = await open(`/?data=${encodeURIComponent(dataUrl)}`);
    const { page } = tracked;
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ state: 'visible', timeout: 60_000 });
    const reason = await page.getByTestId('error-reason').innerText();
    // Not "is not valid JSON (Unexpected token '<')": whether the server says 404 or serves its own page.
    expect(reason).toContain('找不到该文件');
    expect(await banner.innerText()).not.toMatch(/Unexpected token/);
    expect(await page.getByTestId('error-file').innerText()).toBe('dataset.json');
    expect(await page.locator('[data-testid=layer-switcher], [data-testid=zoom-in]').count()).toBe(0);
    await screenshot(page, 'error-not-found');
    const back = page.getByTestId('error-default-dataset');
    await back.click();
    await page.getByTestId('error-banner').waitFor({ state: 'detached', timeout: 60_000 });
    expect(new URL(page.url()).searchParams.has('data')).toBe(false);
    expect(await waitReady(page)).toMatchObject({ ok: true });
    tracked.console = tracked.console.filter((m) => !/Failed to load resource.*404/.test(m.text));
    assertClean(tracked, app.server.origin);
  });

  test('the legend lists what the map shows: a layer group switched off leaves it, and the grid fills are explained', async () => {
    const tracked = await openReady();
    const { page } = tracked;
    const legend = page.getByTestId('legend');
    const entries = () => legend.locator('[data-legend]').evaluateAll((els) => els.map((e) => e.getAttribute('data-legend')));
    expect(await entries()).toEqual([
      'legend.community', 'legend.grid', 'legend.microAbove', 'legend.microBelow', 'legend.microPark',
      'legend.above', 'legend.below', 'legend.gridFills',
    ]);
    await page.locator('[data-layer-group=enterprises]').uncheck();
    await page.locator('[data-layer-group=microgrids]').uncheck();
    expect(await entries()).toEqual(['legend.community', 'legend.grid', 'legend.gridFills']);
    await page.locator('[data-layer-group=enterprises]').check();
    expect(await entries()).toContain('legend.above');
    assertClean(tracked, app.server.origin);
  });

  test('an unknown route says "page not found" with the way back, not the overview', async () => {
    const tracked = await open('/#/no-such-page');
    const { page } = tracked;
    const box = page.getByTestId('not-found');
    await box.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await box.innerText()).toContain('找不到页面');
    expect(await box.innerText()).toContain('#/no-such-page');
    expect(await page.locator('.maplibregl-map').count()).toBe(0);
    await page.getByTestId('not-found-back').click();
    expect(await waitReady(page)).toMatchObject({ ok: true });
    expect(await page.locator('.maplibregl-map').count()).toBe(1);
    // The wall has a way in from the top bar, in a window of its own.
    const wall = page.getByTestId('nav-wall');
    expect(await wall.getAttribute('href')).toBe('#/wall');
    expect(await wall.getAttribute('target')).toBe('_blank');
    assertClean(tracked, app.server.origin);
  });
});
