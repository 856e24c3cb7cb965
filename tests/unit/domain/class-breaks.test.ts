import { describe, expect, it } from 'vitest';
import { classBreaks, classOf } from '../../../src/domain/class-breaks';
import { createRng } from '../../../src/domain/random';

/** Within-class squared deviation of a partition given by class lower bounds. */
function ssdOf(sorted: number[], breaks: number[]): number {
  let total = 0;
  const groups = new Map<number, number[]>();
  for (const v of sorted) groups.set(classOf(breaks, v), [...(groups.get(classOf(breaks, v)) ?? []), v]);
  for (const g of groups.values()) {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    total += g.reduce((a, b) => a + (b - m) ** 2, 0);
  }
  return total;
}

/** Every way to cut sorted distinct-boundary values into k classes: brute force for the exact Jenks optimum. */
function bruteForceBest(sorted: number[], k: number): number {
  const cuts: number[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(i);
  let best = Infinity;
  const choose = (from: number, picked: number[]) => {
    if (picked.length === k - 1) {
      best = Math.min(best, ssdOf(sorted, picked.map((i) => sorted[i])));
      return;
    }
    for (let c = from; c < cuts.length; c++) choose(c + 1, [...picked, cuts[c]]);
  };
  choose(0, []);
  return best;
}

describe('class breaks', () => {
  it('finds the obvious natural breaks', () => {
    expect(classBreaks([0, 0.1, 0.12, 0.5, 0.55, 2], { classes: 3 })).toEqual({
      breaks: [0.5, 2],
      classes: [
        { from: 0, to: 0.12, count: 3 },
        { from: 0.5, to: 0.55, count: 2 },
        { from: 2, to: 2, count: 1 },
      ],
    });
  });

  it('matches a brute-force optimum on random values', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 20; trial++) {
      const values = Array.from({ length: 9 }, () => Math.round(rng.next() * 40) / 10);
      const sorted = [...values].sort((a, b) => a - b);
      const k = 2 + (trial % 3);
      const { breaks, classes } = classBreaks(values, { classes: k });
      expect(classes.reduce((a, c) => a + c.count, 0)).toBe(values.length);
      expect(ssdOf(sorted, breaks)).toBeCloseTo(bruteForceBest(sorted, Math.min(k, new Set(values).size)), 9);
    }
  });

  it('quantiles put about as many values in each class and never split equal values', () => {
    const { classes, breaks } = classBreaks([1, 2, 3, 4, 5, 6, 7, 8], { classes: 4, method: 'quantile' });
    expect(classes.map((c) => c.count)).toEqual([2, 2, 2, 2]);
    expect(breaks).toEqual([3, 5, 7]);
    const ties = classBreaks([1, 1, 1, 1, 2, 3], { classes: 3, method: 'quantile' });
    expect(ties.classes[0]).toEqual({ from: 1, to: 1, count: 4 });
  });

  it('gives fewer classes than asked when values have fewer distinct numbers', () => {
    expect(classBreaks([0.2, 0.2, 0.7], { classes: 5 }).classes).toHaveLength(2);
    expect(classBreaks([3], { classes: 5 })).toEqual({ breaks: [], classes: [{ from: 3, to: 3, count: 1 }] });
    expect(classBreaks([])).toEqual({ breaks: [], classes: [] });
  });

  it('classOf agrees with the classes it came from', () => {
    const values = [0, 0.3, 0.31, 0.9, 1.2, 4, 4.1, 7];
    const { breaks, classes } = classBreaks(values, { classes: 4 });
    for (const v of values) {
      const c = classes[classOf(breaks, v)];
      expect(v).toBeGreaterThanOrEqual(c.from);
      expect(v).toBeLessThanOrEqual(c.to);
    }
  });

  it('rejects nulls, NaN and bad class counts', () => {
    expect(() => classBreaks([1, null as unknown as number])).toThrow(/value 1/);
    expect(() => classBreaks([1, NaN])).toThrow(TypeError);
    expect(() => classBreaks([1, 2], { classes: 0 })).toThrow(RangeError);
    expect(() => classBreaks([1, 2], { method: 'equal' as 'jenks' })).toThrow(/unknown/);
  });
});
