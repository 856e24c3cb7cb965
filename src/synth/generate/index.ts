/**
 * The synthetic dataset generator (pure: no I/O). `generateDataset` returns every layer of the data contract;
 * incidents come as a lazy iterable because a county has about a million of them.
 *
 * Construction: a rectilinear street lattice in "design space" (metres) → a disk-shaped blob of blocks (the
 * community, or the county) → communities and grids as disk-shaped groups of blocks (balanced region growing) →
 * parcels inset from the streets → micro-grids and enterprises in parcels. Then everything goes through one smooth
 * injective warp to lon/lat (warp.ts), which bends the streets and keeps inside/disjoint relations.
 */
import type { Feature, Point } from 'geojson';
import { createRng, hashSeed } from '../../domain/random';
import { parseTime } from '../../domain/time';
import type {
  BasemapFC,
  CommunityFC,
  DatasetFile,
  DatasetManifest,
  EnterpriseFC,
  GridFC,
  IncidentProps,
  Member,
  MicroGridFC,
  PatrolFC,
} from '../../domain/types';
import { basemapFC } from './basemap';
import type { CompositionOptions } from './composition';
import { communityFC, enterpriseFC, gridFC, microGridFC } from './features';
import { generateIncidents } from './incidents';
import { type Model, buildModel } from './model';
import { generatePatrols } from './patrols';
import { TOWNS } from './towns';
import { EdgeGeometry } from './rings';
import { makeWarp } from './warp';

export type Scale = 'community' | 'county';

export interface GenerateOptions {
  scale: Scale;
  seed: number;
  /** The dataset's "now". Default 2026-11-20T17:00:00+08:00 (a Friday afternoon). */
  asOf?: string;
  /** Override the preset's grid count (community default: 8–12 at random; county 430). */
  grids?: number;
  /** Override the preset's community count (community 1, county 30). */
  communities?: number;
  /** Override the expected incident count (community ≈ 300 per grid; county 1,000,000). */
  incidents?: number;
  /**
   * How many towns (镇/街道) of TOWNS the communities are spread over, 1 to min(TOWNS.length, communities); towns
   * take consecutive sectors around the centre, so a town's communities are neighbours. Default: all of TOWNS (a
   * county's 30 communities over its 9 towns). A single community is always in 西塘桥街道.
   */
  towns?: number;
  /**
   * Months of patrol tracks, ending with the month of asOf (incidents always cover 12). Default 12; fewer keep a
   * sample folder small (tracks are most of its bytes).
   */
  patrolMonths?: number;
}

/** Limits of the overrides, checked by checkGenerateOptions (and so by `generate`'s flags). */
export const GENERATE_LIMITS = {
  communities: { min: 1, max: 999 },
  /** At least one grid per community, at most 999 per community (3-digit serials) and 60,000 in all. */
  grids: { min: 1, max: 60_000, perCommunity: 999 },
  incidents: { min: 0, max: 20_000_000 },
  towns: { min: 1, max: TOWNS.length },
  patrolMonths: { min: 2, max: 12 },
} as const;

/**
 * What is wrong with the overrides of `options` for its scale, in one line naming the option; null when they are
 * fine. generateDataset throws a RangeError with it; the CLI says it as a usage error.
 * @example checkGenerateOptions({ scale: 'community', seed: 1, communities: 3, towns: 4 }) // "towns must be …"
 */
export function checkGenerateOptions(options: GenerateOptions): string | null {
  const preset = PRESETS[options.scale];
  const L = GENERATE_LIMITS;
  const whole = (v: number | undefined, min: number, max: number) => v === undefined || (Number.isSafeInteger(v) && v >= min && v <= max);
  if (!whole(options.communities, L.communities.min, L.communities.max)) {
    return `communities must be a whole number ${L.communities.min}–${L.communities.max}, got ${options.communities}`;
  }
  const communities = options.communities ?? preset.communities;
  const maxGrids = Math.min(L.grids.max, communities * L.grids.perCommunity);
  if (!whole(options.grids, communities, maxGrids)) {
    return `grids must be a whole number ${communities}–${maxGrids} (at least one per community, at most ${L.grids.perCommunity} each), got ${options.grids}`;
  }
  if (!whole(options.incidents, L.incidents.min, L.incidents.max)) {
    return `incidents must be a whole number ${L.incidents.min}–${L.incidents.max}, got ${options.incidents}`;
  }
  const maxTowns = Math.min(L.towns.max, communities);
  if (!whole(options.towns, L.towns.min, maxTowns)) {
    return `towns must be a whole number ${L.towns.min}–${maxTowns} (no more towns than communities, and 海盐县 has ${L.towns.max}), got ${options.towns}`;
  }
  if (!whole(options.patrolMonths, L.patrolMonths.min, L.patrolMonths.max)) {
    return `patrol-months must be a whole number ${L.patrolMonths.min}–${L.patrolMonths.max}, got ${options.patrolMonths}`;
  }
  return null;
}

export interface Preset {
  communities: number;
  grids: (seed: number) => number;
  incidents: (grids: number) => number;
  /** [lon, lat] of the design-space origin. */
  centre: [number, number];
  composition: CompositionOptions;
  /** Incidents go to incidents.csv above this size. */
  csv: boolean;
}

export const PRESETS: Record<Scale, Preset> = {
  community: {
    communities: 1,
    grids: (seed) => createRng(hashSeed(seed, 'grids')).int(8, 12),
    incidents: (grids) => grids * 300,
    centre: [121.0, 30.6],
    composition: {},
    csv: false,
  },
  county: {
    communities: 30,
    grids: () => 430,
    incidents: () => 1_000_000,
    centre: [120.93, 30.53],
    // 430 grids × ≈ 36 firms ≈ 15k enterprises in ≈ 5.5k micro-grids (the brief's county size).
    composition: { minFirms: 32, maxFirms: 40, aboveShare: 0.16 },
    csv: true,
  },
};

/**
 * The dataset's name: a single community's own; the county's (30 communities) 海盐县工业社区（合成）; any other count a
 * sample of it, e.g. 海盐县工业社区样例（合成，3 个社区）.
 * @example datasetName(3, '') === '海盐县工业社区样例（合成，3 个社区）'
 */
function datasetName(communities: number, single: string): string {
  if (communities === 1) return single;
  if (communities === PRESETS.county.communities) return '海盐县工业社区（合成）';
  return `海盐县工业社区样例（合成，${communities} 个社区）`;
}

export const DEFAULT_AS_OF = '2026-11-20T17:00:00+08:00';

export interface GeneratedDataset {
  manifest: DatasetManifest;
  community: CommunityFC;
  grids: GridFC;
  microGrids: MicroGridFC;
  enterprises: EnterpriseFC;
  members: Member[];
  patrols: PatrolFC;
  basemap: BasemapFC;
  /** Which file the incidents belong in. */
  incidentFile: 'incidents.geojson' | 'incidents.csv';
  /** A fresh iterator over the incidents each call (same sequence every time). */
  incidents: () => Iterable<Feature<Point, IncidentProps>>;
  /** The model behind it all (design space), for tests and tools. */
  model: Model;
}

/**
 * Generates a dataset. Same options → identical output.
 * @example const ds = generateDataset({ scale: 'community', seed: 7 }); ds.grids.features.length // 8–12
 */
export function generateDataset(options: GenerateOptions): GeneratedDataset {
  const preset = PRESETS[options.scale];
  const seed = options.seed >>> 0;
  const root = createRng(seed);
  const asOfText = options.asOf ?? DEFAULT_AS_OF;
  const asOf = parseTime(asOfText);
  if (Number.isNaN(asOf)) throw new RangeError(`asOf is not ISO 8601: ${asOfText}`);
  const problem = checkGenerateOptions(options);
  if (problem) throw new RangeError(problem);
  const nGrids = options.grids ?? preset.grids(seed);
  const nCommunities = options.communities ?? preset.communities;
  const model = buildModel(root.fork('model'), {
    communities: nCommunities,
    grids: nGrids,
    composition: preset.composition,
    towns: options.towns,
  });
  const toMap = makeWarp(root.fork('warp'), preset.centre);
  const edges = new EdgeGeometry(model.layout.L, toMap, 25);
  // Units exist from the start of the data's first month (a fresh adjustment would add its own dates).
  const asOfDate = new Date(asOf + 8 * 3_600_000);
  const validFrom = `${asOfDate.getUTCFullYear() - 1}-01-01`;
  const incidentFile = preset.csv ? 'incidents.csv' : 'incidents.geojson';
  const total = options.incidents ?? preset.incidents(model.grids.length);
  const files: DatasetFile[] = [
    'community.geojson',
    'grids.geojson',
    'microgrids.geojson',
    'enterprises.geojson',
    'members.json',
    incidentFile,
    'patrols.geojson',
    'basemap.geojson',
  ];
  const name = datasetName(nCommunities, model.communities[0].name);
  // The overrides given, so that the description says how to make the folder again (none for a preset).
  const overrides = (['communities', 'towns', 'grids', 'incidents', 'patrolMonths'] as const)
    .filter((k) => options[k] !== undefined)
    .map((k) => `，${k === 'patrolMonths' ? 'patrol-months' : k} ${options[k]}`)
    .join('');
  return {
    manifest: {
      name,
      files,
      description: `合成数据（synthetic）：scale ${options.scale}，seed ${seed}${overrides}，asOf ${asOfText}；由 GridSight generate 生成，不对应真实企业或人员。`,
      synthetic: true,
      seed,
    },
    community: communityFC(model, edges, asOfText),
    grids: gridFC(model, edges, validFrom),
    microGrids: microGridFC(model, toMap, validFrom),
    enterprises: enterpriseFC(model, toMap),
    members: model.members,
    patrols: { type: 'FeatureCollection', features: generatePatrols(root.fork('patrols'), model, toMap, edges, { asOf, months: options.patrolMonths }) },
    basemap: basemapFC(model, root.fork('basemap'), toMap, edges),
    incidentFile,
    incidents: () => generateIncidents(root.fork('incidents'), model, toMap, { total, asOf }),
    model,
  };
}
