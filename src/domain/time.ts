/**
 * Timestamps: ISO 8601. One without an offset is China Standard Time (+08:00), as DOMAIN.md says.
 * Months are calendar months in CST.
 */

const CST_OFFSET_MS = 8 * 3600_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Milliseconds since the epoch, or NaN when the text is not ISO 8601.
 * @example parseTime('2026-03-01T09:00') === Date.parse('2026-03-01T09:00+08:00')
 */
export function parseTime(text: string): number {
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
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const start = Date.UTC(y, mo - 1, 1) - CST_OFFSET_MS;
  const end = Date.UTC(y, mo, 1) - CST_OFFSET_MS;
  return [start, end];
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
