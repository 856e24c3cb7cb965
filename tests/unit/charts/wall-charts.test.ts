import { describe, expect, it } from 'vitest';
import { countBarsOption, coverageOption, trendOption } from '../../../src/charts/wall-charts';

type Series = { type: string; data: unknown[]; markLine?: { data: { xAxis: number }[] } };

describe('wall chart options', () => {
  it('trend: bars of totals and a % line where null stays a gap', () => {
    const o = trendOption(
      [
        { month: '2026-10', total: 5, onTimeRate: 0.5 },
        { month: '2026-11', total: 0, onTimeRate: null },
      ],
      { month: (m) => m.slice(5), total: 'n', onTime: 'r' },
    );
    const [bars, line] = o.series as Series[];
    expect((o.xAxis as { data: string[] }).data).toEqual(['10', '11']);
    expect(bars.data).toEqual([5, 0]);
    expect(line.data).toEqual([50, null]);
  });

  it('bars: largest on top (ECharts draws the first category at the bottom)', () => {
    const o = countBarsOption([
      { name: 'a', count: 9 },
      { name: 'b', count: 3 },
    ]);
    expect((o.yAxis as { data: string[] }).data).toEqual(['b', 'a']);
  });

  it('coverage: green at the target, amber under it, the target as a line', () => {
    const o = coverageOption(
      [
        { name: 'low', coverage: 0.5 },
        { name: 'full', coverage: 0.95 },
        { name: 'none', coverage: null },
      ],
      0.95,
    );
    const [s] = o.series as Series[];
    const data = s.data as { value: number; itemStyle: { color: string } }[];
    expect(data.map((d) => d.value)).toEqual([0, 95, 50]);
    expect(data[1].itemStyle.color).not.toBe(data[2].itemStyle.color);
    expect(s.markLine?.data).toEqual([{ xAxis: 95 }]);
  });
});
