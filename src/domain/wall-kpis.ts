/**
 * The wall screen's KPI strip (issue 5), read off the `stats` JSON only: every figure on the strip is a field of
 * what the CLI's `stats` prints (or a sum of its per-grid fields), so a browser test can hold the screen to the CLI.
 */
import type { Stats } from './stats';
import type { Rate } from './rate';
import { ON_TIME_TARGET, PATROL_COVERAGE_TARGET } from './rules';
import { isCountyWall } from './wall-ranking';

export type WallKpiId =
  | 'grids'
  | 'microGrids'
  | 'enterprises'
  | 'members'
  | 'incidents'
  | 'closureRate'
  | 'onTimeRate'
  | 'overdue'
  | 'nearDue'
  | 'patrol'
  | 'validation';

/** How a KPI cell is coloured: calm by default, amber or red only when the figure asks for attention. */
export type WallTone = 'normal' | 'good' | 'warn' | 'alert';

export interface WallKpiPart {
  id: string;
  value: number | null;
  unit: 'count' | 'rate';
}

export interface WallKpi {
  id: WallKpiId;
  /** null: nothing to count (a rate), or not known yet (validation still running). */
  value: number | null;
  unit: 'count' | 'rate' | 'findings';
  parts: WallKpiPart[];
  tone: WallTone;
}

/** Boundary validation as the strip shows it: counts of the report's summary, or null while it runs. */
export interface WallValidation {
  errors: number;
  warnings: number;
}

export interface WallKpiOptions {
  /** Patrol coverage at or above this is full marks. Default PATROL_COVERAGE_TARGET (domain/rules). */
  coverageTarget?: number;
  /** On-time closure below this is amber. Default ON_TIME_TARGET (domain/rules). */
  onTimeTarget?: number;
}

/**
 * This month's incidents by level, for the community (stats.totals.incidents.month.byLevel).
 * @example monthByLevel(stats)['2']
 */
export function monthByLevel(stats: Pick<Stats, 'totals'>): Record<'1' | '2' | '3' | '4', number> {
  return { ...stats.totals.incidents.month.byLevel };
}

const rateTone = (r: Rate, target: number): WallTone => (r === null ? 'normal' : r >= target ? 'good' : 'warn');

/**
 * The KPI cells, left to right. On a county wall (more than one community, issue 14) the figures are the county's
 * (`totals` is the whole dataset) and the grid cell also counts the communities and towns (`stats.communities`,
 * `stats.towns`).
 * @example wallKpis(stats, { errors: 0, warnings: 2 }).find((k) => k.id === 'overdue')?.value
 */
export function wallKpis(stats: Stats, validation: WallValidation | null, options: WallKpiOptions = {}): WallKpi[] {
  const coverageTarget = options.coverageTarget ?? PATROL_COVERAGE_TARGET;
  const onTimeTarget = options.onTimeTarget ?? ON_TIME_TARGET;
  const t = stats.totals;
  const month = t.incidents.month;
  const levels = monthByLevel(stats);
  const count = (id: string, value: number): WallKpiPart => ({ id, value, unit: 'count' });
  const members = Object.values(t.members).reduce((a, b) => a + b, 0);
  return [
    {
      id: 'grids',
      value: t.grids,
      unit: 'count',
      parts: isCountyWall(stats) ? [count('communities', stats.communities.length), count('towns', stats.towns.length)] : [],
      tone: 'normal',
    },
    { id: 'microGrids', value: t.microGrids, unit: 'count', parts: [], tone: 'normal' },
    {
      id: 'enterprises',
      value: t.enterprises.total,
      unit: 'count',
      parts: [count('above', t.enterprises.above), count('below', t.enterprises.below)],
      tone: 'normal',
    },
    {
      id: 'members',
      value: members,
      unit: 'count',
      parts: [count('grid-leader', t.members['grid-leader']), count('micro-leader', t.members['micro-leader'])],
      tone: 'normal',
    },
    {
      id: 'incidents',
      value: month.total,
      unit: 'count',
      parts: (['1', '2', '3', '4'] as const).map((k) => count(`level${k}`, levels[k])),
      tone: 'normal',
    },
    { id: 'closureRate', value: month.closureRate, unit: 'rate', parts: [], tone: 'normal' },
    { id: 'onTimeRate', value: month.onTimeRate, unit: 'rate', parts: [], tone: rateTone(month.onTimeRate, onTimeTarget) },
    { id: 'overdue', value: t.incidents.overdue, unit: 'count', parts: [], tone: t.incidents.overdue > 0 ? 'alert' : 'good' },
    { id: 'nearDue', value: t.incidents.nearDue, unit: 'count', parts: [], tone: t.incidents.nearDue > 0 ? 'warn' : 'good' },
    {
      id: 'patrol',
      value: t.patrol.enterpriseCoverage,
      unit: 'rate',
      parts: [{ id: 'area', value: t.patrol.areaCoverage, unit: 'rate' }],
      tone: rateTone(t.patrol.enterpriseCoverage, coverageTarget),
    },
    {
      id: 'validation',
      value: validation ? validation.errors : null,
      unit: 'findings',
      parts: validation ? [count('warnings', validation.warnings)] : [],
      tone: !validation ? 'normal' : validation.errors > 0 ? 'alert' : validation.warnings > 0 ? 'warn' : 'good',
    },
  ];
}
