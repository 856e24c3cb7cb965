import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from '../../../src/domain/random';

describe('seeded random', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
  });

  it('keeps helpers in range and roughly uniform', () => {
    const rng = createRng(7);
    const counts = [0, 0, 0, 0, 0, 0];
    let outside = 0;
    for (let k = 0; k < 60_000; k++) {
      const v = rng.int(1, 6);
      if (v < 1 || v > 6) outside++;
      else counts[v - 1]++;
      const f = rng.float(-2, 3);
      if (f < -2 || f >= 3) outside++;
    }
    expect(outside).toBe(0);
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    let s = 0;
    let s2 = 0;
    for (let k = 0; k < 20_000; k++) {
      const v = rng.normal(5, 2);
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / 20_000 - 5)).toBeLessThan(0.1);
    expect(Math.abs(Math.sqrt(s2 / 20_000 - 25) - 2)).toBeLessThan(0.1);
  });

  it('picks, shuffles and weights', () => {
    const rng = createRng(3);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = rng.shuffle([...items]);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toContain(rng.pick(items));
    const w = [0, 0, 0];
    for (let k = 0; k < 10_000; k++) w[rng.weighted([1, 0, 3])]++;
    expect(w[1]).toBe(0);
    expect(w[2] / w[0]).toBeGreaterThan(2.5);
    expect(() => rng.weighted([0, 0])).toThrow();
  });

  it('forks independent, reproducible streams', () => {
    expect(hashSeed(7, 'a')).not.toBe(hashSeed(7, 'b'));
    const f1 = createRng(9).fork('x');
    const root = createRng(9);
    root.next();
    const f2 = root.fork('x');
    expect(f1.next()).toBe(f2.next());
  });
});
