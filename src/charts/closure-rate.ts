/**
 * Closure rate and on-time closure rate by month (DOMAIN.md definitions, computed by the worker). A month with
 * nothing to count is a gap in the line, never 0 %: null stays null and `connectNulls` is off.
 */
import type { IncidentSummary } from '../domain/incident-filter';
import type { Rate } from '../domain/rate';
import type { ChartOption } from './echarts';
import { monthRateFrame, type Translate } from './common';
import { RATE_COLOURS } from './palette';

function checked(name: string, rates: readonly Rate[], months: readonly string[]): (number | null)[] {
  if (rates.length !== months.length)
    throw new RangeError(`closureRateOption: ${name} has ${rates.length} values for ${months.length} months`);
  return rates.map((r) => {
    if (r !== null && !(Number.isFinite(r) && r >= 0 && r <= 1))
      throw new RangeError(`closureRateOption: ${name} holds ${String(r)}, not a fraction 0–1 or null`);
    return r;
  });
}

/** @example chart.setOption(closureRateOption(summary, t)) */
export function closureRateOption(
  summary: Pick<IncidentSummary, 'months' | 'closureRate' | 'onTimeRate'>,
  t: Translate,
): ChartOption {
  const { months } = summary;
  const closure = checked('closureRate', summary.closureRate, months);
  const onTime = checked('onTimeRate', summary.onTimeRate, months);
  const line = (id: string, name: string, color: string, data: (number | null)[]) => ({
    type: 'line' as const,
    id,
    name,
    data,
    connectNulls: false,
    // Symbols on: a month alone between two gaps is still seen.
    showSymbol: true,
    symbolSize: 5,
    itemStyle: { color },
    lineStyle: { color, width: 2 },
  });
  return {
    ...monthRateFrame(months),
    series: [
      line('closure', t('charts.closure.closureRate'), RATE_COLOURS.closure, closure),
      line('on-time', t('charts.closure.onTimeRate'), RATE_COLOURS.onTime, onTime),
    ],
  };
}
