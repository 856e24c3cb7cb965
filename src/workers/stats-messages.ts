/**
 * The messages between the stats worker and the analysis store. The store sends the dataset once (what the
 * overview already loaded, without incidents and patrols) with the folder's URL; the worker reads the incidents and
 * patrols itself and keeps the whole dataset, so each month asked for afterwards is one small message.
 */
import type { FeatureCollection, LineString } from 'geojson';
import type { Dataset, DatasetFile, PatrolProps } from '../domain/types';
import type { IncidentFilter, IncidentSummary, PatrolTrend } from '../domain/incident-filter';
import { DATASET_FILES } from '../domain/types';
import type { Stats } from '../domain/stats';
import type { HexAnalysis, HexIncident } from '../geo/hex-analysis';
import type { IncidentRecord } from '../domain/incident-record';
import type { EnterpriseProfile } from '../geo/enterprise-profile';
import { loadDataset, type DatasetSource } from '../io/dataset';
import type { ExportFormat } from '../io/export';
import type { ReportFindings } from '../io/report-data';
import type { ReportInput, ReportLang } from '../io/report-html';

/**
 * What the analyst can download from the stats worker: the incidents the filter selects, or a whole layer of the
 * dataset it was sent.
 */
export const ANALYST_EXPORTS = ['incidents', 'grids', 'microgrids', 'enterprises'] as const;
export type AnalystExport = (typeof ANALYST_EXPORTS)[number];

/** What the overview's load already holds and the stats need; the manifest says which other files exist. */
export type StatsInput = Pick<
  Dataset,
  'manifest' | 'community' | 'grids' | 'microGrids' | 'enterprises' | 'members'
>;

/** The files the overview skips (dataset-preload's OVERVIEW_LOAD_OPTIONS) and the month statistics read. */
export const ANALYSIS_FILES: readonly DatasetFile[] = [
  'incidents.geojson',
  'incidents.csv',
  'incidents.bin',
  'patrols.geojson',
  'patrol-area.json',
];

/**
 * How much of the files read as bytes (incidents.bin) has arrived: what the panel shows while a county's ~70 MB
 * download runs. `total` is null while a length is unknown (no Content-Length, or a compressed answer).
 */
export interface LoadProgress {
  received: number;
  total: number | null;
}

export type StatsRequest =
  /**
   * Sent at start-up when the app opens on #/analyze (stats-client prestartStats): the worker finds the start-up
   * dataset as the overview's read does (io/dataset-url resolveDataset) and starts reading its incidents and patrols
   * at once, while the rest of the dataset loads elsewhere. A `dataset` message for the same folder and file list
   * then takes the read over; any other discards it.
   */
  | { type: 'prefetch'; search: string; pageUrl: string }
  /** The dataset for the `stats` requests that follow with the same key; replaces any earlier one. */
  | { type: 'dataset'; key: number; baseUrl: string; dataset: StatsInput }
  /** The stats JSON of `month` ("YYYY-MM") for the dataset sent with `key`. */
  | { type: 'stats'; id: number; key: number; month: string; now: number }
  /**
   * The summary of `filter` (domain/incident-summary), the points passing it and, when `hexSizeM` is not null, the
   * hex bins and Gi* of those incidents at that size (geo/hex-analysis). `now` stands in for a missing asOf.
   */
  | { type: 'filter'; id: number; key: number; filter: IncidentFilter; hexSizeM: number | null; now: number }
  /**
   * The incidents of one study cell (`cell`: its index in the hex result of `sizeM`) that `filter` selects, the first
   * HEX_LIST_CAP in table order, and their count: what the cell panel lists when the analyst opens that cell.
   */
  | {
      type: 'cell';
      id: number;
      key: number;
      filter: IncidentFilter;
      sizeM: number;
      cell: number;
      now: number;
    }
  /** The month's patrol tracks and the coverage trend over `months` ("YYYY-MM", oldest first). */
  | { type: 'patrol'; id: number; key: number; month: string; months: string[]; now: number }
  /** The incident card: incident `incidentId` at asOf (domain/incident-record), or null when there is none. */
  | { type: 'incident'; id: number; key: number; incidentId: string; now: number }
  /** The enterprise card: enterprise `enterpriseId` at asOf (geo/enterprise-profile), or null when there is none. */
  | { type: 'enterprise'; id: number; key: number; enterpriseId: string; now: number }
  /**
   * A download (io/export): the incidents `filter` selects (the very count the filter's summary shows), or the whole
   * layer `what`, in `format`. The file's bytes come back transferred.
   */
  | {
      type: 'export';
      id: number;
      key: number;
      what: AnalystExport;
      format: ExportFormat;
      filter: IncidentFilter;
      now: number;
    }
  /**
   * The monthly assessment report of `month` as one HTML page (io/report-data reportInput, io/report-html: what
   * `gridsight report` writes), in `lang`. `validation` is the page's validation report cut to what the report reads
   * (reportFindings), null when there is none; `notValidated` then says why.
   */
  | {
      type: 'report';
      id: number;
      key: number;
      month: string;
      lang: ReportLang;
      validation: ReportFindings | null;
      notValidated?: ReportInput['notValidated'];
      now: number;
    };

export interface StatsError {
  /** The file that could not be read, when it was a file. */
  file?: string;
  where?: string;
  message: string;
}

/** A month's patrol tracks as the map draws them, and the coverage trend the chart draws. */
export interface PatrolReport {
  month: string;
  tracks: FeatureCollection<LineString, PatrolProps>;
  trend: PatrolTrend;
}

/** What one filter yields. `points` is lon, lat interleaved, transferred (not copied). */
export interface FilterReport {
  summary: IncidentSummary;
  points: Float64Array;
  /** null when the request had no hex size, or when the hex analysis failed (`hexError` says why). */
  hex: HexAnalysis | null;
  hexError: string | null;
}

/** A written download: the file's bytes (their buffer transferred), how many features, what the user should know. */
export interface ExportReport {
  bytes: Uint8Array;
  count: number;
  /** One line each, English (the writers' words); the renamed DBF fields are in `renames` instead. */
  warnings: string[];
  /** A Shapefile's properties whose DBF field name differs from them (cut to 10 bytes), for a translated note. */
  renames: Array<{ property: string; field: string }>;
}

/** The monthly report's page, the month it is of, and the month-outside-the-data warning (English), or null. */
export interface MonthlyReport {
  html: string;
  month: string;
  warning: string | null;
}

type StatsReplyKind =
  'stats' | 'filter' | 'cell' | 'patrol' | 'incident' | 'enterprise' | 'export' | 'report';

/** `kind` says which request an `id` answers (the type of that request). */
export type StatsReply =
  | { kind: 'stats'; id: number; ok: true; stats: Stats; ms: number }
  /** Ahead of the answer to a `stats` request that waits for the dataset's files: how far their download is. */
  | { kind: 'stats'; id: number; partial: true; progress: LoadProgress }
  | ({ kind: 'filter'; id: number; ok: true; ms: number } & FilterReport)
  | { kind: 'cell'; id: number; ok: true; ms: number; incidents: HexIncident[]; count: number }
  | ({ kind: 'patrol'; id: number; ok: true; ms: number } & PatrolReport)
  | { kind: 'incident'; id: number; ok: true; ms: number; record: IncidentRecord | null }
  | { kind: 'enterprise'; id: number; ok: true; ms: number; profile: EnterpriseProfile | null }
  | ({ kind: 'export'; id: number; ok: true; ms: number } & ExportReport)
  | ({ kind: 'report'; id: number; ok: true; ms: number } & MonthlyReport)
  | { kind: StatsReplyKind; id: number; ok: false; error: StatsError };

/** @example statsInput(index.dataset) */
export function statsInput(dataset: Dataset): StatsInput {
  const { manifest, community, grids, microGrids, enterprises, members } = dataset;
  return { manifest, community, grids, microGrids, enterprises, members };
}

/** The patrols and their stored area figures (geo/patrol-area): read together, used together. */
const PATROL_FILES: readonly DatasetFile[] = ['patrols.geojson', 'patrol-area.json'];
/** The analysis files read by analysisReads: the incidents, in whichever form the dataset has them. */
const INCIDENT_FILES = ANALYSIS_FILES.filter((f) => !PATROL_FILES.includes(f));

/**
 * What analysisReads gives: `incidents`, the input with its incidents (the filter, hex cells and incident cards
 * need nothing more), and `full`, with the patrols as well (the month's statistics, patrol figures and enterprise
 * cards). `full` shares the incidents' objects, so whatever was built from them stays valid.
 */
export interface AnalysisReads {
  incidents: Promise<Dataset>;
  full: Promise<Dataset>;
}

/**
 * Reads `input`'s incidents (incidents.geojson, else incidents.csv or incidents.bin, into columns with their titles,
 * which the incident and enterprise cards show) and its patrols from `source`, side by side: only those files are
 * requested; the manifest is the one already read, not fetched again. The incidents are ready without waiting for
 * the patrols (a county's 64 MB of tracks take seconds to parse), so the analyst's first count comes sooner.
 * @example const { incidents, full } = analysisReads(urlSource(baseUrl), statsInput(index.dataset))
 */
export function analysisReads(source: DatasetSource, input: StatsInput): AnalysisReads {
  const only: DatasetSource = {
    location: source.location,
    manifest: async () => input.manifest,
    read: (f) => source.read(f),
    readBytes: source.readBytes && ((f) => source.readBytes!(f)),
  };
  const read = (files: readonly DatasetFile[]) =>
    loadDataset(only, {
      require: [],
      skip: DATASET_FILES.filter((f) => !files.includes(f)),
      // A county's million titles cost ~65 MiB more in this worker (measured on data/generated/county); the cards
      // are their only readers here.
      incidentTitles: true,
    });
  const incidents = read(INCIDENT_FILES).then((extra): Dataset => ({
    ...input,
    incidents: extra.incidents,
    incidentColumns: extra.incidentColumns,
  }));
  const patrols = read(PATROL_FILES);
  const full = Promise.all([incidents, patrols]).then(([d, extra]): Dataset => ({
    ...d,
    patrols: extra.patrols,
    ...(extra.patrolArea && { patrolArea: extra.patrolArea }),
  }));
  // Each is awaited (and its failure reported) by the requests that need it; none is left unhandled meanwhile.
  incidents.catch(() => {});
  full.catch(() => {});
  return { incidents, full };
}
