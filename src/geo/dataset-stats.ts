/**
 * The `stats` JSON of a loaded dataset (issue 4): assigns enterprises to the grids in force at asOf, measures the
 * month's patrol geometry (geo/patrol-coverage) and hands both to domain/stats. Shared by the CLI and the app.
 */
import type { Dataset, PatrolAreaFile } from '../domain/types';
import { activeFeatures } from '../domain/lineage';
import { tracksInMonth } from '../domain/month-stats';
import { computeStats, datasetAsOf, type Stats } from '../domain/stats';
import { monthOf, monthRange } from '../domain/time';
import { assignEnterprises } from './assign';
import { PATROL_RADIUS_M } from '../domain/rules';
import { DEFAULT_CORRIDOR_CELL_M, patrolGeometry, visitedEnterprises } from './patrol-coverage';
import {
  PATROL_AREA_FORMAT,
  PATROL_AREA_VERSION,
  patrolAreaMonth,
  storedPatrolArea,
  trackMonths,
} from './patrol-area';

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

type PatrolGeometry = ReturnType<typeof patrolGeometry>;

/**
 * The month's patrol geometry of recent calls, per patrols collection: the wall recomputes `stats` on every change
 * of its files, mostly incidents, and the analyst goes back to a month already seen; the area coverage is seconds
 * of a county's CPU (geo/patrol-coverage) and depends only on the tracks, grids, enterprises, asOf, month, radius
 * and row height. Collections are never changed in place (a new read or a plan makes new ones), so the same
 * objects and parameters give the same figures. A few entries per collection; gone with the collection.
 */
const geometryMemo = new WeakMap<object, { grids: unknown; enterprises: unknown; key: string; value: PatrolGeometry }[]>();
const MEMO_ENTRIES = 4;

function memoPatrolGeometry(dataset: Dataset, key: string, compute: () => PatrolGeometry): PatrolGeometry {
  const patrols = dataset.patrols;
  if (!patrols) return compute();
  const entries = geometryMemo.get(patrols) ?? [];
  const hit = entries.find((e) => e.key === key && e.grids === dataset.grids && e.enterprises === dataset.enterprises);
  if (hit) return hit.value;
  const value = compute();
  geometryMemo.set(patrols, [{ grids: dataset.grids, enterprises: dataset.enterprises, key, value }, ...entries].slice(0, MEMO_ENTRIES));
  return value;
}

/**
 * What the month's patrol geometry rests on, the same for datasetStats and patrolAreaFile: asOf, the grids in force
 * then (a revoked grid keeps its feature for history; enterprises belong to the units in force) and the options'
 * radius and row height, defaulted.
 */
function patrolInputs(dataset: Dataset, options: Omit<DatasetStatsOptions, 'month'>) {
  const asOf = datasetAsOf(dataset, options.now);
  return {
    asOf,
    grids: activeFeatures(dataset.grids?.features ?? [], asOf),
    radius: options.radius ?? PATROL_RADIUS_M,
    cell: options.cell ?? DEFAULT_CORRIDOR_CELL_M,
  };
}

/**
 * @example datasetStats(await loadDataset(folderSource('data/zhihuiwan')), { now: Date.now(), month: '2026-10' })
 */
export function datasetStats(dataset: Dataset, options: DatasetStatsOptions): Stats {
  const { asOf, grids, radius, cell } = patrolInputs(dataset, options);
  const month = options.month ?? monthOf(asOf);
  const enterprises = dataset.enterprises?.features ?? [];
  const assignment = assignEnterprises(
    grids,
    activeFeatures(dataset.microGrids?.features ?? [], asOf),
    enterprises,
  );
  const tracks = tracksInMonth(dataset.patrols?.features ?? [], month);
  const geometry = memoPatrolGeometry(dataset, `${asOf}|${month}|${radius}|${cell}`, () => {
    // The area figures stored by `gridsight pack` (geo/patrol-area) when they were computed from these very inputs.
    const stored = storedPatrolArea(dataset.patrolArea, { month, radius, cell }, grids, tracks);
    return stored
      ? { visited: visitedEnterprises(tracks, enterprises, { radius }), area: stored }
      : patrolGeometry(grids, enterprises, tracks, { radius, cell });
  });
  return computeStats(dataset, {
    month,
    now: options.now,
    gridOf: assignment.grid,
    patrol: { month, radius, ...geometry },
  });
}

/**
 * The patrol area figures for patrol-area.json (`gridsight pack`): by default of the month of asOf (what every screen
 * opens on) and the month before (the last whole month, the one assessed), each when some track starts in it;
 * computed as datasetStats computes them (the grids in force at asOf), never read from the dataset's stored figures.
 * Any other month is computed when asked, as before.
 * @example JSON.stringify(patrolAreaFile(await loadDataset(folderSource('data/generated/county')), { now: Date.now() }))
 */
export function patrolAreaFile(
  dataset: Dataset,
  options: Omit<DatasetStatsOptions, 'month'> & { months?: readonly string[] },
): PatrolAreaFile {
  const { asOf, grids, radius, cell } = patrolInputs(dataset, options);
  const all = dataset.patrols?.features ?? [];
  const current = monthOf(asOf);
  const wanted = options.months ?? [monthOf(monthRange(current)[0] - 1), current];
  const withTracks = new Set(trackMonths(all));
  const months = wanted
    .filter((m) => withTracks.has(m))
    .map((month) => {
      const tracks = tracksInMonth(all, month);
      const { area } = patrolGeometry(grids, [], tracks, { radius, cell });
      return patrolAreaMonth({ month, radius, cell }, grids, tracks, area);
    });
  return { format: PATROL_AREA_FORMAT, version: PATROL_AREA_VERSION, months };
}
