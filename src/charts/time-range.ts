/**
 * Days of the timeline and the filter's time range in words. Times are epoch ms; days are CST calendar days
 * (DOMAIN.md), computed by offset (domain/time cstDay) so the labels do not depend on the browser's time zone.
 */
import { DAY_MS, cstDay, monthOf, monthRange } from '../domain/time';
import type { Translate } from './common';

/**
 * The inclusive index span of `days` (ascending CST day starts) that a time range [from, to) covers, or null when
 * it covers none of them or is "all" (both null). A null end is open.
 * @example dayIndexRange([d0, d1, d2], d1, d2) // [1, 1]
 */
export function dayIndexRange(days: readonly number[], from: number | null, to: number | null): [number, number] | null {
  if (from === null && to === null) return null;
  let first = -1;
  let last = -1;
  for (let i = 0; i < days.length; i++) {
    const start = days[i];
    const end = start + DAY_MS;
    // A day is in the range when the range overlaps it.
    if ((from === null || end > from) && (to === null || start < to)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? null : [first, last];
}

/**
 * The time range [from, to) of the days with indices i..j (inclusive, either order, clamped to `days`).
 * @example daysToRange([d0, d1, d2], 0, 1) // { from: d0, to: d1 + DAY_MS }
 */
export function daysToRange(days: readonly number[], i: number, j: number): { from: number; to: number } {
  if (days.length === 0) throw new RangeError('daysToRange: no days');
  if (!Number.isFinite(i) || !Number.isFinite(j)) throw new RangeError(`daysToRange: not indices: ${i}, ${j}`);
  const clamp = (k: number) => Math.min(days.length - 1, Math.max(0, Math.round(k)));
  const a = clamp(Math.min(i, j));
  const b = clamp(Math.max(i, j));
  return { from: days[a], to: days[b] + DAY_MS };
}

/**
 * The time range in words: "全部月份" for none, the month's name when it is exactly one CST month, else the first
 * and last day ("2026-10-03 至 2026-10-19"; `to` is exclusive, so the last day is the one before it).
 * @example rangeWords(...monthRange('2026-10'), t) === '2026年10月'
 */
export function rangeWords(from: number | null, to: number | null, t: Translate): string {
  if (from === null && to === null) return t('filters.allMonths');
  if (from !== null && to !== null) {
    const month = monthOf(from);
    const [start, end] = monthRange(month);
    if (start === from && end === to) {
      const [year, m] = month.split('-');
      return t('analysis.monthOption', { year, month: m });
    }
  }
  const first = from === null ? t('filters.start') : cstDay(from);
  const last = to === null ? t('filters.now') : cstDay(to - 1);
  return first === last ? first : t('filters.between', { from: first, to: last });
}
