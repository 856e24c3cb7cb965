/**
 * The wall screen's ranking charts: this month's incidents per unit (most first) and enterprise patrol coverage per
 * unit (lowest first, so the units that need a visit lead). A community wall ranks its grids (`stats.grids`); a county
 * wall (issue 14) its communities and towns (`stats.communities`, `stats.towns`), by the same two orders.
 */
import type { Stats } from './stats';
import type { IncidentCategory } from './types';
import { INCIDENT_CATEGORIES } from './types';
import type { Rate } from './rate';

/** A unit the wall ranks: a grid, a community or a town, with the figures its charts read. */
export interface WallUnitRow {
  code: string;
  name: string;
  /** This month's incidents (a grid's `incidents.total`, a community's or town's `incidents.month.total`). */
  incidents: number;
  closureRate: Rate;
  /** Enterprise patrol coverage of the month; null when it has no enterprises. */
  coverage: Rate;
  area: Rate;
}

export interface GridRankRow {
  code: string;
  name: string;
  incidents: number;
  closureRate: Rate;
}

export interface GridCoverageRow {
  code: string;
  name: string;
  coverage: Rate;
  area: Rate;
  leaderPatrolled: boolean;
}

/** The units a county wall ranks (issue 14). */
export type WallUnitKind = 'community' | 'town';

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Any units by this month's incidents, most first (ties by code). Never mutates its input.
 * @example rankByIncidents([{ code: 'a', incidents: 1 }, { code: 'b', incidents: 3 }])[0].code === 'b'
 */
export function rankByIncidents<T extends { code: string; incidents: number }>(units: readonly T[]): T[] {
  return [...units].sort((a, b) => b.incidents - a.incidents || byCode(a, b));
}

/**
 * Any units by patrol coverage, lowest first, so the ones that need a visit lead; units with nothing to cover (no
 * enterprises, null) sort last. Never mutates its input.
 * @example rankByCoverage([{ code: 'a', coverage: 0.9 }, { code: 'b', coverage: null }])[1].code === 'b'
 */
export function rankByCoverage<T extends { code: string; coverage: Rate }>(units: readonly T[]): T[] {
  return [...units].sort((a, b) => (a.coverage ?? 2) - (b.coverage ?? 2) || byCode(a, b));
}

/** @example gridRanking(stats)[0].incidents >= gridRanking(stats)[1].incidents */
export function gridRanking(stats: Pick<Stats, 'grids'>): GridRankRow[] {
  return rankByIncidents(
    stats.grids.map((g) => ({ code: g.code, name: g.name, incidents: g.incidents.total, closureRate: g.closureRate })),
  );
}

/** Grids with nothing to cover (no enterprises) sort last. */
export function gridCoverage(stats: Pick<Stats, 'grids'>): GridCoverageRow[] {
  return rankByCoverage(
    stats.grids.map((g) => ({
      code: g.code,
      name: g.name,
      coverage: g.patrol.enterpriseCoverage,
      area: g.patrol.areaCoverage,
      leaderPatrolled: g.patrol.leaderPatrolled,
    })),
  );
}

/**
 * The communities or the towns of the stats JSON (`stats.communities`, `stats.towns`) as wall rows, in code order:
 * their `totals` figures as they are (the month's incidents and rates, patrol coverage), nothing recounted.
 * @example wallUnits(stats, 'community').map((u) => u.incidents) // stats.communities' incidents.month.total
 */
export function wallUnits(stats: Pick<Stats, 'communities' | 'towns'>, kind: WallUnitKind): WallUnitRow[] {
  const units: Stats['communities'] | Stats['towns'] = kind === 'community' ? stats.communities : stats.towns;
  return units.map((u) => ({
    code: u.code,
    name: u.name,
    incidents: u.incidents.month.total,
    closureRate: u.incidents.month.closureRate,
    coverage: u.patrol.enterpriseCoverage,
    area: u.patrol.areaCoverage,
  }));
}

/** A county wall (issue 14): the dataset holds more than one community. */
export function isCountyWall(stats: Pick<Stats, 'communities'>): boolean {
  return stats.communities.length > 1;
}

/**
 * This month's incidents by category for the community (stats.totals.incidents.month.byCategory), largest first,
 * categories with none left out.
 * @example monthByCategory(stats)[0] // { category: 'safety', count: 41 }
 */
export function monthByCategory(stats: Pick<Stats, 'totals'>): { category: IncidentCategory; count: number }[] {
  const sum = stats.totals.incidents.month.byCategory;
  return INCIDENT_CATEGORIES.map((category) => ({ category, count: sum[category] }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
}
