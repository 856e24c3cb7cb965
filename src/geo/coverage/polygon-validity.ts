/**
 * OGC validity of polygons, decided as GEOS `IsValidOp` (3.10 and later, the default OGC semantics) decides it,
 * so that `invalid-geometry` and GEOS `isValid` agree on every shape, and on the class of fault.
 *
 * What OGC allows and a naive "no two edges may meet" test forbids: a hole touching its shell or another hole at
 * one point, parts of a MultiPolygon meeting at vertices. What it forbids: rings that cross or run along each
 * other (even at a shared vertex), a ring passing twice through a point, holes outside their shell or inside one
 * another, parts inside one another, and touching holes that cut the interior apart.
 *
 * The rings come in raw coordinates (a linear map changes no answer), and every decision is an exact
 * orientation test; segments meet through a flatbush index, never all pairs.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { GeometryReason } from '../../domain/findings';
import { orientation } from './orientation';

export interface ValidityProblem {
  reason: GeometryReason;
  at: [number, number];
  /** The rings involved, each as [part, ring] (ring 0 is the outer ring): one or two. */
  rings: [number, number][];
}

/**
 * Topological problems of polygons whose rings are closed, finite and of at least 4 distinct-in-sequence points
 * (the caller checks those first, as GEOS does). As GEOS, the later checks run only when no rings cross; unlike
 * GEOS, which stops at its first error, this returns the first problem of each kind the scan meets, then every
 * hole outside its shell, every nested hole and part, and a disconnected interior: GEOS names one of them.
 * @example topologyProblems([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[0, 1], [1, 0.5], [1, 1.5], [0, 1]]]]) // [] (hole touches shell)
 */
export function topologyProblems(polygons: Position[][][]): ValidityProblem[] {
  const rings = ringsOf(polygons);
  const crossing = scanIntersections(rings);
  // GEOS stops its scan at the first bad intersection or at the first pair of rings touching twice, whichever
  // its index meets first; after a double touch it goes on to the checks below as if no rings crossed. When
  // both are there, report what it may say either way; otherwise the later checks mean nothing on crossing rings.
  if (crossing.problems.length && !crossing.doubleTouch) return crossing.problems;
  const problems: ValidityProblem[] = [...crossing.problems];
  polygons.forEach((polygon, part) => holesOutsideShell(polygon, part, problems));
  polygons.forEach((polygon, part) => nestedHoles(polygon, part, problems));
  nestedShells(polygons, problems);
  const cut = crossing.doubleTouch ?? holeCycle(rings);
  if (cut) problems.push({ reason: 'disconnected-interior', at: cut, rings: [] });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Rings, and the touch graph of each polygon's rings (GEOS PolygonRing).

/** A ring of a polygon that has holes, as a node of the graph of rings touching at a point. */
interface TouchNode {
  /** −1 for the shell, the hole's index otherwise (GEOS visits touches in this order). */
  id: number;
  part: number;
  /** The first point where this ring touches each other ring of its polygon. */
  touches: Map<number, { node: TouchNode; at: [number, number] }>;
  /** The ring from which the search for a hole cycle reached this one. */
  root: TouchNode | null;
}

interface Ring {
  part: number;
  index: number;
  /** Offset of its first point in the flat coordinate arrays, and its point count (repeats dropped, closed). */
  start: number;
  size: number;
  node: TouchNode | null;
}

interface Rings {
  list: Ring[];
  xs: Float64Array;
  ys: Float64Array;
  /** Ring of each point (a point starts a segment unless it closes its ring). */
  ringOf: Int32Array;
  nodes: TouchNode[];
}

// Scratch, grown as needed and reused: this runs for every unit of a county, mostly on small rings.
let xsBuf = new Float64Array(256);
let ysBuf = new Float64Array(256);
let ringOfBuf = new Int32Array(256);

function ringsOf(polygons: Position[][][]): Rings {
  let total = 0;
  for (const polygon of polygons) for (const ring of polygon) total += ring.length;
  if (xsBuf.length < total) {
    xsBuf = new Float64Array(2 * total);
    ysBuf = new Float64Array(2 * total);
    ringOfBuf = new Int32Array(2 * total);
  }
  const xs = xsBuf;
  const ys = ysBuf;
  const ringOf = ringOfBuf;
  const list: Ring[] = [];
  const nodes: TouchNode[] = [];
  let n = 0;
  for (let part = 0; part < polygons.length; part++) {
    const polygon = polygons[part];
    // Only polygons with holes can have their interior cut apart, so only their rings join the touch graph.
    const withHoles = polygon.length > 1;
    for (let index = 0; index < polygon.length; index++) {
      const ring = polygon[index];
      const start = n;
      for (let i = 0; i < ring.length; i++) {
        const x = ring[i][0];
        const y = ring[i][1];
        // Repeated points make zero-length segments; GEOS drops them before it looks for intersections.
        if (n > start && x === xs[n - 1] && y === ys[n - 1]) continue;
        xs[n] = x;
        ys[n] = y;
        ringOf[n] = list.length;
        n++;
      }
      const node: TouchNode | null = withHoles
        ? { id: index === 0 ? -1 : index - 1, part, touches: new Map(), root: null }
        : null;
      if (node) nodes.push(node);
      list.push({ part, index, start, size: n - start, node });
    }
  }
  return { list, xs, ys, ringOf, nodes };
}

// ---------------------------------------------------------------------------------------------------------------
// Segment intersections (GEOS PolygonIntersectionAnalyzer over RobustLineIntersector).

let hitX = 0;
let hitY = 0;
let proper = false;
function setHit(x: number, y: number): void {
  hitX = x;
  hitY = y;
}

/**
 * Where segments p1p2 and q1q2 meet: 0 nowhere, 1 at one point (hitX, hitY; `proper` when it is inside both),
 * 2 along a stretch. Decided as GEOS's RobustLineIntersector, with exact orientations.
 */
function intersect(
  p1x: number,
  p1y: number,
  p2x: number,
  p2y: number,
  q1x: number,
  q1y: number,
  q2x: number,
  q2y: number,
): number {
  proper = false;
  if (
    Math.min(p1x, p2x) > Math.max(q1x, q2x) ||
    Math.max(p1x, p2x) < Math.min(q1x, q2x) ||
    Math.min(p1y, p2y) > Math.max(q1y, q2y) ||
    Math.max(p1y, p2y) < Math.min(q1y, q2y)
  ) {
    return 0;
  }
  const pq1 = orientation(p1x, p1y, p2x, p2y, q1x, q1y);
  const pq2 = orientation(p1x, p1y, p2x, p2y, q2x, q2y);
  if (pq1 * pq2 > 0) return 0;
  const qp1 = orientation(q1x, q1y, q2x, q2y, p1x, p1y);
  const qp2 = orientation(q1x, q1y, q2x, q2y, p2x, p2y);
  if (qp1 * qp2 > 0) return 0;
  if (pq1 === 0 && pq2 === 0 && qp1 === 0 && qp2 === 0)
    return collinear(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y);
  if (pq1 === 0 || pq2 === 0 || qp1 === 0 || qp2 === 0) {
    if ((p1x === q1x && p1y === q1y) || (p1x === q2x && p1y === q2y)) setHit(p1x, p1y);
    else if ((p2x === q1x && p2y === q1y) || (p2x === q2x && p2y === q2y)) setHit(p2x, p2y);
    else if (pq1 === 0) setHit(q1x, q1y);
    else if (pq2 === 0) setHit(q2x, q2y);
    else if (qp1 === 0) setHit(p1x, p1y);
    else setHit(p2x, p2y);
    return 1;
  }
  proper = true;
  // Only a place to show: the answer (a crossing) does not depend on it.
  const den = (p2x - p1x) * (q2y - q1y) - (p2y - p1y) * (q2x - q1x);
  const t = ((q1x - p1x) * (q2y - q1y) - (q1y - p1y) * (q2x - q1x)) / den;
  hitX = p1x + t * (p2x - p1x);
  hitY = p1y + t * (p2y - p1y);
  return 1;
}

const inBox = (ax: number, ay: number, bx: number, by: number, x: number, y: number) =>
  x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by);

/** Collinear segments: one common end only (1), a common stretch (2) or nothing (0). */
function collinear(
  p1x: number,
  p1y: number,
  p2x: number,
  p2y: number,
  q1x: number,
  q1y: number,
  q2x: number,
  q2y: number,
): number {
  const q1p = inBox(p1x, p1y, p2x, p2y, q1x, q1y);
  const q2p = inBox(p1x, p1y, p2x, p2y, q2x, q2y);
  const p1q = inBox(q1x, q1y, q2x, q2y, p1x, p1y);
  const p2q = inBox(q1x, q1y, q2x, q2y, p2x, p2y);
  setHit(q1x, q1y);
  if ((q1p && q2p) || (p1q && p2q)) return 2;
  const single = (x: number, y: number, u: number, v: number, otherIn: boolean) =>
    x === u && y === v && !otherIn ? 1 : 2;
  if (q1p && p1q) return single(q1x, q1y, p1x, p1y, q2p || p2q);
  if (q1p && p2q) return single(q1x, q1y, p2x, p2y, q2p || p1q);
  setHit(q2x, q2y);
  if (q2p && p1q) return single(q2x, q2y, p1x, p1y, q1p || p2q);
  if (q2p && p2q) return single(q2x, q2y, p2x, p2y, q1p || p1q);
  return 0;
}

interface Scan {
  rings: Rings;
  problems: ValidityProblem[];
  crossing: boolean;
  selfTouch: boolean;
  /** Where two rings of one polygon touch a second time (their interior is cut apart), if they do. */
  doubleTouch: [number, number] | null;
}

let segStart = new Int32Array(256);
let boxes = new Float64Array(1024);

function scanIntersections(rings: Rings): Scan {
  const { list, xs, ys } = rings;
  // Segment s runs from point seg[s] to seg[s] + 1; its box is box[4s … 4s + 3].
  let n = 0;
  for (const r of list) n += r.size - 1;
  if (segStart.length < n) {
    segStart = new Int32Array(2 * n);
    boxes = new Float64Array(8 * n);
  }
  const seg = segStart;
  const box = boxes;
  n = 0;
  for (const r of list) {
    for (let k = r.start; k < r.start + r.size - 1; k++, n++) {
      seg[n] = k;
      box[4 * n] = Math.min(xs[k], xs[k + 1]);
      box[4 * n + 1] = Math.min(ys[k], ys[k + 1]);
      box[4 * n + 2] = Math.max(xs[k], xs[k + 1]);
      box[4 * n + 3] = Math.max(ys[k], ys[k + 1]);
    }
  }
  const scan: Scan = { rings, problems: [], crossing: false, selfTouch: false, doubleTouch: null };
  // Small rings (most micro-grids) are cheaper to test pair by pair, boxes first, than to index.
  if (n <= 64) {
    for (let i = 0; i < n && !isDone(scan); i++) {
      const x0 = box[4 * i],
        y0 = box[4 * i + 1],
        x1 = box[4 * i + 2],
        y1 = box[4 * i + 3];
      for (let j = i + 1; j < n; j++) {
        if (box[4 * j] > x1 || box[4 * j + 2] < x0 || box[4 * j + 1] > y1 || box[4 * j + 3] < y0) continue;
        pair(scan, seg[i], seg[j]);
      }
    }
    return scan;
  }
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) index.add(box[4 * i], box[4 * i + 1], box[4 * i + 2], box[4 * i + 3]);
  index.finish();
  for (let i = 0; i < n && !isDone(scan); i++) {
    const found = index.search(box[4 * i], box[4 * i + 1], box[4 * i + 2], box[4 * i + 3]);
    for (let f = 0; f < found.length; f++) if (found[f] > i) pair(scan, seg[i], seg[found[f]]);
  }
  return scan;
}

/** Nothing more to learn from the scan: one problem of each kind, and a double touch, are known. */
const isDone = (scan: Scan) => scan.crossing && scan.selfTouch && scan.doubleTouch !== null;

function report(scan: Scan, reason: GeometryReason, ra: Ring, rb: Ring): void {
  scan.problems.push({ reason, at: [hitX, hitY], rings: ringPair(ra, rb) });
}

/** Segments starting at points a and b (GEOS PolygonIntersectionAnalyzer.findInvalidIntersection). */
function pair(scan: Scan, a: number, b: number): void {
  const { list, xs, ys, ringOf } = scan.rings;
  // Consecutive segments of a ring (b > a always) meet at their common point, and only there unless they fold
  // back along one line: then there is nothing to report, as below, and most pairs of a valid ring are these.
  if (b === a + 1 && orientation(xs[a], ys[a], xs[b], ys[b], xs[b + 1], ys[b + 1]) !== 0) return;
  const kind = intersect(xs[a], ys[a], xs[a + 1], ys[a + 1], xs[b], ys[b], xs[b + 1], ys[b + 1]);
  if (!kind) return;
  const ra = list[ringOf[a]];
  const rb = list[ringOf[b]];
  // Crossing inside both segments, or running along each other: never allowed.
  if (proper || kind === 2) {
    if (!scan.crossing) report(scan, 'self-intersection', ra, rb);
    scan.crossing = true;
    return;
  }
  // From here they meet at one point, an end of at least one of them.
  if (ra === rb) {
    const gap = Math.abs(a - b);
    if (gap <= 1 || gap >= ra.size - 2) return; // consecutive segments share their common end
    // OGC: a ring may not touch itself (GEOS: "Ring Self-intersection").
    if (!scan.selfTouch) report(scan, 'ring-self-intersection', ra, rb);
    scan.selfTouch = true;
    return;
  }
  // A point where segments end is where the next ones start: look at it once, from the starting segments.
  if ((hitX === xs[a + 1] && hitY === ys[a + 1]) || (hitX === xs[b + 1] && hitY === ys[b + 1])) return;
  const at: [number, number] = [hitX, hitY];
  const [a0, a1] = edgesAt(scan.rings, ra, a);
  const [b0, b1] = edgesAt(scan.rings, rb, b);
  if (isCrossing(at, a0, a1, b0, b1)) {
    // Two rings that meet at a vertex and pass through each other there.
    if (!scan.crossing) report(scan, 'self-intersection', ra, rb);
    scan.crossing = true;
    return;
  }
  if (addTouch(ra.node, rb.node, at) && !scan.doubleTouch) scan.doubleTouch = at;
}

/** The two edges of ring r at the meeting point: around its vertex, or along segment s when inside it. */
function edgesAt({ xs, ys }: Rings, r: Ring, s: number): [Position, Position] {
  const next: Position = [xs[s + 1], ys[s + 1]];
  if (hitX !== xs[s] || hitY !== ys[s]) return [[xs[s], ys[s]], next];
  const prev = s === r.start ? r.start + r.size - 2 : s - 1;
  return [[xs[prev], ys[prev]], next];
}

const ringPair = (a: Ring, b: Ring): [number, number][] =>
  a === b
    ? [[a.part, a.index]]
    : [
        [a.part, a.index],
        [b.part, b.index],
      ];

/**
 * Records that two rings of one polygon touch at `at`; true when they already touched elsewhere (two touches
 * between the same rings enclose a piece of the interior). GEOS PolygonRing.addTouch.
 */
function addTouch(a: TouchNode | null, b: TouchNode | null, at: [number, number]): boolean {
  if (!a || !b || a.part !== b.part) return false;
  const ab = a.touches.get(b.id);
  if (ab && (ab.at[0] !== at[0] || ab.at[1] !== at[1])) return true;
  const ba = b.touches.get(a.id);
  if (ba && (ba.at[0] !== at[0] || ba.at[1] !== at[1])) return true;
  if (!ab) a.touches.set(b.id, { node: b, at });
  if (!ba) b.touches.set(a.id, { node: a, at });
  return false;
}

const touchesOf = (node: TouchNode) =>
  [...node.touches.entries()].sort((x, y) => x[0] - y[0]).map((e) => e[1]);

/**
 * A point of a cycle of rings touching one after another at different points (which encloses a piece of the
 * interior), or null. GEOS PolygonRing.findHoleCycleLocation, visiting rings in the same order.
 */
function holeCycle(rings: Rings): [number, number] | null {
  for (const root of rings.nodes) {
    if (root.root) continue;
    root.root = root;
    const stack: { node: TouchNode; at: [number, number] }[] = [];
    for (const t of touchesOf(root)) {
      t.node.root = root;
      stack.push(t);
    }
    while (stack.length) {
      const current = stack.pop()!;
      for (const t of touchesOf(current.node)) {
        // Touches at the point we came in by lead back to rings already seen through that point.
        if (t.at[0] === current.at[0] && t.at[1] === current.at[1]) continue;
        if (t.node.root === root) return t.at;
        t.node.root = root;
        stack.push(t);
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Node topology (GEOS PolygonNodeTopology): the order of edges around a common point.

const quadrant = (o: Position, p: Position) => {
  const dx = p[0] - o[0];
  const dy = p[1] - o[1];
  return dx >= 0 ? (dy >= 0 ? 0 : 3) : dy >= 0 ? 1 : 2;
};

/** Angle of o→p compared with o→q, counter-clockwise from the positive x axis: 1, 0 or −1. */
function compareAngle(o: Position, p: Position, q: Position): number {
  const qp = quadrant(o, p);
  const qq = quadrant(o, q);
  if (qp !== qq) return qp > qq ? 1 : -1;
  return orientation(o[0], o[1], q[0], q[1], p[0], p[1]);
}

const isAngleGreater = (o: Position, p: Position, q: Position) => compareAngle(o, p, q) > 0;

/** Whether the edges o→b0, o→b1 lie on different sides of the wedge between o→a0 and o→a1. */
function isCrossing(o: Position, a0: Position, a1: Position, b0: Position, b1: Position): boolean {
  const [lo, hi] = isAngleGreater(o, a0, a1) ? [a1, a0] : [a0, a1];
  const between = (p: Position) => {
    const c0 = compareAngle(o, p, lo);
    if (c0 === 0) return 0;
    const c1 = compareAngle(o, p, hi);
    if (c1 === 0) return 0;
    return c0 > 0 && c1 < 0 ? 1 : -1;
  };
  const s0 = between(b0);
  if (s0 === 0) return false;
  const s1 = between(b1);
  if (s1 === 0) return false;
  return s0 !== s1;
}

/** Whether o→b runs into the interior of a ring whose edges at o are o→a0 (before) and o→a1 (after), interior on the right. */
function isInteriorSegment(o: Position, a0: Position, a1: Position, b: Position): boolean {
  const swap = isAngleGreater(o, a0, a1);
  const [lo, hi] = swap ? [a1, a0] : [a0, a1];
  const between = isAngleGreater(o, b, lo) && !isAngleGreater(o, b, hi);
  return between !== swap;
}

// ---------------------------------------------------------------------------------------------------------------
// Rings inside rings (GEOS IsValidOp, IndexedNestedHoleTester, IndexedNestedPolygonTester).

const EXTERIOR = 0;
const BOUNDARY = 1;
const INTERIOR = 2;

/** Where p lies with respect to the area the rings bound together (even-odd), as GEOS's RayCrossingCounter. */
function locate(p: Position, rings: Position[][]): number {
  const [px, py] = p;
  let crossings = 0;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const [x1, y1] = ring[i - 1];
      const [x2, y2] = ring[i];
      if (x1 < px && x2 < px) continue;
      if (px === x2 && py === y2) return BOUNDARY;
      if (y1 === py && y2 === py) {
        if (px >= Math.min(x1, x2) && px <= Math.max(x1, x2)) return BOUNDARY;
        continue;
      }
      if ((y1 > py && y2 <= py) || (y2 > py && y1 <= py)) {
        let sign = orientation(x1, y1, x2, y2, px, py);
        if (sign === 0) return BOUNDARY;
        if (y2 < y1) sign = -sign;
        if (sign > 0) crossings++;
      }
    }
  }
  return crossings % 2 ? INTERIOR : EXTERIOR;
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Orientation of a simple ring, robust to flat tops and repeated points (GEOS Orientation.isCCW). */
function isCCW(ring: Position[]): boolean {
  const n = ring.length - 1;
  if (n < 3) return false;
  let upHi = ring[0];
  let upLo: Position | null = null;
  let prevY = upHi[1];
  let iUpHi = 0;
  for (let i = 1; i <= n; i++) {
    const y = ring[i][1];
    if (y > prevY && y >= upHi[1]) {
      iUpHi = i;
      upHi = ring[i];
      upLo = ring[i - 1];
    }
    prevY = y;
  }
  if (iUpHi === 0 || !upLo) return false;
  let iDownLo = iUpHi;
  do iDownLo = (iDownLo + 1) % n;
  while (iDownLo !== iUpHi && ring[iDownLo][1] === upHi[1]);
  const downLo = ring[iDownLo];
  const downHi = ring[iDownLo > 0 ? iDownLo - 1 : n - 1];
  if (same(upHi, downHi)) {
    if (same(upLo, upHi) || same(downLo, upHi) || same(upLo, downLo)) return false;
    return orientation(upLo[0], upLo[1], upHi[0], upHi[1], downLo[0], downLo[1]) > 0;
  }
  return downHi[0] - upHi[0] < 0;
}

/** Whether ring `test` lies inside ring `target`, the rings not crossing (GEOS PolygonTopologyAnalyzer.isRingNested). */
function isRingNested(test: Position[], target: Position[]): boolean {
  const p0 = test[0];
  const where = locate(p0, [target]);
  if (where !== BOUNDARY) return where === INTERIOR;
  // p0 lies on the target: the edge that leaves it tells inside from outside.
  let i = 1;
  while (same(test[i], p0) && i < test.length - 1) i++;
  const p1 = test[i];
  const last = target.length - 1;
  let index = -1;
  for (let s = 0; s < last; s++) {
    const a = target[s];
    const b = target[s + 1];
    if (
      inBox(a[0], a[1], b[0], b[1], p0[0], p0[1]) &&
      orientation(a[0], a[1], b[0], b[1], p0[0], p0[1]) === 0
    ) {
      index = same(p0, b) ? s + 1 : s;
      break;
    }
  }
  if (index < 0) return false; // not reached: p0 is on the boundary
  let iPrev = index;
  while (same(target[iPrev], p0)) iPrev = iPrev === 0 ? last - 1 : iPrev - 1;
  let iNext = index + 1;
  while (same(target[iNext], p0)) iNext = iNext >= last - 1 ? 0 : iNext + 1;
  // Interior on the right of prev→p0→next means a clockwise ring; flip the corner otherwise.
  const [rPrev, rNext] = isCCW(target) ? [target[iNext], target[iPrev]] : [target[iPrev], target[iNext]];
  return isInteriorSegment(p0, rPrev, rNext, p1);
}

type Box = [number, number, number, number];

function boxOf(ring: Position[]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
  return b;
}

const covers = (a: Box, b: Box) => a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2] && a[3] >= b[3];

/** For each box i, the boxes j ≠ i that cover it (flatbush when there are many). */
function coveringPairs(boxes: Box[], visit: (i: number, j: number) => boolean): void {
  const index = boxes.length > 16 ? new Flatbush(boxes.length) : null;
  if (index) {
    for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
    index.finish();
  }
  boxes.forEach((b, i) => {
    const candidates = index ? index.search(b[0], b[1], b[2], b[3]) : boxes.map((_, j) => j);
    for (const j of candidates) if (j !== i && covers(boxes[j], b) && visit(i, j)) return;
  });
}

function holesOutsideShell(polygon: Position[][], part: number, problems: ValidityProblem[]): void {
  if (polygon.length < 2) return;
  const shell = polygon[0];
  const shellBox = boxOf(shell);
  polygon.forEach((hole, index) => {
    if (index === 0) return;
    if (covers(shellBox, boxOf(hole)) && isRingNested(hole, shell)) return;
    problems.push({ reason: 'hole-outside-shell', at: [hole[0][0], hole[0][1]], rings: [[part, index]] });
  });
}

function nestedHoles(polygon: Position[][], part: number, problems: ValidityProblem[]): void {
  const holes = polygon.slice(1);
  if (holes.length < 2) return;
  coveringPairs(holes.map(boxOf), (i, j) => {
    if (!isRingNested(holes[i], holes[j])) return false;
    problems.push({
      reason: 'nested-holes',
      at: [holes[i][0][0], holes[i][0][1]],
      rings: [
        [part, i + 1],
        [part, j + 1],
      ],
    });
    return true;
  });
}

function nestedShells(polygons: Position[][][], problems: ValidityProblem[]): void {
  if (polygons.length < 2) return;
  coveringPairs(
    polygons.map((p) => boxOf(p[0])),
    (i, j) => {
      const at = nestedPoint(polygons[i][0], polygons[j]);
      if (!at) return false;
      problems.push({
        reason: 'nested-shells',
        at,
        rings: [
          [i, 0],
          [j, 0],
        ],
      });
      return true;
    },
  );
}

/** A point of `shell` inside `outer` (not in one of its holes), or null (GEOS IndexedNestedPolygonTester). */
function nestedPoint(shell: Position[], outer: Position[][]): [number, number] | null {
  for (const p of [shell[0], shell[1]]) {
    const where = locate(p, outer);
    if (where === EXTERIOR) return null;
    if (where === INTERIOR) return [p[0], p[1]];
  }
  // Both points lie on the outer polygon's boundary: decide by the edges there.
  if (!isRingNested(shell, outer[0])) return null;
  const box = boxOf(shell);
  for (const hole of outer.slice(1)) if (covers(boxOf(hole), box) && isRingNested(shell, hole)) return null;
  return [shell[0][0], shell[0][1]];
}
