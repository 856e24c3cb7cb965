/**
 * The layout in design space: the lattice, the community (or county) blob, the river, communities and grids as
 * disk-shaped cell sets, and which lattice edges carry roads. Everything later hangs off this.
 */
import type { Rng } from '../../domain/random';
import {
  type Lattice,
  buildLattice,
  cellCentre,
  cellCount,
  cellId,
  edgeCells,
  edgeCount,
  edgeVertices,
  isHorizontal,
  vertexXY,
} from './lattice';
import { type Blocked, components, growBlob, partition } from './regions';
import { type River, planRiver } from './river';

export interface LayoutOptions {
  /** Number of communities (1 for a community dataset, 30 for a county). */
  communities: number;
  /** Grids wanted in total (community: 8–12; county ≈ 500). */
  grids: number;
  /** Street blocks per grid on average. Default 7: ≈ 0.5 km² per grid of 30–50 firms. */
  cellsPerGrid?: number;
  /** Extra lattice around the blob, as a share of its radius, for context roads. Default 0.45. */
  contextMargin?: number;
}

export const ROAD_NONE = 0;
export const ROAD_MINOR = 1;
export const ROAD_SECONDARY = 2;
export const ROAD_MAIN = 3;

export interface Layout {
  L: Lattice;
  river: River;
  /** Per cell: community index or −1. */
  communityOf: Int32Array;
  /** Per cell: global grid index or −1. */
  gridOf: Int32Array;
  /** Per cell: 1 when the cell is drawn on the base map (community and its surroundings). */
  context: Uint8Array;
  communities: { cells: number[]; grids: number[] }[];
  grids: { community: number; cells: number[] }[];
  /** Per edge: ROAD_* class (river edges and dropped lanes are ROAD_NONE). */
  roadClass: Uint8Array;
  /** Road class of each lattice line, for naming: vertical lines then horizontal lines. */
  lineClassX: Uint8Array;
  lineClassY: Uint8Array;
}

const MEAN_CELL_AREA = 270 * 270;

/**
 * Plans the layout. Throws only if partitioning fails on every attempt (not seen in practice).
 * @example planLayout(rng, { communities: 1, grids: 10 })
 */
export function planLayout(rng: Rng, options: LayoutOptions): Layout {
  for (let attempt = 0; attempt < 8; attempt++) {
    const layout = tryLayout(rng, options);
    if (layout) return layout;
  }
  throw new Error('layout: could not partition the blob into disk-shaped regions');
}

function tryLayout(rng: Rng, options: LayoutOptions): Layout | null {
  const { communities: nCommunities, grids: nGrids, cellsPerGrid = 7, contextMargin = 0.45 } = options;
  const radius = Math.sqrt((nGrids * cellsPerGrid * MEAN_CELL_AREA) / Math.PI);
  const half = radius * (1.12 + contextMargin);
  const L = buildLattice(rng, { halfWidth: half, halfHeight: half });
  // A wobbly radius r(θ) so the boundary looks like a place, not a circle.
  const harmonics = [2, 3, 4, 5].map((m) => ({ m, a: rng.float(0.03, 0.11) / (m - 1) ** 0.3, p: rng.float(0, 6.3) }));
  const rOf = (x: number, y: number): number => {
    const t = Math.atan2(y, x);
    return radius * (1 + harmonics.reduce((s, h) => s + h.a * Math.sin(h.m * t + h.p), 0));
  };
  const rel = (c: number): number => {
    const [x, y] = cellCentre(L, c);
    return Math.hypot(x, y) / rOf(x, y);
  };
  const start = cellAt(L, 0, 0);
  const blobLabel = growBlob(L, { start, eligible: (c) => rel(c) < 1, key: rel });
  const blob: number[] = [];
  for (let c = 0; c < blobLabel.length; c++) if (blobLabel[c] === 0) blob.push(c);
  const context = new Uint8Array(cellCount(L));
  for (let c = 0; c < context.length; c++) context[c] = blobLabel[c] === 0 || rel(c) < 1 + contextMargin ? 1 : 0;

  const river = planRiver(L, rng, radius * 0.15);
  const absorbed = new Uint8Array(cellCount(L));
  const riverBlocked: Blocked = (a, b, e) => river.edges.has(e) && !absorbed[a] && !absorbed[b];
  // Slivers cut off by the river where it grazes the boundary join their neighbours across it (a bridge).
  const minPiece = (0.45 * blob.length) / Math.max(nCommunities, nGrids / 2);
  for (const comp of components(L, blob, riverBlocked)) if (comp.length < minPiece) for (const c of comp) absorbed[c] = 1;

  const communityOf = new Int32Array(cellCount(L)).fill(-1);
  const communityCells = splitInto(L, blob, nCommunities, rng, riverBlocked);
  if (!communityCells) return null;
  communityCells.forEach((cells, m) => cells.forEach((c) => (communityOf[c] = m)));

  const gridOf = new Int32Array(cellCount(L)).fill(-1);
  const grids: Layout['grids'] = [];
  const communities: Layout['communities'] = [];
  for (let m = 0; m < communityCells.length; m++) {
    const cells = communityCells[m];
    const k =
      nCommunities === 1 ? nGrids : Math.max(1, Math.round((cells.length / blob.length) * nGrids));
    const parts = splitInto(L, cells, k, rng, riverBlocked);
    if (!parts) return null;
    const ids: number[] = [];
    for (const part of parts) {
      ids.push(grids.length);
      part.forEach((c) => (gridOf[c] = grids.length));
      grids.push({ community: m, cells: part });
    }
    communities.push({ cells, grids: ids });
  }

  const { roadClass, lineClassX, lineClassY } = planRoads(L, rng, river, context, gridOf, nCommunities > 1);
  return { L, river, communityOf, gridOf, context, communities, grids, roadClass, lineClassX, lineClassY };
}

function cellAt(L: Lattice, x: number, y: number): number {
  let i = 0;
  while (i < L.nx - 1 && L.xs[i + 1] <= x) i++;
  let j = 0;
  while (j < L.ny - 1 && L.ys[j + 1] <= y) j++;
  return cellId(L, i, j);
}

// Splits cells into k regions, spread over the river-separated pieces by size; null if a piece fails.
function splitInto(L: Lattice, cells: number[], k: number, rng: Rng, blocked: Blocked): number[][] | null {
  let comps = components(L, cells, blocked);
  let block = blocked;
  if (comps.length > k) {
    block = () => false;
    comps = [cells];
  }
  // Largest remainder, at least one region per piece.
  const total = cells.length;
  const share = comps.map((c) => (c.length / total) * k);
  const counts = share.map((s) => Math.max(1, Math.floor(s)));
  let left = k - counts.reduce((a, b) => a + b, 0);
  const order = share.map((s, n) => n).sort((a, b) => share[b] - counts[b] - (share[a] - counts[a]) || a - b);
  for (let n = 0; left > 0; n = (n + 1) % order.length, left--) counts[order[n]]++;
  while (left < 0) {
    const n = counts.indexOf(Math.max(...counts));
    counts[n]--;
    left++;
  }
  const out: number[][] = [];
  for (let n = 0; n < comps.length; n++) {
    const labels = partition(L, comps[n], counts[n], rng, block);
    if (!labels) return null;
    const parts: number[][] = Array.from({ length: counts[n] }, () => []);
    labels.forEach((r, q) => parts[r].push(comps[n][q]));
    out.push(...parts);
  }
  return out;
}

function planRoads(
  L: Lattice,
  rng: Rng,
  river: River,
  context: Uint8Array,
  gridOf: Int32Array,
  county: boolean,
): { roadClass: Uint8Array; lineClassX: Uint8Array; lineClassY: Uint8Array } {
  // Main roads every ~9 lines in a county, one each way in a community; secondary every third line.
  const lineClass = (n: number): Uint8Array => {
    const out = new Uint8Array(n + 1);
    const mainStep = county ? 9 : n + 1;
    const mainAt = rng.int(Math.floor(n * 0.35), Math.ceil(n * 0.6));
    for (let i = 0; i <= n; i++) {
      const d = Math.abs(i - mainAt);
      out[i] = d % mainStep === 0 ? ROAD_MAIN : d % 3 === 0 ? ROAD_SECONDARY : ROAD_MINOR;
    }
    return out;
  };
  const lineClassX = lineClass(L.nx);
  const lineClassY = lineClass(L.ny);
  const roadClass = new Uint8Array(edgeCount(L));
  const nearRiver = new Uint8Array(cellCount(L));
  for (const e of river.edges) for (const c of edgeCells(L, e)) if (c >= 0) nearRiver[c] = 1;
  const dropped = new Uint8Array(cellCount(L));
  for (let e = 0; e < roadClass.length; e++) {
    if (river.edges.has(e)) continue;
    const [a, b] = edgeCells(L, e);
    if (!((a >= 0 && context[a]) || (b >= 0 && context[b]))) continue;
    const [v] = edgeVertices(L, e);
    const [x, y] = vertexXY(L, v);
    const cls = isHorizontal(L, e) ? lineClassY[L.ys.indexOf(y)] : lineClassX[L.xs.indexOf(x)];
    // Some minor streets inside a grid are missing: merged blocks make the street plan less regular. Every block
    // keeps three street sides, so patrols can reach it, and borders always stay on streets.
    const inside = a >= 0 && b >= 0 && gridOf[a] >= 0 && gridOf[a] === gridOf[b];
    if (cls === ROAD_MINOR && inside && !nearRiver[a] && !nearRiver[b] && !dropped[a] && !dropped[b] && rng.chance(0.5)) {
      dropped[a] = dropped[b] = 1;
      continue;
    }
    roadClass[e] = cls;
  }
  return { roadClass, lineClassX, lineClassY };
}
