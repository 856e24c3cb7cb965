/**
 * The vertices of a coverage snapshot and the units that use each one. The topology writes a shared vertex with
 * exactly the same numbers in every unit (issue 11), so "the same vertex" is "the same position, bit for bit".
 * The editor reads this to draw vertex handles, to preview a dragged vertex in every unit that shares it, and to
 * find a shared border between two junctions (the segment tool).
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { LonLat } from '../../domain/plan/types';

type Areal = Polygon | MultiPolygon;

/** One unit with its rings (GeoJSON rings: closed, first position repeated last). */
interface UnitRings {
  code: string;
  rings: Position[][];
}

export interface CoverageVertices {
  /** Every distinct vertex, once. */
  readonly points: LonLat[];
  /** Codes of the units using each vertex, by `key(point)`. */
  readonly users: Map<string, string[]>;
  /** The units indexed, by code. */
  readonly units: Map<string, UnitRings>;
}

/** The map key of a position. */
export function vertexKey(p: readonly number[]): string {
  return `${p[0]},${p[1]}`;
}

function ringsOf(geometry: Areal): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/**
 * The vertex keys of each ring (closing position left out), per geometry object. Geometries are never changed in
 * place (every operation makes new ones), so after an operation only the units it touched are keyed again.
 */
const ringKeys = new WeakMap<Areal, string[][]>();
function keysOf(geometry: Areal, rings: Position[][]): string[][] {
  let keys = ringKeys.get(geometry);
  if (!keys) {
    keys = rings.map((ring) => ring.slice(0, -1).map(vertexKey));
    ringKeys.set(geometry, keys);
  }
  return keys;
}

/**
 * Indexes the vertices of `features` (grids and micro-grids together: a grid's border is also its micro-grids').
 * @example const v = coverageVertices([...snapshot.grids.features, ...snapshot.microGrids.features])
 */
export function coverageVertices(features: readonly Feature<Areal, { code: string }>[]): CoverageVertices {
  const users = new Map<string, string[]>();
  const points: LonLat[] = [];
  const units = new Map<string, UnitRings>();
  for (const f of features) {
    if (!f.geometry) continue;
    const code = f.properties.code;
    const rings = ringsOf(f.geometry);
    units.set(code, { code, rings });
    const keys = keysOf(f.geometry, rings);
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      for (let i = 0; i < ring.length - 1; i++) {
        const key = keys[r][i];
        let list = users.get(key);
        if (!list) {
          list = [];
          users.set(key, list);
          points.push([ring[i][0], ring[i][1]]);
        }
        if (list[list.length - 1] !== code && !list.includes(code)) list.push(code);
      }
    }
  }
  return { points, users, units };
}

/**
 * `geometry` with every position equal to `from` moved to `to` (a ring's closing position included). A new object;
 * the input is not changed.
 * @example moveVertexIn(grid.geometry, [121.01, 30.6], [121.0102, 30.6001])
 */
export function moveVertexIn<G extends Areal>(geometry: G, moves: ReadonlyMap<string, LonLat>): G {
  const move = (p: Position): Position => moves.get(vertexKey(p)) ?? p;
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map((r) => r.map(move)) };
  return { ...geometry, coordinates: (geometry as MultiPolygon).coordinates.map((poly) => poly.map((r) => r.map(move))) } as G;
}

/** The codes of units using any of `points`. */
export function unitsUsing(v: CoverageVertices, points: readonly LonLat[]): string[] {
  const out = new Set<string>();
  for (const p of points) for (const c of v.users.get(vertexKey(p)) ?? []) out.add(c);
  return [...out];
}

function sameSet(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return !!a && a.length === b.length && a.every((c) => b.includes(c));
}

/** How many distinct vertices are joined to `p` by an edge of any unit using it. */
function degree(v: CoverageVertices, p: Position): number {
  const key = vertexKey(p);
  const seen = new Set<string>();
  for (const code of v.users.get(key) ?? []) {
    for (const ring of v.units.get(code)?.rings ?? []) {
      const n = ring.length - 1;
      for (let i = 0; i < n; i++) {
        if (vertexKey(ring[i]) !== key) continue;
        seen.add(vertexKey(ring[(i + 1) % n]));
        seen.add(vertexKey(ring[(i + n - 1) % n]));
      }
    }
  }
  return seen.size;
}

/**
 * The shared border that runs through edge `a`–`b`: the vertices strictly between the two junctions at its ends
 * (a junction being a vertex whose users differ from the edge's, or where more than two edges meet: the border
 * reaching the outside of the coverage). Dragging these moves the border and leaves its
 * junctions, and every other unit, where they are. Empty when the edge runs straight from junction to junction.
 * @example borderInterior(v, [121.01, 30.6], [121.011, 30.6]) // [[121.0105, 30.6002], …]
 */
export function borderInterior(v: CoverageVertices, a: LonLat, b: LonLat): LonLat[] {
  const ua = v.users.get(vertexKey(a)) ?? [];
  const ub = v.users.get(vertexKey(b)) ?? [];
  const edgeUsers = ua.filter((c) => ub.includes(c));
  // Walk one ring that holds the edge (any of the edge's users' rings does: the border is the same in all of them).
  for (const code of edgeUsers) {
    const unit = v.units.get(code);
    if (!unit) continue;
    for (const ring of unit.rings) {
      const n = ring.length - 1;
      for (let i = 0; i < n; i++) {
        const p = ring[i];
        const q = ring[(i + 1) % n];
        const forward = p[0] === a[0] && p[1] === a[1] && q[0] === b[0] && q[1] === b[1];
        const backward = p[0] === b[0] && p[1] === b[1] && q[0] === a[0] && q[1] === a[1];
        if (!forward && !backward) continue;
        const interior = (k: number) => {
          const r = ring[((k % n) + n) % n];
          return sameSet(v.users.get(vertexKey(r)), edgeUsers) && degree(v, r) === 2;
        };
        // Extend from edge (i, i+1) backwards and forwards while vertices are interior; stop after a full turn
        // (a unit whose whole ring is this border: an island, no junction at all).
        const out: LonLat[] = [];
        let start = i;
        while (interior(start) && i - start < n) start--;
        let end = i + 1;
        while (interior(end) && end - i < n) end++;
        for (let k = start + 1; k < end && out.length < n; k++) {
          const r = ring[((k % n) + n) % n];
          out.push([r[0], r[1]]);
        }
        return out;
      }
    }
  }
  return [];
}
