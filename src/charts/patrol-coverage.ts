/**
 * Enterprise patrol coverage per grid for one month, worst first, against the target (domain/rules PATROL_COVERAGE_TARGET): bars under
 * it in the warning colour; with a grid selected, the others fade and it is outlined in the map's selection colour. A grid without enterprises
 * has no coverage (null): it is listed last with "—" and no bar, never as 0 %.
 */
import { formatRate, type Rate } from '../domain/rate';
import type { ChartOption } from './echarts';
import { PATROL_COVERAGE_TARGET, underPatrolTarget } from '../domain/rules';
import { baseOption, type Translate } from './common';
import { COVERAGE_COLOURS, GRID_BAR, TEXT } from './palette';
import { escapeHtml } from '../io/escape-html';

export interface GridCoverage {
  code: string;
  name: string;
  coverage: Rate;
}

/**
 * Grids in drawing order: lowest coverage first, nulls last, ties by code.
 * @example coverageOrder([{ code: 'a', name: 'A', coverage: 1 }, { code: 'b', name: 'B', coverage: 0.5 }])[0].code === 'b'
 */
export function coverageOrder(grids: readonly GridCoverage[]): GridCoverage[] {
  for (const g of grids) {
    if (g.coverage !== null && !(Number.isFinite(g.coverage) && g.coverage >= 0 && g.coverage <= 1))
      throw new RangeError(`patrolCoverageOption: grid ${g.code} has coverage ${String(g.coverage)}, not 0–1 or null`);
  }
  return [...grids].sort((a, b) => {
    if (a.coverage === null || b.coverage === null) return a.coverage === null ? (b.coverage === null ? a.code.localeCompare(b.code) : 1) : -1;
    return a.coverage - b.coverage || a.code.localeCompare(b.code);
  });
}

/** @example chart.setOption(patrolCoverageOption(report.grids.map(...), selectedCode, t)) */
export function patrolCoverageOption(
  grids: readonly GridCoverage[],
  selected: string | null,
  t: Translate,
): ChartOption {
  const ordered = coverageOrder(grids);
  const names = new Map(ordered.map((g) => [g.code, g.name]));
  return {
    ...baseOption(),
    grid: { left: 8, right: 52, top: 22, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const g = ordered[(Array.isArray(p) ? p[0] : p).dataIndex];
        // HTML (ECharts sets it as innerHTML): the grid's name comes from the dataset, so it is escaped.
        return g ? `${escapeHtml(g.name)}<br>${escapeHtml(t('charts.patrol.coverage'))}: ${formatRate(g.coverage)}` : '';
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: ordered.map((g) => g.code),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { color: TEXT.color, width: 110, overflow: 'truncate', formatter: (c: string) => names.get(c) ?? c },
    },
    series: [
      {
        type: 'bar',
        id: 'coverage',
        name: t('charts.patrol.coverage'),
        barMaxWidth: 14,
        cursor: 'pointer',
        label: {
          show: true,
          position: 'right',
          color: TEXT.muted,
          formatter: (p) => formatRate(ordered[p.dataIndex]?.coverage ?? null),
        },
        data: ordered.map((g) => ({
          // ECharts draws no bar for null; the label still says "—".
          value: g.coverage as number,
          itemStyle: {
            color: underPatrolTarget(g.coverage) ? COVERAGE_COLOURS.warn : COVERAGE_COLOURS.ok,
            borderColor: g.code === selected ? GRID_BAR.selected : 'transparent',
            borderWidth: g.code === selected ? 2 : 0,
            opacity: selected === null || g.code === selected ? 1 : 0.4,
          },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: COVERAGE_COLOURS.mark, type: 'dashed', width: 1.5 },
          label: { position: 'start', formatter: formatRate(PATROL_COVERAGE_TARGET, 0), color: COVERAGE_COLOURS.mark },
          data: [{ xAxis: PATROL_COVERAGE_TARGET }],
        },
      },
    ],
  };
}
