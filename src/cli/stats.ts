/** `stats DIR`: the numbers of a dataset folder, computed by the same functions as the app. */
import { activeFeatures } from '../domain/lineage';
import { computeStats, datasetAsOf, type Stats } from '../domain/stats';
import { assignEnterprises } from '../geo/assign';
import { loadDataset } from '../io/dataset';
import { folderSource } from '../io/fs-source';

export async function runStats(dir: string, options: { month?: string } = {}): Promise<Stats> {
  const dataset = await loadDataset(folderSource(dir), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  // Enterprises belong to the units in force at asOf (a revoked grid keeps its feature for history).
  const asOf = datasetAsOf(dataset, Date.now());
  const assignment = assignEnterprises(
    activeFeatures(dataset.grids?.features ?? [], asOf),
    activeFeatures(dataset.microGrids?.features ?? [], asOf),
    dataset.enterprises?.features ?? [],
  );
  return computeStats(dataset, { month: options.month, now: Date.now(), gridOf: assignment.grid });
}
