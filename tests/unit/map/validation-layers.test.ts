import { describe, expect, it } from 'vitest';
import { finding, RULES, type RuleId } from '../../../src/domain/findings';
import {
  VALIDATION_LAYER_IDS,
  findingFeatures,
  findingKind,
  findingMarkers,
  hatchImage,
  markerImage,
  validationLayers,
} from '../../../src/map/validation-layers';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] };
const findings = [
  finding('grid-overlap', { codes: ['b', 'a'], areaM2: 10, widthM: 1, message: 'overlap', geometry: square }),
  finding('staffing', { codes: ['a'], message: 'staffing', geometry: null }),
  finding('edge-mismatch', { codes: ['a', 'b'], message: 'edge', geometry: { type: 'MultiLineString', coordinates: [[[0, 0], [0, 4]]] } }),
  finding('enterprise-unassigned', { codes: [], enterpriseId: 'e1', message: 'e', geometry: { type: 'Point', coordinates: [5, 5] } }),
];

describe('validation layers', () => {
  it('every rule has a kind; the coverage rules each their own style', () => {
    const kinds = Object.fromEntries((Object.keys(RULES) as RuleId[]).map((r) => [r, findingKind(r)]));
    expect(kinds['grid-overlap']).toBe('overlap');
    expect(kinds['grid-gap']).toBe('gap');
    expect(kinds['grid-outside-boundary']).toBe('outside');
    expect(kinds['edge-mismatch']).toBe('mismatch');
    expect(kinds['invalid-geometry']).toBe('invalid');
    expect(kinds['enterprise-credit-code']).toBe('enterprise');
    expect(kinds.staffing).toBe('other');
  });

  it('findingFeatures keeps findings with a place, id = index in the report, and never mutates them', () => {
    const before = JSON.stringify(findings);
    const fc = findingFeatures(findings);
    expect(fc.features.map((f) => f.id)).toEqual([0, 2, 3]);
    expect(fc.features[0].properties).toMatchObject({ i: 0, rule: 'grid-overlap', kind: 'overlap', severity: 'error' });
    expect(findingFeatures(findings, (i) => i === 2).features.map((f) => f.id)).toEqual([2]);
    expect(JSON.stringify(findings)).toBe(before);
  });

  it('findingMarkers puts one point at the bbox centre of each shape, none for point findings', () => {
    const fc = findingMarkers(findings);
    expect(fc.features.map((f) => [f.id, f.geometry])).toEqual([
      [0, { type: 'Point', coordinates: [1, 1] }],
      [2, { type: 'Point', coordinates: [0, 2] }],
    ]);
  });

  it('pattern and marker images are RGBA squares with transparent and opaque pixels', () => {
    for (const img of [hatchImage('#e11d48'), markerImage('#7c3aed')]) {
      expect(img.data.length).toBe(img.width * img.height * 4);
      const alphas = img.data.filter((_, i) => i % 4 === 3);
      expect(Math.max(...alphas)).toBeGreaterThan(200);
      expect(Math.min(...alphas)).toBeLessThan(80);
    }
    const marker = markerImage('#7c3aed');
    expect(marker.data[0 + 3]).toBe(0); // a corner lies outside the diamond
  });

  it('layer ids are the documented ones, in drawing order', () => {
    expect(validationLayers().map((l) => l.id)).toEqual([...VALIDATION_LAYER_IDS]);
  });
});
