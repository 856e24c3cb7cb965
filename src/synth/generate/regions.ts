/**
 * Regions as sets of lattice cells that are always closed topological disks: grown one cell at a time, and a cell
 * is added only when it touches the region along one connected arc of its boundary that contains an edge. That
 * rules out holes, pinches (two cells meeting at a corner only) and disconnected pieces, so every region's boundary
 * is one simple ring and rings.ts can chain it without special cases.
 *
 * Labels: Int32Array over all cells; −2 = outside the domain, −1 = free, ≥ 0 = region id.
 */
import type { Rng } from '../../domain/random';
import { type Lattice, cellArea, cellCentre, cellCount, cellI, cellJ, cellNeighbours } from './lattice';

export const OUTSIDE = -2;
export const FREE = -1;

/** Is `blocked(a, b, edge)` true: may a region not grow from a to b across `edge` (a river)? */
export type Blocked = (a: number, b: number, edge: number) => boolean;

// The 8 neighbours in counter-clockwise order starting north: N, NE, E, SE, S, SW, W, NW.
const RING_DI = [0, 1, 1, 1, 0, -1, -1, -1];
const RING_DJ = [1, 1, 0, -1, -1, -1, 0, 1];

/**
 * Whether region r ∪ {c} is still a closed disk (see the module comment). Pieces of c's boundary in circular
 * order: edge N, corner NE, edge E, corner SE, … A corner is shared when any of the three cells around it is in r.
 * @example canAdd(L, label, c, 0)
 */
export function canAdd(L: Lattice, label: Int32Array, c: number, r: number): boolean {
  const i = cellI(L, c);
  const j = cellJ(L, c);
  const inR = (k: number): boolean => {
    const ii = i + RING_DI[k & 7];
    const jj = j + RING_DJ[k & 7];
    return ii >= 0 && jj >= 0 && ii < L.nx && jj < L.ny && label[jj * L.nx + ii] === r;
  };
  // pieces[2m] = edge towards neighbour 2m; pieces[2m+1] = corner between neighbours 2m and 2m+2.
  const pieces: boolean[] = [];
  let anyEdge = false;
  for (let m = 0; m < 4; m++) {
    const e = inR(2 * m);
    anyEdge ||= e;
    pieces.push(e, e || inR(2 * m + 1) || inR(2 * m + 2));
  }
  if (!anyEdge) return false;
  let starts = 0;
  for (let k = 0; k < 8; k++) if (pieces[k] && !pieces[(k + 7) & 7]) starts++;
  return starts === 1;
}

export interface BlobOptions {
  /** Start cell (joins unconditionally). */
  start: number;
  /** Cells that may join. */
  eligible: (c: number) => boolean;
  /** Lower keys join first (e.g. normalised distance from the centre). */
  key: (c: number) => number;
}

/**
 * Grows one disk-shaped region (label 0) from `start` over eligible cells, nearest keys first.
 * @example growBlob(L, { start, eligible: (c) => d(c) < r(c), key: d })
 */
export function growBlob(L: Lattice, options: BlobOptions): Int32Array {
  const label = new Int32Array(cellCount(L)).fill(OUTSIDE);
  label[options.start] = 0;
  const candidates: number[] = [];
  for (let c = 0; c < label.length; c++) if (c !== options.start && options.eligible(c)) candidates.push(c);
  candidates.sort((a, b) => options.key(a) - options.key(b) || a - b);
  let changed = true;
  let pending = candidates;
  while (changed) {
    changed = false;
    const rest: number[] = [];
    for (const c of pending) {
      if (canAdd(L, label, c, 0)) {
        label[c] = 0;
        changed = true;
      } else rest.push(c);
    }
    pending = rest;
  }
  return label;
}

/**
 * Connected components of `cells` (4-adjacency, not across blocked edges), largest first.
 * @example components(L, cells, () => false).length === 1
 */
export function components(L: Lattice, cells: readonly number[], blocked: Blocked): number[][] {
  const member = new Set(cells);
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const s of cells) {
    if (seen.has(s)) continue;
    const comp = [s];
    seen.add(s);
    for (let q = 0; q < comp.length; q++) {
      for (const [n, e] of cellNeighbours(L, comp[q])) {
        if (member.has(n) && !seen.has(n) && !blocked(comp[q], n, e)) {
          seen.add(n);
          comp.push(n);
        }
      }
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}

export interface PartitionOptions {
  /** Tries with fresh seeds before giving up. Default 40. */
  attempts?: number;
  /** Lloyd iterations that spread the seeds. Default 5. */
  lloyd?: number;
}

/**
 * Splits a connected set of cells into k disk-shaped regions of similar area by balanced region growing from
 * well-spread seeds. Returns region ids per cell of `cells` (same order), or null if every attempt left cells
 * that no region could take without losing its disk shape.
 * @example partition(L, cells, 10, rng, noRiver)
 */
export function partition(
  L: Lattice,
  cells: readonly number[],
  k: number,
  rng: Rng,
  blocked: Blocked,
  options: PartitionOptions = {},
): number[] | null {
  const { attempts = 40, lloyd = 5 } = options;
  if (k <= 1) return cells.map(() => 0);
  const centres = cells.map((c) => cellCentre(L, c));
  for (let attempt = 0; attempt < attempts; attempt++) {
    const seeds = spreadSeeds(centres, k, rng, lloyd);
    const result = grow(L, cells, seeds, centres, blocked);
    if (result) return result;
  }
  return null;
}

// k-means++ then Lloyd on the cell centres; returns indexes into `centres` (distinct).
function spreadSeeds(centres: [number, number][], k: number, rng: Rng, lloyd: number): number[] {
  const pts: [number, number][] = [centres[rng.int(0, centres.length - 1)]];
  const d2 = centres.map(() => Infinity);
  while (pts.length < k) {
    const last = pts[pts.length - 1];
    for (let n = 0; n < centres.length; n++) {
      d2[n] = Math.min(d2[n], (centres[n][0] - last[0]) ** 2 + (centres[n][1] - last[1]) ** 2);
    }
    pts.push(centres[rng.weighted(d2)]);
  }
  for (let it = 0; it < lloyd; it++) {
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const cnt = new Float64Array(k);
    for (const p of centres) {
      const m = nearest(pts, p);
      sx[m] += p[0];
      sy[m] += p[1];
      cnt[m]++;
    }
    for (let m = 0; m < k; m++) if (cnt[m] > 0) pts[m] = [sx[m] / cnt[m], sy[m] / cnt[m]];
  }
  const used = new Set<number>();
  return pts.map((p) => {
    let best = -1;
    let bestD = Infinity;
    for (let n = 0; n < centres.length; n++) {
      const d = (centres[n][0] - p[0]) ** 2 + (centres[n][1] - p[1]) ** 2;
      if (!used.has(n) && d < bestD) {
        bestD = d;
        best = n;
      }
    }
    used.add(best);
    return best;
  });
}

function nearest(pts: [number, number][], p: [number, number]): number {
  let best = 0;
  let bestD = Infinity;
  for (let m = 0; m < pts.length; m++) {
    const d = (pts[m][0] - p[0]) ** 2 + (pts[m][1] - p[1]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = m;
    }
  }
  return best;
}

function grow(
  L: Lattice,
  cells: readonly number[],
  seeds: number[],
  centres: [number, number][],
  blocked: Blocked,
): number[] | null {
  const k = seeds.length;
  const label = new Int32Array(cellCount(L)).fill(OUTSIDE);
  for (const c of cells) label[c] = FREE;
  const area = new Float64Array(k);
  const frontier: Set<number>[] = [];
  const stuck = new Uint8Array(k);
  const seedXY = seeds.map((s) => centres[s]);
  const addCell = (c: number, r: number): void => {
    label[c] = r;
    area[r] += cellArea(L, c);
    frontier[r].delete(c);
    for (const [n, e] of cellNeighbours(L, c)) if (label[n] === FREE && !blocked(c, n, e)) frontier[r].add(n);
  };
  for (let r = 0; r < k; r++) frontier.push(new Set());
  seeds.forEach((s, r) => addCell(cells[s], r));
  let free = cells.length - k;
  while (free > 0) {
    let r = -1;
    for (let m = 0; m < k; m++) if (!stuck[m] && (r < 0 || area[m] < area[r])) r = m;
    if (r < 0) return null;
    let best = -1;
    let bestD = Infinity;
    for (const c of frontier[r]) {
      if (label[c] !== FREE) {
        frontier[r].delete(c);
        continue;
      }
      const [x, y] = cellCentre(L, c);
      const d = (x - seedXY[r][0]) ** 2 + (y - seedXY[r][1]) ** 2;
      if (d < bestD && canAdd(L, label, c, r)) {
        bestD = d;
        best = c;
      }
    }
    if (best < 0) {
      stuck[r] = 1;
      continue;
    }
    addCell(best, r);
    free--;
  }
  return cells.map((c) => label[c]);
}
