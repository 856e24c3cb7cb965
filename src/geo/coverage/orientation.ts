/**
 * Exact orientation of three points: the sign of (b − a) × (c − a), never wrong by rounding.
 *
 * Validity hinges on exact zeros: a hole that touches its shell at a vertex, or a vertex that lies on another
 * ring's edge, is valid only if the test says "collinear" exactly, and quantised coordinates put many such
 * triples a few ulps from collinear. A floating-point filter answers almost every call; the rest are summed
 * exactly as floating-point expansions (Shewchuk's two-sum / two-product), as GEOS does with double-double.
 */

const SPLITTER = 134217729; // 2^27 + 1, splits a double into two 26-bit halves
/** GEOS's bound for the filter (CGAlgorithmsDD::orientationIndexFilter): above it the rounded sign is right. */
const FILTER_EPSILON = 1e-15;

/**
 * 1 when c lies to the left of a→b (counter-clockwise), −1 to the right, 0 when the three are collinear.
 * @example orientation(0, 0, 1, 0, 0.5, 1) // 1
 */
export function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  let detSum: number;
  if (detLeft > 0) {
    if (detRight <= 0) return sign(det);
    detSum = detLeft + detRight;
  } else if (detLeft < 0) {
    if (detRight >= 0) return sign(det);
    detSum = -detLeft - detRight;
  } else {
    return sign(det);
  }
  if (det >= FILTER_EPSILON * detSum || -det >= FILTER_EPSILON * detSum) return sign(det);
  return exactOrientation(ax, ay, bx, by, cx, cy);
}

/** 1, −1 or 0 (never −0, which `Object.is` tells from 0). */
const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);

// Scratch for the exact path (one expansion at a time; nothing here is re-entrant).
let expansion: number[] = [];
let next: number[] = [];
let hi = 0;
let lo = 0;

/** a − b = hi + lo exactly. */
function twoDiff(a: number, b: number): void {
  hi = a - b;
  const bv = a - hi;
  lo = a - (hi + bv) + (bv - b);
}

/** a · b = hi + lo exactly (Dekker's product through Veltkamp splitting). */
function twoProduct(a: number, b: number): void {
  hi = a * b;
  let c = SPLITTER * a;
  const aHi = c - (c - a);
  const aLo = a - aHi;
  c = SPLITTER * b;
  const bHi = c - (c - b);
  const bLo = b - bHi;
  lo = aLo * bLo - (hi - aHi * bHi - aLo * bHi - aHi * bLo);
}

/** Adds b to the expansion exactly (Shewchuk's Grow-Expansion, zeros dropped). */
function grow(b: number): void {
  if (b === 0) return;
  next.length = 0;
  let q = b;
  for (const e of expansion) {
    const x = q + e;
    const bv = x - q;
    const err = q - (x - bv) + (e - bv);
    if (err !== 0) next.push(err);
    q = x;
  }
  if (q !== 0) next.push(q);
  [expansion, next] = [next, expansion];
}

function exactOrientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  // (a − c) × (b − c), each difference split exactly into two doubles, each product into two more.
  twoDiff(ax, cx);
  const acx = [hi, lo];
  twoDiff(by, cy);
  const bcy = [hi, lo];
  twoDiff(ay, cy);
  const acy = [hi, lo];
  twoDiff(bx, cx);
  const bcx = [hi, lo];
  expansion.length = 0;
  for (const u of acx) {
    for (const v of bcy) {
      twoProduct(u, v);
      grow(lo);
      grow(hi);
    }
  }
  for (const u of acy) {
    for (const v of bcx) {
      twoProduct(u, v);
      grow(-lo);
      grow(-hi);
    }
  }
  // The expansion is non-overlapping and ordered by magnitude: its sign is the sign of its largest term.
  return expansion.length ? sign(expansion[expansion.length - 1]) : 0;
}
