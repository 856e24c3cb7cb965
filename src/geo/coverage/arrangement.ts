/**
 * The planar arrangement behind coverage checking, in local metres.
 *
 * Why this works without testing pairs of polygons: give each boundary segment two weights, wg = g(left) − g(right)
 * and wc = c(left) − c(right), where g counts the units covering a point and c the containers; a unit's ring,
 * oriented with its interior on the left, has wg = +1, the container's wc = +1. Where two neighbours share a
 * border, their reversed segments cancel (both weights sum to 0) and are dropped. What remains (the container's
 * boundary and the unmatched segments) is noded and bounds faces of constant (g, c), found by walking the faces
 * from the unbounded one (0, 0). Faces other than (1, 1) and (0, 0) are the problems: (0, 1) uncovered, g ≥ 2
 * overlapping, (g ≥ 1, 0) outside. This is the idea of JTS's CoverageValidator (match edges, inspect the rest)
 * carried through to exact gap and overlap polygons, with no pair of polygons ever intersected.
 */
import Flatbush from 'flatbush';
import { COVERAGE_SNAP_M } from '../../domain/rules';

/**
 * Directed segments in metres, in flat typed arrays: segment k runs from (xy[4k], xy[4k + 1]) to (xy[4k + 2],
 * xy[4k + 3]) with weights wg[k], wc[k] as above; owner[k] is a unit index, or −1 for the container. A county's
 * problems hold some 150,000 segments: an object per segment, with its four boxed coordinates, made the garbage
 * collector a quarter of `validate`'s run time.
 */
export class SegmentList {
  xy: Float64Array;
  wg: Int32Array;
  wc: Int32Array;
  owner: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    const n = Math.max(capacity, 4);
    this.xy = new Float64Array(4 * n);
    this.wg = new Int32Array(n);
    this.wc = new Int32Array(n);
    this.owner = new Int32Array(n);
  }

  push(ax: number, ay: number, bx: number, by: number, wg: number, wc: number, owner: number): void {
    const k = this.length;
    if (k === this.wg.length) this.grow();
    const xy = this.xy;
    xy[4 * k] = ax;
    xy[4 * k + 1] = ay;
    xy[4 * k + 2] = bx;
    xy[4 * k + 3] = by;
    this.wg[k] = wg;
    this.wc[k] = wc;
    this.owner[k] = owner;
    this.length = k + 1;
  }

  /** Empties the list, keeping its storage (lists are reused from problem to problem). */
  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const n = 2 * this.wg.length;
    const xy = new Float64Array(4 * n);
    xy.set(this.xy);
    this.xy = xy;
    const wg = new Int32Array(n);
    wg.set(this.wg);
    this.wg = wg;
    const wc = new Int32Array(n);
    wc.set(this.wc);
    this.wc = wc;
    const owner = new Int32Array(n);
    owner.set(this.owner);
    this.owner = owner;
  }
}

/** Segments with the units (and −1, the container) whose boundaries they are, one owner list per segment. */
export interface OwnedSegments {
  segs: SegmentList;
  owners: number[][];
}

export interface ArrangementOptions {
  /** Points closer than this (metres) are one point, and a point this close to a segment splits it. Default 0.01. */
  snap?: number;
  /**
   * Keep borders between two units as zero-weight dividers instead of dropping them, so faces split where one
   * unit ends and the next begins (used to tell which units share an overlap). Default false.
   */
  dividers?: boolean;
  /** Which faces to return, by (units, containers) covering them. Default: g ≠ c, the faces that are wrong. */
  keep?: (g: number, c: number) => boolean;
}

export interface Face {
  /** Outer ring then holes, closed, in metres; outer counter-clockwise, holes clockwise. */
  rings: [number, number][][];
  /** Signed area sum (outer minus holes), square metres. */
  area: number;
  /** Units covering the face. */
  g: number;
  /** Containers covering the face (0 or 1). */
  c: number;
  /** Units whose boundary bounds this face. */
  owners: number[];
}

/** A piece of border where two owners run along each other without sharing vertices (weights sum to 0). */
export interface MismatchEdge {
  a: [number, number];
  b: [number, number];
  owners: number[];
}

export interface Arrangement {
  faces: Face[];
  mismatches: MismatchEdge[];
  /** Faces whose (g, c) could not be made consistent (dangling edges after snapping); expected 0. */
  inconsistencies: number;
}

// Numeric hashing of exact coordinates: string keys of doubles were a tenth of the run time. Collisions only cost
// a comparison, since every bucket is checked for exact equality.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function mix(h: number, x: number): number {
  f64[0] = x;
  h = Math.imul(h ^ u32[0], 0x9e3779b1);
  return Math.imul(h ^ u32[1], 0x85ebca77);
}
const hash4 = (ax: number, ay: number, bx: number, by: number) => mix(mix(mix(mix(17, ax), ay), bx), by);

/** A border between two different units (not a unit against itself or the container). */
const isDivider = (owners: Iterable<number>) => {
  let units = 0;
  for (const o of owners) if (o >= 0) units++;
  return units >= 2;
};

/** No second owner yet (owners are unit indices ≥ 0 and −1). */
const NONE = -0x80000000;

const scratch = { groups: new SegmentList(256), hashes: new Int32Array(0), second: new Int32Array(0), table: new Int32Array(0) };

/**
 * Cancels segments whose weights sum to zero on the same exact endpoints (shared borders, borders on the
 * container's boundary). What remains carries its net weight and its owners, in the order first seen.
 * Groups live in typed arrays and an open-addressing table: a community's problem holds tens of thousands of
 * segments, nearly all cancelled.
 * @example cancelMatched(segments).segs.length // 0 for a perfect coverage
 */
export function cancelMatched(segments: SegmentList, options: { dividers?: boolean } = {}): OwnedSegments {
  const n = segments.length;
  const { xy, wg, wc, owner } = segments;
  // Scratch reused from call to call (hundreds of problems, each with its own thousands of segments).
  if (scratch.hashes.length < n) {
    scratch.groups = new SegmentList(2 * n);
    scratch.hashes = new Int32Array(2 * n);
    scratch.second = new Int32Array(2 * n);
  }
  const groups = scratch.groups;
  groups.clear();
  const gxy = groups.xy;
  const hashes = scratch.hashes;
  // First owner in groups.owner, second here, any further ones in `more` (rare: three units on one segment).
  const second = scratch.second;
  const more = new Map<number, number[]>();
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  if (scratch.table.length < cap) scratch.table = new Int32Array(cap);
  const table = scratch.table;
  table.fill(-1, 0, cap);
  for (let s = 0; s < n; s++) {
    let ax = xy[4 * s];
    let ay = xy[4 * s + 1];
    let bx = xy[4 * s + 2];
    let by = xy[4 * s + 3];
    if (ax === bx && ay === by) continue; // repeated vertex
    const forward = ax < bx || (ax === bx && ay < by);
    if (!forward) {
      const tx = ax;
      const ty = ay;
      ax = bx;
      ay = by;
      bx = tx;
      by = ty;
    }
    const key = hash4(ax, ay, bx, by);
    const sign = forward ? 1 : -1;
    // The same group as before: equal hash and equal endpoints (a hash collision only costs a comparison).
    let slot = key & mask;
    let g = -1;
    for (let k = table[slot]; k >= 0; slot = (slot + 1) & mask, k = table[slot]) {
      if (hashes[k] === key && gxy[4 * k] === ax && gxy[4 * k + 1] === ay && gxy[4 * k + 2] === bx && gxy[4 * k + 3] === by) {
        g = k;
        break;
      }
    }
    const o = owner[s];
    if (g >= 0) {
      groups.wg[g] += sign * wg[s];
      groups.wc[g] += sign * wc[s];
      if (o === groups.owner[g] || o === second[g]) continue;
      if (second[g] === NONE) second[g] = o;
      else {
        const list = more.get(g);
        if (!list) more.set(g, [o]);
        else if (!list.includes(o)) list.push(o);
      }
    } else {
      g = groups.length;
      groups.push(ax, ay, bx, by, sign * wg[s], sign * wc[s], o);
      hashes[g] = key;
      second[g] = NONE;
      table[slot] = g;
    }
  }
  const ownersOf = (g: number) => {
    const list = [groups.owner[g]];
    if (second[g] !== NONE) list.push(second[g]);
    const rest = more.get(g);
    if (rest) list.push(...rest);
    return list;
  };
  const out = new SegmentList(16);
  const owners: number[][] = [];
  for (let g = 0; g < groups.length; g++) {
    const w = groups.wg[g];
    const c = groups.wc[g];
    if (w !== 0 || c !== 0 || (options.dividers && second[g] !== NONE && isDivider(ownersOf(g)))) {
      out.push(gxy[4 * g], gxy[4 * g + 1], gxy[4 * g + 2], gxy[4 * g + 3], w, c, groups.owner[g]);
      owners.push(ownersOf(g));
    }
  }
  return { segs: out, owners };
}

/** Snapped point store: points within `snap` of an existing one take its id. */
class Nodes {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  // Cells hashed to numbers; a collision only adds candidates, each checked by distance.
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly snap: number) {}

  private static key(cx: number, cy: number): number {
    return Math.imul(cx, 73856093) ^ Math.imul(cy, 19349663);
  }

  id(x: number, y: number): number {
    const cx = Math.floor(x / this.snap);
    const cy = Math.floor(y / this.snap);
    const s2 = this.snap * this.snap;
    for (let i = -1; i <= 1; i++) {
      for (let j = -1; j <= 1; j++) {
        const list = this.cells.get(Nodes.key(cx + i, cy + j));
        if (!list) continue;
        for (const n of list) {
          const dx = this.xs[n] - x;
          const dy = this.ys[n] - y;
          if (dx * dx + dy * dy <= s2) return n;
        }
      }
    }
    const n = this.xs.length;
    this.xs.push(x);
    this.ys.push(y);
    const key = Nodes.key(cx, cy);
    const list = this.cells.get(key);
    if (list) list.push(n);
    else this.cells.set(key, [n]);
    return n;
  }
}

/** Adds (px, py) as a split point of segment `i` (from a to b) when it lies within the snap distance of its interior. */
function splitAt(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  px: number,
  py: number,
  i: number,
  snap2: number,
  add: (i: number, t: number, x: number, y: number) => void,
) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return;
  const t = ((px - ax) * dx + (py - ay) * dy) / len2;
  if (t <= 0 || t >= 1) return;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  if (qx * qx + qy * qy <= snap2) add(i, t, px, py);
}

// The last proper crossing found by `crossing` (module scratch: no array per call).
let crossX = 0;
let crossY = 0;
let crossT = 0;
let crossV = 0;

/** Whether segments s and u cross properly (strictly inside both); the point is left in crossX, crossY, crossT, crossV. */
function crossing(sax: number, say: number, sbx: number, sby: number, uax: number, uay: number, ubx: number, uby: number): boolean {
  const rx = sbx - sax;
  const ry = sby - say;
  const qx = ubx - uax;
  const qy = uby - uay;
  const den = rx * qy - ry * qx;
  // Nearly parallel segments have no proper crossing worth computing (den ≈ 0 makes the point garbage); where
  // they overlap, their ends lying on each other split them instead.
  if (Math.abs(den) <= 1e-9 * Math.hypot(rx, ry) * Math.hypot(qx, qy)) return false;
  const t = ((uax - sax) * qy - (uay - say) * qx) / den;
  const v = ((uax - sax) * ry - (uay - say) * rx) / den;
  if (t <= 0 || t >= 1 || v <= 0 || v >= 1) return false;
  crossX = sax + t * rx;
  crossY = say + t * ry;
  crossT = t;
  crossV = v;
  return true;
}

/** Sorted distinct owners of the segments in `from` (edge owner lists are made only for the edges that need one). */
function unionOwners(from: number[], owners: number[][]): number[] {
  const out: number[] = [];
  for (const i of from) for (const o of owners[i]) if (!out.includes(o)) out.push(o);
  return out.sort((a, b) => a - b);
}

/**
 * Nodes the remaining segments (splits at crossings and where a point lies on a segment), merges coincident
 * pieces, and returns the faces with e ≠ 0 plus the zero-weight borders (vertex mismatches).
 * @example buildArrangement(cancelMatched(segments), { snap: 0.01 })
 */
export function buildArrangement(input: OwnedSegments, options: ArrangementOptions = {}): Arrangement {
  const snap = options.snap ?? COVERAGE_SNAP_M;
  const empty: Arrangement = { faces: [], mismatches: [], inconsistencies: 0 };
  const { segs, owners: segOwners } = input;
  const n = segs.length;
  if (n === 0) return empty;
  const { xy } = segs;
  const nodes = new Nodes(snap);

  // 1. Split points inside each segment: others' ends lying on it, proper crossings. Most segments have none,
  //    so the lists are made only when needed (allocation was a third of the run time).
  const splits: ({ t: number; x: number; y: number }[] | undefined)[] = new Array(n);
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const ax = xy[4 * i];
    const ay = xy[4 * i + 1];
    const bx = xy[4 * i + 2];
    const by = xy[4 * i + 3];
    index.add(Math.min(ax, bx) - snap, Math.min(ay, by) - snap, Math.max(ax, bx) + snap, Math.max(ay, by) + snap);
  }
  index.finish();
  const snap2 = snap * snap;
  const add = (i: number, t: number, x: number, y: number) => (splits[i] ??= []).push({ t, x, y });
  for (let i = 0; i < n; i++) {
    const sax = xy[4 * i];
    const say = xy[4 * i + 1];
    const sbx = xy[4 * i + 2];
    const sby = xy[4 * i + 3];
    const found = index.search(Math.min(sax, sbx), Math.min(say, sby), Math.max(sax, sbx), Math.max(say, sby));
    for (let f = 0; f < found.length; f++) {
      const j = found[f];
      if (j <= i) continue;
      const uax = xy[4 * j];
      const uay = xy[4 * j + 1];
      const ubx = xy[4 * j + 2];
      const uby = xy[4 * j + 3];
      // Ends of one lying on the other (T-junctions, collinear overlaps).
      splitAt(sax, say, sbx, sby, uax, uay, i, snap2, add);
      splitAt(sax, say, sbx, sby, ubx, uby, i, snap2, add);
      splitAt(uax, uay, ubx, uby, sax, say, j, snap2, add);
      splitAt(uax, uay, ubx, uby, sbx, sby, j, snap2, add);
      if (crossing(sax, say, sbx, sby, uax, uay, ubx, uby)) {
        add(i, crossT, crossX, crossY);
        add(j, crossV, crossX, crossY);
      }
    }
  }

  // 2. Pieces between consecutive split points, merged per undirected node pair (numeric keys: < 2^26 nodes).
  //    Edges in parallel arrays; each remembers the segments it came from, for its owners.
  const edgeOf = new Map<number, number>();
  const eu: number[] = [];
  const ev: number[] = [];
  const ewg: number[] = [];
  const ewc: number[] = [];
  const eFirst: number[] = [];
  const eMore = new Map<number, number[]>();
  const piece = (i: number, a: number, b: number) => {
    if (a === b) return;
    const sign = a < b ? 1 : -1;
    const u = Math.min(a, b);
    const v = Math.max(a, b);
    const key = u * 67108864 + v;
    let e = edgeOf.get(key);
    if (e === undefined) {
      e = eu.length;
      edgeOf.set(key, e);
      eu.push(u);
      ev.push(v);
      ewg.push(0);
      ewc.push(0);
      eFirst.push(i);
    } else if (eFirst[e] !== i) {
      const list = eMore.get(e);
      if (!list) eMore.set(e, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
    ewg[e] += sign * segs.wg[i];
    ewc[e] += sign * segs.wc[i];
  };
  for (let i = 0; i < n; i++) {
    const first = nodes.id(xy[4 * i], xy[4 * i + 1]);
    const last = nodes.id(xy[4 * i + 2], xy[4 * i + 3]);
    const list = splits[i];
    if (!list) {
      piece(i, first, last);
      continue;
    }
    list.sort((a, b) => a.t - b.t);
    let prev = first;
    for (const p of list) {
      const cur = nodes.id(p.x, p.y);
      piece(i, prev, cur);
      prev = cur;
    }
    piece(i, prev, last);
  }
  const ownersOfEdge = (e: number) => unionOwners([eFirst[e], ...(eMore.get(e) ?? [])], segOwners);

  const mismatches: MismatchEdge[] = [];
  const liveIds: number[] = [];
  // With the default `keep` (g ≠ c), faces matter only where some edge changes g − c: where every live edge
  // has wg = wc (a community's boundary followed exactly by its grids), g − c is 0 in every face reached from
  // the unbounded one, so there is no face to return and no need to trace them.
  let faceless = !options.keep;
  for (let e = 0; e < eu.length; e++) {
    if (ewg[e] !== 0 || ewc[e] !== 0) {
      liveIds.push(e);
      if (ewg[e] !== ewc[e]) faceless = false;
      continue;
    }
    // A zero-weight edge: a divider when asked for and two units meet on it, else a mismatch when two or more
    // owners do (owner lists are made only here and for the edges of traced faces).
    if (!options.dividers && !eMore.has(e) && segOwners[eFirst[e]].length < 2) continue;
    const owners = ownersOfEdge(e);
    if (options.dividers && isDivider(owners)) liveIds.push(e);
    else if (owners.length >= 2) {
      mismatches.push({ a: [nodes.xs[eu[e]], nodes.ys[eu[e]]], b: [nodes.xs[ev[e]], nodes.ys[ev[e]]], owners });
    }
  }
  if (liveIds.length === 0 || faceless) return { ...empty, mismatches };
  const live: LiveEdge[] = liveIds.map((e) => ({ u: eu[e], v: ev[e], wg: ewg[e], wc: ewc[e], owners: ownersOfEdge(e) }));
  return { ...traceFaces(live, nodes.xs, nodes.ys, options.keep ?? ((g, c) => g !== c)), mismatches };
}

interface LiveEdge {
  u: number;
  v: number;
  wg: number;
  wc: number;
  owners: number[];
}

/** Half-edge face tracing with holes, then (g, c) by a walk from the unbounded face. */
function traceFaces(
  edges: LiveEdge[],
  xs: number[],
  ys: number[],
  keep: (g: number, c: number) => boolean,
): { faces: Face[]; inconsistencies: number } {
  // Half-edge 2k: u→v with the edge's weights; 2k+1: v→u with them negated. twin(h) = h ^ 1.
  const H = edges.length * 2;
  const from = new Int32Array(H);
  const to = new Int32Array(H);
  const out = new Map<number, number[]>();
  edges.forEach((e, k) => {
    from[2 * k] = e.u;
    to[2 * k] = e.v;
    from[2 * k + 1] = e.v;
    to[2 * k + 1] = e.u;
    for (const h of [2 * k, 2 * k + 1]) {
      const list = out.get(from[h]);
      if (list) list.push(h);
      else out.set(from[h], [h]);
    }
  });
  const angle = (h: number) => Math.atan2(ys[to[h]] - ys[from[h]], xs[to[h]] - xs[from[h]]);
  const posAt = new Int32Array(H);
  for (const list of out.values()) {
    list.sort((a, b) => angle(a) - angle(b));
    list.forEach((h, i) => (posAt[h] = i));
  }
  // Face on the left: at the head, take the outgoing half-edge just clockwise of the twin.
  const next = (h: number) => {
    const list = out.get(to[h])!;
    const p = posAt[h ^ 1];
    return list[(p - 1 + list.length) % list.length];
  };

  const cycleOf = new Int32Array(H).fill(-1);
  const cycles: { halfEdges: number[]; area: number; minX: number; minY: number; maxX: number; maxY: number }[] = [];
  for (let h0 = 0; h0 < H; h0++) {
    if (cycleOf[h0] >= 0) continue;
    const c = cycles.length;
    const halfEdges: number[] = [];
    let area = 0;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    let h = h0;
    do {
      cycleOf[h] = c;
      halfEdges.push(h);
      const x0 = xs[from[h]];
      const y0 = ys[from[h]];
      area += x0 * ys[to[h]] - xs[to[h]] * y0;
      minX = Math.min(minX, x0);
      minY = Math.min(minY, y0);
      maxX = Math.max(maxX, x0);
      maxY = Math.max(maxY, y0);
      h = next(h);
    } while (h !== h0 && halfEdges.length <= H);
    cycles.push({ halfEdges, area: area / 2, minX, minY, maxX, maxY });
  }

  // Connected components, so that a hole is never tested against its own component's cycles.
  const parent = new Int32Array(xs.length).map((_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (const e of edges) parent[find(e.u)] = find(e.v);

  // Faces: each counter-clockwise cycle bounds one; clockwise cycles are holes of the smallest enclosing one.
  const outers = cycles.map((c, i) => (c.area > 0 ? i : -1)).filter((i) => i >= 0);
  const faceOfCycle = new Int32Array(cycles.length).fill(-1); // −1: the unbounded face
  outers.forEach((c, f) => (faceOfCycle[c] = f));
  const holes: number[][] = outers.map(() => []);
  if (outers.length) {
    const idx = new Flatbush(outers.length);
    for (const c of outers) idx.add(cycles[c].minX, cycles[c].minY, cycles[c].maxX, cycles[c].maxY);
    idx.finish();
    cycles.forEach((cyc, c) => {
      if (cyc.area > 0) return;
      const n = from[cyc.halfEdges[0]];
      const px = xs[n];
      const py = ys[n];
      const comp = find(n);
      let best = -1;
      for (const f of idx.search(px, py, px, py)) {
        const oc = cycles[outers[f]];
        if (find(from[oc.halfEdges[0]]) === comp) continue;
        if ((best < 0 || oc.area < cycles[outers[best]].area) && insideCycle(oc.halfEdges, from, xs, ys, px, py)) best = f;
      }
      faceOfCycle[c] = best;
      if (best >= 0) holes[best].push(c);
    });
  }

  // (g, c) per face by a walk across half-edges: value(right) = value(left) − weight.
  const sign = (h: number) => (h & 1 ? -1 : 1);
  const faceOfHalf = (h: number) => faceOfCycle[cycleOf[h]];
  const UNBOUNDED = outers.length;
  const gOf = new Float64Array(outers.length + 1).fill(NaN);
  const cOf = new Float64Array(outers.length + 1).fill(NaN);
  gOf[UNBOUNDED] = 0;
  cOf[UNBOUNDED] = 0;
  const halvesOfFace: number[][] = Array.from({ length: outers.length + 1 }, () => []);
  for (let h = 0; h < H; h++) {
    const f = faceOfHalf(h);
    halvesOfFace[f < 0 ? UNBOUNDED : f].push(h);
  }
  let inconsistencies = 0;
  const queue = [UNBOUNDED];
  while (queue.length) {
    const f = queue.pop()!;
    for (const h of halvesOfFace[f]) {
      const g0 = faceOfHalf(h ^ 1);
      const g = g0 < 0 ? UNBOUNDED : g0;
      const edge = edges[h >> 1];
      const gv = gOf[f] - sign(h) * edge.wg;
      const cv = cOf[f] - sign(h) * edge.wc;
      if (Number.isNaN(gOf[g])) {
        gOf[g] = gv;
        cOf[g] = cv;
        queue.push(g);
      } else if (gOf[g] !== gv || cOf[g] !== cv) inconsistencies++;
    }
  }

  const ring = (c: number): [number, number][] => {
    const pts = cycles[c].halfEdges.map((h) => [xs[from[h]], ys[from[h]]] as [number, number]);
    pts.push(pts[0]);
    return pts;
  };
  const faces: Face[] = [];
  outers.forEach((cycle, f) => {
    const g = gOf[f];
    const c = cOf[f];
    if (Number.isNaN(g) || !keep(g, c)) return;
    const owners = new Set<number>();
    for (const h of halvesOfFace[f]) for (const o of edges[h >> 1].owners) if (o >= 0) owners.add(o);
    faces.push({
      rings: [ring(cycle), ...holes[f].map(ring)],
      area: cycles[cycle].area + holes[f].reduce((s, hc) => s + cycles[hc].area, 0),
      g,
      c,
      owners: [...owners].sort((a, b) => a - b),
    });
  });
  return { faces, inconsistencies };
}

function insideCycle(halfEdges: number[], from: Int32Array, xs: number[], ys: number[], px: number, py: number): boolean {
  let inside = false;
  const n = halfEdges.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xs[from[halfEdges[i]]];
    const yi = ys[from[halfEdges[i]]];
    const xj = xs[from[halfEdges[j]]];
    const yj = ys[from[halfEdges[j]]];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
