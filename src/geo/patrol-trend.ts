/**
 * Enterprise patrol coverage month by month (issue 4, the trend chart): per grid in force at asOf and for the
 * community, with whether each grid's leader patrolled. The same functions as `stats` (geo/dataset-stats and
 * domain/stats): tracksInMonth, visitedEnterprises, enterpriseCoverage, leaderPatrolledGrids, the asOf assignment.
 */
import type { Dataset } from '../domain/types';
import type { PatrolTrend } from '../domain/incident-filter';
import { enterpriseCoverage, groupBy, leaderPatrolledGrids, tracksInMonth } from '../domain/month-stats';
import { monthRange } from '../domain/time';
import { analysisGrids, type AnalysisGrids } from './analysis-grids';
import { PATROL_RADIUS_M } from '../domain/rules';
import { visitedEnterprises } from './patrol-coverage';

export interface PatrolTrendOptions {
  /** Metres within which a track visits an enterprise; default PATROL_RADIUS_M (domain/rules). */
  radius?: number;
  /** The grids and assignment when the caller has them (the worker computes them once per dataset). */
  grids?: AnalysisGrids;
}

/**
 * @example patrolTrend(dataset, ['2026-09', '2026-10'], asOf).grids[0].coverage // [0.93, 1]
 */
export function patrolTrend(
  dataset: Dataset,
  months: readonly string[],
  asOf: number,
  options: PatrolTrendOptions = {},
): PatrolTrend {
  for (const m of months) monthRange(m); // a malformed month fails here, named
  const g = options.grids ?? analysisGrids(dataset, asOf);
  if (g.asOf !== asOf) throw new RangeError(`patrolTrend: the grids are for asOf ${g.asOf}, not ${asOf}`);
  const enterprises = dataset.enterprises?.features ?? [];
  const members = dataset.members ?? [];
  const patrols = dataset.patrols?.features ?? [];
  const idsOf = groupBy(
    enterprises.map((e) => e.properties.id),
    (id) => g.gridOf.get(id),
  );
  // As computeStats: the community's enterprises are those inside a grid in force.
  const community = [...g.grids.flatMap((x) => idsOf.get(x.code) ?? [])];
  const radius = options.radius ?? PATROL_RADIUS_M;
  const perMonth = months.map((m) => {
    const tracks = tracksInMonth(patrols, m);
    return { visited: visitedEnterprises(tracks, enterprises, { radius }), leaders: leaderPatrolledGrids(tracks, members) };
  });
  return {
    months: [...months],
    community: perMonth.map((p) => enterpriseCoverage(community, p.visited).rate),
    grids: g.grids.map(({ code, name }) => ({
      code,
      name,
      coverage: perMonth.map((p) => enterpriseCoverage(idsOf.get(code) ?? [], p.visited).rate),
      leaderPatrolled: perMonth.map((p) => p.leaders.has(code)),
    })),
  };
}
