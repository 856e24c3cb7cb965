/**
 * Exact geometric checks for the generator's invariants (no tolerance beyond floating point): segment
 * intersection, ring simplicity, containment and disjointness of polygons. Used by generate*.test.ts.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import { localProjection } from '../../../src/geo/projection';

export type Seg = [Position, Position];

/** Segments of a closed ring. */
export function ringSegs(ring: Position[]): Seg[] {
  const out: Seg[] = [];
  for (let k = 0; k + 1 < ring.length; k++) out.push([ring[k], ring[k + 1]]);
  return out;
}

const orient = (a: Position, b: Position, c: Position): number =>
  Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
const onSeg = (a: Position, b: Position, p: Position): boolean =>
  Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);

/** Do two closed segments share any point (touching counts)? */
export function segsMeet(s: Seg, t: Seg): boolean {
  const [a, b] = s;
  const [c, d] = t;
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (o1 === 0 && onSeg(a, b, c)) || (o2 === 0 && onSeg(a, b, d)) || (o3 === 0 && onSeg(c, d, a)) || (o4 === 0 && onSeg(c, d, b));
}

/** A spatial index over segments. */
export function segIndex(segs: Seg[]): Flatbush {
  const idx = new Flatbush(Math.max(1, segs.length));
  for (const [a, b] of segs) idx.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  if (!segs.length) idx.add(0, 0, 0, 0);
  idx.finish();
  return idx;
}

/** Does any segment of `segs` meet any segment indexed in (idx, targets)? */
export function anyMeet(segs: Seg[], idx: Flatbush, targets: Seg[]): boolean {
  for (const s of segs) {
    const [a, b] = s;
    const hits = idx.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    for (const h of hits) if (h < targets.length && segsMeet(s, targets[h])) return true;
  }
  return false;
}

/**
 * Is the ring simple: non-adjacent segments never meet, adjacent ones only at their shared vertex?
 * @example isSimpleRing([[0,0],[1,0],[1,1],[0,0]]) === true
 */
export function isSimpleRing(ring: Position[]): boolean {
  const segs = ringSegs(ring);
  const idx = segIndex(segs);
  const n = segs.length;
  for (let i = 0; i < n; i++) {
    const [a, b] = segs[i];
    for (const j of idx.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]))) {
      if (j <= i) continue;
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (!adjacent) {
        if (segsMeet(segs[i], segs[j])) return false;
      } else if (orient(a, b, segs[j][1]) === 0 && orient(a, b, segs[j][0]) === 0) {
        // Collinear neighbours must not fold back over each other.
        const [p, q] = j === i + 1 ? [a, segs[j][1]] : [segs[j][0], b];
        const back = (b[0] - a[0]) * (q[0] - p[0]) + (b[1] - a[1]) * (q[1] - p[1]) < 0;
        if (back) return false;
      }
    }
  }
  return true;
}

/** Even–odd point in ring (the point must not lie on the boundary; callers check boundaries separately). */
export function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Planar signed area (m²) of a lon/lat ring in a local projection (counter-clockwise positive). */
export function signedArea(ring: Position[], centre: [number, number]): number {
  const proj = localProjection(centre);
  const pts = ring.map((p) => proj.toLocal(p));
  let s = 0;
  for (let k = 0; k + 1 < pts.length; k++) s += pts[k][0] * pts[k + 1][1] - pts[k + 1][0] * pts[k][1];
  return s / 2;
}

/** A bbox of a ring. */
export function ringBBox(ring: Position[]): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
}

export const key = (p: Position): string => `${p[0]},${p[1]}`;
