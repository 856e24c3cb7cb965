import { describe, expect, it } from 'vitest';
import { parseFeatureCollection, parseMembers } from '../../../src/io/schema';
import { DatasetError } from '../../../src/io/errors';

const square = [[[121, 30.6], [121.01, 30.6], [121.01, 30.61], [121, 30.61], [121, 30.6]]];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const grid = (props: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: square }) => ({
  type: 'Feature',
  properties: props,
  geometry,
});

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('parseFeatureCollection', () => {
  it('accepts a grid file of the contract', () => {
    const out = parseFeatureCollection('grids.geojson', fc([grid({ code: '330424002201001', name: '一网格' })]));
    expect(out.features).toHaveLength(1);
  });
  it('accepts a UTF-8 BOM', () => {
    expect(parseFeatureCollection('grids.geojson', `\ufeff${fc([])}`).features).toEqual([]);
  });
  it('names the file when the JSON does not parse', () => {
    const e = errorOf(() => parseFeatureCollection('grids.geojson', '{"type": "FeatureCollection",'));
    expect(e.file).toBe('grids.geojson');
    expect(e.message).toMatch(/^grids\.geojson: is not valid JSON/);
  });
  it('says which feature lacks which property', () => {
    const e = errorOf(() => parseFeatureCollection('grids.geojson', fc([grid({ code: '330424002201001', name: 'a' }), grid({ code: '330424002201002' })])));
    expect(e.message).toBe('grids.geojson: feature 1 (code 330424002201002): required property "name" is missing');
  });
  it('rejects a wrong geometry type and malformed coordinates, with the place', () => {
    const e = errorOf(() =>
      parseFeatureCollection(
        'grids.geojson',
        fc([
          grid({ code: 'a', name: 'a' }, { type: 'Point', coordinates: [121, 30] }),
          grid({ code: 'b', name: 'b' }, { type: 'Polygon', coordinates: [[[121, 'x']]] }),
        ]),
      ),
    );
    expect(e.message).toContain('feature 0 (code a): geometry must be Polygon or MultiPolygon, got Point');
    expect(e.message).toContain('feature 1 (code b): Polygon coordinates are malformed');
  });
  it('checks enumerations and times of incidents', () => {
    const e = errorOf(() =>
      parseFeatureCollection(
        'incidents.geojson',
        fc([
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [121, 30.6] },
            properties: { id: 'E1', category: 'fires', level: 5, status: 'closed', reportedAt: 'soon', gridCode: 'g' },
          },
        ]),
      ),
    );
    expect(e.message).toContain('property "category" must be one of');
    expect(e.message).toContain('property "level" must be 1, 2, 3 or 4, got 5');
    expect(e.message).toContain('property "reportedAt" must be an ISO 8601 time, got "soon"');
  });
  it('is not a FeatureCollection', () => {
    expect(errorOf(() => parseFeatureCollection('grids.geojson', '[]')).message).toMatch(/FeatureCollection/);
  });
});

describe('parseMembers', () => {
  it('checks roles', () => {
    const e = errorOf(() => parseMembers(JSON.stringify([{ id: 'm1', name: '张三', role: 'boss', gridCode: 'g' }])));
    expect(e.message).toMatch(/^members\.json: member 0 \(id m1\): property "role" must be one of "grid-leader"/);
  });
});
