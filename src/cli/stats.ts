/** `stats DIR`: the numbers of a dataset folder, computed by the same functions as the app. */
import { basename, join, resolve } from 'node:path';
import type { Stats } from '../domain/stats';
import type { Dataset } from '../domain/types';
import { datasetStats } from '../geo/dataset-stats';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { folderSource } from '../io/fs-source';
import { dataMonths, type MonthSpan } from '../io/report-data';

// Pure, shared with the report (io/report-data, which the app's stats worker runs too); exported here as before.
export { dataMonths, monthWarning, type MonthSpan } from '../io/report-data';

export interface RunStatsOptions {
  /** "YYYY-MM"; default: the month of asOf. */
  month?: string;
  /** Metres within which a track visits an enterprise and covers ground. Default 50 (DOMAIN.md). */
  radius?: number;
}

/** The stats JSON and what the text output and the month warning need besides. */
export interface StatsRun {
  stats: Stats;
  /** community.geojson's communities, in file order (empty when the folder has none). */
  communities: { code: string; name: string }[];
  /** The months the incidents and patrol tracks cover; null when the folder has neither. */
  dataMonths: MonthSpan | null;
}

/**
 * The stats of a dataset folder, with its communities and the months its data covers. An unreadable file is a
 * DatasetError naming the file by its path (the folder joined to the contract file's name).
 * @example (await loadStats('data/zhihuiwan', { month: '2026-10' })).dataMonths // { first: '2025-12', last: '2026-11' }
 */
export async function loadStats(dir: string, options: RunStatsOptions = {}): Promise<StatsRun> {
  let dataset: Dataset;
  try {
    dataset = await loadDataset(folderSource(dir), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  } catch (e) {
    throw e instanceof DatasetError ? withPath(e, resolve(dir)) : e;
  }
  const stats = datasetStats(dataset, { month: options.month, radius: options.radius, now: Date.now() });
  const communities = (dataset.community?.features ?? []).map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
  }));
  return { stats, communities, dataMonths: dataMonths(dataset) };
}

/** The stats JSON of a dataset folder (what `stats DIR` prints). */
export async function runStats(dir: string, options: RunStatsOptions = {}): Promise<Stats> {
  return (await loadStats(dir, options)).stats;
}

/**
 * A contract file's error named by its path: "grids.geojson: …" becomes "/data/x/grids.geojson: …", unless the
 * message already names the folder (a missing file, a link out of it) or the file is already a path.
 */
function withPath(e: DatasetError, root: string): DatasetError {
  if (basename(e.file) !== e.file || e.message.includes(root)) return e;
  return new DatasetError(join(root, e.file), e.detail, e.where);
}
