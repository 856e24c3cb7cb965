/**
 * The numbers of the `stats` JSON (DOMAIN.md, "How the numbers are counted"). One function per number; the app,
 * the wall screen and the CLI all call these. Incidents are counted over their columns (domain/incident-table), the
 * form incidents.csv is read into; incidents.geojson's features are turned into one.
 */
import type { Dataset, EnterpriseScale, MemberRole } from './types';
import { INCIDENT_STATUSES, MEMBER_ROLES } from './types';
import { dueStateAt } from './deadline';
import { datasetIncidents, type IncidentTable } from './incident-table';
import { activeFeatures } from './lineage';
import { formatCst, monthOf, parseTime } from './time';
import {
  areaCoverage,
  enterpriseCoverage,
  groupBy,
  incidentMonth,
  leaderPatrolledGrids,
  monthIncidents,
  tracksInMonth,
  type PatrolGeometry,
} from './month-stats';

import { closureRates } from './closure';

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
 * Incidents by level ("1".."4") and by status (every status slug present).
 * @example incidentsByLevelAndStatus(datasetIncidents(dataset)).byStatus.closed
 */
export function incidentsByLevelAndStatus(table: IncidentTable): {
  byLevel: Record<'1' | '2' | '3' | '4', number>;
  byStatus: Record<string, number>;
} {
  const byLevel = { '1': 0, '2': 0, '3': 0, '4': 0 };
  const byStatus: Record<string, number> = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0]));
  for (let i = 0; i < table.n; i++) {
    byLevel[String(table.level[i]) as '1']++;
    byStatus[INCIDENT_STATUSES[table.status[i]]]++;
  }
  return { byLevel, byStatus };
}

/** Overdue and near-due incidents at `asOf`, over incidents not yet closed (the table's deadline options). */
export function dueCounts(table: IncidentTable, asOf: number) {
  const { reported, closed, deadline } = table;
  const share = table.deadlines.nearDueShare;
  let overdue = 0;
  let nearDue = 0;
  for (let i = 0; i < table.n; i++) {
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

/**
 * The `stats` JSON of DOMAIN.md for a dataset: community totals and, per grid in force at asOf, the month's
 * incidents by level and category, closure and on-time rates, patrol coverage and whether the leader patrolled.
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
  // The community's enterprises for coverage are those inside a grid in force (as per grid, so the totals are the
  // grids' numbers added up); one outside every grid is a validation finding, not an unvisited enterprise.
  const gridCodes = new Set(grids.map((g) => g.properties.code));
  const communityEnterprises = enterprises.map((e) => e.properties.id).filter((id) => gridCodes.has(options.gridOf.get(id) ?? ''));
  const communityCoverage = enterpriseCoverage(communityEnterprises, visited);

  return {
    asOf: new Date(asOf).toISOString(),
    month,
    dataset: dataset.manifest.name,
    totals: {
      grids: grids.length,
      microGrids: micro.length,
      enterprises: { ...enterprisesByScale(enterprises), total: enterprises.length },
      members: membersByRole(members),
      incidents: {
        total: incidents.n,
        ...incidentsByLevelAndStatus(incidents),
        ...dueCounts(incidents, asOf),
        // The month's rates and, for the community as a whole (incidents naming a revoked grid included), its
        // incidents by level and category: the wall screen's figures.
        month: {
          ...closureRates(incidentsMonth.all.tally),
          byLevel: incidentsMonth.all.byLevel,
          byCategory: incidentsMonth.all.byCategory,
        },
      },
      patrol: {
        tracks: patrols.length,
        tracksInMonth: monthTracks.length,
        radiusM: options.patrol.radius,
        enterpriseCoverage: communityCoverage.rate,
        areaCoverage: areaCoverage(grids.flatMap((g) => area.get(g.properties.code) ?? [])),
        visitedEnterprises: communityCoverage.visited,
        enterprises: communityCoverage.enterprises,
        leaderPatrolledGrids: grids.filter((g) => leaders.has(g.properties.code)).length,
      },
    },
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
  };
}

export type Stats = ReturnType<typeof computeStats>;
