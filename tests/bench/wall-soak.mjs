#!/usr/bin/env node
// Wall-screen soak (issue 5): `node tests/bench/wall-soak.mjs [--cycles 500] [--tour-steps 500] [--warmup 150] [--v8 FLAGS]`.
// Serves a copy of data/zhihuiwan whose files change between refresh cycles (incidents every cycle, the community's
// asOf every fifth, which also replaces the map geometry), drives #/wall with fast intervals through the URL, removes a
// file for a while to check the stale banner and the recovery, and reports the JS heap before and after `--cycles`
// refresh cycles and `--tour-steps` tour steps (forced GC through CDP HeapProfiler.collectGarbage, the median of five
// readings taken with the map idle). The baseline is taken after `--warmup` changing cycles: V8 keeps compiling
// optimised code for the first hundred-odd cycles, which is not the wall keeping anything; the heap after the first
// tour round is reported as well, and heap snapshots at both ends say which kind of memory moved. Also the trend of
// the readings through the cycles, map layer and source counts, ECharts instances, canvases and DOM nodes. Target:
// heap growth under 10 %. It never asserts; tests/e2e/wall-soak.test.ts runs a short version and asserts. Needs a
// build: dist/, or GS_DIST. Writes tests/artifacts/wall-soak.json.
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTRA = '/__extra/';
/** Changing cycles after which the tour has visited every grid once (11 grids, a step per 2 s, a cycle per ~1.3 s). */
const EARLY = 12;

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

/** True when the wall's map has finished moving and has every tile it needs for the view. */
function mapIdle() {
  const map = window.__gridsight?.map;
  return !!map && !map.isMoving() && map.loaded();
}

/**
 * The heap settled: the median of `n` readings after forced GC, each taken after the next tour step once the map has
 * finished flying there and loaded its tiles. Taken in the middle of a flight a reading swings by ±1.5 MB (tiles of
 * several zoom levels in flight, MapLibre keeps no cache on the wall), as large as the growth looked for.
 */
export async function settledHeap(cdp, page, n = 5) {
  const readings = [];
  for (let k = 0; k < n; k++) {
    const step = Number(await page.evaluate(() => document.querySelector('[data-testid="wall-map"]').dataset.tourSteps));
    await page.waitForFunction((s) => Number(document.querySelector('[data-testid="wall-map"]').dataset.tourSteps) > s, step, { timeout: 60_000 });
    await page.waitForFunction(mapIdle, undefined, { timeout: 60_000, polling: 50 });
    readings.push(await heapAfterGc(cdp));
  }
  return readings.sort((a, b) => a - b)[Math.floor(n / 2)];
}

/**
 * Waits for the tour's next step to the whole community's view and for the map to have finished flying there with
 * its tiles loaded. A heap snapshot taken at a grid's view, or in mid-flight, holds that view's tiles (tiles of
 * several zoom levels while flying): the page's JS objects then differ by several % from one reading to the next
 * with nothing kept, as large as the growth looked for. Snapshots aligned on the same view compare like with like.
 */
async function communityViewSettled(page) {
  const step = Number(await page.evaluate(() => document.querySelector('[data-testid="wall-map"]').dataset.tourSteps));
  await page.waitForFunction(
    (s) => {
      const el = document.querySelector('[data-testid="wall-map"]');
      const map = window.__gridsight?.map;
      return Number(el.dataset.tourSteps) > s && el.dataset.tourCode === '' && !!map && !map.isMoving() && map.loaded();
    },
    step,
    { timeout: 60_000, polling: 50 },
  );
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

/**
 * Used heap after forced GC of the page's workers, bytes: the wall's own (`wall`, it re-reads and recomputes the data)
 * and MapLibre's (`maplibre`, summed over its pool; it tiles the GeoJSON), with how many of each there are. Workers
 * have heaps of their own that the page's CDP session does not see; this goes through the browser's session and each
 * worker's target. The smallest of `readings` readings 250 ms apart: a reading taken while the wall's worker is
 * still re-reading a refresh holds that refresh's data (a CI run saw a worker +20 % from one such reading), and
 * a transient can only add to a GC'd heap.
 * @param {import('playwright-core').Browser} browser
 */
export async function workerHeaps(browser, origin, readings = 3) {
  let best = null;
  for (let r = 0; r < readings; r++) {
    if (r > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const once = await workerHeapsOnce(browser, origin);
    if (!best) best = once;
    else for (const k of ['wall', 'maplibre']) best[k] = Math.min(best[k], once[k]);
  }
  return best;
}

async function workerHeapsOnce(browser, origin) {
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    const out = { wall: 0, maplibre: 0, count: { wall: 0, maplibre: 0 } };
    for (const t of targetInfos) {
      if (t.type !== 'worker' || !t.url.startsWith(origin)) continue;
      const kind = /wall\.worker/.test(t.url) ? 'wall' : /maplibre-gl-worker/.test(t.url) ? 'maplibre' : null;
      if (!kind) continue;
      out.count[kind]++;
      out[kind] += await inTarget(session, t.targetId, async (send) => {
        await send('HeapProfiler.collectGarbage');
        return (await send('Runtime.getHeapUsage')).usedSize;
      });
    }
    return out;
  } finally {
    await session.detach();
  }
}

/** Runs `fn(send)` with CDP commands sent to another target (a worker) through `Target.sendMessageToTarget`. */
async function inTarget(session, targetId, fn) {
  const { sessionId } = await session.send('Target.attachToTarget', { targetId, flatten: false });
  const waiting = new Map();
  let next = 0;
  const onMessage = (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`${m.error.message} (${targetId})`));
    else w.resolve(m.result);
  };
  session.on('Target.receivedMessageFromTarget', onMessage);
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  try {
    return await fn(send);
  } finally {
    session.off('Target.receivedMessageFromTarget', onMessage);
    await session.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}

/**
 * What the page's V8 heap holds, by kind, from a heap snapshot (bytes of self size): `code` (bytecode and compiled
 * code: grows as V8 optimises more functions, shrinks when it flushes them), `objects` (JS objects, arrays, strings,
 * closures: the app's data), `buffers` (typed arrays' backing stores: map tiles, chart canvases), `engine` (V8's other
 * internals) and `dom` (Blink's objects). A leak of the app's data shows in `objects`. With `readings` > 1, the
 * snapshot with the fewest `objects` of that many, 250 ms apart: a snapshot taken while the page still holds a
 * refresh's reply (a busy CI machine) counts it, and a transient can only add. With the wall's `page`, each snapshot
 * waits for the tour's next whole-community view, settled (see communityViewSettled) instead of 250 ms.
 */
export async function heapBreakdown(cdp, readings = 1, page = null) {
  let best = null;
  for (let r = 0; r < readings; r++) {
    if (page) await communityViewSettled(page);
    else if (r > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const once = await heapBreakdownOnce(cdp);
    if (!best || once.objects < best.objects) best = once;
  }
  return best;
}

async function heapBreakdownOnce(cdp) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const snap = JSON.parse(chunks.join(''));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = { code: 0, objects: 0, buffers: 0, engine: 0, dom: 0 };
  for (let k = 0; k < snap.nodes.length; k += fields.length) {
    const type = types[snap.nodes[k + iType]];
    const size = snap.nodes[k + iSize];
    if (type === 'code') out.code += size;
    else if (type === 'native' || type === 'hidden' || type === 'synthetic') {
      const name = snap.strings[snap.nodes[k + iName]] ?? '';
      if (name === 'system / JSArrayBufferData') out.buffers += size;
      else if (name.startsWith('system /')) out.engine += size;
      else out.dom += size;
    } else out.objects += size;
  }
  return out;
}

export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * In the page: the tour has made its first whole round (every grid visited once, with the whole-community view
 * between each two: `data-tour-round` steps), so the baseline holds every grid's first visit.
 */
function tourRoundDone() {
  const el = document.querySelector('[data-testid="wall-map"]');
  const round = Number(el?.dataset.tourRound ?? 0);
  return round > 0 && Number(el.dataset.tourSteps) >= round;
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
    const origin = new URL(url).origin;
    await page.goto(url);
    await page.waitForFunction(() => window.__gridsight?.ready);
    const ready = await page.evaluate(() => window.__gridsight.ready);
    if (!ready.ok) throw new Error(`wall not ready: ${JSON.stringify(ready)}`);
    await page.waitForSelector('[data-kpi="validation"]:not([data-value="null"])');
    const cdp = await context.newCDPSession(page);
    // Warm-up before the baseline: the first tour round (every grid visited once), then `warmup` changing cycles
    // in all, then two unchanged checks. Until V8 has optimised the functions that a refresh and a tour step run, its
    // compiled code grows for a hundred cycles or more (heap snapshots); that is not the wall holding on to anything,
    // so the bench takes its baseline after it and reports the heap after the first round (`early`) as well.
    let p = await probe(page);
    const samples = [];
    let early = null;
    for (let i = 1; i <= (o.warmup ?? 0); i++) {
      data.write(i);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall"]').dataset.version) > n, p.version, { timeout: 30_000 });
      p = await probe(page);
      if (i === EARLY && o.warmup > EARLY) {
        await page.waitForFunction(tourRoundDone, null, { timeout: 120_000 });
        early = await settledHeap(cdp, page);
        samples.push([i - o.warmup, early]);
        log(`early (cycle ${i}, first tour round): heap ${early / 1e6} MB`);
      } else if (i > EARLY && i < o.warmup && i % 25 === 0) samples.push([i - o.warmup, await settledHeap(cdp, page, 1)]);
    }
    if (o.warmup) await page.waitForFunction(tourRoundDone, null, { timeout: 120_000 });
    p = await probe(page);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall"]').dataset.unchanged) >= n, p.unchanged + 2, { timeout: 30_000 });
    const before = { heap: await settledHeap(cdp, page), workers: await workerHeaps(o.browser, origin), ...(await probe(page)) };
    const breakdownBefore = o.breakdown ? await heapBreakdown(cdp, 3, page) : null;
    // Heap readings through the cycles (after forced GC): their trend says more than two end points.
    samples.push([0, before.heap]);
    log(`before: ${JSON.stringify(before)}`);
    const started = Date.now();

    for (let i = 1; i <= o.cycles; i++) {
      const v = (await probe(page)).version;
      data.write(i);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall"]').dataset.version) > n, v, { timeout: 30_000 });
      p = await probe(page);
      await o.onCycle?.(i, p, data.folder, page, cdp);
      if (i % Math.max(10, Math.round(o.cycles / 10)) === 0) {
        const heap = await settledHeap(cdp, page, 1);
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
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="wall-map"]').dataset.tourSteps) >= n, before.tourSteps + o.tourSteps, {
      timeout: Math.max(60_000, o.tourSteps * 4000),
    });
    const after = { heap: await settledHeap(cdp, page), workers: await workerHeaps(o.browser, origin), ...(await probe(page)) };
    const breakdownAfter = o.breakdown ? await heapBreakdown(cdp, 3, page) : null;
    log(`after: ${JSON.stringify(after)}`);
    return {
      cycles: o.cycles,
      seconds: (Date.now() - started) / 1000,
      before,
      after,
      heapGrowth: after.heap / before.heap - 1,
      /** The heap after the first tour round, before V8 had warmed up (null without a longer warm-up). */
      early,
      /** Heap trend through the measured cycles, bytes per 100 cycles (least squares over the readings). */
      heapSlopePer100: slope(samples.filter(([x]) => x >= 0)) * 100,
      breakdown: breakdownBefore && { before: breakdownBefore, after: breakdownAfter },
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
  const warmup = Number(option('warmup', 150));
  const dist = process.env.GS_DIST ? path.resolve(process.env.GS_DIST) : path.join(ROOT, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    console.error(`No build in ${dist}: run "npx vite build" first (or set GS_DIST).`);
    process.exit(1);
  }
  // `--v8 "--no-opt --no-maglev --no-sparkplug"` runs V8 without its compilers, to tell compiled code from data.
  const v8 = option('v8', '');
  const args = v8 ? [...CHROMIUM_ARGS, `--js-flags=${v8}`] : CHROMIUM_ARGS;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
  try {
    const r = await runSoak({ browser, dist, cycles, tourSteps, warmup, breakdown: true, log: (s) => console.log(s) });
    const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
    console.log(`\nwall soak, ${r.cycles} refresh cycles with changing data + ${r.after.tourSteps} tour steps in ${r.seconds.toFixed(0)} s`);
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Chromium (SwiftShader)${v8 ? `, V8 flags ${v8}` : ''}`);
    const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
    console.log(
      `JS heap after forced GC (median of 5 readings, map idle) from the baseline after ${warmup} warm-up cycles: ${mb(r.before.heap)} → ${mb(r.after.heap)} (${pct(r.heapGrowth)}, target < 10 %)`,
    );
    for (const k of ['wall', 'maplibre']) {
      const [b, a] = [r.before.workers[k], r.after.workers[k]];
      console.log(`${k} worker heap after forced GC: ${mb(b)} → ${mb(a)} (${pct(a / b - 1)})`);
    }
    if (r.early) console.log(`from the first tour round (cycle 12, V8 not warmed up): ${mb(r.early)} → ${mb(r.after.heap)} (${pct(r.after.heap / r.early - 1)})`);
    if (r.breakdown) {
      const { before: b, after: a } = r.breakdown;
      console.log(`heap snapshot by kind, baseline → end: ${Object.keys(b).map((k) => `${k} ${mb(b[k])} → ${mb(a[k])} (${(a[k] - b[k] >= 0 ? '+' : '') + ((a[k] - b[k]) / 1e3).toFixed(0)} kB)`).join(', ')}`);
    }
    const ys = r.samples.filter(([x]) => x >= 0).map(([, y]) => y);
    console.log(
      `heap readings through the measured cycles: ${mb(Math.min(...ys))} … ${mb(Math.max(...ys))}, trend ${(r.heapSlopePer100 / 1e6).toFixed(2)} MB per 100 cycles`,
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
