/**
 * Column mappings remembered per file layout. A grid office imports the same export of the same system every
 * month: the same header, the same unrecognised columns. Once the user has said which column holds which property,
 * the next file with that header (same target, same columns in any order) is read with the same mapping.
 *
 * Pure: the list is kept by the caller (the import store keeps it in localStorage), and these functions only say
 * which entry fits and what the list becomes.
 */

/** One remembered mapping: the layout it is for, property → column, and when it was last used (ms). */
export interface RememberedMapping {
  key: string;
  mapping: Record<string, string>;
  at: number;
}

/** How many layouts are kept; the least recently used goes first. */
export const MAX_REMEMBERED = 50;

/** A column as compared: trimmed, NFKC (full-width letters and digits as half-width), case ignored. */
function norm(column: string): string {
  return column.normalize('NFKC').trim().toLowerCase();
}

/**
 * The layout a file's columns make for a target: the same set of columns (order, case, width and spaces aside)
 * gives the same key. The key is the columns themselves, not a hash: two layouts never collide.
 * @example columnLayoutKey('enterprises', ['名称', 'X', 'Y']) === columnLayoutKey('enterprises', ['y', 'x', '名称'])
 */
export function columnLayoutKey(as: string, columns: readonly string[]): string {
  const set = [...new Set(columns.map(norm))].sort();
  return `${as}\u0001${set.join('\u001f')}`;
}

/**
 * The mapping remembered for this layout, if every column it names is still one of the file's (in the file's own
 * spelling); else null.
 * @example recallMapping(list, 'enterprises', ['名称', 'X', 'Y']) // { lon: 'X', lat: 'Y' }
 */
export function recallMapping(
  list: readonly RememberedMapping[],
  as: string,
  columns: readonly string[],
): Record<string, string> | null {
  const key = columnLayoutKey(as, columns);
  const entry = list.find((e) => e.key === key);
  if (!entry) return null;
  const byNorm = new Map(columns.map((c) => [norm(c), c]));
  const out: Record<string, string> = {};
  for (const [prop, column] of Object.entries(entry.mapping)) {
    const own = byNorm.get(norm(column));
    if (own === undefined) return null;
    out[prop] = own;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * The list with this layout's mapping put first (replacing an older one for the same layout), cut to `max`. An
 * empty mapping forgets the layout.
 */
export function rememberMapping(
  list: readonly RememberedMapping[],
  as: string,
  columns: readonly string[],
  mapping: Record<string, string>,
  now: number,
  max = MAX_REMEMBERED,
): RememberedMapping[] {
  const key = columnLayoutKey(as, columns);
  const rest = list.filter((e) => e.key !== key);
  const kept = Object.fromEntries(Object.entries(mapping).filter(([, c]) => c));
  if (!Object.keys(kept).length) return rest.slice(0, max);
  return [{ key, mapping: kept, at: now }, ...rest].slice(0, max);
}

/**
 * A stored list as read back (localStorage may hold anything: an older shape, another tab's half-write, a user's
 * edit): only well-formed entries are kept, newest first.
 */
export function parseRemembered(text: string | null): RememberedMapping[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const ok = raw.filter(
    (e): e is RememberedMapping =>
      !!e &&
      typeof e === 'object' &&
      typeof (e as RememberedMapping).key === 'string' &&
      typeof (e as RememberedMapping).at === 'number' &&
      !!(e as RememberedMapping).mapping &&
      typeof (e as RememberedMapping).mapping === 'object' &&
      !Array.isArray((e as RememberedMapping).mapping) &&
      Object.values((e as RememberedMapping).mapping).every((c) => typeof c === 'string'),
  );
  return ok.sort((a, b) => b.at - a.at).slice(0, MAX_REMEMBERED);
}
