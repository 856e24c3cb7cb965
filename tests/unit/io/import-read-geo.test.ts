/**
 * The geometry readers (src/io/import/read-geo.ts): zipped Shapefiles (real files from shpjs's test data in
 * tests/fixtures/import, and GBK ones written by tests/unit/io/import-fixtures.ts), KML/KMZ and GeoJSON; and the
 * refusals, each with its code and place.
 */
import { readFileSync } from 'node:fs';
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { encodingForLabel, readGeoFile } from '../../../src/io/import/read-geo';
import { ImportError, type RawLayer, type ReadOptions } from '../../../src/io/import/types';
import {
  SHP_POINT,
  SHP_POLYGON,
  gbk,
  patchDeclaredSize,
  patchNameBytes,
  utf8,
  writeDbf,
  writeShp,
  zipFiles,
  type DbfFieldSpec,
  type Ring,
  type Shape,
} from './import-fixtures';

const FIXTURES = 'tests/fixtures/import';
const fixture = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}/${name}`));

/** The ImportError `promise` rejects with (fails the test when it resolves or throws something else). */
async function importError(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError, but reading succeeded');
}

const read = (bytes: Uint8Array, fileName: string, options: Partial<ReadOptions> = {}) =>
  readGeoFile(bytes, { fileName, ...options });

const codes = (layer: RawLayer) => layer.warnings.map((w) => w.code).sort();

// Projected coordinates (CGCS2000 / 3-degree Gauss-Krüger CM 120E, metres), as Chinese survey data has them.
const X = 500000;
const Y = 3400000;
const square = (x: number, y: number, size: number): Ring => [
  // Clockwise: a Shapefile's outer ring.
  [X + x, Y + y],
  [X + x, Y + y + size],
  [X + x + size, Y + y + size],
  [X + x + size, Y + y],
  [X + x, Y + y],
];
const hole = (x: number, y: number, size: number): Ring => square(x, y, size).reverse();

const PRJ =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",' +
  'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],' +
  'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const GRID_SHAPES: Shape[] = [
  { rings: [square(0, 0, 100), hole(20, 20, 30)] },
  { rings: [square(200, 0, 50), square(300, 0, 50)] },
  null,
];
const GRID_FIELDS: DbfFieldSpec[] = [
  { name: 'NAME', type: 'C', length: 24 },
  { name: '编码', type: 'C', length: 8 },
  { name: 'AREA', type: 'N', length: 12, decimals: 2 },
];
const GRID_ROWS: (string | number | null)[][] = [
  ['网格一号', 'A01', 100.5],
  ['工业园区', 'B02', null],
  ['东西南北街道', 'C03', 7],
];
const GRID_PROPERTIES = [
  { NAME: '网格一号', 编码: 'A01', AREA: 100.5 },
  { NAME: '工业园区', 编码: 'B02', AREA: null },
  { NAME: '东西南北街道', 编码: 'C03', AREA: 7 },
];

/** The files of the test grid Shapefile: GBK attributes, no .cpg, unless `encode` says otherwise. */
function gridFiles(
  name = 'grid',
  encode: (text: string) => Uint8Array = gbk,
  rows = GRID_ROWS,
): Record<string, Uint8Array | string> {
  const { shp, shx } = writeShp(SHP_POLYGON, GRID_SHAPES);
  return {
    [`${name}.shp`]: shp,
    [`${name}.shx`]: shx,
    [`${name}.dbf`]: writeDbf(GRID_FIELDS, rows, encode),
    [`${name}.prj`]: PRJ,
  };
}

describe('readGeoFile: Shapefile zips', () => {
  it('reads GBK attributes without a .cpg as Chinese, polygons with holes and multipolygons with their rings', async () => {
    const [layer, ...more] = await read(zipFiles(gridFiles()), 'grid.zip');
    expect(more).toEqual([]);
    expect(layer.format).toBe('shapefile');
    expect(layer.name).toBe('grid');
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.prj).toBe(PRJ);
    expect(layer.warnings).toEqual([]);
    expect(layer.features!.map((f) => f.properties)).toEqual(GRID_PROPERTIES);
    const [withHole, multi, nothing] = layer.features!.map((f) => f.geometry);
    // Coordinates as in the file: projected metres, not reprojected.
    expect(withHole).toEqual({
      type: 'Polygon',
      coordinates: [square(0, 0, 100), hole(20, 20, 30)],
    } satisfies Polygon);
    expect(multi).toEqual({
      type: 'MultiPolygon',
      coordinates: [[square(200, 0, 50)], [square(300, 0, 50)]],
    } satisfies MultiPolygon);
    expect(nothing).toBeNull();
  });

  it('reads UTF-8 attributes by their .cpg, and the .cpg labels GIS software writes', async () => {
    const files = { ...gridFiles('grid', utf8), 'grid.cpg': 'UTF-8\r\n' };
    const [layer] = await read(zipFiles(files), 'grid.zip');
    expect(layer.encoding).toEqual({ name: 'utf-8', source: 'cpg' });
    expect(layer.features!.map((f) => f.properties)).toEqual(GRID_PROPERTIES);
    expect(layer.warnings).toEqual([]);

    const [cp936] = await read(zipFiles({ ...gridFiles(), 'grid.cpg': 'ANSI 936' }), 'grid.zip');
    expect(cp936.encoding).toEqual({ name: 'gbk', source: 'cpg' });
    expect(cp936.features![0].properties.NAME).toBe('网格一号');
  });

  it.each([
    ['UTF-8', 'utf-8'],
    ['utf8', 'utf-8'],
    ['65001', 'utf-8'],
    ['GBK', 'gbk'],
    ['GB2312', 'gbk'],
    ['936', 'gbk'],
    ['ANSI 936', 'gbk'],
    ['CP936', 'gbk'],
    ['GB18030', 'gb18030'],
    ['BIG5', 'big5'],
    ['ANSI 1250', 'windows-1250'],
    ['1252', 'windows-1252'],
    ['88591', 'windows-1252'],
    ['8859_5', 'iso-8859-5'],
    ['SYSTEM', null],
    ['437', null],
    ['KLINGON', null],
    ['', null],
  ])('maps the .cpg label %j to %j', (label, expected) => {
    expect(encodingForLabel(label)).toBe(expected);
  });

  it('respects the encoding option when there is no .cpg', async () => {
    const [layer] = await read(zipFiles(gridFiles('grid', utf8)), 'grid.zip', { encoding: 'utf-8' });
    expect(layer.encoding).toEqual({ name: 'utf-8', source: 'option' });
    expect(layer.features!.map((f) => f.properties)).toEqual(GRID_PROPERTIES);
    expect(layer.warnings).toEqual([]);
  });

  it('refuses an encoding option it does not know', async () => {
    const error = await importError(read(zipFiles(gridFiles()), 'grid.zip', { encoding: 'klingon' }));
    expect(error.code).toBe('unknownEncoding');
  });

  it('warns when GBK attributes are read as UTF-8, naming the first row and field', async () => {
    const asciiNames = GRID_FIELDS.map((f, i) => (i === 1 ? { ...f, name: 'CODE' } : f));
    const { shp, shx } = writeShp(SHP_POLYGON, GRID_SHAPES);
    const rows = [
      ['A01', 'B01', 1],
      ['A02', '网格', 2],
      ['工业', 'B03', 3],
    ];
    const files = { 'g.shp': shp, 'g.shx': shx, 'g.prj': PRJ, 'g.dbf': writeDbf(asciiNames, rows, gbk) };
    const [layer] = await read(zipFiles(files), 'g.zip', { encoding: 'utf-8' });
    expect(layer.warnings).toEqual([
      expect.objectContaining({
        code: 'badEncoding',
        index: 1,
        property: 'CODE',
        reason:
          'g.dbf: row 2, field "CODE": some characters cannot be read as UTF-8; the file may be GBK: choose that encoding',
      }),
    ]);
    expect(layer.features![1].properties.CODE).toContain('\uFFFD');
  });

  it('warns when a field name cannot be read in the encoding', async () => {
    const [layer] = await read(zipFiles(gridFiles()), 'grid.zip', { encoding: 'utf-8' });
    expect(codes(layer)).toEqual(['badEncoding']);
    expect(layer.warnings[0].index).toBeUndefined();
    expect(layer.warnings[0].property).toContain('\uFFFD');
    expect(layer.warnings[0].reason).toMatch(/field name .* may be GBK/);
  });

  it('warns when UTF-8 attributes are read as GBK although GBK decodes them without error', async () => {
    // UTF-8 '中心' is E4 B8 AD E5 BF 83: three valid GBK characters, no U+FFFD; the bytes give it away.
    const rows = [['中心', 'A01', 1]];
    const { shp, shx } = writeShp(SHP_POINT, [{ point: [X, Y] }]);
    const files = { 'p.shp': shp, 'p.shx': shx, 'p.prj': PRJ, 'p.dbf': writeDbf(GRID_FIELDS, rows, utf8) };
    const [layer] = await read(zipFiles(files), 'p.zip');
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.features![0].properties.NAME).not.toBe('中心');
    expect(layer.warnings).toEqual([
      expect.objectContaining({
        code: 'badEncoding',
        index: 0,
        property: 'NAME',
        reason: expect.stringMatching(/looks like UTF-8/),
      }),
    ]);
  });

  it('warns about an unknown .cpg label and falls back to the default encoding', async () => {
    const [layer] = await read(zipFiles({ ...gridFiles(), 'grid.cpg': 'KLINGON' }), 'grid.zip');
    expect(codes(layer)).toEqual(['unknownCpg']);
    expect(layer.warnings[0].reason).toMatch(/KLINGON.*GBK/);
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.features![0].properties.NAME).toBe('网格一号');
  });

  it('warns about a missing .shx, .prj and .dbf, and reads the shapes without attributes', async () => {
    const { 'grid.shp': shp } = gridFiles();
    const [layer] = await read(zipFiles({ 'grid.shp': shp }), 'grid.zip');
    expect(codes(layer)).toEqual(['missingDbf', 'missingPrj', 'missingShx']);
    expect(layer.prj).toBeUndefined();
    expect(layer.encoding).toBeUndefined();
    expect(layer.features!.map((f) => f.properties)).toEqual([{}, {}, {}]);
    expect(layer.features![0].geometry?.type).toBe('Polygon');
  });

  it('warns when the .shp and the .dbf count differently', async () => {
    const files = gridFiles('grid', gbk, GRID_ROWS.slice(0, 2));
    const [layer] = await read(zipFiles(files), 'grid.zip');
    expect(codes(layer)).toEqual(['countMismatch']);
    expect(layer.warnings[0].reason).toMatch(/3 shapes .* 2 rows/);
    expect(layer.features!.map((f) => f.properties)).toEqual([...GRID_PROPERTIES.slice(0, 2), {}]);
  });

  it('reads a .dbf cut short as far as it goes', async () => {
    const files = gridFiles();
    const dbf = files['grid.dbf'] as Uint8Array;
    files['grid.dbf'] = dbf.subarray(0, dbf.length - 30);
    const [layer] = await read(zipFiles(files), 'grid.zip');
    expect(codes(layer)).toEqual(['countMismatch', 'dbfTruncated']);
    expect(layer.features!.map((f) => f.properties)).toEqual([...GRID_PROPERTIES.slice(0, 2), {}]);
  });

  it('reads one layer per .shp, skipping __MACOSX and dot files, names in GBK included', async () => {
    const zip = zipFiles({
      ...gridFiles('data/XXXX'),
      ...gridFiles('roads'),
      '__MACOSX/data/._XXXX.shp': new Uint8Array([0, 5, 22, 7]),
      'data/.DS_Store': new Uint8Array(10),
    });
    // An old Windows zipper writes names in GBK without the UTF-8 flag.
    const layers = await read(patchNameBytes(zip, 'XXXX', gbk('网格')), 'two.zip');
    expect(layers.map((l) => l.name)).toEqual(['网格', 'roads']);
    expect(layers.map((l) => l.features!.length)).toEqual([3, 3]);
    expect(layers[0].warnings).toEqual([]);
  });

  it('reads real UTF-8 and code page Shapefiles (shpjs test data) by their .cpg', async () => {
    const [utf] = await read(fixture('utf.zip'), 'utf.zip');
    expect(utf.encoding).toEqual({ name: 'utf-8', source: 'cpg' });
    expect(utf.features!.map((f) => f.properties.field)).toEqual(['💩', 'Hněvošický háj']);
    expect(utf.features![0].geometry).toEqual({
      type: 'Point',
      coordinates: [-108.6328125, 41.244772343082076],
    });
    expect(utf.prj).toMatch(/^GEOGCS\["GCS_WGS_1984"/);

    const [codepage] = await read(fixture('codepage.zip'), 'codepage.zip');
    expect(codepage.encoding).toEqual({ name: 'windows-1250', source: 'cpg' });
    expect(codepage.features!.map((f) => f.properties.field)).toEqual(['??', 'Hněvošický háj']);
  });

  it('reads a real polygon with a hole (shpjs test data)', async () => {
    const [layer] = await read(fixture('SHP_Exclude.zip'), 'SHP_Exclude.zip');
    expect(layer.name).toBe('TestExclude');
    expect(codes(layer)).toEqual(['missingPrj']);
    const polygon = layer.features![0].geometry as Polygon;
    expect(polygon.type).toBe('Polygon');
    expect(polygon.coordinates).toHaveLength(2);
    const [outer, inner] = polygon.coordinates;
    expect(outer[0]).toEqual([4.176121093595888, 50.933204489347595]);
    for (const ring of [outer, inner]) expect(ring[ring.length - 1]).toEqual(ring[0]);
    const bbox = (ring: Position[]) =>
      [0, 1].flatMap((i) => [Math.min(...ring.map((p) => p[i])), Math.max(...ring.map((p) => p[i]))]);
    const [oxMin, oxMax, oyMin, oyMax] = bbox(outer);
    const [ixMin, ixMax, iyMin, iyMax] = bbox(inner);
    expect(ixMin > oxMin && ixMax < oxMax && iyMin > oyMin && iyMax < oyMax).toBe(true);
    expect(layer.features![0].properties).toMatchObject({
      FieldName: 'Test Christian',
      Size: 2.04,
      CropYear: null,
    });
  });

  it('reads a real Shapefile in a folder of the zip, ignoring the zeros padding its .shp', async () => {
    const [layer] = await read(fixture('T8Th4_6n.zip'), 'T8Th4_6n.zip');
    expect(layer.name).toBe('POLYLINE');
    expect(layer.features).toHaveLength(1);
    expect(layer.features![0].geometry?.type).toBe('LineString');
    expect((layer.features![0].geometry as { coordinates: Position[] }).coordinates[0]).toEqual([
      -64.64355468750001, 46.7248003746672,
    ]);
    expect(layer.features![0].properties).toEqual({ name: '1974.1004' });
  });

  it('reads null shapes as features with a null geometry (real file with a zero-length line)', async () => {
    const [layer] = await read(fixture('zero-len-line.zip'), 'zero-len-line.zip');
    expect(layer.features!.map((f) => f.geometry?.type ?? null)).toEqual(['LineString', null, 'LineString']);
    expect(layer.features![1].properties).toMatchObject({ TYPEPIPE: 'Interstate', Shape_Leng: 0 });
  });

  it('returns projected coordinates as found, with the .prj text (real NAD83 / Massachusetts file)', async () => {
    const [layer] = await read(fixture('train_stations.zip'), 'train_stations.zip');
    expect(layer.features).toHaveLength(361);
    expect(layer.prj).toMatch(/^PROJCS\["NAD83 \/ Massachusetts/);
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.warnings).toEqual([]);
    const [x, y] = (layer.features![0].geometry as Point).coordinates;
    // shpjs given the .prj would have returned about [-70.97, 42.45]; metres come back untouched.
    expect(x).toBeGreaterThan(100000);
    expect(y).toBeGreaterThan(100000);
    expect(layer.features![0].properties).toMatchObject({ objectid: 95, station: 'RIVER WORKS' });
  });

  it('reports progress up to 1', async () => {
    const seen: number[] = [];
    await read(zipFiles(gridFiles()), 'grid.zip', { onProgress: (d) => seen.push(d) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe('readGeoFile: unreadable Shapefiles and zips', () => {
  it('refuses a lone .shp with advice to zip it', async () => {
    const error = await importError(read(writeShp(SHP_POINT, [{ point: [1, 2] }]).shp, 'roads.shp'));
    expect(error.code).toBe('shpNotZipped');
    expect(error.place).toBe('roads.shp');
    expect(error.detail).toMatch(/zip .*\.shx, \.dbf, \.prj and \.cpg/);
  });

  it('refuses a 0-byte zip, and bytes that are no zip', async () => {
    const empty = await importError(read(new Uint8Array(0), 'empty.zip'));
    expect([empty.code, empty.place]).toEqual(['empty', 'empty.zip']);
    const text = await importError(read(utf8('this is not a zip, only a file named like one'), 'fake.zip'));
    expect([text.code, text.place]).toEqual(['notZip', 'fake.zip']);
  });

  it('refuses a zip without .shp, saying what it holds (real file)', async () => {
    const error = await importError(read(fixture('noshp.zip'), 'noshp.zip'));
    expect([error.code, error.place]).toEqual(['noShapefile', 'noshp.zip']);
    expect(error.detail).toMatch(/counties\.dbf/);
  });

  it('refuses a truncated .shp in plain words', async () => {
    const files = gridFiles('parcels');
    const shp = files['parcels.shp'] as Uint8Array;
    files['parcels.shp'] = shp.subarray(0, shp.length - 10);
    const error = await importError(read(zipFiles(files), 'parcels.zip'));
    expect([error.code, error.place]).toEqual(['badShp', 'parcels.shp']);
    expect(error.detail).toMatch(/cut short/);
    expect(error.message).not.toMatch(/RangeError|Offset|DataView/);
  });

  it('refuses a .shp cut at a record boundary by the length its header declares', async () => {
    const { shp } = writeShp(SHP_POINT, [{ point: [1, 2] }, { point: [3, 4] }]);
    const error = await importError(read(zipFiles({ 'p.shp': shp.subarray(0, shp.length - 28) }), 'p.zip'));
    expect([error.code, error.place]).toEqual(['badShp', 'p.shp']);
    expect(error.detail).toMatch(/header says 156 bytes, the file has 128/);
  });

  it('refuses a 0-byte .shp, a .shp that is none, and a record whose counts run past it', async () => {
    const empty = await importError(read(zipFiles({ 'a.shp': new Uint8Array(0) }), 'a.zip'));
    expect([empty.code, empty.place, empty.detail]).toEqual(['badShp', 'a.shp', 'is empty (0 bytes)']);

    const noise = await importError(read(zipFiles({ 'b.shp': new Uint8Array(200).fill(7) }), 'b.zip'));
    expect([noise.code, noise.place]).toEqual(['badShp', 'b.shp']);
    expect(noise.detail).toMatch(/signature/);

    const { shp } = writeShp(SHP_POLYGON, GRID_SHAPES);
    const damaged = shp.slice();
    new DataView(damaged.buffer).setInt32(100 + 8 + 40, 1_000_000, true); // record 1's point count
    const error = await importError(read(zipFiles({ 'c.shp': damaged }), 'c.zip'));
    expect([error.code, error.place]).toEqual(['badShp', 'c.shp']);
    expect(error.detail).toMatch(/record 1 is damaged/);
  });

  it('refuses MultiPatch and unknown shape types', async () => {
    for (const [type, words] of [
      [31, /MultiPatch/],
      [99, /shape type 99/],
    ] as const) {
      const { shp } = writeShp(SHP_POINT, [{ point: [1, 2] }]);
      new DataView(shp.buffer).setInt32(32, type, true);
      const error = await importError(read(zipFiles({ 'm.shp': shp }), 'm.zip'));
      expect([error.code, error.place]).toEqual(['unsupportedShapeType', 'm.shp']);
      expect(error.detail).toMatch(words);
    }
  });

  const MiB = 1024 * 1024;
  const bombZip = () => zipFiles({ 'bomb.shp': new Uint8Array(5 * MiB) });

  it('refuses a zip whose declared sizes exceed the limit, before inflating anything', async () => {
    const zip = bombZip();
    expect(zip.length).toBeLessThan(50_000);
    // Garble the deflated data: were it inflated, the error would be zipCorrupt.
    const nameLength = new DataView(zip.buffer).getUint16(26, true);
    zip.fill(0xff, 30 + nameLength, 30 + nameLength + 64);
    const error = await importError(read(zip, 'bomb.zip', { maxUncompressedBytes: MiB }));
    expect([error.code, error.place]).toEqual(['zipTooLarge', 'bomb.zip']);
    expect(error.detail).toMatch(/5\.0 MB uncompressed, more than the 1\.0 MB allowed/);
  });

  it('stops an entry that inflates past the size its headers declare (a lying zip bomb)', async () => {
    const lying = patchDeclaredSize(bombZip(), 'bomb.shp', 1000);
    for (const maxUncompressedBytes of [MiB, undefined]) {
      const error = await importError(read(lying, 'bomb.zip', { maxUncompressedBytes }));
      expect([error.code, error.place]).toEqual(['zipTooLarge', 'bomb.zip']);
      expect(error.detail).toMatch(/bomb\.shp inflates to more than the 1000 bytes its zip header declares/);
    }
  });

  it('refuses an entry that inflates to less than it declares', async () => {
    const files = gridFiles();
    const shp = files['grid.shp'] as Uint8Array;
    const error = await importError(
      read(patchDeclaredSize(zipFiles(files), 'grid.shp', shp.length + 10), 'g.zip'),
    );
    expect([error.code, error.place]).toEqual(['zipCorrupt', 'g.zip']);
  });

  it('counts only the entries it reads against the limit', async () => {
    const zip = zipFiles({ ...gridFiles(), 'photo.tif': new Uint8Array(5 * MiB) });
    const [layer] = await read(zip, 'with-photo.zip', { maxUncompressedBytes: MiB });
    expect(layer.features).toHaveLength(3);
  });
});

const SAMPLE_KML = fixture('grid-sample.kml');

describe('readGeoFile: KML and KMZ', () => {
  it('reads Placemarks with their geometry, name, description and ExtendedData, without styling', async () => {
    const [layer, ...more] = await read(SAMPLE_KML, 'grid-sample.kml');
    expect(more).toEqual([]);
    expect(layer.format).toBe('kml');
    expect(layer.name).toBe('东区网格');
    expect(layer.encoding).toBeUndefined();
    expect(layer.warnings.map((w) => w.code)).toEqual(['kmlSkipped']);
    const [grid, centre, twoParts] = layer.features!;
    expect(layer.features).toHaveLength(3);

    expect(grid.id).toBe('grid-e01');
    expect(grid.properties).toEqual({
      name: '东区一号网格',
      description: '<b>工业园</b> 北区',
      population: 1200,
      code: 'E01',
    });
    expect(grid.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [120.1, 30.1, 0],
          [120.2, 30.1, 0],
          [120.2, 30.2, 0],
          [120.1, 30.2, 0],
          [120.1, 30.1, 0],
        ],
        [
          [120.12, 30.12],
          [120.14, 30.12],
          [120.14, 30.14],
          [120.12, 30.12],
        ],
      ],
    });

    // An ExtendedData value named like a style property ("fill") is kept.
    expect(centre.properties).toEqual({ name: '社区中心', description: '服务点', 类型: '中心', fill: 'yes' });
    expect(centre.geometry).toEqual({ type: 'Point', coordinates: [120.15, 30.15] });

    expect(twoParts.properties).toEqual({ name: '两块网格' });
    expect(twoParts.geometry?.type).toBe('MultiPolygon');
    expect((twoParts.geometry as MultiPolygon).coordinates.map((p) => p[0][0])).toEqual([
      [121, 31],
      [122, 32],
    ]);
  });

  it('reads a KML in the encoding its declaration names, named after the file without a document name', async () => {
    const text =
      '<?xml version="1.0" encoding="GB2312"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' +
      '<Placemark><name>中心</name><ExtendedData><Data name="NAME"><value>网格一号</value></Data></ExtendedData>' +
      '<Point><coordinates>120,30</coordinates></Point></Placemark></Document></kml>';
    const [layer] = await read(gbk(text), 'points.kml');
    expect(layer.name).toBe('points');
    expect(layer.warnings).toEqual([]);
    expect(layer.features!.map((f) => f.properties)).toEqual([{ name: '中心', NAME: '网格一号' }]);
  });

  it('reads a KMZ: its doc.kml, not its other files', async () => {
    const kmz = zipFiles({ 'files/image.png': new Uint8Array([137, 80, 78, 71]), 'doc.kml': SAMPLE_KML });
    const [layer] = await read(kmz, 'grid.kmz');
    expect(layer.format).toBe('kmz');
    expect(layer.name).toBe('东区网格');
    expect(layer.features!.map((f) => f.properties.name)).toEqual(['东区一号网格', '社区中心', '两块网格']);
  });

  it('refuses a KMZ without .kml, and applies the zip limits to it', async () => {
    const none = await importError(read(zipFiles({ 'a.png': new Uint8Array(4) }), 'x.kmz'));
    expect([none.code, none.place]).toEqual(['noKml', 'x.kmz']);
    const big = zipFiles({ 'doc.kml': new Uint8Array(5 * 1024 * 1024).fill(32) });
    const error = await importError(read(big, 'big.kmz', { maxUncompressedBytes: 1024 * 1024 }));
    expect([error.code, error.place]).toEqual(['zipTooLarge', 'big.kmz']);
  });

  it('refuses malformed XML with its line', async () => {
    const text = '<kml>\n<Document>\n<Placemark><name>x</name>\n</Document>\n</kml>';
    const error = await importError(read(utf8(text), 'bad.kml'));
    expect([error.code, error.place]).toEqual(['invalidXml', 'bad.kml']);
    expect(error.detail).toMatch(
      /^is not valid XML \(.*"Placemark" != "Document".* at line 3, column \d+\)$/,
    );

    const kmz = zipFiles({ 'doc.kml': text });
    const inKmz = await importError(read(kmz, 'bad.kmz'));
    expect([inKmz.code, inKmz.place]).toEqual(['invalidXml', 'doc.kml']);
  });

  it('refuses XML that is not KML', async () => {
    const error = await importError(read(utf8('<?xml version="1.0"?><gpx><trk/></gpx>'), 'track.kml'));
    expect([error.code, error.place]).toEqual(['notKml', 'track.kml']);
    expect(error.detail).toMatch(/<gpx>/);
  });
});

describe('readGeoFile: GeoJSON', () => {
  const json = (value: unknown) => utf8(JSON.stringify(value));

  it('reads a bare geometry as one feature without properties', async () => {
    const [layer] = await read(json({ type: 'Point', coordinates: [500000, 3400000] }), 'point.geojson');
    expect(layer).toEqual({
      format: 'geojson',
      name: 'point',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [500000, 3400000] }, properties: {} },
      ],
      encoding: { name: 'utf-8', source: 'format' },
      warnings: [],
    });
  });

  it('reads a Feature, keeping its id and properties', async () => {
    const feature = { type: 'Feature', id: 'g1', geometry: null, properties: { 名称: '网格' } };
    const [layer] = await read(json(feature), 'one.json');
    expect(layer.features).toEqual([
      { type: 'Feature', id: 'g1', geometry: null, properties: { 名称: '网格' } },
    ]);
  });

  it('reads a FeatureCollection with a BOM, null properties as {}, and its legacy crs member', async () => {
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: null },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [3, 4] }, properties: { a: 1 } },
      ],
    };
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...json(fc)]);
    const [layer] = await read(bytes, 'grids.geojson');
    expect(layer.encoding).toEqual({ name: 'utf-8', source: 'bom' });
    expect(layer.features!.map((f) => f.properties)).toEqual([{}, { a: 1 }]);
    expect(layer.crsMember).toBe('urn:ogc:def:crs:EPSG::4549');
    expect(layer.warnings).toEqual([]);
  });

  it('reads a GeoJSON that is not UTF-8 as GBK, with a warning', async () => {
    const bytes = gbk('{"type":"Feature","geometry":null,"properties":{"NAME":"网格一号"}}');
    const [layer] = await read(bytes, 'old.geojson');
    expect(layer.features![0].properties).toEqual({ NAME: '网格一号' });
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.warnings.map((w) => w.code)).toEqual(['badEncoding']);
  });

  it('refuses invalid JSON with its line and column', async () => {
    const error = await importError(
      read(utf8('{"type": "FeatureCollection",\n  "features": [1 2]}'), 'bad.geojson'),
    );
    expect([error.code, error.place]).toEqual(['invalidJson', 'bad.geojson']);
    expect(error.detail).toMatch(/line 2, column \d+/);
  });

  it('refuses JSON that is not GeoJSON', async () => {
    for (const [value, words] of [
      [{ foo: 1 }, /no "type"/],
      [[1, 2], /array/],
      [{ type: 'Topology' }, /"Topology" is no GeoJSON type/],
      [
        { type: 'FeatureCollection', features: [{ type: 'Point', coordinates: [1, 2] }] },
        /feature 0 is not a GeoJSON Feature/,
      ],
      [{ type: 'Feature', geometry: 'POINT (1 2)', properties: {} }, /geometry that is no object/],
    ] as const) {
      const error = await importError(read(json(value), 'x.json'));
      expect([error.code, error.place]).toEqual(['notGeoJson', 'x.json']);
      expect(error.detail).toMatch(words);
    }
  });

  it('refuses nesting deeper than a file of grids needs', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const error = await importError(
      read(json({ type: 'Feature', geometry: null, properties: deep }), 'deep.json'),
    );
    expect([error.code, error.place]).toEqual(['tooDeep', 'deep.json']);
  });
});

describe('readGeoFile: choosing the reader', () => {
  it('refuses extensions it does not read, and empty files', async () => {
    const csv = await importError(read(utf8('a,b'), 'table.csv'));
    expect([csv.code, csv.place]).toEqual(['unsupportedFormat', 'table.csv']);
    const odd = await importError(read(utf8('{}'), 'x.constructor'));
    expect([odd.code, odd.place]).toEqual(['unsupportedFormat', 'x.constructor']);
    const empty = await importError(read(new Uint8Array(0), 'nothing.geojson'));
    expect([empty.code, empty.place]).toEqual(['empty', 'nothing.geojson']);
  });

  it('chooses by the extension whatever its case', async () => {
    const [layer] = await read(SAMPLE_KML, 'GRID.KML');
    expect(layer.format).toBe('kml');
  });
});
