import { describe, expect, test } from 'vitest';
import { coverageOrder, patrolCoverageOption } from '../../../src/charts/patrol-coverage';
import { patrolTrendOption } from '../../../src/charts/patrol-trend';
import { COVERAGE_COLOURS, GRID_BAR } from '../../../src/charts/palette';
import type { PatrolTrend } from '../../../src/domain/incident-filter';
import { t } from './helpers';

const grids = [
  { code: 'a', name: 'A', coverage: 1 },
  { code: 'b', name: 'B', coverage: null },
  { code: 'c', name: 'C', coverage: 0.949 },
  { code: 'd', name: 'D', coverage: 0.95 },
];

describe('patrolCoverageOption', () => {
  test('worst first, null last', () => {
    expect(coverageOrder(grids).map((g) => g.code)).toEqual(['c', 'd', 'a', 'b']);
  });
  test('under 95 % in the warning colour, 95 % itself is fine; the mark at 0.95; selected outlined', () => {
    const option = patrolCoverageOption(grids, 'a', t);
    const [series] = option.series as {
      data: { value: number | null; itemStyle: { color: string; borderColor: string; opacity: number } }[];
      markLine: { data: { xAxis: number }[] };
      label: { formatter: (p: { dataIndex: number }) => string };
    }[];
    expect(series.data.map((d) => d.value)).toEqual([0.949, 0.95, 1, null]);
    expect(series.data.map((d) => d.itemStyle.color)).toEqual([
      COVERAGE_COLOURS.warn,
      COVERAGE_COLOURS.ok,
      COVERAGE_COLOURS.ok,
      COVERAGE_COLOURS.ok,
    ]);
    expect(series.data[2].itemStyle.borderColor).toBe(GRID_BAR.selected);
    expect(series.data.map((d) => d.itemStyle.opacity)).toEqual([0.4, 0.4, 1, 0.4]);
    expect(series.markLine.data).toEqual([{ xAxis: 0.95 }]);
    expect(series.label.formatter({ dataIndex: 3 })).toBe('—');
    expect(series.label.formatter({ dataIndex: 0 })).toBe('94.9%');
  });
  test('a coverage outside 0–1 is an error', () => {
    expect(() => patrolCoverageOption([{ code: 'x', name: 'X', coverage: 2 }], null, t)).toThrow(/grid x has coverage 2/);
  });
});

describe('patrolTrendOption', () => {
  const trend: PatrolTrend = {
    months: ['2026-09', '2026-10', '2026-11'],
    community: [0.9, null, 0.97],
    grids: [{ code: 'a', name: 'A', coverage: [1, null, 0.5], leaderPatrolled: [true, false, true] }],
  };
  test('the community line alone without a selection; plus the grid line with one; gaps stay null', () => {
    const alone = patrolTrendOption(trend, null, t).series as { id: string; data: (number | null)[] }[];
    expect(alone.map((s) => s.id)).toEqual(['community']);
    expect(alone[0].data).toEqual([0.9, null, 0.97]);
    const both = patrolTrendOption(trend, 'a', t).series as { id: string; name: string; data: (number | null)[] }[];
    expect(both.map((s) => [s.id, s.name])).toEqual([
      ['community', 'charts.patrol.community'],
      ['grid', 'A'],
    ]);
    expect(both[1].data).toEqual([1, null, 0.5]);
  });
  test('an unknown selected grid draws the community only; a short series is an error', () => {
    expect((patrolTrendOption(trend, 'zz', t).series as unknown[]).length).toBe(1);
    expect(() => patrolTrendOption({ ...trend, community: [0.9] }, null, t)).toThrow(/community has 1 values for 3 months/);
  });
});
