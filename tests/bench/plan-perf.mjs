#!/usr/bin/env node
// The planner's browser benchmark (issue 11), as the user feels it, in Chromium (SwiftShader WebGL):
//
//   node tests/bench/plan-perf.mjs --dist /tmp/e-dist [--scales community,county] [--county data/generated/county]
//                                  [--no-trace] [--profile] [--trace-ops K] [--out tests/artifacts/plan-perf.json]
//
// For each scale (community: data/zhihuiwan, the default; county: data/generated/county opened with `?data=`,
// served same-origin) it opens `#/plan` in a fresh browser context and, through the UI with the mouse and keys as a
// planner does (positions from `map.project`), runs a scripted editing session of real operations: vertex moves,
// vertex inserts and deletes, splits, merges, revokes, micro-grid draws, undo and redo (26 per scale).
//
// 1. Operation → validated, reassigned, redrawn. For each operation:
//    t0     = `event.timeStamp` of the input event that triggers it (mouseup ending a vertex drag, the double click
//             ending a split line, Enter for a merge or a drawn micro-grid, the click on the grid that takes a revoked
//             one, click / right-click for a vertex insert / delete, Ctrl+Z / Ctrl+Shift+Z), caught by a capturing
//             listener on window;
//    reply  = the plan store's action (`apply`/`undo`/`redo`, Pinia `$onAction` `after`) has resolved: the worker
//             validated and reassigned, the main thread took the new snapshot/status, Vue has updated the DOM (the
//             store's flush runs before the action's continuation) and the map sources have been given the new data;
//    panel  = the first frame after `reply` has been painted (requestAnimationFrame, then a MessageChannel task: the
//             panel, history and status line on screen);
//    map    = MapLibre's `idle` after `reply` (every source re-tiled in the map's worker and the frame drawn);
//    total  = max(panel, map) − t0, the figure compared with the target (median < 50 ms community, < 100 ms county).
//    `worker` is the PlanSession's own time in the worker (the store's `lastMs`), split per row into the edit, the
//    status (checks and diff) and the view sent; `ask`/`reply`/`shown` (per row) are the store's user-timing marks:
//    the edit sent, its answer arrived, the store holding it.
//    The floor: six clicks that select a grid (nothing computed; the map marks it with feature state, the panel
//    shows it), measured the same way before the operations. With software WebGL every frame costs the machine
//    hundreds of ms, so "operations − floor" (each total less the floor's median, same run) is what the planner's
//    own work adds to any visible change on this machine.
// 2. Dragging a vertex (community): a shared vertex dragged with page.mouse over 60 moves paced at 60 Hz; frame time
//    = deltas between requestAnimationFrame timestamps during the drag; main-thread time per frame from a CDP trace
//    (top-level tasks of the page's renderer main thread inside each frame interval; script = JS execution in them),
//    plus the mousemove handlers' own time (capture-to-bubble on window) and MapLibre's `_render` per frame.
// 3. Long tasks: a PerformanceObserver('longtask', buffered) from navigation; reported for the session start
//    (navigation → ready and the draft shown) and for the editing session (first operation's setup → last
//    operation's end) separately; tasks that contain one of this script's own snapshot reads are counted apart.
// 4. Shaders: WebGL programs linked at start and while editing, and the main thread's time blocked in GL status
//    queries while editing (a program first used mid-session is a long pause with software WebGL).
// Diagnosis: `--profile` samples the editing session's CPU (self and inclusive time, for the whole session and for
// the operations' own windows, input → drawn; the raw .cpuprofile is written next to --out); `--trace-ops K` traces the first K operations and prints each one's main-thread and worker tasks.
//
// Prints a table, names the machine, writes tests/artifacts/plan-perf.json. It never asserts times.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VIEWPORT = { width: 1600, height: 1000 };
/** Where the tool bar (top), the layer switcher (left) and the side panel (right) cover the map. */
const PADDING = { top: 140, left: 300, right: 440, bottom: 60 };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--')
    ? process.argv[i + 1]
    : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

const DIST = path.resolve(option('dist', path.join(ROOT, 'dist')));
/** Which build was measured: when it was made, and the commit checked out now (the build may hold later edits). */
const BUILD = (() => {
  const built = existsSync(path.join(DIST, 'index.html'))
    ? statSync(path.join(DIST, 'index.html')).mtime.toISOString()
    : null;
  const head =
    spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ||
    null;
  return { builtAt: built, headNow: head };
})();
const COUNTY = path.resolve(ROOT, option('county', 'data/generated/county'));
const SCALES = option('scales', 'community,county')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const OUT = path.resolve(ROOT, option('out', 'tests/artifacts/plan-perf.json'));
const TRACE = !flag('no-trace');
const PROFILE = flag('profile');
/** Diagnosis: trace the first K operations and print each one's task timeline. */
const TRACE_OPS = Number(option('trace-ops', 0));
/** Page load (SwiftShader on two cores; the county loads slowly, issue 14): a hang guard, not a target. */
const LOAD_TIMEOUT = Number(option('timeout', 900_000));
const COMMUNITY_CODE_LENGTH = 12;

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error(
    `No build in ${DIST}: run "npx vite build --outDir ${DIST} --emptyOutDir" first (or pass --dist).`,
  );
  process.exit(1);
}
if (SCALES.includes('county') && !existsSync(path.join(COUNTY, 'grids.geojson'))) {
  console.error(
    `${COUNTY} has no dataset; make it with:\n  npm run -s cli -- generate --scale county --seed 7 --out data/generated/county`,
  );
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// In the page, before any app script: long tasks and long animation frames from navigation on.
const INIT = () => {
  const bench = { longtasks: [], loafs: [], harness: [] };
  window.__bench = bench;
  // Shader programs linked and time blocked in GL calls that wait for the GPU process (program status queries):
  // with SwiftShader a first use of a layer kind costs a shader compile on the main thread.
  bench.gl = { links: [], blockedMs: 0 };
  for (const C of [globalThis.WebGL2RenderingContext, globalThis.WebGLRenderingContext].filter(Boolean)) {
    const proto = C.prototype;
    const link = proto.linkProgram;
    const source = proto.shaderSource;
    proto.shaderSource = function (sh, src) {
      if (/gl_Position/.test(src)) bench.gl.lastVertex = src;
      return source.call(this, sh, src);
    };
    proto.linkProgram = function (p) {
      const v = bench.gl.lastVertex ?? '';
      const names = [...v.matchAll(/(?:uniform|in|attribute)\s+\w+\s+\w+\s+(\w+);/g)].map((m) => m[1]);
      const defs = [...v.matchAll(/#define\s+HAS_UNIFORM_(\w+)/g)].length;
      bench.gl.links.push(performance.now());
      (bench.gl.what ??= []).push({ t: performance.now(), names: names.slice(0, 8).join(','), uniformDefs: defs });
      return link.call(this, p);
    };
    for (const name of ['getProgramParameter', 'getShaderParameter', 'getUniformBlockIndex', 'getUniformLocation', 'getError']) {
      const f = proto[name];
      proto[name] = function (...a) {
        const t = performance.now();
        try {
          return f.apply(this, a);
        } finally {
          bench.gl.blockedMs += performance.now() - t;
        }
      };
    }
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    bench.noLongtask = true;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = (e.scripts ?? [])
          .map((s) => ({
            d: Math.round(s.duration),
            what: `${s.invoker || s.invokerType || ''} ${s.sourceFunctionName || ''} ${(s.sourceURL || '').split('/').pop()}:${s.sourceCharPosition ?? ''}`.trim(),
          }))
          .sort((a, b) => b.d - a.d)
          .slice(0, 3);
        bench.loafs.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          scripts,
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    bench.noLoaf = true;
  }
};

// In the page, once the planner is ready: hooks on the plan store and the map.
const SETUP = () => {
  const bench = window.__bench;
  const app = document.querySelector('#app').__vue_app__;
  const store = app.config.globalProperties.$pinia._s.get('plan');
  if (!store) throw new Error('the plan store is not there (is #/plan mounted?)');
  bench.store = store;
  bench.current = null;
  const afterPaint = (fn) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => fn(performance.now());
      ch.port2.postMessage(0);
    });
  bench.afterPaint = afterPaint;
  store.$onAction(({ name, after, onError }) => {
    if (!bench.current?.actions.includes(name)) return;
    after((r) => bench.done(name, r !== null && r !== false));
    onError((e) => bench.done(name, false, e));
  });
  bench.arm = (type, label, actions = ['apply', 'undo', 'redo']) => {
    const m = { type, label, actions, t0: null, tState: null, tPanel: null, tIdle: null };
    m.promise = new Promise((resolve) => (m.resolve = resolve));
    bench.current = m;
    const stamp = (e) => {
      if (m.t0 === null) m.t0 = e.timeStamp;
      window.removeEventListener(type, stamp, true);
    };
    window.addEventListener(type, stamp, true);
    m.armedAt = performance.now();
  };
  bench.done = (name, ok, err) => {
    const m = bench.current;
    if (!m || m.tState !== null) return;
    m.tState = performance.now();
    m.action = name;
    m.ok = ok;
    m.workerMs = store.lastMs;
    m.workerParts = store.workerParts?.() ?? null;
    const last = (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? null;
    m.marks = { ask: last('plan:ask'), reply: last('plan:reply'), shown: last('plan:shown') };
    m.cursor = store.cursor;
    m.error = ok ? null : (store.lastError?.message ?? (err ? String(err) : (store.failure ?? 'no change')));
    const map = window.__gridsight.map;
    let left = 2;
    const finish = () => {
      if (--left === 0) {
        bench.current = null;
        m.resolve();
      }
    };
    afterPaint((t) => {
      m.tPanel = t;
      finish();
    });
    let settled = false;
    const timer = setTimeout(
      () => {
        if (settled) return;
        settled = true;
        m.idleTimeout = true;
        finish();
      },
      ok ? 60_000 : 3_000,
    );
    map.once('idle', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      m.tIdle = performance.now();
      finish();
    });
    map.triggerRepaint();
  };
  bench.wait = async (ms) => {
    const m = bench.current;
    if (!m) return { lost: true };
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), ms));
    const r = await Promise.race([m.promise.then(() => 'ok'), timeout]);
    const { promise: _promise, resolve: _resolve, ...out } = m;
    if (r === 'timeout') {
      bench.current = null;
      return { ...out, timedOut: true };
    }
    return out;
  };
  return { lastMs: store.lastMs };
};

// ---------------------------------------------------------------------------------------------------------------
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const stats = (xs) => ({
  n: xs.length,
  median: median(xs),
  p90: quantile(xs, 0.9),
  max: xs.length ? Math.max(...xs) : null,
});
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ringsOf = (g) => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
const key = (p) => `${p[0]},${p[1]}`;
const communityOf = (code) => code.slice(0, COMMUNITY_CODE_LENGTH);

function bboxOf(features) {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    for (const ring of ringsOf(f.geometry)) {
      for (const p of ring) {
        a = Math.min(a, p[0]);
        b = Math.min(b, p[1]);
        c = Math.max(c, p[0]);
        d = Math.max(d, p[1]);
      }
    }
  }
  return [a, b, c, d];
}
function crossings(g, lat) {
  const xs = [];
  for (const ring of ringsOf(g.geometry)) {
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1], ring[i]];
      if (a[1] > lat !== b[1] > lat) xs.push(a[0] + ((lat - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
    }
  }
  return xs.sort((p, q) => p - q);
}
/** A point well inside a grid: the middle of the widest run of the horizontal line through its middle. */
function labelPoint(g) {
  const [, minY, , maxY] = bboxOf([g]);
  const lat = (minY + maxY) / 2 + (maxY - minY) * 0.0137;
  const xs = crossings(g, lat);
  let best = null;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) {
      width = xs[i + 1] - xs[i];
      best = [(xs[i] + xs[i + 1]) / 2, lat];
    }
  }
  return best;
}
function pointInRing(p, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function pointIn(p, geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polys.some((rings) => pointInRing(p, rings[0]) && !rings.slice(1).some((h) => pointInRing(p, h)));
}

/** The snapshot's structure the operations are picked from. */
function analyse(snapshot, communityRings) {
  const grids = snapshot.grids.features;
  const onCommunity = new Set(communityRings.flat().map(key));
  const inMicro = new Set(snapshot.microGrids.features.flatMap((m) => ringsOf(m.geometry).flat().map(key)));
  const users = new Map();
  const around = new Map();
  const edges = new Map();
  for (const g of grids) {
    for (const ring of ringsOf(g.geometry)) {
      const n = ring.length - 1;
      for (let i = 0; i < n; i++) {
        const k = key(ring[i]);
        if (!users.has(k)) users.set(k, new Set());
        users.get(k).add(g.properties.code);
        around.set(k, [ring[(i + n - 1) % n], ring[i + 1]]);
        const [a, b] = [ring[i], ring[i + 1]];
        const ek = key(a) < key(b) ? `${key(a)}|${key(b)}` : `${key(b)}|${key(a)}`;
        if (!edges.has(ek)) edges.set(ek, { a, b, codes: new Set() });
        edges.get(ek).codes.add(g.properties.code);
      }
    }
  }
  const free = (k) => !onCommunity.has(k) && !inMicro.has(k);
  const sharedVertices = [...users]
    .filter(([k, u]) => u.size === 2 && free(k))
    .map(([k, u]) => ({ p: k.split(',').map(Number), grids: [...u], around: around.get(k) }));
  // Edges between two grids whose ends only those two grids use; micro-grids may share them (an insert goes into
  // every ring that uses the edge, and deleting the inserted vertex again is allowed).
  const sharedEdges = [...edges.values()].filter(
    (e) =>
      e.codes.size === 2 &&
      !onCommunity.has(key(e.a)) &&
      !onCommunity.has(key(e.b)) &&
      (users.get(key(e.a))?.size ?? 0) === 2 &&
      (users.get(key(e.b))?.size ?? 0) === 2,
  );
  // Adjacent pairs in one community, by the length of the border they share (in edges).
  const pairs = new Map();
  for (const e of edges.values()) {
    if (e.codes.size !== 2) continue;
    const [x, y] = [...e.codes].sort();
    if (communityOf(x) !== communityOf(y)) continue;
    pairs.set(`${x}|${y}`, (pairs.get(`${x}|${y}`) ?? 0) + 1);
  }
  const adjacent = [...pairs].sort((p, q) => q[1] - p[1]).map(([k, n]) => ({ codes: k.split('|'), n }));
  return {
    grids,
    byCode: new Map(grids.map((g) => [g.properties.code, g])),
    sharedVertices,
    sharedEdges,
    adjacent,
  };
}

// ---------------------------------------------------------------------------------------------------------------
async function px(page, p) {
  return page.evaluate(([lon, lat]) => {
    const map = window.__gridsight.map;
    const q = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + q.x, y: r.top + q.y };
  }, p);
}
/** Moves the camera (no animation) and waits until the map is idle again: not part of any measured operation. */
async function camera(page, how) {
  await page.evaluate(
    (h) =>
      new Promise((resolve) => {
        const map = window.__gridsight.map;
        const t = setTimeout(resolve, 30_000);
        map.once('idle', () => {
          clearTimeout(t);
          resolve();
        });
        if (h.bounds)
          map.fitBounds(h.bounds, { padding: h.padding, animate: false, maxZoom: h.maxZoom ?? 18 });
        else map.jumpTo({ center: h.center, zoom: h.zoom });
        map.triggerRepaint();
      }),
    how,
  );
  await sleep(150);
}
async function tool(page, name) {
  const button = page.locator(`[data-testid=plan-tool][data-tool="${name}"]`);
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await sleep(100);
}
async function click(page, p, opts = {}) {
  const { x, y } = await px(page, p);
  await page.mouse.move(x, y, { steps: 3 });
  await page.mouse.click(x, y, opts);
  await sleep(60);
}
async function settle(page) {
  await page.waitForFunction(() => !window.__bench.store.busy, undefined, { timeout: 120_000, polling: 50 });
}

/**
 * Runs one measured operation: `setup` (camera, tool, first clicks: not measured), then arms the trigger and runs
 * `act` (the input that makes the operation happen), then waits for the page's figures.
 */
async function measured(page, session, label, kind, trigger, setup, act, actions) {
  try {
    await settle(page);
    if (setup) await setup();
  } catch (e) {
    session.skipped.push({ label, kind, why: `setup: ${e.message.split('\n')[0]}` });
    await page.keyboard.press('Escape');
    return null;
  }
  const traced = TRACE_OPS > 0 && kind !== 'floor' && session.ops.filter((o) => o.kind !== 'floor').length < TRACE_OPS;
  if (traced)
    await page.context().browser().startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing', 'v8.execute'],
    });
  await page.evaluate(([t, l, a]) => window.__bench.arm(t, l, a), [trigger, label, actions]);
  await act();
  const r = await page.evaluate((ms) => window.__bench.wait(ms), 90_000);
  if (traced) {
    const trace = JSON.parse((await page.context().browser().stopTracing()).toString('utf8'));
    console.log(opTimeline(trace, r));
  }
  if (r.lost || r.timedOut || r.t0 === null || r.tState === null) {
    const status = await page
      .getByTestId('plan-status')
      .textContent()
      .catch(() => '');
    session.skipped.push({
      label,
      kind,
      why: r.timedOut ? `no store action after the input (status: ${status?.trim()})` : 'lost',
    });
    await page.keyboard.press('Escape');
    return null;
  }
  const row = {
    label,
    kind,
    trigger,
    ok: r.ok,
    error: r.error,
    workerMs: kind === 'floor' ? null : r.workerMs,
    replyMs: r.tState - r.t0,
    panelMs: r.tPanel - r.t0,
    mapMs: r.tIdle === null ? null : r.tIdle - r.t0,
    totalMs: Math.max(r.tPanel, r.tIdle ?? r.tPanel) - r.t0,
    idleTimeout: !!r.idleTimeout,
    workerParts: kind === 'floor' || !r.workerParts ? null : Object.fromEntries(Object.entries(r.workerParts).map(([k, v]) => [k, Math.round(v)])),
    marks: r.marks && r.marks.ask >= r.t0 ? Object.fromEntries(Object.entries(r.marks).map(([k, v]) => [k, v === null ? null : Math.round(v - r.t0)])) : null,
    window: [r.armedAt, Math.max(r.tPanel, r.tIdle ?? r.tPanel)],
  };
  session.ops.push(row);
  console.log(
    `  ${label.padEnd(34)} ${row.ok ? 'ok     ' : 'REFUSED'} total ${fmt(row.totalMs).padStart(7)} ms  (worker ${fmt(row.workerMs).padStart(6)}, reply ${fmt(row.replyMs).padStart(6)}, panel ${fmt(row.panelMs).padStart(6)}, map ${fmt(row.mapMs).padStart(6)})${row.ok ? '' : `  ${row.error}`}${row.marks ? ` ${JSON.stringify(row.marks)}` : ''}${row.workerParts ? ` worker ${JSON.stringify(row.workerParts)}` : ''}`,
  );
  await settle(page);
  await sleep(200);
  return row;
}

/** The draft's snapshot, read through `window.__gridsight.plan` (its long task, if any, is this script's own). */
async function snapshotOf(page) {
  return page.evaluate(() => {
    window.__bench.harness.push(performance.now());
    return window.__gridsight.plan.snapshot();
  });
}

function fitPadding() {
  return PADDING;
}

/** The scripted editing session: 26 operations through the mouse and keys. */
async function editingSession(page, scale, communityRings) {
  const session = { ops: [], skipped: [] };
  const refetch = scale === 'community';
  let snap = await snapshotOf(page);
  let a = analyse(snap, communityRings);
  const used = new Set();
  const fresh = async () => {
    if (!refetch) return;
    snap = await snapshotOf(page);
    a = analyse(snap, communityRings);
  };
  // The community has 11 grids: once every grid has been edited, its snapshot is read again and any grid will do.
  const orAny = (free, all) => (free.length || !refetch ? free : all);
  const isFree = (codes) => codes.every((c) => !used.has(c) && a.byCode.has(c));
  const take = (codes) => codes.forEach((c) => used.add(c));
  // Spread the picks over the dataset: walk the candidates from the middle outwards in big strides.
  const spread = (list, i, n) => list[Math.floor(((i + 0.5) / n) * list.length)];

  // --- the floor (6): a click that selects a grid with the select tool. Nothing is computed: the selection is
  // marked on the map (feature state, no new data) and the panel shows it, so input → panel painted + map idle is
  // what any visible change costs on this machine (SwiftShader draws every frame on the CPU). Operations are
  // reported against it.
  await tool(page, 'select');
  for (let i = 0; i < 6; i++) {
    const g = spread(a.grids, i, 6);
    const at = labelPoint(g);
    if (!at) continue;
    await measured(
      page,
      session,
      `select ${g.properties.code.slice(-3)} (floor)`,
      'floor',
      'click',
      async () => {
        await camera(page, { center: at, zoom: 15 });
        const q = await px(page, at);
        await page.mouse.move(q.x, q.y, { steps: 3 });
      },
      async () => {
        const q = await px(page, at);
        await page.mouse.click(q.x, q.y);
      },
      ['select'],
    );
  }
  await page.keyboard.press('Escape');

  // --- vertex moves (6): drag a shared border vertex 8 px across its border, release.
  await tool(page, 'vertex');
  const vertexCandidates = a.sharedVertices.filter((v) => isFree(v.grids));
  for (let i = 0; i < 6; i++) {
    await fresh();
    const pool = (refetch ? a.sharedVertices : vertexCandidates).filter((v) => isFree(v.grids) || refetch);
    const v = spread(pool, i, 6);
    if (!v) {
      session.skipped.push({ label: 'move-vertex', kind: 'move-vertex', why: 'no shared vertex left' });
      break;
    }
    take(v.grids);
    let from;
    let by;
    await measured(
      page,
      session,
      `move-vertex ${v.grids.map((c) => c.slice(-3)).join('/')}`,
      'move-vertex',
      'mouseup',
      async () => {
        await camera(page, { center: v.p, zoom: 16 });
        from = await px(page, v.p);
        const [pa, pb] = [await px(page, v.around[0]), await px(page, v.around[1])];
        const len = Math.hypot(pb.x - pa.x, pb.y - pa.y) || 1;
        by = { x: (-(pb.y - pa.y) / len) * 8, y: ((pb.x - pa.x) / len) * 8 };
        await page.mouse.move(from.x, from.y, { steps: 4 });
        await page.mouse.down();
        await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 8 });
      },
      () => page.mouse.up(),
    );
  }

  // --- vertex inserts (2) in the middle of long shared edges, then deleting them again (2).
  await fresh();
  const inserted = [];
  const edgeLenM = (e) => Math.hypot((e.b[0] - e.a[0]) * 96_000, (e.b[1] - e.a[1]) * 111_000);
  const longEdges = a.sharedEdges
    .filter((e) => edgeLenM(e) > 20 && (refetch || isFree([...e.codes])))
    .sort((p, q) => edgeLenM(q) - edgeLenM(p));
  if (!longEdges.length)
    session.skipped.push({ label: 'insert-vertex', kind: 'insert-vertex', why: 'no long shared edge' });
  for (let i = 0; i < 2 && longEdges.length; i++) {
    const e = spread(longEdges, i, 2);
    take([...e.codes]);
    const mid = [(e.a[0] + e.b[0]) / 2, (e.a[1] + e.b[1]) / 2];
    const row = await measured(
      page,
      session,
      `insert-vertex ${[...e.codes].map((c) => c.slice(-3)).join('/')}`,
      'insert-vertex',
      'click',
      async () => {
        await camera(page, { center: mid, zoom: 18 });
        const q = await px(page, mid);
        await page.mouse.move(q.x, q.y, { steps: 3 });
      },
      async () => {
        const q = await px(page, mid);
        await page.mouse.click(q.x, q.y);
      },
    );
    if (row?.ok) {
      const entry = await page.evaluate(
        () => window.__gridsight.plan.history[window.__gridsight.plan.cursor - 1],
      );
      inserted.push({ at: entry.op.at ?? mid, codes: [...e.codes] });
    }
  }
  for (const v of inserted) {
    await measured(
      page,
      session,
      `delete-vertex ${v.codes.map((c) => c.slice(-3)).join('/')}`,
      'delete-vertex',
      'contextmenu',
      async () => {
        await camera(page, { center: v.at, zoom: 18 });
        const q = await px(page, v.at);
        await page.mouse.move(q.x, q.y, { steps: 3 });
      },
      async () => {
        const q = await px(page, v.at);
        await page.mouse.click(q.x, q.y, { button: 'right' });
      },
    );
  }

  // --- splits (3): a horizontal line across the grid through its middle, clicked border to border, double click.
  await tool(page, 'split');
  for (let i = 0; i < 3; i++) {
    await fresh();
    const pool = orAny(
      a.grids.filter((g) => isFree([g.properties.code])),
      a.grids,
    ).sort((p, q) => p.properties.code.localeCompare(q.properties.code));
    const g = spread(pool, i, 3);
    if (!g) {
      session.skipped.push({ label: 'split', kind: 'split', why: 'no grid left' });
      break;
    }
    take([g.properties.code]);
    const [, minY, , maxY] = bboxOf([g]);
    const lat = (minY + maxY) / 2 + (maxY - minY) * 0.013;
    const xs = crossings(g, lat);
    if (xs.length < 2) {
      session.skipped.push({ label: `split ${g.properties.code}`, kind: 'split', why: 'no crossing' });
      continue;
    }
    const line = [
      [xs[0], lat],
      [(xs[0] + xs[xs.length - 1]) / 2, lat],
      [xs[xs.length - 1], lat],
    ];
    await measured(
      page,
      session,
      `split ${g.properties.code.slice(-3)}`,
      'split',
      'dblclick',
      async () => {
        await camera(page, { bounds: bboxOf([g]), padding: fitPadding() });
        await click(page, line[0]);
        await click(page, line[1]);
        const end = await px(page, line[2]);
        await page.mouse.move(end.x, end.y, { steps: 3 });
      },
      async () => {
        const end = await px(page, line[2]);
        await page.mouse.dblclick(end.x, end.y);
      },
    );
  }

  // --- merges (3): click two adjacent grids of one community, Enter.
  await tool(page, 'merge');
  for (let i = 0; i < 3; i++) {
    await fresh();
    const pool = orAny(
      a.adjacent.filter((p) => isFree(p.codes)),
      a.adjacent.filter((p) => p.codes.every((c) => a.byCode.has(c))),
    );
    const pair = spread(pool, i, 3);
    if (!pair) {
      session.skipped.push({ label: 'merge/revoke', kind: 'pair', why: 'no adjacent pair left' });
      break;
    }
    take(pair.codes);
    const gs = pair.codes.map((c) => a.byCode.get(c));
    await measured(
      page,
      session,
      `merge ${pair.codes.map((c) => c.slice(-3)).join('+')}`,
      'merge',
      'keydown',
      async () => {
        await camera(page, { bounds: bboxOf(gs), padding: fitPadding() });
        for (const g of gs) await click(page, labelPoint(g));
      },
      () => page.keyboard.press('Enter'),
    );
  }

  // --- revokes (3): click the grid to revoke, then the adjacent grid that takes its area.
  await tool(page, 'revoke');
  for (let i = 0; i < 3; i++) {
    await fresh();
    const pool = orAny(
      a.adjacent.filter((p) => isFree(p.codes)),
      a.adjacent.filter((p) => p.codes.every((c) => a.byCode.has(c))),
    );
    const pair = spread(pool, i, 3);
    if (!pair) {
      session.skipped.push({ label: 'merge/revoke', kind: 'pair', why: 'no adjacent pair left' });
      break;
    }
    take(pair.codes);
    const [gone, into] = pair.codes.map((c) => a.byCode.get(c));
    await measured(
      page,
      session,
      `revoke ${gone.properties.code.slice(-3)}→${into.properties.code.slice(-3)}`,
      'revoke',
      'click',
      async () => {
        await camera(page, { bounds: bboxOf([gone, into]), padding: fitPadding() });
        // After a revoke the grid that took the area stays selected, so a first click would revoke it: Esc first.
        await page.keyboard.press('Escape');
        await click(page, labelPoint(gone));
      },
      async () => {
        const q = await px(page, labelPoint(into));
        await page.mouse.move(q.x, q.y, { steps: 3 });
        await page.mouse.click(q.x, q.y);
      },
    );
  }

  // --- micro-grid draws (3): a small square clear of the grid's micro-grids, four corners, Enter.
  await tool(page, 'draw-microgrid');
  for (let i = 0; i < 3; i++) {
    await fresh();
    const pool = orAny(
      a.grids.filter((g) => isFree([g.properties.code])),
      a.grids,
    );
    let found = null;
    for (let k = 0; k < pool.length && !found; k++) {
      const g = pool[(Math.floor(((i + 0.5) / 3) * pool.length) + k) % pool.length];
      const micro = snap.microGrids.features.filter((m) => m.properties.gridCode === g.properties.code);
      const [minX, minY, maxX, maxY] = bboxOf([g]);
      const d = 0.00025;
      for (let x = 1; x < 30 && !found; x++) {
        for (let y = 1; y < 30 && !found; y++) {
          const c = [minX + ((maxX - minX) * x) / 30, minY + ((maxY - minY) * y) / 30];
          const corners = [
            c,
            [c[0] - d, c[1] - d],
            [c[0] + d, c[1] - d],
            [c[0] + d, c[1] + d],
            [c[0] - d, c[1] + d],
          ];
          if (corners.every((p) => pointIn(p, g.geometry) && !micro.some((m) => pointIn(p, m.geometry))))
            found = { g, c, d };
        }
      }
    }
    if (!found) {
      session.skipped.push({ label: 'draw-microgrid', kind: 'draw-microgrid', why: 'no free spot' });
      break;
    }
    const { g, c, d } = found;
    take([g.properties.code]);
    const ring = [
      [c[0] - d, c[1] - d],
      [c[0] + d, c[1] - d],
      [c[0] + d, c[1] + d],
      [c[0] - d, c[1] + d],
    ];
    await measured(
      page,
      session,
      `draw-microgrid in ${g.properties.code.slice(-3)}`,
      'draw-microgrid',
      'keydown',
      async () => {
        await camera(page, { center: c, zoom: 17 });
        for (const p of ring) await click(page, p);
      },
      () => page.keyboard.press('Enter'),
    );
  }

  // --- undo / redo (2 each), with the keys.
  for (let i = 0; i < 2; i++) {
    await measured(page, session, 'undo (Ctrl+Z)', 'undo', 'keydown', null, () =>
      page.keyboard.press('Control+z'),
    );
    await measured(page, session, 'redo (Ctrl+Shift+Z)', 'redo', 'keydown', null, () =>
      page.keyboard.press('Control+Shift+z'),
    );
  }
  return session;
}

/** Dragging a shared vertex over 60 mouse moves paced at 60 Hz; frame deltas and main-thread time per frame. */
async function dragBench(browser, page, communityRings) {
  const snap = await snapshotOf(page);
  const a = analyse(snap, communityRings);
  const v = a.sharedVertices[Math.floor(a.sharedVertices.length / 3)];
  await tool(page, 'vertex');
  await camera(page, { center: v.p, zoom: 16 });
  const from = await px(page, v.p);
  const [pa, pb] = [await px(page, v.around[0]), await px(page, v.around[1])];
  const len = Math.hypot(pb.x - pa.x, pb.y - pa.y) || 1;
  const n = [-(pb.y - pa.y) / len, (pb.x - pa.x) / len];
  const t = [(pb.x - pa.x) / len, (pb.y - pa.y) / len];
  await page.mouse.move(from.x, from.y, { steps: 4 });
  await sleep(300);
  // Instruments the page for the drag: rAF timestamps, mousemove handler time, MapLibre's render time.
  await page.evaluate(() => {
    const b = window.__bench;
    const map = window.__gridsight.map;
    b.drag = { frames: [], moves: [], renders: [], on: true };
    const tick = (ts) => {
      if (!b.drag.on) return;
      b.drag.frames.push(ts);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    let start = 0;
    b.drag.capture = () => (start = performance.now());
    b.drag.bubble = () => b.drag.on && b.drag.moves.push({ at: start, ms: performance.now() - start });
    window.addEventListener('mousemove', b.drag.capture, true);
    window.addEventListener('mousemove', b.drag.bubble, false);
    if (typeof map._render === 'function' && !map.__benchWrapped) {
      const render = map._render;
      map.__benchWrapped = true;
      map._render = function (...args) {
        const t0 = performance.now();
        try {
          return render.apply(this, args);
        } finally {
          if (b.drag?.on) b.drag.renders.push({ at: t0, ms: performance.now() - t0 });
        }
      };
    }
  });
  if (TRACE) {
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'disabled-by-default-devtools.timeline.frame',
        'toplevel',
        'blink.user_timing',
        'v8',
        'v8.execute',
        'gpu',
        'viz',
      ],
    });
  }
  const startMark = await page.evaluate(() => performance.mark('plan-drag-start').startTime);
  await page.mouse.down();
  const STEPS = 60;
  const t00 = performance.now();
  for (let i = 1; i <= STEPS; i++) {
    // Out across the border and along it, ending 8 px across (as a planner would), every step ~16.7 ms apart.
    const s = i / STEPS;
    const across = 8 + 10 * Math.sin(Math.PI * s);
    const along = 14 * Math.sin(2 * Math.PI * s);
    await page.mouse.move(from.x + n[0] * across + t[0] * along, from.y + n[1] * across + t[1] * along);
    const due = t00 + i * (1000 / 60);
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const endMark = await page.evaluate(() => performance.mark('plan-drag-end').startTime);
  let trace = null;
  if (TRACE) trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  const drag = await page.evaluate(() => {
    const b = window.__bench;
    b.drag.on = false;
    window.removeEventListener('mousemove', b.drag.capture, true);
    window.removeEventListener('mousemove', b.drag.bubble, false);
    return { frames: b.drag.frames, moves: b.drag.moves, renders: b.drag.renders };
  });
  // Release: the move applies (measured as an operation elsewhere; here only to leave the draft clean).
  await page.mouse.up();
  await settle(page);
  const frames = drag.frames.filter((f) => f >= startMark && f <= endMark);
  const deltas = frames.slice(1).map((f, i) => f - frames[i]);
  const out = {
    steps: STEPS,
    durationMs: endMark - startMark,
    frames: frames.length,
    frameMs: stats(deltas),
    moveHandlerMs: stats(drag.moves.map((m) => m.ms)),
    mapRenderMs: stats(drag.renders.filter((r) => r.at >= startMark && r.at <= endMark).map((r) => r.ms)),
    moveEvents: drag.moves.length,
  };
  if (trace) Object.assign(out, traceFigures(trace, startMark, endMark, frames));
  return out;
}

/**
 * Diagnosis (`--trace-ops K`): the renderer's main-thread and worker tasks from an operation's input to its end,
 * each with the page-clock start, its length and what ran in it, so a gap between "ask" and "reply" has a name.
 */
function opTimeline(trace, r) {
  const events = trace.traceEvents ?? trace;
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const mark = events.find((e) => e.name === 'plan:ask' && (e.cat ?? '').includes('blink.user_timing'));
  if (!mark || r.marks?.ask == null) return '  (no plan:ask mark in the trace)';
  const toPage = (ts) => (ts - mark.ts) / 1000 + r.marks.ask;
  const end = Math.max(r.tPanel ?? 0, r.tIdle ?? 0);
  const lines = [];
  for (const [k, name] of threads) {
    if (!/CrRendererMain|DedicatedWorker|plan/i.test(name)) continue;
    const [pid, tid] = k.split(':');
    const mine = events.filter((e) => String(e.pid) === pid && String(e.tid) === tid && e.ph === 'X' && e.dur);
    const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
    for (const t of tasks) {
      const s0 = toPage(t.ts);
      const d = t.dur / 1000;
      if (s0 + d < r.t0 || s0 > end || d < 2) continue;
      const inner = mine
        .filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 1000 && !/RunTask/.test(e.name))
        .sort((p, q) => q.dur - p.dur)
        .slice(0, 4)
        .map((e) => `${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''} ${(e.dur / 1000).toFixed(0)}`);
      lines.push({ s: s0 - r.t0, text: `    ${(s0 - r.t0).toFixed(0).padStart(5)} +${d.toFixed(0).padStart(4)} ms ${name.slice(0, 16).padEnd(16)} ${inner.join(', ')}` });
    }
  }
  return lines.sort((p, q) => p.s - q.s).map((l) => l.text).join('\n');
}

/** Main-thread (and GPU-process) time per frame during the drag, from the CDP trace. */
function traceFigures(trace, startMark, endMark, frames) {
  const events = trace.traceEvents ?? trace;
  const mark = events.find(
    (e) => e.name === 'plan-drag-start' && (e.cat ?? '').includes('blink.user_timing'),
  );
  if (!mark) return { trace: 'no user-timing mark in the trace' };
  const pid = mark.pid;
  const threads = new Map();
  const procs = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.ph === 'M' && e.name === 'process_name') procs.set(e.pid, e.args.name);
  }
  const mainTid = [...threads]
    .find(([k, n]) => k.startsWith(`${pid}:`) && n === 'CrRendererMain')?.[0]
    .split(':')[1];
  // Trace clock (µs) → performance.now() (ms): the mark is at startMark in the page.
  const toPage = (ts) => ts / 1000 - mark.ts / 1000 + startMark;
  const isTask = (e) =>
    e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur;
  const main = events
    .filter((e) => e.pid === pid && String(e.tid) === String(mainTid) && e.ph === 'X' && e.dur)
    .map((e) => ({ name: e.name, s: toPage(e.ts), e: toPage(e.ts + e.dur) }));
  const tasks = events
    .filter((e) => e.pid === pid && String(e.tid) === String(mainTid) && isTask(e))
    .map((e) => ({ s: toPage(e.ts), e: toPage(e.ts + e.dur) }));
  const SCRIPT = new Set([
    'FunctionCall',
    'EventDispatch',
    'FireAnimationFrame',
    'TimerFire',
    'RunMicrotasks',
    'v8.run',
    'V8.Execute',
    'EvaluateScript',
    'v8.callFunction',
    'RunMicrotasks',
  ]);
  const scripts = [];
  for (const e of main.filter((x) => SCRIPT.has(x.name)).sort((p, q) => p.s - q.s)) {
    const last = scripts[scripts.length - 1];
    if (last && e.s >= last.s && e.e <= last.e) continue; // nested in one already counted
    scripts.push(e);
  }
  const gpuPid = [...procs].find(([, n]) => /GPU/i.test(n))?.[0];
  const gpuTid = [...threads]
    .find(([k, n]) => k.startsWith(`${gpuPid}:`) && n === 'CrGpuMain')?.[0]
    .split(':')[1];
  const gpuTasks = events
    .filter((e) => e.pid === gpuPid && String(e.tid) === String(gpuTid) && isTask(e))
    .map((e) => ({ s: toPage(e.ts), e: toPage(e.ts + e.dur) }));
  // Nested tasks (a RunTask inside a RunTask) count once: the union of the intervals.
  const union = (list) => {
    const out = [];
    for (const x of [...list].sort((p, q) => p.s - q.s)) {
      const last = out[out.length - 1];
      if (last && x.s <= last.e) last.e = Math.max(last.e, x.e);
      else out.push({ ...x });
    }
    return out;
  };
  tasks.splice(0, tasks.length, ...union(tasks));
  gpuTasks.splice(0, gpuTasks.length, ...union(gpuTasks));
  const overlap = (list, a, b) =>
    list.reduce((sum, x) => sum + Math.max(0, Math.min(b, x.e) - Math.max(a, x.s)), 0);
  const per = (list) => frames.slice(1).map((f, i) => overlap(list, frames[i], f));
  const span = endMark - startMark;
  return {
    mainThreadPerFrameMs: stats(per(tasks)),
    scriptPerFrameMs: stats(per(scripts)),
    gpuProcessPerFrameMs: gpuTid ? stats(per(gpuTasks)) : null,
    mainThreadBusy: overlap(tasks, startMark, endMark) / span,
    gpuMainBusy: gpuTid ? overlap(gpuTasks, startMark, endMark) / span : null,
  };
}

/**
 * Aggregates a CPU profile's self time by function (top 15) and inclusive time (top 40). `inside(µs)`, when given,
 * keeps only the samples taken at those moments of the profile's clock (e.g. during the operations).
 */
function profileTop(profile, n = 15, inside = null) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const dt = profile.timeDeltas ?? [];
  const keep = [];
  for (let i = 0, at = profile.startTime; i < profile.samples.length; i++) {
    at += dt[i] ?? 0;
    keep.push(!inside || inside(at));
  }
  for (let i = 0; i < profile.samples.length; i++) {
    if (!keep[i]) continue;
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const total = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    if (!keep[i]) continue;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (!f.url) continue;
      const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    }
  }
  const top = (m, k) =>
    [...m]
      .sort((p, q) => q[1] - p[1])
      .slice(0, k)
      .map(([what, ms]) => ({ what, ms: Math.round(ms) }));
  return { self: top(self, n), inclusive: top(total, 40) };
}

/** Figures over measured rows; `overFloor`: each operation's total less the floor's median (same run). */
function opStats(rows, floorMedian = null) {
  const ok = rows.filter((o) => o.ok);
  return {
    total: stats(ok.map((o) => o.totalMs)),
    worker: stats(ok.map((o) => o.workerMs).filter((x) => x !== null && x !== undefined)),
    reply: stats(ok.map((o) => o.replyMs)),
    panel: stats(ok.map((o) => o.panelMs)),
    map: stats(ok.filter((o) => o.mapMs !== null).map((o) => o.mapMs)),
    refused: rows.length - ok.length,
    ...(floorMedian === null ? {} : { overFloor: stats(ok.map((o) => o.totalMs - floorMedian)) }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
async function runScale(browser, server, scale) {
  const url =
    scale === 'county'
      ? server.url(`/?data=${encodeURIComponent('./data/generated/county/')}#/plan`)
      : server.url('/#/plan');
  const dataDir = scale === 'county' ? COUNTY : path.join(ROOT, 'data/zhihuiwan');
  const community = JSON.parse(readFileSync(path.join(dataDir, 'community.geojson'), 'utf8'));
  const communityRings = community.features.flatMap((f) => ringsOf(f.geometry));
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = new Set();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.add(`console.${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problems.add(`pageerror: ${e.message}`));
  await page.addInitScript(INIT);
  console.log(`\n[${scale}] ${url}`);
  const tNav = Date.now();
  await page.goto(url);
  const ready = await page.evaluate(() => window.__gridsight.ready);
  if (!ready?.ok) throw new Error(`${scale}: ready resolved with ${JSON.stringify(ready)}`);
  await page.waitForFunction(
    () => window.__gridsight.plan?.snapshot && document.querySelector('[data-testid=plan-panel]'),
    undefined,
    { timeout: LOAD_TIMEOUT, polling: 200 },
  );
  const startInfo = await page.evaluate(() => ({
    readyAt: performance.now(),
    nav: performance.getEntriesByType('navigation')[0]?.duration ?? null,
  }));
  await page.evaluate(SETUP);
  // Wait for whatever the panel starts after ready (drafts, figures) before the editing session starts.
  await sleep(1500);
  await settle(page);
  const startEnd = await page.evaluate(() => performance.now());
  console.log(`  ready + draft on screen after ${((Date.now() - tNav) / 1000).toFixed(1)} s`);

  let cdp = null;
  if (PROFILE) {
    cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }
  /** The page's clock when the profile started (its own clock is µs since an unknown origin: started ≈ startTime). */
  const profiledFrom = cdp ? await page.evaluate(() => performance.now()) : null;
  const [editStart, glBlockedAtStart] = await page.evaluate(() => [performance.now(), window.__bench.gl.blockedMs]);
  const session = await editingSession(page, scale, communityRings);
  const [editEnd, glBlockedAtEnd] = await page.evaluate(() => [performance.now(), window.__bench.gl.blockedMs]);
  let profile = null;
  if (cdp) {
    const raw = (await cdp.send('Profiler.stop')).profile;
    profile = profileTop(raw);
    // The same, only while an operation (not a floor click) was under way: input to panel painted and map idle.
    const windows = session.ops.filter((o) => o.kind !== 'floor').map((o) => [o.window[1] - o.totalMs, o.window[1]].map((t) => raw.startTime + (t - profiledFrom) * 1000));
    profile.duringOps = profileTop(raw, 15, (at) => windows.some(([a, b]) => at >= a && at <= b));
    writeFileSync(OUT.replace(/\.json$/, '') + `-${scale}.cpuprofile`, JSON.stringify(raw));
  }

  let drag = null;
  if (scale === 'community') drag = await dragBench(browser, page, communityRings);

  const { longtasks, loafs, harness, noLongtask, noLoaf, glLinks, glWhat } = await page.evaluate(() => {
    const b = window.__bench;
    return {
      longtasks: b.longtasks,
      loafs: b.loafs,
      harness: b.harness,
      noLongtask: !!b.noLongtask,
      noLoaf: !!b.noLoaf,
      glLinks: b.gl.links,
      glWhat: b.gl.what ?? [],
    };
  });
  await context.close();

  const ownTask = (t) => harness.some((h) => h >= t.start && h <= t.start + t.duration);
  const during = (t, a, b) => t.start >= a && t.start < b;
  const opAt = (t) =>
    session.ops.find((o) => t.start <= o.window[1] && t.start + t.duration >= o.window[0])?.label ??
    'between operations (camera, tool, clicks, hovering)';
  const startTasks = longtasks.filter((t) => during(t, 0, startEnd));
  const editTasks = longtasks.filter((t) => during(t, editStart, editEnd) && !ownTask(t));
  const ownTasks = longtasks.filter((t) => during(t, editStart, editEnd) && ownTask(t));
  const summary = (ts) => ({
    count: ts.length,
    longestMs: ts.length ? Math.max(...ts.map((t) => t.duration)) : 0,
    totalMs: ts.reduce((s, t) => s + t.duration, 0),
    over100: ts.filter((t) => t.duration > 100).length,
  });
  const editLoafs = loafs
    .filter((l) => during(l, editStart, editEnd))
    .sort((p, q) => q.duration - p.duration)
    .slice(0, 8);
  return {
    scale,
    url,
    startSeconds: startInfo.readyAt / 1000,
    ops: session.ops.map(({ window: _window, ...o }) => o),
    skipped: session.skipped,
    opStats: opStats(session.ops.filter((o) => o.kind !== 'floor')),
    floor: opStats(session.ops.filter((o) => o.kind === 'floor')),
    overFloor: (() => {
      const f = median(session.ops.filter((o) => o.kind === 'floor' && o.ok).map((o) => o.totalMs));
      return f === null ? null : opStats(session.ops.filter((o) => o.kind !== 'floor'), f).overFloor;
    })(),
    drag,
    gl: {
      linksAtStart: glLinks.filter((t) => t < startEnd).length,
      linksEditing: glLinks.filter((t) => t >= editStart && t < editEnd).length,
      blockedEditingMs: Math.round(glBlockedAtEnd - glBlockedAtStart),
      editingPrograms: glWhat.filter((w) => w.t >= editStart && w.t < editEnd),
    },
    longtasks: {
      supported: !noLongtask,
      start: summary(startTasks),
      editing: summary(editTasks),
      editingOver100: editTasks
        .filter((t) => t.duration > 100)
        .map((t) => ({ at: Math.round(t.start), ms: Math.round(t.duration), during: opAt(t) })),
      harnessOwn: summary(ownTasks),
      editingWindowS: (editEnd - editStart) / 1000,
    },
    longAnimationFrames: noLoaf
      ? 'not supported'
      : editLoafs.map((l) => ({
          at: Math.round(l.start),
          ms: Math.round(l.duration),
          blocking: Math.round(l.blocking),
          during: opAt(l),
          scripts: l.scripts,
        })),
    profileTop: profile,
    problems: [...problems],
  };
}

// ---------------------------------------------------------------------------------------------------------------
const mounts = { '/': DIST };
if (SCALES.includes('county')) mounts['/data/generated/county/'] = COUNTY;
const server = await startStaticServer(mounts);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  chromium: browser.version(),
  webgl: 'SwiftShader (software)',
};
console.log(
  `plan perf: scales ${SCALES.join(', ')}, viewport ${VIEWPORT.width}×${VIEWPORT.height}, build ${path.relative(ROOT, DIST) || DIST}`,
);
console.log(
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, Chromium ${machine.chromium} (SwiftShader WebGL), load ${machine.loadAverage.join(' ')}`,
);

const results = [];
try {
  for (const scale of SCALES) results.push(await runScale(browser, server, scale));
} finally {
  await browser.close();
  await server.close();
}

const TARGET = { community: 50, county: 100 };
console.log(
  '\nOperation → validated, reassigned, redrawn (ms; successful operations; total = max(panel painted, map idle) − input event)',
);
console.log(
  'scale       n  refused   total median   p90    max   | worker med  reply med  panel med  map med | target (median)',
);
for (const r of results) {
  const s = r.opStats;
  console.log(
    `${r.scale.padEnd(10)} ${String(s.total.n).padStart(2)}  ${String(s.refused).padStart(7)}   ${fmt(s.total.median).padStart(12)} ${fmt(s.total.p90).padStart(6)} ${fmt(s.total.max).padStart(6)}   | ${fmt(s.worker.median).padStart(10)} ${fmt(s.reply.median).padStart(10)} ${fmt(s.panel.median).padStart(10)} ${fmt(s.map.median).padStart(8)} | < ${TARGET[r.scale] ?? '?'}`,
  );
}
console.log(
  '\nThe floor: a selection click (input → panel painted + map idle, nothing computed) and the operations over it',
);
for (const r of results) {
  const f = r.floor.total;
  const o = r.overFloor;
  console.log(
    `${r.scale.padEnd(10)} floor median ${fmt(f.median)} ms (n ${f.n}, p90 ${fmt(f.p90)}) | operations − floor: median ${fmt(o?.median)} p90 ${fmt(o?.p90)} max ${fmt(o?.max)} ms | target (median) < ${TARGET[r.scale] ?? '?'}`,
  );
}
console.log('\nBy operation kind (median total ms, n)');
for (const r of results) {
  const kinds = [...new Set(r.ops.map((o) => o.kind))];
  console.log(
    `${r.scale.padEnd(10)} ${kinds
      .map((k) => {
        const xs = r.ops.filter((o) => o.kind === k && o.ok).map((o) => o.totalMs);
        return `${k} ${fmt(median(xs), 0)} (${xs.length})`;
      })
      .join(', ')}`,
  );
}
for (const r of results.filter((x) => x.drag)) {
  const d = r.drag;
  console.log(
    `\nDragging a shared vertex (${r.scale}, ${d.steps} moves at 60 Hz, ${d.frames} frames in ${fmt(d.durationMs, 0)} ms)`,
  );
  console.log(
    `frame time (rAF delta)        median ${fmt(d.frameMs.median)}  p90 ${fmt(d.frameMs.p90)}  max ${fmt(d.frameMs.max)} ms   (target median < 16 ms)`,
  );
  if (d.mainThreadPerFrameMs) {
    console.log(
      `main thread per frame (trace) median ${fmt(d.mainThreadPerFrameMs.median)}  p90 ${fmt(d.mainThreadPerFrameMs.p90)}  max ${fmt(d.mainThreadPerFrameMs.max)} ms   (busy ${fmt(d.mainThreadBusy * 100, 0)} %)`,
    );
    console.log(
      `  of which script              median ${fmt(d.scriptPerFrameMs.median)}  p90 ${fmt(d.scriptPerFrameMs.p90)}  max ${fmt(d.scriptPerFrameMs.max)} ms`,
    );
    if (d.gpuProcessPerFrameMs)
      console.log(
        `GPU process main per frame     median ${fmt(d.gpuProcessPerFrameMs.median)}  p90 ${fmt(d.gpuProcessPerFrameMs.p90)}  max ${fmt(d.gpuProcessPerFrameMs.max)} ms   (busy ${fmt(d.gpuMainBusy * 100, 0)} %)`,
      );
  }
  console.log(
    `mousemove handlers (per event) median ${fmt(d.moveHandlerMs.median, 2)}  p90 ${fmt(d.moveHandlerMs.p90, 2)}  max ${fmt(d.moveHandlerMs.max, 2)} ms   (${d.moveEvents} events)`,
  );
  console.log(
    `MapLibre _render (per frame)   median ${fmt(d.mapRenderMs.median, 2)}  p90 ${fmt(d.mapRenderMs.p90, 2)}  max ${fmt(d.mapRenderMs.max, 2)} ms`,
  );
}
console.log('\nShader programs linked (WebGL linkProgram) and main thread blocked in GL status queries');
for (const r of results)
  console.log(
    `${r.scale.padEnd(10)} start ${r.gl.linksAtStart} programs | editing ${r.gl.linksEditing} programs, ${r.gl.blockedEditingMs} ms blocked`,
  );
console.log('\nLong tasks (PerformanceObserver longtask)');
console.log(
  "scale       session start: count  longest  >100ms |  editing: count  longest  >100ms  window | this script's own reads",
);
for (const r of results) {
  const l = r.longtasks;
  console.log(
    `${r.scale.padEnd(10)}  ${String(l.start.count).padStart(20)} ${fmt(l.start.longestMs, 0).padStart(8)} ${String(l.start.over100).padStart(7)} | ${String(l.editing.count).padStart(15)} ${fmt(l.editing.longestMs, 0).padStart(8)} ${String(l.editing.over100).padStart(7)} ${fmt(l.editingWindowS, 0).padStart(6)} s | ${l.harnessOwn.count} (longest ${fmt(l.harnessOwn.longestMs, 0)} ms)`,
  );
  for (const t of l.editingOver100) console.log(`    ${t.ms} ms during ${t.during}`);
}
for (const r of results) {
  if (r.skipped.length)
    console.log(`\n${r.scale}: not measured: ${r.skipped.map((s) => `${s.label} (${s.why})`).join('; ')}`);
  for (const p of r.problems.slice(0, 10)) console.log(`note (${r.scale}): ${p}`);
  if (r.profileTop) {
    console.log(`\n${r.scale}: CPU profile of the editing session, self time (top 15)`);
    for (const p of r.profileTop.self) console.log(`  ${String(p.ms).padStart(6)} ms  ${p.what}`);
    if (r.profileTop.duringOps) {
      console.log(`\n${r.scale}: during the operations only (input → drawn), self time (top 15)`);
      for (const p of r.profileTop.duringOps.self) console.log(`  ${String(p.ms).padStart(6)} ms  ${p.what}`);
      console.log(`${r.scale}: during the operations only, inclusive time (top 40)`);
      for (const p of r.profileTop.duringOps.inclusive) console.log(`  ${String(p.ms).padStart(6)} ms  ${p.what}`);
    }
    console.log(`\n${r.scale}: inclusive time, page scripts (top 40)`);
    for (const p of r.profileTop.inclusive) console.log(`  ${String(p.ms).padStart(6)} ms  ${p.what}`);
  }
}

mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      viewport: VIEWPORT,
      machine,
      dist: DIST,
      build: BUILD,
      targets: { opMedianMs: TARGET, dragFrameMedianMs: 16, longTaskMs: 100 },
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwritten ${path.relative(ROOT, OUT)}`);
