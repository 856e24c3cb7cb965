/**
 * The wall screen's incident trend: per month, the incidents reported and the closure and on-time rates, each
 * from monthRates, the function behind the `stats` month figures.
 */
import type { IncidentTable } from './incident-table';
import { monthRates } from './stats';
import type { Rate } from './rate';
import { cstDay, monthRange, monthsEnding } from './time';

export interface TrendPoint {
  month: string;
  total: number;
  closureRate: Rate;
  onTimeRate: Rate;
  /**
   * The last day counted ("2026-11-20") when asOf falls before the month's end: the month is partial and its
   * total is not comparable with whole months. null for a whole month.
   */
  through: string | null;
}

/**
 * @example incidentTrend(datasetIncidents(dataset), '2026-11', asOf).at(-1).total === stats.totals.incidents.month.total
 */
export function incidentTrend(table: IncidentTable, lastMonth: string, asOf: number, count = 12): TrendPoint[] {
  return monthsEnding(lastMonth, count).map((month) => {
    const r = monthRates(table, month, asOf);
    const end = monthRange(month)[1];
    const through = asOf < end - 1 ? cstDay(asOf) : null;
    return { month, total: r.total, closureRate: r.closureRate, onTimeRate: r.onTimeRate, through };
  });
}
