#!/usr/bin/env node
// Browser benchmark (`npm run bench:browser [-- --runs 7]`): how long the built app takes from navigation start
// until `window.__gridsight.ready` resolves, against bare MapLibre (tests/bench/bare.html) loading the same GeoJSON
// files with simple layers until its first `idle`. Both run alternately in one Chromium, each in a fresh browser
// context (so nothing is cached; the server also says no-store). Reports medians and the ratio app / bare
// (target ≤ 1.5), names the machine, writes tests/artifacts/ready-bench.json. It never asserts times.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
const DATASET = 'zhihuiwan';
const VIEWPORT = { width: 1600, height: 1000 };

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
/** Measured pairs (default 7); one unmeasured warm-up pair runs first. */
const RUNS = Number(option('runs', process.env.BENCH_RUNS ?? 7));
/** Per page load, in ms (SwiftShader on two cores is slow; this is a hang guard, not a target). */
const TIMEOUT = Number(option('timeout', 180_000));

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error('No build in dist/: run "npx vite build" (or npm run build) first.');
  process.exit(1);
}
if (!existsSync(path.join(DIST, 'data', DATASET, 'grids.geojson'))) {
  console.error(`dist/data/${DATASET}/ is missing: the build copies data/ beside index.html; is data/${DATASET} there?`);
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium fonts-noto-cjk)`);
  process.exit(1);
}

// Runs before any page script: catches the first `ready` the page installs and stamps performance.now()
// (milliseconds since navigation start) the moment it resolves. A setter, not polling, so it costs nothing.
const HOOK = () => {
  let handle;
  Object.defineProperty(window, '__gridsight', {
    configurable: true,
    get: () => handle,
    set(value) {
      handle = value;
      const ready = value && value.ready;
      if (ready && !window.__benchHooked) {
        window.__benchHooked = true;
        ready.then((result) => {
          window.__benchReadyAt = performance.now();
          window.__benchResult = result;
        });
      }
    },
  });
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(HOOK);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__benchReadyAt !== undefined, undefined, { timeout: TIMEOUT, polling: 100 });
    const { ms, result } = await page.evaluate(() => ({ ms: window.__benchReadyAt, result: window.__benchResult }));
    if (result && result.ok === false) problems.push(`ready resolved with ok: false (${JSON.stringify(result.error)})`);
    return { ms, problems };
  } finally {
    await context.close();
  }
}

const server = await startStaticServer({
  '/': DIST,
  '/__bench/': path.join(ROOT, 'tests/bench'),
  '/__maplibre/': path.join(ROOT, 'node_modules/maplibre-gl/dist'),
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const targets = {
  app: server.url('/index.html'),
  bare: server.url(`/__bench/bare.html?data=${encodeURIComponent(`/data/${DATASET}/`)}`),
};
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  chromium: browser.version(),
};
console.log(`ready bench: ${RUNS} runs each, alternating app and bare MapLibre, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium} (SwiftShader WebGL)`);

const times = { app: [], bare: [] };
const problems = { app: new Set(), bare: new Set() };
try {
  for (let i = -1; i < RUNS; i++) {
    // Alternate which goes first so neither always follows the other.
    const order = i % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
    const line = [];
    for (const name of order) {
      const r = await measure(browser, targets[name]);
      r.problems.forEach((p) => problems[name].add(p));
      if (i >= 0) times[name].push(r.ms);
      line.push(`${name} ${r.ms.toFixed(0).padStart(6)} ms`);
    }
    console.log(`${i < 0 ? 'warm-up' : `run ${i + 1}`.padEnd(7)}  ${line.join('   ')}`);
  }
} finally {
  await browser.close();
  await server.close();
}

const app = median(times.app);
const bare = median(times.bare);
const ratio = app / bare;
for (const name of ['app', 'bare']) {
  for (const p of problems[name]) console.log(`note (${name}): ${p}`);
}
console.log(`median app ${app.toFixed(0)} ms, bare MapLibre ${bare.toFixed(0)} ms, ratio app/bare ${ratio.toFixed(2)} (target ≤ 1.5)`);

const out = path.join(ARTIFACTS, 'ready-bench.json');
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      dataset: DATASET,
      runs: RUNS,
      viewport: VIEWPORT,
      machine,
      medianMs: { app, bare },
      ratio,
      target: 1.5,
      timesMs: times,
      problems: { app: [...problems.app], bare: [...problems.bare] },
    },
    null,
    2,
  ) + '\n',
);
console.log(`written ${path.relative(ROOT, out)}`);
