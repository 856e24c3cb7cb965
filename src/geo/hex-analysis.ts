/**
 * The analyst map's hex bins and hotspots of the filtered incidents (issue 4): what the stats worker computes and
 * posts back as flat arrays over the study cells. The binning of a size (each incident's cell, the study area, the
 * enterprises' cells) does not depend on the filter and is made once (`hexBinning`); a filter change is then a
 * re-count (hexCount over the mask) and Gi* (`hexAnalysis`). The incidents of one cell are listed on demand
 * (`hexCellIncidents`), when the analyst opens that cell: listing every cell's on each filter change cost more than
 * the counts at county scale. Pure; the browser test runs the same hexBin + hotspots to check it.
 */
import type { Dataset, IncidentCategory, IncidentLevel, IncidentStatus } from '../domain/types';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from '../domain/types';
import { filterKey, type IncidentFilter } from '../domain/incident-filter';
import { hasGeometry } from '../domain/geometry-fault';
import type { IncidentTable } from '../domain/incident-table';
import { formatCst, monthOf, monthRange } from '../domain/time';
import {
  hexBin,
  hexCount,
  hexCover,
  hexGrid,
  hexIndex,
  hexKey,
  hexUnion,
  type HexBins,
  type HexCells,
  type HexGrid,
} from './hexbin';
import { hotspots, type HotspotMode } from './hotspots';

/** Cell sizes the analyst can pick, metres edge to edge; the default is 200. */
export const HEX_SIZES = [100, 200, 500] as const;

/** At most this many incidents of a cell are listed (the cell panel shows as many). */
export const HEX_LIST_CAP = 50;

/** One incident as the cell list shows it. */
export interface HexIncident {
  id: string;
  category: IncidentCategory;
  level: IncidentLevel;
  status: IncidentStatus;
  /** ISO 8601 in CST with +08:00 (domain/time formatCst). */
  reportedAt: string;
}

/** Per study cell (parallel arrays, sorted by (r, q)); structured-clone friendly. */
export interface HexAnalysis {
  /** The filter whose incidents were binned, and its filterKey (equal keys: the same incidents). */
  filter: IncidentFilter;
  key: string;
  /** "YYYY-MM" when the filter's time range is exactly one CST month, else null (for labels). */
  month: string | null;
  sizeM: number;
  grid: HexGrid;
  mode: HotspotMode;
  q: Int32Array;
  r: Int32Array;
  count: Uint32Array;
  z: Float64Array;
  p: Float64Array;
  bin: Int8Array;
  /** Incidents passing the filter, all of them (outside the study area too). */
  total: number;
  outside: number;
}

/** What does not change with the filter, for one cell size. */
export interface HexBinning {
  sizeM: number;
  grid: HexGrid;
  /** Study cells: the community's cells ∪ cells holding any incident or an enterprise. */
  area: HexCells;
  /** Incident → study cell index; −1 for a point hexBin could not place (non-finite, far away). */
  cellOf: Int32Array;
  /** Enterprises per cell, for Gi*'s expected counts. */
  enterprises: HexBins;
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
  // A community read with malformed geometry has none (domain/geometry-fault).
  for (const f of dataset.community?.features ?? []) if (hasGeometry(f)) visit(f.geometry.coordinates);
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
 * The filter-independent part of the hex analysis at one size: every incident's study cell, the study area (cells
 * whose centre is in the community ∪ cells holding an incident or an enterprise, so the area does not move with the
 * filter) and the enterprises' cells.
 * @example const b = hexBinning(dataset, table, 200); hexAnalysis(b, table, mask, filter)
 */
export function hexBinning(
  dataset: Pick<Dataset, 'community' | 'enterprises'>,
  points: Pick<IncidentTable, 'lon' | 'lat'>,
  sizeM: number,
): HexBinning {
  if (!(sizeM > 0)) throw new RangeError(`hex size must be a positive number of metres, got ${sizeM}`);
  const center = hexAnalysisCenter(dataset);
  const grid = hexGrid(sizeM, center);
  const incidents = hexBin(points.lon, points.lat, { sizeM, center });
  const ent = pointArrays(dataset.enterprises?.features ?? []);
  const enterprises = hexBin(ent.lon, ent.lat, { sizeM, center });
  const covers: HexCells[] = (dataset.community?.features ?? []).filter(hasGeometry).map((f) => hexCover(f.geometry, grid));
  const area = hexUnion(grid, ...covers, incidents, enterprises);
  const index = hexIndex(area);
  const studyOf = new Int32Array(incidents.q.length);
  for (let c = 0; c < incidents.q.length; c++) studyOf[c] = index.get(hexKey(incidents.q[c], incidents.r[c])) ?? -1;
  const cellOf = new Int32Array(points.lon.length);
  for (let i = 0; i < cellOf.length; i++) cellOf[i] = incidents.cellOf[i] >= 0 ? studyOf[incidents.cellOf[i]] : -1;
  return { sizeM, grid, area, cellOf, enterprises };
}

/** The CST month whose range [from, to) is exactly, or null. */
function monthOfRange(filter: IncidentFilter): string | null {
  if (filter.from === null || filter.to === null) return null;
  const m = monthOf(filter.from);
  const [start, end] = monthRange(m);
  return start === filter.from && end === filter.to ? m : null;
}

/**
 * Hex counts of the incidents `mask` selects (filterMask of `filter`) and Gi* in the default 'expected' mode:
 * one pass over the mask, then Gi* over the study cells.
 * @example hexAnalysis(hexBinning(dataset, table, 200), table, filterMask(table, filter), filter).count
 */
export function hexAnalysis(
  binning: HexBinning,
  table: IncidentTable,
  mask: Uint8Array,
  filter: IncidentFilter,
): HexAnalysis {
  const { area, cellOf } = binning;
  if (mask.length !== table.n || cellOf.length !== table.n)
    throw new RangeError(`hexAnalysis: ${table.n} incidents, a mask of ${mask.length}, a binning of ${cellOf.length}`);
  const n = area.q.length;
  const count = hexCount(cellOf, n, mask);
  const hot = hotspots(area, { grid: area.grid, q: area.q, r: area.r, count }, { enterprises: binning.enterprises });
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i];
  return {
    filter,
    key: filterKey(filter),
    month: monthOfRange(filter),
    sizeM: binning.sizeM,
    grid: binning.grid,
    mode: hot.mode,
    // Copies: the worker transfers the result's buffers, and the binning keeps the study area for the next filter.
    q: area.q.slice(),
    r: area.r.slice(),
    count,
    z: hot.z,
    p: hot.p,
    bin: hot.bin,
    total,
    outside: hot.outside,
  };
}

/** One study cell's incidents under a filter: the first HEX_LIST_CAP in table order, and how many there are. */
export interface HexCellList {
  incidents: HexIncident[];
  count: number;
}

/**
 * The incidents `mask` selects (filterMask of the filter) in study cell `cell` of `binning` (an index into its
 * area, as in HexAnalysis' arrays): in table order, at most `cap`, with the cell's full count. One pass over the
 * binning's cell of each incident; nothing is binned again.
 * @example hexCellIncidents(engine.binning(200), table, filterMask(table, filter), hex.q.findIndex(...)).count
 */
export function hexCellIncidents(
  binning: HexBinning,
  table: IncidentTable,
  mask: Uint8Array,
  cell: number,
  cap: number = HEX_LIST_CAP,
): HexCellList {
  const { cellOf } = binning;
  if (mask.length !== table.n || cellOf.length !== table.n)
    throw new RangeError(`hexCellIncidents: ${table.n} incidents, a mask of ${mask.length}, a binning of ${cellOf.length}`);
  const cells = binning.area.q.length;
  if (!Number.isInteger(cell) || cell < 0 || cell >= cells)
    throw new RangeError(`hexCellIncidents: cell ${cell} is not one of the ${cells} study cells of ${binning.sizeM} m`);
  if (!Number.isInteger(cap) || cap < 0) throw new RangeError(`hexCellIncidents: cap must be a whole number ≥ 0, got ${cap}`);
  const incidents: HexIncident[] = [];
  let count = 0;
  for (let i = 0; i < cellOf.length; i++) {
    if (cellOf[i] !== cell || !mask[i]) continue;
    if (count++ < cap)
      incidents.push({
        id: table.id[i],
        category: INCIDENT_CATEGORIES[table.category[i]],
        level: table.level[i] as IncidentLevel,
        status: INCIDENT_STATUSES[table.status[i]],
        reportedAt: formatCst(table.reported[i]),
      });
  }
  return { incidents, count };
}
