/**
 * Incidents as columns (issue 4): typed arrays the filter engine and the `stats` figures scan, one pass each,
 * without touching a feature object. A county's million incidents are ~130 MiB here (82 bytes of columns a row, the
 * ids ~48 MiB; titles ~65 MiB more) against several hundred as GeoJSON features, and a filter change is a loop over
 * small integers instead of property look-ups on objects. Every lifecycle time is kept (the incident card shows
 * them), and the enterprise an incident names as an index into the ids named.
 * incidents.csv is read straight into a table (io/incidents-columns); incidents.geojson is turned into one
 * (`datasetIncidents`), so every figure has one implementation, over columns.
 */
import type { Dataset, IncidentFC, IncidentProps } from './types';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from './types';
import { deadlineFor, type DeadlineOptions } from './deadline';
import { CST_OFFSET_MS as CST, DAY_MS as DAY, parseTime } from './time';

export interface IncidentTable {
  n: number;
  id: string[];
  lon: Float64Array;
  lat: Float64Array;
  /** Epoch ms of `reportedAt`. */
  reported: Float64Array;
  /** Epoch ms of `acceptedAt` (签收); NaN when absent. */
  accepted: Float64Array;
  /** Epoch ms of `dispatchedAt`; NaN when absent. */
  dispatched: Float64Array;
  /** Epoch ms of `resolvedAt` (反馈); NaN when absent. */
  resolved: Float64Array;
  /** Epoch ms of `verifiedAt` (核查); NaN when absent. */
  verified: Float64Array;
  /** Epoch ms of `closedAt`; NaN while open. */
  closed: Float64Array;
  /** Epoch ms of the deadline: the incident's own `deadline`, else domain/deadline's deadlineFor(reported, level). */
  deadline: Float64Array;
  /** Index into INCIDENT_CATEGORIES. */
  category: Uint8Array;
  /** The level itself, 1–4. */
  level: Uint8Array;
  /** Index into INCIDENT_STATUSES. */
  status: Uint8Array;
  /** Index into `gridCodes`. */
  grid: Uint16Array;
  /** The grid codes incidents name, in order of first appearance. */
  gridCodes: string[];
  /** 1 where `supervised` (督办) is set. */
  supervised: Uint8Array;
  /** `title` of each incident ('' when none), or null when read without titles (`titles: false`). */
  title: string[] | null;
  /** Index into `enterpriseIds` of the enterprise the incident names (`enterpriseId`), −1 when none. */
  enterprise: Int32Array;
  /** The enterprise ids incidents name, in order of first appearance (empty: the data links none). */
  enterpriseIds: string[];
  /** The options the deadline column was computed with; near-due shares come from here too (domain/deadline). */
  deadlines: DeadlineOptions;
}

export interface IncidentTableOptions {
  /** Working days, holidays and the near-due share. Default: domain/rules' (DeadlineOptions' defaults). */
  deadlines?: DeadlineOptions;
  /**
   * Keep each incident's title: the wall's alerts and carousel and the incident and enterprise cards show them; the
   * filter engine and the `stats` figures do not, and a county's million titles take ~65 MiB more. Default true.
   */
  titles?: boolean;
}

const CATEGORY_INDEX = new Map<string, number>(INCIDENT_CATEGORIES.map((c, i) => [c, i]));
const STATUS_INDEX = new Map<string, number>(INCIDENT_STATUSES.map((s, i) => [s, i]));
/** The typed-array columns, which grow() copies and finish() trims: one list, so none is forgotten. */
const COLUMNS = [
  'lon',
  'lat',
  'reported',
  'accepted',
  'dispatched',
  'resolved',
  'verified',
  'closed',
  'deadline',
  'category',
  'level',
  'status',
  'grid',
  'supervised',
  'enterprise',
] as const satisfies readonly (keyof IncidentTable)[];
/** Uint16 grid indexes: a county has ~500 grids, a province would need a wider column. */
const MAX_GRIDS = 65_536;

/**
 * Fills an IncidentTable row by row: what both `incidentTable` (features) and io/incidents-columns (CSV) use, so
 * the two give the same table. Rows must already be valid (the schema checks ran); a value no index knows throws.
 */
export class IncidentTableBuilder {
  private cap: number;
  private t: Omit<IncidentTable, 'gridCodes' | 'title' | 'deadlines' | 'enterpriseIds'>;
  private titles: string[] | null;
  private gridIndex = new Map<string, number>();
  private gridCodes: string[] = [];
  private enterpriseIndex = new Map<string, number>();
  private enterpriseIds: string[] = [];
  /** Deadline by (report day, level): deadlineFor depends only on those, and a million calls of it take seconds. */
  private deadlineMemo = new Map<number, number>();

  constructor(
    capacity = 1024,
    private options: IncidentTableOptions = {},
  ) {
    this.cap = Math.max(1, capacity);
    this.t = IncidentTableBuilder.alloc(this.cap);
    this.titles = options.titles === false ? null : [];
  }

  private static alloc(cap: number): Omit<IncidentTable, 'gridCodes' | 'title' | 'deadlines' | 'enterpriseIds'> {
    return {
      n: 0,
      id: [],
      lon: new Float64Array(cap),
      lat: new Float64Array(cap),
      reported: new Float64Array(cap),
      accepted: new Float64Array(cap),
      dispatched: new Float64Array(cap),
      resolved: new Float64Array(cap),
      verified: new Float64Array(cap),
      closed: new Float64Array(cap),
      deadline: new Float64Array(cap),
      category: new Uint8Array(cap),
      level: new Uint8Array(cap),
      status: new Uint8Array(cap),
      grid: new Uint16Array(cap),
      supervised: new Uint8Array(cap),
      enterprise: new Int32Array(cap),
    };
  }

  private grow(): void {
    const next = IncidentTableBuilder.alloc(this.cap * 2);
    for (const k of COLUMNS) (next[k] as Float64Array).set(this.t[k] as Float64Array);
    next.n = this.t.n;
    next.id = this.t.id;
    this.t = next;
    this.cap *= 2;
  }

  private deadlineOf(p: Pick<IncidentProps, 'level' | 'deadline'>, reported: number, where: string): number {
    if (p.deadline) return optionalTime(p.deadline, 'deadline', where);
    const day = Math.floor((reported + CST) / DAY);
    const key = day * 8 + p.level;
    let d = this.deadlineMemo.get(key);
    if (d === undefined) {
      d = deadlineFor(reported, p.level, this.options.deadlines);
      this.deadlineMemo.set(key, d);
    }
    return d;
  }

  /** Appends one incident; `where` names it in an error ("feature 3", "line 12"). */
  add(
    p: Pick<IncidentProps, 'id' | 'category' | 'level' | 'status' | 'reportedAt' | 'gridCode'> &
      Pick<IncidentProps, 'acceptedAt' | 'dispatchedAt' | 'resolvedAt' | 'verifiedAt' | 'closedAt' | 'deadline'> &
      Pick<IncidentProps, 'supervised' | 'title' | 'enterpriseId'>,
    lon: number,
    lat: number,
    where: string,
  ): void {
    const category = CATEGORY_INDEX.get(p.category);
    const status = STATUS_INDEX.get(p.status);
    const reported = parseTime(p.reportedAt);
    if (category === undefined) throw new RangeError(`${where}: unknown category ${JSON.stringify(p.category)}`);
    if (status === undefined) throw new RangeError(`${where}: unknown status ${JSON.stringify(p.status)}`);
    if (!(p.level >= 1 && p.level <= 4 && Number.isInteger(p.level)))
      throw new RangeError(`${where}: level must be 1–4, got ${JSON.stringify(p.level)}`);
    if (Number.isNaN(reported)) throw new RangeError(`${where}: reportedAt is not ISO 8601: ${JSON.stringify(p.reportedAt)}`);
    const accepted = optionalTime(p.acceptedAt, 'acceptedAt', where);
    const dispatched = optionalTime(p.dispatchedAt, 'dispatchedAt', where);
    const resolved = optionalTime(p.resolvedAt, 'resolvedAt', where);
    const verified = optionalTime(p.verifiedAt, 'verifiedAt', where);
    const closed = optionalTime(p.closedAt, 'closedAt', where);
    const deadline = this.deadlineOf(p, reported, where);
    const enterprise = this.enterpriseOf(p.enterpriseId, where);
    let grid = this.gridIndex.get(p.gridCode);
    if (grid === undefined) {
      if (this.gridCodes.length >= MAX_GRIDS) throw new RangeError(`${where}: more than ${MAX_GRIDS} grid codes`);
      grid = this.gridCodes.push(ownCopy(p.gridCode)) - 1;
      this.gridIndex.set(this.gridCodes[grid], grid);
    }
    if (this.t.n === this.cap) this.grow();
    const t = this.t;
    const i = t.n++;
    t.id.push(ownCopy(p.id));
    t.lon[i] = lon;
    t.lat[i] = lat;
    t.reported[i] = reported;
    t.accepted[i] = accepted;
    t.dispatched[i] = dispatched;
    t.resolved[i] = resolved;
    t.verified[i] = verified;
    t.closed[i] = closed;
    t.deadline[i] = deadline;
    t.category[i] = category;
    t.level[i] = p.level;
    t.status[i] = status;
    t.grid[i] = grid;
    t.supervised[i] = p.supervised ? 1 : 0;
    t.enterprise[i] = enterprise;
    this.titles?.push(p.title ? ownCopy(p.title) : '');
  }

  /** The index of `id` in enterpriseIds (added on first sight), −1 for none. */
  private enterpriseOf(id: string | undefined, where: string): number {
    if (id === undefined || id === null || id === '') return -1;
    if (typeof id !== 'string') {
      throw new RangeError(`${where}: enterpriseId must be a string, got ${JSON.stringify(id)}`);
    }
    let k = this.enterpriseIndex.get(id);
    if (k === undefined) {
      k = this.enterpriseIds.push(ownCopy(id)) - 1;
      this.enterpriseIndex.set(this.enterpriseIds[k], k);
    }
    return k;
  }

  /** The table, its arrays trimmed to the rows added. */
  finish(): IncidentTable {
    const { n } = this.t;
    const t = this.t;
    return {
      n,
      id: t.id,
      lon: t.lon.slice(0, n),
      lat: t.lat.slice(0, n),
      reported: t.reported.slice(0, n),
      accepted: t.accepted.slice(0, n),
      dispatched: t.dispatched.slice(0, n),
      resolved: t.resolved.slice(0, n),
      verified: t.verified.slice(0, n),
      closed: t.closed.slice(0, n),
      deadline: t.deadline.slice(0, n),
      category: t.category.slice(0, n),
      level: t.level.slice(0, n),
      status: t.status.slice(0, n),
      grid: t.grid.slice(0, n),
      gridCodes: this.gridCodes,
      supervised: t.supervised.slice(0, n),
      title: this.titles,
      enterprise: t.enterprise.slice(0, n),
      enterpriseIds: this.enterpriseIds,
      deadlines: this.options.deadlines ?? {},
    };
  }
}

/** Epoch ms of an optional timestamp, NaN when absent; a present one that is not ISO 8601 throws. */
function optionalTime(text: string | null | undefined, name: string, where: string): number {
  if (text === undefined || text === null || text === '') return NaN;
  const t = parseTime(text);
  if (Number.isNaN(t)) throw new RangeError(`${where}: ${name} is not ISO 8601: ${JSON.stringify(text)}`);
  return t;
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 makes a substring of 13 characters or more a view
 * into its parent: a grid code or title sliced out of incidents.csv would keep the whole file's text (~0.5 GB for
 * a county) in memory for as long as the table lives. Concatenating and slicing again flattens it into a string
 * of its own.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * The columns of incident features (incidents.geojson).
 * @example incidentTable(dataset.incidents.features).category[0] // index into INCIDENT_CATEGORIES
 */
export function incidentTable(
  features: readonly { properties: IncidentProps; geometry: { coordinates: number[] } }[],
  options: IncidentTableOptions = {},
): IncidentTable {
  const b = new IncidentTableBuilder(features.length, options);
  features.forEach((f, i) => {
    const [lon, lat] = f.geometry.coordinates;
    b.add(f.properties, lon, lat, `incident ${i} (id ${f.properties.id})`);
  });
  return b.finish();
}

const fromFeatures = new WeakMap<IncidentFC, IncidentTable>();

/**
 * The dataset's incidents as a table: the columns read from incidents.csv, else incidents.geojson's features turned
 * into columns (once per feature collection; titles kept, default deadlines). What every incident figure reads.
 * @example datasetIncidents(await loadDataset(folderSource('data/zhihuiwan'))).n
 */
export function datasetIncidents(dataset: Pick<Dataset, 'incidents' | 'incidentColumns'>): IncidentTable {
  if (dataset.incidentColumns) return dataset.incidentColumns;
  const fc = dataset.incidents;
  if (!fc) return incidentTable([]);
  let table = fromFeatures.get(fc);
  if (!table) fromFeatures.set(fc, (table = incidentTable(fc.features)));
  return table;
}
