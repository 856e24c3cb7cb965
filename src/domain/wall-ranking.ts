/**
 * The wall screen's per-grid charts, read off `stats.grids`: this month's incidents per grid (most first) and
 * enterprise patrol coverage per grid (lowest first, so the grids that need a visit lead).
 */
import type { Stats } from './stats';
import type { IncidentCategory } from './types';
import { INCIDENT_CATEGORIES } from './types';
import type { Rate } from './rate';

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

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** @example gridRanking(stats)[0].incidents >= gridRanking(stats)[1].incidents */
export function gridRanking(stats: Pick<Stats, 'grids'>): GridRankRow[] {
  return stats.grids
    .map((g) => ({ code: g.code, name: g.name, incidents: g.incidents.total, closureRate: g.closureRate }))
    .sort((a, b) => b.incidents - a.incidents || byCode(a, b));
}

/** Grids with nothing to cover (no enterprises) sort last. */
export function gridCoverage(stats: Pick<Stats, 'grids'>): GridCoverageRow[] {
  return stats.grids
    .map((g) => ({
      code: g.code,
      name: g.name,
      coverage: g.patrol.enterpriseCoverage,
      area: g.patrol.areaCoverage,
      leaderPatrolled: g.patrol.leaderPatrolled,
    }))
    .sort((a, b) => (a.coverage ?? 2) - (b.coverage ?? 2) || byCode(a, b));
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
