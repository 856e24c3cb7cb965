import { describe, expect, it } from 'vitest';
import { CoverageValidator, validateCoverage, type CoverageInput } from '../../../../src/geo/coverage/validate-coverage';
import { injectDefects, makeTiling, toWgs84 } from '../../../reference/tiling';

/** The edits that turn `before` into `after`, one unit at a time, in a fixed order. */
function edits(before: CoverageInput, after: CoverageInput) {
  const out: Parameters<CoverageValidator['update']>[0][] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const afterGrids = new Map(after.grids.map((g) => [g.properties.code, g]));
  for (const g of before.grids) {
    const next = afterGrids.get(g.properties.code);
    if (!next) out.push({ removed: [g.properties.code] });
    else if (!same(next.geometry, g.geometry)) out.push({ grids: [next] });
  }
  const afterMicro = new Map(after.microGrids.map((m) => [m.properties.code, m]));
  for (const m of before.microGrids) {
    const next = afterMicro.get(m.properties.code);
    if (!next) out.push({ removed: [m.properties.code] });
    else if (!same(next.geometry, m.geometry)) out.push({ microGrids: [next] });
  }
  return out;
}

describe('CoverageValidator.update agrees with a full run', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: after every single edit`, () => {
      const clean = toWgs84(makeTiling(seed));
      const broken = toWgs84(injectDefects(makeTiling(seed), seed, 5).dataset);
      const validator = new CoverageValidator(clean, { tolerance: 0.5 });
      expect(validator.findings()).toEqual(validateCoverage(clean, { tolerance: 0.5 }));
      const steps = edits(clean, broken);
      expect(steps.length).toBeGreaterThan(0);
      // Apply the edits one by one to a copy of the clean data and compare with a fresh full run each time.
      const current: CoverageInput = { ...clean, grids: [...clean.grids], microGrids: [...clean.microGrids] };
      for (const step of steps) {
        const incremental = validator.update(step);
        for (const code of step.removed ?? []) {
          current.grids = current.grids.filter((g) => g.properties.code !== code);
          current.microGrids = current.microGrids.filter((m) => m.properties.code !== code);
        }
        for (const g of step.grids ?? []) current.grids = current.grids.map((x) => (x.properties.code === g.properties.code ? g : x));
        for (const m of step.microGrids ?? []) {
          current.microGrids = current.microGrids.map((x) => (x.properties.code === m.properties.code ? m : x));
        }
        expect(incremental).toEqual(validateCoverage(current, { tolerance: 0.5 }));
      }
      expect(validator.findings().length).toBeGreaterThan(0);
    });
  }

  it('undoing an edit brings the findings back to none', () => {
    const clean = toWgs84(makeTiling(5));
    const broken = toWgs84(injectDefects(makeTiling(5), 5, 5).dataset);
    const validator = new CoverageValidator(clean, { tolerance: 0.5 });
    const before = new Map(clean.grids.map((g) => [g.properties.code, JSON.stringify(g.geometry)]));
    const moved = broken.grids.find((g) => before.get(g.properties.code) !== JSON.stringify(g.geometry));
    expect(moved).toBeDefined();
    expect(validator.update({ grids: [moved!] }).length).toBeGreaterThan(0);
    const original = clean.grids.find((g) => g.properties.code === moved!.properties.code)!;
    expect(validator.update({ grids: [original] })).toEqual([]);
  });
});
