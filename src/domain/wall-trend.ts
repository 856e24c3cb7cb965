/**
 * The wall screen's incident trend: per month, the incidents reported and the closure and on-time rates, each
 * from monthRates, the function behind the `stats` month figures.
 */
import type { IncidentProps } from './types';
import type { DeadlineOptions } from './deadline';
import { monthRates } from './stats';
import type { Rate } from './rate';
import { monthsEnding } from './time';

export interface TrendPoint {
  month: string;
  total: number;
  closureRate: Rate;
  onTimeRate: Rate;
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
