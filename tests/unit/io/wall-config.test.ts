import { describe, expect, it } from 'vitest';
import { WALL_DEFAULTS, hashQuery, nextDelay, wallConfig } from '../../../src/io/wall-config';

describe('wallConfig', () => {
  it('takes the hash query first, then config.json, then the defaults', () => {
    const r = wallConfig(hashQuery('#/wall?refresh=30&tour=12'), { wall: { tour: 99, pause: 45 } });
    expect(r).toEqual({ config: { ...WALL_DEFAULTS, refresh: 30, tour: 12, pause: 45 }, problems: [] });
    expect(wallConfig(hashQuery('#/wall'), null).config).toEqual(WALL_DEFAULTS);
  });

  it('names values it cannot use and keeps the default for them', () => {
    const r = wallConfig(hashQuery('#/wall?refresh=abc&tour=0.5'), { wall: { pause: -1 } });
    expect(r.config).toEqual(WALL_DEFAULTS);
    expect(r.problems).toEqual(['refresh=abc', 'tour=0.5', 'pause=-1']);
  });

  it('doubles the wait after each failure, up to retryMax', () => {
    const c = { refresh: 30, retryMax: 300 };
    expect([0, 1, 2, 3, 4, 5, 9].map((f) => nextDelay(c, f))).toEqual([30, 30, 60, 120, 240, 300, 300]);
    expect(nextDelay({ refresh: 600, retryMax: 300 }, 3)).toBe(600);
  });
});
