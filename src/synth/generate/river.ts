/**
 * The river: one chain of lattice lines crossing the whole lattice west → east with two bends, so it runs along
 * block edges (grids can use it as a border) and never cuts through a block.
 */
import type { Rng } from '../../domain/random';
import { type Lattice, directed, hEdge, vEdge } from './lattice';

export interface River {
  /** Directed lattice edges from the west edge of the lattice to the east edge. */
  chain: number[];
  /** The same edges, undirected. */
  edges: Set<number>;
}

/**
 * A river whose first row passes within ±`offset` metres of y = 0.
 * @example planRiver(L, rng, 400).chain.length > L.nx
 */
export function planRiver(L: Lattice, rng: Rng, offset: number): River {
  const rowNear = (y: number): number => {
    let best = 1;
    for (let j = 1; j < L.ny; j++) if (Math.abs(L.ys[j] - y) < Math.abs(L.ys[best] - y)) best = j;
    return best;
  };
  const colNear = (x: number): number => {
    let best = 1;
    for (let i = 1; i < L.nx; i++) if (Math.abs(L.xs[i] - x) < Math.abs(L.xs[best] - x)) best = i;
    return best;
  };
  const clampRow = (j: number): number => Math.min(L.ny - 1, Math.max(1, j));
  const span = L.xs[L.nx] - L.xs[0];
  const j0 = rowNear(rng.float(-offset, offset));
  const j1 = clampRow(j0 + rng.pick([-2, -1, 1, 2]));
  const j2 = clampRow(j1 + rng.pick([-2, -1, 1, 2]));
  const i1 = colNear(rng.float(-0.3, -0.05) * span);
  const i2 = Math.max(i1 + 1, colNear(rng.float(0.05, 0.3) * span));
  const chain: number[] = [];
  const east = (j: number, from: number, to: number): void => {
    for (let i = from; i < to; i++) chain.push(directed(hEdge(L, i, j), true));
  };
  const vertical = (i: number, from: number, to: number): void => {
    if (to > from) for (let j = from; j < to; j++) chain.push(directed(vEdge(L, i, j), true));
    else for (let j = from - 1; j >= to; j--) chain.push(directed(vEdge(L, i, j), false));
  };
  east(j0, 0, i1);
  vertical(i1, j0, j1);
  east(j1, i1, i2);
  vertical(i2, j1, j2);
  east(j2, i2, L.nx);
  return { chain, edges: new Set(chain.map((d) => d >> 1)) };
}
