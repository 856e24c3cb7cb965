import { describe, expect, it } from 'vitest';
import { county } from '../../fixtures/county-dataset';
import { buildIndex, townGridCodes, unitFigures } from '../../../src/geo/dataset-index';
import { gridLabelMinZoom } from '../../../src/map/hierarchy-zoom';
import { overviewLayers, overviewSources } from '../../../src/map/overview-layers';
import { LABEL_LAYERS, layerVisible } from '../../../src/map/layer-groups';

describe('a county in the overview (issue 14)', () => {
  it('indexes its communities and sums a town from its communities grids', () => {
    const index = buildIndex(county());
    expect(index.multiCommunity).toBe(true);
    expect([...index.communities.keys()]).toEqual(['330424001001', '330424001002', '330424002001']);
    expect(townGridCodes(index, '330424001')).toEqual(['330424001001001', '330424001002001']);
    expect(unitFigures(index, townGridCodes(index, '330424001'))).toEqual({ grids: 2, microGrids: 1, above: 1, below: 1 });
    expect(unitFigures(index, townGridCodes(index, '330424002'))).toEqual({ grids: 1, microGrids: 0, above: 0, below: 0 });
    // The grid of no community is still a grid of the dataset, listed as unassigned, and counted at the county.
    expect(index.hierarchy.unassigned.gridCodes).toEqual(['330424009009001']);
    expect(unitFigures(index, index.grids.keys())).toEqual({ grids: 4, microGrids: 1, above: 1, below: 2 });
    // An unknown town and a code of no grid in force count nothing.
    expect(unitFigures(index, townGridCodes(index, '999999999'))).toEqual({ grids: 0, microGrids: 0, above: 0, below: 0 });
    expect(unitFigures(index, ['nope'])).toEqual({ grids: 0, microGrids: 0, above: 0, below: 0 });
  });

  it('names grids from the zoom at which a median community spans 300 px, later for smaller communities', () => {
    const z3km = gridLabelMinZoom(buildIndex(county(0.03)))!;
    // 0.03° at latitude 30.5: 300 px = 0.03/360 · 512 · 2^z → z = log2(300·360 / (512·0.03/cos 30.5°)) ≈ 12.6
    expect(z3km).toBeCloseTo(Math.log2((300 * 360) / (512 * (0.03 / Math.cos((30.515 * Math.PI) / 180)))), 1);
    expect(gridLabelMinZoom(buildIndex(county(0.015)))!).toBeCloseTo(z3km + 1, 1);
  });

  it('has no community labels and the same layers as before for one community', () => {
    const one = county();
    one.community!.features.splice(1);
    const index = buildIndex(one);
    expect(index.multiCommunity).toBe(false);
    expect(gridLabelMinZoom(index)).toBeNull();
    const labels = overviewSources(index).labels.data as unknown as { features: { properties: { level: string } }[] };
    expect(labels.features.some((f) => f.properties.level === 'community')).toBe(false);
    const layers = overviewLayers({ gridLabelMinZoom: gridLabelMinZoom(index) });
    expect(layers.map((l) => l.id)).toEqual(overviewLayers().map((l) => l.id));
    expect(layers.find((l) => l.id === 'grids-label')!.minzoom).toBeUndefined();
  });

  it('labels communities below the split zoom and grids from it, in the labels group', () => {
    const index = buildIndex(county());
    const split = gridLabelMinZoom(index)!;
    const labels = overviewSources(index).labels.data as unknown as { features: { properties: { level: string; name: string } }[] };
    expect(labels.features.filter((f) => f.properties.level === 'community').map((f) => f.properties.name)).toEqual(['东塘里', '滨海城', '元通港']);
    // The wall's short names: the whole name where the communities share no generic term, the proper name where
    // they do.
    const shorts = (ds: ReturnType<typeof county>) =>
      (overviewSources(buildIndex(ds)).labels.data as unknown as { features: { properties: { level: string; short?: string } }[] }).features
        .filter((f) => f.properties.level === 'community')
        .map((f) => f.properties.short);
    expect(shorts(county())).toEqual(['东塘里', '滨海城', '元通港']);
    const named = county();
    named.community = { ...named.community!, features: named.community!.features.map((f) => ({ ...f, properties: { ...f.properties, name: `${f.properties.name}工业社区` } })) };
    expect(shorts(named)).toEqual(['东塘里', '滨海城', '元通港']);
    const layers = overviewLayers({ gridLabelMinZoom: split });
    expect(layers.find((l) => l.id === 'grids-label')!.minzoom).toBe(split);
    expect(layers.find((l) => l.id === 'communities-label')!.maxzoom).toBe(split);
    expect(layers.at(-1)!.id).toBe('communities-label');
    for (const id of ['enterprises', 'microgrids-fill', 'microgrids-outline']) expect(layers.find((l) => l.id === id)!.minzoom).toBe(Math.max(split, id === 'microgrids-outline' ? 13 : 0));
    for (const id of ['enterprises', 'microgrids-fill']) expect(overviewLayers().find((l) => l.id === id)!.minzoom).toBeUndefined();
    expect(LABEL_LAYERS.has('communities-label')).toBe(true);
    const all = { basemap: true, community: true, grids: true, microgrids: true, enterprises: true, labels: true };
    expect(layerVisible('communities-label', { ...all, labels: false })).toBe(false);
    expect(layerVisible('communities-label', { ...all, community: false })).toBe(false);
  });
});
