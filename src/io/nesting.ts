/**
 * How deep a parsed file nests, checked without recursion. Whatever reading keeps is later cloned to a worker
 * (postMessage) or serialised, both of which recurse and overflow the stack on arrays nested 100,000 deep; a
 * contract file nests about ten levels, so anything past MAX_NESTING is refused when read.
 */

/** Far above any contract file (a MultiPolygon in a FeatureCollection is 8 levels), far below a stack's limit. */
export const MAX_NESTING = 100;

/**
 * The path of the first value nested deeper than `limit` levels ("features[3].properties.tags[0]…"), or null.
 * `shallow` names objects already known to nest well within the limit where they are (geometry coordinates that
 * reading checked level by level): their insides are not walked again, which changes no answer.
 * @example tooDeep(JSON.parse('[[[1]]]'), 2) // '[0][0]'
 */
export function tooDeep(value: unknown, limit = MAX_NESTING, shallow?: ReadonlySet<object>): string | null {
  interface Entry {
    value: object;
    depth: number;
    parent: Entry | null;
    key: string | number;
  }
  const pathOf = (e: Entry): string => {
    const parts: string[] = [];
    for (let at: Entry | null = e; at?.parent; at = at.parent) {
      parts.push(typeof at.key === 'number' ? `[${at.key}]` : /^[A-Za-z_$][\w$]{0,40}$/.test(at.key) ? `.${at.key}` : '[…]');
    }
    return parts.reverse().join('').replace(/^\./, '');
  };
  if (value === null || typeof value !== 'object') return null;
  // Paths are built only for the answer: a file has a million positions, each an array.
  const stack: Entry[] = [{ value, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.depth >= limit) return pathOf(top);
    if (Array.isArray(top.value)) {
      for (let i = top.value.length - 1; i >= 0; i--) {
        const item: unknown = top.value[i];
        if (item !== null && typeof item === 'object' && !shallow?.has(item)) {
          stack.push({ value: item, depth: top.depth + 1, parent: top, key: i });
        }
      }
    } else {
      const record = top.value as Record<string, unknown>;
      // for…in, not Object.entries: no array per object (a file has one properties object per feature).
      for (const key in record) {
        const item = record[key];
        if (item !== null && typeof item === 'object' && !shallow?.has(item)) {
          stack.push({ value: item, depth: top.depth + 1, parent: top, key });
        }
      }
    }
  }
  return null;
}
