/**
 * ECharts options of the wall screen's side charts: dark, large type, no legend boxes to read. Functions from data
 * (already counted by src/domain/wall-*.ts) and translated labels to options; nothing here counts anything.
 */
import type { ChartOption } from './echarts';
import type { Rate } from '../domain/rate';
import { IDEOGRAPH_FONT_FAMILY } from '../app/theme';

/** The wall's chart palette, matched to WallView's CSS. */
export const WALL_CHART = {
  text: '#9fb3cc',
  strong: '#e6eef8',
  axis: '#1d3350',
  split: 'rgba(80, 120, 170, 0.16)',
  bar: '#3fa9e8',
  line: '#f5b84b',
  good: '#34d399',
  warn: '#f59e0b',
  alert: '#f87171',
  /** Rest rows ("其余 4 个网格"): muted. */
  rest: '#5b7190',
  /** Labels (design rule: ≥ 18 px on the wall) and the figures at the end of bars. */
  font: 18,
  figure: 20,
} as const;

/** Rows a bar chart shows on the wall; more are summed into one "rest" row (fewer bars, never smaller text). */
export const WALL_BAR_ROWS = 8;

const base = (): ChartOption => ({
  backgroundColor: 'transparent',
  animationDuration: 600,
  animationDurationUpdate: 600,
  // A real family list: canvas fonts know no 'inherit', and an invalid font string leaves every label at the
  // canvas default of 10 px sans-serif whatever fontSize says.
  textStyle: { color: WALL_CHART.text, fontSize: WALL_CHART.font, fontFamily: IDEOGRAPH_FONT_FAMILY },
  aria: { enabled: true },
});

const pct = (r: Rate) => (r === null ? null : Math.round(r * 1000) / 10);

export interface TrendLabels {
  /** "2026-11" → what the axis shows ("11月"). */
  month: (m: string) => string;
  total: string;
  onTime: string;
}

/**
 * Incidents reported per month (bars) and the on-time closure rate (line, right axis, %).
 * @example trendOption([{ month: '2026-11', total: 204, closureRate: 0.79, onTimeRate: 0.92 }], labels)
 */
export function trendOption(
  points: { month: string; total: number; onTimeRate: Rate; through: string | null }[],
  labels: TrendLabels,
): ChartOption {
  return {
    ...base(),
    grid: { left: 8, right: 8, top: 48, bottom: 4, containLabel: true },
    legend: {
      top: 0,
      right: 4,
      itemWidth: 18,
      itemHeight: 12,
      textStyle: { color: WALL_CHART.text, fontSize: WALL_CHART.font },
      data: [labels.total, labels.onTime],
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => labels.month(p.month)),
      axisLine: { lineStyle: { color: WALL_CHART.axis } },
      axisTick: { show: false },
      // Every other month, counted back from the last so the latest month is always named: fewer labels, never
      // smaller ones.
      axisLabel: {
        color: WALL_CHART.text,
        fontSize: WALL_CHART.font,
        interval: (i: number) => (points.length - 1 - i) % 2 === 0,
      },
    },
    yAxis: [
      {
        type: 'value',
        splitNumber: 3,
        splitLine: { lineStyle: { color: WALL_CHART.split } },
        axisLabel: { color: WALL_CHART.text, fontSize: WALL_CHART.font },
      },
      {
        type: 'value',
        min: 0,
        max: 100,
        interval: 50,
        splitLine: { show: false },
        axisLabel: { color: WALL_CHART.text, fontSize: WALL_CHART.font, formatter: '{value}%' },
      },
    ],
    series: [
      {
        type: 'bar',
        name: labels.total,
        // A partial month (asOf before its end) is a hollow, dashed bar, so it never reads as a drop; the panel's
        // title says how far it counts (trendTitle).
        data: points.map((p) =>
          p.through === null
            ? p.total
            : {
                value: p.total,
                itemStyle: { color: 'rgba(63, 169, 232, 0.22)', borderColor: WALL_CHART.bar, borderWidth: 2, borderType: 'dashed' },
              },
        ),
        barWidth: '55%',
        itemStyle: { color: WALL_CHART.bar, borderRadius: [3, 3, 0, 0] },
      },
      {
        type: 'line',
        name: labels.onTime,
        yAxisIndex: 1,
        data: points.map((p) => pct(p.onTimeRate)),
        smooth: true,
        symbolSize: 7,
        lineStyle: { width: 3, color: WALL_CHART.line },
        itemStyle: { color: WALL_CHART.line },
        connectNulls: false,
      },
    ],
  };
}

/** One bar: its name, its value, and optionally its colour and the text at its end (else value and unit). */
export interface WallBarRow {
  name: string;
  value: number | null;
  color?: string;
  label?: string;
}

/** Horizontal bars, largest at the top, the value at the end of each bar. */
function barsOption(rows: WallBarRow[], unit: string, max?: number): ChartOption {
  const reversed = [...rows].reverse(); // ECharts draws the first category at the bottom
  return {
    ...base(),
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max, show: false },
    yAxis: {
      type: 'category',
      data: reversed.map((r) => r.name),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: WALL_CHART.strong, fontSize: WALL_CHART.font },
    },
    series: [
      {
        type: 'bar',
        data: reversed.map((r) => ({ value: r.value ?? 0, itemStyle: { color: r.color ?? WALL_CHART.bar } })),
        barWidth: '58%',
        showBackground: true,
        backgroundStyle: { color: 'rgba(80, 120, 170, 0.10)', borderRadius: 3 },
        itemStyle: { borderRadius: 3 },
        label: {
          show: true,
          position: 'right',
          color: WALL_CHART.strong,
          fontSize: WALL_CHART.figure,
          fontWeight: 'bold',
          formatter: (p: { dataIndex: number }) => {
            const row = reversed[p.dataIndex];
            if (row.label !== undefined) return row.label;
            return row.value === null ? '—' : `${row.value}${unit}`;
          },
        },
      },
    ],
  };
}

/**
 * Counts, largest first; past WALL_BAR_ROWS, the rest summed into one muted row named by `rest(n)`. The scale is the
 * ranked rows': a county's "其余 23 个社区" sums more than any one community, and would squeeze the ranking itself
 * into stubs, so that row's bar stops at the longest ranked bar and its figure says the whole sum.
 * @example countBarsOption([{ name: '安全生产', count: 41 }], (n) => `其余 ${n} 类`)
 */
export function countBarsOption(rows: { name: string; count: number }[], rest: (n: number) => string): ChartOption {
  const { shown, others } = splitRows(rows);
  const bars: WallBarRow[] = shown.map((r) => ({ name: r.name, value: r.count }));
  if (others.length) {
    const sum = others.reduce((a, r) => a + r.count, 0);
    const longest = Math.max(0, ...shown.map((r) => r.count));
    bars.push({ name: rest(others.length), value: Math.min(sum, longest), color: WALL_CHART.rest, label: String(sum) });
  }
  return barsOption(bars, '');
}

/** The first WALL_BAR_ROWS − 1 rows and the others, or all rows when they fit. */
export function splitRows<T>(rows: readonly T[]): { shown: T[]; others: T[] } {
  if (rows.length <= WALL_BAR_ROWS) return { shown: [...rows], others: [] };
  return { shown: rows.slice(0, WALL_BAR_ROWS - 1), others: rows.slice(WALL_BAR_ROWS - 1) };
}

/**
 * Patrol coverage per grid in %, green at or above the target, amber under it, with the target drawn as a line.
 * `rows` come lowest first; past WALL_BAR_ROWS the rest become one row showing the lowest of them ("≥ 96.2%").
 * @example coverageOption([{ name: '一网格', coverage: 0.8 }], PATROL_COVERAGE_TARGET, (n) => `其余 ${n} 个网格`)
 */
export function coverageOption(rows: { name: string; coverage: Rate }[], target: number, rest: (n: number) => string): ChartOption {
  const colour = (c: Rate) => (c !== null && c >= target ? WALL_CHART.good : WALL_CHART.warn);
  const { shown, others } = splitRows(rows);
  const bars: WallBarRow[] = shown.map((r) => ({ name: r.name, value: pct(r.coverage), color: colour(r.coverage) }));
  if (others.length) {
    const counted = others.filter((r) => r.coverage !== null).map((r) => r.coverage as number);
    const low = counted.length ? Math.min(...counted) : null;
    bars.push({
      name: rest(others.length),
      value: pct(low),
      color: low === null ? WALL_CHART.rest : colour(low),
      label: low === null ? '—' : `≥ ${pct(low)}%`,
    });
  }
  const option = barsOption(bars, '%', 100);
  const series = (option.series as object[])[0] as Record<string, unknown>;
  series.markLine = {
    silent: true,
    symbol: 'none',
    label: { show: false },
    lineStyle: { color: WALL_CHART.strong, type: 'dashed', width: 1.5, opacity: 0.7 },
    data: [{ xAxis: target * 100 }],
  };
  return option;
}
