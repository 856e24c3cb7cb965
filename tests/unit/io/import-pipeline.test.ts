import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { crsFromCode, wgs84ToBd09, wgs84ToGcj02 } from '../../../src/io/crs';
import { importLayer } from '../../../src/io/import/pipeline';
import type { RawLayer } from '../../../src/io/import/types';
import { ImportError } from '../../../src/io/import/types';
import { makeUscc } from '../../../src/domain/uscc';
import { createRng } from '../../../src/domain/random';

const read = <T>(file: string) => JSON.parse(readFileSync(`data/haiyan-mini/${file}`, 'utf8')) as T;
const grids = read<FeatureCollection<Polygon | MultiPolygon>>('grids.geojson');
const communities = read<FeatureCollection<Polygon | MultiPolygon>>('community.geojson');

/** Every position of a geometry's coordinates mapped. */
function mapCoords<T>(c: T, f: (p: Position) => Position): T {
  return (
    Array.isArray(c) && typeof c[0] === 'number'
      ? f(c as Position)
      : (c as unknown[]).map((x) => mapCoords(x, f))
  ) as T;
}

/** The grids as a Shapefile reader would give them: projected, attributes under the bureau's Chinese field names. */
function projectedGridLayer(epsg: string): RawLayer {
  const crs = crsFromCode(epsg);
  return {
    format: 'shapefile',
    name: '网格',
    prj: undefined,
    warnings: [],
    features: grids.features.map((f) => ({
      type: 'Feature',
      geometry: {
        type: f.geometry.type,
        coordinates: mapCoords(f.geometry.coordinates, ([x, y]) => crs.fromWgs84(x, y)),
      } as Polygon,
      properties: { 网格编码: f.properties?.code, 网格名称: f.properties?.name, AREA: 1 },
    })),
  };
}

/** Largest distance in metres between matching positions of two geometries (equirectangular, fine at this size). */
function maxShiftM(a: unknown, b: unknown): number {
  let worst = 0;
  const walk = (x: unknown, y: unknown) => {
    if (Array.isArray(x) && typeof x[0] === 'number') {
      const [lon1, lat1] = x as number[];
      const [lon2, lat2] = y as number[];
      const dx = (lon1 - lon2) * 111_320 * Math.cos((lat1 * Math.PI) / 180);
      const dy = (lat1 - lat2) * 110_574;
      worst = Math.max(worst, Math.hypot(dx, dy));
    } else (x as unknown[]).forEach((v, i) => walk(v, (y as unknown[])[i]));
  };
  walk(a, b);
  return worst;
}

describe('importLayer: boundaries', () => {
  it('takes Gauss-Krüger grids back to the same WGS84 positions (within 1 mm) with their Chinese field names', () => {
    const { report, features } = importLayer(projectedGridLayer('EPSG:4549'), {
      as: 'grids',
      crs: 'EPSG:4549',
    });
    expect(report.counts).toEqual({
      read: grids.features.length,
      accepted: grids.features.length,
      rejected: 0,
      doubtful: 0,
    });
    expect(report.columns.code).toBe('网格编码');
    expect(report.columns.name).toBe('网格名称');
    expect(report.ignoredColumns).toEqual(['AREA']);
    expect(report.crs).toMatchObject({ id: 'EPSG:4549', source: 'option' });
    for (let i = 0; i < features.length; i++) {
      expect(features[i].properties).toEqual({
        code: grids.features[i].properties?.code,
        name: grids.features[i].properties?.name,
      });
      expect(
        maxShiftM((features[i].geometry as Polygon).coordinates, grids.features[i].geometry.coordinates),
      ).toBeLessThan(0.001);
    }
  });

  it('refuses projected coordinates when nothing says their zone, naming what to pass', () => {
    const layer = projectedGridLayer('EPSG:4549');
    expect(() => importLayer(layer, { as: 'grids' })).toThrow(ImportError);
    expect(() => importLayer(layer, { as: 'grids' })).toThrow(/--crs EPSG/);
  });

  it('says an unknown or unsupported coordinate system as an ImportError, from the option or the .prj', () => {
    const layer = projectedGridLayer('EPSG:4549');
    expect(() => importLayer(layer, { as: 'grids', crs: 'EPSG:9999999' })).toThrow(ImportError);
    const xian =
      'GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    expect(() => importLayer({ ...layer, prj: xian }, { as: 'grids' })).toThrow(ImportError);
  });

  it('lists each refused feature with its index and reason, and takes the rest', () => {
    const layer = projectedGridLayer('EPSG:4549');
    const f = layer.features!;
    f[1] = {
      ...f[1],
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    };
    f[2] = { ...f[2], properties: { ...f[2].properties, 网格编码: f[0].properties.网格编码 } };
    f[3] = { ...f[3], properties: { ...f[3].properties, 网格名称: '' } };
    f[4] = { ...f[4], geometry: null };
    const { report, features } = importLayer(layer, { as: 'grids', crs: 'EPSG:4549' });
    expect(report.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'wrongGeometryType'],
      [2, 'duplicateCode'],
      [3, 'badProperty'],
      [4, 'noGeometry'],
    ]);
    expect(report.rejected[2]).toMatchObject({ property: 'name' });
    expect(report.rejected[1].reason).toContain('feature 0');
    expect(report.counts).toMatchObject({ read: f.length, accepted: f.length - 4, rejected: 4 });
    expect(features).toHaveLength(f.length - 4);
  });

  it('refuses grids with no part inside the communities and doubts those across the border', () => {
    const layer: RawLayer = {
      format: 'geojson',
      name: 'g',
      warnings: [],
      features: [
        grids.features[0] as Feature<Polygon, Record<string, unknown>>,
        {
          ...(grids.features[1] as Feature<Polygon, Record<string, unknown>>),
          geometry: {
            type: 'Polygon',
            coordinates: mapCoords((grids.features[1].geometry as Polygon).coordinates, ([x, y]) => [
              x + 0.5,
              y,
            ]),
          },
        },
        {
          ...(grids.features[2] as Feature<Polygon, Record<string, unknown>>),
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [120, 30],
                [122, 30],
                [122, 31.5],
                [120, 31.5],
                [120, 30],
              ],
            ],
          },
        },
      ],
    };
    const { report } = importLayer(layer, { as: 'grids', context: { communities: communities.features } });
    expect(report.rejected.map((r) => [r.index, r.code])).toEqual([[1, 'outsideCommunity']]);
    expect(report.doubtful.map((r) => [r.index, r.code])).toEqual([[2, 'partlyOutside']]);
  });

  it('says an 18-digit code that a .dbf stored as a number has lost its digits', () => {
    const layer = projectedGridLayer('EPSG:4549');
    layer.features![0].properties.网格编码 = 330424002008001012;
    const { report } = importLayer(layer, { as: 'grids', crs: 'EPSG:4549' });
    expect(report.rejected[0]).toMatchObject({ index: 0, code: 'numberLostDigits', property: 'code' });
  });
});

/** An enterprise table as an office's Excel sheet has it. */
function enterpriseTable(rows: string[][]): RawLayer {
  return {
    format: 'csv',
    name: '企业',
    warnings: [],
    table: {
      columns: ['统一社会信用代码', '企业名称', '规模', '经度', '纬度', '备注'],
      rows,
      lines: rows.map((_, i) => i + 2),
    },
  };
}

/** Points well inside the mini dataset's first community (its grids' first vertices pulled toward their centres). */
function insidePoints(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const g of grids.features) {
    const ring = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0])[0];
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    out.push([cx, cy]);
    if (out.length === n) break;
  }
  return out;
}

describe('importLayer: tables', () => {
  const rng = createRng(7);
  const ids = Array.from({ length: 6 }, () => makeUscc(rng, '330424'));

  it('reads Chinese columns and values, and refuses a malformed credit code with its line', () => {
    const [a, b] = insidePoints(2);
    const wrongCheck = `${ids[2].slice(0, 17)}${ids[2][17] === '0' ? '1' : '0'}`;
    const { report, features } = importLayer(
      enterpriseTable([
        [ids[0], '海盐甲公司', '规上', String(a[0]), String(a[1]), 'x'],
        [ids[1], '海盐乙公司', '规模以下', String(b[0]), String(b[1]), ''],
        ['12345', '坏代码公司', '规上', String(b[0]), String(b[1]), ''],
        [wrongCheck, '校验位错公司', 'below', String(b[0]), String(b[1]), ''],
        [ids[3], '无坐标公司', '规上', '', '', ''],
      ]),
      { as: 'enterprises' },
    );
    expect(report.columns).toMatchObject({
      id: '统一社会信用代码',
      name: '企业名称',
      scale: '规模',
      lon: '经度',
      lat: '纬度',
    });
    expect(report.ignoredColumns).toEqual(['备注']);
    expect(features.map((f) => f.properties?.scale)).toEqual(['above', 'below', 'below']);
    expect((features[0].geometry as Point).coordinates).toEqual(a);
    expect(report.rejected.map((r) => [r.index, r.line, r.code])).toEqual([
      [2, 4, 'badCreditCode'],
      [4, 6, 'noLocation'],
    ]);
    expect(report.doubtful.map((r) => [r.index, r.code])).toEqual([[3, 'creditCodeCheck']]);
  });

  it('names the missing column and takes a mapping for it', () => {
    const layer = enterpriseTable([[ids[0], '甲', '规上', '120.9', '30.5', '']]);
    layer.table!.columns = ['信用号', '企业名称', '规模', 'X', 'Y', '备注'];
    expect(() => importLayer(layer, { as: 'enterprises' })).toThrow(/"id".*--map id=COLUMN/);
    const { report } = importLayer(layer, { as: 'enterprises', map: { id: '信用号' } });
    expect(report.counts.accepted).toBe(1);
    expect(report.columns).toMatchObject({ id: '信用号', lon: 'X', lat: 'Y' });
    expect(() => importLayer(layer, { as: 'enterprises', map: { id: '没有' } })).toThrow(/no column "没有"/);
    expect(() => importLayer(layer, { as: 'enterprises', map: { colour: '信用号' } })).toThrow(
      /which enterprises do not have/,
    );
  });

  it('notices latitude written first and offers --swap-xy, which fixes it', () => {
    const pts = insidePoints(3);
    const layer = enterpriseTable(
      pts.map(([x, y], i) => [ids[i], `公司${i}`, '规上', String(y), String(x), '']),
    );
    layer.table!.columns = ['统一社会信用代码', '企业名称', '规模', 'lon', 'lat', '备注'];
    // Latitude in the lon column, longitude (> 90) in the lat one: every row out of range.
    const first = importLayer(layer, { as: 'enterprises' });
    expect(first.report.counts.rejected).toBe(3);
    expect(first.report.notes.map((n) => n.code)).toContain('swappedAxes');
    const fixed = importLayer(layer, { as: 'enterprises', swapXY: true });
    expect(fixed.report.counts.accepted).toBe(3);
    expect((fixed.features[0].geometry as Point).coordinates).toEqual(pts[0]);
  });

  it('hints at GCJ-02 when geocoded points fall outside, and reads them back within 1 cm with --crs gcj02', () => {
    const pts = insidePoints(6);
    // Points near the community's edge, so the ~500 m offset of GCJ-02 takes them out: each grid's first vertex,
    // moved a little toward its grid's centre.
    const edge = grids.features.slice(0, 6).map((g, i) => {
      const ring = (g.geometry.type === 'Polygon' ? g.geometry.coordinates : g.geometry.coordinates[0])[0];
      return [ring[0][0] * 0.97 + pts[i][0] * 0.03, ring[0][1] * 0.97 + pts[i][1] * 0.03] as [number, number];
    });
    const shifted = edge.map(([x, y]) => wgs84ToGcj02(x, y));
    const layer = enterpriseTable(
      shifted.map(([x, y], i) => [ids[i], `公司${i}`, '规上', String(x), String(y), '']),
    );
    const plain = importLayer(layer, { as: 'enterprises', context: { communities: communities.features } });
    const outside = plain.report.rejected.filter((r) => r.code === 'outsideCommunity').length;
    expect(outside).toBeGreaterThan(0);
    expect(plain.report.notes.find((n) => n.code === 'maybeChinaOffset')?.reason).toContain('--crs gcj02');
    const right = importLayer(layer, {
      as: 'enterprises',
      crs: 'gcj02',
      context: { communities: communities.features },
    });
    expect(right.report.counts.rejected).toBe(0);
    right.features.forEach((f, i) =>
      expect(maxShiftM((f.geometry as Point).coordinates, edge[i])).toBeLessThan(0.01),
    );
  });

  it('refuses a table for boundaries and tracks, which need geometry', () => {
    const layer = enterpriseTable([]);
    expect(() => importLayer(layer, { as: 'grids' })).toThrow(/polygons/);
    expect(() => importLayer(layer, { as: 'patrols' })).toThrow(/lines/);
  });

  it('merges points into the present ones by id: added, updated, unchanged', () => {
    const [a, b] = insidePoints(2);
    const rows = [
      [ids[0], '甲', '规上', String(a[0]), String(a[1]), ''],
      [ids[1], '乙', '规上', String(b[0]), String(b[1]), ''],
      [ids[4], '丙', '规下', String(b[0]), String(b[1]), ''],
    ];
    const existing = importLayer(enterpriseTable(rows.slice(0, 2)), { as: 'enterprises' }).features;
    rows[1][1] = '乙（改名）';
    const { report, features } = importLayer(enterpriseTable(rows), {
      as: 'enterprises',
      context: { existing },
    });
    expect(report.merge).toEqual({ added: 1, updated: 1, unchanged: 1 });
    expect(features.map((f) => f.properties?.name)).toEqual(['甲', '乙（改名）', '丙']);
  });

  it('reads incidents with Chinese labels, levels and Excel-style times', () => {
    const [a] = insidePoints(1);
    const layer: RawLayer = {
      format: 'csv',
      name: '事件',
      warnings: [],
      table: {
        columns: [
          '事件编号',
          '事件类别',
          '事件等级',
          '事件状态',
          '上报时间',
          '网格编码',
          'lon',
          'lat',
          '是否督办',
        ],
        rows: [
          [
            'E1',
            '安全生产',
            '二级',
            '已结案',
            '2026/3/1 9:05',
            '330424002008001',
            String(a[0]),
            String(a[1]),
            '是',
          ],
          [
            'E2',
            'fire',
            '5',
            'closed',
            '2026-03-02T10:00:00+08:00',
            '330424002008001',
            String(a[0]),
            String(a[1]),
            '',
          ],
          ['E3', '消防安全', '1', '处置中', '昨天', '330424002008001', String(a[0]), String(a[1]), ''],
        ],
        lines: [2, 3, 4],
      },
    };
    const { report, features } = importLayer(layer, { as: 'incidents' });
    expect(features[0].properties).toMatchObject({
      id: 'E1',
      category: 'safety',
      level: 2,
      status: 'closed',
      reportedAt: '2026-03-01T09:05:00',
      supervised: true,
    });
    expect(report.rejected.map((r) => [r.index, r.property])).toEqual([
      [1, 'level'],
      [2, 'reportedAt'],
    ]);
  });

  it('hints at GCJ-02 or BD-09 when points inside the community sit off the base map, and not when they sit on it', () => {
    const basemap = read<FeatureCollection>('basemap.geojson').features.filter(
      (f) => f.properties?.kind === 'road' || f.properties?.kind === 'building',
    );
    const enterprises = read<FeatureCollection<Point>>('enterprises.geojson').features.slice(0, 80);
    const table = (move: (x: number, y: number) => [number, number]) =>
      enterpriseTable(
        enterprises.map((f) => {
          const [x, y] = move(f.geometry.coordinates[0], f.geometry.coordinates[1]);
          return [String(f.properties?.id), String(f.properties?.name), '规上', String(x), String(y), ''];
        }),
      );
    const context = { communities: communities.features, basemap };
    const hint = (layer: RawLayer, crs?: string) =>
      importLayer(layer, { as: 'enterprises', crs, context }).report.notes.find(
        (n) => n.code === 'maybeChinaOffset',
      );
    // As they are: on the buildings and roads, no hint.
    expect(hint(table((x, y) => [x, y]))).toBeUndefined();
    // Geocoded on 高德: the hint names GCJ-02, though (most) points still lie inside the community.
    const gcj = table(wgs84ToGcj02);
    const said = hint(gcj);
    expect(said?.reason).toContain('--crs gcj02');
    expect(said?.reason).toMatch(/buildings or roads/);
    // Read as GCJ-02 they are back on the map: no hint.
    expect(hint(gcj, 'gcj02')).toBeUndefined();
    // On 百度: BD-09.
    expect(hint(table(wgs84ToBd09))?.reason).toContain('--crs bd09');
    // Without a base map nothing is said from it.
    expect(
      importLayer(gcj, {
        as: 'enterprises',
        context: { communities: communities.features },
      }).report.notes.some((n) => n.code === 'maybeChinaOffset' && /buildings or roads/.test(n.reason)),
    ).toBe(false);
  });
});

describe('importLayer: the border of the communities', () => {
  it('counts a point within 1 m outside the border as inside, and 5 m outside as outside', () => {
    // A community 0.01° square; points on its east side at 0.5 m and 5 m outside (1 m of longitude ≈ 1/96,000°).
    const square: Feature<Polygon> = {
      type: 'Feature',
      properties: { code: '330424001001', name: 'x' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [121, 30.5],
            [121.01, 30.5],
            [121.01, 30.51],
            [121, 30.51],
            [121, 30.5],
          ],
        ],
      },
    };
    const mPerDegLon = 111_320 * Math.cos((30.505 * Math.PI) / 180);
    const rows = [0.5, 5].map((m, i) => [
      makeUscc(createRng(40 + i), '330424'),
      `公司${i}`,
      '规上',
      String(121.01 + m / mPerDegLon),
      '30.505',
      '',
    ]);
    const { report } = importLayer(enterpriseTable(rows), {
      as: 'enterprises',
      context: { communities: [square] },
    });
    expect(report.rejected.map((r) => [r.index, r.code])).toEqual([[1, 'outsideCommunity']]);
  });
});
