/** What every analyst chart shares: the translate function it gets, text style, axes, percent formatting. */
import type { Rate } from '../domain/rate';
import { FONT_FAMILY, TEXT } from './palette';

/**
 * The translate function a builder gets (vue-i18n's `t`, narrowed), so builders stay pure and testable.
 * @example const tr: Translate = (key, named) => t(key, named ?? {})
 */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** The 95 % mark: full marks for patrol coverage in common assessment schemes (DOMAIN.md). */
export const COVERAGE_TARGET = 0.95;

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

/**
 * A rate as "12.3%", or "—" when there is nothing to count (never 0 %).
 * @example percent(0.1234) === '12.3%'; percent(null) === '—'
 */
export function percent(r: Rate | undefined): string {
  return r === null || r === undefined || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** A value axis of fractions 0–1 labelled in percent. */
export function percentAxis(max = 1) {
  return {
    type: 'value' as const,
    min: 0,
    max,
    axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%`, color: TEXT.muted },
    splitLine: { lineStyle: { color: TEXT.split } },
  };
}

export const AXIS_STYLE = {
  axisLine: { lineStyle: { color: TEXT.axis } },
  axisTick: { show: false },
  axisLabel: { color: TEXT.muted },
};

/** "YYYY-MM" as the month words of the locale ("2026年10月" / "Oct 2026"). */
export function monthWords(month: string, t: Translate): string {
  const [year, m] = month.split('-');
  return t('analysis.monthOption', { year, month: m });
}
