/**
 * The smooth warp from the rectilinear design space to the map, and the single place where coordinates are
 * rounded. W(p) = R·(p + Σ aᵢ·uᵢ·sin(kᵢ·p + φᵢ)), R a rotation. The displacement's gradient is bounded by
 * Σ aᵢ·|kᵢ| ≤ maxGradient < 1, so W is injective and bi-Lipschitz with factors 1 ± maxGradient: inside stays
 * inside, disjoint stays disjoint, and a 20 m margin stays at least 20·(1 − maxGradient) m.
 */
import type { Position } from 'geojson';
import type { Rng } from '../../domain/random';
import { localProjection } from '../../geo/projection';

export interface WarpOptions {
  /** Long-wave terms (whole-area bends) and short-wave terms (street-scale wobble). Default 3 and 3. */
  longTerms?: number;
  shortTerms?: number;
  /** Wavelength ranges (m). Default 2500–6000 and 700–1500. */
  longWavelength?: [number, number];
  shortWavelength?: [number, number];
  /** Bound on the displacement gradient (0 < g < 1). Default 0.4: angles bend up to ~20°, margins shrink ≤ 40 %. */
  maxGradient?: number;
  /** Share of the gradient budget spent on long waves. Default 0.65. */
  longShare?: number;
  /** Largest rotation (radians) either way. Default 0.35 (≈ 20°). */
  maxRotation?: number;
}

interface Term {
  ux: number;
  uy: number;
  kx: number;
  ky: number;
  phase: number;
  amp: number;
}

/** Maps design metres to rounded [lon, lat]. */
export type DesignToLonLat = (x: number, y: number) => Position;

/** Rounds a coordinate to 7 decimals (≈ 1 cm), the dataset's precision. Applied once, here. */
export const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/**
 * A random warp and the design → [lon, lat] mapping through a local projection centred on `center`.
 * @example const toMap = makeWarp(createRng(1), [121, 30.6]); toMap(0, 0) // ≈ [121.00…, 30.60…]
 */
export function makeWarp(rng: Rng, center: readonly [number, number], options: WarpOptions = {}): DesignToLonLat {
  const {
    longTerms = 3,
    shortTerms = 3,
    longWavelength = [2500, 6000],
    shortWavelength = [700, 1500],
    maxGradient = 0.4,
    longShare = 0.65,
    maxRotation = 0.35,
  } = options;
  const group = (n: number, [lo, hi]: [number, number], budget: number): Term[] => {
    const list: Term[] = [];
    let gradient = 0;
    for (let t = 0; t < n; t++) {
      const dir = rng.float(0, 2 * Math.PI);
      const kdir = rng.float(0, 2 * Math.PI);
      const k = (2 * Math.PI) / rng.float(lo, hi);
      const amp = rng.float(0.5, 1);
      list.push({ ux: Math.cos(dir), uy: Math.sin(dir), kx: k * Math.cos(kdir), ky: k * Math.sin(kdir), phase: rng.float(0, 6.3), amp });
      gradient += amp * k;
    }
    // Scale so Σ amp·|k| equals this group's share of the budget: the sum over both groups is maxGradient.
    for (const t of list) t.amp *= budget / gradient;
    return list;
  };
  const list = [
    ...group(longTerms, longWavelength, maxGradient * longShare),
    ...group(shortTerms, shortWavelength, maxGradient * (1 - longShare)),
  ];
  const rot = rng.float(-maxRotation, maxRotation);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const proj = localProjection(center);
  return (x, y) => {
    let dx = x;
    let dy = y;
    for (const t of list) {
      const s = t.amp * Math.sin(t.kx * x + t.ky * y + t.phase);
      dx += t.ux * s;
      dy += t.uy * s;
    }
    const [lon, lat] = proj.toLonLat([cos * dx - sin * dy, sin * dx + cos * dy]);
    return [round7(lon), round7(lat)];
  };
}

/**
 * Points every ≤ `step` metres from (x0, y0) to (x1, y1), both ends included, mapped by `toMap`.
 * @example densify(toMap, 0, 0, 100, 0, 25).length === 5
 */
export function densify(toMap: DesignToLonLat, x0: number, y0: number, x1: number, y1: number, step: number): Position[] {
  const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
  const out: Position[] = [];
  for (let k = 0; k <= n; k++) out.push(toMap(x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n));
  return out;
}

/**
 * A closed ring around a design rectangle, counter-clockwise, densified.
 * @example rectRing(toMap, [0, 0, 50, 30], 25).length === 11
 */
export function rectRing(toMap: DesignToLonLat, r: readonly number[], step: number): Position[] {
  const [x0, y0, x1, y1] = r;
  const ring = [
    ...densify(toMap, x0, y0, x1, y0, step).slice(0, -1),
    ...densify(toMap, x1, y0, x1, y1, step).slice(0, -1),
    ...densify(toMap, x1, y1, x0, y1, step).slice(0, -1),
    ...densify(toMap, x0, y1, x0, y0, step).slice(0, -1),
  ];
  ring.push(ring[0]);
  return ring;
}
