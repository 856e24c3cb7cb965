/**
 * Finding an enterprise by name or 统一社会信用代码 (issue 4, the analyst's search box). Pure: the component builds
 * the index once per dataset and calls `searchEnterprises` on every keystroke.
 */

export interface SearchEntry {
  /** 统一社会信用代码 (the enterprise's id). */
  id: string;
  name: string;
}

/** How a hit matched; lower `rank` sorts first. */
export type MatchKind = 'name-prefix' | 'id-prefix' | 'name-substring' | 'id-substring';
const RANK: Record<MatchKind, number> = { 'name-prefix': 0, 'id-prefix': 1, 'name-substring': 2, 'id-substring': 3 };

export interface SearchHit extends SearchEntry {
  match: MatchKind;
  /** Where the query starts in the normalised name or id. */
  at: number;
}

/** Entries with their matching keys worked out once. */
export interface SearchIndex {
  readonly entries: readonly { entry: SearchEntry; name: string; id: string }[];
}

export interface SearchOptions {
  /** Most hits returned (default 10: a listbox longer than that is scrolled, not read). */
  limit?: number;
}

/**
 * The form both sides are compared in: NFKC folds full-width letters and digits (what a Chinese IME types when
 * left in full-width mode) into ASCII, case is ignored (credit codes are upper case, people type lower), and
 * whitespace is dropped (codes are often pasted in groups of digits).
 * @example normalise(' ９１３３ 04ab ') === '913304ab'
 */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * Prepares entries for searching. Throws on an entry without a string id or name: a silent skip would make an
 * enterprise unfindable without anyone knowing why.
 * @example const index = buildSearchIndex(enterprises.map((f) => ({ id: f.properties.id, name: f.properties.name })))
 */
export function buildSearchIndex(entries: readonly SearchEntry[]): SearchIndex {
  return {
    entries: entries.map((entry, i) => {
      if (typeof entry?.id !== 'string' || typeof entry.name !== 'string') {
        throw new TypeError(`search entry ${i} needs a string id and name, got ${JSON.stringify(entry)}`);
      }
      return { entry, name: normalise(entry.name), id: normalise(entry.id) };
    }),
  };
}

/**
 * Enterprises whose name or credit code starts with or contains `query`, best first: name prefix, code prefix,
 * name substring, code substring; then the earlier match, the shorter name, the name and the code. An empty query
 * finds nothing.
 * @example searchEnterprises(index, '智汇')[0].name // '智汇精密机械有限公司'
 */
export function searchEnterprises(index: SearchIndex, query: string, options: SearchOptions = {}): SearchHit[] {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  const q = normalise(query);
  if (!q || limit === 0) return [];
  const hits: SearchHit[] = [];
  for (const { entry, name, id } of index.entries) {
    const inName = name.indexOf(q);
    const inId = id.indexOf(q);
    let match: MatchKind | null = null;
    let at = -1;
    if (inName === 0) [match, at] = ['name-prefix', 0];
    else if (inId === 0) [match, at] = ['id-prefix', 0];
    else if (inName > 0) [match, at] = ['name-substring', inName];
    else if (inId > 0) [match, at] = ['id-substring', inId];
    if (match) hits.push({ id: entry.id, name: entry.name, match, at });
  }
  hits.sort(
    (a, b) =>
      RANK[a.match] - RANK[b.match] ||
      a.at - b.at ||
      a.name.length - b.name.length ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return hits.slice(0, limit);
}
