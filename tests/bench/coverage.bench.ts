/**
 * Coverage validation at county scale (issue "Boundary validation"), one run, same data: ours vs GEOS vs naive
 * Turf, plus the incremental re-check after editing one grid. Each bench records its own call times; the ratios
 * (targets: ours/GEOS ≤ 1.0, Turf/ours ≥ 20, incremental median < 20 ms) are printed at the end with the machine.
 * Naive Turf is slow, so it runs on the first 3 communities only, against ours on the same 3 (a ratio needs no
 * scaling). Run: npx vitest bench --run --project unit tests/bench/coverage.bench.ts
 */
import { cpus } from 'node:os';
import { afterAll, bench, describe } from 'vitest';
import { CoverageValidator, validateCoverage } from '../../src/geo/coverage/validate-coverage';
import { loadGeos } from '../reference/geos';
import { benchData, geosCoverageIsValidRoute, geosRoute, median, subset, turfRoute } from './coverage-routes';

const geos = await loadGeos();
const data = benchData(1);
const small = subset(data.input, 3);
const validator = new CoverageValidator(data.input);
let edits = 0;

const samples: Record<string, number[]> = {};
const timed = (name: string, fn: () => unknown) => () => {
  const t = performance.now();
  fn();
  (samples[name] ??= []).push(performance.now() - t);
};
const slow = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 };

describe(`county: ${data.counts.grids} grids, ${data.counts.microGrids} micro-grids`, () => {
  bench(
    'ours (validateCoverage)',
    timed('ours', () => validateCoverage(data.input)),
    slow,
  );
  bench(
    'GEOS (isValid + intersection + union/difference)',
    timed('geos', () => geosRoute(geos, data.input)),
    slow,
  );
  bench(
    'GEOSCoverageIsValid only (edges, no areas)',
    timed('civ', () => geosCoverageIsValidRoute(geos, data.input)),
    slow,
  );
});

describe(`first 3 communities: ${small.grids.length} grids, ${small.microGrids.length} micro-grids`, () => {
  bench(
    'ours (validateCoverage)',
    timed('ours-subset', () => validateCoverage(small)),
    slow,
  );
  bench(
    'naive Turf (intersect per pair + union/difference)',
    timed('turf', () => turfRoute(small)),
    { ...slow, iterations: 3 },
  );
});

describe('incremental', () => {
  bench(
    'update({ grids: [edited] })',
    timed('incremental', () =>
      validator.update({ grids: [edits++ % 2 ? data.edit.original : data.edit.moved] }),
    ),
    { iterations: 41, time: 0, warmupIterations: 3, warmupTime: 0 },
  );
});

afterAll(() => {
  // The first calls are Vitest's warm-up ones: leave them out.
  const m = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, median(v.slice(k === 'incremental' ? 3 : 1))]),
  );
  if (!m.ours || !m.geos || !m.turf || !m.incremental) return;
  console.log(
    [
      '',
      `coverage medians: ours ${m.ours.toFixed(0)} ms, GEOS ${m.geos.toFixed(0)} ms, GEOSCoverageIsValid ${m.civ.toFixed(0)} ms; ` +
        `3 communities: ours ${m['ours-subset'].toFixed(0)} ms, Turf ${m.turf.toFixed(0)} ms; incremental ${m.incremental.toFixed(1)} ms`,
      `ours/GEOS = ${(m.ours / m.geos).toFixed(2)} (target ≤ 1.0); Turf/ours = ${(m.turf / m['ours-subset']).toFixed(1)}× (target ≥ 20); ` +
        `incremental median = ${m.incremental.toFixed(1)} ms (target < 20 ms)`,
      `machine: ${cpus()[0].model}, ${cpus().length} cores, Node ${process.versions.node}`,
    ].join('\n'),
  );
});
