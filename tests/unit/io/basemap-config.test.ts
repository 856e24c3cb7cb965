import { describe, expect, it } from 'vitest';
import {
  TIANDITU_ATTRIBUTION,
  parseBasemapConfig,
  type BasemapConfigError,
} from '../../../src/io/basemap-config';

const PAGE = 'https://grid.example.gov.cn/app/index.html?data=./data/x/#/analyze';
const TK = '0123456789abcdef0123456789abcdef';

const errorsOf = (value: unknown): Pick<BasemapConfigError, 'entry' | 'field' | 'code'>[] =>
  parseBasemapConfig(value, PAGE).errors.map(({ entry, field, code }) => ({ entry, field, code }));

describe('parseBasemapConfig: 天地图', () => {
  it('vec: vec_w then cva_w on t0…t7, the key in every URL, the attribution without a number unless given', () => {
    const { basemaps, errors } = parseBasemapConfig(
      [{ id: 'tdt-vec', type: 'tianditu', layer: 'vec', tk: TK }],
      PAGE,
    );
    expect(errors).toEqual([]);
    const [b] = basemaps;
    expect(b).toMatchObject({
      id: 'tdt-vec',
      type: 'tianditu',
      tianditu: 'vec',
      name: null,
      tileSize: 256,
      maxzoom: 18,
    });
    expect(b.layers.map((l) => l.labels)).toEqual([false, true]);
    expect(b.layers[0].tiles).toHaveLength(8);
    expect(b.layers[0].tiles[0]).toBe(
      `https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${TK}`,
    );
    expect(b.layers[1].tiles[7]).toMatch(/^https:\/\/t7\.tianditu\.gov\.cn\/cva_w\/wmts\?.*LAYER=cva&/);
    expect(b.attribution).toBe(TIANDITU_ATTRIBUTION);
    expect(b.origins).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `https://t${i}.tianditu.gov.cn`));
  });

  it('img: img_w + cia_w; the 审图号 from config.json; labels: false leaves the annotations out', () => {
    const [b] = parseBasemapConfig(
      [
        {
          id: 'tdt-img',
          type: 'tianditu',
          layer: 'img',
          tk: TK,
          approvalNumber: 'GS(0000)0000号',
          name: '影像',
        },
      ],
      PAGE,
    ).basemaps;
    expect(b.layers.map((l) => l.tiles[0].match(/\/(\w+)_w\//)?.[1])).toEqual(['img', 'cia']);
    expect(b.attribution).toBe(`${TIANDITU_ATTRIBUTION} 审图号：GS(0000)0000号`);
    expect(b.name).toBe('影像');
    const [plain] = parseBasemapConfig(
      [{ id: 't', type: 'tianditu', layer: 'img', tk: TK, labels: false }],
      PAGE,
    ).basemaps;
    expect(plain.layers).toHaveLength(1);
  });

  it('refuses a missing key, a key that is not letters and digits, and an unknown layer, naming entry and field', () => {
    expect(errorsOf([{ id: 'tdt', type: 'tianditu', layer: 'vec' }])).toEqual([
      { entry: 'tdt', field: 'tk', code: 'missing-tk' },
    ]);
    expect(errorsOf([{ id: 'tdt', type: 'tianditu', tk: '  ' }])).toEqual([
      { entry: 'tdt', field: 'tk', code: 'missing-tk' },
    ]);
    expect(errorsOf([{ id: 'tdt', type: 'tianditu', tk: 'abc&x=1' }])).toEqual([
      { entry: 'tdt', field: 'tk', code: 'tk' },
    ]);
    expect(errorsOf([{ id: 'tdt', type: 'tianditu', tk: TK, layer: 'ter' }])).toEqual([
      { entry: 'tdt', field: 'layer', code: 'layer' },
    ]);
    const [e] = parseBasemapConfig([{ id: 'tdt', type: 'tianditu' }], PAGE).errors;
    expect(e.message).toBe(
      'config.json basemaps tdt: "tk" is missing: 天地图 needs the key (tk) issued to this deployment',
    );
  });
});

describe('parseBasemapConfig: xyz', () => {
  it('a same-origin path is resolved against the page, braces kept; the origin is the page’s', () => {
    const [b] = parseBasemapConfig(
      [
        {
          id: 'intranet',
          type: 'xyz',
          name: '政务外网影像',
          url: '/tiles/{z}/{x}/{y}.png',
          attribution: '© 某市自然资源局',
          maxzoom: 19,
        },
      ],
      PAGE,
    ).basemaps;
    expect(b.layers).toEqual([
      { tiles: ['https://grid.example.gov.cn/tiles/{z}/{x}/{y}.png'], labels: false },
    ]);
    expect(b).toMatchObject({
      name: '政务外网影像',
      attribution: '© 某市自然资源局',
      maxzoom: 19,
      tileSize: 256,
      scheme: 'xyz',
    });
    expect(b.origins).toEqual(['https://grid.example.gov.cn']);
    const [rel] = parseBasemapConfig([{ id: 'r', type: 'xyz', url: 'tiles/{z}/{x}/{y}.png' }], PAGE).basemaps;
    expect(rel.layers[0].tiles).toEqual(['https://grid.example.gov.cn/app/tiles/{z}/{x}/{y}.png']);
    // No attribution given: the host is named.
    expect(rel.attribution).toBe('grid.example.gov.cn');
  });

  it('a WMTS KVP GetTile template fits, {s} spreads over subdomains (default abc), tileSize 512 and tms pass', () => {
    const wmts =
      'http://10.1.2.3:8080/geoserver/gwc/service/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=img&TILEMATRIXSET=EPSG:900913&TILEMATRIX=EPSG:900913:{z}&TILEROW={y}&TILECOL={x}';
    const [w] = parseBasemapConfig(
      [{ id: 'w', type: 'xyz', url: wmts, tileSize: 512, scheme: 'tms', crs: 'CGCS2000' }],
      PAGE,
    ).basemaps;
    expect(w.layers[0].tiles).toEqual([wmts]);
    expect(w).toMatchObject({ tileSize: 512, scheme: 'tms', origins: ['http://10.1.2.3:8080'] });
    const [s] = parseBasemapConfig(
      [{ id: 's', type: 'xyz', url: 'https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png' }],
      PAGE,
    ).basemaps;
    expect(s.layers[0].tiles).toEqual(
      ['a', 'b', 'c'].map((d) => `https://${d}.tiles.example.gov.cn/{z}/{x}/{y}.png`),
    );
    expect(s.origins).toHaveLength(3);
    const [l] = parseBasemapConfig(
      [{ id: 'l', type: 'xyz', url: 'https://t{s}.x.cn/{z}/{x}/{y}', subdomains: ['1', '2'] }],
      PAGE,
    ).basemaps;
    expect(l.layers[0].tiles).toEqual(['https://t1.x.cn/{z}/{x}/{y}', 'https://t2.x.cn/{z}/{x}/{y}']);
  });

  it('refuses a URL without {z}/{x}/{y}, a missing URL, and a scheme other than http(s)', () => {
    expect(errorsOf([{ id: 'a', type: 'xyz', url: 'https://tiles.example/{z}/{x}.png' }])).toEqual([
      { entry: 'a', field: 'url', code: 'placeholders' },
    ]);
    expect(
      parseBasemapConfig([{ id: 'a', type: 'xyz', url: 'https://t.example/{z}.png' }], PAGE).errors[0]
        .message,
    ).toMatch(/basemaps a: "url" has no \{x\}, \{y\}/);
    expect(errorsOf([{ id: 'b', type: 'xyz' }])).toEqual([{ entry: 'b', field: 'url', code: 'url' }]);
    for (const url of [
      'javascript:alert(1)//{z}/{x}/{y}',
      'file:///tiles/{z}/{x}/{y}.png',
      'data:image/png,{z}{x}{y}',
      'ftp://h/{z}/{x}/{y}',
    ]) {
      expect(errorsOf([{ id: 'c', type: 'xyz', url }])).toEqual([
        { entry: 'c', field: 'url', code: 'scheme' },
      ]);
    }
  });

  it('refuses GCJ-02 and BD-09 sources (crs, coords, or a known host) with the reason', () => {
    for (const crs of ['gcj02', 'GCJ-02', 'bd09', 'BD-09', 'bd09mc']) {
      expect(errorsOf([{ id: 'g', type: 'xyz', url: '/t/{z}/{x}/{y}.png', crs }])).toEqual([
        { entry: 'g', field: 'crs', code: 'crs-shifted' },
      ]);
    }
    expect(errorsOf([{ id: 'g', type: 'tianditu', tk: TK, coords: 'gcj02' }])).toEqual([
      { entry: 'g', field: 'coords', code: 'crs-shifted' },
    ]);
    const [e] = parseBasemapConfig(
      [{ id: 'g', type: 'xyz', url: '/t/{z}/{x}/{y}.png', crs: 'gcj02' }],
      PAGE,
    ).errors;
    expect(e.message).toMatch(/"crs" is gcj02: refused, it would misplace the WGS84 data by ~500 m/);
    expect(
      errorsOf([
        {
          id: 'a',
          type: 'xyz',
          url: 'https://webst0{s}.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}',
          subdomains: '1234',
        },
      ]),
    ).toEqual([{ entry: 'a', field: 'url', code: 'shifted-host' }]);
    expect(errorsOf([{ id: 'u', type: 'xyz', url: '/t/{z}/{x}/{y}.png', crs: 'utm51' }])).toEqual([
      { entry: 'u', field: 'crs', code: 'crs' },
    ]);
    expect(errorsOf([{ id: 'w', type: 'xyz', url: '/t/{z}/{x}/{y}.png', crs: 'WGS84' }])).toEqual([]);
  });
});

describe('parseBasemapConfig: the list', () => {
  it('absent or null: none; not a list: one error', () => {
    expect(parseBasemapConfig(undefined, PAGE)).toEqual({ basemaps: [], errors: [] });
    expect(parseBasemapConfig(null, PAGE)).toEqual({ basemaps: [], errors: [] });
    expect(errorsOf({ id: 'x' })).toEqual([{ entry: 'basemaps', field: 'basemaps', code: 'not-a-list' }]);
  });

  it('keeps the good entries, leaves out the bad ones with every error named (#n when there is no id)', () => {
    const { basemaps, errors } = parseBasemapConfig(
      [
        { id: 'ok', type: 'xyz', url: '/t/{z}/{x}/{y}.png' },
        'tianditu',
        { type: 'xyz', url: '/t/{z}/{x}/{y}.png' },
        { id: 'ok', type: 'xyz', url: '/u/{z}/{x}/{y}.png' },
        { id: 'offline', type: 'xyz', url: '/u/{z}/{x}/{y}.png' },
        { id: 'bad', type: 'wms', url: '/u/{z}/{x}/{y}.png' },
        { id: 'z', type: 'xyz', url: '/u/{z}/{x}/{y}.png', maxzoom: 30, minzoom: 1.5, tileSize: 300 },
      ],
      PAGE,
    );
    expect(basemaps.map((b) => b.id)).toEqual(['ok']);
    expect(errors.map(({ entry, field, code }) => `${entry}.${field}:${code}`)).toEqual([
      '#2.(entry):not-an-object',
      '#3.id:id',
      'ok.id:duplicate-id',
      'offline.id:id',
      'bad.type:type',
      'z.tileSize:number',
      'z.minzoom:number',
      'z.maxzoom:number',
    ]);
  });
});
