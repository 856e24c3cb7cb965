/**
 * The wall screen's incident trend: per month, the incidents reported and the closure and on-time rates, each
 * from monthRates, the function behind the `stats` month figures.
 */
import type { IncidentProps } from './types';
import type { DeadlineOptions } from './deadline';
import { monthRates } from './stats';
import type { Rate } from './rate';

export interface TrendPoint {
  month: string;
  total: number;
  closureRate: Rate;
  onTimeRate: Rate;
}

/**
 * The `count` months ending with `last` ("YYYY-MM"), oldest first.
 * @example monthsEnding('2026-02', 3) // ['2025-12', '2026-01', '2026-02']
 */
export function monthsEnding(last: string, count: number): string[] {
  const m = /^(\d{4})-(\d{2})$/.exec(last);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${last}`);
  const k0 = Number(m[1]) * 12 + Number(m[2]) - 1;
  const out: string[] = [];
  for (let k = k0 - count + 1; k <= k0; k++) out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  return out;
}

/**
 * @example incidentTrend(incidents, '2026-11', asOf, 12).at(-1).total === stats.totals.incidents.month.total
 */
export function incidentTrend(
  incidents: readonly { properties: IncidentProps }[],
  lastMonth: string,
  asOf: number,
  count = 12,
  deadlines?: DeadlineOptions,
): TrendPoint[] {
  return monthsEnding(lastMonth, count).map((month) => {
    const r = monthRates(incidents as { properties: IncidentProps }[], month, asOf, deadlines);
    return { month, total: r.total, closureRate: r.closureRate, onTimeRate: r.onTimeRate };
  });
}
