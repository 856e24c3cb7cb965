#!/usr/bin/env node
// What a user feels of incidents.bin (issue 14), `node tests/bench/analyze-binary.mjs [--rounds N]`: the analyst
// screen (#/analyze) opened on the county dataset, from navigation to `window.__gridsight.ready`, with its incidents
// read from incidents.csv (291 MB, parsed in the stats worker) and from incidents.bin (71 MB), in one run; plus the
// tab's JS heap once ready (the page and every worker, after a forced GC) and what the loading line showed while the
// binary file downloaded. Then the incidents alone, as the stats worker reads them (loadDataset over HTTP, titles
// kept) in a Chromium worker, each form `--rounds` times alternately: the part of `ready` the file form decides. Built app (dist/, or GS_DIST), system Chromium (SwiftShader WebGL). The county dataset:
// --csv DIR (default data/generated/county: `npm run -s cli -- generate --scale county --seed 7 --out
// data/generated/county`); --bin DIR (default: a copy of it under the system's temp folder, files hard-linked,
// packed with `gridsight pack` unless it already has incidents.bin). Never asserts times; writes
// tests/artifacts/analyze-binary.json.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { rolldown } from 'rolldown';
import { startStaticServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.GS_DIST ? path.resolve(process.env.GS_DIST) : path.join(ROOT, 'dist');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const ROUNDS = Number(option('rounds', 1));
const CSV_DIR = path.resolve(option('csv', path.join(ROOT, 'data/generated/county')));
const BIN_DIR = path.resolve(option('bin', path.join(os.tmpdir(), 'gridsight-county-bin')));

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error(`No build in ${DIST}: run "npm run build" first.`);
  process.exit(1);
}
if (!existsSync(path.join(CSV_DIR, 'incidents.csv'))) {
  console.error(`No county dataset in ${CSV_DIR}: npm run -s cli -- generate --scale county --seed 7 --out data/generated/county`);
  process.exit(1);
}
// The binary copy: the same files (hard links, no copies of 400 MB), its own dataset.json, then `pack`.
if (!existsSync(path.join(BIN_DIR, 'incidents.bin'))) {
  mkdirSync(BIN_DIR, { recursive: true });
  for (const f of readdirSync(CSV_DIR)) {
    if (f === 'incidents.bin' || existsSync(path.join(BIN_DIR, f))) continue;
    if (f === 'dataset.json') copyFileSync(path.join(CSV_DIR, f), path.join(BIN_DIR, f));
    else linkSync(path.join(CSV_DIR, f), path.join(BIN_DIR, f));
  }
  execFileSync(process.execPath, [path.join(ROOT, 'src/cli/run.mjs'), 'pack', BIN_DIR], { stdio: 'inherit' });
}
// The CSV side must not have the binary file listed, or both would read it.
const csvManifest = JSON.parse(readFileSync(path.join(CSV_DIR, 'dataset.json'), 'utf8'));
if (csvManifest.files.includes('incidents.bin')) {
  console.error(`${CSV_DIR}/dataset.json lists incidents.bin: give --csv a folder that reads incidents.csv`);
  process.exit(1);
}

// Before any page script: stamp when the first `ready` resolves, and watch the loading line.
const HOOK = () => {
  window.__progress = [];
  let handle;
  Object.defineProperty(window, '__gridsight', {
    configurable: true,
    get: () => handle,
    set(value) {
      handle = value;
      value?.ready?.then(() => {
        window.__readyAt ??= performance.now();
      });
    },
  });
  const watch = () => {
    const el = document.querySelector('[data-testid="analysis-loading"]');
    const received = el?.getAttribute('data-received');
    const last = window.__progress.at(-1);
    if (el && received && received !== last?.received) window.__progress.push({ at: performance.now(), received, total: el.getAttribute('data-total'), text: el.textContent.trim() });
    if (window.__readyAt === undefined) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
};

/** Used JS heap of the page and of every worker of `origin`, after a forced GC in each, in bytes. */
async function tabHeap(browser, page, origin) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const main = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await cdp.detach();
  const session = await browser.newBrowserCDPSession();
  const workers = {};
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    for (const t of targetInfos) {
      if (t.type !== 'worker' || !t.url.startsWith(origin)) continue;
      const name = /stats\.worker/.test(t.url) ? 'stats' : /maplibre/.test(t.url) ? 'maplibre' : 'other';
      workers[name] = (workers[name] ?? 0) + (await usedInWorker(session, t.targetId));
    }
  } finally {
    await session.detach();
  }
  return { main, workers, total: main + Object.values(workers).reduce((a, b) => a + b, 0) };
}

/** HeapProfiler.collectGarbage then Runtime.getHeapUsage in a worker target, through the browser session. */
async function usedInWorker(session, targetId) {
  const { sessionId } = await session.send('Target.attachToTarget', { targetId, flatten: false });
  let next = 0;
  const waiting = new Map();
  const onMessage = (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    waiting.get(m.id)?.(m.result ?? {});
    waiting.delete(m.id);
  };
  session.on('Target.receivedMessageFromTarget', onMessage);
  const send = (method) =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
    });
  try {
    await send('HeapProfiler.collectGarbage');
    return (await send('Runtime.getHeapUsage')).usedSize ?? 0;
  } finally {
    session.off('Target.receivedMessageFromTarget', onMessage);
    await session.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}

// The incidents alone: a worker that reads a folder's incidents as the stats worker does (src/io, bundled here).
const LOAD_DIR = path.join(os.tmpdir(), 'gridsight-load-bench');
mkdirSync(LOAD_DIR, { recursive: true });
writeFileSync(
  path.join(LOAD_DIR, 'entry.ts'),
  `import { loadDataset } from ${JSON.stringify(path.join(ROOT, 'src/io/dataset.ts'))};
import { urlSource } from ${JSON.stringify(path.join(ROOT, 'src/io/url-source.ts'))};
self.onmessage = async (e) => {
  const t0 = performance.now();
  const source = urlSource(e.data.base);
  const manifest = await source.manifest();
  const only = { ...source, manifest: async () => ({ ...manifest, files: manifest.files.filter((f) => f.startsWith('incidents.')) }) };
  const d = await loadDataset(only, { require: [], incidentTitles: true });
  self.postMessage({ ms: performance.now() - t0, n: d.incidentColumns.n });
};
`,
);
const bundle = await rolldown({ input: path.join(LOAD_DIR, 'entry.ts'), platform: 'browser', logLevel: 'silent' });
await bundle.write({ file: path.join(LOAD_DIR, 'worker.js'), format: 'es', minify: true });
writeFileSync(path.join(LOAD_DIR, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><title>load</title>');

const server = await startStaticServer({ '/': DIST, '/county-csv/': CSV_DIR, '/county-bin/': BIN_DIR, '/load-bench/': LOAD_DIR });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const cpus = os.cpus();
const machine = { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version, chromium: browser.version() };
console.log(`analyze on the county: incidents.csv vs incidents.bin, ${ROUNDS} round(s) each, viewport 1600×1000`);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Chromium ${machine.chromium} (SwiftShader WebGL)`);

const runs = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const form of ['bin', 'csv']) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.addInitScript(HOOK);
      await page.goto(server.url(`/?data=./county-${form}/#/analyze`));
      await page.waitForFunction(() => window.__readyAt !== undefined, undefined, { timeout: 600_000, polling: 250 });
      const { readyAt, progress, error } = await page.evaluate(() => ({
        readyAt: window.__readyAt,
        progress: window.__progress,
        error: document.querySelector('[data-testid="analysis-error"]')?.textContent ?? null,
      }));
      const total = await page.evaluate(() => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total'));
      const heap = await tabHeap(browser, page, server.origin);
      const run = { form, round, readyS: readyAt / 1000, heapMB: heap.total / 2 ** 20, heap, filterTotal: total, progressSteps: progress.length, progress: progress.slice(0, 3).concat(progress.slice(-2)), error, problems };
      runs.push(run);
      console.log(
        `${form === 'bin' ? 'incidents.bin' : 'incidents.csv'}: ready ${run.readyS.toFixed(1)} s, tab heap ${run.heapMB.toFixed(0)} MB ` +
          `(page ${(heap.main / 2 ** 20).toFixed(0)}, ${Object.entries(heap.workers).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)}`).join(', ')}), ` +
          `progress shown ${progress.length}×${progress.length ? ` (first "${progress[0].text}")` : ''}${error ? `, error: ${error}` : ''}${problems.length ? `, ${problems.length} console errors` : ''}`,
      );
      await context.close();
    }
  }
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url('/load-bench/index.html'));
  for (let round = 0; round < ROUNDS; round++) {
    for (const form of ['bin', 'csv']) {
      const r = await page.evaluate(
        (base) =>
          new Promise((resolve, reject) => {
            const w = new Worker('./worker.js', { type: 'module' });
            w.onmessage = (e) => (w.terminate(), resolve(e.data));
            w.onerror = (e) => reject(new Error(e.message));
            w.postMessage({ base });
          }),
        server.url(`/county-${form}/`),
      );
      runs.push({ form, round, loadS: r.ms / 1000, n: r.n });
      console.log(`incidents only, in a worker: ${form === 'bin' ? 'incidents.bin' : 'incidents.csv'} ${(r.ms / 1000).toFixed(1)} s (${r.n} incidents)`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const best = (form, key) => Math.min(...runs.filter((r) => r.form === form && r[key] !== undefined).map((r) => r[key]));
console.log(`ready, best of ${ROUNDS}: incidents.csv ${best('csv', 'readyS').toFixed(1)} s → incidents.bin ${best('bin', 'readyS').toFixed(1)} s (${(best('csv', 'readyS') / best('bin', 'readyS')).toFixed(1)}×)`);
console.log(`incidents only, best of ${ROUNDS}: incidents.csv ${best('csv', 'loadS').toFixed(1)} s → incidents.bin ${best('bin', 'loadS').toFixed(1)} s (${(best('csv', 'loadS') / best('bin', 'loadS')).toFixed(1)}×)`);
console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
mkdirSync(path.join(ROOT, 'tests/artifacts'), { recursive: true });
writeFileSync(path.join(ROOT, 'tests/artifacts/analyze-binary.json'), `${JSON.stringify({ machine, runs }, null, 2)}\n`);
