/** Rates of the `stats` JSON (DOMAIN.md): fractions 0–1, or null when there is nothing to count. */

export type Rate = number | null;

/**
 * A share, or null when there is nothing to count (shown as "—", never 0 % or 100 %).
 * @example rate(1, 4) === 0.25; rate(0, 0) === null
 */
export function rate(part: number, whole: number): Rate {
  return whole === 0 ? null : part / whole;
}

/**
 * A rate as a percentage, "—" when there is nothing to count (null, or not a finite number), never 0 % or 100 %.
 * The one way every screen, chart, map label and the wall write a rate.
 * @example formatRate(0.94117) === '94.1%'; formatRate(0.5, 0) === '50%'; formatRate(null) === '—'
 */
export function formatRate(r: Rate | undefined, digits = 1): string {
  return r === null || r === undefined || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(digits)}%`;
}
