#!/usr/bin/env node
// Browser benchmark for the analyst screen (issue 4), `npm run bench:analyze [-- --rounds 3]`:
//  1. long tasks: a PerformanceObserver('longtask') installed before any page script records every task over 50 ms
//     from navigation on; reported separately before `ready` (map start-up: on a software GPU mostly MapLibre's
//     shader compilation, the overview route shows the same) and after it (analysing: month and hexagon-size changes,
//     all months, tabs, heatmap, patrol tracks, grid colourings, hotspots, then the timed filter chips). Target: none
//     over 100 ms while analysing.
//  2. filter change → redrawn: click a category chip and time, in the page, from the click until the filter count
//     shows the worker's answer, every chart on screen has drawn again (ECharts `finished`, counted by EChart's
//     data-rendered) and the map is idle. Target at community scale: under 100 ms.
// Built app (dist/, or GS_DIST), bundled dataset, system Chromium (SwiftShader WebGL). Never asserts times; writes
// tests/artifacts/analyze-perf.json.
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

/** Each round clicks every category chip on and off again (18 filter changes). */
const ROUNDS = Number(option('rounds', 3));

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error(`No build in ${DIST}: run "npm run build" first.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium fonts-noto-cjk)`);
  process.exit(1);
}

// In the page: click `selector`, then wait until the count changed, every visible chart drew again and the map is
// idle. Returns milliseconds from the click, or null on timeout.
const CLICK_AND_WAIT = async (selector) => {
  const total = () => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total');
  const charts = () =>
    [...document.querySelectorAll('[data-rendered]')].filter((el) => el.getClientRects().length > 0);
  const renders = new Map(charts().map((el) => [el, Number(el.getAttribute('data-rendered'))]));
  const map = window.__gridsight.map;
  const before = total();
  let idle = false;
  const t0 = performance.now();
  document.querySelector(selector).click();
  // The map fires `idle` once the new data is drawn; if nothing changed on the map it may already be idle.
  map.once('idle', () => (idle = true));
  // When each part was first seen done: the count (worker answered), the charts, the map's first frame drawn after
  // the answer (its draw calls issued), and the map idle (every tile and frame settled).
  const seen = { count: null, charts: null, drawn: null, map: null };
  const onRender = () => {
    if (seen.count !== null && seen.drawn === null) seen.drawn = performance.now() - t0;
  };
  map.on('render', onRender);
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    if (now - t0 > 10_000) {
      map.off('render', onRender);
      return null;
    }
    if (seen.count === null && total() !== before) seen.count = now - t0;
    if (seen.charts === null && [...renders].every(([el, n]) => Number(el.getAttribute('data-rendered')) > n))
      seen.charts = now - t0;
    if (seen.map === null && idle) seen.map = now - t0;
    if (seen.count !== null && seen.charts !== null && seen.map !== null && seen.drawn !== null) {
      map.off('render', onRender);
      return { ms: now - t0, ...seen };
    }
  }
};

const server = await startStaticServer({ '/': DIST });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
await page.addInitScript(HOOK);

const cpus = os.cpus();
const machine = { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version, chromium: browser.version() };
console.log(`analyze perf: ${ROUNDS} rounds of category chips, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium} (SwiftShader WebGL)`);

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const changes = [];
try {
  await page.goto(server.url('/#/analyze'));
  await page.waitForFunction(() => window.__readyAt !== undefined, undefined, { timeout: 180_000 });
  await page.waitForSelector('[data-testid="chart-timeline"][data-rendered]:not([data-rendered="0"])', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="filter-total"][data-total]:not([data-total=""])', { timeout: 60_000 });
  const readyAt = await page.evaluate(() => window.__readyAt);

  // Analysing: what an analyst does in the first minute, each step given time to settle.
  const step = async (fn) => {
    await fn();
    await wait(1500);
  };
  await step(() => page.getByTestId('month-select').selectOption('2026-10'));
  await step(() => page.getByTestId('hex-size').selectOption('100'));
  await step(() => page.getByTestId('hex-size').selectOption('500'));
  await step(() => page.getByTestId('time-all').click());
  await step(() => page.getByTestId('tab-charts').click());
  await step(() => page.getByTestId('tab-patrol').click());
  await step(() => page.getByTestId('time-month').click());
  await step(() => page.click('[data-analysis-layer="heatmap"]'));
  await step(() => page.click('[data-analysis-layer="tracks"]'));
  await step(() => page.click('[data-testid="grid-colouring"] button[data-colouring="perEnterprise"]'));
  await step(() => page.click('[data-testid="grid-colouring"] button[data-colouring="patrol"]'));
  await step(() => page.click('[data-testid="grid-colouring"] button[data-colouring="none"]'));
  await step(() => page.getByTestId('tab-grids').click());
  await step(() => page.locator('[data-testid="hex-mode"] button[data-mode="hotspots"]').click());
  await step(() => page.locator('[data-testid="hex-mode"] button[data-mode="density"]').click());

  // Filter changes, timed: every category on, then off again (count, charts, hex cells and map), first with the
  // default layers, then with the heatmap and patrol tracks on as well.
  const categories = await page.$$eval('[data-testid="filter-categories"] button[data-value]', (bs) =>
    bs.map((b) => b.getAttribute('data-value')).filter((v) => v && v !== 'all'),
  );
  await page.click('[data-analysis-layer="heatmap"]');
  await page.click('[data-analysis-layer="tracks"]');
  await page.getByTestId('tab-charts').click();
  await wait(1000);
  const timeChips = async (into) => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of categories) {
        for (let twice = 0; twice < 2; twice++) {
          // An analyst's pace, not a script's: the last change has settled (its frames drawn) before the next click.
          await wait(700);
          into.push(await page.evaluate(CLICK_AND_WAIT, `[data-testid="filter-categories"] button[data-value="${c}"]`));
        }
      }
    }
  };
  await timeChips(changes);
  await page.click('[data-analysis-layer="heatmap"]');
  await page.click('[data-analysis-layer="tracks"]');
  await wait(1500);
  const heatChanges = [];
  await timeChips(heatChanges);
  await page.click('[data-analysis-layer="heatmap"]');
  await page.click('[data-analysis-layer="tracks"]');

  // Baseline in the same run: a repaint of the same map with nothing changed, until idle.
  const repaints = [];
  for (let i = 0; i < changes.length; i++) {
    await wait(700);
    repaints.push(
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const map = window.__gridsight.map;
            const t0 = performance.now();
            map.once('idle', () => resolve(performance.now() - t0));
            map.triggerRepaint();
          }),
      ),
    );
  }

  const tasks = await page.evaluate(() => window.__longTasks);
  const before = tasks.filter((t) => t.start < readyAt);
  const after = tasks.filter((t) => t.start >= readyAt);
  const max = (xs) => xs.reduce((m, t) => Math.max(m, t.duration), 0);
  const summarise = (list) => {
    const done = list.filter((x) => x !== null);
    const ms = done.map((x) => x.ms);
    const part = (k) => Math.round(median(done.map((x) => x[k])));
    return {
      n: list.length,
      timedOut: list.length - done.length,
      medianMs: Math.round(median(ms)),
      p90Ms: Math.round(pct(ms, 0.9)),
      maxMs: Math.round(Math.max(...ms)),
      medianPartsMs: { count: part('count'), charts: part('charts'), mapDrawn: part('drawn'), mapIdle: part('map') },
    };
  };
  const result = {
    machine,
    readyMs: Math.round(readyAt),
    longTasks: {
      beforeReady: { count: before.length, maxMs: Math.round(max(before)), over100: before.filter((t) => t.duration > 100).length },
      analysing: { count: after.length, maxMs: Math.round(max(after)), over100: after.filter((t) => t.duration > 100).length },
      analysingTasks: after.map((t) => ({ atMs: Math.round(t.start - readyAt), ms: Math.round(t.duration) })),
    },
    filterChange: summarise(changes),
    filterChangeHeatmapAndTracks: summarise(heatChanges),
    repaintBaseline: { n: repaints.length, medianMs: Math.round(median(repaints)), p90Ms: Math.round(pct(repaints, 0.9)) },
    problems: [...new Set(problems)],
  };
  console.log(`ready: ${result.readyMs} ms`);
  console.log(
    `long tasks before ready: ${before.length} (max ${result.longTasks.beforeReady.maxMs} ms, ${result.longTasks.beforeReady.over100} over 100 ms)`,
  );
  console.log(
    `long tasks while analysing: ${after.length} (max ${result.longTasks.analysing.maxMs} ms, ${result.longTasks.analysing.over100} over 100 ms; target 0)`,
  );
  for (const [label, r] of [
    ['default layers', result.filterChange],
    ['heatmap and patrol tracks on too', result.filterChangeHeatmapAndTracks],
  ]) {
    console.log(
      `filter change → count, charts and map redrawn (${label}): median ${r.medianMs} ms, p90 ${r.p90Ms} ms, max ${r.maxMs} ms over ${r.n - r.timedOut} changes (target < 100 ms)`,
    );
    const p = r.medianPartsMs;
    console.log(`  medians from the click: count shown ${p.count} ms, charts drawn ${p.charts} ms, map frame drawn ${p.mapDrawn} ms, map idle ${p.mapIdle} ms`);
    if (r.timedOut) console.log(`  ${r.timedOut} changes did not finish within 10 s`);
  }
  console.log(
    `baseline, same run: repaint with nothing changed → idle: median ${result.repaintBaseline.medianMs} ms, p90 ${result.repaintBaseline.p90Ms} ms`,
  );
  if (result.problems.length) console.log(`page problems:\n  ${result.problems.join('\n  ')}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, 'analyze-perf.json'), JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await server.close();
}
