/**
 * A download's file name from parts that may come from data or a translation: only letters and digits of any script,
 * `-`, `_` and `.` are kept (path separators, control characters, quotes, spaces and the characters Windows refuses
 * become `_`), no leading dot (a hidden file) and a bounded length, so the name is the same on every system and
 * cannot reach outside the downloads folder. Pure.
 */

import { cstDay, monthOf, monthRange } from '../../domain/time';

/** Longest stem kept, in characters (file systems allow 255 bytes; a CJK character is 3 in UTF-8). */
const MAX_STEM = 80;

/**
 * The parts joined by `_`, each made safe, with `extension` (".csv") after; `fallback` when nothing is left.
 * @example safeFileName(['事件', '2026-10', '筛选'], '.csv') // '事件_2026-10_筛选.csv'
 * @example safeFileName(['../a b', 'c'], '.kml') // 'a_b_c.kml'
 */
export function safeFileName(parts: readonly string[], extension: string, fallback = 'export'): string {
  const clean = (s: string) =>
    s
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/_{2,}/g, '_')
      .replace(/^[._-]+|[._-]+$/g, '');
  let stem = parts.map(clean).filter(Boolean).join('_');
  stem = [...stem]
    .slice(0, MAX_STEM)
    .join('')
    .replace(/[._-]+$/, '');
  const ext = `.${clean(extension)}`;
  return `${stem || fallback}${ext === '.' ? '' : ext}`;
}

/**
 * A time range (epoch ms, `to` exclusive; null = open) in a file name: the month "YYYY-MM" when it is exactly one
 * calendar month in China time, else its first and last days, null for all time.
 * @example periodPart(...monthRange('2026-10')) // '2026-10'
 * @example periodPart(Date.parse('2026-10-03T00:00:00+08:00'), Date.parse('2026-10-10T00:00:00+08:00')) // '2026-10-03_2026-10-09'
 */
export function periodPart(from: number | null, to: number | null): string | null {
  if (from === null && to === null) return null;
  if (from !== null && to !== null) {
    const month = monthOf(from);
    const [start, end] = monthRange(month);
    if (start === from && end === to) return month;
  }
  const first = from === null ? '' : cstDay(from);
  const last = to === null ? '' : cstDay(to - 1);
  return `${first}_${last}`;
}
