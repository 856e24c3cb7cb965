/**
 * Event time limits (DOMAIN.md, practice, configurable; the figures are domain/rules' EVENT_LIMIT_WORKING_DAYS and
 * NEAR_DUE_SHARE). Working days are Monday–Friday minus an optional holiday list.
 */
import type { IncidentLevel } from './types';
import { CST_OFFSET_MS as CST, DAY_MS as DAY, cstDay } from './time';
import { EVENT_LIMIT_WORKING_DAYS, NEAR_DUE_SHARE } from './rules';

export interface DeadlineOptions {
  /** Working days allowed per level; level 1 = 0 means "by the end of the day it was reported". Default EVENT_LIMIT_WORKING_DAYS. */
  limitDays?: Record<IncidentLevel, number>;
  /** Holidays as CST dates "YYYY-MM-DD" (not working days). Default: none. */
  holidays?: string[];
  /** Near-due when this share of the limit or less is left. Default NEAR_DUE_SHARE (domain/rules). */
  nearDueShare?: number;
}

function isWorkingDay(t: number, holidays: ReadonlySet<string>): boolean {
  const wd = new Date(t + CST).getUTCDay();
  return wd !== 0 && wd !== 6 && !holidays.has(cstDay(t));
}

/**
 * The deadline of an incident reported at `reportedAt` (epoch ms): the end (24:00 CST) of the N-th working day
 * after the day of report; level 1 ends at 24:00 of the report day. A report on a rest day starts counting on
 * the next working day.
 * @example deadlineFor(Date.parse('2026-03-06T10:00+08:00'), 2) // Friday → end of Wednesday 2026-03-11
 */
export function deadlineFor(reportedAt: number, level: IncidentLevel, options: DeadlineOptions = {}): number {
  const limit = (options.limitDays ?? EVENT_LIMIT_WORKING_DAYS)[level];
  const holidays = new Set(options.holidays ?? []);
  // Midnight CST at the start of the report day.
  let day = Math.floor((reportedAt + CST) / DAY) * DAY - CST;
  if (limit === 0) return day + DAY;
  let left = limit;
  while (left > 0) {
    day += DAY;
    if (isWorkingDay(day, holidays)) left--;
  }
  return day + DAY;
}

export type DueState = 'closed' | 'overdue' | 'near-due' | 'on-track';

/**
 * Where an incident stands at `asOf`, from its times (epoch ms; `closed` NaN while open, as the columns of
 * domain/incident-table hold them): closed (closed at or before asOf), overdue (past the deadline), near-due
 * (`nearDueShare` or less of the limit left), or on track.
 * @example dueStateAt(table.reported[i], table.closed[i], table.deadline[i], asOf)
 */
export function dueStateAt(
  reported: number,
  closed: number,
  deadline: number,
  asOf: number,
  nearDueShare: number = NEAR_DUE_SHARE,
): DueState {
  if (closed <= asOf) return 'closed';
  if (asOf > deadline) return 'overdue';
  return deadline - asOf <= nearDueShare * (deadline - reported) ? 'near-due' : 'on-track';
}
