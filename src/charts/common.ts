/** What every analyst chart shares: the translate function it gets, text style, axes, percent formatting. */
import { formatRate } from '../domain/rate';
import { FONT_FAMILY, TEXT } from './palette';

/**
 * The translate function a builder gets (vue-i18n's `t`, narrowed), so builders stay pure and testable.
 * @example const tr: Translate = (key, named) => t(key, named ?? {})
 */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * Settings every builder starts from. Animation is off: a filter change must redraw at once, and a chart that
 * animates from the old data to the new reads as lag (and delays ECharts' `finished`).
 */
export function baseOption() {
  return {
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT.color, fontSize: 12 },
    aria: { enabled: true },
  } as const;
}

/** A value axis of fractions 0–1 labelled in percent. */
export function percentAxis(max = 1) {
  return {
    type: 'value' as const,
    min: 0,
    max,
    axisLabel: { formatter: (v: number) => formatRate(v, 0), color: TEXT.muted },
    splitLine: { lineStyle: { color: TEXT.split } },
  };
}

export const AXIS_STYLE = {
  axisLine: { lineStyle: { color: TEXT.axis } },
  axisTick: { show: false },
  axisLabel: { color: TEXT.muted },
};

/**
 * "YYYY-MM" months as axis labels: the month's number, with the year under the first month and under each January
 * ("12\n2025", "1\n2026", "2", …). Never "25/12", which reads as a day; twelve months still fit a panel's width.
 * @example monthLabel('2026-01', 5) // "1\n2026"
 */
export function monthLabel(month: string, index: number): string {
  const [year, mm] = month.split('-');
  const m = String(Number(mm));
  return index === 0 || mm === '01' ? `${m}\n${year}` : m;
}

/**
 * A category axis of "YYYY-MM" months labelled by `monthLabel`, so twelve months fit a panel's width without thinning.
 * `boundaryGap: false` puts a line chart's points on the labels; bars keep the default gap.
 */
export function monthAxis(months: readonly string[], options: { boundaryGap?: boolean } = {}) {
  return {
    type: 'category' as const,
    data: months.slice(),
    ...options,
    ...AXIS_STYLE,
    axisLabel: { color: TEXT.muted, formatter: monthLabel, lineHeight: 13 },
  };
}

/**
 * The frame of a chart of rates per month (closure rates, patrol coverage): legend on top, one tooltip per month in
 * percent, months along x, 0–100 % up y. The builder adds its series.
 */
export function monthRateFrame(months: readonly string[]) {
  return {
    ...baseOption(),
    grid: { left: 44, right: 14, top: 30, bottom: 36 },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { color: TEXT.muted } },
    tooltip: { trigger: 'axis' as const, confine: true, valueFormatter: (v: unknown) => formatRate(typeof v === 'number' ? v : null) },
    xAxis: monthAxis(months, { boundaryGap: false }),
    yAxis: percentAxis(),
  };
}

/** "YYYY-MM" as the month words of the locale ("2026年10月" / "Oct 2026"). */
export function monthWords(month: string, t: Translate): string {
  const [year, m] = month.split('-');
  return t('analysis.monthOption', { year, month: m });
}
