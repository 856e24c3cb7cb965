/**
 * Plane geometry in local metres for the defect injector: areas, convex clipping, point-in-ring, crossings.
 * Rings here are open (no repeated closing point) unless a function says otherwise.
 */

export type XY = [number, number];

/** Signed area of an open ring (positive counter-clockwise). @example area([[0,0],[1,0],[0,1]]) === 0.5 */
export function area(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** An open copy of a ring (drops the closing point when it repeats the first). */
export function openRing(ring: readonly XY[]): XY[] {
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  return (closed ? ring.slice(0, -1) : ring.slice()) as XY[];
}

const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/**
 * Sutherland–Hodgman: the part of `subject` (any simple ring) inside the convex ring `clip`. The result may carry
 * zero-width bridges where a concave subject is cut in two, which leaves its area exact.
 * @example Math.abs(area(clipConvex(square, triangle)))
 */
export function clipConvex(subject: readonly XY[], clip: readonly XY[]): XY[] {
  const c = area(clip) < 0 ? [...clip].reverse() : clip;
  let out: XY[] = [...subject];
  for (let i = 0; i < c.length && out.length; i++) {
    const a = c[i];
    const b = c[(i + 1) % c.length];
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j];
      const q = input[(j + 1) % input.length];
      const pin = cross(a, b, p) >= 0;
      const qin = cross(a, b, q) >= 0;
      if (pin) out.push(p);
      if (pin !== qin) {
        const dp = cross(a, b, p);
        const dq = cross(a, b, q);
        const t = dp / (dp - dq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

/** Even-odd point in an open ring. @example inRing([1, 1], [[0,0],[2,0],[2,2],[0,2]]) === true */
export function inRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when segments ab and cd cross at a point interior to both (touching at an end does not count). */
export function crossProperly(a: XY, b: XY, c: XY, d: XY): boolean {
  const o1 = cross(a, b, c);
  const o2 = cross(a, b, d);
  const o3 = cross(c, d, a);
  const o4 = cross(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/** Distance from p to segment ab, and the closest point. */
export function closestOnSegment(p: XY, a: XY, b: XY): { d: number; at: XY } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const at: XY = [a[0] + t * dx, a[1] + t * dy];
  return { d: Math.hypot(p[0] - at[0], p[1] - at[1]), at };
}

/** Closest point of an open ring's boundary to p. */
export function closestOnRing(p: XY, ring: readonly XY[]): { d: number; at: XY } {
  let best = { d: Infinity, at: p };
  for (let i = 0; i < ring.length; i++) {
    const c = closestOnSegment(p, ring[i], ring[(i + 1) % ring.length]);
    if (c.d < best.d) best = c;
  }
  return best;
}

/** Unit normal of ab pointing to its left. */
export function leftNormal(a: XY, b: XY): XY {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
}

export const add = (p: XY, v: XY, k = 1): XY => [p[0] + k * v[0], p[1] + k * v[1]];
export const lerp = (a: XY, b: XY, t: number): XY => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
export const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1]);
