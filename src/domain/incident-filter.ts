/**
 * The analyst's incident filter and what one filter yields (issue 4): the contract between the analysis worker,
 * the analysis store, the charts and the map layers. Cross-filtering follows crossfilter's habit: a view is
 * filtered by every dimension but its own (the timeline ignores the time range, the grid ranking ignores the grid
 * choice), so the brush and the selected bar stay visible in context.
 */
import type { IncidentCategory, IncidentLevel, IncidentStatus } from './types';
import type { Rate } from './rate';

/** null on a dimension means "all". Times are epoch ms; `from` inclusive, `to` exclusive, on `reportedAt`. */
export interface IncidentFilter {
  from: number | null;
  to: number | null;
  categories: readonly IncidentCategory[] | null;
  levels: readonly IncidentLevel[] | null;
  statuses: readonly IncidentStatus[] | null;
  /** Grid codes (an incident's `gridCode`, DOMAIN.md). */
  grids: readonly string[] | null;
}

/** Everything passes. */
export const NO_FILTER: IncidentFilter = Object.freeze({
  from: null,
  to: null,
  categories: null,
  levels: null,
  statuses: null,
  grids: null,
});

/** One grid's incidents under the filter (all dimensions but the grid one). */
export interface GridIncidentCount {
  code: string;
  name: string;
  count: number;
  /** Enterprises in the grid by its boundary, at asOf (the same assignment as `stats`). */
  enterprises: number;
  /** count / enterprises; null when the grid has no enterprise. */
  perEnterprise: Rate;
}

/** What the charts and the choropleth draw for one filter; plain arrays, structured-clone friendly. */
export interface IncidentSummary {
  filter: IncidentFilter;
  /** Incidents passing every dimension of the filter. */
  total: number;
  /** CST day starts (epoch ms), every day from the first incident's day to asOf's day. */
  days: number[];
  /** Per day (parallel to `days`): incidents passing every dimension but time. */
  byCategory: Record<IncidentCategory, number[]>;
  byLevel: Record<'1' | '2' | '3' | '4', number[]>;
  /** "YYYY-MM", every month in `days`' span. */
  months: string[];
  /** Per month (parallel to `months`), DOMAIN.md definitions, over incidents passing every dimension but time. */
  closureRate: Rate[];
  onTimeRate: Rate[];
  /** Every grid in force at asOf plus any other code incidents name, by count descending then code. */
  grids: GridIncidentCount[];
}

/** Enterprise patrol coverage by month (the same function as `stats`' enterpriseCoverage), for the trend chart. */
export interface PatrolTrend {
  months: string[];
  community: Rate[];
  grids: { code: string; name: string; coverage: Rate[]; leaderPatrolled: boolean[] }[];
}
