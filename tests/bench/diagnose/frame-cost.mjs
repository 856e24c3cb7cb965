// node tests/bench/diagnose/frame-cost.mjs DIST route: GPU time of one map frame (repaint → render → readPixels), all layers, then with groups of layers hidden.
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../e2e/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.mjs';
const [dist, route] = process.argv.slice(2);
const server = await startStaticServer({ '/': dist, '/data/': 'data' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(server.url(route));
await page.waitForFunction(() => window.__gridsight?.ready, undefined, { timeout: 300000 });
await page.waitForTimeout(2000);
const r = await page.evaluate(async () => {
  const map = window.__gridsight.map;
  const gl = map.painter.context.gl;
  const frame = async () => { const t = performance.now(); map.triggerRepaint(); await new Promise((res) => map.once('render', res)); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)); return performance.now() - t; };
  const med = async () => { const xs = []; for (let i = 0; i < 5; i++) xs.push(await frame()); xs.sort((a, b) => a - b); return Math.round(xs[2]); };
  const layers = map.getStyle().layers.map((l) => ({ id: l.id, type: l.type, vis: l.layout?.visibility ?? 'visible' }));
  const out = { layers: layers.filter((l) => l.vis !== 'none').map((l) => `${l.id}:${l.type}`).join(' '), all: await med() };
  const groups = { custom: (l) => l.type === 'custom', basemap: (l) => /^basemap|^bm-|base/.test(l.id), symbol: (l) => l.type === 'symbol', fill: (l) => l.type === 'fill', line: (l) => l.type === 'line' };
  for (const [name, pred] of Object.entries(groups)) {
    const ids = layers.filter((l) => l.vis !== 'none' && pred(l)).map((l) => l.id);
    for (const id of ids) map.setLayoutProperty(id, 'visibility', 'none');
    out[`without ${name} (${ids.length})`] = await med();
    for (const id of ids) map.setLayoutProperty(id, 'visibility', 'visible');
  }
  const all = layers.filter((l) => l.vis !== 'none').map((l) => l.id);
  for (const id of all) map.setLayoutProperty(id, 'visibility', 'none');
  out['nothing'] = await med();
  for (const id of all) map.setLayoutProperty(id, 'visibility', 'visible');
  return out;
});
console.log(JSON.stringify(r, null, 1));
await browser.close(); await server.close();
