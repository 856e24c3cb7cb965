/**
 * Enterprise patrol coverage by month: the community's line, and the selected grid's when one is selected, against
 * the target (domain/rules PATROL_COVERAGE_TARGET). Months with nothing to count are gaps (null), never 0 %.
 */
import type { PatrolTrend } from '../domain/incident-filter';
import { formatRate, type Rate } from '../domain/rate';
import { PATROL_COVERAGE_TARGET } from '../domain/rules';
import type { LineSeriesOption } from 'echarts/charts';
import type { ChartOption } from './echarts';
import { monthRateFrame, type Translate } from './common';
import { COVERAGE_COLOURS, GRID_BAR } from './palette';

function check(name: string, rates: readonly Rate[], months: number): Rate[] {
  if (rates.length !== months) throw new RangeError(`patrolTrendOption: ${name} has ${rates.length} values for ${months} months`);
  return rates.slice();
}

/** @example chart.setOption(patrolTrendOption(patrol.trend, selectedCode, t)) */
export function patrolTrendOption(trend: PatrolTrend, selected: string | null, t: Translate): ChartOption {
  const { months } = trend;
  const grid = selected === null ? undefined : trend.grids.find((g) => g.code === selected);
  const line = (id: string, name: string, color: string, data: Rate[]): LineSeriesOption => ({
    type: 'line',
    id,
    name,
    data,
    connectNulls: false,
    showSymbol: true,
    symbolSize: 5,
    itemStyle: { color },
    lineStyle: { color, width: 2 },
  });
  const series: LineSeriesOption[] = [
    {
      ...line('community', t('charts.patrol.community'), COVERAGE_COLOURS.community, check('community', trend.community, months.length)),
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: COVERAGE_COLOURS.mark, type: 'dashed', width: 1.5 },
        label: { position: 'insideEndTop', formatter: formatRate(PATROL_COVERAGE_TARGET, 0), color: COVERAGE_COLOURS.mark },
        data: [{ yAxis: PATROL_COVERAGE_TARGET }],
      },
    },
  ];
  if (grid) series.push(line('grid', grid.name, GRID_BAR.selected, check(grid.code, grid.coverage, months.length)));
  return {
    ...monthRateFrame(months),
    series,
  };
}
