import { describe, expect, test } from 'vitest';
import { closureRateOption } from '../../../src/charts/closure-rate';
import { smallSummary, t } from './helpers';

describe('closureRateOption', () => {
  test('two lines; a month with nothing to count is a gap (null), never 0', () => {
    const option = closureRateOption(smallSummary(), t);
    const series = option.series as { id: string; name: string; data: (number | null)[]; connectNulls: boolean }[];
    expect(series.map((s) => [s.id, s.name])).toEqual([
      ['closure', 'charts.closure.closureRate'],
      ['on-time', 'charts.closure.onTimeRate'],
    ]);
    expect(series[0].data).toEqual([0.5, null]);
    expect(series[1].data).toEqual([null, 1]);
    expect(series.every((s) => s.connectNulls === false)).toBe(true);
  });

  test('the tooltip writes null as "—"', () => {
    const option = closureRateOption(smallSummary(), t);
    const format = (option.tooltip as { valueFormatter: (v: unknown) => string }).valueFormatter;
    expect(format(null)).toBe('—');
    expect(format(0.875)).toBe('87.5%');
    expect(format(0)).toBe('0.0%');
  });

  test('a rate outside 0–1, or a length mismatch, is an error', () => {
    const s = smallSummary();
    expect(() => closureRateOption({ ...s, closureRate: [1.5, null] }, t)).toThrow(/closureRate holds 1.5/);
    expect(() => closureRateOption({ ...s, onTimeRate: [null] }, t)).toThrow(/onTimeRate has 1 values for 2 months/);
  });
});
