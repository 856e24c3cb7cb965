/**
 * The `stats` JSON of a loaded dataset (issue 4): assigns enterprises to the grids in force at asOf, measures the
 * month's patrol geometry (geo/patrol-coverage) and hands both to domain/stats. Shared by the CLI and the app.
 */
import type { Dataset } from '../domain/types';
import { activeFeatures } from '../domain/lineage';
import { tracksInMonth } from '../domain/month-stats';
import { computeStats, datasetAsOf, type Stats } from '../domain/stats';
import { monthOf } from '../domain/time';
import { assignEnterprises } from './assign';
import { PATROL_RADIUS_M } from '../domain/rules';
import { DEFAULT_CORRIDOR_CELL_M, patrolGeometry } from './patrol-coverage';

export interface DatasetStatsOptions {
  /** "YYYY-MM"; default: the month of asOf. */
  month?: string;
  /** "Now" when the dataset has no asOf (epoch ms). */
  now: number;
  /** Metres within which a track visits an enterprise and covers ground. Default PATROL_RADIUS_M (domain/rules). */
  radius?: number;
  /** Row height of the area integration, metres (geo/patrol-coverage). Default 1. */
  cell?: number;
}

/**
 * @example datasetStats(await loadDataset(folderSource('data/zhihuiwan')), { now: Date.now(), month: '2026-10' })
 */
export function datasetStats(dataset: Dataset, options: DatasetStatsOptions): Stats {
  const asOf = datasetAsOf(dataset, options.now);
  const month = options.month ?? monthOf(asOf);
  // Enterprises belong to the units in force at asOf (a revoked grid keeps its feature for history).
  const grids = activeFeatures(dataset.grids?.features ?? [], asOf);
  const enterprises = dataset.enterprises?.features ?? [];
  const assignment = assignEnterprises(
    grids,
    activeFeatures(dataset.microGrids?.features ?? [], asOf),
    enterprises,
  );
  const radius = options.radius ?? PATROL_RADIUS_M;
  const tracks = tracksInMonth(dataset.patrols?.features ?? [], month);
  const geometry = patrolGeometry(grids, enterprises, tracks, {
    radius,
    cell: options.cell ?? DEFAULT_CORRIDOR_CELL_M,
  });
  return computeStats(dataset, {
    month,
    now: options.now,
    gridOf: assignment.grid,
    patrol: { month, radius, ...geometry },
  });
}
