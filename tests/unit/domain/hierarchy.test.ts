/**
 * Issue 14, the hierarchy county → town → community → grid → micro-grid (domain/hierarchy): read from the codes and
 * properties on the bundled one-community dataset, on the committed three-community sample (data/haiyan-mini), and
 * on hostile data that must be placed or listed as unassigned, never thrown on.
 */
import { readFileSync } from 'node:fs';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  communityOfGrid,
  countyCodeOf,
  townCodeOf,
  townName,
} from '../../../src/domain/hierarchy';
import { datasetAsOf } from '../../../src/domain/stats';
import type { CommunityProps, Dataset, GridProps, MicroGridProps } from '../../../src/domain/types';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

const load = (dir: string) =>
  loadDataset(folderSource(dir), { skip: ['basemap.geojson', 'patrols.geojson', 'incidents.geojson'] });
const readFeatures = <P>(dir: string, file: string): Feature<Polygon, P>[] =>
  JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')).features;

describe('codes', () => {
  it('townCodeOf and countyCodeOf: the first 9 and 6 digits of a 12-digit code, null for anything else', () => {
    expect(townCodeOf('330424002012')).toBe('330424002');
    expect(countyCodeOf('330424002012')).toBe('330424');
    for (const bad of ['33042400201', '3304240020123', '33042400201x', '', ' 330424002012']) {
      expect(townCodeOf(bad), bad).toBeNull();
      expect(countyCodeOf(bad), bad).toBeNull();
    }
    expect(townCodeOf(330424002012 as unknown as string)).toBeNull();
  });

  it('communityOfGrid: the declared community when present, else the code prefix, else null', () => {
    const known = new Set(['330424002012', '330424002013', '3304240020']);
    // Declared and known: it decides, even against the prefix.
    expect(communityOfGrid({ code: '330424002012001', communityCode: '330424002013' }, known)).toBe(
      '330424002013',
    );
    // Absent, or naming a community the dataset lacks: the prefix.
    expect(communityOfGrid({ code: '330424002012001' }, known)).toBe('330424002012');
    expect(communityOfGrid({ code: '330424002012001', communityCode: '330424009001' }, known)).toBe(
      '330424002012',
    );
    // Not a 12-digit prefix: the longest community code that starts it ("3304240020" here).
    expect(communityOfGrid({ code: '330424002099001' }, known)).toBe('3304240020');
    // Nothing fits: null; a code equal to a community's is not one of its grids.
    expect(communityOfGrid({ code: '330481001001001' }, known)).toBeNull();
    expect(communityOfGrid({ code: '330424002012' }, new Set(['330424002012']))).toBeNull();
    expect(communityOfGrid({ code: undefined as unknown as string }, known)).toBeNull();
    expect(communityOfGrid({ code: '330424002012001' }, new Set())).toBeNull();
  });

  it('townName: the name communities agree on, else the code, whatever their order', () => {
    expect(townName('330424002', [{ town: '西塘桥街道' }, {}, { town: '' }])).toBe('西塘桥街道');
    expect(townName('330424002', [{}, { town: '  ' }])).toBe('330424002');
    expect(townName('330424002', [{ town: '西塘桥街道' }, { town: '西塘桥镇' }])).toBe('330424002');
    expect(townName('330424002', [{ town: '西塘桥镇' }, { town: '西塘桥街道' }])).toBe('330424002');
  });
});

describe('buildHierarchy on the bundled datasets', () => {
  it('data/zhihuiwan: one county, one town, one community holding every grid', async () => {
    const ds = await load('data/zhihuiwan');
    const h = buildHierarchy(ds, datasetAsOf(ds, 0));
    const community = ds.community!.features[0].properties;
    const gridCodes = ds.grids!.features.map((g) => g.properties.code).sort();
    expect(h.county).toEqual({ code: community.code.slice(0, 6), name: community.county });
    expect(h.towns).toEqual([
      { code: community.code.slice(0, 9), name: community.town, communityCodes: [community.code] },
    ]);
    expect(h.communities).toEqual([
      { code: community.code, name: community.name, townCode: community.code.slice(0, 9), gridCodes },
    ]);
    expect(h.unassigned).toEqual({ communityCodes: [], gridCodes: [], microGridCodes: [] });
    expect(h.communityOfGrid.size).toBe(gridCodes.length);
    expect(h.gridOfMicroGrid.size).toBe(ds.microGrids!.features.length);
    expect([...h.microGridsOfGrid.values()].reduce((n, l) => n + l.length, 0)).toBe(
      ds.microGrids!.features.length,
    );
  });

  it('data/haiyan-mini: 3 communities in 2 towns, every grid and micro-grid placed by its code', async () => {
    const dir = 'data/haiyan-mini';
    const ds = await load(dir);
    const h = buildHierarchy(ds, datasetAsOf(ds, 0));
    const communities = readFeatures<CommunityProps>(dir, 'community.geojson').map((f) => f.properties);
    const grids = readFeatures<GridProps>(dir, 'grids.geojson').map((f) => f.properties);
    const micros = readFeatures<MicroGridProps>(dir, 'microgrids.geojson').map((f) => f.properties);
    expect(communities).toHaveLength(3);
    expect(h.county).toEqual({ code: '330424', name: '海盐县' });
    expect(h.towns.map((t) => t.code)).toEqual(
      [...new Set(communities.map((c) => c.code.slice(0, 9)))].sort(),
    );
    expect(h.towns).toHaveLength(2);
    for (const t of h.towns) {
      const own = communities.filter((c) => c.code.startsWith(t.code));
      expect(t.communityCodes).toEqual(own.map((c) => c.code).sort());
      expect(t.name).toBe(own[0].town);
    }
    expect(h.communities.map((c) => c.code)).toEqual(communities.map((c) => c.code).sort());
    for (const c of h.communities) {
      expect(c.gridCodes).toEqual(
        grids
          .filter((g) => g.code.startsWith(c.code))
          .map((g) => g.code)
          .sort(),
      );
      expect(c.gridCodes.length).toBeGreaterThan(0);
      expect(h.townOfCommunity.get(c.code)).toBe(c.townCode);
    }
    expect(h.communities.flatMap((c) => c.gridCodes)).toHaveLength(grids.length);
    for (const m of micros) expect(h.gridOfMicroGrid.get(m.code)).toBe(m.gridCode);
    expect(h.unassigned).toEqual({ communityCodes: [], gridCodes: [], microGridCodes: [] });
  });
});

// ---- hostile data ----------------------------------------------------------------------------------------------

const SQUARE: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ],
};
const feature = <P>(properties: P): Feature<Polygon, P> => ({
  type: 'Feature',
  properties,
  geometry: SQUARE,
});
const ASOF = Date.parse('2026-03-20T12:00:00+08:00');

function hostile(): Pick<Dataset, 'community' | 'grids' | 'microGrids'> {
  return {
    community: {
      type: 'FeatureCollection',
      features: [
        feature<CommunityProps>({
          code: '330424002012',
          name: '甲社区',
          town: '西塘桥街道',
          county: '海盐县',
        }),
        // Same town code, no town name: the agreeing name stands.
        feature<CommunityProps>({ code: '330424002013', name: '', county: '海盐县' }),
        // Two communities of one town disagree on its name: the code stands.
        feature<CommunityProps>({ code: '330424101001', name: '丙社区', town: '沈荡镇' }),
        feature<CommunityProps>({ code: '330424101002', name: '丁社区', town: '沈荡街道' }),
        // Not 12 digits: no town, listed as unassigned.
        feature<CommunityProps>({ code: '33042410300', name: '坏代码社区', town: '于城镇' }),
        // A repeated code: the first feature stands.
        feature<CommunityProps>({ code: '330424002012', name: '甲社区（重复）', town: '别处' }),
        // No usable code, or no properties at all: skipped.
        feature<CommunityProps>({ code: '', name: '无代码' }),
        { type: 'Feature', properties: null, geometry: SQUARE } as unknown as Feature<
          Polygon,
          CommunityProps
        >,
      ],
    },
    grids: {
      type: 'FeatureCollection',
      features: [
        feature<GridProps>({ code: '330424002012001', name: 'g1', communityCode: '330424002012' }),
        feature<GridProps>({ code: '330424002012002', name: 'g2' }), // by prefix
        // Declares a community the dataset lacks; its prefix names one that is there.
        feature<GridProps>({ code: '330424002013001', name: 'g3', communityCode: '330424002099' }),
        // Its community is missing altogether: unassigned.
        feature<GridProps>({ code: '330481001001001', name: 'orphan' }),
        // Under the community with the malformed code (its code starts this one).
        feature<GridProps>({ code: '33042410300001', name: 'g5' }),
        // Revoked before asOf, and not yet in force: neither is listed.
        feature<GridProps>({
          code: '330424101001001',
          name: 'old',
          validFrom: '2025-01-01',
          validTo: '2026-01-01',
        }),
        feature<GridProps>({ code: '330424101001002', name: 'future', validFrom: '2027-01-01' }),
        { type: 'Feature', properties: null, geometry: SQUARE } as unknown as Feature<Polygon, GridProps>,
      ],
    },
    microGrids: {
      type: 'FeatureCollection',
      features: [
        feature<MicroGridProps>({ code: '330424002012001001', gridCode: '330424002012001' }),
        feature<MicroGridProps>({ code: '330424002012001002', gridCode: '330424002012001' }),
        feature<MicroGridProps>({ code: '330481001001001001', gridCode: '330481001001001' }), // grid has no community
        feature<MicroGridProps>({ code: '330424101001001001', gridCode: '330424101001001' }), // grid revoked
        feature<MicroGridProps>({ code: '330424009009009009', gridCode: '330424009009009' }), // grid missing
      ],
    },
  };
}

describe('buildHierarchy on hostile data: never throws, places what it can, lists the rest', () => {
  const h = buildHierarchy(hostile(), ASOF);

  it('towns from valid codes; names by agreement, else the code; the county from the codes and properties', () => {
    expect(h.towns).toEqual([
      { code: '330424002', name: '西塘桥街道', communityCodes: ['330424002012', '330424002013'] },
      { code: '330424101', name: '330424101', communityCodes: ['330424101001', '330424101002'] },
    ]);
    expect(h.county).toEqual({ code: '330424', name: '海盐县' });
  });

  it('every community once, sorted, a nameless one named by its code; a malformed code has no town', () => {
    expect(h.communities.map((c) => [c.code, c.name, c.townCode])).toEqual([
      ['330424002012', '甲社区', '330424002'],
      ['330424002013', '330424002013', '330424002'],
      ['330424101001', '丙社区', '330424101'],
      ['330424101002', '丁社区', '330424101'],
      ['33042410300', '坏代码社区', null],
    ]);
    expect(h.townOfCommunity.has('33042410300')).toBe(false);
  });

  it('grids in force by communityCode, else prefix; revoked and future grids left out; orphans unassigned', () => {
    const gridsOf = Object.fromEntries(h.communities.map((c) => [c.code, c.gridCodes]));
    expect(gridsOf).toEqual({
      '330424002012': ['330424002012001', '330424002012002'],
      '330424002013': ['330424002013001'],
      '33042410300': ['33042410300001'],
      '330424101001': [],
      '330424101002': [],
    });
    expect(h.communityOfGrid.has('330424101001001')).toBe(false);
    expect(h.unassigned.gridCodes).toEqual(['330481001001001']);
    expect(h.unassigned.communityCodes).toEqual(['33042410300']);
  });

  it('micro-grids go to their grid in force; those of a revoked or missing grid are unassigned', () => {
    expect(h.microGridsOfGrid.get('330424002012001')).toEqual(['330424002012001001', '330424002012001002']);
    expect(h.microGridsOfGrid.get('330481001001001')).toEqual(['330481001001001001']);
    expect(h.microGridsOfGrid.get('330424002012002')).toEqual([]);
    expect(h.unassigned.microGridCodes).toEqual(['330424009009009009', '330424101001001001']);
  });

  it('an empty dataset, or one with only grids, gives an empty hierarchy with every grid unassigned', () => {
    expect(buildHierarchy({}, ASOF)).toMatchObject({
      county: { code: '', name: '' },
      towns: [],
      communities: [],
    });
    const onlyGrids = buildHierarchy({ grids: hostile().grids }, ASOF);
    expect(onlyGrids.communities).toEqual([]);
    expect(onlyGrids.unassigned.gridCodes).toHaveLength(5);
  });

  it('two counties in one dataset: no county code, and no name unless the communities agree', () => {
    const ds = hostile();
    ds.community!.features.push(
      feature<CommunityProps>({ code: '330481001001', name: '外县社区', county: '海宁市' }),
    );
    expect(buildHierarchy(ds, ASOF).county).toEqual({ code: '', name: '' });
  });
});
