/**
 * The grids of the analyst's views (issue 4): those in force at asOf with their enterprises by boundary, the same
 * assignment `stats` makes (geo/dataset-stats), computed once per dataset and shared by the filter summary and the
 * patrol trend.
 */
import type { Dataset, GridFeature } from '../domain/types';
import { activeFeatures } from '../domain/lineage';
import { enterprisesByGrid } from '../domain/stats';
import type { SummaryGrid } from '../domain/incident-summary';
import { assignEnterprises } from './assign';

export interface AnalysisGrids {
  asOf: number;
  /** Grids in force at asOf, by code. */
  active: GridFeature[];
  /** The same grids with their enterprise counts, for incidentSummary. */
  grids: SummaryGrid[];
  /** Names of every grid feature, revoked ones too (an old incident may name one). */
  names: Map<string, string>;
  /** Enterprise id → grid code containing it (null: outside every grid in force). */
  gridOf: Map<string, string | null>;
}

/** @example analysisGrids(dataset, datasetAsOf(dataset, Date.now())).grids */
export function analysisGrids(dataset: Pick<Dataset, 'grids' | 'microGrids' | 'enterprises'>, asOf: number): AnalysisGrids {
  const active = activeFeatures(dataset.grids?.features ?? [], asOf).sort((a, b) =>
    a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0,
  );
  const enterprises = dataset.enterprises?.features ?? [];
  const gridOf = assignEnterprises(active, activeFeatures(dataset.microGrids?.features ?? [], asOf), enterprises).grid;
  const perGrid = enterprisesByGrid(enterprises, gridOf);
  const grids = active.map((g) => {
    const c = perGrid.get(g.properties.code);
    return { code: g.properties.code, name: g.properties.name, enterprises: c ? c.above + c.below : 0 };
  });
  const names = new Map((dataset.grids?.features ?? []).map((g) => [g.properties.code, g.properties.name]));
  return { asOf, active, grids, names, gridOf };
}
