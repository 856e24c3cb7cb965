/**
 * The month's numbers per grid (DOMAIN.md, "How the numbers are counted"; issue 4): incidents of the month by level
 * and category, enterprise and area patrol coverage, and whether the leader patrolled. One function per number.
 * The geometry (which enterprises a track passed, how much of a grid lies near the tracks) comes in precomputed
 * from src/geo/patrol-coverage, so this file stays free of heavy geometry.
 */
import type { IncidentCategory, IncidentProps, Member, PatrolProps } from './types';
import { INCIDENT_CATEGORIES } from './types';
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

type IncidentLike = { properties: IncidentProps };

/**
 * The incidents of a month: reported in it, up to `asOf` (the same ones whose closure monthRates counts).
 * @example incidentsInMonth(incidents, '2026-03', asOf)
 */
export function incidentsInMonth<T extends IncidentLike>(
  incidents: readonly T[],
  month: string,
  asOf: number,
): T[] {
  const [start, cutoff] = monthUntil(month, asOf);
  return incidents.filter((f) => {
    const t = parseTime(f.properties.reportedAt);
    return t >= start && t < cutoff;
  });
}

/**
 * Incidents by level ("1".."4") and by category (every category slug present, 0 when none), with their total.
 * @example incidentsByLevelAndCategory(incidentsInMonth(gridIncidents, month, asOf)).byCategory.fire
 */
export function incidentsByLevelAndCategory(incidents: readonly IncidentLike[]): {
  total: number;
  byLevel: Record<'1' | '2' | '3' | '4', number>;
  byCategory: Record<IncidentCategory, number>;
} {
  const byLevel = { '1': 0, '2': 0, '3': 0, '4': 0 };
  const byCategory = Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, 0])) as Record<
    IncidentCategory,
    number
  >;
  for (const { properties: p } of incidents) {
    byLevel[String(p.level) as '1']++;
    byCategory[p.category]++;
  }
  return { total: incidents.length, byLevel, byCategory };
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
