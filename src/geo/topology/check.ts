/**
 * The checks every reshaping operation runs on its draft before it is accepted, so the coverage stays a valid planar
 * partition: no new edge crosses, touches or runs along another edge (all layers), no ring flips or collapses, holes
 * stay inside their shells, micro-grids stay inside their grid and off each other.
 *
 * Why this is enough for grids: inside a community the grids' rings cancel to the community's ring (every inner
 * border is in two rings, opposite ways), so the winding numbers of the grids add up to 1 inside the community and 0
 * outside, whatever the vertices' positions. When each grid is a valid polygon (simple rings, right orientation,
 * holes inside) its winding number is 1 inside it and 0 elsewhere, so each point is in exactly one grid. Micro-grids
 * need not fill their grid, so they get the explicit overlap tests.
 */
import { PlanError, type LonLat } from '../../domain/plan/types';
import type { Draft } from './draft';
import { edgeKey, pointInPolygon, pointInRing, pointInUnit, ringArea2, segmentDistance2, segmentsIntersect, unitBbox } from './geom';
import { unitsInBox } from './spatial';
import type { TopoUnit } from './types';

export type Box = [number, number, number, number];

const meets = (a: Box, b: readonly number[]) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/** The draft's units (as they stand in it) whose bbox meets the box. */
export function draftUnitsInBox(d: Draft, box: Box): TopoUnit[] {
  const out: TopoUnit[] = [];
  for (const u of unitsInBox(d.base, box[0], box[1], box[2], box[3])) if (!d.changed.has(u.id)) out.push(u);
  for (const u of d.changed.values()) {
    if (u && meets(box, unitBbox(d.xy, u.polygons))) out.push({ ...u, bbox: unitBbox(d.xy, u.polygons) });
  }
  return out;
}

const at = (d: Draft, v: number): LonLat => [d.xy[2 * v], d.xy[2 * v + 1]];

/**
 * Throws a PlanError when any of `edges` (vertex pairs, draft coordinates) crosses another edge of any unit, runs
 * along one, passes within snap of a vertex that is not its own, or is shorter than snap.
 */
export function checkEdges(d: Draft, edges: Iterable<[number, number]>): void {
  const t = d.base;
  const [kx, ky] = t.metresPerDegree;
  const tol = t.snapM;
  const tol2 = tol * tol;
  const ex = tol / kx, ey = tol / ky;
  const xy = d.xy;
  const near2 = (v: number, a: number, b: number) =>
    segmentDistance2(kx, ky, xy[2 * v], xy[2 * v + 1], xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]).d2 < tol2;
  for (const [a, b] of edges) {
    const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
    const lenX = (bx - ax) * kx, lenY = (by - ay) * ky;
    if (lenX * lenX + lenY * lenY < tol2) throw new PlanError(`an edge would be shorter than ${tol} m (two vertices would meet)`, at(d, a), { reason: 'vertices-meet', values: { tol } });
    const box: Box = [Math.min(ax, bx) - ex, Math.min(ay, by) - ey, Math.max(ax, bx) + ex, Math.max(ay, by) + ey];
    for (const u of draftUnitsInBox(d, box)) {
      for (const poly of u.polygons) {
        for (const ring of poly) {
          const n = ring.length;
          for (let i = 0; i < n; i++) {
            const c = ring[i], e = ring[(i + 1) % n];
            const cx = xy[2 * c], cy = xy[2 * c + 1], qx = xy[2 * e], qy = xy[2 * e + 1];
            if (Math.max(cx, qx) < box[0] || Math.min(cx, qx) > box[2] || Math.max(cy, qy) < box[1] || Math.min(cy, qy) > box[3]) continue;
            const shared = (c === a || c === b ? 1 : 0) + (e === a || e === b ? 1 : 0);
            if (shared === 2) continue;
            if (shared === 1) {
              const s = c === a || c === b ? c : e;
              const p = s === a ? b : a;
              const q = s === c ? e : c;
              if (near2(q, a, b) || near2(p, c, e)) {
                throw new PlanError(`the border would fold onto another edge in ${u.id}`, at(d, s), { reason: 'edges-cross', values: { other: u.id } });
              }
              continue;
            }
            if (segmentsIntersect(ax, ay, bx, by, cx, cy, qx, qy)) {
              throw new PlanError(`the border would cross an edge of ${u.id}`, at(d, a), { reason: 'edges-cross', values: { other: u.id } });
            }
            if (near2(c, a, b) || near2(e, a, b) || near2(a, c, e) || near2(b, c, e)) {
              throw new PlanError(`the border would come within ${tol} m of an edge of ${u.id}`, at(d, a), { reason: 'edges-too-close', values: { other: u.id, tol } });
            }
          }
        }
      }
    }
  }
}

/** Throws when a ring of the unit flipped or collapsed, or a hole / polygon is no longer where it belongs. */
export function checkUnitShape(d: Draft, u: TopoUnit): void {
  const xy = d.xy;
  const [kx, ky] = d.base.metresPerDegree;
  const minArea2 = (2 * d.base.snapM * d.base.snapM) / (kx * ky);
  for (const poly of u.polygons) {
    poly.forEach((ring, k) => {
      if (new Set(ring).size !== ring.length) throw new PlanError(`${u.id} would touch itself at a vertex`, at(d, ring[0]), { reason: 'self-touch', values: { code: u.id } });
      const a = ringArea2(xy, ring);
      if (ring.length < 3 || (k === 0 ? a < minArea2 : a > -minArea2)) {
        throw new PlanError(`${u.id} would turn inside out or collapse`, at(d, ring[0]), { reason: 'collapse', values: { code: u.id } });
      }
    });
    for (let h = 1; h < poly.length; h++) {
      if (ringSide(xy, poly[h], poly[0]) < 0) throw new PlanError(`a hole of ${u.id} would leave its shell`, at(d, poly[h][0]), { reason: 'collapse', values: { code: u.id } });
    }
  }
  for (let i = 0; i < u.polygons.length; i++) {
    for (let j = 0; j < u.polygons.length; j++) {
      if (i === j) continue;
      const side = polygonSide(xy, u.polygons[j][0], u.polygons[i]);
      if (side > 0) throw new PlanError(`two parts of ${u.id} would overlap`, at(d, u.polygons[j][0][0]), { reason: 'self-touch', values: { code: u.id } });
    }
  }
}

/** Where ring r lies against ring s: 1 inside, −1 outside, 0 undecided (every vertex and edge middle on s). */
function ringSide(xy: Float64Array, r: Int32Array, s: Int32Array): number {
  for (let i = 0; i < r.length; i++) {
    const side = pointInRing(xy, s, xy[2 * r[i]], xy[2 * r[i] + 1]);
    if (side) return side;
  }
  for (let i = 0; i < r.length; i++) {
    const a = r[i], b = r[(i + 1) % r.length];
    const side = pointInRing(xy, s, (xy[2 * a] + xy[2 * b]) / 2, (xy[2 * a + 1] + xy[2 * b + 1]) / 2);
    if (side) return side;
  }
  return 0;
}

function polygonSide(xy: Float64Array, r: Int32Array, poly: readonly Int32Array[]): number {
  for (let i = 0; i < r.length; i++) {
    const side = pointInPolygon(xy, poly, xy[2 * r[i]], xy[2 * r[i] + 1]);
    if (side) return side;
  }
  return 0;
}

/** Edges of a unit as a set of undirected edge keys. */
function edgeSet(u: TopoUnit): Set<number> {
  const s = new Set<number>();
  for (const poly of u.polygons) for (const ring of poly) for (let i = 0; i < ring.length; i++) s.add(edgeKey(ring[i], ring[(i + 1) % ring.length]));
  return s;
}

/** Throws when some edge middle of `a` that is not a border of `b` lies strictly inside `b` (they overlap). */
function edgesInside(d: Draft, a: TopoUnit, b: TopoUnit, bEdges: Set<number>, mode: 'overlap' | 'within', region?: Box): void {
  const xy = d.xy;
  for (const poly of a.polygons) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i], q = ring[(i + 1) % ring.length];
        if (bEdges.has(edgeKey(p, q))) continue;
        if (region) {
          const px = xy[2 * p], py = xy[2 * p + 1], qx = xy[2 * q], qy = xy[2 * q + 1];
          if (Math.max(px, qx) < region[0] || Math.min(px, qx) > region[2] || Math.max(py, qy) < region[1] || Math.min(py, qy) > region[3]) continue;
        }
        const mx = (xy[2 * p] + xy[2 * q]) / 2, my = (xy[2 * p + 1] + xy[2 * q + 1]) / 2;
        const side = pointInUnit(xy, b, mx, my);
        if (mode === 'overlap' && side > 0) throw new PlanError(`${a.id} would overlap ${b.id}`, [mx, my], { reason: 'overlap', values: { code: a.id, other: b.id } });
        if (mode === 'within' && side < 0) throw new PlanError(`${a.id} would reach outside its grid ${b.id}`, [mx, my], { reason: 'outside-parent', values: { code: a.id, other: b.id } });
      }
    }
  }
}

/**
 * Micro-grids: each changed micro-grid stays inside its grid and off its siblings; each changed grid keeps its
 * micro-grids inside. `region` (optional) bounds where shapes changed (old and new places of moved vertices and
 * their neighbours): nothing outside it can have changed sides, so only edges meeting it are tested.
 */
export function checkContainment(d: Draft, ids: Iterable<string>, region?: Box): void {
  for (const id of ids) {
    const u = d.unit(id);
    if (!u) continue;
    const box = region ?? unitBbox(d.xy, u.polygons);
    if (u.layer === 'micro') {
      const parent = u.parent ? d.unit(u.parent) : undefined;
      if (parent) edgesInside(d, u, parent, edgeSet(parent), 'within', region);
      const uEdges = edgeSet(u);
      for (const n of draftUnitsInBox(d, box)) {
        if (n.id === u.id || n.layer !== 'micro' || n.parent !== u.parent) continue;
        edgesInside(d, n, u, uEdges, 'overlap', region);
        edgesInside(d, u, n, edgeSet(n), 'overlap', region);
      }
    } else if (u.layer === 'grid') {
      const uEdges = edgeSet(u);
      for (const m of draftUnitsInBox(d, box)) {
        if (m.layer === 'micro' && m.parent === u.id && !d.changed.has(m.id)) edgesInside(d, m, u, uEdges, 'within', region);
      }
    }
  }
}

/** The bbox of the edges' ends, before (base) and after (draft): where a reshaping can have changed anything. */
export function changedRegion(d: Draft, edges: Iterable<[number, number]>): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (xy: Float64Array, v: number) => {
    const x = xy[2 * v], y = xy[2 * v + 1];
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  };
  for (const [a, b] of edges) {
    for (const v of [a, b]) {
      add(d.xy, v);
      if (v < d.base.vertexCount) add(d.base.xy, v);
    }
  }
  return box;
}
