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

/** A directed segment in metres; wg, wc as above. `owner` is a unit index, or −1 for the container. */
export interface WeightedSegment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  wg: number;
  wc: number;
  owner: number;
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

/**
 * Cancels segments whose weights sum to zero on the same exact endpoints (shared borders, borders on the
 * container's boundary). What remains carries its net weight and its owners.
 * @example cancelMatched(segments).length // 0 for a perfect coverage
 */
export function cancelMatched(
  segments: WeightedSegment[],
  options: { dividers?: boolean } = {},
): { seg: WeightedSegment; owners: number[] }[] {
  type Group = { seg: WeightedSegment; owners: number[] };
  const buckets = new Map<number, Group | Group[]>();
  const all: Group[] = [];
  for (const s of segments) {
    if (s.ax === s.bx && s.ay === s.by) continue; // repeated vertex
    const forward = s.ax < s.bx || (s.ax === s.bx && s.ay < s.by);
    const [ax, ay, bx, by] = forward ? [s.ax, s.ay, s.bx, s.by] : [s.bx, s.by, s.ax, s.ay];
    const key = hash4(ax, ay, bx, by);
    const sign = forward ? 1 : -1;
    const bucket = buckets.get(key);
    const same = (c: Group) => c.seg.ax === ax && c.seg.ay === ay && c.seg.bx === bx && c.seg.by === by;
    const g = bucket === undefined ? undefined : Array.isArray(bucket) ? bucket.find(same) : same(bucket) ? bucket : undefined;
    if (g) {
      g.seg.wg += sign * s.wg;
      g.seg.wc += sign * s.wc;
      if (!g.owners.includes(s.owner)) g.owners.push(s.owner);
    } else {
      const group: Group = { seg: { ax, ay, bx, by, wg: sign * s.wg, wc: sign * s.wc, owner: s.owner }, owners: [s.owner] };
      all.push(group);
      if (bucket === undefined) buckets.set(key, group);
      else if (Array.isArray(bucket)) bucket.push(group);
      else buckets.set(key, [bucket, group]);
    }
  }
  const out: Group[] = [];
  for (const g of all) {
    if (g.seg.wg !== 0 || g.seg.wc !== 0 || (options.dividers && isDivider(g.owners))) out.push(g);
  }
  return out;
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

/** Adds (px, py) as a split point of segment `i` when it lies within the snap distance of its interior. */
function splitAt(
  host: WeightedSegment,
  px: number,
  py: number,
  i: number,
  snap2: number,
  add: (i: number, t: number, x: number, y: number) => void,
) {
  const dx = host.bx - host.ax;
  const dy = host.by - host.ay;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return;
  const t = ((px - host.ax) * dx + (py - host.ay) * dy) / len2;
  if (t <= 0 || t >= 1) return;
  const qx = host.ax + t * dx - px;
  const qy = host.ay + t * dy - py;
  if (qx * qx + qy * qy <= snap2) add(i, t, px, py);
}

/** Proper crossing point of two segments (strictly inside both), or null. */
function crossing(s: WeightedSegment, u: WeightedSegment): [number, number, number, number] | null {
  const rx = s.bx - s.ax;
  const ry = s.by - s.ay;
  const qx = u.bx - u.ax;
  const qy = u.by - u.ay;
  const den = rx * qy - ry * qx;
  // Nearly parallel segments have no proper crossing worth computing (den ≈ 0 makes the point garbage); where
  // they overlap, their ends lying on each other split them instead.
  if (Math.abs(den) <= 1e-9 * Math.hypot(rx, ry) * Math.hypot(qx, qy)) return null;
  const t = ((u.ax - s.ax) * qy - (u.ay - s.ay) * qx) / den;
  const v = ((u.ax - s.ax) * ry - (u.ay - s.ay) * rx) / den;
  if (t <= 0 || t >= 1 || v <= 0 || v >= 1) return null;
  return [s.ax + t * rx, s.ay + t * ry, t, v];
}

/**
 * Nodes the remaining segments (splits at crossings and where a point lies on a segment), merges coincident
 * pieces, and returns the faces with e ≠ 0 plus the zero-weight borders (vertex mismatches).
 * @example buildArrangement(cancelMatched(segments).map(...), { snap: 0.01 })
 */
export function buildArrangement(
  input: { seg: WeightedSegment; owners: number[] }[],
  options: ArrangementOptions = {},
): Arrangement {
  const snap = options.snap ?? COVERAGE_SNAP_M;
  const empty: Arrangement = { faces: [], mismatches: [], inconsistencies: 0 };
  if (input.length === 0) return empty;
  const segs = input.map((i) => i.seg);
  const nodes = new Nodes(snap);

  // 1. Split points inside each segment: others' ends lying on it, proper crossings. Most segments have none,
  //    so the lists are made only when needed (allocation was a third of the run time).
  const n = segs.length;
  const splits: ({ t: number; x: number; y: number }[] | undefined)[] = new Array(n);
  const index = new Flatbush(n);
  for (const s of segs) {
    index.add(Math.min(s.ax, s.bx) - snap, Math.min(s.ay, s.by) - snap, Math.max(s.ax, s.bx) + snap, Math.max(s.ay, s.by) + snap);
  }
  index.finish();
  const snap2 = snap * snap;
  const add = (i: number, t: number, x: number, y: number) => (splits[i] ??= []).push({ t, x, y });
  for (let i = 0; i < n; i++) {
    const s = segs[i];
    const found = index.search(Math.min(s.ax, s.bx), Math.min(s.ay, s.by), Math.max(s.ax, s.bx), Math.max(s.ay, s.by));
    for (const j of found) {
      if (j <= i) continue;
      const u = segs[j];
      // Ends of one lying on the other (T-junctions, collinear overlaps).
      splitAt(s, u.ax, u.ay, i, snap2, add);
      splitAt(s, u.bx, u.by, i, snap2, add);
      splitAt(u, s.ax, s.ay, j, snap2, add);
      splitAt(u, s.bx, s.by, j, snap2, add);
      const c = crossing(s, u);
      if (c) {
        add(i, c[2], c[0], c[1]);
        add(j, c[3], c[0], c[1]);
      }
    }
  }

  // 2. Pieces between consecutive split points, merged per undirected node pair (numeric keys: < 2^26 nodes).
  const edges = new Map<number, { u: number; v: number; wg: number; wc: number; owners: number[] }>();
  const piece = (i: number, a: number, b: number) => {
    if (a === b) return;
    const sign = a < b ? 1 : -1;
    const u = Math.min(a, b);
    const v = Math.max(a, b);
    const key = u * 67108864 + v;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { u, v, wg: 0, wc: 0, owners: [] }));
    e.wg += sign * segs[i].wg;
    e.wc += sign * segs[i].wc;
    for (const o of input[i].owners) if (!e.owners.includes(o)) e.owners.push(o);
  };
  for (let i = 0; i < n; i++) {
    const s = segs[i];
    const first = nodes.id(s.ax, s.ay);
    const last = nodes.id(s.bx, s.by);
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

  const mismatches: MismatchEdge[] = [];
  const live: LiveEdge[] = [];
  for (const e of edges.values()) {
    const owners = e.owners.sort((a, b) => a - b);
    if (e.wg !== 0 || e.wc !== 0 || (options.dividers && isDivider(owners))) {
      live.push({ u: e.u, v: e.v, wg: e.wg, wc: e.wc, owners });
    } else if (owners.length >= 2) {
      mismatches.push({ a: [nodes.xs[e.u], nodes.ys[e.u]], b: [nodes.xs[e.v], nodes.ys[e.v]], owners });
    }
  }
  if (live.length === 0) return { ...empty, mismatches };
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
