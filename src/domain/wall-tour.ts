/**
 * Where the wall's unattended tour stops (issue 14). A community wall tours every grid in code order. A county wall
 * has hundreds of grids, hours of touring: it tours its communities first (code order), then the worst grid of each
 * community that has one needing attention (overdue incidents, or patrol coverage under the target), so a leader
 * sees every community and the grids to ask about, not 431 grids one by one.
 */
import type { Stats } from './stats';
import type { Rate } from './rate';
import { underPatrolTarget } from './rules';

export interface WallTourOptions {
  /** Grids toured per community after the communities, worst first. Default 1. */
  gridsPerCommunity?: number;
}

interface GridFigures {
  code: string;
  overdue: number;
  coverage: Rate;
  incidents: number;
}

/**
 * Worst first: more overdue incidents, then lower patrol coverage (none to cover counts as covered), then more of
 * the month's incidents, then code.
 */
function worse(a: GridFigures, b: GridFigures): number {
  return (
    b.overdue - a.overdue ||
    (a.coverage ?? 2) - (b.coverage ?? 2) ||
    b.incidents - a.incidents ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/**
 * The codes the tour stops at, in order: a community wall's grids (code order, as `stats.grids`); a county wall's
 * communities, then their worst grids that need attention. `overdueByGrid` is the snapshot's (wall-alerts).
 * @example wallTourStops(stats, snapshot.overdueByGrid) // ['330424001001', '330424001002', '330424001001004', …]
 */
export function wallTourStops(
  stats: Pick<Stats, 'grids' | 'communities'>,
  overdueByGrid: Readonly<Record<string, number>>,
  options: WallTourOptions = {},
): string[] {
  if (stats.communities.length <= 1) return stats.grids.map((g) => g.code);
  const perCommunity = options.gridsPerCommunity ?? 1;
  const grids = new Map(
    stats.grids.map((g): [string, GridFigures] => [
      g.code,
      { code: g.code, overdue: overdueByGrid[g.code] ?? 0, coverage: g.patrol.enterpriseCoverage, incidents: g.incidents.total },
    ]),
  );
  const worst = stats.communities.flatMap((c) =>
    c.gridCodes
      .map((code) => grids.get(code))
      .filter((g): g is GridFigures => !!g && (g.overdue > 0 || underPatrolTarget(g.coverage)))
      .sort(worse)
      .slice(0, perCommunity)
      .map((g) => g.code),
  );
  return [...stats.communities.map((c) => c.code), ...worst];
}
