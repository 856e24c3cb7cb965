/**
 * What one incident filter yields (issue 4): which incidents pass it, and the numbers the charts and the grid
 * choropleth draw. Crossfilter semantics (domain/incident-filter): each view is filtered by every dimension but its
 * own. Counting rules are DOMAIN.md's: the month rates go through domain/closure, the same function `monthRates`
 * (and so the `stats` JSON) uses.
 */
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, type IncidentCategory } from './types';
import {
  checkFilter,
  type FilterDimension,
  type GridIncidentCount,
  type IncidentFilter,
  type IncidentSummary,
  type UnitIncidentCount,
} from './incident-filter';
import { communityOfGrid as communityByCode, type Hierarchy } from './hierarchy';
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
  /** The table's grids' communities and towns (`summaryUnits`): needed when the filter names towns or communities. */
  units?: SummaryUnits;
}

/** A community or town as the rankings show it, with the enterprises of its grids in force. */
export interface SummaryUnit {
  code: string;
  name: string;
  enterprises: number;
}

/**
 * The hierarchy as integer look-ups over one table's grid indexes (issue 14), made once per table: a town or
 * community filter then folds into the per-grid look-up table the grid filter already uses, so a million
 * incidents filter as fast as without it.
 */
export interface SummaryUnits {
  /** Sorted by code (the hierarchy's order). */
  communities: SummaryUnit[];
  towns: SummaryUnit[];
  /** Per grid index of the table (`table.gridCodes`): the index in `communities` of its community, −1 for none. */
  communityOfGrid: Int32Array;
  /** Per index in `communities`: the index in `towns` of its town, −1 for none. */
  townOfCommunity: Int32Array;
  /** Community index of each grid in force (the ranking lists a grid without incidents too). */
  communityOfCode: ReadonlyMap<string, number>;
  /** The table the grid indexes are of (a guard: units of another table would count the wrong grids). */
  gridCodes: readonly string[];
}

/**
 * The hierarchy's maps as typed arrays over `table`'s grid indexes. A grid an incident names that is not in force
 * (revoked) belongs to the community its code names (domain/hierarchy's communityOfGrid), else to none.
 * @example summaryUnits(table, buildHierarchy(dataset, asOf), analysisGrids(dataset, asOf).grids)
 */
export function summaryUnits(
  table: Pick<IncidentTable, 'gridCodes'>,
  hierarchy: Pick<Hierarchy, 'communities' | 'towns' | 'communityOfGrid'>,
  grids: readonly SummaryGrid[],
): SummaryUnits {
  const communityIndex = new Map(hierarchy.communities.map((c, k) => [c.code, k]));
  const townIndex = new Map(hierarchy.towns.map((t, k) => [t.code, k]));
  const codes = new Set(communityIndex.keys());
  const communityOf = (code: string): number => {
    const c = hierarchy.communityOfGrid.get(code) ?? communityByCode({ code }, codes);
    return c === null ? -1 : (communityIndex.get(c) ?? -1);
  };
  const communityOfCode = new Map(grids.map((g) => [g.code, communityOf(g.code)]));
  const communities = hierarchy.communities.map((c) => ({ code: c.code, name: c.name, enterprises: 0 }));
  const towns = hierarchy.towns.map((t) => ({ code: t.code, name: t.name, enterprises: 0 }));
  const townOfCommunity = Int32Array.from(hierarchy.communities, (c) => (c.townCode === null ? -1 : (townIndex.get(c.townCode) ?? -1)));
  for (const g of grids) {
    const c = communityOfCode.get(g.code)!;
    if (c < 0) continue;
    communities[c].enterprises += g.enterprises;
    if (townOfCommunity[c] >= 0) towns[townOfCommunity[c]].enterprises += g.enterprises;
  }
  const communityOfGrid = Int32Array.from(table.gridCodes, (code) => communityOfCode.get(code) ?? communityOf(code));
  return { communities, towns, communityOfGrid, townOfCommunity, communityOfCode, gridCodes: table.gridCodes };
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
  const { from, to, cat, lvl, st, space: grd } = dimensionTests(table, filter, options.except, options.asOf, options.units);
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
  /** Per grid index: the grid dimension. */
  grd: Uint8Array | null;
  /** Per community index: the community dimension; per town index: the town dimension. */
  com: Uint8Array | null;
  twn: Uint8Array | null;
  /** Per grid index: the grid, community and town dimensions together (null: all pass). */
  space: Uint8Array | null;
}

function dimensionTests(
  table: IncidentTable,
  filter: IncidentFilter,
  except?: FilterDimension,
  asOf?: number,
  units?: SummaryUnits,
): DimensionTests {
  checkFilter(filter);
  const towns = except === 'towns' ? null : (filter.towns ?? null);
  const communities = except === 'communities' ? null : (filter.communities ?? null);
  if ((towns !== null || communities !== null) && !units)
    throw new RangeError('a filter on towns or communities needs the dataset\'s hierarchy (summaryUnits)');
  if (units && units.gridCodes !== table.gridCodes && units.communityOfGrid.length !== table.gridCodes.length)
    throw new RangeError(`summaryUnits were made for ${units.communityOfGrid.length} grid codes, the table has ${table.gridCodes.length}`);
  const useTime = except !== 'time';
  const from = useTime && filter.from !== null ? filter.from : -Infinity;
  let to = useTime && filter.to !== null ? filter.to : Infinity;
  if (asOf !== undefined) to = Math.min(to, asOf + 1);
  const gridIndex = new Map(table.gridCodes.map((c, i) => [c, i]));
  const grd = except === 'grids' ? null : chosen(table.gridCodes.length, filter.grids, (g) => gridIndex.get(g));
  const com = units ? chosen(units.communities.length, communities, indexIn(units.communities)) : null;
  const twn = units ? chosen(units.towns.length, towns, indexIn(units.towns)) : null;
  let space = grd;
  if (units && (com || twn)) {
    // Folded into one look-up per grid index: the scan over the incidents stays one array read per dimension.
    space = new Uint8Array(table.gridCodes.length);
    for (let g = 0; g < space.length; g++) space[g] = (!grd || grd[g]) && unitPasses(units, g, com, twn) ? 1 : 0;
  }
  return {
    from,
    to,
    cat: except === 'categories' ? null : chosen(INCIDENT_CATEGORIES.length, filter.categories, (c) => CATEGORY_INDEX.get(c)),
    lvl: except === 'levels' ? null : chosen(5, filter.levels, (l) => l),
    st: except === 'statuses' ? null : chosen(INCIDENT_STATUSES.length, filter.statuses, (x) => STATUS_INDEX.get(x)),
    grd,
    com,
    twn,
    space,
  };
}

function indexIn(units: readonly SummaryUnit[]): (code: string) => number | undefined {
  const index = new Map(units.map((u, k) => [u.code, k]));
  return (code) => index.get(code);
}

/** Whether grid index `g`'s community passes `com` and its town `twn` (null: the dimension lets all pass). */
function unitPasses(units: SummaryUnits, g: number, com: Uint8Array | null, twn: Uint8Array | null): boolean {
  return communityPasses(units, units.communityOfGrid[g], com, twn);
}

/** Whether community index `c` (−1: none) passes `com` and its town `twn`. */
function communityPasses(units: SummaryUnits, c: number, com: Uint8Array | null, twn: Uint8Array | null): boolean {
  if (com && !(c >= 0 && com[c])) return false;
  if (twn) {
    const t = c >= 0 ? units.townOfCommunity[c] : -1;
    if (!(t >= 0 && twn[t])) return false;
  }
  return true;
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
  /** The table's communities and towns (`summaryUnits`): per-unit counts, and the town and community dimensions. */
  units?: SummaryUnits;
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
  const units = options.units;
  const { from, to, cat, lvl, st, grd, com, twn, space } = dimensionTests(table, filter, undefined, asOf, units);
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
  // Per grid index, the incidents in time passing every non-spatial dimension: the grid, community and town counts
  // each take the grids their other spatial dimensions let through, after the loop (one add per incident).
  const perGrid = new Float64Array(table.gridCodes.length);
  let total = 0;

  for (let i = 0; i < n; i++) {
    const t = reported[i];
    if (!(t <= asOf)) continue; // not yet reported at asOf
    if ((cat && !cat[category[i]]) || (lvl && !lvl[level[i]]) || (st && !st[status[i]])) continue;
    const inTime = t >= from && t < to;
    if (inTime) perGrid[grid[i]]++;
    if (space && !space[grid[i]]) continue;
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

  // The grid ranking ignores the grid choice but keeps the community and town ones: only their grids are listed.
  const inUnits = (c: number | undefined) => !units || communityPasses(units, c ?? -1, com, twn);
  const counted = new Map<string, number>();
  table.gridCodes.forEach((c, k) => {
    if (!units || inUnits(units.communityOfGrid[k])) counted.set(c, perGrid[k]);
  });
  const grids: GridIncidentCount[] = options.grids.filter((g) => !units || inUnits(units.communityOfCode.get(g.code))).map((g) => {
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

  const { communities, towns } = units ? unitCounts(units, perGrid, grd, com, twn) : { communities: [], towns: [] };
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
    communities,
    towns,
  };
}

const byCountThenCode = (a: UnitIncidentCount, b: UnitIncidentCount) =>
  b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Per community (grids passing the grid dimension, communities their towns) and per town (grids passing the grid
 * dimension, communities the community one) from the per-grid counts: each ignores only its own dimension. The
 * community list holds the communities of the chosen towns; the town list every town.
 */
function unitCounts(
  units: SummaryUnits,
  perGrid: Float64Array,
  grd: Uint8Array | null,
  com: Uint8Array | null,
  twn: Uint8Array | null,
): { communities: UnitIncidentCount[]; towns: UnitIncidentCount[] } {
  const perCommunity = new Float64Array(units.communities.length);
  const perTown = new Float64Array(units.towns.length);
  for (let g = 0; g < perGrid.length; g++) {
    const c = units.communityOfGrid[g];
    if (c < 0 || !perGrid[g] || (grd && !grd[g])) continue;
    if (communityPasses(units, c, null, twn)) perCommunity[c] += perGrid[g];
    const t = units.townOfCommunity[c];
    if (t >= 0 && communityPasses(units, c, com, null)) perTown[t] += perGrid[g];
  }
  const row = (u: SummaryUnit, count: number): UnitIncidentCount => ({
    code: u.code,
    name: u.name,
    count,
    enterprises: u.enterprises,
    perEnterprise: u.enterprises ? rate(count, u.enterprises) : null,
  });
  const communities = units.communities
    .map((u, c) => ({ u, c }))
    .filter(({ c }) => communityPasses(units, c, null, twn))
    .map(({ u, c }) => row(u, perCommunity[c]))
    .sort(byCountThenCode);
  const towns = units.towns.map((u, t) => row(u, perTown[t])).sort(byCountThenCode);
  return { communities, towns };
}
