/**
 * Hexagonal binning of points in metres, for incident density and hotspots (issue 4).
 *
 * The cells are **pointy-topped** regular hexagons (a vertex at the top and bottom, flat edges left and right) in
 * the local metric projection of `projection.ts`, centred on the data or on a given centre. **`sizeM` is the
 * distance between opposite edges**, which is also the distance between the centres of two adjacent cells: a
 * "200 m" cell is 200 m across from edge to edge, its circumradius is 200/√3 ≈ 115.5 m and its area
 * (√3/2)·200² ≈ 34 641 m². A cell is named by axial coordinates (q, r): its centre is at
 * x = sizeM·(q + r/2), y = sizeM·(√3/2)·r metres from the grid centre, and a point goes to the nearest centre
 * (cube rounding), so the cells tile the plane. The projection keeps sizes within 0.1 % of geodesic up to
 * ~8.5 km north or south of the centre (~0.12 % at a county's ±10 km; see projection.ts).
 *
 * Hot data is flat: cells are parallel Int32Arrays q, r sorted by (r, q), counts a Uint32Array, and `cellOf`
 * (incident → cell index) lets a filter change re-count in one pass (`hexCount`) without projecting again.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { localProjection } from './projection';

const SQRT3 = Math.sqrt(3);
/** Axial offsets of the 6 adjacent cells, counter-clockwise from east. */
export const HEX_DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, 0],
  [-1, 1],
  [0, 1],
];
// Keys pack (q, r) into a small integer (a V8 Smi, fast as a Map key), r-major so that sorting keys sorts by (r, q).
const KEY_OFFSET = 16384;
const KEY_SPAN = 32768;
// Above this many slots (or 4 per point) the occupied (q, r) range goes through a Map instead of a dense array:
// one stray point at [0, 0] must not allocate a continent-sized grid.
const DENSE_MAX = 1 << 22;

/** A hexagon grid: cell size and the centre of its local projection. Two grids are the same when both agree. */
export interface HexGrid {
  /** Distance between opposite edges (= between adjacent centres), metres. */
  sizeM: number;
  /** [lon, lat] of the projection centre; cell (0, 0) is centred here. */
  center: [number, number];
  /** Metres per degree of longitude and latitude at the centre (projection.ts). */
  metresPerDegree: [number, number];
}

/** A set of cells of one grid, sorted by (r, q), no duplicates. */
export interface HexCells {
  grid: HexGrid;
  q: Int32Array;
  r: Int32Array;
}

/** Cells with a count each (count[i] belongs to cell i). */
export interface HexCounts extends HexCells {
  count: ArrayLike<number>;
}

/** The result of `hexBin`. */
export interface HexBins extends HexCounts {
  /** Selected points per cell. */
  count: Uint32Array;
  /** Point → index of its cell; −1 for a point with a non-finite coordinate or more than 16 383 cells from the
   * centre (1 638 km at 100 m: a stray [0, 0], not a reason to fail). */
  cellOf: Int32Array;
}

export interface HexBinOptions {
  /** Distance between opposite edges in metres, e.g. 100, 200 or 500. Required. */
  sizeM: number;
  /** Grid centre [lon, lat]; default the middle of the points' bounding box. Pass one to share a grid. */
  center?: readonly [number, number];
  /** Selected points (non-zero = counted); default all. Unselected points still get a cell in `cellOf`. */
  mask?: Uint8Array;
}

/**
 * A grid of cells `sizeM` across (edge to edge) centred on `center`.
 * @example const g = hexGrid(200, [121, 30.6]); hexCell(g, 121.001, 30.6) // { q: 0, r: 0 }
 */
export function hexGrid(sizeM: number, center: readonly [number, number]): HexGrid {
  if (!(sizeM > 0) || !Number.isFinite(sizeM))
    throw new RangeError(`hex size must be a positive number of metres, got ${sizeM}`);
  const p = localProjection(center);
  return { sizeM, center: [center[0], center[1]], metresPerDegree: p.metresPerDegree };
}

/** The key of cell (q, r): an integer, r-major. @example hexKey(0, 0) === hexKey(0, 0) */
export function hexKey(q: number, r: number): number {
  if (q < -KEY_OFFSET || q >= KEY_OFFSET || r < -KEY_OFFSET || r >= KEY_OFFSET)
    throw new RangeError(`hex cell (${q}, ${r}) is too far from the grid centre`);
  return (r + KEY_OFFSET) * KEY_SPAN + (q + KEY_OFFSET);
}

/** Whether two grids are the same (same size and centre). */
export function sameGrid(a: HexGrid, b: HexGrid): boolean {
  return a.sizeM === b.sizeM && a.center[0] === b.center[0] && a.center[1] === b.center[1];
}

/** The cell containing the local point (x, y) metres, by cube rounding. */
function cellAt(x: number, y: number, sizeM: number, out: Int32Array): void {
  const rf = (2 * y) / (SQRT3 * sizeM);
  const qf = x / sizeM - rf / 2;
  const sf = -qf - rf;
  let q = Math.round(qf);
  let r = Math.round(rf);
  const s = Math.round(sf);
  const dq = Math.abs(q - qf);
  const dr = Math.abs(r - rf);
  const ds = Math.abs(s - sf);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  out[0] = q;
  out[1] = r;
}

/**
 * The cell containing [lon, lat].
 * @example hexCell(hexGrid(200, [121, 30.6]), 121.0025, 30.6) // { q: 1, r: 0 } (≈240 m east)
 */
export function hexCell(grid: HexGrid, lon: number, lat: number): { q: number; r: number } {
  const out = new Int32Array(2);
  const [kx, ky] = grid.metresPerDegree;
  cellAt((lon - grid.center[0]) * kx, (lat - grid.center[1]) * ky, grid.sizeM, out);
  return { q: out[0], r: out[1] };
}

/**
 * Bins points into hexagons: the occupied cells (every point's, selected or not, so that cell indices survive a
 * filter change), selected points per cell, and each point's cell. Points with NaN or infinite coordinates, or
 * beyond 16 383 cells from the centre, get −1.
 * @example const bins = hexBin(lon, lat, { sizeM: 200 }); bins.count[bins.cellOf[0]] // points in point 0's cell
 */
export function hexBin(lon: Float64Array, lat: Float64Array, options: HexBinOptions): HexBins {
  const n = lon.length;
  if (lat.length !== n) throw new RangeError(`lon and lat differ in length (${n} and ${lat.length})`);
  const { mask } = options;
  if (mask && mask.length !== n)
    throw new RangeError(`mask length ${mask.length} is not the point count ${n}`);
  const grid = hexGrid(options.sizeM, options.center ?? midpoint(lon, lat));
  const [lon0, lat0] = grid.center;
  const [kx, ky] = grid.metresPerDegree;
  const sizeM = grid.sizeM;

  // Pass 1: each point's (q, r), and the occupied range.
  const pq = new Int32Array(n);
  const pr = new Int32Array(n);
  const cellOf = new Int32Array(n);
  const tmp = new Int32Array(2);
  let qMin = Infinity;
  let qMax = -Infinity;
  let rMin = Infinity;
  let rMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = (lon[i] - lon0) * kx;
    const y = (lat[i] - lat0) * ky;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      cellOf[i] = -1;
      continue;
    }
    cellAt(x, y, sizeM, tmp);
    const q = tmp[0];
    const r = tmp[1];
    if (q < -KEY_OFFSET || q >= KEY_OFFSET || r < -KEY_OFFSET || r >= KEY_OFFSET) {
      cellOf[i] = -1; // a stray point (e.g. [0, 0]) beyond the key space, not a reason to fail
      continue;
    }
    pq[i] = q;
    pr[i] = r;
    if (q < qMin) qMin = q;
    if (q > qMax) qMax = q;
    if (r < rMin) rMin = r;
    if (r > rMax) rMax = r;
  }
  if (qMin === Infinity)
    return { grid, q: new Int32Array(0), r: new Int32Array(0), count: new Uint32Array(0), cellOf };

  const w = qMax - qMin + 1;
  const slots = w * (rMax - rMin + 1);
  let q: Int32Array;
  let r: Int32Array;
  if (slots <= Math.max(DENSE_MAX, 4 * n)) {
    // Dense: slot → cell index, enumerated in (r, q) order.
    const slotCell = new Int32Array(slots).fill(-1);
    for (let i = 0; i < n; i++) if (cellOf[i] !== -1) slotCell[(pr[i] - rMin) * w + (pq[i] - qMin)] = 0;
    let cells = 0;
    for (let s = 0; s < slots; s++) if (slotCell[s] === 0) slotCell[s] = ++cells;
    q = new Int32Array(cells);
    r = new Int32Array(cells);
    for (let s = 0; s < slots; s++) {
      const c = slotCell[s];
      if (c > 0) {
        q[c - 1] = (s % w) + qMin;
        r[c - 1] = Math.floor(s / w) + rMin;
      }
    }
    for (let i = 0; i < n; i++)
      if (cellOf[i] !== -1) cellOf[i] = slotCell[(pr[i] - rMin) * w + (pq[i] - qMin)] - 1;
  } else {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) if (cellOf[i] !== -1) seen.set(hexKey(pq[i], pr[i]), 0);
    const keys = Float64Array.from(seen.keys()).sort();
    q = new Int32Array(keys.length);
    r = new Int32Array(keys.length);
    keys.forEach((k, c) => {
      seen.set(k, c);
      q[c] = (k % KEY_SPAN) - KEY_OFFSET;
      r[c] = Math.floor(k / KEY_SPAN) - KEY_OFFSET;
    });
    for (let i = 0; i < n; i++) if (cellOf[i] !== -1) cellOf[i] = seen.get(hexKey(pq[i], pr[i]))!;
  }
  return { grid, q, r, count: hexCount(cellOf, q.length, mask), cellOf };
}

/**
 * Selected points per cell in one pass over `cellOf`: the re-aggregation after a filter change.
 * @example hexCount(bins.cellOf, bins.q.length, mask) // Uint32Array, one count per cell
 */
export function hexCount(cellOf: Int32Array, cells: number, mask?: Uint8Array): Uint32Array {
  const count = new Uint32Array(cells);
  if (mask) {
    // (m + 255) >> 8 is 1 for any non-zero byte: no branch on a mask that is random (2× faster than `if`).
    for (let i = 0; i < cellOf.length; i++) {
      const c = cellOf[i];
      if (c >= 0) count[c] += (mask[i] + 255) >> 8;
    }
  } else {
    for (let i = 0; i < cellOf.length; i++) {
      const c = cellOf[i];
      if (c >= 0) count[c]++;
    }
  }
  return count;
}

/**
 * The outline of cell (q, r) in [lon, lat], for drawing: a closed counter-clockwise ring of 6 vertices starting at
 * the upper-right one (30°). Adjacent cells share their common edge exactly up to rounding.
 * @example hexPolygon(0, 0, hexGrid(200, [121, 30.6])).coordinates[0].length // 7
 */
export function hexPolygon(q: number, r: number, grid: HexGrid): Polygon {
  const [kx, ky] = grid.metresPerDegree;
  const cx = grid.sizeM * (q + r / 2);
  const cy = grid.sizeM * (SQRT3 / 2) * r;
  const radius = grid.sizeM / SQRT3;
  const ring: Position[] = [];
  for (let k = 0; k < 6; k++) {
    const a = ((30 + 60 * k) * Math.PI) / 180;
    ring.push([
      grid.center[0] + (cx + radius * Math.cos(a)) / kx,
      grid.center[1] + (cy + radius * Math.sin(a)) / ky,
    ]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Key → index of each cell of a set. */
export function hexIndex(cells: HexCells): Map<number, number> {
  const index = new Map<number, number>();
  for (let i = 0; i < cells.q.length; i++) index.set(hexKey(cells.q[i], cells.r[i]), i);
  return index;
}

/**
 * Adjacency within a set of cells: `nb[6 i + k]` is the index of the neighbour of cell i in direction k
 * (HEX_DIRECTIONS), or −1 where that cell is not in the set.
 * @example const nb = hexNeighbourTable(area); nb[0] // east neighbour of cell 0, or −1
 */
export function hexNeighbourTable(cells: HexCells): Int32Array {
  const index = hexIndex(cells);
  const n = cells.q.length;
  const nb = new Int32Array(6 * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 6; k++) {
      const [dq, dr] = HEX_DIRECTIONS[k];
      nb[6 * i + k] = index.get(hexKey(cells.q[i] + dq, cells.r[i] + dr)) ?? -1;
    }
  }
  return nb;
}

/**
 * The cells whose centre lies inside a polygon (even–odd over all rings, so holes and multi-parts work): a study
 * area from a community or county boundary. Scan-line over rows of centres, so no point-in-polygon per cell.
 * @example hexCover(community.geometry, grid).q.length // cells of the community
 */
export function hexCover(geometry: Polygon | MultiPolygon, grid: HexGrid): HexCells {
  const [kx, ky] = grid.metresPerDegree;
  const [lon0, lat0] = grid.center;
  const s = grid.sizeM;
  const h = (SQRT3 / 2) * s;
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const xs: number[] = [];
  const ys: number[] = [];
  const ends: number[] = [];
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const ring of rings) {
    for (const p of ring) {
      const y = (p[1] - lat0) * ky;
      xs.push((p[0] - lon0) * kx);
      ys.push(y);
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    ends.push(xs.length);
  }
  const qs: number[] = [];
  const rs: number[] = [];
  const cross: number[] = [];
  for (let r = Math.ceil(yMin / h); r <= Math.floor(yMax / h); r++) {
    const y = r * h;
    cross.length = 0;
    let begin = 0;
    for (const end of ends) {
      for (let i = begin, j = end - 1; i < end; j = i++) {
        // Half-open in y, so a vertex on the row is crossed once.
        if (ys[i] > y !== ys[j] > y) cross.push(xs[j] + ((y - ys[j]) * (xs[i] - xs[j])) / (ys[i] - ys[j]));
      }
      begin = end;
    }
    cross.sort((a, b) => a - b);
    for (let k = 0; k + 1 < cross.length; k += 2) {
      // Centres x = s·(q + r/2) in [cross[k], cross[k+1]).
      const from = Math.ceil(cross[k] / s - r / 2);
      for (let q = from; s * (q + r / 2) < cross[k + 1]; q++) {
        qs.push(q);
        rs.push(r);
      }
    }
  }
  return hexUnion(grid, { grid, q: Int32Array.from(qs), r: Int32Array.from(rs) });
}

/**
 * The union of cell sets of one grid, sorted by (r, q): e.g. the cells of the boundary plus every cell holding an
 * incident or an enterprise.
 * @example hexUnion(grid, hexCover(boundary, grid), incidentBins, enterpriseBins)
 */
export function hexUnion(grid: HexGrid, ...sets: HexCells[]): HexCells {
  const keys = new Set<number>();
  for (const set of sets) {
    if (!sameGrid(set.grid, grid))
      throw new RangeError('hexUnion: cell sets of different grids (size or centre)');
    for (let i = 0; i < set.q.length; i++) keys.add(hexKey(set.q[i], set.r[i]));
  }
  const sorted = Float64Array.from(keys).sort();
  const q = new Int32Array(sorted.length);
  const r = new Int32Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    q[i] = (sorted[i] % KEY_SPAN) - KEY_OFFSET;
    r[i] = Math.floor(sorted[i] / KEY_SPAN) - KEY_OFFSET;
  }
  return { grid, q, r };
}

/** The middle of the bounding box of the finite points; [0, 0] when there is none. */
function midpoint(lon: Float64Array, lat: Float64Array): [number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < lon.length; i++) {
    const x = lon[i];
    const y = lat[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x0 === Infinity ? [0, 0] : [(x0 + x1) / 2, (y0 + y1) / 2];
}
