import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { createPropertyExpression, featureFilter, latest, type FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Finding } from '../../../src/domain/findings';
import { PLAN_HIDDEN_OVERVIEW_LAYERS, PLAN_LAYER_IDS, PLAN_SOURCES, planFindingFeatures, planLabelFeatures, planLayers, planSources, planVertexFeatures, planWarmFeatures } from '../../../src/map/plan-layers';
import { overviewLayers } from '../../../src/map/overview-layers';
import { VALIDATION_COLOURS } from '../../../src/map/validation-layers';

describe('plan layers', () => {
  it('draws every layer from a plan source, with ids of its own', () => {
    const sources = new Set(Object.keys(planSources()));
    for (const l of planLayers()) if ('source' in l) expect(sources.has(l.source as string), l.id).toBe(true);
    const overview = new Set(overviewLayers().map((l) => l.id));
    expect(PLAN_LAYER_IDS.filter((id) => overview.has(id))).toEqual([]);
    expect(new Set(PLAN_LAYER_IDS).size).toBe(PLAN_LAYER_IDS.length);
  });

  it('hides only overview layers that exist, the units it redraws', () => {
    const overview = new Set(overviewLayers().map((l) => l.id));
    for (const id of PLAN_HIDDEN_OVERVIEW_LAYERS) expect(overview.has(id), id).toBe(true);
  });

  it('keys grids and micro-grids by code, so a drag can update just the touched units', () => {
    const s = planSources();
    expect(s[PLAN_SOURCES.grids]).toMatchObject({ promoteId: 'code' });
    expect(s[PLAN_SOURCES.microGrids]).toMatchObject({ promoteId: 'code' });
  });

  it('draws the findings that have a place, in their kind’s colour', () => {
    const base = { severity: 'error' as const, codes: ['a', 'b'], message: 'm' };
    const findings: Finding[] = [
      { ...base, rule: 'grid-overlap', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
      { ...base, rule: 'grid-gap', geometry: null },
    ];
    const fc = planFindingFeatures(findings);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties).toMatchObject({ rule: 'grid-overlap', colour: VALIDATION_COLOURS.overlap });
  });

  it('gives each vertex handle the number of units sharing it', () => {
    const fc = planVertexFeatures([[1, 2], [3, 4]], (p) => (p[0] === 1 ? 3 : 2));
    expect(fc.features.map((f) => f.properties?.users)).toEqual([3, 2]);
  });
});

describe('planLabelFeatures', () => {
  const square = (code: string, x: number) => ({
    type: 'Feature' as const,
    properties: { code, name: code },
    geometry: { type: 'Polygon' as const, coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] },
  });
  const snap = (grids: ReturnType<typeof square>[]) =>
    ({ grids: { type: 'FeatureCollection', features: grids }, microGrids: { type: 'FeatureCollection', features: [] } }) as never;

  it('labels each unit once, and again only when its geometry changes', () => {
    const cache = new Map();
    const first = planLabelFeatures(snap([square('A', 0), square('B', 1)]), cache);
    expect(first.features.map((f) => f.properties?.code)).toEqual(['A', 'B']);
    const moved = square('B', 5);
    const second = planLabelFeatures(snap([square('A', 0), moved]), cache);
    expect(second.features[0]).toBe(first.features[0]); // A untouched: the same point object
    expect((second.features[1].geometry as { coordinates: number[] }).coordinates[0]).toBeCloseTo(5.5, 1);
    planLabelFeatures(snap([square('A', 0)]), cache);
    expect([...cache.keys()]).toEqual(['A']);
  });
});

describe('plan layers: the shader warm-up', () => {
  /** Evaluates a paint value (constant or expression) for one feature, as MapLibre does. */
  function paintValue(layerType: string, name: string, value: unknown, f: Feature): unknown {
    if (!Array.isArray(value)) return value ?? 1; // a constant, or the default (1 for every opacity)
    const spec = (latest as unknown as Record<string, Record<string, unknown>>)[`paint_${layerType}`][name];
    const parsed = createPropertyExpression(value, name, spec as never);
    if (parsed.result !== 'success') throw new Error(`${name}: ${JSON.stringify(parsed.value)}`);
    const feature = { type: f.geometry.type === 'Point' ? 1 : f.geometry.type === 'LineString' ? 2 : 3, properties: f.properties, geometry: [] };
    return parsed.value.evaluate({ zoom: 16 } as never, feature as never);
  }
  const opacityKeys: Record<string, string[]> = {
    fill: ['fill-opacity'],
    line: ['line-opacity'],
    circle: ['circle-opacity', 'circle-stroke-opacity'],
  };

  it('every sketch, vertex and finding layer draws a warm feature, fully transparent, and a real one visible', () => {
    const warm = planWarmFeatures([121.2, 30.5]);
    const bySource: Record<string, Feature[]> = {
      [PLAN_SOURCES.sketch]: warm.sketch.features,
      [PLAN_SOURCES.vertices]: warm.vertices.features,
      [PLAN_SOURCES.findings]: warm.findings.features,
    };
    const layers = planLayers().filter((l) => 'source' in l && (l.source as string) in bySource);
    expect(layers.length).toBeGreaterThanOrEqual(10);
    for (const l of layers) {
      const paint = (l as { paint?: Record<string, unknown> }).paint ?? {};
      const filter = featureFilter((l as { filter?: FilterSpecification }).filter, 'filter');
      const drawn = bySource[(l as { source: string }).source].filter((f) =>
        filter.filter({ zoom: 16 } as never, { type: f.geometry.type === 'Point' ? 1 : f.geometry.type === 'LineString' ? 2 : 3, properties: f.properties, geometry: [] } as never),
      );
      expect(drawn.length, `${l.id}: no warm feature passes its filter`).toBeGreaterThan(0);
      for (const f of drawn) {
        for (const key of opacityKeys[l.type]) {
          expect(paintValue(l.type, key, paint[key], f), `${l.id} ${key} (warm)`).toBe(0);
          const real = { ...f, properties: { ...f.properties, warm: false } };
          expect(paintValue(l.type, key, paint[key], real), `${l.id} ${key} (real)`).toBeGreaterThan(0);
        }
      }
    }
  });
});
