/** `stats DIR`: the numbers of a dataset folder, computed by the same functions as the app. */
import { basename, join, resolve } from 'node:path';
import { datasetIncidents } from '../domain/incident-table';
import type { Stats } from '../domain/stats';
import { monthOf, parseTime } from '../domain/time';
import type { Dataset } from '../domain/types';
import { datasetStats } from '../geo/dataset-stats';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { folderSource } from '../io/fs-source';

export interface RunStatsOptions {
  /** "YYYY-MM"; default: the month of asOf. */
  month?: string;
  /** Metres within which a track visits an enterprise and covers ground. Default 50 (DOMAIN.md). */
  radius?: number;
}

/** First and last CST month ("YYYY-MM") in which an incident was reported or a patrol track started. */
export interface MonthSpan {
  first: string;
  last: string;
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
 * The months a dataset's incidents (by reportedAt) and patrol tracks (by startedAt) span, or null with neither.
 * @example dataMonths(dataset) // { first: '2025-12', last: '2026-11' }
 */
export function dataMonths(
  dataset: Pick<Dataset, 'incidents' | 'incidentColumns' | 'patrols'>,
): MonthSpan | null {
  let lo = Infinity;
  let hi = -Infinity;
  const { n, reported } = datasetIncidents(dataset);
  for (let i = 0; i < n; i++) {
    const t = reported[i];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  for (const f of dataset.patrols?.features ?? []) {
    const t = parseTime(f.properties.startedAt);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return lo <= hi ? { first: monthOf(lo), last: monthOf(hi) } : null;
}

/**
 * One line for stderr when `month` lies outside the months the data covers (its figures are then all zeros or
 * "—"), else null. "YYYY-MM" strings compare as months.
 * @example monthWarning('2027-03', { first: '2025-12', last: '2026-11' })
 */
export function monthWarning(month: string, span: MonthSpan | null): string | null {
  if (!span) return `warning: ${month} has no data: the folder has no incidents and no patrol tracks`;
  if (month >= span.first && month <= span.last) return null;
  const covers = span.first === span.last ? span.first : `${span.first} to ${span.last}`;
  return `warning: ${month} has no data: the incidents and patrol tracks cover ${covers}`;
}

/**
 * A contract file's error named by its path: "grids.geojson: …" becomes "/data/x/grids.geojson: …", unless the
 * message already names the folder (a missing file, a link out of it) or the file is already a path.
 */
function withPath(e: DatasetError, root: string): DatasetError {
  if (basename(e.file) !== e.file || e.message.includes(root)) return e;
  return new DatasetError(join(root, e.file), e.detail, e.where);
}
