/** `stats DIR`: the numbers of a dataset folder, computed by the same functions as the app. */
import type { Stats } from '../domain/stats';
import { datasetStats } from '../geo/dataset-stats';
import { loadDataset } from '../io/dataset';
import { folderSource } from '../io/fs-source';

export interface RunStatsOptions {
  /** "YYYY-MM"; default: the month of asOf. */
  month?: string;
  /** Metres within which a track visits an enterprise and covers ground. Default 50 (DOMAIN.md). */
  radius?: number;
}

export async function runStats(dir: string, options: RunStatsOptions = {}): Promise<Stats> {
  const dataset = await loadDataset(folderSource(dir), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  return datasetStats(dataset, { month: options.month, radius: options.radius, now: Date.now() });
}
