/**
 * The grids with the most incidents under the filter (every dimension but the grid: the selected grid stays in
 * context), as horizontal bars, largest on top; the selected grid is drawn in the map's selection colour and is
 * always listed. Category values are grid codes (names may repeat); labels show names. A click gives the code.
 */
import type { GridIncidentCount } from '../domain/incident-filter';
import type { ChartOption } from './echarts';
import { baseOption, type Translate } from './common';
import { escapeHtml } from '../io/escape-html';
import { GRID_BAR, TEXT } from './palette';

export type GridMetric = 'count' | 'perEnterprise';

export interface TopGridsOptions {
  metric: GridMetric;
  selected: string | null;
  /** How many grids to list (default 10); the selected grid is added when it is not among them. */
  limit?: number;
}

/**
 * The grids the chart lists, in drawing order (largest first). Per enterprise: grids without enterprises (null)
 * are left out, since their rate is undefined, not zero.
 * @example topGrids(summary.grids, { metric: 'count', selected: null, limit: 3 })
 */
export function topGrids(grids: readonly GridIncidentCount[], options: TopGridsOptions): GridIncidentCount[] {
  const { metric, selected, limit = 10 } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`topGrids: limit must be a positive integer, got ${limit}`);
  const value = (g: GridIncidentCount) => (metric === 'count' ? g.count : g.perEnterprise);
  const ranked = grids
    .filter((g) => value(g) !== null)
    .sort((a, b) => (value(b) as number) - (value(a) as number) || a.code.localeCompare(b.code));
  const top = ranked.slice(0, limit);
  const chosen = selected === null ? undefined : ranked.find((g) => g.code === selected);
  if (chosen && !top.includes(chosen)) top.push(chosen);
  return top;
}

/** @example chart.setOption(topGridsOption(summary.grids, { metric: 'count', selected: 'xxx' }, t)) */
export function topGridsOption(
  grids: readonly GridIncidentCount[],
  options: TopGridsOptions,
  t: Translate,
): ChartOption {
  const top = topGrids(grids, options);
  const names = new Map(top.map((g) => [g.code, g.name]));
  const perEnterprise = options.metric === 'perEnterprise';
  const format = (v: number) => (perEnterprise ? v.toFixed(2) : String(v));
  return {
    ...baseOption(),
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const g = top[item.dataIndex];
        return g
          ? // The tooltip is HTML (ECharts sets it as innerHTML): every text from the dataset or a translation is escaped.
            `${escapeHtml(g.name)}<br>${escapeHtml(t('charts.topGrids.count'))}: ${g.count}<br>${escapeHtml(t('charts.topGrids.enterprises'))}: ${g.enterprises}`
          : '';
      },
    },
    xAxis: { type: 'value', show: false, minInterval: perEnterprise ? undefined : 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: top.map((g) => g.code),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: {
        color: TEXT.color,
        width: 110,
        overflow: 'truncate',
        formatter: (code: string) => names.get(code) ?? code,
      },
    },
    series: [
      {
        type: 'bar',
        id: 'top-grids',
        name: t(perEnterprise ? 'charts.topGrids.perEnterprise' : 'charts.topGrids.count'),
        barMaxWidth: 16,
        cursor: 'pointer',
        label: {
          show: true,
          position: 'right',
          color: TEXT.muted,
          formatter: (p) => format(Number(p.value)),
        },
        data: top.map((g) => ({
          value: (perEnterprise ? g.perEnterprise : g.count) as number,
          itemStyle: { color: g.code === options.selected ? GRID_BAR.selected : GRID_BAR.normal },
        })),
      },
    ],
  };
}
