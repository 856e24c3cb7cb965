/**
 * The wall screen's incident trend: per month, the incidents reported and the closure and on-time rates, each
 * from monthRates, the function behind the `stats` month figures.
 */
import type { IncidentTable } from './incident-table';
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
 * @example incidentTrend(datasetIncidents(dataset), '2026-11', asOf).at(-1).total === stats.totals.incidents.month.total
 */
export function incidentTrend(table: IncidentTable, lastMonth: string, asOf: number, count = 12): TrendPoint[] {
  return monthsEnding(lastMonth, count).map((month) => {
    const r = monthRates(table, month, asOf);
    return { month, total: r.total, closureRate: r.closureRate, onTimeRate: r.onTimeRate };
  });
}
