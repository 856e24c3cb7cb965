/**
 * Property test at the plan level (issue 11): ≥ 200 random operations on the community dataset (and on a generated
 * community of another seed, with two communities, so grids along a community border are exercised) keep every
 * enterprise in exactly one grid and at most one micro-grid (the incremental re-assignment agrees with a full one),
 * codes unique and never reused (retired units included), the full validateDataset without coverage errors, and
 * undoing everything gives back the starting coordinates exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { createRng } from '../../../src/domain/random';
import type { Dataset } from '../../../src/domain/types';
import { PlanError } from '../../../src/domain/plan/types';
import { PlanSession } from '../../../src/geo/plan/session';
import { validateDataset } from '../../../src/geo/validate-dataset';
import { assignEnterprises } from '../../../src/geo/assign';
import { generateDataset } from '../../../src/synth/generate';
import { loadZhihuiwan, WHO } from './plan-fixture';
import { fixedVertices, randomOp } from './random-ops';

const NOW = Date.parse('2026-11-21T00:00:00+08:00');
const COVERAGE_RULES = new Set(['invalid-geometry', 'grid-overlap', 'grid-gap', 'grid-outside-boundary', 'microgrid-overlap', 'microgrid-outside-grid']);

let zhihuiwan: Dataset;
beforeAll(async () => {
  zhihuiwan = await loadZhihuiwan();
});

/** A generated dataset as the loader would give it (the generator's own objects, files never written). */
function generated(seed: number): Dataset {
  const g = generateDataset({ scale: 'community', seed, communities: 2, grids: 14, incidents: 0 });
  return { manifest: g.manifest, community: g.community, grids: g.grids, microGrids: g.microGrids, enterprises: g.enterprises, members: g.members };
}

describe.each([
  ['the community dataset (data/zhihuiwan)', 20261121, () => zhihuiwan],
  ['a generated pair of communities (seed 11)', 11, () => generated(11)],
])('plan properties: 200 random operations on %s', (_name, seed, data) => {
  it('keeps the dataset sound after every batch, and undo takes it all back exactly', { timeout: 240_000 }, () => {
    const dataset = data();
    const s = new PlanSession(dataset, { now: NOW });
    const start = JSON.stringify(s.snapshot());
    const fixed = fixedVertices(dataset);
    const rng = createRng(seed);
    const applied: Record<string, number> = {};
    const refused: Record<string, number> = {};
    let attempts = 0;
    const check = () => {
      const out = s.dataset();
      const report = validateDataset(out, { now: NOW });
      const coverage = report.findings.filter((f) => COVERAGE_RULES.has(f.rule));
      expect(coverage.map((f) => f.message)).toEqual([]);
      // The live status (incremental coverage, compliance) gives exactly the full validator's findings.
      const status = s.status();
      expect(status.findings.map((f) => f.message)).toEqual(report.findings.map((f) => f.message));
      expect(status.errors).toBe(report.summary.errors);
      // Codes: unique over every unit the files hold, retired ones included (so none is ever reused).
      const codes = [...out.grids!.features, ...out.microGrids!.features].map((f) => f.properties.code);
      expect(new Set(codes).size).toBe(codes.length);
      // Enterprises: the incremental assignment is the full one, and each point is in one grid.
      const live = (f: { properties: { validTo?: string | null } }) => !f.properties.validTo;
      const grids = out.grids!.features.filter(live);
      const micro = out.microGrids!.features.filter(live);
      const full = assignEnterprises(grids, micro, out.enterprises!.features);
      for (const e of out.enterprises!.features) {
        expect(e.properties.gridCode ?? null, e.properties.id).toBe(full.grid.get(e.properties.id));
        expect(e.properties.microGridCode ?? null, e.properties.id).toBe(full.microGrid.get(e.properties.id));
        const p = e.geometry.coordinates;
        const inside = grids.filter((g) => booleanPointInPolygon(p, g.geometry, { ignoreBoundary: true })).length;
        expect(inside).toBeLessThanOrEqual(1);
        expect(micro.filter((m) => booleanPointInPolygon(p, m.geometry, { ignoreBoundary: true })).length).toBeLessThanOrEqual(1);
      }
      expect(out.enterprises!.features.every((e) => e.properties.gridCode)).toBe(true);
    };
    while (s.cursor < 200 && attempts < 2000) {
      attempts++;
      const op = randomOp(rng, s, fixed, dataset.members!);
      if (!op) continue;
      try {
        s.apply(op, WHO);
        applied[op.op] = (applied[op.op] ?? 0) + 1;
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        refused[op.op] = (refused[op.op] ?? 0) + 1;
      }
      if (s.cursor % 10 === 0 && applied[op.op]) check();
    }
    expect(s.cursor).toBe(200);
    // Every kind of operation was exercised (each drawn often enough to apply at least once).
    expect(Object.keys(applied).sort()).toEqual(
      ['add-microgrid', 'assign-member', 'delete-microgrid', 'delete-vertex', 'insert-vertex', 'merge', 'merge-microgrids', 'move-vertex', 'revoke', 'set-microgrid-kind', 'split', 'split-microgrid'],
    );
    check();
    while (s.undo());
    expect(JSON.stringify(s.snapshot())).toBe(start);
    expect(s.status().changes).toEqual({ added: [], retired: [], reshaped: [], moves: [], grids: [] });
  });
});
