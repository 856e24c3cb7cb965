/**
 * Snapping in screen pixels (issue 11): a pointer within `tolerancePx` of a vertex goes to that vertex; otherwise
 * within `tolerancePx` of an edge, to the nearest point of that edge; otherwise it stays where it is. Vertices win
 * over edges (a planner aiming near a corner means the corner), units' borders over roads and the river at equal
 * distance. Pure: the map's projection comes in as functions, so this runs the same in a test.
 */
import type { LonLat } from '../../domain/plan/types';
import { SNAP_SOURCES, type SnapIndex, type SnapSource } from './snap-index';

export interface SnapOptions {
  /** [lon, lat] → screen [x, y] pixels (the map's `project`). */
  project: (p: LonLat) => [number, number];
  /** Screen [x, y] → [lon, lat] (the map's `unproject`). */
  unproject: (p: [number, number]) => LonLat;
  /** Snapping distance in pixels (default 10, the editor's default). */
  tolerancePx?: number;
  /** Sources to snap to (default: all). */
  sources?: readonly SnapSource[];
  /**
   * A position never to snap to, nor to the edges that end there: the vertex being dragged (its own edges move
   * with it).
   */
  skip?: LonLat;
}

export interface Snap {
  kind: 'vertex' | 'edge' | 'none';
  /** Where the pointer goes: the vertex, the point on the edge, or the pointer's own position. */
  point: LonLat;
  source?: SnapSource;
  /** Pixels from the pointer to `point`. */
  distancePx: number;
  /** For an edge: its two ends. */
  edge?: [LonLat, LonLat];
}

/**
 * Snaps the pointer at screen position `px` to what `index` holds near it.
 * @example snapPoint(index, [e.point.x, e.point.y], { project: (p) => toXY(map.project(p)), unproject })
 */
export function snapPoint(index: SnapIndex, px: [number, number], options: SnapOptions): Snap {
  const tol = options.tolerancePx ?? 10;
  const allowed = new Set((options.sources ?? SNAP_SOURCES).map((s) => SNAP_SOURCES.indexOf(s)));
  const skip = options.skip;
  const here = options.unproject(px);
  // The search box in degrees: the pixel box's corners unprojected (the map is never rotated here, but taking
  // all four corners keeps this right if it ever is).
  const corners = [
    options.unproject([px[0] - tol, px[1] - tol]),
    options.unproject([px[0] + tol, px[1] - tol]),
    options.unproject([px[0] - tol, px[1] + tol]),
    options.unproject([px[0] + tol, px[1] + tol]),
  ];
  const minX = Math.min(...corners.map((c) => c[0]));
  const maxX = Math.max(...corners.map((c) => c[0]));
  const minY = Math.min(...corners.map((c) => c[1]));
  const maxY = Math.max(...corners.map((c) => c[1]));

  let best: Snap | null = null;
  let bestRank = Infinity;
  const rank = (d: number, src: number) => d + src * 1e-6; // units first at equal distance
  for (const i of index.points?.search(minX, minY, maxX, maxY) ?? []) {
    const src = index.ptSource[i];
    if (!allowed.has(src)) continue;
    const p: LonLat = [index.pts[2 * i], index.pts[2 * i + 1]];
    if (skip && p[0] === skip[0] && p[1] === skip[1]) continue;
    const q = options.project(p);
    const d = Math.hypot(q[0] - px[0], q[1] - px[1]);
    if (d <= tol && rank(d, src) < bestRank) {
      bestRank = rank(d, src);
      best = { kind: 'vertex', point: p, source: SNAP_SOURCES[src], distancePx: d };
    }
  }
  if (best) return best;

  for (const i of index.segments?.search(minX, minY, maxX, maxY) ?? []) {
    const src = index.segSource[i];
    if (!allowed.has(src)) continue;
    const a: LonLat = [index.seg[4 * i], index.seg[4 * i + 1]];
    const b: LonLat = [index.seg[4 * i + 2], index.seg[4 * i + 3]];
    if (skip && ((a[0] === skip[0] && a[1] === skip[1]) || (b[0] === skip[0] && b[1] === skip[1]))) continue;
    const pa = options.project(a);
    const pb = options.project(b);
    const dx = pb[0] - pa[0];
    const dy = pb[1] - pa[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px[0] - pa[0]) * dx + (px[1] - pa[1]) * dy) / len2));
    const d = Math.hypot(pa[0] + t * dx - px[0], pa[1] + t * dy - px[1]);
    if (d <= tol && rank(d, src) < bestRank) {
      bestRank = rank(d, src);
      // The point on the edge in lon/lat: at a street's scale the projection is affine, so the pixel parameter
      // is the parameter along the edge in degrees too.
      best = {
        kind: 'edge',
        point: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])],
        source: SNAP_SOURCES[src],
        distancePx: d,
        edge: [a, b],
      };
    }
  }
  return best ?? { kind: 'none', point: here, distancePx: 0 };
}
