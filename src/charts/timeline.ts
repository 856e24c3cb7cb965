/**
 * The timeline: incidents per CST day stacked by category, under a brush along time. It draws the summary's
 * "every dimension but time" counts, so the brushed range stays visible in context (crossfilter's habit).
 */
import { INCIDENT_CATEGORIES } from '../domain/types';
import type { IncidentSummary } from '../domain/incident-filter';
import type { ChartOption } from './echarts';
import { AXIS_STYLE, baseOption, type Translate } from './common';
import { CATEGORY_COLOURS, TEXT } from './palette';
import { cstDay } from '../domain/time';

/** The brush: one lineX range on the day axis. */
export const TIMELINE_BRUSH = {
  brushType: 'lineX',
  brushMode: 'single',
} as const;

/** The plot's margins in pixels (exported: the browser test aims its brush drag with them). */
export const TIMELINE_GRID = { left: 44, right: 16, top: 28, bottom: 26 } as const;

/**
 * @example chart.setOption(timelineOption(summary, t))
 */
export function timelineOption(summary: Pick<IncidentSummary, 'days' | 'byCategory'>, t: Translate): ChartOption {
  const { days, byCategory } = summary;
  for (const c of INCIDENT_CATEGORIES) {
    const counts = byCategory[c];
    if (!counts || counts.length !== days.length)
      throw new RangeError(`timelineOption: byCategory.${c} has ${counts?.length ?? 'no'} values for ${days.length} days`);
  }
  const labels = days.map(cstDay);
  return {
    ...baseOption(),
    grid: { ...TIMELINE_GRID },
    legend: {
      // One line whatever the language: nine category names do not fit the dock's width in English.
      type: 'scroll',
      top: 0,
      left: 40,
      right: 16,
      itemWidth: 10,
      itemHeight: 10,
      textStyle: { color: TEXT.muted, fontSize: 11 },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    // The brush's own toolbox (ECharts adds one for every brush) stays hidden: the dock starts the brush itself.
    toolbox: { show: false },
    brush: {
      ...TIMELINE_BRUSH,
      xAxisIndex: 0,
      // A click without a drag clears the range (= all months): ECharts sends brushEnd with no areas.
      removeOnClick: true,
      transformable: true,
      throttleType: 'debounce',
      throttleDelay: 120,
      // The brush marks the range with its own band and does not restyle the bars (no per-bar visual in large
      // mode, and a filter redraw would pay for it on every bar).
      seriesIndex: [],
      brushStyle: { color: 'rgba(29, 78, 216, 0.12)', borderColor: 'rgba(29, 78, 216, 0.7)', borderWidth: 1 },
    },
    xAxis: {
      type: 'category',
      data: labels,
      ...AXIS_STYLE,
      axisLabel: {
        color: TEXT.muted,
        // "MM-DD" with the year on the first day of a year; ECharts thins the labels to fit.
        formatter: (v: string) => (v.endsWith('-01-01') ? v.slice(0, 4) : v.slice(5)),
      },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: TEXT.split } },
      axisLabel: { color: TEXT.muted },
    },
    series: INCIDENT_CATEGORIES.map((c) => ({
      type: 'bar' as const,
      id: `category-${c}`,
      name: t(`categories.${c}`),
      stack: 'incidents',
      barCategoryGap: '15%',
      // Large mode draws a series' bars as one path instead of an element per bar: a year of days times nine
      // categories went from ~80 ms to ~15 ms per redraw in Chromium here. Bars then have no per-bar visual.
      large: true,
      largeThreshold: 100,
      itemStyle: { color: CATEGORY_COLOURS[c] },
      emphasis: { focus: 'series' as const },
      data: byCategory[c].slice(),
    })),
  };
}
