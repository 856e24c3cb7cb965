#!/usr/bin/env node
// County-scale browser benchmark (issue 14), `npm run bench:county [-- options]`: each screen opened on the bundled
// community (data/zhihuiwan) and on the generated county (data/generated/county: 30 communities, 430 grids, 15k
// enterprises, 1M incidents), with the county/community ratio from the same run:
//   overview  `#/`         navigation → `window.__gridsight.ready`                           county target ≤ 5 s
//   analyze   `#/analyze`  navigation → `ready` (and → the filter's first count on screen)     ≤ 8 s
//   filter    a category chip on #/analyze → count shown, every visible chart drawn again
//             (ECharts `finished`, EChart's data-rendered) and the map idle: p90 of `--clicks`  ≤ 150 ms
//   wall      `#/wall` at 1920×1080: navigation → `ready`                                       ≤ 15 s
//   heap      the tab's JS heap once each screen is done: the page and every worker, after a forced GC
//             (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage), ArrayBuffer backing stores included   ≤ 600 MB
// Every page load is a fresh browser context (nothing cached; the static server says no-store). A page that does not
// get there within its timeout is recorded as a timeout, not a crash. Also recorded: bytes the page fetched (page and
// workers), long tasks, console errors.
//
// Data: the county is generated when data/generated/county/dataset.json is missing (`npm run -s cli -- generate
// --scale county --seed 7 --out data/generated/county`, ~30-40 s) and reused otherwise. The build copies data/
// beside index.html but never data/generated/ (vite.config.ts), so the static server (tests/e2e/static-server.mjs)
// serves the build at / and data/generated/ at /data/generated/: `?data=./data/generated/county/` then resolves on
// the page's own origin, which src/io/dataset-url-policy.ts admits.
//
// Build: by default the working tree is built (`vite build --outDir <tmp>`) into the system's temp folder and reused
// while the sources are unchanged (a fingerprint of HEAD, `git diff HEAD` and the untracked files' sizes and times);
// `--ref <commit>` builds that commit instead (git archive into the temp folder, node_modules linked: a clean
// "before" on a tree others are editing); `--dist DIR` uses a build as it is.
//
// Options (defaults in brackets):
//   --only overview,analyze,filter,wall  screens to measure [all]; `filter` runs on the #/analyze page load
//   --runs N                  page loads per screen and dataset, alternating community and county [1]
//   --warmup N                unmeasured community overview loads first (Chromium's first page compiles more) [1]
//   --clicks N                timed chip clicks per dataset and run (on, off, on, ... over the categories) [20: with
//                             10 the p90 is the slowest click, often the first one after the charts tab opened]
//   --skip-community          the county only (no ratios); --skip-county: the community only (trying the script)
//   --timeout-s S             per page load, navigation → ready [240]; a hang guard, not a target
//   --click-timeout-s S       per chip click [20]; after two clicks in a row time out the rest are not tried
//   --ref REF | --dist DIR    what to measure (see Build) [the working tree]
//   --rebuild                 build even when the fingerprint matches
//   --county NAME             the folder under data/generated/ [county]
//   --quiet-load L            first wait (at most --quiet-wait-s [600]) until the 1-minute load average is under L
//                             [0: do not wait]; the machine is shared, and others' tests double these times
// Never asserts times; writes tests/artifacts/bench-county.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';
import { HOOK, median, option, pct } from './analyze-page.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
const SCRATCH = path.join(os.tmpdir(), 'gridsight-bench-county');
const SCREENS = ['overview', 'analyze', 'filter', 'wall'];
const flag = (name) => process.argv.includes(`--${name}`);

const ONLY = option('only', SCREENS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const s of ONLY) {
  if (!SCREENS.includes(s)) {
    console.error(`--only: unknown screen "${s}" (one of ${SCREENS.join(', ')})`);
    process.exit(2);
  }
}
const RUNS = Number(option('runs', 1));
const WARMUP = Number(option('warmup', 1));
const CLICKS = Number(option('clicks', 20));
const SKIP_COMMUNITY = flag('skip-community');
const TIMEOUT = Number(option('timeout-s', 240)) * 1000;
const CLICK_TIMEOUT = Number(option('click-timeout-s', 20)) * 1000;
const REF = option('ref', null);
const DIST_GIVEN = option('dist', null);
const COUNTY = option('county', 'county');
const QUIET_LOAD = Number(option('quiet-load', 0));
const QUIET_WAIT = Number(option('quiet-wait-s', 600)) * 1000;
const COUNTY_DIR = path.join(ROOT, 'data/generated', COUNTY);

/** Targets of issue 14, for the county (the community is the baseline of the ratio). */
const TARGETS = { overview: 5000, analyze: 8000, filterP90: 150, wall: 15000, heapMB: 600 };
const VIEWPORTS = {
  overview: { width: 1600, height: 1000 },
  analyze: { width: 1600, height: 1000 },
  wall: { width: 1920, height: 1080 },
};
const ROUTES = { overview: '#/', analyze: '#/analyze', wall: '#/wall' };
/** `url`: the `?data=` value; `prefix`: where its files are served (what a page load fetched from it is counted). */
const COMMUNITY = { key: 'community', url: './data/zhihuiwan/', prefix: '/data/zhihuiwan/' };
const COUNTY_DS = { key: 'county', url: `./data/generated/${COUNTY}/`, prefix: `/data/generated/${COUNTY}/` };
const DATASETS = [...(SKIP_COMMUNITY ? [] : [COMMUNITY]), ...(flag('skip-county') ? [] : [COUNTY_DS])];

const started = Date.now();
let quietWaitMs = 0;
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const git = (...args) =>
  execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 }).trim();

if (!existsSync(CHROMIUM_PATH)) {
  console.error(
    `Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium fonts-noto-cjk)`,
  );
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// (a) the county dataset

function ensureCounty() {
  if (existsSync(path.join(COUNTY_DIR, 'dataset.json'))) return { generated: false, ms: 0 };
  const out = path.relative(ROOT, COUNTY_DIR);
  console.log(
    `generating the county dataset into ${out} (npm run -s cli -- generate --scale county --seed 7) …`,
  );
  const t0 = Date.now();
  const r = spawnSync(
    'npm',
    ['run', '-s', 'cli', '--', 'generate', '--scale', 'county', '--seed', '7', '--out', out],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) {
    console.error(`generate failed (exit ${r.status})`);
    process.exit(1);
  }
  return { generated: true, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------------------------
// (b) the build

/** What the working tree's build depends on, as a short hash: HEAD, the diff against it, untracked files' stats. */
function worktreeFingerprint() {
  const h = createHash('sha256');
  h.update(git('rev-parse', 'HEAD'));
  h.update(
    git(
      'diff',
      'HEAD',
      '--binary',
      '--',
      'src',
      'public',
      'data',
      'index.html',
      'vite.config.ts',
      'package-lock.json',
      'tsconfig.json',
    ),
  );
  const untracked = git(
    'ls-files',
    '--others',
    '--exclude-standard',
    '--',
    'src',
    'public',
    'data',
    'index.html',
  )
    .split('\n')
    .filter(Boolean);
  for (const f of untracked.sort()) {
    const s = statSync(path.join(ROOT, f), { throwIfNoEntry: false });
    if (s) h.update(`${f} ${s.size} ${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

function viteBuild(cwd, outDir) {
  const t0 = Date.now();
  console.log(`building ${cwd === ROOT ? 'the working tree' : cwd} → ${outDir} (vite build) …`);
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0) {
    console.error(`vite build failed (exit ${r.status})`);
    process.exit(1);
  }
  return Date.now() - t0;
}

/** The build to serve: { dist, source, commit, dirty, buildMs } */
function ensureBuild() {
  if (DIST_GIVEN) {
    const dist = path.resolve(DIST_GIVEN);
    if (!existsSync(path.join(dist, 'index.html'))) {
      console.error(`--dist ${dist}: no index.html there`);
      process.exit(1);
    }
    return { dist, source: `--dist ${dist}`, commit: null, dirty: null, buildMs: 0 };
  }
  if (REF) {
    const commit = git('rev-parse', '--verify', `${REF}^{commit}`);
    const dir = path.join(SCRATCH, `ref-${commit.slice(0, 12)}`);
    const dist = path.join(dir, 'build');
    if (!flag('rebuild') && existsSync(path.join(dist, 'index.html'))) {
      return {
        dist,
        source: `git ${REF} (${commit.slice(0, 7)}), built earlier`,
        commit,
        dirty: false,
        buildMs: 0,
      };
    }
    const tree = path.join(dir, 'tree');
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    // A clean copy of the commit (no one's uncommitted edits), with this checkout's node_modules.
    execFileSync('sh', ['-c', `git -C "${ROOT}" archive --format=tar ${commit} | tar -x -C "${tree}"`]);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
    const buildMs = viteBuild(tree, dist);
    return {
      dist,
      source: `git ${REF} (${commit.slice(0, 7)}), clean export`,
      commit,
      dirty: false,
      buildMs,
    };
  }
  const commit = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no').length > 0;
  const fp = worktreeFingerprint();
  const dist = path.join(SCRATCH, 'worktree');
  const stamp = path.join(dist, '.fingerprint');
  if (!flag('rebuild') && existsSync(stamp) && readFileSync(stamp, 'utf8') === fp) {
    return {
      dist,
      source: `working tree at ${commit.slice(0, 7)}${dirty ? ' + uncommitted changes' : ''}, built earlier`,
      commit,
      dirty,
      buildMs: 0,
    };
  }
  const buildMs = viteBuild(ROOT, dist);
  writeFileSync(stamp, fp);
  return {
    dist,
    source: `working tree at ${commit.slice(0, 7)}${dirty ? ' + uncommitted changes' : ''}`,
    commit,
    dirty,
    buildMs,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// (c) measuring in Chromium

/**
 * Used JS heap after a forced GC, bytes: the page (CDP on the page) and every dedicated worker of `origin` (through
 * the browser's CDP session: a worker's heap is its own, the page's session does not see it). `backing` is the
 * ArrayBuffer backing stores (typed arrays live outside the V8 heap proper), where Chromium reports it.
 */
async function tabHeap(browser, page, origin) {
  const cdp = await page.context().newCDPSession(page);
  let main;
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    main = await cdp.send('Runtime.getHeapUsage');
  } finally {
    await cdp.detach().catch(() => {});
  }
  const workers = {};
  const missed = [];
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    for (const t of targetInfos) {
      if (t.type !== 'worker' || !t.url.startsWith(origin)) continue;
      // assets/stats.worker-<hash>.js → stats; assets/maplibre-gl-worker-<hash>.mjs → maplibre
      const file = t.url.match(/\/([^/?#]+?)-[\w-]{8}\.m?js/)?.[1] ?? 'worker';
      const name = file.replace(/\.worker$/, '').replace(/^maplibre-gl-(csp-)?worker$/, 'maplibre');
      const u = await workerHeap(session, t.targetId).catch(
        (e) => (missed.push(`${name}: ${e.message}`), null),
      );
      if (!u) continue;
      const w = (workers[name] ??= { used: 0, backing: 0, count: 0 });
      w.used += u.usedSize ?? 0;
      w.backing += u.backingStorageSize ?? 0;
      w.count += 1;
    }
  } finally {
    await session.detach().catch(() => {});
  }
  const mainBytes = { used: main.usedSize ?? 0, backing: main.backingStorageSize ?? 0 };
  const sum = (f) => mainBytes[f] + Object.values(workers).reduce((a, w) => a + w[f], 0);
  return {
    main: mainBytes,
    workers,
    missed,
    used: sum('used'),
    backing: sum('backing'),
    total: sum('used') + sum('backing'),
  };
}

/** HeapProfiler.collectGarbage then Runtime.getHeapUsage in a worker, through Target.sendMessageToTarget. */
async function workerHeap(session, targetId) {
  const { sessionId } = await session.send('Target.attachToTarget', { targetId, flatten: false });
  const waiting = new Map();
  let next = 0;
  const onMessage = (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(m.error.message));
    else w.resolve(m.result);
  };
  session.on('Target.receivedMessageFromTarget', onMessage);
  const send = (method) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      session
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params: {} }),
        })
        .catch(reject);
      // A worker busy for longer than this (or gone) is left out rather than holding the run; unref: never keeps Node up.
      setTimeout(
        () => waiting.has(id) && (waiting.delete(id), reject(new Error(`${method}: no answer`))),
        60_000,
      ).unref();
    });
  try {
    await send('HeapProfiler.collectGarbage');
    return await send('Runtime.getHeapUsage');
  } finally {
    session.off('Target.receivedMessageFromTarget', onMessage);
    await session.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}

/**
 * In the page: clicks `selector` and waits until the filter's answer is on screen: the count changed (the worker
 * answered and Vue rendered it), every chart that was visible drew again (ECharts `finished`), the map drew a frame
 * after the answer and went idle. Milliseconds from just before the click; `timedOut` with what was seen by then.
 */
const CLICK_TO_REDRAWN = async ({ selector, timeout }) => {
  const total = () =>
    document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total') ?? '';
  const visible = [...document.querySelectorAll('[data-rendered]')].filter(
    (el) => el.getClientRects().length > 0,
  );
  const renders = new Map(visible.map((el) => [el, Number(el.getAttribute('data-rendered'))]));
  const map = window.__gridsight.map;
  const before = total();
  const seen = { count: null, charts: renders.size ? null : 0, drawn: null, idle: null };
  let t0 = 0;
  const onRender = () => {
    if (seen.count !== null && seen.drawn === null) seen.drawn = performance.now() - t0;
  };
  const onIdle = () => {
    if (seen.drawn !== null && seen.idle === null) seen.idle = performance.now() - t0;
  };
  map?.on('render', onRender);
  map?.on('idle', onIdle);
  if (!map) seen.drawn = seen.idle = 0;
  t0 = performance.now();
  document.querySelector(selector).click();
  try {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now() - t0;
      if (seen.count === null && total() !== before && total() !== '') seen.count = now;
      // An answer that leaves the map as it was draws no frame, so no `idle` comes: the map counts as done at the
      // count when, half a second on, it has drawn nothing and has nothing loading (a change would have shown by then).
      if (
        map &&
        seen.count !== null &&
        seen.drawn === null &&
        now - seen.count > 500 &&
        map.loaded() &&
        !map.isMoving()
      ) {
        seen.drawn = seen.idle = seen.count;
        seen.mapUnchanged = true;
      }
      if (
        seen.charts === null &&
        [...renders].every(([el, n]) => Number(el.getAttribute('data-rendered')) > n)
      )
        seen.charts = now;
      const parts = [seen.count, seen.charts, seen.drawn, seen.idle];
      if (parts.every((v) => v !== null)) return { ms: Math.max(...parts), ...seen, timedOut: false };
      if (now > timeout) return { ms: null, ...seen, timedOut: true };
    }
  } finally {
    map?.off('render', onRender);
    map?.off('idle', onIdle);
  }
};

const round2 = (x) => Math.round(x * 100) / 100;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** One page load of `screen` on `ds`; for analyze, the chip clicks too when asked. */
async function measure(browser, server, ds, screen, withClicks) {
  const viewport = VIEWPORTS[screen];
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  // The machine is shared: the 1-minute load average says how much else was running.
  const out = {
    dataset: ds.key,
    screen,
    readyMs: null,
    timedOut: false,
    ok: null,
    loadBefore: round2(os.loadavg()[0]),
    problems: [],
  };
  const problems = new Set();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.add(`console.error: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problems.add(`pageerror: ${e.message.slice(0, 300)}`));
  page.on('crash', () => problems.add('page crashed'));
  // Bytes fetched, page and workers (Content-Length of every response; the static server always sends it).
  const fetched = { requests: 0, bytes: 0, datasetBytes: 0, datasetFiles: {} };
  context.on('response', (r) => {
    const len = Number(r.headers()['content-length'] ?? 0);
    fetched.requests += 1;
    fetched.bytes += len;
    const p = new URL(r.url()).pathname;
    if (p.startsWith(ds.prefix)) {
      fetched.datasetBytes += len;
      const f = p.slice(ds.prefix.length);
      fetched.datasetFiles[f] = (fetched.datasetFiles[f] ?? 0) + len;
    }
  });
  await page.addInitScript(HOOK);
  try {
    const url = server.url(`/?data=${encodeURIComponent(ds.url)}${ROUTES[screen]}`);
    await page.goto(url, { timeout: TIMEOUT });
    try {
      await page.waitForFunction(() => window.__readyAt !== undefined, undefined, {
        timeout: TIMEOUT,
        polling: 100,
      });
    } catch {
      out.timedOut = true;
    }
    const state = await page.evaluate(async () => {
      const result = window.__readyAt !== undefined ? await window.__gridsight.ready : null;
      return { readyAt: window.__readyAt ?? null, result, now: performance.now() };
    });
    out.readyMs = state.readyAt === null ? null : Math.round(state.readyAt);
    out.ok = state.result ? state.result.ok !== false : null;
    if (state.result && state.result.ok === false)
      problems.add(`ready resolved with ok: false (${JSON.stringify(state.result.error).slice(0, 300)})`);
    if (out.timedOut) out.waitedMs = Math.round(state.now);

    if (screen === 'analyze' && !out.timedOut) {
      // When the filter's first answer (its count) is on screen: `ready` waits for the month's report and the map.
      const left = Math.max(5_000, TIMEOUT - state.now);
      try {
        await page.waitForFunction(
          () => !!document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total'),
          undefined,
          { timeout: left, polling: 100 },
        );
        out.countShownMs = Math.round(await page.evaluate(() => performance.now()));
      } catch {
        out.countShownMs = null;
        problems.add('the filter count was not shown within the timeout');
      }
      if (withClicks && out.countShownMs !== null) out.clicks = await timeChips(page);
    }
    out.longTasks = await page.evaluate(() => {
      const t = window.__longTasks ?? [];
      return {
        count: t.length,
        maxMs: Math.round(t.reduce((m, x) => Math.max(m, x.duration), 0)),
        totalMs: Math.round(t.reduce((a, x) => a + x.duration, 0)),
      };
    });
    out.heap = await tabHeap(browser, page, server.origin).catch(
      (e) => (problems.add(`heap: ${e.message}`), null),
    );
    for (const m of out.heap?.missed ?? []) problems.add(`heap of a worker left out (${m})`);
  } catch (e) {
    problems.add(`error: ${e.message.split('\n')[0]}`);
  } finally {
    out.fetched = fetched;
    out.loadAfter = round2(os.loadavg()[0]);
    // A dataset that was not the one asked for (a refused ?data= shows the default) would measure the wrong thing.
    if (fetched.datasetBytes === 0)
      problems.add(`nothing was fetched from ${ds.prefix}: the dataset on screen is not ${ds.key}`);
    out.problems = [...problems];
    await context.close().catch(() => {});
  }
  return out;
}

/** `CLICKS` chip clicks on #/analyze (the charts tab on screen), each category on then off again. */
async function timeChips(page) {
  await page.getByTestId('tab-charts').click();
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('.panel [data-rendered]')]
          .filter((el) => el.getClientRects().length > 0)
          .every((el) => el.getAttribute('data-rendered') !== '0'),
      undefined,
      { timeout: 60_000, polling: 100 },
    )
    .catch(() => {});
  await wait(1000);
  const categories = await page.$$eval('[data-testid="filter-categories"] button[data-value]', (bs) =>
    bs.map((b) => b.getAttribute('data-value')).filter((v) => v && v !== 'all'),
  );
  const clicks = [];
  let late = 0;
  for (let i = 0; i < CLICKS; i++) {
    const c = categories[Math.floor(i / 2) % categories.length];
    if (late >= 2) {
      clicks.push({ category: c, ms: null, timedOut: true, skipped: true });
      continue;
    }
    // An analyst's pace: the last change has settled before the next click.
    await wait(700);
    const r = await page.evaluate(CLICK_TO_REDRAWN, {
      selector: `[data-testid="filter-categories"] button[data-value="${c}"]`,
      timeout: CLICK_TIMEOUT,
    });
    for (const k of ['ms', 'count', 'charts', 'drawn', 'idle'])
      if (typeof r[k] === 'number') r[k] = Math.round(r[k]);
    clicks.push({ category: c, ...r });
    late = r.timedOut ? late + 1 : 0;
    if (r.timedOut) await wait(2000);
  }
  return clicks;
}

// ---------------------------------------------------------------------------------------------------------------
// summary and output

const MB = 2 ** 20;
const fmtS = (ms) =>
  ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const fmtMs = (ms) => (ms === null || ms === undefined ? '—' : `${Math.round(ms)} ms`);
const fmtMB = (b) => (b === null || b === undefined ? '—' : `${Math.round(b / MB)} MB`);

/** Filter clicks of several runs: a timed-out click counts as slower than any (p90 is then "> timeout"). */
function clickSummary(clicks) {
  if (!clicks?.length) return null;
  const done = clicks.filter((c) => !c.timedOut).map((c) => c.ms);
  const all = clicks.map((c) => (c.timedOut ? Infinity : c.ms));
  const part = (k) => {
    const xs = clicks.filter((c) => !c.timedOut).map((c) => c[k]);
    return xs.length ? Math.round(median(xs)) : null;
  };
  return {
    n: clicks.length,
    timedOut: clicks.filter((c) => c.timedOut).length,
    skipped: clicks.filter((c) => c.skipped).length,
    medianMs: done.length ? Math.round(median(all)) : null,
    p90Ms: Math.round(pct(all, 0.9)),
    maxMs: done.length ? Math.round(Math.max(...done)) : null,
    medianPartsMs: {
      count: part('count'),
      charts: part('charts'),
      mapDrawn: part('drawn'),
      mapIdle: part('idle'),
    },
  };
}

function summarise(results) {
  const by = (ds, screen) => results.filter((r) => r.dataset === ds && r.screen === screen);
  const out = {};
  for (const ds of DATASETS.map((d) => d.key)) {
    const s = {};
    for (const screen of ['overview', 'analyze', 'wall']) {
      const rs = by(ds, screen);
      if (!rs.length) continue;
      const ok = rs.filter((r) => r.readyMs !== null).map((r) => r.readyMs);
      s[screen] = {
        readyMs: ok.length === rs.length ? Math.round(median(ok)) : null,
        timedOut: rs.filter((r) => r.timedOut).length,
        readyMsEach: rs.map((r) => r.readyMs),
        heapBytes:
          Math.round(median(rs.map((r) => r.heap?.total).filter((x) => x !== undefined && x !== null))) ||
          null,
        fetchedBytes: Math.round(median(rs.map((r) => r.fetched.bytes))),
      };
      if (screen === 'analyze') {
        const c = rs.map((r) => r.countShownMs).filter((x) => x !== undefined);
        s.analyze.countShownMs = c.length && c.every((x) => x !== null) ? Math.round(median(c)) : null;
        const clicks = rs.flatMap((r) => r.clicks ?? []);
        if (clicks.length) s.filter = clickSummary(clicks);
      }
    }
    out[ds] = s;
  }
  return out;
}

function printTable(summary) {
  const has = (screen) => DATASETS.some((d) => summary[d.key]?.[screen]);
  const com = summary.community ?? {};
  const cty = summary.county ?? {};
  const ratio = (a, b) =>
    a && b && Number.isFinite(a) && Number.isFinite(b) ? `${(b / a).toFixed(1)}×` : '—';
  const timeOrOut = (s) =>
    s ? (s.readyMs !== null ? fmtS(s.readyMs) : `timeout (> ${fmtS(TIMEOUT)})`) : '—';
  const rows = [];
  if (has('overview'))
    rows.push([
      '#/ overview → ready',
      timeOrOut(com.overview),
      timeOrOut(cty.overview),
      ratio(com.overview?.readyMs, cty.overview?.readyMs),
      '≤ 5 s',
    ]);
  if (has('analyze')) {
    rows.push([
      '#/analyze → ready',
      timeOrOut(com.analyze),
      timeOrOut(cty.analyze),
      ratio(com.analyze?.readyMs, cty.analyze?.readyMs),
      '≤ 8 s',
    ]);
    rows.push([
      '#/analyze → first count shown',
      fmtS(com.analyze?.countShownMs),
      fmtS(cty.analyze?.countShownMs),
      ratio(com.analyze?.countShownMs, cty.analyze?.countShownMs),
      '',
    ]);
  }
  if (has('filter')) {
    const f = (x) =>
      x
        ? Number.isFinite(x.p90Ms)
          ? `${fmtMs(x.p90Ms)} (median ${fmtMs(x.medianMs)}, n ${x.n})`
          : `> ${fmtS(CLICK_TIMEOUT)} (${x.timedOut} of ${x.n} timed out)`
        : '—';
    rows.push([
      'chip → count, charts, map redrawn, p90',
      f(com.filter),
      f(cty.filter),
      ratio(com.filter?.p90Ms, cty.filter?.p90Ms),
      '≤ 150 ms',
    ]);
  }
  if (has('wall'))
    rows.push([
      '#/wall 1920×1080 → ready',
      timeOrOut(com.wall),
      timeOrOut(cty.wall),
      ratio(com.wall?.readyMs, cty.wall?.readyMs),
      '≤ 15 s',
    ]);
  for (const screen of ['overview', 'analyze', 'wall']) {
    if (!has(screen)) continue;
    // A page that timed out was measured mid-load: its heap is not the screen's.
    const heap = (x) => (x ? fmtMB(x.heapBytes) + (x.timedOut ? ' (at timeout)' : '') : '—');
    rows.push([
      `tab heap after ${screen}`,
      heap(com[screen]),
      heap(cty[screen]),
      ratio(com[screen]?.heapBytes, cty[screen]?.heapBytes),
      '≤ 600 MB',
    ]);
  }
  for (const screen of ['overview', 'analyze', 'wall']) {
    if (!has(screen)) continue;
    rows.push([
      `bytes fetched, ${screen}`,
      fmtMB(com[screen]?.fetchedBytes),
      fmtMB(cty[screen]?.fetchedBytes),
      ratio(com[screen]?.fetchedBytes, cty[screen]?.fetchedBytes),
      '',
    ]);
  }
  const head = ['', 'community', 'county', 'county/community', 'target (county)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------------------------

const data = ensureCounty();
const build = ensureBuild();
if (QUIET_LOAD > 0) {
  const until = Date.now() + QUIET_WAIT;
  while (os.loadavg()[0] >= QUIET_LOAD && Date.now() < until) {
    console.log(`waiting for a quieter machine: load ${os.loadavg()[0].toFixed(2)} ≥ ${QUIET_LOAD} …`);
    await wait(20_000);
  }
  quietWaitMs = Date.now() - started;
}
const server = await startStaticServer({
  '/': build.dist,
  '/data/generated/': path.join(ROOT, 'data/generated'),
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  node: process.version,
  chromium: browser.version(),
};
console.log(
  `county bench: ${build.source}; screens ${ONLY.join(', ')}; ${RUNS} run(s); ${DATASETS.map((d) => d.key).join(' and ')}`,
);
console.log(
  `machine: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}, Chromium ${machine.chromium} (SwiftShader WebGL)`,
);

const results = [];
const screens = ['overview', 'analyze', 'wall'].filter(
  (s) => ONLY.includes(s) || (s === 'analyze' && ONLY.includes('filter')),
);
try {
  for (let i = 0; i < WARMUP; i++) {
    const r = await measure(browser, server, COMMUNITY, 'overview', false);
    console.log(
      `[${elapsed().padStart(5)}] warm-up  overview community ready ${fmtS(r.readyMs)} (not counted)`,
    );
  }
  for (let run = 0; run < RUNS; run++) {
    for (const screen of screens) {
      for (const ds of DATASETS) {
        const r = await measure(browser, server, ds, screen, ONLY.includes('filter'));
        r.run = run + 1;
        results.push(r);
        const clicks = r.clicks ? clickSummary(r.clicks) : null;
        console.log(
          `[${elapsed().padStart(5)}] run ${run + 1} ${screen.padEnd(8)} ${ds.key.padEnd(9)} ` +
            `ready ${r.readyMs !== null ? fmtS(r.readyMs) : `timeout after ${fmtS(r.waitedMs ?? TIMEOUT)}`}` +
            (screen === 'analyze' ? `, count shown ${fmtS(r.countShownMs)}` : '') +
            (clicks
              ? `, chips p90 ${Number.isFinite(clicks.p90Ms) ? fmtMs(clicks.p90Ms) : 'timeout'} median ${fmtMs(clicks.medianMs)} (${clicks.timedOut}/${clicks.n} timed out)`
              : '') +
            `, heap ${fmtMB(r.heap?.total)}, fetched ${fmtMB(r.fetched.bytes)}, long tasks ${r.longTasks?.count ?? '—'} (max ${fmtMs(r.longTasks?.maxMs)}), load ${r.loadBefore}→${r.loadAfter}`,
        );
        for (const p of r.problems) console.log(`    note: ${p}`);
      }
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}

const summary = summarise(results);
console.log('');
printTable(summary);
const totalS = Math.round((Date.now() - started - quietWaitMs) / 1000);
console.log(
  `\nwhole run ${totalS} s (build ${fmtS(build.buildMs)}, generate ${fmtS(data.ms)}` +
    `${quietWaitMs > 1000 ? `; not counted: ${fmtS(quietWaitMs)} waiting for a quieter machine` : ''}); targets are the county's (issue 14)`,
);

mkdirSync(ARTIFACTS, { recursive: true });
const file = path.join(ARTIFACTS, 'bench-county.json');
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      build,
      dataset: { county: path.relative(ROOT, COUNTY_DIR), generatedNow: data.generated, generateMs: data.ms },
      options: {
        only: ONLY,
        runs: RUNS,
        warmup: WARMUP,
        clicks: CLICKS,
        skipCommunity: SKIP_COMMUNITY,
        timeoutMs: TIMEOUT,
        clickTimeoutMs: CLICK_TIMEOUT,
      },
      machine,
      targets: TARGETS,
      summary,
      results,
      wholeRunS: totalS,
      quietWaitS: Math.round(quietWaitMs / 1000),
    },
    null,
    2,
  ) + '\n',
);
console.log(`written ${path.relative(ROOT, file)}`);
