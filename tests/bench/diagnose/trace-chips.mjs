// node tests/bench/diagnose/trace-chips.mjs DIST route: a Chrome trace of 4 chip clicks after ready; prints the busiest trace events per process/thread.
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.mjs';
import fs from 'node:fs';
const [dist, route] = process.argv.slice(2);
const server = await startStaticServer({ '/': dist, '/data/': 'data' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(server.url(route));
await page.waitForFunction(() => window.__gridsight?.ready, undefined, { timeout: 300000 });
await page.getByTestId('tab-charts').click();
await page.waitForTimeout(3000);
await browser.startTracing(page, { path: '/tmp/chips-trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'gpu', 'viz', 'cc', 'toplevel', 'blink', 'renderer.scheduler'] });
const cats = await page.$$eval('[data-testid="filter-categories"] button[data-value]', (bs) => bs.map((b) => b.getAttribute('data-value')).filter((v) => v && v !== 'all'));
for (let i = 0; i < 4; i++) {
  const c = cats[Math.floor(i / 2) % cats.length];
  const before = await page.evaluate(() => document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total'));
  const t = Date.now();
  await page.evaluate(() => performance.mark('click'));
  await page.click(`[data-testid="filter-categories"] button[data-value="${c}"]`);
  await page.waitForFunction((b) => { const v = document.querySelector('[data-testid="filter-total"]')?.getAttribute('data-total'); return v && v !== b; }, before, { polling: 'raf' });
  console.log('click', c, Date.now() - t, 'ms');
  await page.waitForTimeout(700);
}
await browser.stopTracing();
await browser.close(); await server.close();
const tr = JSON.parse(fs.readFileSync('/tmp/chips-trace.json', 'utf8'));
const ev = tr.traceEvents ?? tr;
const names = new Map();
for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
const agg = new Map();
for (const e of ev) { if (e.ph !== 'X' || !e.dur) continue; const k = `${names.get(`${e.pid}:${e.tid}`) ?? e.tid} | ${e.name}`; const a = agg.get(k) ?? { n: 0, us: 0 }; a.n++; a.us += e.dur; agg.set(k, a); }
for (const [k, a] of [...agg].sort((x, y) => y[1].us - x[1].us).slice(0, 30)) console.log((a.us / 1000).toFixed(0).padStart(7), 'ms', String(a.n).padStart(5), k);
