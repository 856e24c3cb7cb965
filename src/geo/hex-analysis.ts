/**
 * The analyst map's hex bins and hotspots of one month (issue 4): what the stats worker computes and posts back as
 * flat arrays over the study cells. Pure; the browser test runs the same hexBin + hotspots to check it.
 */
import type { Dataset, IncidentCategory, IncidentLevel, IncidentStatus } from '../domain/types';
import { monthOf } from '../domain/time';
import { hexBin, hexCover, hexGrid, hexIndex, hexKey, hexUnion, type HexCells, type HexGrid } from './hexbin';
import { hotspots, type HotspotMode } from './hotspots';

/** Cell sizes the analyst can pick, metres edge to edge; the default is 200. */
export const HEX_SIZES = [100, 200, 500] as const;
export type HexSize = (typeof HEX_SIZES)[number];

export interface HexAnalysisOptions {
  /** "YYYY-MM" (CST, by `reportedAt`): the month whose incidents are binned. */
  month: string;
  /** Cell size in metres; default 200. */
  sizeM?: number;
}

/** One incident as the cell list shows it. */
export interface HexIncident {
  id: string;
  category: IncidentCategory;
  level: IncidentLevel;
  status: IncidentStatus;
  reportedAt: string;
}

/** Per study cell (parallel arrays, sorted by (r, q)); structured-clone friendly. */
export interface HexAnalysis {
  month: string;
  sizeM: number;
  grid: HexGrid;
  mode: HotspotMode;
  q: Int32Array;
  r: Int32Array;
  count: Uint32Array;
  z: Float64Array;
  p: Float64Array;
  bin: Int8Array;
  /** The month's incidents in study cells, cell by cell: cell i's are `incidents[start[i]] … incidents[start[i + 1] − 1]`. */
  start: Uint32Array;
  incidents: HexIncident[];
  /** Incidents of the month, all of them (outside the study area too). */
  total: number;
  outside: number;
}

/** The middle of the community's bounding box: every month and size share this grid centre. */
export function hexAnalysisCenter(dataset: Pick<Dataset, 'community' | 'enterprises'>): [number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else for (const d of c as unknown[]) visit(d);
  };
  for (const f of dataset.community?.features ?? []) visit(f.geometry.coordinates);
  if (!Number.isFinite(minX)) for (const f of dataset.enterprises?.features ?? []) visit(f.geometry.coordinates);
  return Number.isFinite(minX) ? [(minX + maxX) / 2, (minY + maxY) / 2] : [0, 0];
}

/** Point coordinates of a feature collection, flat. */
export function pointArrays(features: readonly { geometry: { coordinates: number[] } }[]): { lon: Float64Array; lat: Float64Array } {
  const lon = new Float64Array(features.length);
  const lat = new Float64Array(features.length);
  features.forEach((f, i) => {
    lon[i] = f.geometry.coordinates[0];
    lat[i] = f.geometry.coordinates[1];
  });
  return { lon, lat };
}

/**
 * Hex bins of the month's incidents over the study area (cells whose centre is in the community ∪ cells holding an
 * incident of any month or an enterprise) and Gi* in the default 'expected' mode.
 * @example hexAnalysis(dataset, { month: '2026-10', sizeM: 200 }).count
 */
export function hexAnalysis(dataset: Dataset, options: HexAnalysisOptions): HexAnalysis {
  const sizeM = options.sizeM ?? 200;
  const center = hexAnalysisCenter(dataset);
  const grid = hexGrid(sizeM, center);
  const features = dataset.incidents?.features ?? [];
  const mask = new Uint8Array(features.length);
  let total = 0;
  features.forEach((f, i) => {
    if (monthOf(Date.parse(f.properties.reportedAt)) === options.month) {
      mask[i] = 1;
      total++;
    }
  });
  const inc = pointArrays(features);
  const incidents = hexBin(inc.lon, inc.lat, { sizeM, center, mask });
  const ent = pointArrays(dataset.enterprises?.features ?? []);
  const enterprises = hexBin(ent.lon, ent.lat, { sizeM, center });
  const covers: HexCells[] = (dataset.community?.features ?? []).map((f) => hexCover(f.geometry, grid));
  const area = hexUnion(grid, ...covers, incidents, enterprises);
  const hot = hotspots(area, incidents, { enterprises });

  // The month's incidents, grouped by study cell (CSR), in input order within a cell.
  const n = area.q.length;
  const index = hexIndex(area);
  const studyOf = new Int32Array(incidents.q.length).fill(-1);
  for (let c = 0; c < incidents.q.length; c++) studyOf[c] = index.get(hexKey(incidents.q[c], incidents.r[c])) ?? -1;
  const cellOfIncident = (i: number) => (mask[i] && incidents.cellOf[i] >= 0 ? studyOf[incidents.cellOf[i]] : -1);
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < features.length; i++) {
    const s = cellOfIncident(i);
    if (s >= 0) start[s + 1]++;
  }
  for (let s = 0; s < n; s++) start[s + 1] += start[s];
  const next = start.slice(0, n);
  const list = new Array<HexIncident>(start[n]);
  for (let i = 0; i < features.length; i++) {
    const s = cellOfIncident(i);
    if (s < 0) continue;
    const { id, category, level, status, reportedAt } = features[i].properties;
    list[next[s]++] = { id, category, level, status, reportedAt };
  }
  const count = new Uint32Array(n);
  for (let s = 0; s < n; s++) count[s] = start[s + 1] - start[s];

  return {
    month: options.month,
    sizeM,
    grid,
    mode: hot.mode,
    q: area.q,
    r: area.r,
    count,
    z: hot.z,
    p: hot.p,
    bin: hot.bin,
    start,
    incidents: list,
    total,
    outside: hot.outside,
  };
}
