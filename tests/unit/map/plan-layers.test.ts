import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/findings';
import { PLAN_HIDDEN_OVERVIEW_LAYERS, PLAN_LAYER_IDS, PLAN_SOURCES, planFindingFeatures, planLayers, planSources, planVertexFeatures } from '../../../src/map/plan-layers';
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
