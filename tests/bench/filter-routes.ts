/**
 * The filter benchmark's data and routes (issue 4), shared by filter.bench.ts (Vitest bench) and filter-report.ts
 * (README figures, run in a worker_threads Worker):
 * - data: hotspots-routes' seeded county (≈1M incidents in clusters, enterprises in industrial zones, a 25 × 20 km
 *   boundary) plus seeded incident attributes (category, level, status, report and closure times over a year) and
 *   ≈430 rectangular grids tiling the county; an incident's gridCode is the tile its point lies in;
 * - ours: what the stats worker does for one filter request (workers/stats-engine: filterMask + incidentSummary +
 *   hex re-count over the cached binning + Gi* + the points), the incident columns and binnings built beforehand;
 * - naive: the feature objects filtered property by property (Date.parse of reportedAt, `includes` on the lists),
 *   grid counts by Turf point-in-polygon per incident (flatbush candidates), month rates over the objects per month, the
 *   timeline per incident, and the hex cells re-binned from all points with Gi* (the pre-filter hex-analysis way).
 * Both routes end with the same grid counts, totals and hex counts (checked by agreement()).
 */
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Point, Polygon } from 'geojson';
import type { Dataset, EnterpriseProps, GridProps, IncidentProps, IncidentStatus } from '../../src/domain/types';
import { INCIDENT_CATEGORIES } from '../../src/domain/types';
import { createRng } from '../../src/domain/random';
import { NO_FILTER, monthFilter, type IncidentFilter, type IncidentSummary } from '../../src/domain/incident-filter';
import { closureRates, closureTally, tallyClosure } from '../../src/domain/closure';
import { deadlineFor } from '../../src/domain/deadline';
import { formatCst, monthOf, monthRange, monthUntil, parseTime } from '../../src/domain/time';
import { hexAnalysisCenter } from '../../src/geo/hex-analysis';
import { hexBin, hexCover, hexUnion } from '../../src/geo/hexbin';
import { hotspots, type HotspotResult } from '../../src/geo/hotspots';
import { StatsEngine } from '../../src/workers/stats-engine';
import type { FilterReport } from '../../src/workers/stats-messages';
import { benchData } from './hotspots-routes';

export const AS_OF = Date.parse('2026-11-20T17:00:00+08:00');
const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const OPEN: IncidentStatus[] = ['reported', 'accepted', 'dispatched', 'in-progress', 'resolved', 'returned', 'extended'];

export interface FilterBenchData {
  dataset: Dataset;
  incidents: Feature<Point, IncidentProps>[];
  grids: Feature<Polygon, GridProps>[];
  /** Analyst filter changes, in the order an analyst might make them. */
  filters: IncidentFilter[];
}

/**
 * Seeded county data: `n` incidents, `e` enterprises, a `cols` × `rows` tiling of grids (default 23 × 19 = 437).
 * @example const d = filterBenchData(1); new StatsEngine(d.dataset, 0)
 */
export function filterBenchData(seed = 1, n = 1_000_000, e = 15_000, cols = 23, rows = 19): FilterBenchData {
  const h = benchData(seed, n, e);
  const [[w, s], , [east, north]] = h.boundary.coordinates[0];
  const dx = (east - w) / cols;
  const dy = (north - s) / rows;
  const code = (c: number, r: number) => `3304240${String(r * cols + c + 1).padStart(5, '0')}`;
  const tile = (lon: number, lat: number) =>
    code(Math.min(cols - 1, Math.floor((lon - w) / dx)), Math.min(rows - 1, Math.floor((lat - s) / dy)));
  const grids: Feature<Polygon, GridProps>[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const [x0, y0, x1, y1] = [w + c * dx, s + r * dy, w + (c + 1) * dx, s + (r + 1) * dy];
      grids.push({
        type: 'Feature',
        properties: { code: code(c, r), name: `网格${r * cols + c + 1}` },
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
      });
    }
  const rng = createRng(seed).fork('filter-attributes');
  const catWeights = [3, 2, 2, 1, 2, 1, 1, 0.3, 0.7];
  const incidents = new Array<Feature<Point, IncidentProps>>(n);
  for (let i = 0; i < n; i++) {
    const reported = AS_OF - Math.floor(rng.float(0, 365) * DAY);
    const closed = rng.chance(0.85) ? reported + Math.floor(rng.float(1 / 24, 20) * DAY) : NaN;
    const isClosed = closed <= AS_OF;
    const lon = h.lon[i];
    const lat = h.lat[i];
    incidents[i] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        id: `I${i}`,
        category: INCIDENT_CATEGORIES[rng.weighted(catWeights)],
        level: (rng.weighted([1, 4, 3.5, 1.5]) + 1) as 1 | 2 | 3 | 4,
        status: isClosed ? 'closed' : rng.pick(OPEN),
        reportedAt: formatCst(reported),
        closedAt: isClosed ? formatCst(closed) : null,
        gridCode: tile(lon, lat),
      },
    };
  }
  const enterprises: Feature<Point, EnterpriseProps>[] = Array.from(h.elon, (lon, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, h.elat[i]] },
    properties: { id: `E${i}`, name: `企业${i}`, scale: i % 4 ? 'below' : 'above' },
  }));
  const dataset = {
    manifest: { name: 'county-bench', files: [] },
    community: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '330424', name: 'county', asOf: formatCst(AS_OF) }, geometry: h.boundary }],
    },
    grids: { type: 'FeatureCollection', features: grids },
    microGrids: { type: 'FeatureCollection', features: [] },
    enterprises: { type: 'FeatureCollection', features: enterprises },
    incidents: { type: 'FeatureCollection', features: incidents },
    members: [],
  } as unknown as Dataset;
  const oct = monthFilter('2026-10');
  const [from] = monthRange('2026-10');
  const filters: IncidentFilter[] = [
    oct,
    { ...oct, categories: ['safety', 'fire'] },
    { ...oct, categories: ['safety', 'fire'], grids: [grids[200].properties.code] },
    { ...NO_FILTER, levels: [1, 2] },
    { ...NO_FILTER, from: from + 10 * DAY, to: from + 24 * DAY, statuses: OPEN },
  ];
  return { dataset, incidents, grids, filters };
}

/** The summary fields both routes compute, for the agreement check. */
export interface NaiveResult {
  total: number;
  grids: Map<string, number>;
  closureRate: (number | null)[];
  onTimeRate: (number | null)[];
  byCategory: Record<string, number[]>;
  hex: HotspotResult;
  points: Float64Array;
}

/** A grid locator the naive way: flatbush on the grids' boxes, Turf point-in-polygon on the candidates. */
export function naiveLocator(grids: readonly Feature<Polygon, GridProps>[]): (p: [number, number]) => string | null {
  const index = new Flatbush(grids.length);
  for (const g of grids) {
    const ring = g.geometry.coordinates[0];
    const xs = ring.map((c) => c[0]);
    const ys = ring.map((c) => c[1]);
    index.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  index.finish();
  return (p) => {
    for (const k of index.search(p[0], p[1], p[0], p[1]))
      if (booleanPointInPolygon(p, grids[k], { ignoreBoundary: true })) return grids[k].properties.code;
    return null;
  };
}

/** The naive route for one filter (see the file comment). */
export function naiveRoute(d: FilterBenchData, filter: IncidentFilter, locate: (p: [number, number]) => string | null, sizeM: number): NaiveResult {
  const { incidents } = d;
  const passes = (p: IncidentProps, except?: 'time' | 'grids') => {
    const t = Date.parse(p.reportedAt);
    if (t > AS_OF) return false;
    if (except !== 'time' && ((filter.from !== null && t < filter.from) || (filter.to !== null && t >= filter.to))) return false;
    if (filter.categories && !filter.categories.includes(p.category)) return false;
    if (filter.levels && !filter.levels.includes(p.level)) return false;
    if (filter.statuses && !filter.statuses.includes(p.status)) return false;
    // The grid of an incident, the naive way: where its point lies.
    return true;
  };
  const gridOk = (f: Feature<Point, IncidentProps>) =>
    !filter.grids || filter.grids.includes(locate(f.geometry.coordinates as [number, number]) ?? '');
  const noGrid = incidents.filter((f) => passes(f.properties));
  const all = noGrid.filter(gridOk);
  const noTime = incidents.filter((f) => passes(f.properties, 'time') && gridOk(f));
  const grids = new Map<string, number>();
  for (const f of noGrid) {
    const c = locate(f.geometry.coordinates as [number, number]);
    if (c) grids.set(c, (grids.get(c) ?? 0) + 1);
  }
  let first = Infinity;
  for (const f of incidents) first = Math.min(first, Date.parse(f.properties.reportedAt));
  const day0 = Math.floor((first + CST) / DAY);
  const nDays = Math.floor((AS_OF + CST) / DAY) - day0 + 1;
  const byCategory: Record<string, number[]> = Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, new Array(nDays).fill(0)]));
  for (const f of noTime) byCategory[f.properties.category][Math.floor((Date.parse(f.properties.reportedAt) + CST) / DAY) - day0]++;
  const months: string[] = [];
  for (let m = monthOf(first); ; m = monthOf(monthRange(m)[1])) {
    months.push(m);
    if (monthRange(m)[1] > AS_OF) break;
  }
  const rates = months.map((m) => objectMonthRates(noTime, m, AS_OF));
  // Hex cells as hex-analysis made them before the filter engine: every point binned again on each request.
  const center = hexAnalysisCenter(d.dataset);
  const lon = Float64Array.from(incidents, (f) => f.geometry.coordinates[0]);
  const lat = Float64Array.from(incidents, (f) => f.geometry.coordinates[1]);
  const selected = new Set(all);
  const mask = Uint8Array.from(incidents, (f) => (selected.has(f) ? 1 : 0));
  const inc = hexBin(lon, lat, { sizeM, center, mask });
  const ents = d.dataset.enterprises!.features;
  const ent = hexBin(Float64Array.from(ents, (f) => f.geometry.coordinates[0]), Float64Array.from(ents, (f) => f.geometry.coordinates[1]), { sizeM, center });
  const area = hexUnion(inc.grid, hexCover(d.dataset.community!.features[0].geometry, inc.grid), inc, ent);
  const hex = hotspots(area, inc, { enterprises: ent });
  const points = Float64Array.from(all.flatMap((f) => f.geometry.coordinates));
  return {
    total: all.length,
    grids,
    closureRate: rates.map((r) => r.closureRate),
    onTimeRate: rates.map((r) => r.onTimeRate),
    byCategory,
    hex,
    points,
  };
}

/** A month's closure and on-time rates over feature objects, one pass per month (as monthRates was before columns). */
function objectMonthRates(incidents: readonly Feature<Point, IncidentProps>[], month: string, asOf: number) {
  const [start, cutoff] = monthUntil(month, asOf);
  const t = closureTally();
  for (const { properties: p } of incidents) {
    const reported = parseTime(p.reportedAt);
    const deadline = () => (p.deadline ? parseTime(p.deadline) : deadlineFor(reported, p.level));
    tallyClosure(t, reported, p.closedAt ? parseTime(p.closedAt) : NaN, start, cutoff, deadline);
  }
  return closureRates(t);
}

/** What differs between the two routes' results ('' when they agree). */
export function agreement(ours: FilterReport, naive: NaiveResult): string {
  const s: IncidentSummary = ours.summary;
  const out: string[] = [];
  if (s.total !== naive.total) out.push(`total ${s.total} vs ${naive.total}`);
  for (const g of s.grids)
    if (g.count !== (naive.grids.get(g.code) ?? 0)) out.push(`grid ${g.code} ${g.count} vs ${naive.grids.get(g.code) ?? 0}`);
  if (JSON.stringify(s.closureRate) !== JSON.stringify(naive.closureRate)) out.push('closure rates differ');
  if (JSON.stringify(s.onTimeRate) !== JSON.stringify(naive.onTimeRate)) out.push('on-time rates differ');
  if (JSON.stringify(s.byCategory) !== JSON.stringify(naive.byCategory)) out.push('timeline differs');
  if (!ours.hex || ours.hex.count.length !== naive.hex.observed.length) out.push('hex cells differ');
  else {
    for (let i = 0; i < ours.hex.count.length; i++)
      if (ours.hex.count[i] !== naive.hex.observed[i] || ours.hex.bin[i] !== naive.hex.bin[i]) {
        out.push(`hex cell ${i} differs`);
        break;
      }
  }
  if (ours.points.length !== naive.points.length) out.push('points differ');
  return out.slice(0, 5).join('; ');
}

/** The engine with its columns, grids and the binning of `sizeM` built (what the worker holds after the first request). */
export function warmEngine(d: FilterBenchData, sizeM: number): { engine: StatsEngine; ms: { table: number; grids: number; binning: number } } {
  const engine = new StatsEngine(d.dataset, 0);
  let t = performance.now();
  void engine.table;
  const table = performance.now() - t;
  t = performance.now();
  void engine.grids;
  const grids = performance.now() - t;
  t = performance.now();
  engine.binning(sizeM);
  return { engine, ms: { table, grids, binning: performance.now() - t } };
}
