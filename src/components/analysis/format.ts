/** How the analyst panel writes its numbers. */

/** The 95 % line under which area patrol coverage is marked (DOMAIN.md). */
export const AREA_COVERAGE_TARGET = 0.95;

/**
 * A rate (0..1) as a percentage with one decimal; null (nothing to count) as "—", never 0 % or 100 %.
 * @example formatRate(0.94117) // "94.1%"
 */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The raw value for a data attribute: String(x), or "null". */
export function rawAttr(value: number | boolean | null): string {
  return value === null ? 'null' : String(value);
}

/** Area patrol coverage that is measured and under the target. */
export function belowTarget(rate: number | null): boolean {
  return rate !== null && rate < AREA_COVERAGE_TARGET;
}
