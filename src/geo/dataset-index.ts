import type {
  CommunityFC,
  Dataset,
  EnterpriseFeature,
  GridFC,
  GridFeature,
  Member,
  MicroGridFC,
  MicroGridFeature,
} from '../domain/types';
import { assignEnterprises } from './assign';
import { buildHierarchy, type Hierarchy } from '../domain/hierarchy';
import { activeFeatures } from '../domain/lineage';
import { datasetAsOf, enterprisesByGrid, type ScaleCount } from '../domain/stats';

type CommunityFeature = CommunityFC['features'][number];

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
  /** County → town → community → grid → micro-grid at asOf (domain/hierarchy). */
  hierarchy: Hierarchy;
  /** community.geojson's features by code (the first of a repeated code, as the hierarchy). */
  communities: Map<string, CommunityFeature>;
  /** More than one community: the overview then starts at the county and drills down through towns. */
  multiCommunity: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byCode = (a: { properties: { code: string } }, b: { properties: { code: string } }) =>
  a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0;

/** @example buildIndex((await loadVersionedDataset('./data/zhihuiwan/')).dataset).countsByGrid.get('330424002201001') */
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

  const hierarchy = buildHierarchy(dataset, asOf);
  const communities = new Map<string, CommunityFeature>();
  for (const c of dataset.community?.features ?? []) {
    const code = c.properties?.code;
    if (typeof code === 'string' && !communities.has(code)) communities.set(code, c);
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
    hierarchy,
    communities,
    multiCommunity: hierarchy.communities.length > 1,
  };
}

/** What the overview's panel shows of a county, town or community: its grids, micro-grids and enterprises. */
export interface UnitFigures {
  grids: number;
  microGrids: number;
  /** Enterprises whose point lies in one of its grids, by scale (the boundaries decide, as countsByGrid). */
  above: number;
  below: number;
}

/**
 * The figures of a set of grids in force (a town's or a community's, from index.hierarchy): one function for
 * every level of the panel, so a town's figures are its communities' figures summed.
 * @example unitFigures(index, index.hierarchy.communities[0].gridCodes).grids
 */
export function unitFigures(index: DatasetIndex, gridCodes: Iterable<string>): UnitFigures {
  const out: UnitFigures = { grids: 0, microGrids: 0, above: 0, below: 0 };
  for (const code of gridCodes) {
    if (!index.grids.has(code)) continue;
    out.grids++;
    out.microGrids += index.hierarchy.microGridsOfGrid.get(code)?.length ?? 0;
    const c = index.countsByGrid.get(code);
    if (c) {
      out.above += c.above;
      out.below += c.below;
    }
  }
  return out;
}

/** The grid codes of a town: its communities' grids. */
export function townGridCodes(index: DatasetIndex, townCode: string): string[] {
  const town = index.hierarchy.towns.find((t) => t.code === townCode);
  if (!town) return [];
  const byCode = new Map(index.hierarchy.communities.map((c) => [c.code, c]));
  return town.communityCodes.flatMap((c) => byCode.get(c)?.gridCodes ?? []);
}
