import { describe, expect, it } from 'vitest';
import type { Dataset, GridFeature, MicroGridFeature } from '../../../src/domain/types';
import { buildIndex } from '../../../src/geo/dataset-index';
import { overviewSources } from '../../../src/map/overview-layers';

const square = (x: number): GridFeature['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]],
});

// Grid 002 was revoked before asOf and its area went to 003; its feature stays for history.
const grids: GridFeature[] = [
  { type: 'Feature', properties: { code: '330424002201001', name: '一网格', validFrom: '2025-01-01' }, geometry: square(0) },
  { type: 'Feature', properties: { code: '330424002201002', name: '二网格', validFrom: '2025-01-01', validTo: '2026-01-01' }, geometry: square(1) },
  { type: 'Feature', properties: { code: '330424002201003', name: '三网格', validFrom: '2026-01-01' }, geometry: square(1) },
];
const microGrids: MicroGridFeature[] = [
  { type: 'Feature', properties: { code: '330424002201002001', gridCode: '330424002201002', validTo: '2026-01-01' }, geometry: square(1) },
  { type: 'Feature', properties: { code: '330424002201003001', gridCode: '330424002201003' }, geometry: square(1) },
];
const dataset = {
  manifest: { name: 't', files: [] },
  community: {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { code: '330424002201', name: 'c', asOf: '2026-03-20T12:00:00+08:00' }, geometry: square(0) }],
  },
  grids: { type: 'FeatureCollection', features: grids },
  microGrids: { type: 'FeatureCollection', features: microGrids },
  enterprises: {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { id: 'e1', name: 'e', scale: 'above' }, geometry: { type: 'Point', coordinates: [1.5, 0.5] } }],
  },
} as unknown as Dataset;

describe('buildIndex', () => {
  it('indexes, counts and draws only the units in force at the dataset asOf', () => {
    const index = buildIndex(dataset, Date.parse('2020-01-01'));
    expect(index.asOf).toBe(Date.parse('2026-03-20T12:00:00+08:00'));
    expect([...index.grids.keys()]).toEqual(['330424002201001', '330424002201003']);
    expect([...index.microGrids.keys()]).toEqual(['330424002201003001']);
    expect(index.gridOf.get('e1')).toBe('330424002201003');
    expect(index.countsByGrid.get('330424002201003')).toEqual({ above: 1, below: 0 });
    expect(index.countsByGrid.has('330424002201002')).toBe(false);

    const sources = overviewSources(index);
    const codes = (id: string, level?: string) =>
      (((sources as Record<string, { data?: unknown }>)[id].data as GeoJSON.FeatureCollection).features ?? [])
        .filter((f) => !level || f.properties?.level === level)
        .map((f) => f.properties?.code);
    expect(codes('grids')).toEqual(['330424002201001', '330424002201003']);
    expect(codes('labels', 'grid')).toEqual(['330424002201001', '330424002201003']);
    expect(codes('microgrids')).toEqual(['330424002201003001']);
    expect(codes('labels', 'microgrid')).toEqual(['330424002201003001']);
    expect(codes('labels')).toHaveLength(3);
  });
});
