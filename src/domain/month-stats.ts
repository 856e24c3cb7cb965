/**
 * The month's numbers per grid (DOMAIN.md, "How the numbers are counted"; issue 4): incidents of the month by level
 * and category (over the incident columns of domain/incident-table), enterprise and area patrol coverage, and
 * whether the leader patrolled. One function per number.
 * The geometry (which enterprises a track passed, how much of a grid lies near the tracks) comes in precomputed
 * from src/geo/patrol-coverage, so this file stays free of heavy geometry.
 */
import type { IncidentCategory, Member, PatrolProps } from './types';
import { INCIDENT_CATEGORIES } from './types';
import { closureTally, tallyClosure, type ClosureTally } from './closure';
import type { IncidentTable } from './incident-table';
import { rate, type Rate } from './rate';
import { monthRange, monthUntil, parseTime } from './time';

/**
 * The patrol tracks of a month: those whose `startedAt` falls in the CST calendar month, whoever walked them.
 * @example tracksInMonth(patrols.features, '2026-03')
 */
export function tracksInMonth<T extends { properties: Pick<PatrolProps, 'startedAt'> }>(
  tracks: readonly T[],
  month: string,
): T[] {
  const [start, end] = monthRange(month);
  return tracks.filter((f) => {
    const t = parseTime(f.properties.startedAt);
    return t >= start && t < end;
  });
}

/** A month's incidents (of the community, or of one grid): the closure tally, and those reported by level and category. */
export interface MonthIncidents {
  /** domain/closure's tally; `tally.total` is the number of incidents reported in the month (up to asOf). */
  tally: ClosureTally;
  /** Reported in the month, by level ("1".."4"). */
  byLevel: Record<'1' | '2' | '3' | '4', number>;
  /** Reported in the month, by category (every category slug present, 0 when none). */
  byCategory: Record<IncidentCategory, number>;
}

/** Nothing counted yet: every level and category at 0. */
export function monthIncidents(): MonthIncidents {
  const byCategory = Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, 0])) as Record<IncidentCategory, number>;
  return { tally: closureTally(), byLevel: { '1': 0, '2': 0, '3': 0, '4': 0 }, byCategory };
}

/**
 * The month's incidents in one pass over the table, for the community (`all`, incidents naming a revoked grid
 * included) and per grid (`byGrid[k]` for `table.gridCodes[k]`): those reported in the month up to `asOf` by level
 * and category, and the closure tally (domain/closure: the closure and on-time rates of monthRates).
 * @example incidentMonth(table, '2026-03', asOf).byGrid[table.gridCodes.indexOf(code)].tally.total
 */
export function incidentMonth(
  table: IncidentTable,
  month: string,
  asOf: number,
): { all: MonthIncidents; byGrid: MonthIncidents[] } {
  const [start, cutoff] = monthUntil(month, asOf);
  const all = monthIncidents();
  const byGrid = table.gridCodes.map(() => monthIncidents());
  const { reported, closed, deadline, level, category, grid } = table;
  for (let i = 0; i < table.n; i++) {
    const own = byGrid[grid[i]];
    tallyClosure(all.tally, reported[i], closed[i], start, cutoff, deadline[i]);
    tallyClosure(own.tally, reported[i], closed[i], start, cutoff, deadline[i]);
    if (reported[i] >= start && reported[i] < cutoff) {
      const l = String(level[i]) as '1';
      const c = INCIDENT_CATEGORIES[category[i]];
      all.byLevel[l]++;
      all.byCategory[c]++;
      own.byLevel[l]++;
      own.byCategory[c]++;
    }
  }
  return { all, byGrid };
}

/**
 * Groups items by a key, keeping their order; items without a key are left out.
 * @example groupBy(incidents, (f) => f.properties.gridCode).get('330424002201001')
 */
export function groupBy<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string | null | undefined,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key == null) continue;
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/**
 * Enterprise patrol coverage: visited enterprises / enterprises (of a grid, or of the community).
 * @example enterpriseCoverage(['E-A', 'E-D'], new Set(['E-A'])) // { visited: 1, enterprises: 2, rate: 0.5 }
 */
export function enterpriseCoverage(enterpriseIds: readonly string[], visited: ReadonlySet<string>) {
  let n = 0;
  for (const id of enterpriseIds) if (visited.has(id)) n++;
  return { visited: n, enterprises: enterpriseIds.length, rate: rate(n, enterpriseIds.length) };
}

/** Area of a grid near the month's tracks, and the grid's area, in m² (src/geo/patrol-coverage). */
export interface CoveredArea {
  coveredM2: number;
  areaM2: number;
}

/**
 * Area patrol coverage: area within the radius of the month's tracks / area, summed over the given grids (one
 * grid, or all of them for the community).
 * @example areaCoverage([{ coveredM2: 125_104, areaM2: 1_062_700 }]) // 0.1177
 */
export function areaCoverage(areas: Iterable<CoveredArea>): Rate {
  let covered = 0;
  let area = 0;
  for (const a of areas) {
    covered += a.coveredM2;
    area += a.areaM2;
  }
  return rate(Math.min(covered, area), area);
}

/**
 * The grids whose leader patrolled in the given tracks (the caller passes the month's): a track's `memberId` names
 * a member whose role is `grid-leader`, and that member's `gridCode` is the grid. Where the track went, and the
 * track's own gridCode, do not matter.
 * @example leaderPatrolledGrids(tracksInMonth(patrols, '2026-03'), members).has('330424002201001')
 */
export function leaderPatrolledGrids(
  tracks: readonly { properties: Pick<PatrolProps, 'memberId'> }[],
  members: readonly Pick<Member, 'id' | 'role' | 'gridCode'>[],
): Set<string> {
  const leaderGrid = new Map<string, string>();
  for (const m of members) if (m.role === 'grid-leader') leaderGrid.set(m.id, m.gridCode);
  const out = new Set<string>();
  for (const t of tracks) {
    const grid = leaderGrid.get(t.properties.memberId);
    if (grid) out.add(grid);
  }
  return out;
}

/**
 * What src/geo/patrol-coverage measured for one month: the enterprises visited and, per grid code, the area near
 * the tracks. `month` is checked against the month being counted, so numbers of two months never mix.
 */
export interface PatrolGeometry {
  month: string;
  /** Metres, for the record (DOMAIN.md default 50). */
  radius: number;
  visited: ReadonlySet<string>;
  area: ReadonlyMap<string, CoveredArea>;
}
