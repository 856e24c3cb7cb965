/**
 * Where a pointer may snap to: the vertices and edges of the draft's grids and micro-grids and the base map's
 * roads and river. Built once per snapshot (and once for the base map), searched on every pointer move, so the
 * segments and vertices sit in flat typed arrays behind two flatbush indexes (DESIGN.md: hot data flat, bbox first).
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import type { LonLat } from '../../domain/plan/types';

/** What a snap target belongs to: a unit's border, a road's centre line, the river. */
export type SnapSource = 'unit' | 'road' | 'river';
export const SNAP_SOURCES: readonly SnapSource[] = ['unit', 'road', 'river'];

export interface SnapLine {
  /** An open path or a closed ring (first position repeated last, as GeoJSON writes rings). */
  coords: readonly Position[];
  source: SnapSource;
}

export interface SnapIndex {
  /** Segment i runs from (seg[4i], seg[4i+1]) to (seg[4i+2], seg[4i+3]), lon/lat. */
  readonly seg: Float64Array;
  readonly segSource: Uint8Array;
  readonly segments: Flatbush | null;
  /** Vertex i at (pts[2i], pts[2i+1]); each distinct position once. */
  readonly pts: Float64Array;
  readonly ptSource: Uint8Array;
  readonly points: Flatbush | null;
}

/**
 * The lines of a geometry (rings of polygons, line strings), for `snapIndex`.
 * @example linesOf(grid.geometry, 'unit') // one SnapLine per ring
 */
export function linesOf(geometry: Geometry | null, source: SnapSource): SnapLine[] {
  if (!geometry) return [];
  switch (geometry.type) {
    case 'LineString':
      return [{ coords: geometry.coordinates, source }];
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.map((coords) => ({ coords, source }));
    case 'MultiPolygon':
      return geometry.coordinates.flatMap((p) => p.map((coords) => ({ coords, source })));
    case 'GeometryCollection':
      return geometry.geometries.flatMap((g) => linesOf(g, source));
    default:
      return [];
  }
}

/**
 * Indexes the segments and the distinct vertices of `lines`. Shared borders appear once per side in the input;
 * their vertices are kept once (same position, same source) and their segments twice, which does no harm.
 * @example const index = snapIndex(grids.features.flatMap((f) => linesOf(f.geometry, 'unit')))
 */
export function snapIndex(lines: readonly SnapLine[]): SnapIndex {
  let segCount = 0;
  for (const l of lines) segCount += Math.max(0, l.coords.length - 1);
  const seg = new Float64Array(segCount * 4);
  const segSource = new Uint8Array(segCount);
  const seen = new Map<string, number>();
  const ptList: number[] = [];
  const ptSourceList: number[] = [];
  let s = 0;
  for (const l of lines) {
    const src = SNAP_SOURCES.indexOf(l.source);
    for (let i = 0; i < l.coords.length; i++) {
      const [x, y] = l.coords[i];
      const key = `${x},${y},${src}`;
      if (!seen.has(key)) {
        seen.set(key, ptSourceList.length);
        ptList.push(x, y);
        ptSourceList.push(src);
      }
      if (i === 0) continue;
      const [px, py] = l.coords[i - 1];
      seg[4 * s] = px;
      seg[4 * s + 1] = py;
      seg[4 * s + 2] = x;
      seg[4 * s + 3] = y;
      segSource[s] = src;
      s++;
    }
  }
  let segments: Flatbush | null = null;
  if (segCount > 0) {
    segments = new Flatbush(segCount);
    for (let i = 0; i < segCount; i++) {
      const [ax, ay, bx, by] = [seg[4 * i], seg[4 * i + 1], seg[4 * i + 2], seg[4 * i + 3]];
      segments.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    segments.finish();
  }
  const pts = Float64Array.from(ptList);
  let points: Flatbush | null = null;
  if (ptSourceList.length > 0) {
    points = new Flatbush(ptSourceList.length);
    for (let i = 0; i < ptSourceList.length; i++) points.add(pts[2 * i], pts[2 * i + 1], pts[2 * i], pts[2 * i + 1]);
    points.finish();
  }
  return { seg, segSource, segments, pts, ptSource: Uint8Array.from(ptSourceList), points };
}

/** Same position, bit for bit (the topology writes shared vertices with exactly the same numbers). */
export function samePoint(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export type { LonLat };
