/**
 * A point strictly inside a polygon (not on its boundary), to tell which new grid a micro-grid lies in after a
 * split or merge: a horizontal line through the middle of the largest part, and the middle of the widest stretch
 * of it inside the polygon (the way JTS InteriorPointArea does it). Cheap and exact enough for locating a
 * micro-grid that lies wholly in one grid.
 */
import type { Position } from 'geojson';
import type { Areal } from '../../domain/types';
import { polygonsOf } from '../coverage/segments';

function ringsBox(rings: Position[][]): [number, number] {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of rings[0] ?? []) {
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  return [minY, maxY];
}

/** The middle of the widest inside stretch of the horizontal line at y, or null when the line misses. */
function scan(rings: Position[][], y: number): { p: [number, number]; width: number } | null {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      // Half-open on y, so a vertex exactly on the line counts once.
      if (ay <= y === by <= y) continue;
      xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
    }
  }
  xs.sort((a, b) => a - b);
  let best: { p: [number, number]; width: number } | null = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const width = xs[i + 1] - xs[i];
    if (width > 0 && (!best || width > best.width)) best = { p: [(xs[i] + xs[i + 1]) / 2, y], width };
  }
  return best;
}

/**
 * @example interiorPoint({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]] }) // [1, 0.5]
 */
export function interiorPoint(g: Areal): [number, number] | null {
  let best: { p: [number, number]; width: number } | null = null;
  for (const rings of polygonsOf(g)) {
    const [minY, maxY] = ringsBox(rings);
    if (!(maxY > minY)) continue;
    // A few lines, not one: the middle line may run along an edge or through a vertex.
    for (const t of [0.5, 0.382, 0.618, 0.25, 0.75]) {
      const hit = scan(rings, minY + (maxY - minY) * t);
      if (hit && (!best || hit.width > best.width)) best = hit;
    }
  }
  return best?.p ?? null;
}
