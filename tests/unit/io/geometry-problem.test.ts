/**
 * Issue 10, item 5: coordinates are numbers. One check (src/io/geometry-problem) for every file read, whether it
 * refuses the file (stats, other files) or keeps the unit for validation to report (validate and the app).
 */
import { describe, expect, it } from 'vitest';
import { geometryFaultOf } from '../../../src/domain/geometry-fault';
import { geometryProblem } from '../../../src/io/geometry-problem';
import { parseFeatureCollection } from '../../../src/io/schema';
import { errorOf } from './dataset-error';

const AREAL = ['Polygon', 'MultiPolygon'];
const ring = [[121, 30.6], [121.01, 30.6], [121.01, 30.61], [121, 30.61], [121, 30.6]];
const grid = (geometry: unknown, code = '330424002201001') => ({ type: 'Feature', properties: { code, name: '一网格' }, geometry });
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
/** An array nested `depth` deep, as text (built as text: building it as a value would be the test's own recursion). */
const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;


describe('geometryProblem', () => {
  it('accepts well-formed geometry of every type, 2 or 3 numbers a position', () => {
    expect(geometryProblem({ type: 'Polygon', coordinates: [ring] }, AREAL)).toBeNull();
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [[ring], [ring.map(([x, y]) => [x, y, 4.5])]] }, AREAL)).toBeNull();
    expect(geometryProblem({ type: 'Point', coordinates: [121, 30.6] }, ['Point'])).toBeNull();
    expect(geometryProblem({ type: 'LineString', coordinates: ring }, ['LineString'])).toBeNull();
    expect(geometryProblem({ type: 'MultiLineString', coordinates: [ring, ring] }, ['MultiLineString'])).toBeNull();
  });

  it('names the path of the first coordinate that is not a finite number', () => {
    const strings = [ring.map(([x, y]) => [x, String(y)])];
    expect(geometryProblem({ type: 'Polygon', coordinates: strings }, AREAL)).toBe(
      'coordinates[0][0][1] must be a finite number, got "30.6"',
    );
    const nulls = [[ring], [[...ring.slice(0, 2), [121.01, null], ...ring.slice(3)]]];
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: nulls }, AREAL)).toBe(
      'coordinates[1][0][2][1] must be a finite number, got null',
    );
    // 1e999 is valid JSON and parses to Infinity.
    const infinite = JSON.parse('{"type":"Point","coordinates":[1e999,30]}');
    expect(geometryProblem(infinite, ['Point'])).toBe('coordinates[0] must be a finite number, got Infinity');
    expect(geometryProblem({ type: 'Point', coordinates: [true, 30] }, ['Point'])).toBe('coordinates[0] must be a finite number, got true');
  });

  it('wants 2 or 3 numbers a position', () => {
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[121], ...ring.slice(1)]] }, AREAL)).toBe(
      'coordinates[0][0] must be a position of 2 or 3 numbers, got 1 value',
    );
    expect(geometryProblem({ type: 'LineString', coordinates: [[121, 30, 1, 2], [121, 31]] }, ['LineString'])).toBe(
      'coordinates[0] must be a position of 2 or 3 numbers, got 4 values',
    );
  });

  it('checks the nesting depth the type needs, both ways', () => {
    // A LineString's coordinates under type Polygon: one level short.
    expect(geometryProblem({ type: 'Polygon', coordinates: ring }, AREAL)).toBe('coordinates[0][0] must be a position [lon, lat], got 121');
    // A MultiPolygon's coordinates under type Polygon: one level too deep.
    expect(geometryProblem({ type: 'Polygon', coordinates: [[ring]] }, AREAL)).toBe(
      'coordinates[0][0] is nested deeper than a Polygon allows (a position [lon, lat] is due)',
    );
    expect(geometryProblem({ type: 'Polygon', coordinates: [[ring[0], 'x']] }, AREAL)).toBe(
      'coordinates[0][1] must be a position [lon, lat], got "x"',
    );
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [5] }, AREAL)).toBe('coordinates[0] must be an array, got 5');
    expect(geometryProblem({ type: 'Polygon' }, AREAL)).toBe('coordinates must be an array, got undefined');
    expect(geometryProblem({ type: 'Polygon', coordinates: { 0: ring } }, AREAL)).toBe('coordinates must be an array, got an object');
  });

  it('names a wrong or missing type without quoting more than a short excerpt', () => {
    expect(geometryProblem(null, AREAL)).toBe('geometry must be Polygon or MultiPolygon, got null');
    expect(geometryProblem({ type: 'Point', coordinates: [121, 30] }, AREAL)).toBe('geometry must be Polygon or MultiPolygon, got Point');
    expect(geometryProblem({ type: 'x'.repeat(5000), coordinates: [] }, AREAL)).toBe(
      `geometry must be Polygon or MultiPolygon, got type "${'x'.repeat(24)}…" (5000 characters)`,
    );
    expect(geometryProblem('Polygon', AREAL)).toBe('geometry must be Polygon or MultiPolygon, got "Polygon"');
  });

  it('reports an array nested 100,000 deep without recursing', () => {
    const deep = JSON.parse(`{"type":"Polygon","coordinates":${deepText(100_000)}}`);
    expect(geometryProblem(deep, AREAL)).toBe(
      'coordinates[0][0] is nested deeper than a Polygon allows (a position [lon, lat] is due)',
    );
  });
});

describe('parseFeatureCollection: coordinates are numbers', () => {
  it('refuses string coordinates naming the file, the feature and the path', () => {
    const bad = grid({ type: 'Polygon', coordinates: [ring.map(([x, y]) => [String(x), y])] }, '330424002201002');
    const e = errorOf(() => parseFeatureCollection('grids.geojson', fc(grid({ type: 'Polygon', coordinates: [ring] }), bad)));
    expect(e.message).toBe('grids.geojson: feature 1 (code 330424002201002): coordinates[0][0][0] must be a finite number, got "121"');
    expect(e.file).toBe('grids.geojson');
    expect(e.where).toBe('feature 1 (code 330424002201002)');
  });

  it('refuses a 100,000-deep array with the path, in any file', () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"E1","name":"甲","scale":"above"},"geometry":{"type":"Point","coordinates":${deepText(100_000)}}}]}`;
    const e = errorOf(() => parseFeatureCollection('enterprises.geojson', text));
    expect(e.message).toBe('enterprises.geojson: feature 0 (id E1): coordinates is nested deeper than a Point allows (a position [lon, lat] is due)');
  });

  it('with lenientGeometry keeps the unit, its geometry null and the fault recorded on it', () => {
    const deep = `{"type":"Feature","properties":{"code":"330424002201003","name":"三"},"geometry":{"type":"Polygon","coordinates":${deepText(100_000)}}}`;
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(grid({ type: 'Polygon', coordinates: [ring] }))},${JSON.stringify(
      grid({ type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, String(y)])] }, '330424002201002'),
    )},${deep}]}`;
    const out = parseFeatureCollection('grids.geojson', text, { lenientGeometry: true });
    expect(out.features.map((f) => f.properties)).toEqual([
      { code: '330424002201001', name: '一网格' },
      { code: '330424002201002', name: '一网格' },
      { code: '330424002201003', name: '三' },
    ]);
    expect(out.features[0].geometry).not.toBeNull();
    expect(geometryFaultOf(out.features[0])).toBeNull();
    expect(out.features[1].geometry).toBeNull();
    expect(geometryFaultOf(out.features[1])).toEqual({
      message: 'coordinates[0][0][1] must be a finite number, got "30.6"',
      file: 'grids.geojson',
      index: 1,
    });
    expect(out.features[2].geometry).toBeNull();
    expect(geometryFaultOf(out.features[2])?.message).toMatch(/^coordinates\[0\]\[0\] is nested deeper than a Polygon allows/);
    // What is kept can cross to a worker (structured clone recurses, and would overflow on the 100,000-deep array).
    expect(() => structuredClone(out)).not.toThrow();
  });

  it('with lenientGeometry still refuses a unit with a missing required property', () => {
    const nameless = { type: 'Feature', properties: { code: 'x' }, geometry: { type: 'Polygon', coordinates: 'x' } };
    const e = errorOf(() => parseFeatureCollection('grids.geojson', fc(nameless), { lenientGeometry: true }));
    expect(e.message).toBe('grids.geojson: feature 0 (code x): required property "name" is missing');
  });
});
