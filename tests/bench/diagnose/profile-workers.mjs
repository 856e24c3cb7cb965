// node tests/bench/diagnose/profile-workers.mjs DIST route: CPU profiles of the page and every worker from navigation to ready.
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.mjs';
const [dist, route] = process.argv.slice(2);
const server = await startStaticServer({ '/': dist, '/data/': 'data' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 1600), height: Number(process.env.H ?? 1000) } });
const cdp = await page.context().newCDPSession(page);
// Workers are reached through raw Target messages (flat sessions are awkward from Playwright's CDP session).
await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
const workers = new Map();
let nextId = 1;
const pending = new Map();
cdp.on('Target.receivedMessageFromTarget', (e) => {
  const m = JSON.parse(e.message);
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (m.error) p.reject(new Error(m.error.message));
  else p.resolve(m.result);
});
const send = (sessionId, method, params = {}) => new Promise((resolve, reject) => {
  const id = nextId++;
  pending.set(id, { resolve, reject });
  cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
});
cdp.on('Target.attachedToTarget', async (e) => {
  if (e.targetInfo.type !== 'worker') return;
  workers.set(e.sessionId, { url: e.targetInfo.url, t: Date.now() });
  await send(e.sessionId, 'Profiler.enable');
  await send(e.sessionId, 'Profiler.setSamplingInterval', { interval: 1000 });
  await send(e.sessionId, 'Profiler.start');
  await send(e.sessionId, 'Runtime.runIfWaitingForDebugger').catch(() => {});
});
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }); await cdp.send('Profiler.start');
const t0 = Date.now();
await page.goto(server.url(route));
await page.waitForFunction(() => window.__gridsight?.ready, undefined, { timeout: 300000 });
await page.evaluate(() => window.__gridsight.ready);
console.log('ready', Date.now() - t0);
function top(profile, label, n = 14) {
  const self = new Map(); const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const dt = profile.timeDeltas; const counts = new Map();
  // WINDOW=a,b (seconds from the profile's start): only the samples in that window.
  const [wa, wb] = (process.env.WINDOW ?? '0,1e9').split(',').map(Number);
  let c0 = profile.startTime;
  profile.samples.forEach((id, i) => { c0 += dt[i] ?? 0; const s = (c0 - profile.startTime) / 1e6; if (s >= wa && s < wb) counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)); });
  let total = 0, idle = 0;
  for (const [id, us] of counts) { const nd = byId.get(id); total += us; if (nd.callFrame.functionName === '(idle)') idle += us; const k = `${nd.callFrame.functionName || '(anon)'} ${nd.callFrame.url.split('/').pop()}:${nd.callFrame.lineNumber}:${nd.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + us); }
  // Busy time per second of the profile (wall clock from its start), to see when the thread works.
  const perSec = [];
  let clock = profile.startTime;
  profile.samples.forEach((id, i) => { clock += dt[i] ?? 0; const nd = byId.get(id); if (nd.callFrame.functionName === '(idle)') return; const s = Math.floor((clock - profile.startTime) / 1e6); perSec[s] = (perSec[s] ?? 0) + (dt[i] ?? 0); });
  console.log(`   busy ms per second: ${Array.from(perSec, (v) => Math.round((v ?? 0) / 1000)).join(' ')}`);
  console.log(`== ${label}: busy ${((total - idle) / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log((us / 1000).toFixed(0).padStart(7), 'ms', k);
}
top((await cdp.send('Profiler.stop')).profile, 'page');
for (const [sid, w] of workers) {
  try { top((await send(sid, 'Profiler.stop')).profile, `worker ${w.url.split('/').pop()} (+${w.t - t0} ms)`); } catch (err) { console.log('worker', w.url, String(err)); }
}
await browser.close(); await server.close();
