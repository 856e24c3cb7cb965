/**
 * Parcels (compounds) inside a street block: inset from the block edges by a margin (the street and its verge),
 * split into rows and, per row, into lots, with gaps for lanes. Parcels become micro-grids, landuse and buildings.
 */
import type { Rng } from '../../domain/random';

/** Axis-aligned rectangle in design metres: [x0, y0, x1, y1]. */
export type Rect = [number, number, number, number];

export interface ParcelOptions {
  /** Distance from the block edge (m). Default 20: keeps micro-grids ≥ 15 m inside their grid after the warp. */
  margin?: number;
  /** Lane between parcels (m). Default 12. */
  gap?: number;
  /** Wanted parcel side range (m). Default 70–140. */
  minSize?: number;
  maxSize?: number;
  /** Smallest parcel side allowed (m). Default 36. */
  minSide?: number;
}

/**
 * Parcels of a block, west→east within rows south→north.
 * @example cellParcels(rng, [0, 0, 300, 200]).length // ≈ 4–6
 */
export function cellParcels(rng: Rng, block: Rect, options: ParcelOptions = {}): Rect[] {
  const { margin = 20, gap = 12, minSize = 70, maxSize = 140, minSide = 36 } = options;
  const [bx0, by0, bx1, by1] = block;
  const x0 = bx0 + margin;
  const x1 = bx1 - margin;
  const y0 = by0 + margin;
  const y1 = by1 - margin;
  const split = (len: number): number => {
    const want = Math.max(1, Math.round((len + gap) / (rng.float(minSize, maxSize) + gap)));
    const most = Math.max(1, Math.floor((len + gap) / (minSide + gap)));
    return Math.min(want, most);
  };
  const out: Rect[] = [];
  if (x1 - x0 < minSide || y1 - y0 < minSide) return out;
  const rows = split(y1 - y0);
  const rowH = (y1 - y0 - gap * (rows - 1)) / rows;
  for (let r = 0; r < rows; r++) {
    const ry0 = y0 + r * (rowH + gap);
    const cols = split(x1 - x0);
    const colW = (x1 - x0 - gap * (cols - 1)) / cols;
    for (let k = 0; k < cols; k++) {
      const rx0 = x0 + k * (colW + gap);
      out.push([rx0, ry0, rx0 + colW, ry0 + rowH]);
    }
  }
  return out;
}

/** Area of a rectangle. @example rectArea([0, 0, 2, 3]) === 6 */
export const rectArea = (r: Rect): number => (r[2] - r[0]) * (r[3] - r[1]);

/** Shrinks a rectangle by d on every side. @example inset([0, 0, 10, 10], 2) // [2, 2, 8, 8] */
export const inset = (r: Rect, d: number): Rect => [r[0] + d, r[1] + d, r[2] - d, r[3] - d];

/**
 * Splits a rectangle into n slots along its longer side (two rows when n > 4), each slot padded by `pad` metres.
 * @example slots([0, 0, 100, 40], 2, 0) // [[0, 0, 50, 40], [50, 0, 100, 40]]
 */
export function slots(r: Rect, n: number, pad = 0): Rect[] {
  const [x0, y0, x1, y1] = r;
  const wide = x1 - x0 >= y1 - y0;
  const rows = n > 4 ? 2 : 1;
  const cols = Math.ceil(n / rows);
  const out: Rect[] = [];
  for (let k = 0; k < n; k++) {
    const a = k % cols;
    const b = Math.floor(k / cols);
    // Along = the long axis split into cols, across = rows.
    const [u0, u1, v0, v1] = wide ? [x0, x1, y0, y1] : [y0, y1, x0, x1];
    const du = (u1 - u0) / cols;
    const dv = (v1 - v0) / rows;
    const s: [number, number, number, number] = [u0 + a * du + pad, v0 + b * dv + pad, u0 + (a + 1) * du - pad, v0 + (b + 1) * dv - pad];
    out.push(wide ? s : [s[1], s[0], s[3], s[2]]);
  }
  return out;
}
