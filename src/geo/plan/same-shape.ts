/**
 * Whether two versions of a unit have the same shape: the same corners, whatever vertices lie on straight edges in
 * between. A split line is noded into every edge it crosses, so a neighbour can gain a vertex on its border without
 * changing shape; the diff (changes.json) lists it as reshaped only when a corner moved, came or went.
 */
import type { Position } from 'geojson';
import type { Areal } from '../../domain/types';
import { polygonsOf } from '../coverage/segments';

/**
 * A vertex is on the straight line between its neighbours when it lies this close to it, in degrees (≈ 0.1 mm): a
 * crossing computed in floating point lands within ~1e-14 of the edge, a real corner much farther.
 */
const FLAT = 1e-9;

/** The ring's corners (vertices not on a straight edge), as sorted text keys. */
function corners(ring: Position[]): string[] {
  const n = ring.length - 1; // closed ring
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = ring[(i + n - 1) % n];
    const b = ring[i];
    const c = ring[(i + 1) % n];
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    const between = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) > 0;
    const off = Math.abs(cross) / Math.hypot(c[0] - a[0], c[1] - a[1]);
    if (!(off <= FLAT) || !between) out.push(`${b[0]},${b[1]}`);
  }
  return out.sort();
}

/** Keys by geometry object: a draft's unchanged units keep theirs, so the diff after each operation reuses them. */
const keys = new WeakMap<Areal, string>();

function shapeKey(g: Areal): string {
  let key = keys.get(g);
  if (key === undefined) keys.set(g, (key = computeShapeKey(g)));
  return key;
}

function computeShapeKey(g: Areal): string {
  return polygonsOf(g)
    .map((poly) => poly.map((ring) => corners(ring).join(' ')).sort().join(' | '))
    .sort()
    .join(' || ');
}

/**
 * @example sameShape(square, squareWithAVertexMidEdge) === true
 */
export function sameShape(a: Areal, b: Areal): boolean {
  if (a === b) return true;
  return shapeKey(a) === shapeKey(b);
}
