/**
 * Property tests (issue 11): ≥ 200 random operations on the community dataset and on a county slice keep the
 * coverage valid by the full validator (validateCoverage, not the incremental one), keep the total area, and
 * undoing every operation gives back the starting coordinates exactly.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { activeFeatures } from '../../../../src/domain/lineage';
import { datasetAsOf } from '../../../../src/domain/stats';
import { createRng } from '../../../../src/domain/random';
import { generateDataset } from '../../../../src/synth/generate';
import { validateCoverage } from '../../../../src/geo/coverage/validate-coverage';
import { buildTopology, unitGeometry, type Topology, type TopologyInput } from '../../../../src/geo/topology';
import { coverageInput, layerArea, randomStep, undo, type Step } from './random-ops';

const OPS = 200;
/** Full validation every this many operations, and at the end. */
const CHECK_EVERY = 25;
/** Stricter than the app's 0.5 m: any overlap, gap or spill wider than 1 cm is a finding. */
const STRICT = { tolerance: 0.01 };

function run(input: TopologyInput, seed: number): { kinds: Record<string, number>; refusals: Map<string, number> } {
  const t0 = buildTopology(input);
  // The dataset validates clean as loaded and as the topology writes it back.
  expect(validateCoverage(coverageInput(t0), STRICT)).toEqual([]);
  const xy0 = t0.xy.slice();
  const area0 = layerArea(t0, 'grid');
  const community0 = layerArea(t0, 'community');
  expect(Math.abs(area0 / community0 - 1)).toBeLessThan(1e-9);
  const rng = createRng(seed);
  const refusals = new Map<string, number>();
  const steps: Step[] = [];
  const kinds: Record<string, number> = {};
  let t: Topology = t0;
  for (let i = 1; i <= OPS; i++) {
    const step = randomStep(t, rng, refusals);
    steps.push(step);
    kinds[step.kind] = (kinds[step.kind] ?? 0) + 1;
    t = step.topology;
    const area = layerArea(t, 'grid');
    if (Math.abs(area / area0 - 1) > 1e-9) throw new Error(`op ${i} (${step.kind}): grid area ${area} vs ${area0}`);
    if (i % CHECK_EVERY === 0) {
      const findings = validateCoverage(coverageInput(t), STRICT);
      if (findings.length) throw new Error(`op ${i} (${step.kind}): ${findings.map((f) => f.message).join('; ')}`);
    }
  }
  // Communities are fixed; vertices inserted on their borders (split crossings) move nothing beyond rounding.
  expect(Math.abs(layerArea(t, 'community') / community0 - 1)).toBeLessThan(1e-12);
  // No operation wrote into the topology it was given.
  expect(t0.xy).toEqual(xy0);
  // Undo everything: the very same numbers.
  for (let i = steps.length - 1; i >= 0; i--) t = undo(t, steps[i].patches);
  expect(t.vertexCount).toBe(t0.vertexCount);
  expect([...t.units.keys()].sort()).toEqual([...t0.units.keys()].sort());
  for (const id of t0.units.keys()) expect(unitGeometry(t, id)).toEqual(unitGeometry(t0, id));
  return { kinds, refusals };
}

describe('random operations keep a valid coverage', () => {
  it('on the community dataset (data/zhihuiwan)', async () => {
    const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson', 'incidents.geojson', 'patrols.geojson'] });
    const asOf = datasetAsOf(ds, Date.parse('2026-11-20T17:00:00+08:00'));
    const r = run(
      {
        communities: ds.community!.features,
        grids: activeFeatures(ds.grids!.features, asOf),
        microGrids: activeFeatures(ds.microGrids!.features, asOf),
      },
      11,
    );
    // Every kind of operation happened (splits, merges and micro-grid drawing included).
    for (const k of ['move', 'move-segment', 'split', 'add-micro', 'delete-vertex']) expect(r.kinds[k] ?? 0).toBeGreaterThan(3);
    expect((r.kinds.merge ?? 0) + (r.kinds.revoke ?? 0)).toBeGreaterThan(3);
  }, 120_000);

  it('on a county slice (two communities of generate --scale county --seed 7)', () => {
    const ds = generateDataset({ scale: 'county', seed: 7, incidents: 0 });
    const keep = new Set(ds.community.features.slice(0, 2).map((c) => c.properties.code));
    const grids = ds.grids.features.filter((g) => keep.has(g.properties.communityCode ?? g.properties.code.slice(0, 12)));
    const gridCodes = new Set(grids.map((g) => g.properties.code));
    const r = run(
      {
        communities: ds.community.features.filter((c) => keep.has(c.properties.code)),
        grids,
        microGrids: ds.microGrids.features.filter((m) => gridCodes.has(m.properties.gridCode)),
      },
      12,
    );
    for (const k of ['move', 'split', 'add-micro']) expect(r.kinds[k] ?? 0).toBeGreaterThan(3);
  }, 180_000);
});
