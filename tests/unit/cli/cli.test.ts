import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';

describe('gridsight CLI', () => {
  it('prints help listing the commands', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generate --scale community\|county --seed N --out DIR/);
    expect(r.stdout).toMatch(/stats DIR/);
  });
  it('prints stats as JSON on stdout', () => {
    const r = cli('stats', 'tests/fixtures/mini', '--month', '2026-03');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.month).toBe('2026-03');
    expect(s.totals.enterprises).toEqual({ above: 2, below: 3, total: 5 });
  });
  it('prints the month per grid in the shape of issue 4', () => {
    const r = cli('stats', 'tests/fixtures/mini', '--month', '2026-02');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['month', 'asOf', 'totals', 'grids']));
    expect(s.month).toBe('2026-02');
    expect(s.totals.patrol).toEqual(
      expect.objectContaining({ tracks: 5, tracksInMonth: 1, enterpriseCoverage: 0.5, areaCoverage: expect.any(Number) }),
    );
    expect(s.grids).toHaveLength(2);
    for (const g of s.grids) {
      expect(g).toEqual(
        expect.objectContaining({
          code: expect.any(String),
          name: expect.any(String),
          enterprises: 2,
          incidents: expect.objectContaining({
            total: expect.any(Number),
            byLevel: { '1': expect.any(Number), '2': expect.any(Number), '3': expect.any(Number), '4': expect.any(Number) },
            byCategory: expect.objectContaining({ safety: expect.any(Number), other: expect.any(Number) }),
          }),
          closureRate: g.code.endsWith('001') ? null : 0,
          onTimeRate: null,
          patrol: expect.objectContaining({
            enterpriseCoverage: expect.any(Number),
            areaCoverage: expect.any(Number),
            leaderPatrolled: g.code.endsWith('002'),
          }),
        }),
      );
    }
    // Without --month: the month of asOf, the same numbers as --month 2026-03.
    const asOfMonth = JSON.parse(cli('stats', 'tests/fixtures/mini').stdout);
    expect(asOfMonth.month).toBe('2026-03');
    expect(asOfMonth.grids).toEqual(JSON.parse(cli('stats', 'tests/fixtures/mini', '--month', '2026-03').stdout).grids);
  });
  it('takes the patrol radius in metres', () => {
    // 400 m from a track reaches E-D too (362.6 m from P1, worked in tests/unit/domain/stats.test.ts).
    const s = JSON.parse(cli('stats', 'tests/fixtures/mini', '--radius', '400').stdout);
    expect(s.totals.patrol.radiusM).toBe(400);
    expect(s.grids[0].patrol.enterpriseCoverage).toBe(1);
  });
  it('exits 2 with a one-line reason on wrong usage', () => {
    for (const args of [['frobnicate'], ['stats'], ['stats', 'a', 'b'], ['stats', 'x', '--month', '2026-3'], ['stats', 'x', '--bogus'], ['stats', 'x', '--radius', '-5'], ['stats', 'x', '--radius', 'far']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
  it('exits 2 naming the file on unreadable input', () => {
    const r = cli('stats', 'tests/fixtures/nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gridsight: .*tests\/fixtures\/nope: is not a readable dataset folder \(ENOENT\)\n$/);
  });
});
