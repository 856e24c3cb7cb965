/**
 * The numbers of the `stats` JSON (DOMAIN.md, "How the numbers are counted"). One function per number; the app,
 * the wall screen and the CLI all call these. Incidents are counted over their columns (domain/incident-table), the
 * form incidents.csv is read into; incidents.geojson's features are turned into one.
 */
import type {
  Dataset,
  EnterpriseFeature,
  EnterpriseScale,
  GridFeature,
  Member,
  MemberRole,
  MicroGridFeature,
  PatrolFC,
} from './types';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, MEMBER_ROLES } from './types';
import { dueStateAt } from './deadline';
import { datasetIncidents, type IncidentTable } from './incident-table';
import { activeFeatures } from './lineage';
import { buildHierarchy, communityOfGrid } from './hierarchy';
import { formatCst, monthOf, parseTime } from './time';
import {
  areaCoverage,
  enterpriseCoverage,
  groupBy,
  incidentMonth,
  leaderPatrolledGrids,
  monthIncidents,
  type MonthIncidents,
  tracksInMonth,
  type PatrolGeometry,
} from './month-stats';

import { closureRates } from './closure';

type PatrolFeature = PatrolFC['features'][number];

export { rate, type Rate } from './rate';

/**
 * The dataset's "now": `asOf` of the community features, else the given fallback (the clock).
 * @example datasetAsOf(dataset, Date.now())
 */
export function datasetAsOf(dataset: Pick<Dataset, 'community'>, fallback: number): number {
  const text = dataset.community?.features.find((f) => f.properties.asOf)?.properties.asOf;
  const t = text ? parseTime(text) : NaN;
  return Number.isNaN(t) ? fallback : t;
}

/**
 * The dataset as seen at moment `t`: its communities carry `t` as their asOf (the rest shared, never copied), so
 * every rule that reads asOf (datasetAsOf) checks it at that moment.
 * @example datasetAt(draft, Date.parse('2026-12-15T00:00+08:00'))
 */
export function datasetAt<D extends Pick<Dataset, 'community'>>(dataset: D, t: number): D {
  if (!dataset.community) return dataset;
  const asOf = formatCst(t);
  return { ...dataset, community: { ...dataset.community, features: dataset.community.features.map((f) => ({ ...f, properties: { ...f.properties, asOf } })) } };
}

/** Counts members by role, every role present (0 when none). */
export function membersByRole(members: { role: MemberRole }[]): Record<MemberRole, number> {
  const out = Object.fromEntries(MEMBER_ROLES.map((r) => [r, 0])) as Record<MemberRole, number>;
  for (const m of members) out[m.role]++;
  return out;
}

export interface ScaleCount {
  above: number;
  below: number;
}

/**
 * Enterprises per grid by scale, where the grid is the one containing the point (see geo/assign).
 * @example enterprisesByGrid(enterprises, assignment.grid).get('330424002201001')
 */
export function enterprisesByGrid<K = string>(
  enterprises: { properties: { id: string; scale: EnterpriseScale } }[],
  gridOf: ReadonlyMap<string, K | null>,
): Map<K, ScaleCount> {
  // K: a code, or the unit feature itself where a duplicated code must not add two units up (check-sizing).
  const out = new Map<K, ScaleCount>();
  for (const e of enterprises) {
    const code = gridOf.get(e.properties.id);
    if (!code) continue;
    let c = out.get(code);
    if (!c) out.set(code, (c = { above: 0, below: 0 }));
    c[e.properties.scale]++;
  }
  return out;
}

/** Enterprises by scale over a whole collection. */
export function enterprisesByScale(enterprises: { properties: { scale: EnterpriseScale } }[]): ScaleCount {
  const c = { above: 0, below: 0 };
  for (const e of enterprises) c[e.properties.scale]++;
  return c;
}

/**
 * Incidents by level ("1".."4") and by status (every status slug present): of the whole table, or of the given rows
 * (a community's or a town's, domain/hierarchy).
 * @example incidentsByLevelAndStatus(datasetIncidents(dataset)).byStatus.closed
 */
export function incidentsByLevelAndStatus(
  table: IncidentTable,
  rows?: ArrayLike<number>,
): {
  byLevel: Record<'1' | '2' | '3' | '4', number>;
  byStatus: Record<string, number>;
} {
  const byLevel = { '1': 0, '2': 0, '3': 0, '4': 0 };
  const byStatus: Record<string, number> = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0]));
  const count = rows ? rows.length : table.n;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r] : r;
    byLevel[String(table.level[i]) as '1']++;
    byStatus[INCIDENT_STATUSES[table.status[i]]]++;
  }
  return { byLevel, byStatus };
}

/**
 * Overdue and near-due incidents at `asOf`, over incidents not yet closed (the table's deadline options): of the
 * whole table, or of the given rows.
 * @example dueCounts(table, asOf).overdue
 */
export function dueCounts(table: IncidentTable, asOf: number, rows?: ArrayLike<number>) {
  const { reported, closed, deadline } = table;
  const share = table.deadlines.nearDueShare;
  let overdue = 0;
  let nearDue = 0;
  const count = rows ? rows.length : table.n;
  for (let r = 0; r < count; r++) {
    const i = rows ? rows[r] : r;
    if (reported[i] > asOf) continue; // not yet reported at asOf
    const s = dueStateAt(reported[i], closed[i], deadline[i], asOf, share);
    if (s === 'overdue') overdue++;
    else if (s === 'near-due') nearDue++;
  }
  return { overdue, nearDue };
}

/**
 * Closure rate of a month: of the incidents reported in it, the share closed by the month's end (or by asOf when
 * that is earlier). On-time closure rate: of the incidents closed in it, the share closed no later than their
 * deadline.
 * @example monthRates(table, '2026-10', asOf) // { total, closed, closureRate, closedInMonth, onTimeRate }
 */
export function monthRates(table: IncidentTable, month: string, asOf: number) {
  return closureRates(incidentMonth(table, month, asOf).all.tally);
}

export interface StatsOptions {
  /** "YYYY-MM"; default: the month of asOf. */
  month?: string;
  /** Used when the dataset has no asOf. */
  now: number;
  /** grid and micro-grid containing each enterprise (geo/assign). */
  gridOf: ReadonlyMap<string, string | null>;
  /** What geo/patrol-coverage measured for the same month (patrolGeometry over the month's tracks). */
  patrol: PatrolGeometry;
}

/** What a unit (the dataset, a town, a community) holds: the records its totals count. */
interface UnitParts {
  /** Grids in force. */
  grids: GridFeature[];
  /** Micro-grids in force. */
  micro: MicroGridFeature[];
  enterprises: EnterpriseFeature[];
  members: Member[];
  /** The incident rows of the unit; undefined for every row of the table. */
  rows?: Uint32Array;
  /** The unit's incidents of the month (incidentMonth's `all`, or its `byGrid` added up over the unit's grids). */
  month: MonthIncidents;
  patrols: PatrolFeature[];
  monthTracks: PatrolFeature[];
}

/** What every unit's totals are counted against: the same for the dataset, its towns and its communities. */
interface UnitContext {
  asOf: number;
  incidents: IncidentTable;
  gridOf: ReadonlyMap<string, string | null>;
  patrol: PatrolGeometry;
  /** The grids whose leader patrolled in the month (leaderPatrolledGrids). */
  leaders: ReadonlySet<string>;
}

/**
 * The `totals` object of the stats JSON for one unit: the dataset (every record) or a town or community (the records
 * that belong to it, domain/hierarchy). One function, so the three can never count differently.
 */
function unitTotals(unit: UnitParts, ctx: UnitContext) {
  const { grids, micro, enterprises, members, rows, month, patrols, monthTracks } = unit;
  const { incidents, patrol } = ctx;
  // The unit's enterprises for coverage are those inside one of its grids in force (as per grid, so the totals are
  // the grids' numbers added up); one outside every grid is a validation finding, not an unvisited enterprise.
  const gridCodes = new Set(grids.map((g) => g.properties.code));
  const inGrids = enterprises.map((e) => e.properties.id).filter((id) => gridCodes.has(ctx.gridOf.get(id) ?? ''));
  const coverage = enterpriseCoverage(inGrids, patrol.visited);
  return {
    grids: grids.length,
    microGrids: micro.length,
    enterprises: { ...enterprisesByScale(enterprises), total: enterprises.length },
    members: membersByRole(members),
    incidents: {
      total: rows ? rows.length : incidents.n,
      ...incidentsByLevelAndStatus(incidents, rows),
      ...dueCounts(incidents, ctx.asOf, rows),
      // The month's rates and, for the unit as a whole (incidents naming a revoked grid included), its incidents by
      // level and category: the wall screen's figures.
      month: {
        ...closureRates(month.tally),
        byLevel: month.byLevel,
        byCategory: month.byCategory,
      },
    },
    patrol: {
      tracks: patrols.length,
      tracksInMonth: monthTracks.length,
      radiusM: patrol.radius,
      enterpriseCoverage: coverage.rate,
      areaCoverage: areaCoverage(grids.flatMap((g) => patrol.area.get(g.properties.code) ?? [])),
      visitedEnterprises: coverage.visited,
      enterprises: coverage.enterprises,
      leaderPatrolledGrids: grids.filter((g) => ctx.leaders.has(g.properties.code)).length,
    },
  };
}

/** Adds one month's incident counts into another (a unit's figures are its grids' added up). */
function addMonthIncidents(into: MonthIncidents, from: MonthIncidents): void {
  const t = into.tally;
  t.total += from.tally.total;
  t.closed += from.tally.closed;
  t.closedInMonth += from.tally.closedInMonth;
  t.onTime += from.tally.onTime;
  for (const l of ['1', '2', '3', '4'] as const) into.byLevel[l] += from.byLevel[l];
  for (const c of INCIDENT_CATEGORIES) into.byCategory[c] += from.byCategory[c];
}

/**
 * The `stats` JSON of DOMAIN.md for a dataset: the dataset's totals; per grid in force at asOf, the month's
 * incidents by level and category, closure and on-time rates, patrol coverage and whether the leader patrolled;
 * and (issue 14) per community and per town the same figures as `totals`, over what belongs to it.
 *
 * What belongs to a community: the grids in force of it (domain/hierarchy), the enterprises inside those grids, and
 * every record that names a grid — micro-grid in force, member, incident, patrol track — through that grid's
 * community: a grid in force's, else a revoked grid's (its communityCode, else its code's prefix: its history still
 * counts, as in `totals`). A town holds its communities', so each figure of a town that is a count is the sum of its
 * communities'; a community's counts are the sum of its grids' whenever every record names a grid in force. Rates
 * are computed from the summed counts by the same functions (closureRates, enterpriseCoverage, areaCoverage).
 * Records of no community (hierarchy's `unassigned`: a grid of a community missing from community.geojson, a code
 * that names none) count in `totals` and nowhere else; a community whose code is not 12 digits has `townCode` null
 * and is in no town.
 * @example computeStats(dataset, { now: Date.now(), gridOf: assignEnterprises(...).grid, patrol: { month, ... } })
 */
export function computeStats(dataset: Dataset, options: StatsOptions) {
  const asOf = datasetAsOf(dataset, options.now);
  const month = options.month ?? monthOf(asOf);
  const grids = activeFeatures(dataset.grids?.features ?? [], asOf);
  const micro = activeFeatures(dataset.microGrids?.features ?? [], asOf);
  const enterprises = dataset.enterprises?.features ?? [];
  const members = dataset.members ?? [];
  const incidents = datasetIncidents(dataset);
  const patrols = dataset.patrols?.features ?? [];
  if (options.patrol.month !== month) {
    throw new RangeError(`patrol geometry is for ${options.patrol.month}, the stats for ${month}`);
  }
  const perGridEnterprises = enterprisesByGrid(enterprises, options.gridOf);
  const microCount = new Map<string, number>();
  for (const m of micro) microCount.set(m.properties.gridCode, (microCount.get(m.properties.gridCode) ?? 0) + 1);
  const membersOf = new Map<string, { role: MemberRole }[]>();
  for (const m of members) (membersOf.get(m.gridCode) ?? membersOf.set(m.gridCode, []).get(m.gridCode)!).push(m);
  // One pass over the incidents gives the month's figures of the community and of every grid they name.
  const incidentsMonth = incidentMonth(incidents, month, asOf);
  const gridIndex = new Map(incidents.gridCodes.map((code, k) => [code, k]));
  const enterpriseIdsOf = groupBy(
    enterprises.map((e) => e.properties.id),
    (id) => options.gridOf.get(id),
  );
  const monthTracks = tracksInMonth(patrols, month);
  const monthTracksOf = groupBy(monthTracks, (f) => f.properties.gridCode);
  const leaders = leaderPatrolledGrids(monthTracks, members);
  const { visited, area } = options.patrol;
  const ctx: UnitContext = { asOf, incidents, gridOf: options.gridOf, patrol: options.patrol, leaders };
  const all = { grids, micro, enterprises, members, patrols, monthTracks };
  const units = unitBreakdown(dataset, all, incidentsMonth.byGrid, ctx);

  return {
    asOf: new Date(asOf).toISOString(),
    month,
    dataset: dataset.manifest.name,
    totals: unitTotals({ ...all, month: incidentsMonth.all }, ctx),
    grids: grids
      .map((g) => {
        const code = g.properties.code;
        const byScale = perGridEnterprises.get(code) ?? { above: 0, below: 0 };
        const k = gridIndex.get(code);
        const own = k === undefined ? monthIncidents() : incidentsMonth.byGrid[k];
        const rates = closureRates(own.tally);
        const coverage = enterpriseCoverage(enterpriseIdsOf.get(code) ?? [], visited);
        const covered = area.get(code);
        return {
          code,
          name: g.properties.name,
          enterprises: byScale.above + byScale.below,
          enterprisesByScale: byScale,
          microGrids: microCount.get(code) ?? 0,
          members: membersByRole(membersOf.get(code) ?? []),
          incidents: {
            total: own.tally.total,
            byLevel: own.byLevel,
            byCategory: own.byCategory,
            closed: rates.closed,
            closedInMonth: rates.closedInMonth,
          },
          closureRate: rates.closureRate,
          onTimeRate: rates.onTimeRate,
          patrol: {
            enterpriseCoverage: coverage.rate,
            areaCoverage: covered ? areaCoverage([covered]) : null,
            leaderPatrolled: leaders.has(code),
            visitedEnterprises: coverage.visited,
            tracks: monthTracksOf.get(code)?.length ?? 0,
            coveredM2: covered ? Math.round(covered.coveredM2) : null,
            areaM2: covered ? Math.round(covered.areaM2) : null,
          },
        };
      })
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    ...units,
  };
}

/**
 * `communities[]` and `towns[]` of the stats JSON (issue 14): each unit of domain/hierarchy with `unitTotals` over
 * what belongs to it (computeStats says what that is), sorted by code.
 */
function unitBreakdown(
  dataset: Dataset,
  all: Omit<UnitParts, 'rows' | 'month'>,
  monthByGrid: readonly MonthIncidents[],
  ctx: UnitContext,
) {
  const hierarchy = buildHierarchy(dataset, ctx.asOf);
  const communityCodes = new Set(hierarchy.communities.map((c) => c.code));
  // Which community a grid code belongs to: a grid in force's, else a revoked grid's feature, else its code.
  const declared = new Map<string, string | undefined>();
  for (const g of dataset.grids?.features ?? []) {
    const p = g?.properties;
    if (p && typeof p.code === 'string' && !declared.has(p.code)) declared.set(p.code, p.communityCode);
  }
  const memo = new Map<string, number>();
  const index = new Map(hierarchy.communities.map((c, k) => [c.code, k]));
  /** The index in hierarchy.communities of a grid code's community, −1 for none. */
  const communityIndex = (gridCode: string | null | undefined): number => {
    if (typeof gridCode !== 'string') return -1;
    let k = memo.get(gridCode);
    if (k === undefined) {
      const community =
        hierarchy.communityOfGrid.get(gridCode) ??
        communityOfGrid({ code: gridCode, communityCode: declared.get(gridCode) }, communityCodes);
      k = community === null ? -1 : index.get(community)!;
      memo.set(gridCode, k);
    }
    return k;
  };
  const n = hierarchy.communities.length;
  const parts = hierarchy.communities.map(
    (): Omit<UnitParts, 'rows'> => ({
      grids: [],
      micro: [],
      enterprises: [],
      members: [],
      month: monthIncidents(),
      patrols: [],
      monthTracks: [],
    }),
  );
  /** The parts of the community of a grid code, or null for none. */
  const partsOf = (gridCode: string | null | undefined) => {
    const k = communityIndex(gridCode);
    return k >= 0 ? parts[k] : null;
  };
  // Grids in force go by the hierarchy only (their communityCode decides, not a prefix a revoked twin might give).
  for (const g of all.grids) {
    const c = hierarchy.communityOfGrid.get(g.properties.code);
    if (c !== undefined) parts[index.get(c)!].grids.push(g);
  }
  for (const m of all.micro) partsOf(m.properties.gridCode)?.micro.push(m);
  // An enterprise belongs to the grid in force that contains it (gridOf), not the one it declares.
  for (const e of all.enterprises) {
    const grid = ctx.gridOf.get(e.properties.id);
    if (grid && hierarchy.communityOfGrid.has(grid)) partsOf(grid)?.enterprises.push(e);
  }
  for (const m of all.members) partsOf(m.gridCode)?.members.push(m);
  for (const t of all.patrols) partsOf(t.properties.gridCode)?.patrols.push(t);
  for (const t of all.monthTracks) partsOf(t.properties.gridCode)?.monthTracks.push(t);
  // Incident rows by community: the community of each grid code the table names, then a counting sort of the rows.
  const { incidents } = ctx;
  const ofGridIndex = Int32Array.from(incidents.gridCodes, (code) => communityIndex(code));
  monthByGrid.forEach((m, k) => {
    if (ofGridIndex[k] >= 0) addMonthIncidents(parts[ofGridIndex[k]].month, m);
  });
  const counts = new Uint32Array(n);
  for (let i = 0; i < incidents.n; i++) {
    const k = ofGridIndex[incidents.grid[i]];
    if (k >= 0) counts[k]++;
  }
  const rows = Array.from(counts, (c) => new Uint32Array(c));
  const filled = new Uint32Array(n);
  for (let i = 0; i < incidents.n; i++) {
    const k = ofGridIndex[incidents.grid[i]];
    if (k >= 0) rows[k][filled[k]++] = i;
  }
  const communities = hierarchy.communities.map((c, k) => ({
    code: c.code,
    name: c.name,
    townCode: c.townCode,
    gridCodes: c.gridCodes,
    ...unitTotals({ ...parts[k], rows: rows[k] }, ctx),
  }));
  const towns = hierarchy.towns.map((t) => {
    const own = t.communityCodes.map((code) => index.get(code)!);
    const month = monthIncidents();
    for (const k of own) addMonthIncidents(month, parts[k].month);
    type Listed = 'grids' | 'micro' | 'enterprises' | 'members' | 'patrols' | 'monthTracks';
    const concat = <K extends Listed>(key: K) =>
      ([] as UnitParts[K][number][]).concat(...own.map((k) => parts[k][key])) as UnitParts[K];
    const townRows = new Uint32Array(own.reduce((sum, k) => sum + rows[k].length, 0));
    let at = 0;
    for (const k of own) {
      townRows.set(rows[k], at);
      at += rows[k].length;
    }
    return {
      code: t.code,
      name: t.name,
      communityCodes: t.communityCodes,
      ...unitTotals(
        {
          grids: concat('grids'),
          micro: concat('micro'),
          enterprises: concat('enterprises'),
          members: concat('members'),
          rows: townRows,
          month,
          patrols: concat('patrols'),
          monthTracks: concat('monthTracks'),
        },
        ctx,
      ),
    };
  });
  return { communities, towns };
}

export type Stats = ReturnType<typeof computeStats>;
