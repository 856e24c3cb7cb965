/**
 * What the stats worker answers for `filter`, `cell`, `patrol`, `incident` and `enterprise` requests, outside the
 * worker so Node tests and the benchmarks run the very same code. Per dataset it builds, once and on first need, the incident columns
 * (domain/incident-table), the grids with their enterprises (geo/analysis-grids), each hex size's binning
 * (geo/hex-analysis) and each trend; a filter change is then masks, counts and Gi* only. The latest filter's mask is
 * kept, so listing a cell's incidents under the filter just answered is one pass over the binning.
 */
import type { FeatureCollection, LineString } from 'geojson';
import type { Dataset, PatrolProps } from '../domain/types';
import { checkFilter, filterKey, type IncidentFilter, type PatrolTrend } from '../domain/incident-filter';
import { datasetIncidents, type IncidentTable } from '../domain/incident-table';
import { filterMask, incidentSummary, summaryUnits, type SummaryUnits } from '../domain/incident-summary';
import { buildHierarchy } from '../domain/hierarchy';
import { tracksInMonth } from '../domain/month-stats';
import { datasetAsOf } from '../domain/stats';
import { incidentRecord, incidentRowById, type IncidentRecord } from '../domain/incident-record';
import { enterpriseProfile, type EnterpriseProfile } from '../geo/enterprise-profile';
import { analysisGrids, type AnalysisGrids } from '../geo/analysis-grids';
import { hexAnalysis, hexBinning, hexCellIncidents, type HexBinning, type HexCellList } from '../geo/hex-analysis';
import { patrolTrend } from '../geo/patrol-trend';
import { writeExport, type ExportFeatures, type ExportFormat } from '../io/export';
import { tableFeatures } from '../io/export/incident-features';
import { RENAMED_FIELDS_WARNING } from '../io/export/shapefile-write';
import {
  EXPORT_LAYER_KIND,
  contractColumns,
  layerCollection,
  outsideWarning,
  propertiesOutside,
} from '../io/export/layers';
import { datasetStats } from '../geo/dataset-stats';
import { dataMonths, reportInput, type ReportFindings } from '../io/report-data';
import { renderReportHtml, type ReportInput, type ReportLang } from '../io/report-html';
import type { AnalystExport, ExportReport, FilterReport, MonthlyReport, PatrolReport } from './stats-messages';

/** lon, lat interleaved of the incidents the mask selects. */
export function maskedPoints(table: Pick<IncidentTable, 'lon' | 'lat'>, mask: Uint8Array): Float64Array {
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i];
  const out = new Float64Array(2 * k);
  let j = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      out[j++] = table.lon[i];
      out[j++] = table.lat[i];
    }
  return out;
}

/** The buffers of a filter report that can be transferred instead of copied (a Set: arrays may share one). */
export function filterTransfer(report: FilterReport): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [report.points];
  if (report.hex) {
    const { q, r, count, z, p, bin } = report.hex;
    arrays.push(q, r, count, z, p, bin);
  }
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** The buffer of an export's bytes, to transfer: the bytes' own, or a copy when they are a view into a larger one. */
export function exportTransfer(report: ExportReport): ArrayBuffer[] {
  const b = report.bytes;
  if (b.byteOffset !== 0 || b.byteLength !== b.buffer.byteLength) report.bytes = b.slice();
  return [report.bytes.buffer as ArrayBuffer];
}

export class StatsEngine {
  readonly asOf: number;
  private tableCache: IncidentTable | null = null;
  private gridsCache: AnalysisGrids | null = null;
  private unitsCache: SummaryUnits | null = null;
  private binnings = new Map<number, HexBinning>();
  private trends = new Map<string, PatrolTrend>();
  /** The mask of the latest filter (by filterKey): a cell request follows the filter reply it belongs to. */
  private lastMask: { key: string; mask: Uint8Array } | null = null;

  /** `now` stands in for asOf when the dataset has none. */
  constructor(
    private current: Dataset,
    now: number,
  ) {
    this.asOf = datasetAsOf(current, now);
  }

  get dataset(): Dataset {
    return this.current;
  }

  /**
   * Takes `next` as the engine's dataset when it is this one with its patrols added (the stats worker reads the
   * incidents first): what was built from the incidents and boundaries stays; the patrol trends go. False (nothing
   * changed) when `next` has other incidents or boundaries: the caller makes a new engine.
   */
  adopt(next: Dataset): boolean {
    const d = this.current;
    if (next === d) return true;
    const same = (
      ['incidents', 'incidentColumns', 'community', 'grids', 'microGrids', 'enterprises'] as const
    ).every((k) => next[k] === d[k]);
    if (!same) return false;
    if (next.patrols !== d.patrols) this.trends.clear();
    this.current = next;
    return true;
  }

  get table(): IncidentTable {
    return (this.tableCache ??= datasetIncidents(this.dataset));
  }

  get grids(): AnalysisGrids {
    return (this.gridsCache ??= analysisGrids(this.dataset, this.asOf));
  }

  /** The table's grids' communities and towns (issue 14), as typed arrays over its grid indexes. */
  get units(): SummaryUnits {
    return (this.unitsCache ??= summaryUnits(this.table, buildHierarchy(this.dataset, this.asOf), this.grids.grids));
  }

  binning(sizeM: number): HexBinning {
    let b = this.binnings.get(sizeM);
    if (!b) this.binnings.set(sizeM, (b = hexBinning(this.dataset, this.table, sizeM)));
    return b;
  }

  /** The incidents `filter` selects, as filterMask gives them (the latest one is kept; never transferred). */
  mask(filter: IncidentFilter): Uint8Array {
    checkFilter(filter);
    const key = filterKey(filter);
    if (this.lastMask?.key !== key) this.lastMask = { key, mask: filterMask(this.table, filter, { asOf: this.asOf, units: this.units }) };
    return this.lastMask.mask;
  }

  /**
   * The summary, points and (when `hexSizeM` is not null) hex cells of one filter. A failed hex analysis leaves the
   * numbers standing: its message goes in `hexError`.
   */
  filter(filter: IncidentFilter, hexSizeM: number | null): FilterReport {
    const table = this.table;
    const mask = this.mask(filter);
    const { grids, names } = this.grids;
    const summary = incidentSummary(table, filter, { asOf: this.asOf, grids, names, units: this.units });
    let hex = null;
    let hexError: string | null = null;
    if (hexSizeM !== null) {
      try {
        hex = hexAnalysis(this.binning(hexSizeM), table, mask, filter);
      } catch (e) {
        hexError = e instanceof Error ? e.message : String(e);
      }
    }
    return { summary, points: maskedPoints(table, mask), hex, hexError };
  }

  /**
   * The incidents of study cell `cell` (an index into the hex result of `sizeM`) that `filter` selects: the first
   * HEX_LIST_CAP in table order and their count. Throws a RangeError for a cell that is not one.
   */
  cell(filter: IncidentFilter, sizeM: number, cell: number): HexCellList {
    const mask = this.mask(filter);
    return hexCellIncidents(this.binning(sizeM), this.table, mask, cell);
  }

  /** The incident card: incident `incidentId` at asOf, or null when the table has no such id. */
  incident(incidentId: string): IncidentRecord | null {
    if (typeof incidentId !== 'string') {
      throw new TypeError(`incidentId must be a string, got ${typeof incidentId}`);
    }
    const table = this.table;
    const i = incidentRowById(table, incidentId);
    return i < 0 ? null : incidentRecord(table, i, this.asOf);
  }

  /** The enterprise card: enterprise `enterpriseId` at asOf, or null when the dataset has no such enterprise. */
  enterprise(enterpriseId: string): EnterpriseProfile | null {
    if (typeof enterpriseId !== 'string') {
      throw new TypeError(`enterpriseId must be a string, got ${typeof enterpriseId}`);
    }
    return enterpriseProfile({ dataset: this.dataset, incidents: this.table }, enterpriseId, this.asOf);
  }

  /**
   * A download in `format` (io/export, as the CLI's `export` writes it): the incidents `filter` selects, under the
   * same mask as the summary's total, or the whole layer `what` (the filter is then not used). Only the contract's
   * properties are written (io/export/layers), a property outside it is named in a warning. Incidents read from
   * incidents.geojson are its own features (row i of the table is feature i), as the CLI writes them; read into
   * columns (incidents.bin, .csv), they are made one at a time from the columns, never held as a million objects.
   */
  export(what: AnalystExport, format: ExportFormat, filter: IncidentFilter): ExportReport {
    const columns = contractColumns(what);
    let features: ExportFeatures;
    let count: number;
    // Made from the columns, the features hold the contract's properties only: no need to look for others.
    let fromColumns = false;
    if (what === 'incidents') {
      const original = this.dataset.incidentColumns ? undefined : this.dataset.incidents?.features;
      fromColumns = !original;
      ({ features, count } = tableFeatures(this.table, this.mask(filter), original && ((_, i) => original[i])));
    } else {
      const all = layerCollection(this.dataset, what)?.features ?? [];
      features = all;
      count = all.length;
    }
    const outside = fromColumns ? null : outsideWarning(propertiesOutside(features, columns));
    const warnings = outside ? [outside] : [];
    const written = writeExport(format, features, { name: what, columns, emptyKind: EXPORT_LAYER_KIND[what] });
    const renames = written.renames ?? [];
    // The page says the renamed fields in the analyst's language; the CLI's wording (with its --map hint) stays out.
    const others = written.warnings.filter((w) => !(renames.length && w.startsWith(RENAMED_FIELDS_WARNING)));
    return { bytes: written.bytes, count, warnings: [...warnings, ...others], renames };
  }

  /**
   * The monthly assessment report of `month` (`gridsight report`'s page): the month's stats JSON (datasetStats, as
   * the `stats` request and the CLI compute it) and the figures io/report-data gathers from the dataset, which must
   * hold its patrols. `validation` is what the page's validation found (null: none at hand, `notValidated` says why).
   */
  report(
    month: string,
    options: {
      lang: ReportLang;
      validation: ReportFindings | null;
      notValidated?: ReportInput['notValidated'];
      now: number;
    },
  ): MonthlyReport {
    const dataset = this.dataset;
    const stats = datasetStats(dataset, { month, now: options.now });
    const { input, warning } = reportInput(
      dataset,
      { stats, dataMonths: dataMonths(dataset), validation: options.validation },
      { lang: options.lang, now: options.now, notValidated: options.notValidated },
    );
    return { html: renderReportHtml(input), month: stats.month, warning };
  }

  /** The month's tracks and the trend over `months` (the trend is kept per list of months). */
  patrol(month: string, months: readonly string[]): PatrolReport {
    const key = months.join(',');
    let trend = this.trends.get(key);
    if (!trend) this.trends.set(key, (trend = patrolTrend(this.dataset, months, this.asOf, { grids: this.grids })));
    const tracks: FeatureCollection<LineString, PatrolProps> = {
      type: 'FeatureCollection',
      features: tracksInMonth(this.dataset.patrols?.features ?? [], month).map((f) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          id: f.properties.id,
          memberId: f.properties.memberId,
          gridCode: f.properties.gridCode,
          startedAt: f.properties.startedAt,
        },
      })),
    };
    return { month, tracks, trend };
  }
}
