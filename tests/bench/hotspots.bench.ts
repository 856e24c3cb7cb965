/**
 * Hotspots at county scale (issue 4): seeded 1M incidents, 200 m cells. Ours (hexBin + study area + Gi*) vs the
 * naive route (Turf point-in-polygon per incident on flatbush candidates, O(n²) neighbour scan for Gi*), and the
 * re-aggregation after a filter change (half the incidents) vs re-binning from scratch, in one run. Each bench
 * records its own call times; the ratios (target: ours < 1 s on this 2-core machine) are printed at the end with the
 * machine. Run: npx vitest bench --run --project unit tests/bench/hotspots.bench.ts
 */
import { cpus } from 'node:os';
import { afterAll, bench, describe } from 'vitest';
import { benchData, median, naiveRoute, oursRecount, oursRoute, rebinRoute } from './hotspots-routes';

const SIZE = 200;
const data = benchData(1);
let state = oursRoute(data, SIZE);

const samples: Record<string, number[]> = {};
const timed = (name: string, fn: () => unknown) => () => {
  const t = performance.now();
  fn();
  (samples[name] ??= []).push(performance.now() - t);
};

describe(`county: 1M incidents, ${data.elon.length} enterprises, ${SIZE} m cells`, () => {
  bench(
    'ours (hexBin + study area + Gi*)',
    timed('ours', () => (state = oursRoute(data, SIZE))),
    { iterations: 11, time: 0, warmupIterations: 2, warmupTime: 0 },
  );
  bench(
    'naive (Turf point-in-polygon per incident + O(n²) neighbour scan)',
    timed('naive', () => naiveRoute(data, SIZE)),
    { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});

describe('filter change: half the incidents', () => {
  bench(
    'ours (hexCount over cellOf + Gi*)',
    timed('recount', () => oursRecount(state, data.mask)),
    { iterations: 21, time: 0, warmupIterations: 3, warmupTime: 0 },
  );
  bench(
    're-binning from scratch + Gi*',
    timed('rebin', () => rebinRoute(data, state, data.mask)),
    { iterations: 21, time: 0, warmupIterations: 3, warmupTime: 0 },
  );
});

afterAll(() => {
  // The first calls are Vitest's warm-up ones: leave them out.
  const skip: Record<string, number> = { ours: 2, naive: 1, recount: 3, rebin: 3 };
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v.slice(skip[k] ?? 0))]));
  if (!m.ours || !m.naive || !m.recount || !m.rebin) return;
  console.log(
    [
      '',
      `hotspot medians: ours ${m.ours.toFixed(0)} ms (target < 1000 ms), naive ${m.naive.toFixed(0)} ms; ` +
        `filter change: recount ${m.recount.toFixed(1)} ms, re-bin ${m.rebin.toFixed(1)} ms`,
      `naive/ours = ${(m.naive / m.ours).toFixed(0)}×; re-bin/recount = ${(m.rebin / m.recount).toFixed(1)}×`,
      `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, Node ${process.versions.node}`,
    ].join('\n'),
  );
});
