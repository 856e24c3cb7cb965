/**
 * Re-aggregation after a filter change at county scale (issue 4): seeded ≈1M incidents, 15k enterprises, 437 grids
 * (filter-routes.ts). Ours (what the stats worker does per filter request: filterMask + incidentSummary + hex
 * re-count + Gi* + points, with the columns and binning built once) vs the naive route (feature objects filtered
 * property by property, grid counts by Turf point-in-polygon per incident, monthRates per month, hex re-binned), in
 * one run, cycling through five analyst filters. This runs on Vitest's thread; filter-report.ts runs the same routes
 * inside a worker_threads Worker and adds the community end-to-end figure. FILTER_BENCH_N sets the incident count.
 * Run: npx vitest bench --run --project unit tests/bench/filter.bench.ts
 */
import { cpus } from 'node:os';
import { afterAll, bench, describe } from 'vitest';
import { agreement, filterBenchData, naiveLocator, naiveRoute, warmEngine } from './filter-routes';
import { median } from './hotspots-routes';

const SIZE = 200;
const N = Number(process.env.FILTER_BENCH_N ?? 1_000_000);
const data = filterBenchData(1, N, 15_000);
const { engine } = warmEngine(data, SIZE);
const locate = naiveLocator(data.grids);
// The routes must do the same job: checked once before timing.
for (const f of data.filters) {
  const differs = agreement(engine.filter(f, SIZE), naiveRoute(data, f, locate, SIZE));
  if (differs) throw new Error(`filter bench: ours and naive differ: ${differs}`);
}

const samples: Record<string, number[]> = {};
let k = 0;
let j = 0;
const timed = (name: string, fn: () => unknown) => () => {
  const t = performance.now();
  fn();
  (samples[name] ??= []).push(performance.now() - t);
};

describe(`county filter change: ${N.toLocaleString('en')} incidents, ${data.grids.length} grids, ${SIZE} m cells`, () => {
  bench(
    'ours (filterMask + incidentSummary + hexCount + Gi* + points)',
    timed('ours', () => engine.filter(data.filters[k++ % data.filters.length], SIZE)),
    { iterations: 15, time: 0, warmupIterations: 5, warmupTime: 0 },
  );
  bench(
    'naive (objects filtered by property + Turf point-in-polygon per incident + monthRates + re-bin)',
    timed('naive', () => naiveRoute(data, data.filters[j++ % data.filters.length], locate, SIZE)),
    { iterations: 5, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});

afterAll(() => {
  const m = Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, median(v.slice(name === 'ours' ? 5 : 0))]));
  if (!m.ours || !m.naive) return;
  console.log(
    [
      '',
      `filter change medians: ours ${m.ours.toFixed(1)} ms, naive ${m.naive.toFixed(0)} ms; naive/ours = ${(m.naive / m.ours).toFixed(0)}×`,
      `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, Node ${process.versions.node}`,
    ].join('\n'),
  );
});
