/**
 * Short names for crowded map labels. A county wall names its 30 communities at county zoom, in type read from across
 * a room: "海塘园工业社区" is wider than the community is on screen, and half the names would give way to their
 * neighbours. Maps drop the generic term that every name of a layer shares and keep the proper name ("海塘园"), as
 * a printed county map writes "海塘园" inside a boundary its legend calls 工业社区.
 */

/** Generic terms of community names, longest first: only these are dropped, never part of a proper name. */
export const COMMUNITY_TERMS = ['工业园区', '工业社区', '社区', '园区'] as const;

/** Characters a short name keeps at least (one character names nothing). */
const MIN_SHORT = 2;

/**
 * The generic term (one of `terms`) that ends every name of `names` and leaves each at least two characters, or
 * null: when fewer than two names, or when any name lacks it, names are left whole.
 * @example sharedTerm(['海塘园工业社区', '富亭园工业社区']) // '工业社区'
 */
export function sharedTerm(
  names: readonly string[],
  terms: readonly string[] = COMMUNITY_TERMS,
): string | null {
  if (names.length < 2) return null;
  for (const term of terms) {
    if (names.every((n) => n.endsWith(term) && Array.from(n).length - Array.from(term).length >= MIN_SHORT))
      return term;
  }
  return null;
}

/**
 * `name` without `term` at its end (null term: the name as it is).
 * @example shortName('海塘园工业社区', '工业社区') // '海塘园'
 */
export function shortName(name: string, term: string | null): string {
  return term && name.endsWith(term) ? name.slice(0, name.length - term.length) : name;
}
