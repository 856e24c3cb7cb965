import { describe, expect, it } from 'vitest';
import { WALL_BAR_ROWS, WALL_CHART, countBarsOption, coverageOption, trendOption } from '../../../src/charts/wall-charts';

type Series = { type: string; data: unknown[]; markLine?: { data: { xAxis: number }[] } };

/** Every fontSize anywhere in an option object. */
function fontSizes(o: unknown, out: number[] = []): number[] {
  if (Array.isArray(o)) for (const v of o) fontSizes(v, out);
  else if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) {
      if (k === 'fontSize') out.push(v as number);
      else fontSizes(v, out);
    }
  return out;
}

const labels = { month: (m: string) => m.slice(5), total: 'n', onTime: 'r' };
const rest = (n: number) => `${n} more`;

describe('wall chart options', () => {
  it('trend: bars of totals and a % line where null stays a gap', () => {
    const o = trendOption(
      [
        { month: '2026-10', total: 5, onTimeRate: 0.5, through: null },
        { month: '2026-11', total: 0, onTimeRate: null, through: null },
      ],
      labels,
    );
    const [bars, line] = o.series as Series[];
    expect((o.xAxis as { data: string[] }).data).toEqual(['10', '11']);
    expect(bars.data).toEqual([5, 0]);
    expect(line.data).toEqual([50, null]);
  });

  it('trend: a partial month is a hollow, dashed bar; the latest month is always named', () => {
    const o = trendOption(
      [
        { month: '2026-10', total: 300, onTimeRate: 0.9, through: null },
        { month: '2026-11', total: 204, onTimeRate: 0.92, through: '2026-11-20' },
      ],
      labels,
    );
    const [bars] = o.series as Series[];
    expect(bars.data[0]).toBe(300);
    const partial = bars.data[1] as { value: number; itemStyle: { borderType: string } };
    expect(partial.value).toBe(204);
    expect(partial.itemStyle.borderType).toBe('dashed');
    const shown = (o.xAxis as { axisLabel: { interval: (i: number) => boolean } }).axisLabel.interval;
    expect([shown(1), shown(0)]).toEqual([true, false]);
  });

  it('bars: largest on top (ECharts draws the first category at the bottom)', () => {
    const o = countBarsOption(
      [
        { name: 'a', count: 9 },
        { name: 'b', count: 3 },
      ],
      rest,
    );
    expect((o.yAxis as { data: string[] }).data).toEqual(['b', 'a']);
  });

  it('bars: past the rows that fit, the rest are summed into one row, never shrunk', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ name: `g${i}`, count: 20 - i }));
    const o = countBarsOption(rows, rest);
    const names = (o.yAxis as { data: string[] }).data;
    expect(names).toHaveLength(WALL_BAR_ROWS);
    expect(names[0]).toBe('4 more'); // at the bottom
    const [s] = o.series as Series[];
    const sum = rows.slice(WALL_BAR_ROWS - 1).reduce((a, r) => a + r.count, 0);
    expect((s.data[0] as { value: number }).value).toBe(Math.min(sum, rows[0].count));
    const label = (s as unknown as { label: { formatter: (p: { dataIndex: number }) => string } }).label.formatter;
    expect(label({ dataIndex: 0 })).toBe(String(sum));
    // Exactly WALL_BAR_ROWS rows: all shown, no rest row.
    expect((countBarsOption(rows.slice(0, WALL_BAR_ROWS), rest).yAxis as { data: string[] }).data).not.toContain('0 more');
  });

  it('bars: a rest that sums more than the longest ranked row stops at that row, its figure the whole sum', () => {
    // A county: 30 communities, the top 7 ranked, 23 summed (far more than any one community).
    const rows = Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, count: 1000 - 10 * i }));
    const [s] = countBarsOption(rows, rest).series as Series[];
    const rankedLongest = rows[0].count;
    const sum = rows.slice(WALL_BAR_ROWS - 1).reduce((a, r) => a + r.count, 0);
    expect(sum).toBeGreaterThan(rankedLongest);
    expect((s.data[0] as { value: number }).value).toBe(rankedLongest);
    expect(Math.max(...s.data.map((d) => (d as { value: number }).value))).toBe(rankedLongest);
    const label = (s as unknown as { label: { formatter: (p: { dataIndex: number }) => string } }).label.formatter;
    expect(label({ dataIndex: 0 })).toBe(String(sum));
    expect(label({ dataIndex: WALL_BAR_ROWS - 1 })).toBe(String(rankedLongest));
  });

  it('coverage: green at the target, amber under it, the target as a line', () => {
    const o = coverageOption(
      [
        { name: 'low', coverage: 0.5 },
        { name: 'full', coverage: 0.95 },
        { name: 'none', coverage: null },
      ],
      0.95,
      rest,
    );
    const [s] = o.series as Series[];
    const data = s.data as { value: number; itemStyle: { color: string } }[];
    expect(data.map((d) => d.value)).toEqual([0, 95, 50]);
    expect(data[1].itemStyle.color).not.toBe(data[2].itemStyle.color);
    expect(s.markLine?.data).toEqual([{ xAxis: 95 }]);
  });

  it('coverage: the rest row shows the lowest of the grids it stands for', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ name: `g${i}`, coverage: 0.5 + i * 0.05 }));
    const o = coverageOption(rows, 0.95, rest);
    expect((o.yAxis as { data: string[] }).data[0]).toBe('3 more');
    const [s] = o.series as Series[];
    expect((s.data[0] as { value: number }).value).toBe(85);
  });

  it('every label is at least 18 px (the wall read from 3 m)', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ name: `g${i}`, count: i, coverage: i / 10 }));
    const options = [
      trendOption([{ month: '2026-11', total: 1, onTimeRate: 1, through: '2026-11-20' }], labels),
      countBarsOption(rows, rest),
      coverageOption(rows, 0.95, rest),
    ];
    for (const o of options) {
      const sizes = fontSizes(o);
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(18);
    }
    expect(WALL_CHART.font).toBeGreaterThanOrEqual(18);
    // A canvas font needs a real family: 'inherit' makes the whole font string invalid and every label 10 px.
    for (const o of options) expect(JSON.stringify(o)).not.toMatch(/"fontFamily":"inherit"/);
    expect(JSON.stringify(options[0])).toMatch(/"fontFamily":"'Noto Sans CJK SC'/);
  });
});
