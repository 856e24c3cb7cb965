import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/domain/random';
import { makeUscc } from '../../../src/domain/uscc';
import { crsFromCode, wgs84ToGcj02 } from '../../../src/io/crs';
import { gbk, SHP_POLYGON, writeDbf, writeShp, zipFiles, type Ring } from '../io/import-fixtures';
import { xlsxFixture } from '../io/xlsx-fixture';
import { cli } from './run-cli';

const root = mkdtempSync(join(tmpdir(), 'gridsight-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const grids = JSON.parse(
  readFileSync('data/haiyan-mini/grids.geojson', 'utf8'),
) as FeatureCollection<Polygon>;
/** Names written with the characters the test's GBK table has. */
const NAMES = ['东区网格', '西区网格', '南区网格', '北区网格', '中心街道网格', '工业园一号网格'];

/** A folder holding the mini dataset's communities, as an office's dataset before its grids come in. */
function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync('data/haiyan-mini/community.geojson', join(dir, 'community.geojson'));
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ name, files: ['community.geojson'] }));
  return dir;
}

/** A ring turned clockwise, as a Shapefile's outer rings are. */
function clockwise(ring: Ring): Ring {
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return twice > 0 ? ring.slice().reverse() : ring;
}

/** The mini dataset's grids as the natural-resources bureau hands them: a GBK Shapefile in CGCS2000 zone 40. */
function bureauShapefile(): string {
  const crs = crsFromCode('EPSG:4528');
  const shapes = grids.features.map((f) => ({
    rings: f.geometry.coordinates.map((ring, i) => {
      const projected = ring.map(([x, y]) => crs.fromWgs84(x, y));
      return i === 0 ? clockwise(projected) : clockwise(projected).reverse();
    }),
  }));
  const { shp, shx } = writeShp(SHP_POLYGON, shapes);
  const dbf = writeDbf(
    [
      { name: 'WGBM', type: 'C', length: 15 },
      { name: '名称', type: 'C', length: 40 },
    ],
    grids.features.map((f, i) => [String(f.properties?.code), NAMES[i % NAMES.length]]),
    gbk,
  );
  const path = join(root, '网格.zip');
  writeFileSync(
    path,
    zipFiles({ '网格.shp': shp, '网格.shx': shx, '网格.dbf': dbf, '网格.prj': crs.prj ?? '' }),
  );
  return path;
}

describe('gridsight import', () => {
  it('brings a GBK Shapefile in Gauss-Krüger zone 40 in as grids, within 1 mm, and lists it in dataset.json', () => {
    const dir = folder('grids');
    const r = cli('import', bureauShapefile(), '--as', 'grids', '--out', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.crs).toMatchObject({ id: 'EPSG:4528', source: 'prj' });
    expect(report.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(report.columns).toMatchObject({ code: 'WGBM', name: '名称' });
    expect(report.counts).toEqual({ read: 24, accepted: 24, rejected: 0, doubtful: 0 });
    const written = JSON.parse(
      readFileSync(join(dir, 'grids.geojson'), 'utf8'),
    ) as FeatureCollection<Polygon>;
    expect(written.features.map((f) => f.properties?.name)).toEqual(
      grids.features.map((_, i) => NAMES[i % NAMES.length]),
    );
    for (let i = 0; i < grids.features.length; i++) {
      const a = grids.features[i].geometry.coordinates[0];
      const b = written.features[i].geometry.coordinates[0];
      // The same ring, perhaps turned the other way: compare as sets of positions, each within 1e-8° (~1 mm).
      for (const p of a)
        expect(b.some((q) => Math.abs(q[0] - p[0]) < 1e-8 && Math.abs(q[1] - p[1]) < 1e-8)).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8')).files).toEqual([
      'community.geojson',
      'grids.geojson',
    ]);
  });

  it('replaces no boundaries unless told, and writes nothing with --dry-run', () => {
    const dir = folder('replace');
    const zip = bureauShapefile();
    expect(cli('import', zip, '--as', 'grids', '--out', dir, '--dry-run').code).toBe(0);
    expect(existsSync(join(dir, 'grids.geojson'))).toBe(false);
    expect(cli('import', zip, '--as', 'grids', '--out', dir).code).toBe(0);
    const before = statSync(join(dir, 'grids.geojson')).mtimeMs;
    const again = cli('import', zip, '--as', 'grids', '--out', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/grids\.geojson exists: .*--replace/);
    expect(statSync(join(dir, 'grids.geojson')).mtimeMs).toBe(before);
    expect(cli('import', zip, '--as', 'grids', '--out', dir, '--replace').code).toBe(0);
  });

  it('--ops: the bureau’s grids become one planner step for plan apply, writing nothing into DIR', () => {
    const dir = join(root, 'ops-dataset');
    cpSync('data/haiyan-mini', dir, { recursive: true });
    const before = readFileSync(join(dir, 'grids.geojson'), 'utf8');
    const ops = join(root, 'ops.json');
    const r = cli('import', bureauShapefile(), '--as', 'grids', '--out', dir, '--ops', ops);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).written).toBe(ops);
    expect(readFileSync(join(dir, 'grids.geojson'), 'utf8')).toBe(before);
    const [op] = JSON.parse(readFileSync(ops, 'utf8')) as {
      op: string;
      layer: string;
      units: { code: string; name: string }[];
      source: string;
    }[];
    expect(op).toMatchObject({ op: 'import-boundaries', layer: 'grid', source: '网格.zip' });
    expect(op.units.map((u) => u.name)).toEqual(grids.features.map((_, i) => NAMES[i % NAMES.length]));
    // Applied: the same codes, renamed; a Gauss-Krüger round trip (< 1 mm) reshapes nothing.
    const next = join(root, 'ops-next');
    const applied = cli('plan', 'apply', dir, '--ops', ops, '--out', next, '--format', 'json');
    const changes = JSON.parse(applied.stdout) as { added: string[]; retired: string[]; reshaped: string[] };
    expect(changes).toMatchObject({ added: [], retired: [], reshaped: [] });
    const out = JSON.parse(readFileSync(join(next, 'grids.geojson'), 'utf8')) as FeatureCollection<Polygon>;
    expect(out.features.map((f) => f.properties?.name)).toEqual(
      grids.features.map((_, i) => NAMES[i % NAMES.length]),
    );
    expect(out.features.map((f) => f.geometry)).toEqual(grids.features.map((f) => f.geometry));
    // Only boundaries make a planner step.
    const refused = cli('import', bureauShapefile(), '--as', 'enterprises', '--out', dir, '--ops', ops);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--ops takes grids or micro-grids');
  });

  it('merges an enterprise CSV in GBK, refusing the rows it must with their lines (exit 1)', () => {
    const dir = folder('enterprises');
    const rng = createRng(3);
    const ids = [makeUscc(rng, '330424'), makeUscc(rng, '330424'), makeUscc(rng, '330424')];
    const ring = grids.features[0].geometry.coordinates[0];
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    // Column names and values from the GBK table: 名称 (name), 规模 is not in it, so scale is mapped by --map.
    const header = gbk('code,名称,S,lon,lat\r\n');
    const rows = [
      `${ids[0]},东区,above,${cx},${cy}`,
      `BAD,西区,above,${cx},${cy}`,
      `${ids[1]},南区,below,${cx + 1},${cy}`,
    ];
    const csv = new Uint8Array([...header, ...gbk(rows.join('\r\n'))]);
    const path = join(root, 'enterprises.csv');
    writeFileSync(path, csv);
    const r = cli(
      'import',
      path,
      '--as',
      'enterprises',
      '--out',
      dir,
      '--map',
      'id=code',
      '--map',
      'scale=S',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.encoding).toMatchObject({ name: 'gbk' });
    expect(report.rejected.map((x: { line: number; code: string }) => [x.line, x.code])).toEqual([
      [3, 'badCreditCode'],
      [4, 'outsideCommunity'],
    ]);
    const written = JSON.parse(
      readFileSync(join(dir, 'enterprises.geojson'), 'utf8'),
    ) as FeatureCollection<Point>;
    expect(written.features.map((f) => [f.properties?.id, f.properties?.name])).toEqual([[ids[0], '东区']]);
    // Again, with one more row: merged by id.
    writeFileSync(
      path,
      new Uint8Array([
        ...header,
        ...gbk(`${ids[0]},东区,above,${cx},${cy}\r\n${ids[2]},北区,below,${cx},${cy}`),
      ]),
    );
    const second = JSON.parse(
      cli('import', path, '--as', 'enterprises', '--out', dir, '--map', 'id=code,scale=S').stdout,
    );
    expect(second.merge).toEqual({ added: 1, updated: 0, unchanged: 1 });
  });

  it('reads the folder’s base map for the GCJ-02 hint on points that all lie inside the community', () => {
    const dir = folder('geocoded');
    copyFileSync('data/haiyan-mini/basemap.geojson', join(dir, 'basemap.geojson'));
    const enterprises = (
      JSON.parse(readFileSync('data/haiyan-mini/enterprises.geojson', 'utf8')) as FeatureCollection<Point>
    ).features.slice(0, 60);
    const rows = enterprises.map((f) => {
      const [x, y] = wgs84ToGcj02(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      return `${f.properties?.id},${f.properties?.name},规上,${x},${y}`;
    });
    const path = join(root, '高德企业.csv');
    writeFileSync(path, ['统一社会信用代码,企业名称,规模,经度,纬度', ...rows].join('\n'));
    const r = cli('import', path, '--as', 'enterprises', '--out', dir, '--dry-run');
    const report = JSON.parse(r.stdout);
    expect(report.notes.find((n: { code: string }) => n.code === 'maybeChinaOffset')?.reason).toMatch(
      /buildings or roads.*--crs gcj02/,
    );
    expect(existsSync(join(dir, 'enterprises.geojson'))).toBe(false);
  });

  it('exits 2 with one line naming the problem, writing nothing, for unreadable or unusable input', () => {
    const dir = folder('bad');
    const empty = join(root, 'empty.zip');
    writeFileSync(empty, '');
    const cases: Array<[string[], RegExp]> = [
      [[empty, '--as', 'grids'], /empty\.zip: is empty/],
      [['data/haiyan-mini/members.json', '--as', 'grids'], /members\.json.*not GeoJSON|members\.json/],
      [[bureauShapefile(), '--as', 'roads'], /--as must be one of grids, microgrids/],
      [[bureauShapefile(), '--as', 'grids', '--crs', 'EPSG:9999999'], /EPSG:9999999/],
      [[bureauShapefile(), '--as', 'grids', '--map', 'nothing'], /PROPERTY=COLUMN/],
      [[join(root, 'missing.zip'), '--as', 'grids'], /missing\.zip: cannot be read \(ENOENT\)/],
    ];
    for (const [args, message] of cases) {
      const r = cli('import', ...args, '--out', dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(dir, 'grids.geojson'))).toBe(false);
  });

  it('reads an Excel sheet’s formula as its cached value and refuses a zip bomb without writing', () => {
    const dir = folder('hostile');
    const rng = createRng(9);
    const id = makeUscc(rng, '330424');
    const ring = grids.features[0].geometry.coordinates[0];
    const [x, y] = [
      ring.reduce((s, p) => s + p[0], 0) / ring.length,
      ring.reduce((s, p) => s + p[1], 0) / ring.length,
    ];
    const cell = (r: string, v: string) => `<c r="${r}" t="inlineStr"><is><t>${v}</t></is></c>`;
    const rows =
      `<row r="1">${cell('A1', 'id')}${cell('B1', 'name')}${cell('C1', 'scale')}${cell('D1', 'lon')}${cell('E1', 'lat')}</row>` +
      `<row r="2">${cell('A2', id)}<c r="B2" t="str"><f>HYPERLINK("http://evil.example","点我")</f><v>点我</v></c>` +
      `${cell('C2', 'above')}<c r="D2"><v>${x}</v></c><c r="E2"><v>${y}</v></c></row>`;
    const xlsx = join(root, 'e.xlsx');
    writeFileSync(xlsx, xlsxFixture({ sheets: [{ name: '企业', rows }] }));
    const r = cli('import', xlsx, '--as', 'enterprises', '--out', dir);
    expect(r.code).toBe(0);
    const written = JSON.parse(
      readFileSync(join(dir, 'enterprises.geojson'), 'utf8'),
    ) as FeatureCollection<Point>;
    expect(written.features[0].properties?.name).toBe('点我');
    expect(readFileSync(join(dir, 'enterprises.geojson'), 'utf8')).not.toContain('HYPERLINK');

    // 600 MB of zeros declared honestly: refused before anything is inflated.
    const bomb = join(root, 'bomb.zip');
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < 9; i++) parts[`b${i}.shp`] = zeros;
    writeFileSync(bomb, zipFiles(parts));
    const b = cli('import', bomb, '--as', 'grids', '--out', dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bomb\.zip|MiB|MB/);
    expect(existsSync(join(dir, 'grids.geojson'))).toBe(false);
  });
});
