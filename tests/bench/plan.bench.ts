/**
 * The planner's operation → validated and re-assigned (issue 11), on the community dataset and on the county
 * (data/generated/county: `npm run -s cli -- generate --scale county --seed 7 --out data/generated/county`; skipped
 * when absent). Each sample is one random operation (seeded, drawn from the draft as it is: vertex moves, splits,
 * merges, revocations, micro-grids…) applied by PlanSession.apply and followed by status() (incremental coverage,
 * compliance rules, the diff); the operation is then undone, untimed, so every sample starts from the same
 * dataset. Baseline in the same run: the full validateDataset of the same draft, what a non-incremental planner
 * would pay. Targets: median < 50 ms on the community, < 100 ms on the county.
 * Run: npx vitest bench --run --project unit tests/bench/plan.bench.ts
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { afterAll, bench, describe } from 'vitest';
import { createRng } from '../../src/domain/random';
import type { Dataset } from '../../src/domain/types';
import { PlanError, type PlanOp } from '../../src/domain/plan/types';
import { PlanSession } from '../../src/geo/plan/session';
import { validateDataset } from '../../src/geo/validate-dataset';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { fixedVertices, randomOp } from '../unit/plan/random-ops';

const NOW = Date.parse('2026-11-21T00:00:00+08:00');
const WHO = { who: 'bench', at: '2026-11-21T09:00:00+08:00' };
const SKIP: ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'] = ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'];
const COUNTY = 'data/generated/county';

interface Case {
  name: string;
  session: PlanSession;
  dataset: Dataset;
  ops: PlanOp[];
  next: number;
}

/** 60 operations that apply to the starting draft (drawn, tried, undone). */
function prepare(name: string, dataset: Dataset): Case {
  const session = new PlanSession(dataset, { now: NOW });
  const rng = createRng(7);
  const fixed = fixedVertices(dataset);
  const ops: PlanOp[] = [];
  for (let tries = 0; ops.length < 60 && tries < 600; tries++) {
    const op = randomOp(rng, session, fixed, dataset.members ?? []);
    if (!op) continue;
    try {
      session.apply(op, WHO);
      session.undo();
      ops.push(op);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
    }
  }
  return { name, session, dataset, ops, next: 0 };
}

const samples: Record<string, number[]> = {};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** One operation applied and checked (timed), then undone (not timed). */
function step(c: Case): void {
  const op = c.ops[c.next++ % c.ops.length];
  const t = performance.now();
  c.session.apply(op, WHO);
  c.session.status();
  (samples[`${c.name} apply+status`] ??= []).push(performance.now() - t);
  c.session.undo();
}

function full(c: Case): void {
  const op = c.ops[c.next++ % c.ops.length];
  c.session.apply(op, WHO);
  const t = performance.now();
  validateDataset(c.session.dataset(), { now: NOW });
  (samples[`${c.name} full validation`] ??= []).push(performance.now() - t);
  c.session.undo();
}

const community = prepare('community', await loadDataset(folderSource('data/zhihuiwan'), { skip: SKIP }));
const county = existsSync(COUNTY) ? prepare('county', await loadDataset(folderSource(COUNTY), { skip: SKIP })) : null;
const many = { iterations: 60, time: 0, warmupIterations: 5, warmupTime: 0 };
const few = { iterations: 10, time: 0, warmupIterations: 1, warmupTime: 0 };

describe(`community: ${community.ops.length} random operations`, () => {
  bench('apply + status (incremental)', () => step(community), many);
  bench('baseline: full validateDataset of the draft', () => full(community), few);
});

describe.skipIf(!county)(`county (${COUNTY})`, () => {
  bench('apply + status (incremental)', () => step(county!), many);
  bench('baseline: full validateDataset of the draft', () => full(county!), few);
});

afterAll(() => {
  const lines = [''];
  for (const c of [community, county]) {
    if (!c) continue;
    // Warm-up samples are recorded too: leave them out.
    const inc = median((samples[`${c.name} apply+status`] ?? []).slice(5));
    const base = median((samples[`${c.name} full validation`] ?? []).slice(1));
    const target = c.name === 'county' ? 100 : 50;
    lines.push(
      `${c.name}: apply + status median ${inc.toFixed(1)} ms (target < ${target} ms); full validation ${base.toFixed(1)} ms; ` +
        `full/incremental = ${(base / inc).toFixed(1)}×`,
    );
  }
  lines.push(`machine: ${cpus()[0].model}, ${cpus().length} cores, Node ${process.versions.node}`);
  console.log(lines.join('\n'));
});
