/**
 * Building the topology from a dataset's in-force communities, grids and micro-grids: vertices within `snapM` become
 * one, and a vertex lying on another ring's edge (within `snapM`) is inserted into that edge, so neighbours share
 * every vertex of the border they share (the input's T-junctions are noded).
 */
import Flatbush from 'flatbush';
import type { Feature, Position } from 'geojson';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../domain/types';
import { PlanError } from '../../domain/plan/types';
import { TOPOLOGY_SNAP_M } from '../../domain/rules';
import { isActive } from '../../domain/lineage';
import { metresPerDegreeAt } from '../projection';
import { communityOfGrid } from '../coverage/validate-coverage';
import { ringArea2, segmentDistance2, unitBbox } from './geom';
import type { Topology, TopoLayer, TopoUnit } from './types';
import { UnitMap } from './unit-map';

export interface TopologyInput {
  communities: Feature<Areal, CommunityProps>[];
  grids: Feature<Areal, GridProps>[];
  microGrids: Feature<Areal, MicroGridProps>[];
}

export interface TopologyOptions {
  /** Vertices closer than this many metres are one (default TOPOLOGY_SNAP_M, 1 cm). */
  snapM?: number;
  /** When given (epoch ms), grids and micro-grids not in force then are left out; otherwise all given are taken. */
  asOf?: number;
}

interface RawUnit {
  id: string;
  layer: TopoLayer;
  parent: string | null;
  polygons: number[][][];
}

/**
 * The topology of the in-force units (ids are codes).
 * @example const t = buildTopology({ communities, grids, microGrids })
 */
export function buildTopology(input: TopologyInput, options: TopologyOptions = {}): Topology {
  const snapM = options.snapM ?? TOPOLOGY_SNAP_M;
  if (!(snapM > 0)) throw new PlanError(`buildTopology: snapM must be a positive number of metres, got ${snapM}`, undefined, { reason: 'internal' });
  const keep = <F extends Feature<Areal, GridProps | MicroGridProps>>(fs: F[]) =>
    options.asOf === undefined ? fs : fs.filter((f) => isActive(f.properties, options.asOf!));
  const grids = keep(input.grids);
  const micros = keep(input.microGrids);
  const communityCodes = new Set(input.communities.map((c) => c.properties.code));

  // The centre of everything, for metres per degree.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const all: [Feature<Areal>, TopoLayer][] = [
    ...input.communities.map((f) => [f, 'community'] as [Feature<Areal>, TopoLayer]),
    ...grids.map((f) => [f, 'grid'] as [Feature<Areal>, TopoLayer]),
    ...micros.map((f) => [f, 'micro'] as [Feature<Areal>, TopoLayer]),
  ];
  for (const [f, layer] of all) {
    const code = (f.properties as { code?: unknown } | null)?.code;
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      throw new PlanError(`buildTopology: ${layer} ${String(code)} has no Polygon or MultiPolygon geometry`, undefined, { reason: 'bad-geometry', values: { code: String(code) } });
    }
    for (const poly of polygonsOf(g)) {
      for (const ring of poly) {
        for (const p of ring) {
          if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
            throw new PlanError(`buildTopology: ${layer} ${String(code)} has a coordinate that is not a number`, undefined, { reason: 'bad-geometry', values: { code: String(code) } });
          }
          if (p[0] < minX) minX = p[0];
          if (p[0] > maxX) maxX = p[0];
          if (p[1] < minY) minY = p[1];
          if (p[1] > maxY) maxY = p[1];
        }
      }
    }
  }
  const mpd = all.length ? metresPerDegreeAt((minY + maxY) / 2) : [1, 1];
  const kx = mpd[0], ky = mpd[1];

  // Vertices: a hash of snap-sized cells; a coordinate within snapM of a vertex already seen is that vertex.
  const xs: number[] = [];
  const cells = new Map<number, number[]>();
  const snap2 = snapM * snapM;
  const cellOf = (x: number, y: number): [number, number] => [
    Math.floor(((x - minX) * kx) / snapM),
    Math.floor(((y - minY) * ky) / snapM),
  ];
  const CELL_ROW = 2 ** 26;
  const vertexAt = (p: Position): number => {
    const [cx, cy] = cellOf(p[0], p[1]);
    let best = -1;
    let bestD = snap2;
    for (let i = -1; i <= 1; i++) {
      for (let j = -1; j <= 1; j++) {
        const list = cells.get((cx + i) * CELL_ROW + (cy + j));
        if (!list) continue;
        for (const v of list) {
          const dx = (xs[2 * v] - p[0]) * kx, dy = (xs[2 * v + 1] - p[1]) * ky;
          const d = dx * dx + dy * dy;
          if (d < bestD || (d === 0 && best < 0)) {
            best = v;
            bestD = d;
          }
        }
      }
    }
    if (best >= 0) return best;
    const v = xs.length / 2;
    xs.push(p[0], p[1]);
    const key = cx * CELL_ROW + cy;
    const list = cells.get(key);
    if (list) list.push(v);
    else cells.set(key, [v]);
    return v;
  };

  const raw: RawUnit[] = [];
  const seen = new Map<string, TopoLayer>();
  for (const [f, layer] of all) {
    const props = f.properties as CommunityProps & Partial<GridProps & MicroGridProps>;
    const id = props?.code;
    if (typeof id !== 'string' || !id) throw new PlanError(`buildTopology: a ${layer} has no code`, undefined, { reason: 'bad-op' });
    if (seen.has(id)) throw new PlanError(`buildTopology: code ${id} names two units (${seen.get(id)} and ${layer})`, undefined, { reason: 'duplicate-code', values: { code: id } });
    seen.set(id, layer);
    const parent =
      layer === 'community' ? null : layer === 'grid' ? communityOfGrid(props as GridProps, communityCodes) : (props.gridCode ?? null);
    const polygons: number[][][] = [];
    for (const poly of polygonsOf(f.geometry)) {
      // A shell of fewer than 3 distinct vertices drops its polygon; such a hole is dropped alone.
      const rings = poly.map((ring) => cleanRing(ring.map(vertexAt)));
      if (rings.length && rings[0].length >= 3) polygons.push(rings.filter((r) => r.length >= 3));
    }
    if (!polygons.length) throw new PlanError(`buildTopology: ${layer} ${id} has no ring of 3 or more distinct vertices`, undefined, { reason: 'bad-geometry', values: { code: id } });
    raw.push({ id, layer, parent, polygons });
  }

  const vertexCount = xs.length / 2;
  const xy = new Float64Array(Math.max(xs.length, 2));
  xy.set(xs);
  node(raw, xy, vertexCount, kx, ky, snapM);

  const units = new Map<string, TopoUnit>();
  for (const r of raw) {
    const polygons = r.polygons.map((poly) =>
      poly.map((ring, k) => {
        const a = ringArea2(xy, ring);
        // RFC 7946: shells counter-clockwise, holes clockwise.
        const ok = k === 0 ? a > 0 : a < 0;
        return Int32Array.from(ok ? ring : ring.reverse());
      }),
    );
    units.set(r.id, { id: r.id, layer: r.layer, parent: r.parent, polygons, bbox: unitBbox(xy, polygons) });
  }
  return { xy, vertexCount, units: UnitMap.of(units.values()), snapM, metresPerDegree: [kx, ky] };
}

function polygonsOf(g: Areal): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Drops repeated consecutive ids and the closing repeat. */
function cleanRing(ids: number[]): number[] {
  const out: number[] = [];
  for (const v of ids) if (out[out.length - 1] !== v) out.push(v);
  while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out;
}

/**
 * Inserts into every edge the vertices lying within snapM of its interior (T-junctions), in order along the edge,
 * for every ring that has the edge (either direction).
 */
function node(raw: RawUnit[], xy: Float64Array, n: number, kx: number, ky: number, snapM: number): void {
  if (!n) return;
  const points = new Flatbush(n);
  for (let v = 0; v < n; v++) points.add(xy[2 * v], xy[2 * v + 1], xy[2 * v], xy[2 * v + 1]);
  points.finish();
  const dx = snapM / kx, dy = snapM / ky, snap2 = snapM * snapM;
  const inserts = new Map<number, number[]>(); // edge key (min, max) → vertices in order from min to max
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  for (const r of raw) {
    for (const poly of r.polygons) {
      for (const ring of poly) {
        for (let i = 0; i < ring.length; i++) {
          const a = Math.min(ring[i], ring[(i + 1) % ring.length]);
          const b = Math.max(ring[i], ring[(i + 1) % ring.length]);
          const k = key(a, b);
          if (inserts.has(k)) continue;
          const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
          const found: [number, number][] = [];
          for (const v of points.search(Math.min(ax, bx) - dx, Math.min(ay, by) - dy, Math.max(ax, bx) + dx, Math.max(ay, by) + dy)) {
            if (v === a || v === b) continue;
            const { d2, s } = segmentDistance2(kx, ky, xy[2 * v], xy[2 * v + 1], ax, ay, bx, by);
            if (d2 < snap2 && s > 0 && s < 1) found.push([s, v]);
          }
          found.sort((p, q) => p[0] - q[0]);
          inserts.set(k, found.map((f) => f[1]));
        }
      }
    }
  }
  for (const r of raw) {
    r.polygons = r.polygons.map((poly) =>
      poly.map((ring) => {
        const out: number[] = [];
        for (let i = 0; i < ring.length; i++) {
          const a = ring[i], b = ring[(i + 1) % ring.length];
          out.push(a);
          const mid = inserts.get(key(a, b));
          if (mid?.length) out.push(...(a < b ? mid : [...mid].reverse()));
        }
        return cleanRing(out);
      }),
    );
  }
}
