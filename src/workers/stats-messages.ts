/**
 * The messages between the stats worker and the analysis store. The store sends the dataset once (what the
 * overview already loaded, without incidents and patrols) with the folder's URL; the worker reads the incidents and
 * patrols itself and keeps the whole dataset, so each month asked for afterwards is one small message.
 */
import type { Dataset, DatasetFile } from '../domain/types';
import { DATASET_FILES } from '../domain/types';
import type { Stats } from '../domain/stats';
import type { HexAnalysis } from '../geo/hex-analysis';
import { loadDataset, type DatasetSource } from '../io/dataset';

/** What the overview's load already holds and the stats need; the manifest says which other files exist. */
export type StatsInput = Pick<
  Dataset,
  'manifest' | 'community' | 'grids' | 'microGrids' | 'enterprises' | 'members'
>;

/** The files the overview skips (dataset-preload's OVERVIEW_LOAD_OPTIONS) and the month statistics read. */
export const ANALYSIS_FILES: readonly DatasetFile[] = [
  'incidents.geojson',
  'incidents.csv',
  'patrols.geojson',
];

export type StatsRequest =
  /** The dataset for the `stats` requests that follow with the same key; replaces any earlier one. */
  | { type: 'dataset'; key: number; baseUrl: string; dataset: StatsInput }
  /** The stats JSON of `month` ("YYYY-MM") for the dataset sent with `key`. */
  | { type: 'stats'; id: number; key: number; month: string; now: number }
  /** Hex bins and Gi* of `month`'s incidents at `sizeM` (geo/hex-analysis). */
  | { type: 'hex'; id: number; key: number; month: string; sizeM: number };

export interface StatsError {
  /** The file that could not be read, when it was a file. */
  file?: string;
  where?: string;
  message: string;
}

/** `kind` says which request an `id` answers: stats and hex requests are numbered separately. */
export type StatsReply =
  | { kind: 'stats'; id: number; ok: true; stats: Stats; ms: number }
  | { kind: 'hex'; id: number; ok: true; hex: HexAnalysis; ms: number }
  | { kind: 'stats' | 'hex'; id: number; ok: false; error: StatsError };

/** @example statsInput(index.dataset) */
export function statsInput(dataset: Dataset): StatsInput {
  const { manifest, community, grids, microGrids, enterprises, members } = dataset;
  return { manifest, community, grids, microGrids, enterprises, members };
}

/**
 * `input` with its incidents (incidents.geojson, else incidents.csv) and patrols read from `source`: only those
 * files are requested; the manifest is the one already read, not fetched again.
 * @example await withIncidentsAndPatrols(urlSource(baseUrl), statsInput(index.dataset))
 */
export async function withIncidentsAndPatrols(source: DatasetSource, input: StatsInput): Promise<Dataset> {
  const only: DatasetSource = {
    location: source.location,
    manifest: async () => input.manifest,
    read: (f) => source.read(f),
  };
  const extra = await loadDataset(only, {
    require: [],
    skip: DATASET_FILES.filter((f) => !ANALYSIS_FILES.includes(f)),
  });
  return { ...input, incidents: extra.incidents, patrols: extra.patrols };
}
