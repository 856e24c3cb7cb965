/** How the wall screen writes times. Rates: domain/rate formatRate (shared with the analyst and the charts). */
import { CST_OFFSET_MS, parseTime } from '../../domain/time';
export { rawAttr } from '../analysis/format';

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall's own clock: local time of the screen, HH:MM:SS. */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local date, YYYY-MM-DD. */
export function formatDate(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A moment of the data in China time (DOMAIN.md), "YYYY-MM-DD HH:MM". */
export function formatCstMinute(t: number): string {
  const d = new Date(t + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "MM-DD HH:MM" in China time. */
export function formatCstShort(t: number): string {
  return formatCstMinute(t).slice(5);
}

/** A span of hours as whole days from 2 days on, else whole hours (at least 1). */
export function splitHours(hours: number): { unit: 'days' | 'hours'; n: number } {
  return hours >= 48 ? { unit: 'days', n: Math.round(hours / 24) } : { unit: 'hours', n: Math.max(1, Math.round(hours)) };
}

/** "YYYY-MM-DD HH:MM" in China time of an ISO 8601 time, whatever offset it was written with. */
export function formatIsoMinute(iso: string): string {
  return formatCstMinute(parseTime(iso));
}
