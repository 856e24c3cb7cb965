/**
 * The raster base maps config.json offers besides the dataset's own (offline) base map: `basemaps`, a list of
 * 天地图 (Tianditu, with the deployment's own key) and custom XYZ / WMTS-KVP tile URLs (an intranet's tile server).
 * Pure: config.json's value in, checked entries and clear errors out. Nothing is fetched here.
 *
 * Every raster base map is drawn in Web Mercator under WGS84 (CGCS2000) data. A tile source in GCJ-02 (高德, 腾讯,
 * Google China) or BD-09 (百度) would put every grid, enterprise and road ~500 m off its place on the tiles, so such
 * an entry is refused, never drawn shifted.
 *
 * @example parseBasemapConfig([{ id: 'tdt', type: 'tianditu', layer: 'img', tk: 'abc123' }], 'https://gs.example/')
 *   // { basemaps: [{ id: 'tdt', type: 'tianditu', tianditu: 'img', layers: [img_w, cia_w], … }], errors: [] }
 */

/** `layer` of a 天地图 entry: vec = 矢量 (vec_w + cva_w annotations), img = 影像 (img_w + cia_w annotations). */
export type TiandituLayer = 'vec' | 'img';

/** One tile layer of a base map: its URL templates (several when spread over subdomains). */
export interface BasemapTileLayer {
  tiles: string[];
  /** The annotation (place names) layer drawn over the base layer; it follows the 注记 (labels) switch. */
  labels: boolean;
}

/** A checked entry of config.json's `basemaps`, ready to be drawn. */
export interface BasemapConfig {
  id: string;
  type: 'tianditu' | 'xyz';
  /** As config.json gives it; null for a 天地图 entry without one (the app names it by its layer). */
  name: string | null;
  /** A 天地图 entry's layer, else null. */
  tianditu: TiandituLayer | null;
  /** Bottom first: the base layer, then (天地图) its annotations. */
  layers: BasemapTileLayer[];
  /** Shown on the map as plain text (never HTML). */
  attribution: string;
  tileSize: 256 | 512;
  minzoom: number;
  maxzoom: number;
  /** `tms`: rows counted from the south (MapLibre's scheme option). */
  scheme: 'xyz' | 'tms';
  /** The origins the tiles come from (`https://t0.tianditu.gov.cn`, or the page's own for a path), sorted. */
  origins: string[];
}

export type BasemapErrorCode =
  | 'not-a-list'
  | 'not-an-object'
  | 'id'
  | 'duplicate-id'
  | 'type'
  | 'layer'
  | 'missing-tk'
  | 'tk'
  | 'url'
  | 'placeholders'
  | 'scheme'
  | 'crs-shifted'
  | 'crs'
  | 'shifted-host'
  | 'number'
  | 'text';

/** Why one entry (or the whole list) was refused: `entry` is its id, or `#n` (1-based) when it has none. */
export interface BasemapConfigError {
  entry: string;
  field: string;
  code: BasemapErrorCode;
  /** One English sentence naming the entry and field, for the console and the docs. */
  message: string;
}

export interface BasemapConfigResult {
  basemaps: BasemapConfig[];
  errors: BasemapConfigError[];
}

/** The id the offline base map (the dataset's own) has in the choice; no entry may take it. */
export const OFFLINE_BASEMAP = 'offline';

/** 天地图's Web-Mercator (`_w`) services are served by t0 … t7. */
export const TIANDITU_HOSTS = Array.from({ length: 8 }, (_, i) => `t${i}.tianditu.gov.cn`);

/** What 天地图's terms ask a map to show; the 审图号 is added from config.json (`approvalNumber`) when given. */
export const TIANDITU_ATTRIBUTION = '© 天地图 / 国家地理信息公共服务平台';

/** 天地图's service names by layer: the base layer, then its Chinese annotations. */
const TIANDITU_SERVICES: Record<TiandituLayer, [string, string]> = {
  vec: ['vec', 'cva'],
  img: ['img', 'cia'],
};

/**
 * Coordinate systems a raster base map may declare (`crs`, or `coords`): the Web-Mercator tiling of WGS84 or
 * CGCS2000, which differ by centimetres. Lower case, without spaces, hyphens and underscores.
 */
const ACCEPTED_CRS = new Set(['wgs84', 'cgcs2000', 'epsg:4326', 'epsg:3857', 'epsg:900913', 'webmercator']);
/** China's obfuscated systems (GCJ-02 "Mars" coordinates, Baidu's BD-09): ~300–700 m off WGS84, never drawn. */
const SHIFTED_CRS = new Set(['gcj02', 'gcj', 'mars', 'bd09', 'bd09ll', 'bd09mc', 'baidu']);
/** Tile hosts known to serve GCJ-02 / BD-09 tiles (高德, 百度, 腾讯, Google China). */
const SHIFTED_HOSTS =
  /(^|\.)(autonavi\.com|amap\.com|baidu\.com|bdimg\.com|bdstatic\.com|map\.qq\.com|gtimg\.com|google\.cn)$/i;
const SHIFT_REASON = 'it would misplace the WGS84 data by ~500 m';

/**
 * Checks config.json's `basemaps` (absent or null: none). Entries with errors are left out and said in `errors`;
 * the others are kept. Relative URLs ("/tiles/{z}/{x}/{y}.png", a path behind the intranet's reverse proxy) are
 * resolved against `pageUrl`.
 * @example parseBasemapConfig(config.basemaps, window.location.href).basemaps.map((b) => b.id) // ['tdt-vec']
 */
export function parseBasemapConfig(value: unknown, pageUrl: string): BasemapConfigResult {
  const result: BasemapConfigResult = { basemaps: [], errors: [] };
  if (value === undefined || value === null) return result;
  if (!Array.isArray(value)) {
    result.errors.push({
      entry: 'basemaps',
      field: 'basemaps',
      code: 'not-a-list',
      message: 'config.json: "basemaps" must be a list of base maps',
    });
    return result;
  }
  const seen = new Set<string>();
  value.forEach((raw: unknown, i) => {
    const entry =
      raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    const label = typeof entry?.id === 'string' && entry.id ? entry.id : `#${i + 1}`;
    const entryErrors: BasemapConfigError[] = [];
    const fail: Fail = (field, code, why) =>
      entryErrors.push({
        entry: label,
        field,
        code,
        message: `config.json basemaps ${label}: "${field}" ${why}`,
      });
    const parsed = entry ? parseEntry(entry, pageUrl, fail) : null;
    if (!entry) fail('(entry)', 'not-an-object', 'is not an object');
    else if (parsed && entryErrors.length === 0 && seen.has(parsed.id)) {
      fail('id', 'duplicate-id', 'repeats an id used by an earlier entry');
    } else if (parsed && entryErrors.length === 0) {
      seen.add(parsed.id);
      result.basemaps.push(parsed);
    }
    result.errors.push(...entryErrors);
  });
  return result;
}

type Fail = (field: string, code: BasemapErrorCode, why: string) => void;

function parseEntry(e: Record<string, unknown>, pageUrl: string, fail: Fail): BasemapConfig | null {
  const id = typeof e.id === 'string' ? e.id.trim() : '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) fail('id', 'id', 'must be 1–64 letters, digits, "-" or "_"');
  else if (id === OFFLINE_BASEMAP) fail('id', 'id', `"${OFFLINE_BASEMAP}" is the dataset's own base map`);
  const name = optionalText(e, 'name', fail);
  checkCrs(e, fail);
  const tileSize = e.tileSize === undefined ? 256 : e.tileSize;
  if (tileSize !== 256 && tileSize !== 512) fail('tileSize', 'number', 'must be 256 or 512');
  const minzoom = zoom(e, 'minzoom', 0, fail);
  const maxzoom = zoom(e, 'maxzoom', 18, fail);
  if (minzoom > maxzoom) fail('minzoom', 'number', 'must not be above maxzoom');
  const scheme = e.scheme === undefined ? 'xyz' : e.scheme;
  if (scheme !== 'xyz' && scheme !== 'tms') fail('scheme', 'type', 'must be "xyz" or "tms"');
  const common = {
    id,
    name,
    tileSize: tileSize as 256 | 512,
    minzoom,
    maxzoom,
    scheme: scheme as 'xyz' | 'tms',
  };

  if (e.type === 'tianditu') {
    const layer = e.layer === undefined ? 'vec' : e.layer;
    if (layer !== 'vec' && layer !== 'img') fail('layer', 'layer', 'must be "vec" (矢量) or "img" (影像)');
    const tk = typeof e.tk === 'string' ? e.tk.trim() : '';
    // The key goes into every tile URL: letters and digits only, so it cannot change the URL around it.
    if (!tk) fail('tk', 'missing-tk', 'is missing: 天地图 needs the key (tk) issued to this deployment');
    else if (!/^[A-Za-z0-9]+$/.test(tk)) fail('tk', 'tk', 'must be letters and digits only (a 天地图 key)');
    const approval = optionalText(e, 'approvalNumber', fail);
    const withLabels = e.labels === undefined ? true : e.labels;
    if (typeof withLabels !== 'boolean') fail('labels', 'type', 'must be true or false');
    if (layer !== 'vec' && layer !== 'img') return null;
    const services = TIANDITU_SERVICES[layer].slice(0, withLabels === false ? 1 : 2);
    return {
      ...common,
      type: 'tianditu',
      tianditu: layer,
      layers: services.map((s, i) => ({
        tiles: TIANDITU_HOSTS.map((h) => tiandituUrl(h, s, tk)),
        labels: i > 0,
      })),
      attribution: approval ? `${TIANDITU_ATTRIBUTION} 审图号：${approval}` : TIANDITU_ATTRIBUTION,
      origins: TIANDITU_HOSTS.map((h) => `https://${h}`),
    };
  }
  if (e.type !== 'xyz') {
    fail('type', 'type', 'must be "tianditu" or "xyz"');
    return null;
  }
  const attribution = optionalText(e, 'attribution', fail);
  const subdomains = subdomainList(e, fail);
  if (typeof e.url !== 'string' || !e.url.trim()) {
    fail('url', 'url', 'is missing: a tile URL template such as "/tiles/{z}/{x}/{y}.png"');
    return null;
  }
  const template = e.url.trim();
  const missing = ['{z}', '{x}', '{y}'].filter((p) => !template.includes(p));
  if (missing.length)
    fail('url', 'placeholders', `has no ${missing.join(', ')}: tiles are asked for by {z}/{x}/{y}`);
  const tiles = (template.includes('{s}') ? subdomains : [null]).map((s) =>
    s === null ? template : template.split('{s}').join(s),
  );
  const resolved = tiles.map((t) => resolveTemplate(t, pageUrl));
  if (resolved.some((u) => u === null)) {
    fail('url', 'url', 'is not a URL');
    return null;
  }
  const urls = resolved as URL[];
  if (urls.some((u) => u.protocol !== 'http:' && u.protocol !== 'https:')) {
    fail('url', 'scheme', 'must be http(s) or a path on this site');
    return null;
  }
  if (urls.some((u) => SHIFTED_HOSTS.test(u.hostname))) {
    fail(
      'url',
      'shifted-host',
      `is a GCJ-02/BD-09 tile service (高德, 百度, 腾讯, Google China): ${SHIFT_REASON}`,
    );
  }
  if (missing.length) return null;
  return {
    ...common,
    type: 'xyz',
    tianditu: null,
    layers: [{ tiles: urls.map((u) => restoreTokens(u.href)), labels: false }],
    attribution: attribution ?? urls[0].host,
    origins: [...new Set(urls.map((u) => u.origin))].sort(),
  };
}

/** A 天地图 WMTS GetTile (KVP) URL template of one host and service. */
function tiandituUrl(host: string, service: string, tk: string): string {
  return (
    `https://${host}/${service}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${service}&STYLE=default` +
    `&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${tk}`
  );
}

/** `crs` (or `coords`): absent means Web Mercator on WGS84 / CGCS2000, which is what 天地图's `_w` services are. */
function checkCrs(e: Record<string, unknown>, fail: Fail): void {
  for (const field of ['crs', 'coords']) {
    const v = e[field];
    if (v === undefined) continue;
    const key = typeof v === 'string' ? v.toLowerCase().replace(/[\s_-]/g, '') : '';
    if (SHIFTED_CRS.has(key)) {
      fail(field, 'crs-shifted', `is ${String(v)}: refused, ${SHIFT_REASON}; use WGS84 (or CGCS2000) tiles`);
    } else if (!ACCEPTED_CRS.has(key)) {
      fail(field, 'crs', 'must be "wgs84" or "cgcs2000" (Web-Mercator tiles)');
    }
  }
}

function optionalText(e: Record<string, unknown>, field: string, fail: Fail): string | null {
  const v = e[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > 300) {
    fail(field, 'text', 'must be text (at most 300 characters)');
    return null;
  }
  return v.trim() || null;
}

function zoom(e: Record<string, unknown>, field: string, fallback: number, fail: Fail): number {
  const v = e[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 24) {
    fail(field, 'number', 'must be a whole number from 0 to 24');
    return fallback;
  }
  return v;
}

/** `subdomains` for `{s}`: a list, or a string of one-letter subdomains ("abc", Leaflet's default). */
function subdomainList(e: Record<string, unknown>, fail: Fail): string[] {
  const v = e.subdomains === undefined ? 'abc' : e.subdomains;
  const list = typeof v === 'string' ? [...v] : Array.isArray(v) ? v : null;
  if (!list || list.length === 0 || list.some((s) => typeof s !== 'string' || !/^[A-Za-z0-9-]+$/.test(s))) {
    fail('subdomains', 'type', 'must be a list of host name parts (or a string of letters)');
    return ['a'];
  }
  return list as string[];
}

// The URL parser would percent-encode the braces of {z}/{x}/{y} in a path: they are swapped for a marker first.
const TOKEN = /\{([a-z0-9-]+)\}/gi;
const MARK = /gs7tok([a-z0-9-]+?)gs7/g;

/** A URL template resolved against the page (paths and `//host/…` too), or null when it is not a URL. */
function resolveTemplate(template: string, pageUrl: string): URL | null {
  try {
    return new URL(
      template.replace(TOKEN, (_, t: string) => `gs7tok${t.toLowerCase()}gs7`),
      pageUrl,
    );
  } catch {
    return null;
  }
}

function restoreTokens(href: string): string {
  return href.replace(MARK, (_, t: string) => `{${t}}`);
}
