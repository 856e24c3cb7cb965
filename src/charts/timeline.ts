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
    // The dock is shorter than a day's nine categories: the tip goes on the page (not clipped by the dock), above
    // the pointer and kept within the chart's width, so it never runs off the bottom or the sides of the screen.
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: false,
      appendTo: () => document.body,
      className: 'gs-timeline-tip',
      position: timelineTipPosition,
    },
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
        // About twelve labels whatever the range, so the labels shown are known here: each says "MM-DD", and the
        // first one shown and the first shown in a new year carry the year ("2025-12-01", "01-04", …, "2026-01-05").
        interval: dayLabelInterval(labels.length),
        formatter: (v: string, i: number) => dayLabel(labels, i, dayLabelInterval(labels.length)),
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

/** Labels skipped between two shown on a day axis of `n` days: about twelve shown, room for a whole date. */
export function dayLabelInterval(n: number): number {
  return Math.max(0, Math.ceil(n / 12) - 1);
}

/**
 * The label of day `i` ("YYYY-MM-DD") among `days` when every (interval + 1)-th is shown: "MM-DD", with the year
 * on the first label shown and on the first one shown in each new year.
 * @example dayLabel(['2025-12-30', '2025-12-31', '2026-01-01'], 2, 1) // "2026-01-01"
 */
export function dayLabel(days: readonly string[], i: number, interval: number): string {
  const day = days[i];
  const previous = i - (interval + 1);
  const newYear = previous < 0 || days[previous]?.slice(0, 4) !== day.slice(0, 4);
  return newYear ? day : day.slice(5);
}

/**
 * Where the timeline's tooltip goes, relative to the chart: centred over the pointer, above it, and within the
 * chart's width.
 * @example timelineTipPosition([700, 90], null, null, null, { contentSize: [120, 250], viewSize: [760, 120] }) // [640, -176]
 */
export function timelineTipPosition(
  point: number[],
  _params: unknown,
  _dom: unknown,
  _rect: unknown,
  size: { contentSize: number[]; viewSize: number[] },
): [number, number] {
  const [w, h] = size.contentSize;
  const x = Math.min(Math.max(point[0] - w / 2, 0), Math.max(0, size.viewSize[0] - w));
  return [Math.round(x), Math.round(point[1] - h - 16)];
}
