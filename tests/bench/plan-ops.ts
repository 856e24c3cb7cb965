/**
 * Writes N planner operations that apply in sequence to a dataset folder (seeded: vertex moves, splits, merges,
 * revocations, micro-grids, roster), as the ops.json `plan apply` reads; for the CLI benchmark (cli-bench.mjs).
 * Run: npx tsx tests/bench/plan-ops.ts DIR N OUT.json
 */
import { writeFileSync } from 'node:fs';
import { createRng } from '../../src/domain/random';
import { PlanError, type PlanOp } from '../../src/domain/plan/types';
import { PlanSession } from '../../src/geo/plan/session';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { fixedVertices, randomOp } from '../unit/plan/random-ops';

const [dir, count, out] = process.argv.slice(2);
if (!dir || !count || !out) {
  console.error('usage: tsx tests/bench/plan-ops.ts DIR N OUT.json');
  process.exit(2);
}
const dataset = await loadDataset(folderSource(dir), { skip: ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'] });
const session = new PlanSession(dataset, { now: Date.parse('2026-11-21T00:00:00+08:00') });
const rng = createRng(7);
const fixed = fixedVertices(dataset);
const ops: PlanOp[] = [];
for (let tries = 0; ops.length < Number(count) && tries < 50 * Number(count); tries++) {
  const op = randomOp(rng, session, fixed, dataset.members ?? []);
  if (!op) continue;
  try {
    session.apply(op, { who: 'bench', at: '2026-11-21T09:00:00+08:00' });
    ops.push(op);
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
  }
}
writeFileSync(out, JSON.stringify(ops));
console.log(`${ops.length} operations (${[...new Set(ops.map((o) => o.op))].join(', ')}) → ${out}`);
