/**
 * The hierarchy of a dataset (issue 14): county → town (镇/街道) → community → grid → micro-grid, read from the
 * codes and properties of the data contract (DOMAIN.md, "Codes"). A community's code is a 12-digit 统计用区划代码:
 * its first 9 digits are its town's code and its first 6 its county's. A grid belongs to the community its
 * `communityCode` names, else to the community whose code starts its code; a micro-grid to its `gridCode`.
 *
 * Hostile data never makes these functions throw: what cannot be placed is listed in `unassigned` (a community
 * whose code is not 12 digits has no town; a grid whose community is not in the dataset, or a micro-grid whose grid
 * is not in force, has no parent), so a caller can show it apart and the rest still adds up.
 */
import type { CommunityProps, Dataset, GridProps, MicroGridProps } from './types';
import { isCommunityCode } from './codes';
import { activeFeatures } from './lineage';

export interface HierarchyCounty {
  /** The first 6 digits shared by every 12-digit community code; '' when there is none or they differ. */
  code: string;
  /** The communities' `county` property when those that give one agree, else the code. */
  name: string;
}

export interface HierarchyTown {
  /** 9 digits: the first 9 of its communities' codes. */
  code: string;
  /** townName's rule: the `town` its communities give when they agree, else the code. */
  name: string;
  /** Sorted. */
  communityCodes: string[];
}

export interface HierarchyCommunity {
  code: string;
  name: string;
  /** null when the community's code is not 12 digits (it is then listed in `unassigned.communityCodes`). */
  townCode: string | null;
  /** The grids in force that belong to it, sorted. */
  gridCodes: string[];
}

export interface Hierarchy {
  county: HierarchyCounty;
  /** Sorted by code. */
  towns: HierarchyTown[];
  /** Every community of community.geojson (one per code, the first feature of a repeated code), sorted by code. */
  communities: HierarchyCommunity[];
  /** community code → town code, for the communities that have a town. */
  townOfCommunity: ReadonlyMap<string, string>;
  /** grid code → community code, for the grids in force that have a community. */
  communityOfGrid: ReadonlyMap<string, string>;
  /** grid code → its micro-grids in force (sorted), for every grid in force (an empty list when none). */
  microGridsOfGrid: ReadonlyMap<string, string[]>;
  /** micro-grid code → grid code, for the micro-grids in force whose grid is in force. */
  gridOfMicroGrid: ReadonlyMap<string, string>;
  /** What cannot be placed, each list sorted: never dropped silently, never a throw. */
  unassigned: {
    /** Communities whose code is not a 12-digit code: no town (and no county) can be read from it. */
    communityCodes: string[];
    /** Grids in force whose community is not in the dataset (neither by `communityCode` nor by code prefix). */
    gridCodes: string[];
    /** Micro-grids in force whose `gridCode` names no grid in force. */
    microGridCodes: string[];
  };
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The town (镇/街道) code of a community: the first 9 digits of its 12-digit code; null when the code is not one.
 * @example townCodeOf('330424002012') === '330424002'; townCodeOf('33042400201') === null
 */
export function townCodeOf(communityCode: string): string | null {
  return typeof communityCode === 'string' && isCommunityCode(communityCode)
    ? communityCode.slice(0, 9)
    : null;
}

/**
 * The county code of a community: the first 6 digits of its 12-digit code; null when the code is not one.
 * @example countyCodeOf('330424002012') === '330424'
 */
export function countyCodeOf(communityCode: string): string | null {
  return typeof communityCode === 'string' && isCommunityCode(communityCode)
    ? communityCode.slice(0, 6)
    : null;
}

/**
 * The community a grid belongs to (DOMAIN.md): the one its `communityCode` names when the dataset has it, else the
 * community whose code starts the grid's code (the longest such code, should two), else null. Works for any grid
 * code, a revoked grid's or one an incident names, given the codes of the dataset's communities.
 * @example communityOfGrid({ code: '330424002012003' }, new Set(['330424002012'])) === '330424002012'
 */
export function communityOfGrid(
  grid: Pick<GridProps, 'code' | 'communityCode'>,
  communityCodes: ReadonlySet<string>,
): string | null {
  const declared = grid.communityCode;
  if (typeof declared === 'string' && declared && communityCodes.has(declared)) return declared;
  const code = typeof grid.code === 'string' ? grid.code : '';
  // The usual case in one look-up: a 15-digit grid code under a 12-digit community code.
  const usual = code.slice(0, 12);
  if (code.length > 12 && communityCodes.has(usual)) return usual;
  let best: string | null = null;
  for (const c of communityCodes) {
    if (c && c.length < code.length && code.startsWith(c) && (best === null || c.length > best.length))
      best = c;
  }
  return best;
}

/**
 * A town's name from the `town` property of its communities: the name when every community that gives one gives
 * the same, else (none gives one, or two disagree) the town's code. The rule does not depend on feature order.
 * @example townName('330424002', [{ town: '西塘桥街道' }, {}]) === '西塘桥街道'
 */
export function townName(townCode: string, communities: readonly Pick<CommunityProps, 'town'>[]): string {
  return agreed(communities.map((c) => c.town)) ?? townCode;
}

/** A feature with a properties object (a hostile file may hold null, which io/schema reports). */
const hasProperties = <F extends { properties: unknown }>(f: F | null | undefined): f is F =>
  typeof f?.properties === 'object' && f.properties !== null;

/** The one non-empty string all given values agree on, else null (none, or two different). */
function agreed(values: readonly unknown[]): string | null {
  let out: string | null = null;
  for (const v of values) {
    if (typeof v !== 'string' || !v.trim()) continue;
    if (out !== null && out !== v) return null;
    out = v;
  }
  return out;
}

/**
 * The hierarchy of a dataset at `asOf` (epoch ms; the caller passes domain/stats' datasetAsOf(dataset, now)): only
 * grids and micro-grids in force then (domain/lineage). Communities come from community.geojson; one without a
 * usable code (not a string, or empty) is skipped, like a feature the schema would reject. Never throws on hostile
 * data; see `Hierarchy.unassigned`.
 * @example buildHierarchy(dataset, datasetAsOf(dataset, Date.now())).towns // [{ code: '330424002', name: '西塘桥街道', communityCodes: ['330424002012'] }]
 */
export function buildHierarchy(
  dataset: Pick<Dataset, 'community' | 'grids' | 'microGrids'>,
  asOf: number,
): Hierarchy {
  // One entry per code: the first feature of a repeated code gives the name (a duplicate is a validation matter).
  const props = new Map<string, CommunityProps>();
  for (const f of dataset.community?.features ?? []) {
    const p = f?.properties;
    if (p && typeof p.code === 'string' && p.code && !props.has(p.code)) props.set(p.code, p);
  }
  const communityCodes = new Set(props.keys());
  const grids = activeFeatures((dataset.grids?.features ?? []).filter(hasProperties), asOf);
  const micros = activeFeatures((dataset.microGrids?.features ?? []).filter(hasProperties), asOf);

  const gridsOf = new Map<string, string[]>([...communityCodes].map((c) => [c, []]));
  const communityOf = new Map<string, string>();
  const unassignedGrids: string[] = [];
  const microGridsOfGrid = new Map<string, string[]>();
  for (const g of grids) {
    const code = g.properties.code;
    if (typeof code !== 'string' || microGridsOfGrid.has(code)) continue;
    microGridsOfGrid.set(code, []);
    const community = communityOfGrid(g.properties, communityCodes);
    if (community === null) unassignedGrids.push(code);
    else {
      communityOf.set(code, community);
      gridsOf.get(community)!.push(code);
    }
  }
  const gridOfMicroGrid = new Map<string, string>();
  const unassignedMicros: string[] = [];
  for (const m of micros) {
    const p: MicroGridProps = m.properties;
    if (typeof p.code !== 'string' || gridOfMicroGrid.has(p.code)) continue;
    const list = microGridsOfGrid.get(p.gridCode);
    if (list) {
      list.push(p.code);
      gridOfMicroGrid.set(p.code, p.gridCode);
    } else unassignedMicros.push(p.code);
  }
  for (const list of microGridsOfGrid.values()) list.sort(byCode);

  const membersOfTown = new Map<string, string[]>();
  const townOfCommunity = new Map<string, string>();
  const unassignedCommunities: string[] = [];
  const communities: HierarchyCommunity[] = [...communityCodes].sort(byCode).map((code) => {
    const townCode = townCodeOf(code);
    if (townCode === null) unassignedCommunities.push(code);
    else {
      townOfCommunity.set(code, townCode);
      (membersOfTown.get(townCode) ?? membersOfTown.set(townCode, []).get(townCode)!).push(code);
    }
    const name = props.get(code)!.name;
    return {
      code,
      name: typeof name === 'string' && name ? name : code,
      townCode,
      gridCodes: gridsOf.get(code)!.sort(byCode),
    };
  });
  const towns: HierarchyTown[] = [...membersOfTown.keys()].sort(byCode).map((code) => {
    const members = membersOfTown.get(code)!;
    return {
      code,
      name: townName(
        code,
        members.map((c) => props.get(c)!),
      ),
      communityCodes: members,
    };
  });
  const countyCodes = new Set([...townOfCommunity.keys()].map((c) => countyCodeOf(c)!));
  const countyCode = countyCodes.size === 1 ? [...countyCodes][0] : '';
  const countyName = agreed([...props.values()].map((p) => p.county)) ?? countyCode;
  return {
    county: { code: countyCode, name: countyName },
    towns,
    communities,
    townOfCommunity,
    communityOfGrid: communityOf,
    microGridsOfGrid,
    gridOfMicroGrid,
    unassigned: {
      communityCodes: unassignedCommunities,
      gridCodes: unassignedGrids.sort(byCode),
      microGridCodes: unassignedMicros.sort(byCode),
    },
  };
}
