/**
 * The planner's topology at county scale (issue 11: 430 grids, 5,458 micro-grids): one operation each, on the whole
 * county topology, against two baselines timed in the same run: rebuilding the topology from GeoJSON (what an edit
 * costs when it is not local) and copying the vertex table (the floor every copy-on-write edit pays). Each bench
 * records its own call times; medians and ratios are printed at the end with the machine (target: every operation
 * well under 20 ms). Run: npx vitest bench --run --project unit tests/bench/topology.bench.ts
 */
import { cpus } from 'node:os';
import { afterAll, bench, describe } from 'vitest';
import { createRng } from '../../src/domain/random';
import { PlanError, type LonLat } from '../../src/domain/plan/types';
import { generateDataset } from '../../src/synth/generate';
import {
  addUnit, buildTopology, cuts, deleteVertex, findVertex, insertVertex, mergeUnits, moveVertices, splitUnit, unitGeometry,
  unitIds, type Topology, type TopologyInput,
} from '../../src/geo/topology';
import { pointInUnit } from '../../src/geo/topology/geom';
import { unitsUsing } from '../../src/geo/topology/spatial';
import { randomStep } from '../unit/geo/topology/random-ops';

const ds = generateDataset({ scale: 'county', seed: 7, incidents: 0 });
const input: TopologyInput = { communities: ds.community.features, grids: ds.grids.features, microGrids: ds.microGrids.features };
const t0 = buildTopology(input);
const rng = createRng(7);
const grids = unitIds(t0, 'grid').map((id) => t0.units.get(id)!);
const off = (p: LonLat, dx: number, dy: number): LonLat => [p[0] + dx / t0.metresPerDegree[0], p[1] + dy / t0.metresPerDegree[1]];
const at = (t: Topology, v: number): LonLat => [t.xy[2 * v], t.xy[2 * v + 1]];
const fixed = (v: number) => unitsUsing(t0, v).some((u) => u.layer === 'community');

/** Up to n argument sets for which `op` succeeds on t0 (so only applied operations are timed). */
function cases<A>(n: number, make: () => A | null, op: (a: A) => unknown): A[] {
  const out: A[] = [];
  for (let i = 0; i < n * 20 && out.length < n; i++) {
    const a = make();
    if (a === null) continue;
    try {
      op(a);
      out.push(a);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
    }
  }
  return out;
}

const interior = (g: (typeof grids)[number]): LonLat | null => {
  for (let i = 0; i < 30; i++) {
    const p: LonLat = [rng.float(g.bbox[0], g.bbox[2]), rng.float(g.bbox[1], g.bbox[3])];
    if (pointInUnit(t0.xy, g, p[0], p[1]) > 0) return p;
  }
  return null;
};

const moves = cases(
  40,
  () => {
    const ring = rng.pick(grids).polygons[0][0];
    const v = ring[rng.int(0, ring.length - 1)];
    return fixed(v) ? null : { vertex: v, to: off(at(t0, v), rng.float(-5, 5), rng.float(-5, 5)) };
  },
  (m) => moveVertices(t0, [m]),
);
const segments = cases(
  40,
  () => {
    const ring = rng.pick(grids).polygons[0][0];
    const i = rng.int(0, ring.length - 1);
    const vs = [0, 1, 2, 3].map((k) => ring[(i + k) % ring.length]);
    if (vs.some(fixed)) return null;
    const dx = rng.float(-3, 3), dy = rng.float(-3, 3);
    return vs.map((v) => ({ vertex: v, to: off(at(t0, v), dx, dy) }));
  },
  (m) => moveVertices(t0, m),
);
const inserts = cases(
  40,
  () => {
    const ring = rng.pick(grids).polygons[0][0];
    const i = rng.int(0, ring.length - 1);
    const a = at(t0, ring[i]), b = at(t0, ring[(i + 1) % ring.length]);
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] as LonLat;
  },
  (p) => insertVertex(t0, p),
);
const withInserted = inserts
  .map((p) => insertVertex(t0, p))
  .filter((e) => {
    try {
      deleteVertex(e.topology, e.vertex);
      return true;
    } catch (err) {
      if (err instanceof PlanError) return false;
      throw err;
    }
  });
const splits = cases(
  20,
  () => {
    const g = rng.pick(grids);
    const p = interior(g);
    if (!p) return null;
    const len = Math.hypot(g.bbox[2] - g.bbox[0], g.bbox[3] - g.bbox[1]);
    const a = rng.float(0, Math.PI);
    return { id: g.id, line: [[p[0] - len * Math.cos(a), p[1] - len * Math.sin(a)], [p[0] + len * Math.cos(a), p[1] + len * Math.sin(a)]] as LonLat[] };
  },
  (s) => splitUnit(t0, s.id, s.line, (n) => Array.from({ length: n }, (_, i) => `${s.id}-${i}`)),
);
const merges = cases(
  20,
  () => {
    const g = rng.pick(grids);
    const ring = g.polygons[0][0];
    const v = ring[rng.int(0, ring.length - 1)];
    const n = unitsUsing(t0, v).find((u) => u.layer === 'grid' && u.id !== g.id && u.parent === g.parent);
    return n ? [g.id, n.id] : null;
  },
  (ids) => mergeUnits(t0, ids, 'merged'),
);
const adds = cases(
  20,
  () => {
    const g = rng.pick(grids);
    const p = interior(g);
    if (!p) return null;
    const c = [off(p, -30, -30), off(p, 30, -30), off(p, 30, 30), off(p, -30, 30)];
    return { id: 'new-micro', layer: 'micro' as const, parent: g.id, polygon: { type: 'Polygon' as const, coordinates: [[...c, c[0]]] } };
  },
  (u) => addUnit(t0, u),
);

const samples: Record<string, number[]> = {};
const timed = (name: string, fn: (i: number) => unknown) => {
  let i = 0;
  return () => {
    const k = i++;
    const t = performance.now();
    fn(k);
    (samples[name] ??= []).push(performance.now() - t);
  };
};
const many = { iterations: 40, time: 0, warmupIterations: 2, warmupTime: 0 };
const few = { iterations: 20, time: 0, warmupIterations: 2, warmupTime: 0 };
const pick = <T>(list: T[], i: number) => list[i % list.length];

describe(`county topology: ${grids.length} grids, ${unitIds(t0, 'micro').length} micro-grids, ${t0.vertexCount} vertices`, () => {
  bench('baseline: buildTopology from GeoJSON', timed('rebuild', () => buildTopology(input)), { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench('baseline: copy the vertex table', timed('copy', () => t0.xy.slice()), many);
  bench('moveVertices (one vertex)', timed('move', (i) => moveVertices(t0, [pick(moves, i)])), many);
  bench('moveVertices (a 4-vertex border segment)', timed('segment', (i) => moveVertices(t0, pick(segments, i))), many);
  bench('insertVertex', timed('insert', (i) => insertVertex(t0, pick(inserts, i))), many);
  bench('deleteVertex (the inserted one)', timed('delete', (i) => {
    const e = pick(withInserted, i);
    deleteVertex(e.topology, e.vertex);
  }), many);
  bench('splitUnit (a grid, line across it)', timed('split', (i) => {
    const s = pick(splits, i);
    splitUnit(t0, s.id, s.line, (n) => Array.from({ length: n }, (_, k) => `${s.id}-${k}`));
  }), few);
  bench('cuts (a grid)', timed('cuts', (i) => cuts(t0, pick(splits, i).id, pick(splits, i).line)), few);
  bench('mergeUnits (two grids)', timed('merge', (i) => mergeUnits(t0, pick(merges, i), 'merged')), few);
  bench('addUnit (a drawn micro-grid)', timed('add', (i) => addUnit(t0, pick(adds, i))), few);
  bench('unitGeometry (a grid)', timed('geometry', (i) => unitGeometry(t0, pick(grids, i).id)), many);
  bench('findVertex', timed('find', (i) => findVertex(t0, at(t0, pick(moves, i).vertex))), many);
});

// A planner's session: random operations one after the other (the unit map's overlay grows and folds, the index is
// shared and rebuilt after a fold), each timed.
const seqRng = createRng(9);
const refusals = new Map<string, number>();
let seqTopology = t0;
describe('county: random operations in sequence', () => {
  bench('randomStep (move, segment, insert, delete, split + micro-grids, merge, revoke, add/remove micro-grid)', () => {
    const t = performance.now();
    const step = randomStep(seqTopology, seqRng, refusals);
    (samples[`seq:${step.kind}`] ??= []).push(performance.now() - t);
    (samples.seq ??= []).push(performance.now() - t);
    seqTopology = step.topology;
  }, { iterations: 200, time: 0, warmupIterations: 0, warmupTime: 0 });
});

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

afterAll(() => {
  // The first calls are Vitest's warm-up ones: leave them out.
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v.slice(k === 'rebuild' ? 1 : 2))]));
  if (!m.rebuild || !m.move) return;
  const ops = ['move', 'segment', 'insert', 'delete', 'split', 'cuts', 'merge', 'add', 'geometry', 'find'];
  console.log(
    [
      '',
      `topology medians (county, ${t0.vertexCount} vertices): rebuild ${m.rebuild.toFixed(0)} ms, copy xy ${m.copy.toFixed(2)} ms`,
      ...ops.map((k) => `  ${k.padEnd(8)} ${m[k].toFixed(2).padStart(7)} ms  = rebuild / ${(m.rebuild / m[k]).toFixed(0)}, copy × ${(m[k] / m.copy).toFixed(1)}${m[k] < 20 ? '' : '  OVER 20 ms'}`),
      `in sequence (200 random steps, refused attempts included): median ${median(samples.seq ?? [0]).toFixed(2)} ms, ` +
        `max ${Math.max(...(samples.seq ?? [0])).toFixed(1)} ms; ` +
        Object.keys(samples).filter((k) => k.startsWith('seq:')).sort().map((k) => `${k.slice(4)} ${median(samples[k]).toFixed(1)}`).join(', '),
      `cases: ${moves.length} moves, ${segments.length} segments, ${inserts.length} inserts, ${splits.length} splits, ${merges.length} merges, ${adds.length} micro-grids`,
      `machine: ${cpus()[0].model}, ${cpus().length} cores, Node ${process.versions.node}`,
    ].join('\n'),
  );
});
