/** Incidents by level per month, stacked: escalation (levels 3–4) shows as the dark top of each bar. */
import type { IncidentSummary } from '../domain/incident-filter';
import { monthOf } from '../domain/time';
import type { ChartOption } from './echarts';
import { baseOption, monthAxis, type Translate } from './common';
import { LEVEL_COLOURS, TEXT } from './palette';

const LEVELS = ['1', '2', '3', '4'] as const;

/**
 * The day counts of `summary.byLevel` summed into `summary.months` (CST months).
 * @example levelsByMonth(summary)['1'] // one number per month
 */
export function levelsByMonth(
  summary: Pick<IncidentSummary, 'days' | 'byLevel' | 'months'>,
): Record<(typeof LEVELS)[number], number[]> {
  const { days, byLevel, months } = summary;
  const at = new Map(months.map((m, i) => [m, i]));
  const out = Object.fromEntries(LEVELS.map((l) => [l, months.map(() => 0)])) as Record<
    (typeof LEVELS)[number],
    number[]
  >;
  for (const l of LEVELS) {
    const counts = byLevel[l];
    if (!counts || counts.length !== days.length)
      throw new RangeError(`levelsByMonth: byLevel.${l} has ${counts?.length ?? 'no'} values for ${days.length} days`);
    for (let d = 0; d < days.length; d++) {
      if (counts[d] === 0) continue;
      const i = at.get(monthOf(days[d]));
      if (i === undefined) throw new RangeError(`levelsByMonth: day ${days[d]} is in no month of the summary`);
      out[l][i] += counts[d];
    }
  }
  return out;
}

/** @example chart.setOption(levelTrendOption(summary, t)) */
export function levelTrendOption(
  summary: Pick<IncidentSummary, 'days' | 'byLevel' | 'months'>,
  t: Translate,
): ChartOption {
  const byMonth = levelsByMonth(summary);
  return {
    ...baseOption(),
    grid: { left: 40, right: 12, top: 30, bottom: 36 },
    legend: { top: 0, itemWidth: 10, itemHeight: 10, textStyle: { color: TEXT.muted } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: monthAxis(summary.months),
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: TEXT.split } },
      axisLabel: { color: TEXT.muted },
    },
    series: LEVELS.map((l) => ({
      type: 'bar' as const,
      id: `level-${l}`,
      name: t('analysis.levelN', { n: l }),
      stack: 'levels',
      barMaxWidth: 28,
      itemStyle: { color: LEVEL_COLOURS[l] },
      data: byMonth[l],
    })),
  };
}
