/**
 * The offline base map (basemap.geojson): roads along lattice lines, the river line and its water band, a pond or
 * two, landuse per parcel and building footprints. Roads reuse the grid edges' vertex arrays, so grid borders lie
 * exactly on them.
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { Rng } from '../../domain/random';
import type { BasemapFC, BasemapProps } from '../../domain/types';
import type { Model } from './model';
import { type Lattice, directedFrom, directedTo, hEdge, vEdge, vertexXY } from './lattice';
import { ROAD_MAIN } from './layout';
import { type EdgeGeometry } from './rings';
import { type DesignToLonLat, densify, rectRing } from './warp';
import { inset } from './parcels';
import { roadNames } from './names';

export interface BasemapOptions {
  /** Half-width of the river's water band (m). Default 15: less than the 20 m parcel margin. */
  riverHalfWidth?: number;
  /** Ponds in green parcels. Default 2. */
  ponds?: number;
}

const CLASS_NAMES = ['', 'minor', 'secondary', 'main'];

/**
 * All base-map features: water first, then landuse, buildings and roads (the drawing order a style wants).
 * @example basemapFC(model, rng, toMap, edges).features.some((f) => f.properties.kind === 'river')
 */
export function basemapFC(model: Model, rng: Rng, toMap: DesignToLonLat, edges: EdgeGeometry, options: BasemapOptions = {}): BasemapFC {
  const { riverHalfWidth = 15, ponds = 2 } = options;
  const { L, river, roadClass, lineClassX, lineClassY } = model.layout;
  const out: Feature<Geometry, BasemapProps>[] = [];
  const add = (geometry: Geometry, props: BasemapProps): void => {
    out.push({ type: 'Feature', properties: props, geometry });
  };
  const riverName = rng.pick(['盐嘉塘', '海盐塘', '长山河', '白洋河']);
  add({ type: 'Polygon', coordinates: [riverBand(L, river.chain, riverHalfWidth, toMap)] }, { kind: 'water', name: riverName });
  add({ type: 'LineString', coordinates: edges.path(river.chain) }, { kind: 'river', name: riverName });
  const greens = model.parcels.filter((p) => p.use === 'green' && Math.min(p.rect[2] - p.rect[0], p.rect[3] - p.rect[1]) > 60);
  for (let k = 0; k < ponds && greens.length; k++) {
    const p = greens.splice(rng.int(0, greens.length - 1), 1)[0];
    add({ type: 'Polygon', coordinates: [ellipse(inset(p.rect, 12), toMap)] }, { kind: 'water', name: `${rng.pick(['荷花', '月亮', '镜湖', '东'])}池` });
  }
  for (const p of model.parcels) {
    const cls = p.use === 'micro' ? 'industrial' : p.use;
    add({ type: 'Polygon', coordinates: [rectRing(toMap, p.rect, 25)] }, { kind: 'landuse', class: cls });
  }
  for (const p of model.parcels) {
    for (const b of p.buildings) add({ type: 'Polygon', coordinates: [rectRing(toMap, b, 25)] }, { kind: 'building' });
  }
  // One feature per run of equal-class road edges along each lattice line.
  const names = roadNames(rng, L.nx + L.ny + 2);
  const namesX = names.slice(0, L.nx + 1);
  const namesY = names.slice(L.nx + 1);
  const suffix = (cls: number): string => (cls === ROAD_MAIN ? '大道' : '路');
  const runs = (count: number, edgeAt: (k: number) => number, cls: number, name: string): void => {
    let run: number[] = [];
    const flush = (): void => {
      if (run.length) add({ type: 'LineString', coordinates: edges.path(run) }, { kind: 'road', name, class: CLASS_NAMES[cls] });
      run = [];
    };
    for (let k = 0; k < count; k++) {
      const e = edgeAt(k);
      if (roadClass[e]) run.push(e * 2);
      else flush();
    }
    flush();
  };
  for (let i = 0; i <= L.nx; i++) runs(L.ny, (j) => vEdge(L, i, j), lineClassX[i], `${namesX[i]}${suffix(lineClassX[i])}`);
  for (let j = 0; j <= L.ny; j++) runs(L.nx, (i) => hEdge(L, i, j), lineClassY[j], `${namesY[j]}${suffix(lineClassY[j])}`);
  return { type: 'FeatureCollection', features: out };
}

// The water band: the river's rectilinear chain offset to both sides (mitred corners), as one ring.
function riverBand(L: Lattice, chain: number[], hw: number, toMap: DesignToLonLat): Position[] {
  const pts = [vertexXY(L, directedFrom(L, chain[0])), ...chain.map((d) => vertexXY(L, directedTo(L, d)))];
  // Drop collinear joints so only the bends remain.
  const bends = pts.filter((p, k) => {
    if (k === 0 || k === pts.length - 1) return true;
    const a = pts[k - 1];
    const b = pts[k + 1];
    return (p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]) !== 0;
  });
  const side = (s: number): [number, number][] =>
    bends.map((p, k) => {
      // Unit normals of the segments before and after; the mitre of two perpendicular normals is their sum.
      const n = (a: [number, number], b: [number, number]): [number, number] => {
        const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        return [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
      };
      const before = k > 0 ? n(bends[k - 1], p) : null;
      const after = k < bends.length - 1 ? n(p, bends[k + 1]) : null;
      const m: [number, number] = before && after ? [before[0] + after[0], before[1] + after[1]] : (before ?? after) as [number, number];
      return [p[0] + s * hw * m[0], p[1] + s * hw * m[1]];
    });
  // Counter-clockwise: the right-hand (south) side west→east, then the left-hand side east→west.
  const outline = [...side(-1), ...side(1).reverse()];
  const ring: Position[] = [];
  for (let k = 0; k < outline.length; k++) {
    const [a, b] = [outline[k], outline[(k + 1) % outline.length]];
    ring.push(...densify(toMap, a[0], a[1], b[0], b[1], 25).slice(0, -1));
  }
  ring.push(ring[0]);
  return ring;
}

function ellipse(r: [number, number, number, number], toMap: DesignToLonLat): Position[] {
  const cx = (r[0] + r[2]) / 2;
  const cy = (r[1] + r[3]) / 2;
  const ax = (r[2] - r[0]) / 2;
  const ay = (r[3] - r[1]) / 2;
  const ring: Position[] = [];
  for (let k = 0; k < 32; k++) ring.push(toMap(cx + ax * Math.cos((k * Math.PI) / 16), cy + ay * Math.sin((k * Math.PI) / 16)));
  ring.push(ring[0]);
  return ring;
}
