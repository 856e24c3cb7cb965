/**
 * The export writers (src/io/export): every format read back through the import readers and pipeline gives the
 * mini dataset's features again (coordinates within 1e-8°, about 1 mm; properties equal, null and empty arrays
 * being absent after the way back, as the importer drops empty values); the Shapefile's rings, field names, UTF-8
 * cuts and projected coordinates; CSV and xlsx formula neutralisation; KML escaping.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { crsFromCode } from '../../../src/io/crs';
import { csvRows } from '../../../src/io/csv';
import {
  EXPORT_EXTENSIONS,
  ExportError,
  writeExport,
  type ExportFormat,
  type ExportWritten,
} from '../../../src/io/export';
import { formulaLike } from '../../../src/io/formula';
import { writeKml } from '../../../src/io/export/kml-write';
import { dbfFieldNames, writeShapefile } from '../../../src/io/export/shapefile-write';
import { writeXlsx } from '../../../src/io/export/xlsx-write';
import { importLayer, type ImportTarget } from '../../../src/io/import/pipeline';
import { readImportFile } from '../../../src/io/import/read';
import type { RawLayer } from '../../../src/io/import/types';

const load = (name: string) =>
  JSON.parse(readFileSync(`data/haiyan-mini/${name}.geojson`, 'utf8')) as FeatureCollection;
const LAYERS = {
  grids: load('grids'),
  enterprises: load('enterprises'),
  patrols: load('patrols'),
  incidents: load('incidents'),
} satisfies Partial<Record<ImportTarget, FeatureCollection>>;
type Layer = keyof typeof LAYERS;

/** 1e-8° is about 1 mm. */
const TOLERANCE = 1e-8;

/** Properties without the values the importer drops (null, and arrays and strings left empty). */
function normal(props: Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

function closePositions(a: Position[], b: Position[], tolerance: number): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => Math.abs(p[0] - b[i][0]) <= tolerance && Math.abs(p[1] - b[i][1]) <= tolerance)
  );
}

/** The same ring, in the same or the opposite direction (a Shapefile turns outer rings clockwise). */
function sameRing(a: Position[], b: Position[], tolerance: number): boolean {
  return closePositions(a, b, tolerance) || closePositions(a, [...b].reverse(), tolerance);
}

function expectSameGeometry(
  actual: Geometry | null,
  expected: Geometry | null,
  tolerance: number,
  where: string,
) {
  expect(actual?.type, where).toBe(expected?.type);
  if (!actual || !expected) return;
  if (actual.type === 'Point' && expected.type === 'Point') {
    expect(closePositions([actual.coordinates], [expected.coordinates], tolerance), where).toBe(true);
  } else if (actual.type === 'LineString' && expected.type === 'LineString') {
    expect(closePositions(actual.coordinates, expected.coordinates, tolerance), where).toBe(true);
  } else if (actual.type === 'Polygon' && expected.type === 'Polygon') {
    expect(actual.coordinates.length, where).toBe(expected.coordinates.length);
    actual.coordinates.forEach((ring, i) =>
      expect(sameRing(ring, expected.coordinates[i], tolerance), `${where} ring ${i}`).toBe(true),
    );
  } else if (actual.type === 'MultiPolygon' && expected.type === 'MultiPolygon') {
    expect(
      actual.coordinates.map((p) => p.length),
      where,
    ).toEqual(expected.coordinates.map((p) => p.length));
    actual.coordinates.forEach((polygon, j) =>
      polygon.forEach((ring, i) =>
        expect(sameRing(ring, expected.coordinates[j][i], tolerance), `${where} part ${j} ring ${i}`).toBe(
          true,
        ),
      ),
    );
  } else throw new Error(`${where}: no comparison for ${actual.type}`);
}

function expectSameFeatures(actual: Feature[], expected: Feature[], tolerance = TOLERANCE): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(normal(actual[i].properties), `feature ${i}`).toEqual(normal(expected[i].properties));
    expectSameGeometry(actual[i].geometry, expected[i].geometry, tolerance, `feature ${i}`);
  }
}

/** The written file read back: its layers, through the importer's readers. */
async function readBack(format: ExportFormat, written: ExportWritten): Promise<RawLayer[]> {
  return readImportFile(written.bytes, { fileName: `export${EXPORT_EXTENSIONS[format]}` });
}

/** Writes a layer, reads it back and imports it as that layer; nothing may be refused. */
async function roundTrip(format: ExportFormat, layer: Layer, crs?: string): Promise<Feature[]> {
  const written = writeExport(format, LAYERS[layer].features, { name: layer, crs });
  const layers = await readBack(format, written);
  expect(layers).toHaveLength(1);
  // The Shapefile's renamed fields, passed back as the importer's --map (its warning says so).
  const map = Object.fromEntries((written.renames ?? []).map((r) => [r.property, r.field]));
  const { report, features } = importLayer(layers[0], { as: layer, map });
  expect(report.rejected).toEqual([]);
  expect(report.counts.accepted).toBe(LAYERS[layer].features.length);
  if (crs) expect(report.crs.id).toBe(crs);
  return features;
}

/** The WKT this test needs read back: POLYGON and LINESTRING. */
function parseWkt(text: string): Geometry {
  const numbers = (s: string): Position[] =>
    s
      .split(',')
      .map((p) => p.trim().split(/\s+/).map(Number))
      .map(([x, y]) => [x, y]);
  const line = /^LINESTRING \((.*)\)$/.exec(text);
  if (line) return { type: 'LineString', coordinates: numbers(line[1]) };
  const polygon = /^POLYGON \((.*)\)$/.exec(text);
  if (polygon) {
    const rings = polygon[1].slice(1, -1).split(/\),\s*\(/);
    return { type: 'Polygon', coordinates: rings.map(numbers) };
  }
  throw new Error(`unexpected WKT ${text.slice(0, 40)}`);
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('round trips through the importer', () => {
  for (const layer of ['grids', 'enterprises', 'patrols', 'incidents'] as const) {
    it(`GeoJSON: ${layer}`, async () => {
      expectSameFeatures(await roundTrip('geojson', layer), LAYERS[layer].features, 0);
    });
    it(`Shapefile: ${layer}`, async () => {
      // Float64 in the .shp: exact.
      expectSameFeatures(await roundTrip('shp', layer), LAYERS[layer].features, 0);
    });
    it(`KML: ${layer}`, async () => {
      expectSameFeatures(await roundTrip('kml', layer), LAYERS[layer].features, 0);
    });
  }

  for (const layer of ['grids', 'enterprises', 'patrols', 'incidents'] as const) {
    it(`Shapefile in EPSG:4549 (CGCS2000 3° Gauss-Krüger CM 120E): ${layer}, within 1 mm`, async () => {
      expectSameFeatures(await roundTrip('shp', layer, 'EPSG:4549'), LAYERS[layer].features);
    });
  }

  for (const format of ['csv', 'xlsx'] as const) {
    for (const layer of ['enterprises', 'incidents'] as const) {
      it(`${format}: ${layer}`, async () => {
        expectSameFeatures(await roundTrip(format, layer), LAYERS[layer].features, 0);
      });
    }
  }

  it('CSV: grids and patrol tracks as WKT, read back exactly', () => {
    for (const layer of ['grids', 'patrols'] as const) {
      const text = decode(writeExport('csv', LAYERS[layer].features).bytes);
      const rows = [...csvRows(text)].map((r) => r.row);
      const wkt = rows[0].indexOf('wkt');
      expect(wkt).toBe(rows[0].length - 1);
      expect(rows).toHaveLength(LAYERS[layer].features.length + 1);
      rows.slice(1).forEach((row, i) => {
        const expected = LAYERS[layer].features[i];
        expectSameGeometry(parseWkt(row[wkt]), expected.geometry, 0, `${layer} ${i}`);
        expect(row[0]).toBe(String(Object.values(expected.properties ?? {})[0]));
      });
    }
  });

  it('xlsx: grids with their WKT as text cells, read back', async () => {
    const written = writeExport('xlsx', LAYERS.grids.features, { name: 'grids' });
    const [layer] = await readBack('xlsx', written);
    expect(layer.name).toBe('grids');
    const table = layer.table!;
    expect(table.columns).toEqual([
      'code',
      'name',
      'communityCode',
      'parentCodes',
      'validFrom',
      'validTo',
      'wkt',
    ]);
    table.rows.forEach((row, i) =>
      expectSameGeometry(parseWkt(row[6]), LAYERS.grids.features[i].geometry, 0, `grid ${i}`),
    );
    expect(table.rows[0][1]).toBe(LAYERS.grids.features[0].properties?.name);
  });
});

describe('Shapefile', () => {
  // Outer rings anticlockwise and holes clockwise, as RFC 7946 has them.
  const outer: Position[] = [
    [120, 30],
    [120.01, 30],
    [120.01, 30.01],
    [120, 30.01],
    [120, 30],
  ];
  const hole: Position[] = [
    [120.004, 30.004],
    [120.004, 30.006],
    [120.006, 30.006],
    [120.006, 30.004],
    [120.004, 30.004],
  ];
  const shifted = (ring: Position[], dx: number) => ring.map(([x, y]) => [x + dx, y]);
  const areal: Feature[] = [
    { type: 'Feature', properties: { code: 'a' }, geometry: { type: 'Polygon', coordinates: [outer, hole] } },
    {
      type: 'Feature',
      properties: { code: 'b' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [[shifted(outer, 0.02), shifted(hole, 0.02)], [shifted(outer, 0.04)]],
      },
    },
  ];
  const twiceArea = (ring: Position[]) =>
    ring.slice(1).reduce((s, p, i) => s + ring[i][0] * p[1] - p[0] * ring[i][1], 0);

  /** The rings of record `n` (0-based) of a Polygon .shp, read from its bytes. */
  function shpRings(shp: Uint8Array, n: number): Position[][] {
    const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
    let at = 100;
    for (let i = 0; i < n; i++) at += 8 + view.getInt32(at + 4) * 2;
    const content = at + 8;
    expect(view.getInt32(content, true)).toBe(5);
    const parts = view.getInt32(content + 36, true);
    const points = view.getInt32(content + 40, true);
    const starts = Array.from({ length: parts }, (_, i) => view.getInt32(content + 44 + 4 * i, true));
    const xy = Array.from({ length: points }, (_, i): Position => {
      const p = content + 44 + 4 * parts + 16 * i;
      return [view.getFloat64(p, true), view.getFloat64(p + 8, true)];
    });
    return starts.map((start, i) => xy.slice(start, starts[i + 1] ?? points));
  }

  it('writes a Polygon with a hole and a MultiPolygon as one record each, outer rings clockwise, holes anticlockwise', async () => {
    const unclosed: Feature = {
      type: 'Feature',
      properties: { code: 'c' },
      geometry: { type: 'Polygon', coordinates: [shifted(outer, 0.06).slice(0, 4)] },
    };
    const before = JSON.stringify(areal);
    const written = writeShapefile([...areal, unclosed], { name: 'areas' });
    expect(JSON.stringify(areal)).toBe(before);
    expect(written.files).toEqual(['areas.shp', 'areas.shx', 'areas.dbf', 'areas.prj', 'areas.cpg']);
    const shp = unzipSync(written.bytes)['areas.shp'];
    const [a, b, c] = [0, 1, 2].map((n) => shpRings(shp, n));
    // The rings as in GeoJSON, turned: outer clockwise (negative area), holes anticlockwise.
    expect(a).toEqual([[...outer].reverse(), [...hole].reverse()]);
    expect(b.map(twiceArea).map(Math.sign)).toEqual([-1, 1, -1]);
    expect(b).toHaveLength(3);
    expect(b.flat()).toHaveLength(15);
    // A ring left open is closed.
    expect(c).toEqual([[...shifted(outer, 0.06)].reverse()]);
    // Read back: the same polygons, holes in the right parts.
    const [layer] = await readBack('shp', written);
    expectSameFeatures(layer.features!.slice(0, 2) as Feature[], areal, 0);
    expect(layer.features!.map((f) => f.geometry?.type)).toEqual(['Polygon', 'MultiPolygon', 'Polygon']);
  });

  it('writes the coordinate system asked for, with its WKT as the .prj', () => {
    const crs = crsFromCode('EPSG:4549');
    const written = writeShapefile([LAYERS.enterprises.features[0]], { name: 'e', crs: 'EPSG:4549' });
    const files = unzipSync(written.bytes);
    expect(decode(files['e.prj'])).toBe(crs.prj);
    expect(decode(files['e.cpg'])).toBe('UTF-8');
    const shp = files['e.shp'];
    const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
    const [lon, lat] = (LAYERS.enterprises.features[0].geometry as { coordinates: number[] }).coordinates;
    const [x, y] = crs.fromWgs84(lon, lat);
    expect([view.getFloat64(112, true), view.getFloat64(120, true)]).toEqual([x, y]);
    expect(x).toBeGreaterThan(100_000);
    expect(decode(unzipSync(writeShapefile([], {}).bytes)['layer.prj'])).toBe(crsFromCode('EPSG:4326').prj);
  });

  it('refuses an unknown coordinate system with an ExportError, and writes no .prj for one without WKT', () => {
    expect(() => writeShapefile(areal, { crs: 'EPSG:2383' })).toThrow(ExportError);
    const gcj = writeShapefile(areal, { name: 'g', crs: 'gcj02' });
    expect(Object.keys(unzipSync(gcj.bytes))).not.toContain('g.prj');
    expect(gcj.warnings.join('\n')).toMatch(/no \.prj/);
  });

  it('writes a layer of mixed types as one Shapefile per type in the zip, and says so', async () => {
    const point: Feature = {
      type: 'Feature',
      properties: { code: 'p' },
      geometry: { type: 'Point', coordinates: [120.5, 30.5] },
    };
    const none: Feature = {
      type: 'Feature',
      properties: { code: 'n' },
      geometry: null as unknown as Geometry,
    };
    const written = writeShapefile([areal[0], point, none, areal[1]], { name: 'mixed' });
    expect(written.files.filter((f) => f.endsWith('.shp'))).toEqual(['mixed_point.shp', 'mixed_polygon.shp']);
    expect(written.warnings.join('\n')).toMatch(/mixed_point\.shp \(2\), mixed_polygon\.shp \(2\)/);
    const layers = await readBack('shp', written);
    expect(layers.map((l) => [l.name, l.features!.map((f) => f.properties.code)])).toEqual([
      ['mixed_point', ['p', 'n']],
      ['mixed_polygon', ['a', 'b']],
    ]);
    expect(layers[0].features![1].geometry).toBeNull();
  });

  it('cuts field names to 10 bytes at a character boundary and keeps them unique, ignoring case', () => {
    const { names, renames } = dbfFieldNames([
      'communityCode',
      'communityCodes',
      '社区编码名称',
      'Code',
      'CODE',
      'a',
    ]);
    expect(names).toEqual(['communityC', 'communit_1', '社区编', 'Code', 'CODE_1', 'a']);
    expect(names.every((n) => new TextEncoder().encode(n).length <= 10)).toBe(true);
    expect(renames).toEqual([
      { property: 'communityCode', field: 'communityC' },
      { property: 'communityCodes', field: 'communit_1' },
      { property: '社区编码名称', field: '社区编' },
      { property: 'CODE', field: 'CODE_1' },
    ]);
  });

  it('writes the .dbf in UTF-8: names, N with decimals, L, blanks for null, long text cut at a character boundary', async () => {
    const long = `a${'网'.repeat(100)}`;
    const features: Feature[] = [
      {
        type: 'Feature',
        properties: { 社区编码名称: '东区', amount: 1.5, ok: true, note: long, none: null },
        geometry: { type: 'Point', coordinates: [120.1, 30.1] },
      },
      {
        type: 'Feature',
        properties: { 社区编码名称: null, amount: -2.25, ok: false, note: 'x' },
        geometry: { type: 'Point', coordinates: [120.2, 30.2] },
      },
      {
        type: 'Feature',
        properties: { 社区编码名称: '西区', amount: null, ok: null, note: null },
        geometry: { type: 'Point', coordinates: [120.3, 30.3] },
      },
    ];
    const written = writeShapefile(features, { name: 't', date: new Date(2026, 4, 6) });
    expect(written.warnings.join('\n')).toContain(
      '1 value of "note" longer than 254 bytes cut at a character boundary (first: feature 0)',
    );
    const dbf = unzipSync(written.bytes)['t.dbf'];
    expect([...dbf.subarray(0, 4)]).toEqual([0x03, 126, 5, 6]);
    const field = (i: number) => {
      const at = 32 + 32 * i;
      const name = decode(dbf.subarray(at, at + 11)).replace(/\0+$/, '');
      return [name, String.fromCharCode(dbf[at + 11]), dbf[at + 16], dbf[at + 17]];
    };
    expect([0, 1, 2, 3, 4].map(field)).toEqual([
      ['社区编', 'C', 6, 0],
      ['amount', 'N', 5, 2],
      ['ok', 'L', 1, 0],
      ['note', 'C', 254, 0],
      ['none', 'C', 1, 0],
    ]);
    const [layer] = await readBack('shp', written);
    expect(layer.encoding).toEqual({ name: 'utf-8', source: 'cpg' });
    expect(layer.warnings).toEqual([]);
    const rows = layer.features!.map((f) => f.properties);
    // 1 + 84 × 3 = 253 bytes: one more character would make 256.
    expect(rows[0]).toEqual({ 社区编: '东区', amount: 1.5, ok: true, note: `a${'网'.repeat(84)}`, none: '' });
    expect(rows[1]).toEqual({ 社区编: '', amount: -2.25, ok: false, note: 'x', none: '' });
    // Blanks: C '' and N null; parsedbf reads a blank L as false (GDAL reads null).
    expect(rows[2]).toEqual({ 社区编: '西区', amount: null, ok: false, note: '', none: '' });
  });

  it('writes numbers too wide for an N field as text, and rounds past 15 decimals with a warning', async () => {
    const features: Feature[] = [
      {
        type: 'Feature',
        properties: { big: 1e21, fine: 0.1 + 0.2 },
        geometry: { type: 'Point', coordinates: [1, 2] },
      },
    ];
    const written = writeShapefile(features, { name: 'n' });
    expect(written.warnings.join('\n')).toMatch(/written as text: "big"/);
    expect(written.warnings.join('\n')).toMatch(/1 number of "fine" rounded to 15 decimals/);
    const [layer] = await readBack('shp', written);
    expect(layer.features![0].properties).toEqual({ big: '1e+21', fine: 0.3 });
  });

  it('writes an empty layer as an empty Shapefile of the type asked for', async () => {
    const written = writeShapefile([], { name: 'none', emptyKind: 'polygon' });
    const shp = unzipSync(written.bytes)['none.shp'];
    expect(shp.length).toBe(100);
    expect(new DataView(shp.buffer, shp.byteOffset).getInt32(32, true)).toBe(5);
    const [layer] = await readBack('shp', written);
    expect(layer.features).toEqual([]);
  });
});

describe('CSV and xlsx: formulas never run', () => {
  const hostile = {
    link: '=HYPERLINK("http://x","y")',
    plus: '+1+1',
    at: '@SUM(A1)',
    sum: '-2+3',
    tab: '\tcmd',
    negative: -12.5,
    negativeText: '-12.5',
    exponent: '-0.5e3',
    chinese: '东塘里一网格，"引号"',
  };
  const features: Feature[] = [
    { type: 'Feature', properties: hostile, geometry: { type: 'Point', coordinates: [-120.5, -30.25] } },
  ];

  it('says which text a spreadsheet would run', () => {
    const yes = [
      '=1',
      '=12',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tx',
      '\rx',
      '-12.5 元',
      '+86 138 0013 8000',
      '--1',
    ];
    expect(yes.map(formulaLike)).toEqual(yes.map(() => true));
    // Numbers as spreadsheets read them stay numbers; a lone sign (a table's "none") runs nothing.
    const no = ['-12.5', '+3', '-0.5e3', '12', '', 'a=b', '东区', '-1,234.5', '+5%', '-', '=', '+'];
    expect(no.map(formulaLike)).toEqual(no.map(() => false));
  });

  it('CSV: a BOM, CRLF, formula-like text behind a quote, numbers as they are, Chinese intact', () => {
    const bytes = writeExport('csv', features).bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decode(bytes);
    expect(text.split('\r\n')).toHaveLength(3);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const rows = [...csvRows(text)].map((r) => r.row);
    expect(rows[0]).toEqual([...Object.keys(hostile), 'lon', 'lat']);
    expect(rows[1]).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'+1+1",
      "'@SUM(A1)",
      "'-2+3",
      "'\tcmd",
      '-12.5',
      '-12.5',
      '-0.5e3',
      '东塘里一网格，"引号"',
      '-120.5',
      '-30.25',
    ]);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('xlsx: no formula anywhere, formula-like strings as quote-prefixed text, numbers as numbers', async () => {
    const written = writeXlsx(features, { name: 'hostile' });
    const files = unzipSync(written.bytes);
    const sheet = decode(files['xl/worksheets/sheet1.xml']);
    // A formula needs an <f> element: there is none, and every string is an inline string (t="inlineStr").
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).not.toMatch(/t="(s|str)"/);
    const cell = (ref: string) => new RegExp(`<c r="${ref}"[^>]*>.*?</c>`).exec(sheet)?.[0];
    expect(cell('A2')).toBe('<c r="A2" s="1" t="inlineStr"><is><t>=HYPERLINK("http://x","y")</t></is></c>');
    for (const ref of ['B2', 'C2', 'D2', 'E2']) expect(cell(ref)).toMatch(/^<c r="\w+" s="1" t="inlineStr">/);
    // A tab must survive: white space is preserved there.
    expect(cell('E2')).toBe('<c r="E2" s="1" t="inlineStr"><is><t xml:space="preserve">\tcmd</t></is></c>');
    expect(cell('F2')).toBe('<c r="F2"><v>-12.5</v></c>');
    expect(cell('G2')).toBe('<c r="G2" t="inlineStr"><is><t>-12.5</t></is></c>');
    expect(cell('H2')).toBe('<c r="H2" t="inlineStr"><is><t>-0.5e3</t></is></c>');
    expect(cell('J2')).toBe('<c r="J2"><v>-120.5</v></c>');
    expect(decode(files['xl/styles.xml'])).toMatch(/<xf numFmtId="49"[^>]*quotePrefix="1"\/>/);
    // Read back: the values as they were, Chinese included (no quote added: xlsx needs none).
    const [layer] = await readBack('xlsx', written);
    expect(layer.table!.rows[0]).toEqual([...Object.values(hostile).map(String), '-120.5', '-30.25']);
  });

  it('xlsx: control characters as _xHHHH_ and a literal _xHHHH_ escaped, read back as they were', async () => {
    const tricky = { a: 'bell\u0007', b: 'keep _x0041_ as it is', c: 'x'.repeat(40_000), d: '  two\nlines ' };
    const written = writeXlsx([{ type: 'Feature', properties: tricky, geometry: null }]);
    const sheet = decode(unzipSync(written.bytes)['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('bell_x0007_');
    expect(sheet).toContain('keep _x005F_x0041_ as it is');
    expect(written.warnings).toEqual([`1 value of "c" cut to Excel's 32767 characters (first: feature 0)`]);
    const [layer] = await readBack('xlsx', written);
    expect(layer.table!.rows[0].slice(0, 4)).toEqual([tricky.a, tricky.b, 'x'.repeat(32_767), tricky.d]);
  });
});

describe('KML', () => {
  it('escapes hostile names and values, which read back as they were', async () => {
    const name = '<script>alert("x")</script> & \'引号\'';
    const feature: Feature = {
      type: 'Feature',
      properties: { name, 'a"b<c': '</value></Data><Data name="x">', n: 3, skip: null },
      geometry: { type: 'Point', coordinates: [120.9, 30.5] },
    };
    const written = writeKml([feature], { name: '</name><Placemark>' });
    const text = decode(written.bytes);
    expect(text).toContain(
      '<name>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;引号&apos;</name>',
    );
    expect(text).not.toContain('<script>');
    expect(text).toContain('<Data name="a&quot;b&lt;c"><value>&lt;/value&gt;&lt;/Data&gt;');
    expect(text).toContain('<name>&lt;/name&gt;&lt;Placemark&gt;</name>');
    expect(text).not.toContain('"skip"');
    const [layer] = await readBack('kml', written);
    expect(layer.features).toHaveLength(1);
    expect(layer.features![0].properties).toEqual({
      name,
      'a"b<c': '</value></Data><Data name="x">',
      n: '3',
    });
  });

  it('drops characters XML cannot hold, with a warning, and writes holes and multi-geometries', async () => {
    const written = writeKml([
      {
        type: 'Feature',
        properties: { name: 'a\u0001b' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
              [
                [0.5, 0.2],
                [0.8, 0.2],
                [0.8, 0.5],
                [0.5, 0.2],
              ],
            ],
            [
              [
                [2, 2],
                [3, 2],
                [3, 3],
                [2, 2],
              ],
            ],
          ],
        },
      },
    ]);
    const text = decode(written.bytes);
    // Twice: in the <name> and in the ExtendedData.
    expect(written.warnings).toEqual(['2 control characters that XML cannot hold left out of the text']);
    expect(text).toContain('<name>ab</name>');
    expect(text.match(/<Polygon>/g)).toHaveLength(2);
    expect(text.match(/<innerBoundaryIs>/g)).toHaveLength(1);
    const [layer] = await readBack('kml', written);
    expect(layer.features![0].geometry?.type).toBe('MultiPolygon');
  });
});

describe('writeExport', () => {
  it('refuses a projected coordinate system for formats that are WGS84 by definition', () => {
    for (const format of ['geojson', 'csv', 'xlsx', 'kml'] as const) {
      expect(() => writeExport(format, LAYERS.grids.features, { crs: 'EPSG:4549' })).toThrow(
        expect.objectContaining({ code: 'crsNotSupported' }),
      );
      expect(() => writeExport(format, [], { crs: 'EPSG:4490' })).not.toThrow();
    }
  });

  it('writes the columns asked for, in their order, and refuses a property named like a geometry column', () => {
    const f: Feature = {
      type: 'Feature',
      properties: { b: 1, a: 2, c: 3 },
      geometry: null as unknown as Geometry,
    };
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      writeExport('csv', [f], { columns: ['a', 'b', 'z'] }).bytes,
    );
    expect(text).toBe('\uFEFFa,b,z,lon,lat\r\n2,1,,,\r\n');
    const geojson = JSON.parse(decode(writeExport('geojson', [f], { columns: ['a', 'z'] }).bytes));
    expect(geojson.features[0].properties).toEqual({ a: 2 });
    expect(() => writeExport('csv', [{ ...f, properties: { lon: 1 } }])).toThrow(
      expect.objectContaining({ code: 'columnClash' }),
    );
  });
});
