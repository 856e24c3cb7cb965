/**
 * Seeded test datasets for the GEOS reference tests: a jittered lattice of quads with shared vertices, grouped
 * into communities and grids (every border runs through the same lattice vertices), inset micro-grids, and
 * seeded defects injected on top. Built in local metres, handed out in WGS84 like real data.
 */
import type { Feature, Polygon, Position } from 'geojson';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../src/domain/types';
import { localProjection } from '../../src/geo/projection';

export interface CoverageDataset {
  communities: Feature<Areal, CommunityProps>[];
  grids: Feature<Areal, GridProps>[];
  microGrids: Feature<Areal, MicroGridProps>[];
}

/** mulberry32: small, fast, good enough for test data. @example const r = rng(7); r() // 0 ≤ x < 1 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TilingOptions {
  /** Communities across and down. Default [2, 2]. */
  communities?: [number, number];
  /** Grids per community side. Default 3. */
  grids?: number;
  /** Lattice cells per grid side. Default 2. */
  cells?: number;
  /** Cell size in metres. Default 100. */
  cell?: number;
  /** Vertex jitter as a share of the cell size. Default 0.2. */
  jitter?: number;
  /** [lon, lat] of the lattice origin. Default [121, 30.6]. */
  origin?: [number, number];
}

type XY = [number, number];
interface LocalUnit<P> {
  props: P;
  rings: XY[][];
}

/** A dataset in local metres; `toWgs84` hands it out in longitude/latitude. */
export interface LocalDataset {
  communities: LocalUnit<CommunityProps>[];
  grids: LocalUnit<GridProps>[];
  microGrids: LocalUnit<MicroGridProps>[];
  cell: number;
  origin: [number, number];
}

const pad = (n: number) => String(n).padStart(3, '0');

/**
 * A perfect coverage: no overlap, no gap, every shared border with the same vertices on both sides.
 * @example makeTiling(1).grids.length // 36 with the defaults
 */
export function makeTiling(seed: number, options: TilingOptions = {}): LocalDataset {
  const [cw, ch] = options.communities ?? [2, 2];
  const k = options.grids ?? 3;
  const c = options.cells ?? 2;
  const cell = options.cell ?? 100;
  const jitter = (options.jitter ?? 0.2) * cell;
  const random = rng(seed);
  const nx = cw * k * c;
  const ny = ch * k * c;
  // Lattice vertices; the outer frame stays straight so communities keep a clean outline.
  const vx: number[][] = [];
  const vy: number[][] = [];
  for (let i = 0; i <= nx; i++) {
    vx.push([]);
    vy.push([]);
    for (let j = 0; j <= ny; j++) {
      const edge = i === 0 || j === 0 || i === nx || j === ny;
      vx[i].push(i * cell + (edge ? 0 : (random() * 2 - 1) * jitter));
      vy[i].push(j * cell + (edge ? 0 : (random() * 2 - 1) * jitter));
    }
  }
  const at = (i: number, j: number): XY => [vx[i][j], vy[i][j]];
  /** Counter-clockwise ring around the block of cells [i0, i1) × [j0, j1), through every lattice vertex. */
  const blockRing = (i0: number, j0: number, i1: number, j1: number): XY[] => {
    const r: XY[] = [];
    for (let i = i0; i < i1; i++) r.push(at(i, j0));
    for (let j = j0; j < j1; j++) r.push(at(i1, j));
    for (let i = i1; i > i0; i--) r.push(at(i, j1));
    for (let j = j1; j > j0; j--) r.push(at(i0, j));
    r.push(r[0]);
    return r;
  };
  const lerp = (a: XY, b: XY, t: number): XY => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

  const out: LocalDataset = {
    communities: [],
    grids: [],
    microGrids: [],
    cell,
    origin: options.origin ?? [121, 30.6],
  };
  let ci = 0;
  for (let a = 0; a < cw; a++) {
    for (let b = 0; b < ch; b++) {
      const cc = `330424${pad(1 + Math.floor(ci / 999))}${pad(1 + (ci % 999))}`;
      ci++;
      out.communities.push({
        props: { code: cc, name: `社区${ci}` },
        rings: [blockRing(a * k * c, b * k * c, (a + 1) * k * c, (b + 1) * k * c)],
      });
      let gi = 0;
      for (let p = 0; p < k; p++) {
        for (let q = 0; q < k; q++) {
          const gc = cc + pad(++gi);
          const i0 = (a * k + p) * c;
          const j0 = (b * k + q) * c;
          out.grids.push({
            props: { code: gc, name: `网格${gi}`, communityCode: cc },
            rings: [blockRing(i0, j0, i0 + c, j0 + c)],
          });
          // One inset micro-grid per cell: a quad pulled 20–30 % towards the cell's centre.
          let mi = 0;
          for (let u = 0; u < c; u++) {
            for (let v = 0; v < c; v++) {
              const corners = [
                at(i0 + u, j0 + v),
                at(i0 + u + 1, j0 + v),
                at(i0 + u + 1, j0 + v + 1),
                at(i0 + u, j0 + v + 1),
              ];
              const mid: XY = [
                corners.reduce((s, p) => s + p[0], 0) / 4,
                corners.reduce((s, p) => s + p[1], 0) / 4,
              ];
              const t = 0.2 + random() * 0.1;
              const ring = corners.map((p) => lerp(p, mid, t));
              ring.push(ring[0]);
              out.microGrids.push({ props: { code: gc + pad(++mi), gridCode: gc }, rings: [ring] });
            }
          }
        }
      }
    }
  }
  return out;
}

export type DefectKind = 'move-vertex' | 'shift-grid' | 'delete-grid' | 'enlarge-micro';

export interface Defect {
  kind: DefectKind;
  code: string;
  detail: string;
}

/**
 * Injects `count` seeded defects (a new dataset; the input is left alone): a grid vertex moved (overlap with
 * some neighbours, gap with others), a whole grid shifted, a grid deleted (a hole), a micro-grid enlarged (overlap
 * with a sibling and/or leaving its grid).
 * @example injectDefects(makeTiling(1), 2, 4).defects.length // 4
 */
export function injectDefects(
  ds: LocalDataset,
  seed: number,
  count: number,
  kinds?: DefectKind[],
): { dataset: LocalDataset; defects: Defect[] } {
  const random = rng(seed ^ 0x9e3779b9);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const copy = <P>(u: LocalUnit<P>): LocalUnit<P> => ({
    props: u.props,
    rings: u.rings.map((r) => r.map((p) => [p[0], p[1]] as XY)),
  });
  const dataset: LocalDataset = {
    ...ds,
    communities: ds.communities.map(copy),
    grids: ds.grids.map(copy),
    microGrids: ds.microGrids.map(copy),
  };
  const all: DefectKind[] = kinds ?? ['move-vertex', 'shift-grid', 'delete-grid', 'enlarge-micro'];
  const defects: Defect[] = [];
  const touched = new Set<string>();
  const cell = ds.cell;
  for (let n = 0; n < count; n++) {
    const kind = pick(all);
    if (kind === 'enlarge-micro') {
      const m = pick(dataset.microGrids.filter((u) => !touched.has(u.props.code)));
      const ring = m.rings[0];
      const cx = ring.slice(0, -1).reduce((s, p) => s + p[0], 0) / (ring.length - 1);
      const cy = ring.slice(0, -1).reduce((s, p) => s + p[1], 0) / (ring.length - 1);
      const f = 1.6 + random() * 0.8;
      m.rings = [ring.map((p) => [cx + (p[0] - cx) * f, cy + (p[1] - cy) * f] as XY)];
      touched.add(m.props.code);
      defects.push({ kind, code: m.props.code, detail: `scaled ×${f.toFixed(2)}` });
      continue;
    }
    const candidates = dataset.grids.filter((g) => !touched.has(g.props.code));
    const g = pick(candidates);
    touched.add(g.props.code);
    if (kind === 'delete-grid') {
      dataset.grids = dataset.grids.filter((u) => u !== g);
      // Its micro-grids go with it (they would have no grid to be checked against).
      dataset.microGrids = dataset.microGrids.filter((m) => m.props.gridCode !== g.props.code);
      defects.push({ kind, code: g.props.code, detail: 'deleted' });
    } else if (kind === 'shift-grid') {
      const dx = (random() < 0.5 ? -1 : 1) * (0.05 + random() * 0.15) * cell;
      const dy = (random() < 0.5 ? -1 : 1) * (0.05 + random() * 0.15) * cell;
      g.rings = g.rings.map((r) => r.map((p) => [p[0] + dx, p[1] + dy] as XY));
      defects.push({ kind, code: g.props.code, detail: `shifted by (${dx.toFixed(1)}, ${dy.toFixed(1)}) m` });
    } else {
      const ring = g.rings[0];
      const i = Math.floor(random() * (ring.length - 1));
      const angle = random() * 2 * Math.PI;
      const len = (0.1 + random() * 0.1) * cell;
      const moved: XY = [ring[i][0] + len * Math.cos(angle), ring[i][1] + len * Math.sin(angle)];
      ring[i] = moved;
      if (i === 0) ring[ring.length - 1] = moved;
      defects.push({ kind, code: g.props.code, detail: `vertex ${i} moved ${len.toFixed(1)} m` });
    }
  }
  return { dataset, defects };
}

/** The dataset in WGS84 (the lattice origin at `origin`). */
export function toWgs84(ds: LocalDataset): CoverageDataset {
  const proj = localProjection(ds.origin);
  const geometry = (rings: XY[][]): Polygon => ({
    type: 'Polygon',
    coordinates: rings.map((r) => r.map((p): Position => proj.toLonLat(p))),
  });
  const feature = <P>(u: LocalUnit<P>): Feature<Areal, P> => ({
    type: 'Feature',
    properties: u.props,
    geometry: geometry(u.rings),
  });
  return {
    communities: ds.communities.map(feature),
    grids: ds.grids.map(feature),
    microGrids: ds.microGrids.map(feature),
  };
}

/**
 * A WGS84 dataset (Polygon units only) in local metres around `origin`, so `injectDefects` can work on it.
 * `cell` sets the size of the injected defects (shifts of 5–20 % of it, vertex moves of 10–20 %).
 * @example injectDefects(fromWgs84(generated, [121, 30.6], 100), 3, 4)
 */
export function fromWgs84(ds: CoverageDataset, origin: [number, number], cell: number): LocalDataset {
  const proj = localProjection(origin);
  const unit = <P>(f: Feature<Areal, P>): LocalUnit<P> => {
    if (f.geometry.type !== 'Polygon') throw new Error('fromWgs84 handles Polygon units only');
    return { props: f.properties, rings: f.geometry.coordinates.map((r) => r.map((p) => proj.toLocal(p))) };
  };
  return {
    communities: ds.communities.map(unit),
    grids: ds.grids.map(unit),
    microGrids: ds.microGrids.map(unit),
    cell,
    origin,
  };
}
