/**
 * A filter dimension after a chip click. null means "all": clicking a chip while all are on picks just that one;
 * clicking a picked chip drops it (none left = all again); picking every value is "all" too. The result keeps the
 * order of `all`, so equal choices compare equal.
 * @example toggleChip(null, 'fire', CATS) // ['fire']; toggleChip(['fire'], 'fire', CATS) // null
 */
export function toggleChip<T>(current: readonly T[] | null, value: T, all: readonly T[]): T[] | null {
  if (!all.includes(value)) throw new RangeError(`toggleChip: ${String(value)} is not one of ${all.join(', ')}`);
  if (current === null) return [value];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  if (next.length === 0 || all.every((v) => next.includes(v))) return null;
  return all.filter((v) => next.includes(v));
}
