/**
 * The closure and on-time closure rates of a month (DOMAIN.md, "How the numbers are counted"), one incident at a
 * time: `incidentMonth` (domain/month-stats, the `stats` figures) and `incidentSummary` (domain/incident-summary,
 * the analyst's filters) both count through `tallyClosure`, so the two can never disagree on what "closed in the
 * month" means.
 */
import { rate } from './rate';

export interface ClosureTally {
  /** Reported in the month (up to the cutoff). */
  total: number;
  /** Of those, closed before the cutoff. */
  closed: number;
  /** Closed in the month (up to the cutoff), whenever reported. */
  closedInMonth: number;
  /** Of those, closed no later than the deadline. */
  onTime: number;
}

export function closureTally(): ClosureTally {
  return { total: 0, closed: 0, closedInMonth: 0, onTime: 0 };
}

/**
 * Counts one incident into a month's tally. `[start, cutoff)` is domain/time's monthUntil(month, asOf); times are
 * epoch ms, `closedAt` NaN while open. `deadline` may be a function: it is only needed for an incident closed in the
 * month, and computing it is the expensive part.
 * @example tallyClosure(t, reported, closedAt, ...monthUntil('2026-10', asOf), deadline)
 */
export function tallyClosure(
  t: ClosureTally,
  reported: number,
  closedAt: number,
  start: number,
  cutoff: number,
  deadline: number | (() => number),
): void {
  if (reported >= start && reported < cutoff) {
    t.total++;
    if (closedAt < cutoff) t.closed++;
  }
  if (closedAt >= start && closedAt < cutoff) {
    t.closedInMonth++;
    if (closedAt <= (typeof deadline === 'number' ? deadline : deadline())) t.onTime++;
  }
}

/** The tally with its two rates (null when there is nothing to count). */
export function closureRates(t: ClosureTally) {
  return {
    total: t.total,
    closed: t.closed,
    closureRate: rate(t.closed, t.total),
    closedInMonth: t.closedInMonth,
    onTimeRate: rate(t.onTime, t.closedInMonth),
  };
}
