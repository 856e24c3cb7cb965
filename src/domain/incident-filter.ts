/**
 * The analyst's incident filter and what one filter yields (issue 4): the contract between the analysis worker,
 * the analysis store, the charts and the map layers. Cross-filtering follows crossfilter's habit: a view is
 * filtered by every dimension but its own (the timeline ignores the time range, the grid ranking ignores the grid
 * choice), so the brush and the selected bar stay visible in context. Towns and communities (issue 14) are
 * dimensions of their own, read through each incident's grid (domain/hierarchy): the community ranking ignores the
 * community choice but follows the town and the grid ones, and so on.
 */
import type { IncidentCategory, IncidentLevel, IncidentStatus } from './types';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from './types';
import type { Rate } from './rate';
import { monthRange } from './time';

/** null on a dimension means "all". Times are epoch ms; `from` inclusive, `to` exclusive, on `reportedAt`. */
export interface IncidentFilter {
  from: number | null;
  to: number | null;
  categories: readonly IncidentCategory[] | null;
  levels: readonly IncidentLevel[] | null;
  statuses: readonly IncidentStatus[] | null;
  /** Grid codes (an incident's `gridCode`, DOMAIN.md). */
  grids: readonly string[] | null;
  /** Town (镇/街道) codes, 9 digits (domain/hierarchy): incidents whose grid's community lies in one of them. */
  towns: readonly string[] | null;
  /** Community codes: incidents whose grid belongs to one of them (domain/hierarchy's communityOfGrid). */
  communities: readonly string[] | null;
}

/** Everything passes. */
export const NO_FILTER: IncidentFilter = Object.freeze({
  from: null,
  to: null,
  categories: null,
  levels: null,
  statuses: null,
  grids: null,
  towns: null,
  communities: null,
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

/** One community's or town's incidents under the filter (all dimensions but its own), like a grid's. */
export type UnitIncidentCount = GridIncidentCount;

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
  /**
   * Per community (all dimensions but the community one), by count descending then code: every community of the
   * dataset within the chosen towns, enterprises summed over its grids in force. Empty when the summary was made
   * without the dataset's hierarchy.
   */
  communities: UnitIncidentCount[];
  /** Per town (all dimensions but the town one), by count descending then code; empty without the hierarchy. */
  towns: UnitIncidentCount[];
}

/** Enterprise patrol coverage by month (the same function as `stats`' enterpriseCoverage), for the trend chart. */
export interface PatrolTrend {
  months: string[];
  community: Rate[];
  grids: { code: string; name: string; coverage: Rate[]; leaderPatrolled: boolean[] }[];
}

/** The filter's dimensions, as `filterMask`'s `except` names them. */
export const FILTER_DIMENSIONS = ['time', 'categories', 'levels', 'statuses', 'grids', 'towns', 'communities'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

const LEVELS: readonly number[] = [1, 2, 3, 4];

/**
 * `filter` checked: every value known, times finite, `from` not after `to`. Throws a RangeError naming the bad
 * value; the store and the worker both call it, so a bad filter fails where it was made, not as an empty chart.
 * @example checkFilter({ ...NO_FILTER, categories: ['fire'] })
 */
export function checkFilter(filter: IncidentFilter): IncidentFilter {
  const { from, to, categories, levels, statuses, grids } = filter;
  for (const [name, t] of [['from', from], ['to', to]] as const) {
    if (t !== null && (typeof t !== 'number' || !Number.isFinite(t)))
      throw new RangeError(`filter.${name} must be epoch milliseconds or null, got ${String(t)}`);
  }
  if (from !== null && to !== null && from > to)
    throw new RangeError(`filter.from (${new Date(from).toISOString()}) is after filter.to (${new Date(to).toISOString()})`);
  const known = (name: string, values: readonly unknown[] | null, allowed: readonly unknown[]) => {
    if (values === null) return;
    if (!Array.isArray(values)) throw new RangeError(`filter.${name} must be a list or null`);
    for (const v of values)
      if (!allowed.includes(v)) throw new RangeError(`filter.${name}: unknown value ${JSON.stringify(v)} (known: ${allowed.join(', ')})`);
  };
  known('categories', categories, INCIDENT_CATEGORIES);
  known('levels', levels, LEVELS);
  known('statuses', statuses, INCIDENT_STATUSES);
  const codes = (name: string, what: string, values: readonly unknown[] | null | undefined) => {
    if (values === null || values === undefined) return;
    if (!Array.isArray(values)) throw new RangeError(`filter.${name} must be a list of ${what} codes or null`);
    for (const g of values)
      if (typeof g !== 'string' || g === '') throw new RangeError(`filter.${name}: not a ${what} code: ${JSON.stringify(g)}`);
  };
  codes('grids', 'grid', grids);
  codes('towns', 'town', filter.towns);
  codes('communities', 'community', filter.communities);
  return filter;
}

/**
 * A string that is equal for two filters that select the same incidents (lists compared as sets): what a hex
 * result or a summary says it was computed for.
 * @example filterKey({ ...NO_FILTER, levels: [2, 1] }) === filterKey({ ...NO_FILTER, levels: [1, 2] })
 */
export function filterKey(filter: IncidentFilter): string {
  const set = (v: readonly (string | number)[] | null) => (v === null ? null : [...new Set(v)].map(String).sort());
  return JSON.stringify([
    filter.from,
    filter.to,
    set(filter.categories),
    set(filter.levels),
    set(filter.statuses),
    set(filter.grids),
    // A filter made before towns and communities were dimensions (no such keys) selects what "all" does.
    set(filter.towns ?? null),
    set(filter.communities ?? null),
  ]);
}

/**
 * The filter's time range for one CST calendar month, other dimensions unchanged.
 * @example monthFilter('2026-10') // { ...NO_FILTER, from: Date.parse('2026-10-01T00:00+08:00'), to: … '2026-11-01…' }
 */
export function monthFilter(month: string, base: IncidentFilter = NO_FILTER): IncidentFilter {
  const [from, to] = monthRange(month);
  return { ...base, from, to };
}
