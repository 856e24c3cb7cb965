/** `stats DIR`: the numbers of a dataset folder, computed by the same functions as the app. */
import { computeStats, type Stats } from '../domain/stats';
import { assignEnterprises } from '../geo/assign';
import { loadDataset } from '../io/dataset';
import { folderSource } from '../io/fs-source';

export async function runStats(dir: string, options: { month?: string } = {}): Promise<Stats> {
  const dataset = await loadDataset(folderSource(dir), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
  const assignment = assignEnterprises(
    dataset.grids?.features ?? [],
    dataset.microGrids?.features ?? [],
    dataset.enterprises?.features ?? [],
  );
  return computeStats(dataset, { month: options.month, now: Date.now(), gridOf: assignment.grid });
}
