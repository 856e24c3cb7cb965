import { describe, expect, test } from 'vitest';
import { dayLabel, dayLabelInterval, timelineOption, timelineTipPosition } from '../../../src/charts/timeline';
import { monthLabel } from '../../../src/charts/common';
import { CATEGORY_COLOURS } from '../../../src/charts/palette';
import { INCIDENT_CATEGORIES } from '../../../src/domain/types';
import { smallSummary, t } from './helpers';

type Series = { id: string; name: string; stack: string; data: number[]; itemStyle: { color: string } };

describe('timelineOption', () => {
  test('one stacked bar series per category, a bar per CST day, labels through i18n', () => {
    const option = timelineOption(smallSummary(), t);
    const series = option.series as Series[];
    expect(series.map((s) => s.id)).toEqual(INCIDENT_CATEGORIES.map((c) => `category-${c}`));
    expect(series.every((s) => s.stack === 'incidents')).toBe(true);
    const fire = series.find((s) => s.id === 'category-fire')!;
    expect(fire.name).toBe('categories.fire');
    expect(fire.data).toEqual([2, 0, 1]);
    expect(fire.itemStyle.color).toBe(CATEGORY_COLOURS.fire);
    expect((option.xAxis as { data: string[] }).data).toEqual(['2026-09-30', '2026-10-01', '2026-10-02']);
  });

  test('a lineX brush on the day axis that leaves the bars alone, large-mode bars, no animation', () => {
    const option = timelineOption(smallSummary(), t);
    expect(option.brush).toMatchObject({ brushType: 'lineX', brushMode: 'single', xAxisIndex: 0, seriesIndex: [] });
    expect(option.animation).toBe(false);
    expect((option.series as { large: boolean }[]).every((s) => s.large)).toBe(true);
  });

  test('the option holds copies: the summary is not mutated by ECharts', () => {
    const summary = smallSummary();
    const series = timelineOption(summary, t).series as Series[];
    series[0].data[0] = 99;
    expect(summary.byCategory.safety[0]).toBe(1);
  });

  test('a category with the wrong number of days is an error, not a shifted chart', () => {
    const summary = smallSummary();
    summary.byCategory.party = [1];
    expect(() => timelineOption(summary, t)).toThrow(/byCategory.party has 1 values for 3 days/);
  });

  test('category colours are distinct', () => {
    expect(new Set(Object.values(CATEGORY_COLOURS)).size).toBe(INCIDENT_CATEGORIES.length);
  });
});

describe('axis labels carry the year', () => {
  test('months: the number, with the year under the first month and each January; never "25/12"', () => {
    const months = ['2025-11', '2025-12', '2026-01', '2026-02'];
    expect(months.map((m, i) => monthLabel(m, i))).toEqual(['11\n2025', '12', '1\n2026', '2']);
  });

  test('days: about twelve labels shown, the first and the first of each new year with the year', () => {
    const days = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2025, 11, 10 + i)).toISOString().slice(0, 10));
    const interval = dayLabelInterval(days.length);
    expect(interval).toBe(3);
    const shown = days.map((_, i) => i).filter((i) => i % (interval + 1) === 0).map((i) => dayLabel(days, i, interval));
    expect(shown[0]).toBe('2025-12-10');
    expect(shown.filter((l) => l.length === 10)).toEqual(['2025-12-10', '2026-01-03']);
    expect(shown[1]).toBe('12-14');
    expect(dayLabelInterval(365)).toBe(30);
  });
});

describe('timeline tooltip position', () => {
  const size = { contentSize: [120, 250], viewSize: [760, 120] };
  test('above the pointer, centred on it', () => {
    expect(timelineTipPosition([300, 90], null, null, null, size)).toEqual([240, -176]);
  });
  test('kept within the chart at both ends', () => {
    expect(timelineTipPosition([750, 90], null, null, null, size)[0]).toBe(640);
    expect(timelineTipPosition([10, 90], null, null, null, size)[0]).toBe(0);
  });
});
