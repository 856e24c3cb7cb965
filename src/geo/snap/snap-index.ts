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
  return indexOf(seg, segSource, Float64Array.from(ptList), Uint8Array.from(ptSourceList));
}

/**
 * The index of a coverage's own borders from its already de-duplicated vertices (coverage-vertices, which keys each
 * geometry once) and its rings: the same index `snapIndex` builds from the units' lines, without keying every
 * position again after each operation.
 * @example const v = coverageVertices(units); snapIndexOfUnits(v.points, [...v.units.values()].flatMap((u) => u.rings))
 */
export function snapIndexOfUnits(points: readonly LonLat[], rings: readonly (readonly Position[])[]): SnapIndex {
  let segCount = 0;
  for (const r of rings) segCount += Math.max(0, r.length - 1);
  const seg = new Float64Array(segCount * 4);
  let s = 0;
  for (const r of rings) {
    for (let i = 1; i < r.length; i++) {
      seg[4 * s] = r[i - 1][0];
      seg[4 * s + 1] = r[i - 1][1];
      seg[4 * s + 2] = r[i][0];
      seg[4 * s + 3] = r[i][1];
      s++;
    }
  }
  const pts = new Float64Array(points.length * 2);
  points.forEach((p, i) => {
    pts[2 * i] = p[0];
    pts[2 * i + 1] = p[1];
  });
  const unit = SNAP_SOURCES.indexOf('unit');
  return indexOf(seg, new Uint8Array(segCount).fill(unit), pts, new Uint8Array(points.length).fill(unit));
}

function indexOf(seg: Float64Array, segSource: Uint8Array, pts: Float64Array, ptSource: Uint8Array): SnapIndex {
  const segCount = segSource.length;
  let segments: Flatbush | null = null;
  if (segCount > 0) {
    segments = new Flatbush(segCount);
    for (let i = 0; i < segCount; i++) {
      const [ax, ay, bx, by] = [seg[4 * i], seg[4 * i + 1], seg[4 * i + 2], seg[4 * i + 3]];
      segments.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    segments.finish();
  }
  let points: Flatbush | null = null;
  if (ptSource.length > 0) {
    points = new Flatbush(ptSource.length);
    for (let i = 0; i < ptSource.length; i++) points.add(pts[2 * i], pts[2 * i + 1], pts[2 * i], pts[2 * i + 1]);
    points.finish();
  }
  return { seg, segSource, segments, pts, ptSource, points };
}

/** Same position, bit for bit (the topology writes shared vertices with exactly the same numbers). */
export function samePoint(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export type { LonLat };
