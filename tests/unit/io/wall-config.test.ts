import { describe, expect, it } from 'vitest';
import { WALL_DEFAULTS, WALL_MAX, WALL_MIN, hashQuery, nextDelay, wallConfig } from '../../../src/io/wall-config';

describe('wallConfig', () => {
  it('takes the hash query first, then config.json, then the defaults', () => {
    const r = wallConfig(hashQuery('#/wall?refresh=30&tour=12'), { wall: { tour: 99, pause: 45 } });
    expect(r).toEqual({ config: { ...WALL_DEFAULTS, refresh: 30, tour: 12, pause: 45 }, problems: [] });
    expect(wallConfig(hashQuery('#/wall'), null).config).toEqual(WALL_DEFAULTS);
  });

  it('names values it cannot use and keeps the default for them', () => {
    const r = wallConfig(hashQuery('#/wall?refresh=abc&tour=0.5'), { wall: { pause: -1 } });
    expect(r.config).toEqual(WALL_DEFAULTS);
    expect(r.problems).toEqual(['refresh=abc (1–86400)', 'tour=0.5 (2–3600)', 'pause=-1 (1–86400)']);
  });

  it('rejects values above the upper bounds (a refresh over ~24.8 days overflowed setTimeout)', () => {
    const r = wallConfig(hashQuery('#/wall?refresh=3000000&tour=3601'), { wall: { pause: 1e12, retryMax: 86401 } });
    expect(r.config).toEqual(WALL_DEFAULTS);
    expect(r.problems).toEqual(['refresh=3000000 (1–86400)', 'tour=3601 (2–3600)', 'pause=1000000000000 (1–86400)', 'retryMax=86401 (1–86400)']);
    const edge = wallConfig(hashQuery('#/wall?refresh=86400&tour=3600&pause=86400&retryMax=86400&staleAfter=31536000'), null);
    expect(edge).toEqual({ config: WALL_MAX, problems: [] });
    expect(wallConfig(hashQuery('#/wall?refresh=1&tour=2&pause=1&retryMax=1&staleAfter=60'), null)).toEqual({ config: WALL_MIN, problems: [] });
    expect(wallConfig(hashQuery('#/wall?staleAfter=59'), null).problems).toEqual(['staleAfter=59 (60–31536000)']);
  });

  it('never asks for a wait a timer cannot hold, however many failures (2^31 − 1 ms)', () => {
    for (const failures of [0, 1, 10, 40, 1000]) {
      expect(nextDelay(WALL_MAX, failures) * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });

  it('doubles the wait after each failure, up to retryMax', () => {
    const c = { refresh: 30, retryMax: 300 };
    expect([0, 1, 2, 3, 4, 5, 9].map((f) => nextDelay(c, f))).toEqual([30, 30, 60, 120, 240, 300, 300]);
    expect(nextDelay({ refresh: 600, retryMax: 300 }, 3)).toBe(600);
  });
});
