import { describe, expect, it } from 'vitest';
import type { GridFC } from '../../../src/domain/types';
import { CLUSTER_LAYER_IDS, clusterLayers, pointPaint } from '../../../src/map/analysis-clusters';
import {
  GRID_COLOUR_LAYER_IDS,
  NO_DATA_COLOUR,
  PATROL_COLOURS,
  PER_ENTERPRISE_COLOURS,
  gridColourFeatures,
  gridColourLayers,
  patrolScheme,
  perEnterpriseScheme,
} from '../../../src/map/analysis-grid-colour';
import {
  ANALYSIS_TOP_ORDER,
  ANALYSIS_OVER_LABELS,
  deckBeforeId,
  ensureLayers,
  removeLayers,
  restack,
} from '../../../src/map/analysis-stack';

const square = (x: number, code: string) => ({
  type: 'Feature' as const,
  properties: { code, name: `G${code}` },
  geometry: { type: 'Polygon' as const, coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] },
});
const grids = { type: 'FeatureCollection', features: [square(0, 'a'), square(1, 'b'), square(2, 'c')] } as unknown as GridFC;

/** Just enough of a MapLibre map to check the layer order. */
function fakeMap(initial: string[]) {
  const layers = [...initial];
  const sources = new Set<string>();
  return {
    layers,
    moves: 0,
    getLayer: (id: string) => (layers.includes(id) ? { id } : undefined),
    getLayersOrder: () => [...layers],
    getSource: (id: string) => (sources.has(id) ? {} : undefined),
    addSource: (id: string) => void sources.add(id),
    removeSource: (id: string) => void sources.delete(id),
    addLayer: (l: { id: string }, before?: string) => void layers.splice(before ? layers.indexOf(before) : layers.length, 0, l.id),
    removeLayer: (id: string) => void layers.splice(layers.indexOf(id), 1),
    moveLayer(id: string, before?: string) {
      this.moves++;
      layers.splice(layers.indexOf(id), 1);
      layers.splice(before ? layers.indexOf(before) : layers.length, 0, id);
    },
  };
}

describe('analyst map layers', () => {
  it('documented ids in drawing order', () => {
    expect(clusterLayers(null).map((l) => l.id)).toEqual([...CLUSTER_LAYER_IDS]);
    expect(gridColourLayers().map((l) => l.id)).toEqual([...GRID_COLOUR_LAYER_IDS]);
  });

  it('stacks the grid fill under the outlines and the rest under the labels, with deck.gl right under them', () => {
    const m = fakeMap(['grids-fill', 'microgrids-outline', 'grids-outline', 'basemap-road-labels', 'grids-label']);
    const map = m as never;
    // No analyst MapLibre layer yet: deck.gl goes under the first label.
    expect(deckBeforeId(map)).toBe('basemap-road-labels');
    ensureLayers(map, 'analysis-enterprises', () => ({ type: 'geojson', data: '' }), () => clusterLayers(null));
    ensureLayers(map, 'analysis-grid-colour', () => ({ type: 'geojson', data: '' }), gridColourLayers);
    expect(m.layers.indexOf('analysis-grid-colour-fill')).toBe(m.layers.indexOf('microgrids-outline') - 1);
    const top = m.layers.slice(m.layers.indexOf('grids-outline') + 1, m.layers.indexOf('basemap-road-labels'));
    expect(top).toEqual(ANALYSIS_TOP_ORDER.filter((id) => m.layers.includes(id)));
    // deck.gl's layers (hex cells, heatmap, patrol) go under the first of them: over the grids, under the outline.
    expect(deckBeforeId(map)).toBe(top[0]);
    // The clusters and the value labels over every label, clusters first (the value labels are never covered).
    expect(m.layers.slice(-2)).toEqual([...ANALYSIS_OVER_LABELS]);
    // In place already: a restack (as after every data update) moves nothing.
    const moves = m.moves;
    restack(map);
    ensureLayers(map, 'analysis-grid-colour', () => ({ type: 'geojson', data: '' }), gridColourLayers);
    expect(m.moves).toBe(moves);
    // Out of place (a layer moved to the top): restack puts it back.
    m.moveLayer('analysis-grid-colour-outline');
    restack(map);
    expect(m.layers.indexOf('analysis-grid-colour-outline')).toBeLessThan(m.layers.indexOf('basemap-road-labels'));
    removeLayers(map, 'analysis-grid-colour', GRID_COLOUR_LAYER_IDS);
    expect(m.layers).not.toContain('analysis-grid-colour-outline');
    expect(m.getSource('analysis-grid-colour')).toBeUndefined();
    expect(m.getSource('analysis-enterprises')).toBeDefined();
  });

  it('marks the selected enterprise dot by id', () => {
    expect(JSON.stringify(pointPaint('91330424MA4FUL05XL')['circle-stroke-width'])).toContain('91330424MA4FUL05XL');
  });

  it('per-enterprise classes: darker is more, null is grey, the legend counts every grid', () => {
    const values = [0.1, 0.12, 0.5, 0.55, 2, null];
    const scheme = perEnterpriseScheme(values);
    expect(scheme.colour(null)).toBe(NO_DATA_COLOUR);
    expect(scheme.colour(0.1)).toBe(PER_ENTERPRISE_COLOURS[0]);
    expect(scheme.colour(2)).toBe(PER_ENTERPRISE_COLOURS[PER_ENTERPRISE_COLOURS.length - 1]);
    expect(scheme.legend.reduce((a, c) => a + c.count, 0)).toBe(values.length);
    expect(scheme.flagged(2)).toBe(false);
  });

  it('patrol classes flag exactly what is under 95 %', () => {
    const scheme = patrolScheme([1, 0.95, 0.9499, 0.3, null]);
    expect([1, 0.95, 0.9499, 0.3, null].map((v) => scheme.flagged(v))).toEqual([false, false, true, true, false]);
    expect(scheme.colour(0.3)).toBe(PATROL_COLOURS[0]);
    expect(scheme.colour(0.95)).toBe(PATROL_COLOURS[3]);
    expect(scheme.legend.map((c) => c.count)).toEqual([1, 0, 1, 2, 1]);
  });

  it('features carry each grid value, colour, flag and label, polygons and label points', () => {
    const values = new Map([['a', 0.5], ['b', 1], ['c', null]]);
    const fc = gridColourFeatures(grids, values, patrolScheme([...values.values()]), (v, f) => `${v}${f ? '!' : ''}`);
    expect(fc.features).toHaveLength(6);
    const polygons = fc.features.filter((f) => f.geometry.type === 'Polygon').map((f) => f.properties);
    expect(polygons.map((p) => [p!.code, p!.value, p!.flagged, p!.label])).toEqual([
      ['a', 0.5, true, '0.5!'],
      ['b', 1, false, '1'],
      ['c', null, false, 'null'],
    ]);
    expect(fc.features.filter((f) => f.geometry.type === 'Point')).toHaveLength(3);
    // Input untouched.
    expect(grids.features[0].properties).toEqual({ code: 'a', name: 'Ga' });
  });
});
