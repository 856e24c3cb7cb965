/**
 * How many enterprises a grid gets and how they form micro-grids (standard): one micro-grid per above-size
 * enterprise, one per 2–5 below-size enterprises, and sometimes a 小微园区 park holding more.
 */
import type { Rng } from '../../domain/random';
import { ENTERPRISES_PER_GRID } from '../../domain/rules';

export interface Unit {
  kind: 'above' | 'below' | 'park';
  /** Enterprises in the micro-grid. */
  size: number;
}

export interface CompositionOptions {
  /** Enterprises per grid (inclusive). Default 32–48: inside the standard's ENTERPRISES_PER_GRID with room to spare. */
  minFirms?: number;
  maxFirms?: number;
  /** Share of above-size enterprises. Default 0.18 (the brief asks ≈ 15–25 %). */
  aboveShare?: number;
  /** Chance that a grid has a park. Default 0.45. */
  parkChance?: number;
  /** Enterprises in a park. Default 8–14. */
  parkMin?: number;
  parkMax?: number;
  /** Relative weights of below-size group sizes 2, 3, 4, 5. Default 1, 2, 3.5, 3.5. */
  groupWeights?: [number, number, number, number];
}

/**
 * The micro-grid units of one grid, parks first, then above-size, then below-size groups.
 * @example composeUnits(rng).reduce((s, u) => s + u.size, 0) // 32–48
 */
export function composeUnits(rng: Rng, options: CompositionOptions = {}): Unit[] {
  const {
    minFirms = ENTERPRISES_PER_GRID.min + 2,
    maxFirms = ENTERPRISES_PER_GRID.max - 2,
    aboveShare = 0.18,
    parkChance = 0.45,
    parkMin = 8,
    parkMax = 14,
    groupWeights = [1, 2, 3.5, 3.5],
  } = options;
  const n = rng.int(minFirms, maxFirms);
  let above = 0;
  for (let k = 0; k < n; k++) if (rng.chance(aboveShare)) above++;
  let below = n - above;
  // A single below-size firm cannot form a micro-grid of 2–5; count it as above-size instead.
  if (below === 1) {
    above++;
    below = 0;
  }
  const units: Unit[] = [];
  if (below >= parkMin + 2 && rng.chance(parkChance)) {
    const size = Math.min(rng.int(parkMin, parkMax), below - 2);
    units.push({ kind: 'park', size });
    below -= size;
  }
  for (let k = 0; k < above; k++) units.push({ kind: 'above', size: 1 });
  while (below > 0) {
    let size = 2 + rng.weighted(groupWeights);
    // Never leave a remainder of 1; finish exactly when 2–5 are left.
    if (below <= 5) size = below;
    else if (below - size === 1) size = size === 2 ? 3 : size - 1;
    units.push({ kind: 'below', size });
    below -= size;
  }
  return units;
}
