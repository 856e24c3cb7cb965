/**
 * Timestamps: ISO 8601. One without an offset is China Standard Time (+08:00), as DOMAIN.md says.
 * Months are calendar months in CST.
 */

/** China Standard Time is UTC+8 all year (no daylight saving): a CST calendar day or month is this far ahead of UTC's. */
export const CST_OFFSET_MS = 8 * 3600_000;
/** One day in milliseconds (CST has no daylight saving, so every CST day is this long). */
export const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Milliseconds since the epoch, or NaN when the text is not ISO 8601.
 * @example parseTime('2026-03-01T09:00') === Date.parse('2026-03-01T09:00+08:00')
 */
export function parseTime(text: string): number {
  // A county's million incidents carry several timestamps each, nearly all "YYYY-MM-DDTHH:MM:SS+08:00" or "…Z":
  // those are read digit by digit (no regex, no string building, no garbage); anything else takes the general path.
  const fast = parseTimeFast(text);
  return fast === undefined ? parseTimeGeneral(text) : fast;
}

/** Two ASCII digits at i, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "±HH:MM", exactly, or "YYYY-MM-DD" (midnight CST: units' validFrom);
 * undefined for any other shape (and for the cases the general path decides: years before 100, a 60th second),
 * NaN for an impossible date, as parseTimeGeneral.
 */
function parseTimeFast(s: string): number | undefined {
  const n = s.length;
  if (n === 10) return parseDateFast(s);
  if (n !== 20 && n !== 25) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return undefined;
  const c = digits2(s, 0);
  const yy = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  const se = digits2(s, 17);
  if (c < 1 || yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0 || se === 60) return undefined;
  let offset: number;
  if (n === 20) {
    if (s.charCodeAt(19) !== 90) return undefined;
    offset = 0;
  } else {
    const sign = s.charCodeAt(19);
    const oh = digits2(s, 20);
    const om = digits2(s, 23);
    if ((sign !== 43 && sign !== 45) || s.charCodeAt(22) !== 58 || oh < 0 || om < 0 || oh > 23 || om > 59) return undefined;
    offset = (sign === 45 ? -1 : 1) * (oh * 3600_000 + om * 60_000);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return NaN;
  const y = c * 100 + yy;
  if (d > daysInMonth(y, mo)) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, se) - offset;
}

function daysInMonth(y: number, mo: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** "YYYY-MM-DD", midnight CST; undefined for another shape or a year before 100, as parseTimeFast. */
function parseDateFast(s: string): number | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const c = digits2(s, 0);
  const yy = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  if (c < 1 || yy < 0 || mo < 0 || d < 0) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const y = c * 100 + yy;
  if (d > daysInMonth(y, mo)) return NaN;
  return Date.UTC(y, mo - 1, d) - CST_OFFSET_MS;
}

/**
 * parseTime's general path: every ISO 8601 form DOMAIN.md allows (date only, minutes, fractions, no offset = CST).
 * @example parseTimeGeneral('2026-03-01') === Date.parse('2026-03-01T00:00+08:00')
 */
export function parseTimeGeneral(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return NaN;
  }
  const offset = zone ? (zone === 'Z' ? '+00:00' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone) : '+08:00';
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`);
  // Date.parse rolls 31 February over to March; reject it.
  return new Date(t + offsetMs(offset)).getUTCDate() === day ? t : NaN;
}

function offsetMs(offset: string): number {
  const sign = offset[0] === '-' ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 3600_000 + Number(offset.slice(4, 6)) * 60_000);
}

/**
 * The CST calendar month of a moment, as "YYYY-MM".
 * @example monthOf(Date.parse('2026-03-31T20:00Z')) === '2026-04'
 */
export function monthOf(t: number): string {
  const d = new Date(t + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Start (inclusive) and end (exclusive) of a CST month "YYYY-MM", in epoch milliseconds.
 * @example monthRange('2026-03')[0] === Date.parse('2026-03-01T00:00+08:00')
 */
export function monthRange(month: string): [number, number] {
  const [y, mo] = parseMonth(month);
  const start = Date.UTC(y, mo - 1, 1) - CST_OFFSET_MS;
  const end = Date.UTC(y, mo, 1) - CST_OFFSET_MS;
  return [start, end];
}

/** Year and month (1–12) of "YYYY-MM"; a RangeError for anything else. */
function parseMonth(month: string): [number, number] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * The `count` months ending with `last` ("YYYY-MM"), oldest first: the analyst's month list, the wall's trend and the
 * patrol trend all count months with it. A RangeError for a malformed month or a count that is not a whole number.
 * @example monthsEnding('2026-02', 3) // ['2025-12', '2026-01', '2026-02']
 */
export function monthsEnding(last: string, count: number): string[] {
  const [y, mo] = parseMonth(last);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`monthsEnding: count must be a whole number ≥ 0, got ${count}`);
  const k0 = y * 12 + mo - 1;
  const out: string[] = [];
  for (let k = k0 - count + 1; k <= k0; k++) {
    out.push(`${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * The CST calendar day of a moment, "YYYY-MM-DD".
 * @example cstDay(Date.parse('2026-09-30T16:00Z')) === '2026-10-01'
 */
export function cstDay(t: number): string {
  return new Date(t + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The part of a month that the data can speak for: [start, cutoff) with cutoff the month's end, or just after
 * `asOf` when that is earlier (DOMAIN.md: closure is counted "by the month's end, or by asOf when earlier").
 * @example monthUntil('2026-03', Date.parse('2026-03-20T12:00+08:00'))[1] === Date.parse('2026-03-20T12:00+08:00') + 1
 */
export function monthUntil(month: string, asOf: number): [number, number] {
  const [start, end] = monthRange(month);
  return [start, Math.min(end, asOf + 1)];
}

/** Formats a moment as ISO 8601 in CST with an explicit +08:00 offset. */
export function formatCst(t: number): string {
  const d = new Date(t + CST_OFFSET_MS);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}
