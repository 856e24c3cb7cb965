import { describe, expect, it, vi } from 'vitest';
import { parseFeatureCollection, parseMembers } from '../../../src/io/schema';
import { excerpt } from '../../../src/io/errors';
import { errorOf } from './dataset-error';

const square = [[[121, 30.6], [121.01, 30.6], [121.01, 30.61], [121, 30.61], [121, 30.6]]];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const grid = (props: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: square }) => ({
  type: 'Feature',
  properties: props,
  geometry,
});


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
    expect(e.message).toContain('feature 1 (code b): coordinates[0][0][1] must be a finite number, got "x"');
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
  it('reads an incident\'s optional enterpriseId, and names one that is not a string', () => {
    const incident = (props: Record<string, unknown>) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121, 30.6] },
      properties: { id: 'E1', category: 'fire', level: 2, status: 'reported', reportedAt: '2026-03-01', gridCode: 'g', ...props },
    });
    const ok = parseFeatureCollection<never, { enterpriseId?: string }>('incidents.geojson', fc([incident({ enterpriseId: '91330424MA2B3C4D5E' }), incident({})]));
    expect(ok.features.map((f) => f.properties.enterpriseId)).toEqual(['91330424MA2B3C4D5E', undefined]);
    const e = errorOf(() => parseFeatureCollection('incidents.geojson', fc([incident({ enterpriseId: 42 })])));
    expect(e.message).toBe('incidents.geojson: feature 0 (id E1): property "enterpriseId" must be a non-empty string, got 42');
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

// Issue 10, item 6: a message says what is wrong and where, and never echoes more of a file than a short excerpt.
describe('messages do not echo file content', () => {
  it('a file that is not JSON: the place, not the text', () => {
    const e = errorOf(() => parseFeatureCollection('grids.geojson', 'SECRET_TOKEN=hunter2\nuser=admin\n'));
    expect(e.message).toBe('grids.geojson: is not valid JSON (unexpected character "S")');
    expect(e.message).not.toMatch(/SECRET|hunter/);
    const broken = errorOf(() => parseFeatureCollection('grids.geojson', '{"type": "FeatureCollection",\n  "features": [],}'));
    expect(broken.message).toBe('grids.geojson: is not valid JSON (Expected double-quoted property name at line 2, column 18)');
    expect(errorOf(() => parseMembers('[{"id": "m1"')).message).toBe(
      "members.json: is not valid JSON (Expected ',' or '}' after property value at line 1, column 13)",
    );
    expect(errorOf(() => parseMembers('[')).message).toBe('members.json: is not valid JSON (it ends too early: cut short?)');
    expect(errorOf(() => parseMembers('[] secret')).message).toBe(
      'members.json: is not valid JSON (Unexpected non-whitespace character at line 1, column 4)',
    );
  });

  it('a parse that runs out of stack (arrays nested 100,000 deep, on some engines) is unreadable input, named', () => {
    const parse = vi.spyOn(JSON, 'parse').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      const e = errorOf(() => parseFeatureCollection('grids.geojson', '[[[[[[]]]]]]'));
      expect(e.message).toBe('grids.geojson: could not be parsed (RangeError: nested too deeply or too large)');
    } finally {
      parse.mockRestore();
    }
  });

  it('a long property value is quoted as a short escaped excerpt', () => {
    const long = `line one\u202e${'x'.repeat(10_000)}`;
    const e = errorOf(() => parseFeatureCollection('grids.geojson', fc([grid({ code: 'a', name: 'a', validFrom: long })])));
    expect(e.message).toBe(
      `grids.geojson: feature 0 (code a): property "validFrom" must be an ISO 8601 time, got "line one\\u202e${'x'.repeat(15)}…" (10009 characters)`,
    );
    const label = errorOf(() => parseFeatureCollection('grids.geojson', fc([grid({ code: `a\n${'y'.repeat(100)}` })])));
    expect(label.where).toBe(`feature 0 (code ${excerpt(`a\n${'y'.repeat(100)}`)})`);
    expect(label.message.length).toBeLessThan(200);
  });
});

// Issue 10, item 5: never recurse on an untrusted depth. What reading keeps is cloned to a worker in the app
// (structured clone recurses); a property nested 100,000 deep would overflow it there, so reading refuses it.
describe('nesting depth', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const square = '[[[121,30.6],[121.01,30.6],[121.01,30.61],[121,30.61],[121,30.6]]]';

  it('refuses a property nested 100,000 deep, naming the file and the path, even with lenientGeometry', () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a","name":"a","extra":${deep(100_000)}},"geometry":{"type":"Polygon","coordinates":${square}}}]}`;
    const e = errorOf(() => parseFeatureCollection('grids.geojson', text, { lenientGeometry: true }));
    expect(e.message).toMatch(/^grids\.geojson: nests more than 100 levels deep \(at features\[0\]\.properties\.extra(\[0\])+\[?…\)$/);
  });

  it('refuses a foreign member nested 100,000 deep on a well-formed geometry, and in members.json', () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a","name":"a"},"geometry":{"type":"Polygon","coordinates":${square},"x":${deep(100_000)}}}]}`;
    expect(errorOf(() => parseFeatureCollection('grids.geojson', text)).message).toMatch(/^grids\.geojson: nests more than 100 levels deep \(at features\[0\]\.geometry\.x\[0\]/);
    const members = `[{"id":"m1","name":"张三","role":"other","gridCode":"g","notes":${deep(100_000)}}]`;
    expect(errorOf(() => parseMembers(members)).message).toMatch(/^members\.json: nests more than 100 levels deep \(at \[0\]\.notes\[0\]/);
  });

  it('keeps nesting up to the limit', () => {
    // The feature's properties sit 3 levels down (collection, features, feature), so 96 more are allowed.
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a","name":"a","extra":${deep(96)}},"geometry":{"type":"Polygon","coordinates":${square}}}]}`;
    expect(() => structuredClone(parseFeatureCollection('grids.geojson', text))).not.toThrow();
    const over = text.replace(deep(96), deep(97));
    expect(errorOf(() => parseFeatureCollection('grids.geojson', over)).message).toMatch(/nests more than 100 levels deep/);
  });
});
