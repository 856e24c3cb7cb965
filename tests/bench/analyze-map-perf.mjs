#!/usr/bin/env node
// Browser benchmark of the analyst map's own layers (issue 14, deck.gl), `npm run bench:analyze-map [-- --data
// ./data/generated/county/ --changes 8]`: in headless Chromium (SwiftShader WebGL) on the built app (dist/, or
// GS_DIST), for each of the hex cells, the incident heatmap and the patrol tracks:
//  - first draw: from the click that turns the layer on until its data is there and the map (deck.gl's layers
//    included) has drawn it and is idle;
//  - filter change: from a category chip's click until the count shows the worker's answer, then the map's first
//    frame after it (`drawn`) and the map idle with everything drawn (`idle`), hex cells only, then heatmap only;
//  - the long tasks (main thread blocked > 50 ms) during each.
// `--data` is a dataset folder under the project (served as it is; data/generated/ never goes into the build).
// Never asserts times; writes tests/artifacts/analyze-map-perf[-<dataset>].json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';
import { HOOK, median, option, pct } from './analyze-page.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.GS_DIST ? path.resolve(process.env.GS_DIST) : path.join(ROOT, 'dist');
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
const VIEWPORT = { width: 1600, height: 1000 };
/** The dataset folder (relative to the project); the bundled community when not given. */
const DATA = option('data', null);
/** Timed filter changes per layer (each chip clicked on, then off again). */
const CHANGES = Number(option('changes', 8));
/** How long one step may take before it counts as timed out (county scale on SwiftShader is slow). */
const STEP_TIMEOUT = Number(option('step-timeout', 120_000));
const LABEL = option('label', '');
/** The hex cells' layer: a MapLibre fill before deck.gl, a deck.gl layer since. */
const HEX = ['analysis-hex-fill', 'analysis-hex'];

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error(`No build in ${DIST}: run "npx vite build" first.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(
    `Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium fonts-noto-cjk)`,
  );
  process.exit(1);
}

// In the page: click `selector`, then wait until the step's data has arrived (`arrived`), the map drew a frame after
// that and went idle with deck.gl's layers (if any) settled. Milliseconds from the click; null on timeout.
const TIMED = async ({ selector, arrived, timeout }) => {
  const map = window.__gridsight.map;
  const total = () => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total');
  const legend = () => document.querySelector('[data-testid="hex-legend"]');
  const deckLayer = (id) => window.__gridsight.deck?.layer(id) ?? null;
  // A MapLibre layer (before issue 14) or a deck.gl one: the same benchmark measures both builds.
  const hasLayer = (ids) => [ids].flat().some((id) => !!map.getLayer(id) || !!deckLayer(id));
  const settled = () => !window.__gridsight.deck || window.__gridsight.deck.settled();
  const before = { total: total() };
  const done = () => {
    switch (arrived.kind) {
      case 'count':
        return total() !== before.total;
      case 'legend': {
        const l = legend();
        return !!l && l.getAttribute('data-mode') === arrived.mode && hasLayer(arrived.layer);
      }
      case 'layer':
        return hasLayer(arrived.layer) === arrived.present;
      default:
        return true;
    }
  };
  const seen = { arrived: null, drawn: null, idle: null };
  const onRender = () => {
    if (seen.arrived !== null && seen.drawn === null) seen.drawn = performance.now() - t0;
  };
  const onIdle = () => {
    if (seen.drawn !== null && seen.idle === null && settled()) seen.idle = performance.now() - t0;
  };
  map.on('render', onRender);
  map.on('idle', onIdle);
  const t0 = performance.now();
  document.querySelector(selector).click();
  try {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      if (now - t0 > timeout) return null;
      if (seen.arrived === null && done()) {
        seen.arrived = now - t0;
        // The map may have nothing new to draw (the change left it as it was): ask for one frame.
        map.triggerRepaint();
      }
      // An idle that came before deck.gl settled: ask again once it has.
      if (seen.drawn !== null && seen.idle === null && settled() && !map.isMoving() && map.loaded())
        map.triggerRepaint();
      if (seen.idle !== null) return { ...seen };
    }
  } finally {
    map.off('render', onRender);
    map.off('idle', onIdle);
  }
};

const server = await startStaticServer({ '/': DIST, '/data/generated/': path.join(ROOT, 'data/generated') });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const context = await browser.newContext({
  viewport: VIEWPORT,
  deviceScaleFactor: 1,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
});
const page = await context.newPage();
const problems = [];
const offOrigin = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
context.on('request', (r) => {
  if (!r.url().startsWith(server.origin) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url());
});
await page.addInitScript(HOOK);

const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  node: process.version,
  chromium: browser.version(),
};
const dataName = DATA ? path.basename(path.resolve(ROOT, DATA)) : 'zhihuiwan';
console.log(
  `analyze map perf: ${dataName}, ${CHANGES} filter changes per layer, viewport ${VIEWPORT.width}×${VIEWPORT.height}`,
);
console.log(
  `machine: ${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium} (SwiftShader WebGL)`,
);

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const longTasksSince = async (t) =>
  (await page.evaluate(() => window.__longTasks))
    .filter((x) => x.start >= t)
    .map((x) => Math.round(x.duration));
const now = () => page.evaluate(() => performance.now());

/** One timed step: the result and the long tasks that ran during it. */
async function timed(selector, arrived) {
  const t = await now();
  const r = await page.evaluate(TIMED, { selector, arrived, timeout: STEP_TIMEOUT });
  await wait(300);
  const tasks = await longTasksSince(t);
  return (
    r && { ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)])), longTasks: tasks }
  );
}

const chipRounds = async (categories) => {
  const out = [];
  for (let i = 0; out.length < CHANGES; i++) {
    const c = categories[Math.floor(i / 2) % categories.length];
    // An analyst's pace: the last change has settled before the next click.
    await wait(700);
    out.push(await timed(`[data-testid="filter-categories"] button[data-value="${c}"]`, { kind: 'count' }));
  }
  return out;
};

const summarise = (list) => {
  const done = list.filter((x) => x !== null);
  const part = (k) => Math.round(median(done.map((x) => x[k])));
  const tasks = done.flatMap((x) => x.longTasks);
  return {
    n: list.length,
    timedOut: list.length - done.length,
    arrivedMs: part('arrived'),
    drawnMs: part('drawn'),
    idleMs: part('idle'),
    // The renderer's own share: from the data on the page (worker answered) to the map idle with it drawn.
    mapMs: Math.round(median(done.map((x) => x.idle - x.arrived))),
    idleP90Ms: done.length
      ? Math.round(
          pct(
            done.map((x) => x.idle),
            0.9,
          ),
        )
      : NaN,
    longTaskMaxMs: tasks.length ? Math.max(...tasks) : 0,
    longTasksPerChange: done.length ? +(tasks.length / done.length).toFixed(1) : NaN,
  };
};

const result = { machine, dataset: dataName, label: LABEL, dist: DIST };
try {
  const query = DATA
    ? `?data=${encodeURIComponent(`./${path.relative(ROOT, path.resolve(ROOT, DATA)).replaceAll(path.sep, '/')}/`)}`
    : '';
  await page.goto(server.url(`/${query}#/analyze`));
  await page.waitForFunction(() => window.__readyAt !== undefined, undefined, {
    timeout: 900_000,
    polling: 500,
  });
  await page.waitForSelector('[data-testid="filter-total"][data-total]:not([data-total=""])', {
    timeout: 300_000,
  });
  result.readyMs = Math.round(await page.evaluate(() => window.__readyAt));
  // deck.gl's start (useDeckOverlay's marks): chunk asked for, loaded and the overlay made, first layers drawn.
  result.deckMarks = Object.fromEntries(
    (await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])))
      .filter(([name]) => name.startsWith('gs-deck'))
      .map(([name, t]) => [name, Math.round(t)]),
  );
  console.log(`ready: ${result.readyMs} ms`, Object.keys(result.deckMarks).length ? JSON.stringify(result.deckMarks) : '');
  await page.waitForSelector('[data-testid="hex-legend"][data-mode="density"]', { timeout: 300_000 });
  await wait(2000);
  const categories = await page.$$eval('[data-testid="filter-categories"] button[data-value]', (bs) =>
    bs.map((b) => b.getAttribute('data-value')).filter((v) => v && v !== 'all'),
  );

  const hexButton = (m) => `[data-testid="hex-mode"] button[data-mode="${m}"]`;
  // Hex cells: off, then density (the worker bins the filter again), hotspots; filter changes with density on.
  const first = { hexDensity: [], hexHotspots: [], heatmap: [], tracks: [] };
  for (let i = 0; i < 3; i++) {
    await timed(hexButton('off'), { kind: 'layer', layer: HEX, present: false });
    await wait(500);
    first.hexDensity.push(await timed(hexButton('density'), { kind: 'legend', mode: 'density', layer: HEX }));
    await wait(500);
    first.hexHotspots.push(
      await timed(hexButton('hotspots'), { kind: 'legend', mode: 'hotspots', layer: HEX }),
    );
    await wait(500);
    await timed(hexButton('density'), { kind: 'legend', mode: 'density', layer: HEX });
  }
  console.log('hex first draws done');
  const hexChanges = await chipRounds(categories);
  console.log('hex filter changes done');

  // Heatmap alone (hex cells off): first draw, then filter changes.
  await timed(hexButton('off'), { kind: 'layer', layer: HEX, present: false });
  for (let i = 0; i < 3; i++) {
    await wait(500);
    first.heatmap.push(
      await timed('[data-analysis-layer="heatmap"]', {
        kind: 'layer',
        layer: 'analysis-incident-heat',
        present: true,
      }),
    );
    if (i < 2) {
      await wait(500);
      await timed('[data-analysis-layer="heatmap"]', {
        kind: 'layer',
        layer: 'analysis-incident-heat',
        present: false,
      });
    }
  }
  const heatChanges = await chipRounds(categories);
  await timed('[data-analysis-layer="heatmap"]', {
    kind: 'layer',
    layer: 'analysis-incident-heat',
    present: false,
  });
  console.log('heatmap done');

  // Patrol tracks and corridors: first draw (the month's tracks are already in from the worker).
  await wait(1000);
  for (let i = 0; i < 3; i++) {
    await wait(500);
    first.tracks.push(
      await timed('[data-analysis-layer="tracks"]', {
        kind: 'layer',
        layer: 'analysis-patrol-tracks',
        present: true,
      }),
    );
    await wait(500);
    await timed('[data-analysis-layer="tracks"]', {
      kind: 'layer',
      layer: 'analysis-patrol-tracks',
      present: false,
    });
  }
  console.log('tracks done');

  result.firstDraw = Object.fromEntries(
    Object.entries(first).map(([k, v]) => [k, { ...summarise(v), runs: v }]),
  );
  result.filterChange = {
    hexDensity: { ...summarise(hexChanges), runs: hexChanges },
    heatmap: { ...summarise(heatChanges), runs: heatChanges },
  };
  result.heapMB = Math.round((await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0)) / 2 ** 20);
  result.problems = [...new Set(problems)];
  result.offOrigin = offOrigin;

  const row = (label, r) =>
    console.log(
      `${label.padEnd(28)} arrived ${String(r.arrivedMs).padStart(6)} ms  drawn ${String(r.drawnMs).padStart(6)} ms  ` +
        `idle ${String(r.idleMs).padStart(6)} ms (p90 ${r.idleP90Ms}; map ${r.mapMs})  long tasks max ${r.longTaskMaxMs} ms, ${r.longTasksPerChange}/step` +
        (r.timedOut ? `  ${r.timedOut} timed out` : ''),
    );
  console.log('medians from the click:');
  for (const [k, v] of Object.entries(result.firstDraw)) row(`first draw: ${k}`, v);
  for (const [k, v] of Object.entries(result.filterChange)) row(`filter change: ${k}`, v);
  console.log(`JS heap: ${result.heapMB} MB`);
  if (result.problems.length) console.log(`page problems:\n  ${result.problems.slice(0, 20).join('\n  ')}`);
  if (offOrigin.length) console.log(`requests off the origin: ${offOrigin.length}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(
    ARTIFACTS,
    `analyze-map-perf${DATA ? `-${dataName}` : ''}${LABEL ? `-${LABEL}` : ''}.json`,
  );
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`wrote ${path.relative(ROOT, file)}`);
} finally {
  await browser.close();
  await server.close();
}
