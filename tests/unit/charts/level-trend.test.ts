import { describe, expect, test } from 'vitest';
import { levelTrendOption, levelsByMonth } from '../../../src/charts/level-trend';
import { smallSummary, t } from './helpers';

describe('levelsByMonth', () => {
  test('sums the days of each CST month', () => {
    expect(levelsByMonth(smallSummary())).toEqual({ '1': [1, 3], '2': [2, 0], '3': [0, 1], '4': [0, 0] });
  });
  test('a day outside the months, or a short level, is an error', () => {
    const s = smallSummary();
    expect(() => levelsByMonth({ ...s, months: ['2026-10'] })).toThrow(/in no month/);
    expect(() => levelsByMonth({ ...s, byLevel: { ...s.byLevel, '4': [] } })).toThrow(/byLevel.4 has 0 values/);
  });
});

describe('levelTrendOption', () => {
  test('four stacked series, level 1 first, named through i18n, months on the axis', () => {
    const option = levelTrendOption(smallSummary(), t);
    const series = option.series as { id: string; name: string; stack: string; data: number[] }[];
    expect(series.map((s) => s.id)).toEqual(['level-1', 'level-2', 'level-3', 'level-4']);
    expect(series[0].name).toBe('analysis.levelN{"n":"1"}');
    expect(series.every((s) => s.stack === 'levels')).toBe(true);
    expect(series[2].data).toEqual([0, 1]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['2026-09', '2026-10']);
  });
});
