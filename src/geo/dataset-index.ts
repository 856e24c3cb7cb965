import type {
  Dataset,
  EnterpriseFeature,
  GridFC,
  GridFeature,
  Member,
  MicroGridFC,
  MicroGridFeature,
} from '../domain/types';
import { assignEnterprises } from './assign';
import { activeFeatures } from '../domain/lineage';
import { datasetAsOf, enterprisesByGrid, type ScaleCount } from '../domain/stats';

/**
 * Lookups the overview needs, built once per loaded dataset. Plain Maps, never reactive: the store keeps this
 * object in a shallowRef and bumps a version counter instead.
 */
export interface DatasetIndex {
  dataset: Dataset;
  /** The dataset's asOf (epoch ms; now when it has none): only units in force then are drawn, listed or counted. */
  asOf: number;
  /** Grids and micro-grids in force at asOf, for the map. A revoked unit keeps its feature for history only. */
  gridsInForce: GridFC;
  microGridsInForce: MicroGridFC;
  grids: Map<string, GridFeature>;
  microGrids: Map<string, MicroGridFeature>;
  enterprises: Map<string, EnterpriseFeature>;
  /** Micro-grids by their declared gridCode, sorted by code. */
  microGridsByGrid: Map<string, MicroGridFeature[]>;
  /** Members by gridCode (micro-leaders excluded: they belong to micro-grids). */
  staffByGrid: Map<string, Member[]>;
  microLeaders: Map<string, Member[]>;
  /** Where each enterprise point lies: the boundaries decide, not the declared codes (DOMAIN.md). */
  gridOf: Map<string, string | null>;
  microGridOf: Map<string, string | null>;
  enterprisesInGrid: Map<string, EnterpriseFeature[]>;
  enterprisesInMicroGrid: Map<string, EnterpriseFeature[]>;
  countsByGrid: Map<string, ScaleCount>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byCode = (a: { properties: { code: string } }, b: { properties: { code: string } }) =>
  a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0;

/** @example buildIndex(await loadDatasetFromUrl('./data/zhihuiwan/')).countsByGrid.get('330424002201001') */
export function buildIndex(dataset: Dataset, now: number = Date.now()): DatasetIndex {
  const asOf = datasetAsOf(dataset, now);
  const gridList = activeFeatures(dataset.grids?.features ?? [], asOf);
  const microInForce = activeFeatures(dataset.microGrids?.features ?? [], asOf);
  const microList = [...microInForce].sort(byCode);
  const enterpriseList = dataset.enterprises?.features ?? [];

  const microGridsByGrid = new Map<string, MicroGridFeature[]>();
  for (const m of microList) push(microGridsByGrid, m.properties.gridCode, m);

  const staffByGrid = new Map<string, Member[]>();
  const microLeaders = new Map<string, Member[]>();
  for (const m of dataset.members ?? []) {
    if (m.role === 'micro-leader') {
      if (m.microGridCode) push(microLeaders, m.microGridCode, m);
    } else push(staffByGrid, m.gridCode, m);
  }

  const assignment = assignEnterprises(gridList, microList, enterpriseList);
  const enterprisesInGrid = new Map<string, EnterpriseFeature[]>();
  const enterprisesInMicroGrid = new Map<string, EnterpriseFeature[]>();
  for (const e of enterpriseList) {
    const g = assignment.grid.get(e.properties.id);
    const m = assignment.microGrid.get(e.properties.id);
    if (g) push(enterprisesInGrid, g, e);
    if (m) push(enterprisesInMicroGrid, m, e);
  }

  return {
    dataset,
    asOf,
    gridsInForce: { type: 'FeatureCollection', features: gridList },
    microGridsInForce: { type: 'FeatureCollection', features: microInForce },
    grids: new Map(gridList.map((f) => [f.properties.code, f])),
    microGrids: new Map(microList.map((f) => [f.properties.code, f])),
    enterprises: new Map(enterpriseList.map((f) => [f.properties.id, f])),
    microGridsByGrid,
    staffByGrid,
    microLeaders,
    gridOf: assignment.grid,
    microGridOf: assignment.microGrid,
    enterprisesInGrid,
    enterprisesInMicroGrid,
    countsByGrid: enterprisesByGrid(enterpriseList, assignment.grid),
  };
}
