/**
 * Hotspot figures for the README, outside Vitest: on seeded county data (≈1M incidents), ours (hex binning + study
 * area + Gi*) vs the naive route (Turf point-in-polygon per point, O(n²) neighbour scan), and the re-aggregation
 * after a filter change (half the incidents) vs re-binning from scratch; rounds interleaved so that load on the
 * machine hits every route alike; ratios are what to quote. The naive route is slow, so it runs fewer rounds.
 * Run: npx tsx tests/bench/hotspots-report.ts [--seed 1] [--n 1000000] [--size 200] [--rounds 7] [--naive-rounds 3]
 */
import { cpus, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import {
  benchData,
  maxZDifference,
  median,
  naiveRoute,
  oursRecount,
  oursRoute,
  rebinRoute,
  sameZ,
} from './hotspots-routes';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    n: { type: 'string', default: '1000000' },
    size: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '7' },
    'naive-rounds': { type: 'string', default: '3' },
  },
});
const seed = Number(values.seed);
const n = Number(values.n);
const sizeM = Number(values.size);
const rounds = Number(values.rounds);
const naiveRounds = Number(values['naive-rounds']);

const t0 = performance.now();
const data = benchData(seed, n);
console.log(
  `data: seed ${seed}, ${n.toLocaleString('en')} incidents, ${data.elon.length} enterprises, 25 × 20 km around ` +
    `121.0°E 30.6°N, ${sizeM} m cells (${((performance.now() - t0) / 1000).toFixed(1)} s to build)`,
);

const samples: Record<string, number[]> = {};
function time<T>(name: string, fn: () => T): T {
  const t = performance.now();
  const out = fn();
  (samples[name] ??= []).push(performance.now() - t);
  return out;
}

// Warm-up (JIT), not recorded; also the agreement checks.
let state = oursRoute(data, sizeM);
const naive = naiveRoute(data, sizeM);
const dz = maxZDifference(state.result, naive);
const dzFilter = sameZ(oursRecount(state, data.mask), rebinRoute(data, state, data.mask));
const r = state.result;
const bins = [3, 2, 1, -1, -2, -3].map((b) => r.bin.filter((v) => v === b).length);
console.log(
  `result: ${state.inc.q.length} occupied cells, study area ${r.q.length} cells, mode '${r.mode}'; ` +
    `hot 99/95/90 %: ${bins.slice(0, 3).join('/')}, cold 90/95/99 %: ${bins.slice(3).join('/')}`,
);
console.log(
  `agreement: max |Δz| ours vs naive ${dz.toExponential(1)}; recount vs re-bin ${dzFilter.toExponential(1)}`,
);

for (let k = 0; k < rounds; k++) {
  const order = k % 2 ? ['rebin', 'recount', 'ours'] : ['ours', 'recount', 'rebin'];
  for (const name of order) {
    if (name === 'ours') state = time('ours', () => oursRoute(data, sizeM));
    else if (name === 'recount') time('recount', () => oursRecount(state, data.mask));
    else time('rebin', () => rebinRoute(data, state, data.mask));
  }
  if (k < naiveRounds) time('naive', () => naiveRoute(data, sizeM));
}

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const rows: [string, string, string][] = [
  ['ours: hexBin + study area + Gi* (1M incidents)', `${m.ours.toFixed(0)} ms`, 'target < 1000 ms'],
  [
    'naive: Turf point-in-polygon per incident + O(n²) neighbour scan',
    `${m.naive.toFixed(0)} ms`,
    `naive/ours = ${(m.naive / m.ours).toFixed(0)}×`,
  ],
  ['filter change, ours: hexCount over cellOf + Gi*', `${m.recount.toFixed(1)} ms`, ''],
  [
    'filter change, re-binning the selected half from scratch + Gi*',
    `${m.rebin.toFixed(1)} ms`,
    `re-bin/recount = ${(m.rebin / m.recount).toFixed(1)}×`,
  ],
];
const w = Math.max(...rows.map((row) => row[0].length));
console.log(
  `\nmedians (ours ${rounds} rounds, naive ${naiveRounds}):\n` +
    rows.map(([a, b, c]) => `  ${a.padEnd(w)}  ${b.padStart(9)}  ${c}`).join('\n'),
);
console.log(
  `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.versions.node}`,
);
