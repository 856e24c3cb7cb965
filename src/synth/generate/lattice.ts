/**
 * The design-space street lattice: irregular column and row lines (metres, centred on 0), whose cells are street
 * blocks. Cells, vertices and edges are small integers so regions, rings and roads are plain integer sets.
 *
 * Indexing: cell (i, j) = j·nx + i; vertex (i, j) = j·(nx+1) + i; horizontal edge (i, j) from vertex (i, j) to
 * (i+1, j) = j·nx + i; vertical edge (i, j) from vertex (i, j) to (i, j+1) = (ny+1)·nx + j·(nx+1) + i.
 */
import type { Rng } from '../../domain/random';

export interface Lattice {
  nx: number;
  ny: number;
  /** nx+1 column line positions (x, metres), ascending. */
  xs: Float64Array;
  /** ny+1 row line positions (y, metres), ascending. */
  ys: Float64Array;
}

export interface LatticeOptions {
  /** Half the extent to cover in each direction (m). */
  halfWidth: number;
  halfHeight: number;
  /** Street block side range (m). Default 160–380: typical for industrial parks in Zhejiang. */
  minSpacing?: number;
  maxSpacing?: number;
}

/**
 * Random column widths and row heights covering [-halfWidth, halfWidth] × [-halfHeight, halfHeight].
 * @example buildLattice(createRng(1), { halfWidth: 2000, halfHeight: 2000 }).nx // ≈ 15
 */
export function buildLattice(rng: Rng, options: LatticeOptions): Lattice {
  const { halfWidth, halfHeight, minSpacing = 160, maxSpacing = 380 } = options;
  const lines = (half: number): Float64Array => {
    const out = [-half];
    while (out[out.length - 1] < half) out.push(out[out.length - 1] + rng.float(minSpacing, maxSpacing));
    return Float64Array.from(out);
  };
  const xs = lines(halfWidth);
  const ys = lines(halfHeight);
  return { nx: xs.length - 1, ny: ys.length - 1, xs, ys };
}

export const cellId = (L: Lattice, i: number, j: number): number => j * L.nx + i;
export const cellI = (L: Lattice, c: number): number => c % L.nx;
export const cellJ = (L: Lattice, c: number): number => Math.floor(c / L.nx);
export const vertexId = (L: Lattice, i: number, j: number): number => j * (L.nx + 1) + i;
export const hEdge = (L: Lattice, i: number, j: number): number => j * L.nx + i;
export const vEdge = (L: Lattice, i: number, j: number): number => (L.ny + 1) * L.nx + j * (L.nx + 1) + i;
export const cellCount = (L: Lattice): number => L.nx * L.ny;
export const edgeCount = (L: Lattice): number => (L.ny + 1) * L.nx + L.ny * (L.nx + 1);

export const vertexXY = (L: Lattice, v: number): [number, number] => [
  L.xs[v % (L.nx + 1)],
  L.ys[Math.floor(v / (L.nx + 1))],
];

export const isHorizontal = (L: Lattice, e: number): boolean => e < (L.ny + 1) * L.nx;

/** The two vertices of an edge in its canonical direction (west→east or south→north). */
export function edgeVertices(L: Lattice, e: number): [number, number] {
  if (isHorizontal(L, e)) {
    const i = e % L.nx;
    const j = Math.floor(e / L.nx);
    return [vertexId(L, i, j), vertexId(L, i + 1, j)];
  }
  const k = e - (L.ny + 1) * L.nx;
  const i = k % (L.nx + 1);
  const j = Math.floor(k / (L.nx + 1));
  return [vertexId(L, i, j), vertexId(L, i, j + 1)];
}

/** A directed edge: edge id and whether it runs in the canonical direction. Encoded as e·2 + (forward ? 0 : 1). */
export const directed = (e: number, forward: boolean): number => e * 2 + (forward ? 0 : 1);

/** The start vertex of a directed edge. */
export function directedFrom(L: Lattice, d: number): number {
  const [a, b] = edgeVertices(L, d >> 1);
  return d & 1 ? b : a;
}

/** The end vertex of a directed edge. */
export function directedTo(L: Lattice, d: number): number {
  const [a, b] = edgeVertices(L, d >> 1);
  return d & 1 ? a : b;
}

/** The four boundary edges of a cell, directed counter-clockwise (south, east, north, west). */
export function cellDirectedEdges(L: Lattice, c: number): [number, number, number, number] {
  const i = cellI(L, c);
  const j = cellJ(L, c);
  return [
    directed(hEdge(L, i, j), true),
    directed(vEdge(L, i + 1, j), true),
    directed(hEdge(L, i, j + 1), false),
    directed(vEdge(L, i, j), false),
  ];
}

/**
 * 4-neighbours of a cell with the shared edge: [neighbour cell, edge] pairs (cells off the lattice omitted).
 * @example cellNeighbours(L, 0) // [[1, e], [nx, e']]
 */
export function cellNeighbours(L: Lattice, c: number): [number, number][] {
  const i = cellI(L, c);
  const j = cellJ(L, c);
  const out: [number, number][] = [];
  if (j > 0) out.push([c - L.nx, hEdge(L, i, j)]);
  if (i < L.nx - 1) out.push([c + 1, vEdge(L, i + 1, j)]);
  if (j < L.ny - 1) out.push([c + L.nx, hEdge(L, i, j + 1)]);
  if (i > 0) out.push([c - 1, vEdge(L, i, j)]);
  return out;
}

/** The cells on either side of an edge (−1 off the lattice): [south or west, north or east]. */
export function edgeCells(L: Lattice, e: number): [number, number] {
  if (isHorizontal(L, e)) {
    const i = e % L.nx;
    const j = Math.floor(e / L.nx);
    return [j > 0 ? cellId(L, i, j - 1) : -1, j < L.ny ? cellId(L, i, j) : -1];
  }
  const k = e - (L.ny + 1) * L.nx;
  const i = k % (L.nx + 1);
  const j = Math.floor(k / (L.nx + 1));
  return [i > 0 ? cellId(L, i - 1, j) : -1, i < L.nx ? cellId(L, i, j) : -1];
}

/** Cell rectangle [x0, y0, x1, y1] in design metres. */
export function cellRect(L: Lattice, c: number): [number, number, number, number] {
  const i = cellI(L, c);
  const j = cellJ(L, c);
  return [L.xs[i], L.ys[j], L.xs[i + 1], L.ys[j + 1]];
}

export function cellCentre(L: Lattice, c: number): [number, number] {
  const [x0, y0, x1, y1] = cellRect(L, c);
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

export function cellArea(L: Lattice, c: number): number {
  const [x0, y0, x1, y1] = cellRect(L, c);
  return (x1 - x0) * (y1 - y0);
}
