/**
 * ECharts options of the wall screen's side charts: dark, large type, no legend boxes to read. Functions from data
 * (already counted by src/domain/wall-*.ts) and translated labels to options; nothing here counts anything.
 */
import type { ChartOption } from './echarts';
import type { Rate } from '../domain/rate';

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
  font: 15,
} as const;

const base = (): ChartOption => ({
  backgroundColor: 'transparent',
  animationDuration: 600,
  animationDurationUpdate: 600,
  textStyle: { color: WALL_CHART.text, fontSize: WALL_CHART.font, fontFamily: 'inherit' },
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
  points: { month: string; total: number; onTimeRate: Rate }[],
  labels: TrendLabels,
): ChartOption {
  return {
    ...base(),
    grid: { left: 8, right: 8, top: 44, bottom: 4, containLabel: true },
    legend: {
      top: 0,
      right: 4,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { color: WALL_CHART.text, fontSize: 15 },
      data: [labels.total, labels.onTime],
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => labels.month(p.month)),
      axisLine: { lineStyle: { color: WALL_CHART.axis } },
      axisTick: { show: false },
      axisLabel: { color: WALL_CHART.text, fontSize: 14, interval: 0 },
    },
    yAxis: [
      {
        type: 'value',
        splitLine: { lineStyle: { color: WALL_CHART.split } },
        axisLabel: { color: WALL_CHART.text, fontSize: 14 },
      },
      {
        type: 'value',
        min: 0,
        max: 100,
        splitLine: { show: false },
        axisLabel: { color: WALL_CHART.text, fontSize: 14, formatter: '{value}%' },
      },
    ],
    series: [
      {
        type: 'bar',
        name: labels.total,
        data: points.map((p) => p.total),
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

/** Horizontal bars, largest at the top, the value at the end of each bar. */
function barsOption(rows: { name: string; value: number | null; color?: string }[], unit: string, max?: number): ChartOption {
  const reversed = [...rows].reverse(); // ECharts draws the first category at the bottom
  return {
    ...base(),
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max, show: false },
    yAxis: {
      type: 'category',
      data: reversed.map((r) => r.name),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: WALL_CHART.strong, fontSize: 16 },
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
          fontSize: 15,
          fontWeight: 'bold',
          formatter: (p: { dataIndex: number }) => {
            const v = reversed[p.dataIndex].value;
            return v === null ? '—' : `${v}${unit}`;
          },
        },
      },
    ],
  };
}

/** @example countBarsOption([{ name: '安全生产', count: 41 }]) */
export function countBarsOption(rows: { name: string; count: number }[]): ChartOption {
  return barsOption(rows.map((r) => ({ name: r.name, value: r.count })), '');
}

/**
 * Patrol coverage per grid in %, green at or above the target, amber under it, with the target drawn as a line.
 * @example coverageOption([{ name: '一网格', coverage: 0.8 }], PATROL_COVERAGE_TARGET)
 */
export function coverageOption(rows: { name: string; coverage: Rate }[], target: number): ChartOption {
  const option = barsOption(
    rows.map((r) => ({
      name: r.name,
      value: pct(r.coverage),
      color: r.coverage !== null && r.coverage >= target ? WALL_CHART.good : WALL_CHART.warn,
    })),
    '%',
    100,
  );
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
