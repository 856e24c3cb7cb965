/**
 * The wall screen's alert ticker (issue 5): overdue and near-due incidents (counted at asOf with the same dueStateAt
 * as the `stats` totals), returned incidents, and grids whose patrol coverage this month is under target.
 */
import type { IncidentCategory, IncidentLevel } from './types';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from './types';
import { dueStateAt } from './deadline';
import type { IncidentTable } from './incident-table';
import type { Stats } from './stats';
import { scrubPersonal } from './wall-privacy';
import { PATROL_COVERAGE_TARGET } from './rules';

export type WallAlertKind = 'overdue' | 'near-due' | 'returned' | 'under-patrolled';
export const WALL_ALERT_KINDS: readonly WallAlertKind[] = ['overdue', 'returned', 'near-due', 'under-patrolled'];

export interface WallAlert {
  kind: WallAlertKind;
  /** Incident id, or the grid code for an under-patrolled grid. */
  id: string;
  gridCode: string;
  gridName: string;
  level?: IncidentLevel;
  category?: IncidentCategory;
  title?: string;
  /** Overdue: hours past the deadline; near-due: hours left. */
  hours?: number;
  /** Under-patrolled: the grid's enterprise patrol coverage this month. */
  coverage?: number;
}

export interface WallAlerts {
  /** How many there are of each kind, before `limit`. */
  counts: Record<WallAlertKind, number>;
  /** The most pressing ones of each kind, in WALL_ALERT_KINDS order. */
  items: WallAlert[];
}

export interface WallAlertOptions {
  asOf: number;
  /** Blanks personal data out of titles (personalScrubber with the dataset's names). Default: scrubPersonal. */
  scrub?: (text: string) => string;
  /** Enterprise patrol coverage under this is an alert. Default PATROL_COVERAGE_TARGET (domain/rules). */
  coverageTarget?: number;
  /** Items kept per kind. Default 12. */
  limit?: number;
}

const HOUR = 3_600_000;

/**
 * Deadlines and the near-due share are the table's (domain/incident-table); titles too, when it was read with them.
 * @example wallAlerts(datasetIncidents(dataset), stats, { asOf }).counts.overdue === stats.totals.incidents.overdue
 */
export function wallAlerts(table: IncidentTable, stats: Pick<Stats, 'grids'>, options: WallAlertOptions): WallAlerts {
  const { asOf } = options;
  const target = options.coverageTarget ?? PATROL_COVERAGE_TARGET;
  const limit = options.limit ?? 12;
  const scrub = options.scrub ?? scrubPersonal;
  const names = new Map(stats.grids.map((g) => [g.code, g.name]));
  const byKind: Record<WallAlertKind, WallAlert[]> = { overdue: [], 'near-due': [], returned: [], 'under-patrolled': [] };
  const { reported, closed, deadline, gridCodes, title } = table;
  const share = table.deadlines.nearDueShare;
  const returned = INCIDENT_STATUSES.indexOf('returned');
  const base = (i: number) => {
    const gridCode = gridCodes[table.grid[i]];
    return {
      id: table.id[i],
      gridCode,
      gridName: names.get(gridCode) ?? gridCode,
      level: table.level[i] as IncidentLevel,
      category: INCIDENT_CATEGORIES[table.category[i]],
      // Scrubbed once the alerts on screen are chosen (below): a county has tens of thousands of open incidents.
      title: title?.[i] || undefined,
    };
  };
  for (let i = 0; i < table.n; i++) {
    if (reported[i] > asOf) continue; // not yet reported at asOf, as dueCounts
    const state = dueStateAt(reported[i], closed[i], deadline[i], asOf, share);
    if (state === 'closed') continue;
    if (state === 'overdue') byKind.overdue.push({ kind: 'overdue', ...base(i), hours: (asOf - deadline[i]) / HOUR });
    else if (state === 'near-due')
      byKind['near-due'].push({ kind: 'near-due', ...base(i), hours: (deadline[i] - asOf) / HOUR });
    if (table.status[i] === returned) byKind.returned.push({ kind: 'returned', ...base(i) });
  }
  for (const g of stats.grids) {
    const c = g.patrol.enterpriseCoverage;
    if (c !== null && c < target) {
      byKind['under-patrolled'].push({ kind: 'under-patrolled', id: g.code, gridCode: g.code, gridName: g.name, coverage: c });
    }
  }
  // Most pressing first: higher level, then longest overdue / least time left / lowest coverage; ids break ties.
  const tie = (a: WallAlert, b: WallAlert) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const lvl = (a: WallAlert, b: WallAlert) => (b.level ?? 0) - (a.level ?? 0);
  byKind.overdue.sort((a, b) => lvl(a, b) || b.hours! - a.hours! || tie(a, b));
  byKind['near-due'].sort((a, b) => a.hours! - b.hours! || lvl(a, b) || tie(a, b));
  byKind.returned.sort((a, b) => lvl(a, b) || tie(a, b));
  byKind['under-patrolled'].sort((a, b) => a.coverage! - b.coverage! || tie(a, b));
  const counts = Object.fromEntries(WALL_ALERT_KINDS.map((k) => [k, byKind[k].length])) as Record<WallAlertKind, number>;
  const items = WALL_ALERT_KINDS.flatMap((k) => byKind[k].slice(0, limit));
  return { counts, items: items.map((a) => (a.title === undefined ? a : { ...a, title: scrub(a.title) })) };
}

/**
 * Open overdue incidents per grid code, for the tour card.
 * @example overdueByGrid(datasetIncidents(dataset), asOf)['330424002012001']
 */
export function overdueByGrid(table: IncidentTable, asOf: number): Record<string, number> {
  const { reported, closed, deadline, gridCodes } = table;
  const share = table.deadlines.nearDueShare;
  const out: Record<string, number> = {};
  for (let i = 0; i < table.n; i++) {
    if (reported[i] > asOf) continue;
    if (dueStateAt(reported[i], closed[i], deadline[i], asOf, share) === 'overdue') {
      const code = gridCodes[table.grid[i]];
      out[code] = (out[code] ?? 0) + 1;
    }
  }
  return out;
}
