/**
 * The hotspot benchmark's data and routes, shared by hotspots.bench.ts (Vitest bench) and hotspots-report.ts (a
 * plain script for README figures):
 * - data: seeded, county-sized (25 × 20 km around 121.0°E 30.6°N), incidents in a few clusters of different widths
 *   over a uniform background, enterprises clustered in industrial zones, the county boundary as a rectangle;
 * - ours: hexBin of incidents and enterprises, the study area (boundary cells ∪ occupied cells), Gi* ('expected');
 * - naive: each point located by Turf point-in-polygon against hexagon polygons from a flatbush bbox search, the
 *   study area by point-in-polygon per cell centre, and Gi* with neighbours found by scanning all cells (O(n²));
 * - re-aggregation after a filter: hexCount over cellOf + Gi*, against re-binning the selected points from scratch.
 * Every route ends with the same z-scores, so they do the same job.
 */
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Polygon } from 'geojson';
import { createRng } from '../../src/domain/random';
import {
  hexBin,
  hexCount,
  hexCover,
  hexGrid,
  hexPolygon,
  hexUnion,
  type HexBins,
  type HexCells,
} from '../../src/geo/hexbin';
import { giBin, hotspots, pValue, type HotspotResult } from '../../src/geo/hotspots';

export const CENTER: [number, number] = [121.0, 30.6];

// The centre of cell (q, r) in axial coordinates (pointy-top, sizeM between adjacent centres).
function hexCenter(q: number, r: number, grid: ReturnType<typeof hexGrid>): [number, number] {
  const [kx, ky] = grid.metresPerDegree;
  return [
    grid.center[0] + (grid.sizeM * (q + r / 2)) / kx,
    grid.center[1] + (grid.sizeM * (Math.sqrt(3) / 2) * r) / ky,
  ];
}

export interface HotspotBenchData {
  lon: Float64Array;
  lat: Float64Array;
  elon: Float64Array;
  elat: Float64Array;
  boundary: Polygon;
  /** Half the incidents (a category filter, say), 1 = selected. */
  mask: Uint8Array;
}

/** Seeded county data: `n` incidents (default 1M), `e` enterprises (default 8000). */
export function benchData(seed = 1, n = 1_000_000, e = 8000): HotspotBenchData {
  const rng = createRng(seed);
  const [kx, ky] = hexGrid(1, CENTER).metresPerDegree;
  // Not a multiple of any cell size: a centre exactly on the boundary would be in for Turf (edges count) and out
  // for hexCover (half-open), and the two routes must end with the same cells.
  const halfW = 12_503;
  const halfH = 10_007;
  // Industrial zones (x, y, spread in metres, weight): incidents and enterprises cluster there alike, plus two
  // incident clusters with few enterprises (the hotspots the 'expected' mode is for).
  const zones: [number, number, number, number][] = [];
  for (let k = 0; k < 8; k++)
    zones.push([rng.float(-9000, 9000), rng.float(-7000, 7000), rng.float(300, 1500), rng.float(0.5, 2)]);
  const extra: [number, number, number, number][] = [
    [rng.float(-8000, 8000), rng.float(-6000, 6000), 400, 1],
    [rng.float(-8000, 8000), rng.float(-6000, 6000), 700, 1],
  ];
  const place = (count: number, clusters: typeof zones, share: number, r = rng) => {
    const lon = new Float64Array(count);
    const lat = new Float64Array(count);
    const weights = clusters.map((c) => c[3]);
    for (let i = 0; i < count; i++) {
      let x: number;
      let y: number;
      if (r.chance(share)) {
        const c = clusters[r.weighted(weights)];
        // Drawn again until inside the county: its incidents happen in it.
        do {
          x = c[0] + r.normal(0, c[2]);
          y = c[1] + r.normal(0, c[2]);
        } while (Math.abs(x) >= halfW || Math.abs(y) >= halfH);
      } else {
        x = r.float(-halfW, halfW);
        y = r.float(-halfH, halfH);
      }
      lon[i] = CENTER[0] + x / kx;
      lat[i] = CENTER[1] + y / ky;
    }
    return { lon, lat };
  };
  const inc = place(n, [...zones, ...extra], 0.65, rng.fork('incidents'));
  const ent = place(e, zones, 0.7, rng.fork('enterprises'));
  const m = rng.fork('mask');
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = m.chance(0.5) ? 1 : 0;
  const [w, s] = [CENTER[0] - halfW / kx, CENTER[1] - halfH / ky];
  const [east, north] = [CENTER[0] + halfW / kx, CENTER[1] + halfH / ky];
  const boundary: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [east, s],
        [east, north],
        [w, north],
        [w, s],
      ],
    ],
  };
  return { lon: inc.lon, lat: inc.lat, elon: ent.lon, elat: ent.lat, boundary, mask };
}

export interface OursState {
  inc: HexBins;
  ent: HexBins;
  area: HexCells;
  result: HotspotResult;
}

/** Ours, from points to z-scores: binning, study area, Gi* in the default ('expected') mode. */
export function oursRoute(d: HotspotBenchData, sizeM: number): OursState {
  const inc = hexBin(d.lon, d.lat, { sizeM, center: CENTER });
  const ent = hexBin(d.elon, d.elat, { sizeM, center: CENTER });
  const area = hexUnion(inc.grid, hexCover(d.boundary, inc.grid), inc, ent);
  return { inc, ent, area, result: hotspots(area, inc, { enterprises: ent }) };
}

/** Ours after a filter change: one pass over cellOf, then Gi* again. */
export function oursRecount(state: OursState, mask: Uint8Array): HotspotResult {
  const count = hexCount(state.inc.cellOf, state.inc.q.length, mask);
  return hotspots(state.area, { ...state.inc, count }, { enterprises: state.ent });
}

/** Re-binning from scratch: copy out the selected points, bin them again, Gi* on the same study area. */
export function rebinRoute(d: HotspotBenchData, state: OursState, mask: Uint8Array): HotspotResult {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i];
  const lon = new Float64Array(k);
  const lat = new Float64Array(k);
  k = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    lon[k] = d.lon[i];
    lat[k++] = d.lat[i];
  }
  const inc = hexBin(lon, lat, { sizeM: state.area.grid.sizeM, center: CENTER });
  return hotspots(state.area, inc, { enterprises: state.ent });
}

export interface NaiveResult {
  q: number[];
  r: number[];
  z: number[];
  p: number[];
  bin: number[];
}

/**
 * The naive route: candidate hexagon polygons over the boundary's bbox (one ring of margin) in a flatbush index;
 * each point → bbox search → Turf point-in-polygon on the candidates; the study area by point-in-polygon of each
 * candidate's centre, plus occupied cells; Gi* ('expected') with each cell's neighbours found by scanning all cells.
 */
export function naiveRoute(d: HotspotBenchData, sizeM: number): NaiveResult {
  const grid = hexGrid(sizeM, CENTER);
  const [kx, ky] = grid.metresPerDegree;
  const ring = d.boundary.coordinates[0];
  const xs = ring.map((p) => (p[0] - CENTER[0]) * kx);
  const ys = ring.map((p) => (p[1] - CENTER[1]) * ky);
  const h = (Math.sqrt(3) / 2) * sizeM;
  const cand: { q: number; r: number; poly: Feature<Polygon> }[] = [];
  for (let r = Math.floor(Math.min(...ys) / h) - 1; r <= Math.ceil(Math.max(...ys) / h) + 1; r++) {
    for (
      let q = Math.floor(Math.min(...xs) / sizeM - r / 2) - 1;
      q <= Math.ceil(Math.max(...xs) / sizeM - r / 2) + 1;
      q++
    )
      cand.push({ q, r, poly: { type: 'Feature', properties: {}, geometry: hexPolygon(q, r, grid) } });
  }
  const index = new Flatbush(cand.length);
  for (const c of cand) {
    const pts = c.poly.geometry.coordinates[0];
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of pts) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    index.add(x0, y0, x1, y1);
  }
  index.finish();
  const locate = (lon: Float64Array, lat: Float64Array) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < lon.length; i++) {
      const p = [lon[i], lat[i]];
      for (const c of index.search(p[0], p[1], p[0], p[1])) {
        if (booleanPointInPolygon(p, cand[c].poly)) {
          counts.set(c, (counts.get(c) ?? 0) + 1);
          break;
        }
      }
    }
    return counts;
  };
  const inc = locate(d.lon, d.lat);
  const ent = locate(d.elon, d.elat);
  const cells: number[] = [];
  for (let c = 0; c < cand.length; c++) {
    if (inc.has(c) || ent.has(c) || booleanPointInPolygon(hexCenter(cand[c].q, cand[c].r, grid), d.boundary))
      cells.push(c);
  }
  // Values: observed − expected from the enterprise share.
  const n = cells.length;
  const obs = cells.map((c) => inc.get(c) ?? 0);
  const ents = cells.map((c) => ent.get(c) ?? 0);
  const o = obs.reduce((a, b) => a + b, 0);
  const e = ents.reduce((a, b) => a + b, 0);
  const x = obs.map((v, i) => v - (o * ents[i]) / e);
  const cx = cells.map((c) => sizeM * (cand[c].q + cand[c].r / 2));
  const cy = cells.map((c) => h * cand[c].r);
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    let w = 0;
    let wx = 0;
    for (let j = 0; j < n; j++) {
      if (Math.hypot(cx[j] - cx[i], cy[j] - cy[i]) < 1.01 * sizeM) {
        w++;
        wx += x[j];
      }
    }
    z.push((wx - mean * w) / (s * Math.sqrt((n * w - w * w) / (n - 1))));
  }
  return {
    q: cells.map((c) => cand[c].q),
    r: cells.map((c) => cand[c].r),
    z,
    p: z.map(pValue),
    bin: z.map(giBin),
  };
}

/** Largest |z| difference between ours and the naive route, matched by cell; Infinity if the cells differ. */
export function maxZDifference(ours: HotspotResult, naive: NaiveResult): number {
  if (ours.q.length !== naive.q.length) return Infinity;
  const byCell = new Map<string, number>();
  naive.q.forEach((q, i) => byCell.set(`${q},${naive.r[i]}`, naive.z[i]));
  let worst = 0;
  for (let i = 0; i < ours.q.length; i++) {
    const z = byCell.get(`${ours.q[i]},${ours.r[i]}`);
    if (z === undefined) return Infinity;
    worst = Math.max(worst, Math.abs(z - ours.z[i]));
  }
  return worst;
}

/** Largest |z| difference between two results on the same cells. */
export function sameZ(a: HotspotResult, b: HotspotResult): number {
  let worst = 0;
  for (let i = 0; i < a.z.length; i++) worst = Math.max(worst, Math.abs(a.z[i] - b.z[i]));
  return a.z.length === b.z.length ? worst : Infinity;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
