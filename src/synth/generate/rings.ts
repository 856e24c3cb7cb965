/**
 * Topological union: the boundary of a set of lattice cells as one ring of directed lattice edges. Each cell gives
 * its four edges counter-clockwise; an edge shared by two cells of the set cancels; what is left is chained head to
 * tail. Because neighbouring regions use the same lattice edges and the same densified points per edge, grids tile
 * their community exactly and share identical vertices along every common border.
 */
import type { Position } from 'geojson';
import { type Lattice, cellDirectedEdges, directedFrom, directedTo, edgeVertices, vertexXY } from './lattice';
import { type DesignToLonLat, densify } from './warp';

/**
 * The boundary ring of a disk-shaped cell set, as directed edges (counter-clockwise). Throws if the set is not a
 * single disk (regions.ts guarantees it is).
 * @example regionRing(L, [0, 1]) // 6 directed edges
 */
export function regionRing(L: Lattice, cells: Iterable<number>): number[] {
  const byEdge = new Map<number, number>();
  for (const c of cells) {
    for (const d of cellDirectedEdges(L, c)) {
      const e = d >> 1;
      if (byEdge.has(e)) byEdge.delete(e);
      else byEdge.set(e, d);
    }
  }
  const next = new Map<number, number>();
  let start = Infinity;
  for (const d of byEdge.values()) {
    const from = directedFrom(L, d);
    if (next.has(from)) throw new Error(`region boundary touches itself at vertex ${from}`);
    next.set(from, d);
    start = Math.min(start, from);
  }
  const ring: number[] = [];
  let v = start;
  do {
    const d = next.get(v);
    if (d === undefined) throw new Error(`region boundary is open at vertex ${v}`);
    ring.push(d);
    v = directedTo(L, d);
  } while (v !== start);
  if (ring.length !== next.size) throw new Error('region has more than one boundary ring (a hole?)');
  return ring;
}

/**
 * Densified, mapped coordinates per lattice edge, computed once so every feature that uses an edge (grid,
 * community, road, patrol) gets the very same vertex array.
 */
export class EdgeGeometry {
  private readonly cache = new Map<number, Position[]>();
  constructor(
    private readonly L: Lattice,
    private readonly toMap: DesignToLonLat,
    /** Point spacing along edges (m). */
    private readonly step = 25,
  ) {}

  /** Canonical-direction coordinates of edge e (both ends included). */
  edge(e: number): Position[] {
    let pts = this.cache.get(e);
    if (!pts) {
      const [a, b] = edgeVertices(this.L, e);
      const [x0, y0] = vertexXY(this.L, a);
      const [x1, y1] = vertexXY(this.L, b);
      pts = densify(this.toMap, x0, y0, x1, y1, this.step);
      this.cache.set(e, pts);
    }
    return pts;
  }

  /** Coordinates of a directed edge in its direction of travel. */
  directed(d: number): Position[] {
    const pts = this.edge(d >> 1);
    return d & 1 ? pts.slice().reverse() : pts;
  }

  /** A closed ring (first point repeated at the end) from a chain of directed edges. */
  ring(chain: readonly number[]): Position[] {
    const out = this.path(chain);
    out[out.length - 1] = out[0];
    return out;
  }

  /** An open path from a chain of directed edges (shared joints not repeated). */
  path(chain: readonly number[]): Position[] {
    const out: Position[] = [];
    chain.forEach((d, k) => {
      const pts = this.directed(d);
      for (let m = k === 0 ? 0 : 1; m < pts.length; m++) out.push(pts[m]);
    });
    return out;
  }
}
