/**
 * Coverage figures for the README, outside Vitest: ours vs GEOS vs naive Turf on county-scale generated data, in
 * one run, rounds interleaved so that load on the machine hits every route alike; ratios are what to quote.
 * Run: npx tsx tests/bench/coverage-report.ts [--seed 1] [--rounds 5] [--subset 3] [--edits 41]
 */
import { cpus, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import { CoverageValidator, validateCoverage } from '../../src/geo/coverage/validate-coverage';
import { loadGeos } from '../reference/geos';
import { benchData, geosCoverageIsValidRoute, geosRoute, median, subset, turfRoute } from './coverage-routes';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    subset: { type: 'string', default: '3' },
    edits: { type: 'string', default: '41' },
  },
});
const seed = Number(values.seed);
const rounds = Number(values.rounds);
const nSub = Number(values.subset);
const nEdits = Number(values.edits);

const geos = await loadGeos();
const t0 = performance.now();
const data = benchData(seed);
const { input } = data;
const small = subset(input, nSub);
console.log(
  `data: seed ${seed}, ${data.counts.communities} communities, ${data.counts.grids} grids, ${data.counts.microGrids} micro-grids, ` +
    `${data.counts.enterprises} enterprises; defects: ${data.defects.map((d) => d.kind).join(', ')} (${((performance.now() - t0) / 1000).toFixed(1)} s to build)`,
);
console.log(
  `subset for naive Turf: first ${nSub} communities, ${small.grids.length} grids, ${small.microGrids.length} micro-grids`,
);

const samples: Record<string, number[]> = {};
const time = (name: string, fn: () => unknown) => {
  const t = performance.now();
  fn();
  (samples[name] ??= []).push(performance.now() - t);
};
// Warm-up (JIT, GEOS heap growth), not recorded.
validateCoverage(input);
geosRoute(geos, input);
turfRoute(small);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? ['geos', 'ours'] : ['ours', 'geos'];
  for (const name of order)
    time(name, () => (name === 'ours' ? validateCoverage(input) : geosRoute(geos, input)));
  time('geosCoverageIsValid', () => geosCoverageIsValidRoute(geos, input));
  time('ours-subset', () => validateCoverage(small));
  time('turf-subset', () => turfRoute(small));
}
const validator = new CoverageValidator(input);
for (let k = 0; k < nEdits; k++)
  time('incremental', () => validator.update({ grids: [k % 2 ? data.edit.original : data.edit.moved] }));

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const rows: [string, string, string][] = [
  ['ours: validateCoverage, whole county', `${m.ours.toFixed(0)} ms`, ''],
  [
    'GEOS: isValid + pairwise intersection + union/difference',
    `${m.geos.toFixed(0)} ms`,
    `ours/GEOS = ${(m.ours / m.geos).toFixed(2)} (target ≤ 1.0)`,
  ],
  [
    'GEOS: GEOSCoverageIsValid only (edges, no areas)',
    `${m.geosCoverageIsValid.toFixed(0)} ms`,
    `ours/that = ${(m.ours / m.geosCoverageIsValid).toFixed(2)}`,
  ],
  [`ours on ${nSub} communities`, `${m['ours-subset'].toFixed(0)} ms`, ''],
  [
    `naive Turf on ${nSub} communities`,
    `${m['turf-subset'].toFixed(0)} ms`,
    `Turf/ours = ${(m['turf-subset'] / m['ours-subset']).toFixed(1)}× (target ≥ 20)`,
  ],
  [
    `incremental: update one edited grid (median of ${nEdits})`,
    `${m.incremental.toFixed(1)} ms`,
    'target < 20 ms',
  ],
];
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
console.log(`\nmedians of ${rounds} interleaved rounds`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c}`);
console.log(
  `\nmachine: ${cpus()[0].model}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.versions.node}`,
);
