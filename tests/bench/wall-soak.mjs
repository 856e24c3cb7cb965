#!/usr/bin/env node
// Wall-screen soak (issue 5): `node tests/bench/wall-soak.mjs [--cycles 500] [--tour-steps 500]`. Serves a copy of
// data/zhihuiwan whose files change between refresh cycles (incidents every cycle, the community's asOf every fifth,
// which also replaces the map geometry), drives #/wall with fast intervals through the URL, removes a file for a
// while to check the stale banner and the recovery, and reports the JS heap before and after (forced GC through CDP
// HeapProfiler.collectGarbage, the median of three readings; the baseline is taken after `--warmup` cycles, default
// 12, and one tour round) with the trend of the readings through the cycles, map layer and source counts, ECharts
// instances and DOM nodes. Target: heap growth under 10 %. It never asserts; tests/e2e/wall-soak.test.ts runs a short version and asserts. Needs a build: dist/,
// or GS_DIST. Writes tests/artifacts/wall-soak.json.
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTRA = '/__extra/';

/** A dataset folder in a temp directory whose incidents and asOf can be rewritten. */
export function soakDataset() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wall-soak-'));
  const ds = path.join(dir, 'ds');
  cpSync(path.join(ROOT, 'data/zhihuiwan'), ds, { recursive: true });
  const incidents = JSON.parse(readFileSync(path.join(ds, 'incidents.geojson'), 'utf8'));
  const community = JSON.parse(readFileSync(path.join(ds, 'community.geojson'), 'utf8'));
  const asOf = Date.parse(community.features[0].properties.asOf);
  // This month's incidents (the data's asOf is in 2026-11): dropping some moves the month's figures.
  const month = incidents.features.map((f, i) => [f, i]).filter(([f]) => f.properties.reportedAt.startsWith('2026-11'));
  return {
    dir,
    folder: ds,
    /** Cycle i: incidents without i % 7 × 3 of this month's; every fifth cycle asOf moves by i % 3 hours. */
    write(i) {
      const drop = new Set(month.slice(0, (i % 7) * 3).map(([, j]) => j));
      const kept = { ...incidents, features: incidents.features.filter((_, j) => !drop.has(j)) };
      writeFileSync(path.join(ds, 'incidents.geojson'), JSON.stringify(kept));
      if (i % 5 === 0) {
        const t = new Date(asOf + (i % 3) * 3_600_000).toISOString();
        const c = { ...community, features: community.features.map((f) => ({ ...f, properties: { ...f.properties, asOf: t } })) };
        writeFileSync(path.join(ds, 'community.geojson'), JSON.stringify(c));
      }
    },
    /** The failing phase: the incidents file is gone (404) until `restore`. */
    remove: () => renameSync(path.join(ds, 'incidents.geojson'), path.join(dir, 'incidents.away')),
    restore: () => renameSync(path.join(dir, 'incidents.away'), path.join(ds, 'incidents.geojson')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What the page holds: map layers and sources, ECharts instances, DOM nodes, the wall's counters. */
export async function probe(page) {
  return page.evaluate(() => {
    const map = window.__gridsight.map;
    const wall = document.querySelector('[data-testid="wall"]');
    const tour = document.querySelector('[data-testid="wall-map"]');
    return {
      layers: map ? map.getStyle().layers.length : 0,
      sources: map ? Object.keys(map.getStyle().sources).length : 0,
      echarts: document.querySelectorAll('[_echarts_instance_]').length,
      canvases: document.querySelectorAll('canvas').length,
      domNodes: document.getElementsByTagName('*').length,
      version: Number(wall?.getAttribute('data-version') ?? 0),
      checks: Number(wall?.getAttribute('data-checks') ?? 0),
      unchanged: Number(wall?.getAttribute('data-unchanged') ?? 0),
      tourSteps: Number(tour?.getAttribute('data-tour-steps') ?? 0),
      incidents: document.querySelector('[data-kpi="incidents"]')?.getAttribute('data-value') ?? null,
    };
  });
}

/** Used JS heap of the page after a forced full GC, bytes. */
/**
 * The heap settled: the median of three readings after forced GC, each after the next tour step. One reading swings
 * by ±1.5 MB on this page (MapLibre's in-flight tile work, ECharts' render state), as large as the growth looked for.
 */
export async function settledHeap(cdp, page) {
  const readings = [];
  for (let k = 0; k < 3; k++) {
    const step = Number(await page.evaluate(() => document.querySelector('[data-testid="wall-map"]').dataset.tourSteps));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall-map"]').dataset.tourSteps) > n, step, { timeout: 60_000 });
    readings.push(await heapAfterGc(cdp));
  }
  return readings.sort((a, b) => a - b)[1];
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx ? sxy / sxx : 0;
}

export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * Runs the soak on an open browser against a build folder; returns the figures. `onCycle(i, probe)` may assert.
 * @param {{ browser: import('playwright-core').Browser, dist: string, cycles: number, tourSteps: number, onCycle?: Function, log?: Function }} o
 */
export async function runSoak(o) {
  const data = soakDataset();
  const server = await startStaticServer({ '/': o.dist, [EXTRA]: data.dir });
  const log = o.log ?? (() => {});
  const context = await o.browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems = [];
  /** Status codes of the dataset's responses (workers included): 304s are the cheap "unchanged" re-reads. */
  const responses = {};
  context.on('response', (r) => {
    if (r.url().includes(`${EXTRA}ds/`)) responses[r.status()] = (responses[r.status()] ?? 0) + 1;
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('console', (m) => {
    // The failing phase's 404s are expected; anything else is a problem.
    if ((m.type() === 'error' || m.type() === 'warning') && !/404/.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
  });
  try {
    data.write(0);
    const url = server.url(`/?data=${EXTRA}ds/#/wall?refresh=1&tour=2&pause=1&retryMax=2`);
    await page.goto(url);
    await page.waitForFunction(() => window.__gridsight?.ready);
    const ready = await page.evaluate(() => window.__gridsight.ready);
    if (!ready.ok) throw new Error(`wall not ready: ${JSON.stringify(ready)}`);
    await page.waitForSelector('[data-kpi="validation"]:not([data-value="null"])');
    const cdp = await context.newCDPSession(page);
    // Warm-up before the baseline: `warmup` changing cycles and one round of the tour (every grid's tiles loaded
    // once, MapLibre's tile cache and ECharts' caches filled), then two unchanged checks.
    let p = await probe(page);
    for (let i = 1; i <= (o.warmup ?? 0); i++) {
      data.write(i);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall"]').dataset.version) > n, p.version, { timeout: 30_000 });
      p = await probe(page);
    }
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall-map"]').dataset.tourSteps) >= n, p.tourSteps + (o.warmup ? 11 : 0), { timeout: 120_000 });
    p = await probe(page);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall"]').dataset.unchanged) >= n, p.unchanged + 2, { timeout: 30_000 });
    const before = { heap: await settledHeap(cdp, page), ...(await probe(page)) };
    // Heap readings through the cycles (after forced GC): their trend says more than two end points.
    const samples = [[0, before.heap]];
    log(`before: ${JSON.stringify(before)}`);
    const started = Date.now();

    for (let i = 1; i <= o.cycles; i++) {
      const v = (await probe(page)).version;
      data.write(i);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall"]').dataset.version) > n, v, { timeout: 30_000 });
      p = await probe(page);
      await o.onCycle?.(i, p, data.folder, page, cdp);
      if (i % Math.max(10, Math.round(o.cycles / 10)) === 0) {
        const heap = await heapAfterGc(cdp);
        samples.push([i, heap]);
        log(`cycle ${i}: ${JSON.stringify(p)} heap ${heap / 1e6} MB`);
      }
    }

    // The failing phase: the stale banner comes with the reason, the figures stay, and it goes by itself.
    const lastGood = (await probe(page)).incidents;
    data.remove();
    await page.waitForSelector('[data-testid="wall-stale"]', { timeout: 30_000 });
    const staleText = await page.getByTestId('wall-stale').innerText();
    const staleIncidents = (await probe(page)).incidents;
    data.restore();
    await page.waitForSelector('[data-testid="wall-stale"]', { state: 'detached', timeout: 30_000 });

    // The tour keeps going until it has made its steps.
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall-map"]').dataset.tourSteps) >= n, o.tourSteps, { timeout: Math.max(60_000, o.tourSteps * 4000) });
    const after = { heap: await settledHeap(cdp, page), ...(await probe(page)) };
    log(`after: ${JSON.stringify(after)}`);
    return {
      cycles: o.cycles,
      seconds: (Date.now() - started) / 1000,
      before,
      after,
      heapGrowth: after.heap / before.heap - 1,
      /** Heap trend through the cycles, bytes per 100 cycles (least squares over the readings). */
      heapSlopePer100: slope(samples) * 100,
      samples,
      stale: { text: staleText, lastGood, whileStale: staleIncidents },
      responses,
      problems,
    };
  } finally {
    await context.close();
    await server.close();
    data.cleanup();
  }
}

async function main() {
  const option = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const cycles = Number(option('cycles', 500));
  const tourSteps = Number(option('tour-steps', cycles));
  const warmup = Number(option('warmup', 12));
  const dist = process.env.GS_DIST ? path.resolve(process.env.GS_DIST) : path.join(ROOT, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    console.error(`No build in ${dist}: run "npx vite build" first (or set GS_DIST).`);
    process.exit(1);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const r = await runSoak({ browser, dist, cycles, tourSteps, warmup, log: (s) => console.log(s) });
    const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
    console.log(`\nwall soak, ${r.cycles} refresh cycles with changing data + ${r.after.tourSteps} tour steps in ${r.seconds.toFixed(0)} s`);
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Chromium (SwiftShader)`);
    console.log(`JS heap after forced GC (median of 3 readings): ${mb(r.before.heap)} → ${mb(r.after.heap)} (${(r.heapGrowth * 100).toFixed(1)} %, target < 10 %)`);
    const ys = r.samples.map(([, y]) => y);
    console.log(
      `heap readings through the cycles: ${mb(Math.min(...ys))} … ${mb(Math.max(...ys))}, trend ${(r.heapSlopePer100 / 1e6).toFixed(2)} MB per 100 cycles`,
    );
    for (const k of ['layers', 'sources', 'echarts', 'canvases', 'domNodes']) console.log(`${k}: ${r.before[k]} → ${r.after[k]}`);
    console.log(`stale banner: "${r.stale.text}"`);
    console.log(`dataset responses by status: ${JSON.stringify(r.responses)}`);
    if (r.problems.length) console.log(`problems:\n  ${r.problems.join('\n  ')}`);
    mkdirSync(path.join(ROOT, 'tests/artifacts'), { recursive: true });
    writeFileSync(path.join(ROOT, 'tests/artifacts/wall-soak.json'), JSON.stringify(r, null, 2));
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
