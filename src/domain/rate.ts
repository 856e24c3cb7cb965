/** Rates of the `stats` JSON (DOMAIN.md): fractions 0–1, or null when there is nothing to count. */

export type Rate = number | null;

/**
 * A share, or null when there is nothing to count (shown as "—", never 0 % or 100 %).
 * @example rate(1, 4) === 0.25; rate(0, 0) === null
 */
export function rate(part: number, whole: number): Rate {
  return whole === 0 ? null : part / whole;
}
