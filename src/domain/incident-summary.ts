/**
 * What one incident filter yields (issue 4): which incidents pass it, and the numbers the charts and the grid
 * choropleth draw. Crossfilter semantics (domain/incident-filter): each view is filtered by every dimension but its
 * own. Counting rules are DOMAIN.md's: the month rates go through domain/closure, the same function `monthRates`
 * (and so the `stats` JSON) uses.
 */
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, type IncidentCategory } from './types';
import { checkFilter, type FilterDimension, type GridIncidentCount, type IncidentFilter, type IncidentSummary } from './incident-filter';
import type { IncidentTable } from './incident-table';
import { closureRates, closureTally, tallyClosure, type ClosureTally } from './closure';
import { CST_OFFSET_MS as CST, DAY_MS as DAY, monthOf, monthRange, monthUntil } from './time';
import { rate } from './rate';


export interface FilterMaskOptions {
  /** Leave this dimension out (crossfilter: a view ignores its own dimension). */
  except?: FilterDimension;
  /** Incidents reported after `asOf` are unknown at asOf and never pass (default: no such cut). */
  asOf?: number;
  /** Reused as the output when given (length `table.n`), to spare an allocation per filter change. */
  out?: Uint8Array;
}

/** A lookup table over `values` of one dimension: 1 where the value is chosen. */
function chosen<T>(size: number, picked: readonly T[] | null, indexOf: (v: T) => number | undefined): Uint8Array | null {
  if (picked === null) return null;
  const on = new Uint8Array(size);
  for (const v of picked) {
    const k = indexOf(v);
    if (k !== undefined) on[k] = 1;
  }
  return on;
}

const CATEGORY_INDEX = new Map<string, number>(INCIDENT_CATEGORIES.map((c, i) => [c, i]));
const STATUS_INDEX = new Map<string, number>(INCIDENT_STATUSES.map((s, i) => [s, i]));

/**
 * 1 for each incident that passes `filter` (every dimension, or all but `except`), else 0. Throws a RangeError on
 * a filter with an unknown value or `from` after `to` (domain/incident-filter's checkFilter).
 * @example filterMask(table, { ...NO_FILTER, categories: ['fire'] }, { except: 'time' })
 */
export function filterMask(table: IncidentTable, filter: IncidentFilter, options: FilterMaskOptions = {}): Uint8Array {
  const n = table.n;
  const out = options.out ?? new Uint8Array(n);
  if (out.length !== n) throw new RangeError(`filterMask: out has ${out.length} slots for ${n} incidents`);
  const { from, to, cat, lvl, st, grd } = dimensionTests(table, filter, options.except, options.asOf);
  const { reported, category, level, status, grid } = table;
  const timeAll = from === -Infinity && to === Infinity;
  for (let i = 0; i < n; i++) {
    const t = reported[i];
    out[i] =
      (timeAll || (t >= from && t < to)) &&
      (!cat || cat[category[i]]) &&
      (!lvl || lvl[level[i]]) &&
      (!st || st[status[i]]) &&
      (!grd || grd[grid[i]])
        ? 1
        : 0;
  }
  return out;
}

/** The filter as bounds and lookup tables over the table's codes (null: the dimension lets everything pass). */
interface DimensionTests {
  from: number;
  to: number;
  cat: Uint8Array | null;
  lvl: Uint8Array | null;
  st: Uint8Array | null;
  grd: Uint8Array | null;
}

function dimensionTests(table: IncidentTable, filter: IncidentFilter, except?: FilterDimension, asOf?: number): DimensionTests {
  checkFilter(filter);
  const useTime = except !== 'time';
  const from = useTime && filter.from !== null ? filter.from : -Infinity;
  let to = useTime && filter.to !== null ? filter.to : Infinity;
  if (asOf !== undefined) to = Math.min(to, asOf + 1);
  const gridIndex = new Map(table.gridCodes.map((c, i) => [c, i]));
  return {
    from,
    to,
    cat: except === 'categories' ? null : chosen(INCIDENT_CATEGORIES.length, filter.categories, (c) => CATEGORY_INDEX.get(c)),
    lvl: except === 'levels' ? null : chosen(5, filter.levels, (l) => l),
    st: except === 'statuses' ? null : chosen(INCIDENT_STATUSES.length, filter.statuses, (x) => STATUS_INDEX.get(x)),
    grd: except === 'grids' ? null : chosen(table.gridCodes.length, filter.grids, (g) => gridIndex.get(g)),
  };
}

/** The earliest report time of a table (the timeline's first day), kept per table: it is the same every filter. */
const firstReported = new WeakMap<IncidentTable, number>();
function firstOf(table: IncidentTable): number {
  let first = firstReported.get(table);
  if (first === undefined) {
    first = Infinity;
    for (let i = 0; i < table.n; i++) if (table.reported[i] < first) first = table.reported[i];
    firstReported.set(table, first);
  }
  return first;
}

/** A grid as the ranking shows it: its code, name and enterprises (by boundary, at asOf: geo/assign). */
export interface SummaryGrid {
  code: string;
  name: string;
  enterprises: number;
}

export interface IncidentSummaryOptions {
  /** The dataset's "now" (domain/stats datasetAsOf): the last day and the cutoff of the last month. */
  asOf: number;
  /** The grids in force at asOf, each listed even with no incident. */
  grids: readonly SummaryGrid[];
  /** Names of other grids incidents name (e.g. revoked ones; listed when they have a count); the code stands in
   * for a name not given. */
  names?: ReadonlyMap<string, string>;
}

/** Sorted epoch ms month starts covering [first, last], and their "YYYY-MM". */
function monthSpan(first: number, last: number): { months: string[]; starts: number[] } {
  const months: string[] = [];
  const starts: number[] = [];
  for (let m = monthOf(first); ; ) {
    const [start, end] = monthRange(m);
    months.push(m);
    starts.push(start);
    if (end > last) break;
    m = monthOf(end);
  }
  return { months, starts };
}

/** Index of the month containing t (starts ascending), or −1 before the first. */
function monthIndex(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (!(t >= starts[0])) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The charts' numbers for one filter: the total passing it; per day incidents by category and by level and per
 * month closure and on-time rates, all ignoring the time range; per grid the count ignoring the grid choice. Only
 * incidents reported by asOf count (what the data can speak for, as in monthRates).
 * @example incidentSummary(table, monthFilter('2026-10'), { asOf, grids: [{ code, name, enterprises }] }).grids[0]
 */
export function incidentSummary(
  table: IncidentTable,
  filter: IncidentFilter,
  options: IncidentSummaryOptions,
): IncidentSummary {
  const { asOf } = options;
  if (!Number.isFinite(asOf)) throw new RangeError(`incidentSummary: asOf must be epoch ms, got ${asOf}`);
  const n = table.n;
  // One pass over the columns with the filter's lookup tables; each view takes the incidents that pass every
  // dimension but its own (the masks filterMask would give with `except`, without building them).
  const { from, to, cat, lvl, st, grd } = dimensionTests(table, filter, undefined, asOf);
  const { reported, closed, deadline, category, level, status, grid } = table;

  // The time axis spans every incident (not the filtered ones), so it stays put while the analyst filters.
  const first = Math.min(firstOf(table), asOf);
  const day0 = Math.floor((first + CST) / DAY);
  const dayN = Math.floor((asOf + CST) / DAY);
  const days = Array.from({ length: dayN - day0 + 1 }, (_, k) => (day0 + k) * DAY - CST);
  const byCat = INCIDENT_CATEGORIES.map(() => new Array<number>(days.length).fill(0));
  const byLvl = [1, 2, 3, 4].map(() => new Array<number>(days.length).fill(0));

  const { months, starts } = monthSpan(days[0], asOf);
  const cutoffs = months.map((m) => monthUntil(m, asOf)[1]);
  const tallies: ClosureTally[] = months.map(() => closureTally());
  const monthOfDay = Int32Array.from(days, (d) => monthIndex(starts, d));
  const perGrid = new Float64Array(table.gridCodes.length);
  let total = 0;

  for (let i = 0; i < n; i++) {
    const t = reported[i];
    if (!(t <= asOf)) continue; // not yet reported at asOf
    if ((cat && !cat[category[i]]) || (lvl && !lvl[level[i]]) || (st && !st[status[i]])) continue;
    const inTime = t >= from && t < to;
    if (inTime) perGrid[grid[i]]++;
    if (grd && !grd[grid[i]]) continue;
    if (inTime) total++;
    const d = Math.floor((t + CST) / DAY) - day0;
    byCat[category[i]][d]++;
    byLvl[level[i] - 1][d]++;
    // An incident counts in at most two months' rates: the one it was reported in and the one it was closed in.
    // tallyClosure over those two is what a loop over every month would count (the others match neither window).
    const mr = monthOfDay[d];
    const c = closed[i];
    const dc = c <= asOf ? Math.floor((c + CST) / DAY) - day0 : -1; // NaN (open) compares false: −1
    const mc = dc >= 0 ? monthOfDay[dc] : -1;
    tallyClosure(tallies[mr], t, c, starts[mr], cutoffs[mr], deadline[i]);
    if (mc >= 0 && mc !== mr) tallyClosure(tallies[mc], t, c, starts[mc], cutoffs[mc], deadline[i]);
  }

  const counted = new Map(table.gridCodes.map((c, k) => [c, perGrid[k]]));
  const grids: GridIncidentCount[] = options.grids.map((g) => {
    const count = counted.get(g.code) ?? 0;
    return { code: g.code, name: g.name, count, enterprises: g.enterprises, perEnterprise: g.enterprises ? rate(count, g.enterprises) : null };
  });
  const listed = new Set(options.grids.map((g) => g.code));
  // A code outside the grids in force (revoked, or a typo) is listed only when the filter leaves it incidents:
  // an anomaly worth a bar, not a row of zeros in every view.
  for (const [code, count] of counted)
    if (!listed.has(code) && count > 0)
      grids.push({ code, name: options.names?.get(code) ?? code, count, enterprises: 0, perEnterprise: null });
  grids.sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const rates = tallies.map(closureRates);
  return {
    filter,
    total,
    days,
    byCategory: Object.fromEntries(INCIDENT_CATEGORIES.map((c, k) => [c, byCat[k]])) as Record<IncidentCategory, number[]>,
    byLevel: { '1': byLvl[0], '2': byLvl[1], '3': byLvl[2], '4': byLvl[3] },
    months,
    closureRate: rates.map((r) => r.closureRate),
    onTimeRate: rates.map((r) => r.onTimeRate),
    grids,
  };
}
