/*
 * The printed map's scale: a bar of a round length (1, 2 or 5 times a power of ten metres, as on survey maps) and
 * the representative fraction 1:N, both from the ground size of one printed pixel.
 */

import { MM_PER_INCH } from './paper';

/**
 * The longest round length (1, 2 or 5 × 10^n) that is not longer than `max`.
 * @example roundLength(437) === 200; roundLength(600) === 500
 */
export function roundLength(max: number): number {
  if (!(max > 0) || !Number.isFinite(max))
    throw new RangeError(`roundLength needs a positive length, got ${max}`);
  const power = 10 ** Math.floor(Math.log10(max));
  // Guard against log10's rounding just under a power of ten (log10(1000) may come out as 2.9999…).
  const base = max / power >= 10 ? power * 10 : power;
  const first = max / base;
  return (first >= 5 ? 5 : first >= 2 ? 2 : 1) * base;
}

export interface ScaleBar {
  /** The length the bar stands for, in metres. */
  metres: number;
  /** Its length on the page, in pixels. */
  px: number;
  /** How many alternating black and white segments it is drawn in (each a round length too). */
  segments: number;
  /** The length as it is written at the bar's end: "500 m", "2 km". */
  label: string;
}

/**
 * The scale bar for a map whose pixels each cover `metresPerPx` of ground, at most `maxPx` long.
 * @example scaleBar(1.2, 500) // { metres: 500, px: 417, segments: 5, label: '500 m' }: 600 m would fit, 500 m is drawn
 */
export function scaleBar(metresPerPx: number, maxPx: number): ScaleBar {
  if (!(metresPerPx > 0) || !(maxPx > 0)) throw new RangeError('scaleBar needs positive sizes');
  const metres = roundLength(metresPerPx * maxPx);
  const first = Math.round(metres / 10 ** Math.floor(Math.log10(metres) + 1e-9));
  return {
    metres,
    px: Math.round(metres / metresPerPx),
    segments: first === 2 ? 4 : 5,
    label: formatLength(metres),
  };
}

/**
 * A length in metres as a scale bar writes it: metres under a kilometre, kilometres from there.
 * @example formatLength(500) === '500 m'; formatLength(2000) === '2 km'; formatLength(0.5) === '0.5 m'
 */
export function formatLength(metres: number): string {
  if (metres >= 1000) return `${trim(metres / 1000)} km`;
  return `${trim(metres)} m`;
}

const trim = (n: number) => String(Number(n.toPrecision(6)));

/**
 * The representative fraction's denominator N (1:N) for a page pixel covering `metresPerPx` at `dpi`, rounded to
 * two significant figures as map sheets state it ("约 1:12 000").
 * @example scaleDenominator(1, 300) === 12000 // 1 m per pixel at 300 dpi: a pixel is 0.0847 mm
 */
export function scaleDenominator(metresPerPx: number, dpi: number): number {
  const exact = (metresPerPx * dpi * 1000) / MM_PER_INCH;
  const power = 10 ** Math.max(0, Math.floor(Math.log10(exact)) - 1);
  return Math.round(exact / power) * power;
}
