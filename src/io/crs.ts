/**
 * Coordinate reference systems of imported data, and their conversion to WGS84 longitude/latitude, the only system
 * GridSight stores. Pure (no Vue, MapLibre or DOM): runs in Node and in a browser worker.
 *
 * What is supported:
 * - WGS84 (EPSG:4326) and CGCS2000 geographic (EPSG:4490), both taken as WGS84 longitude/latitude;
 * - the CGCS2000 Gauss-Krüger family, EPSG:4491–4554 (6° and 3° zones, with and without the zone number in front of
 *   the easting), built from the zone rules rather than listed;
 * - WGS84 Web Mercator (EPSG:3857) and WGS84 UTM (EPSG:32601–32660, 32701–32760);
 * - GCJ-02 (Gaode/AMap, Tencent) and BD-09 (Baidu) longitude/latitude, by the published algorithm;
 * - a Shapefile `.prj` (WKT, ESRI or OGC flavour, WKT1 or WKT2) naming any of these, or another projection on a WGS84,
 *   CGCS2000 or GRS80-ellipsoid datum, which proj4 reads.
 *
 * Xian 1980 and Beijing 1954 data are refused: they need a 7-parameter (Helmert) transformation whose parameters a
 * file does not carry, and treating them as CGCS2000 would misplace features by tens of metres or more.
 *
 * Projections are proj4's (`tmerc` is its exact Poder/Engsager transverse Mercator); this file only chooses the
 * parameters.
 */
import proj4 from 'proj4';

/** What kind of coordinates a system has: `projected` ones are metres, the others longitude/latitude degrees. */
export type CrsKind = 'geographic' | 'projected' | 'gcj02' | 'bd09';

/** A coordinate system that converts to and from WGS84 longitude/latitude. */
export interface Crs {
  /** 'EPSG:4549', 'EPSG:4326', 'gcj02', 'bd09'; `custom:<name>` for a system read from a `.prj` with no code. */
  id: string;
  /** Human name, e.g. 'CGCS2000 / 3-degree Gauss-Kruger CM 120E'. */
  label: string;
  kind: CrsKind;
  /**
   * (x, y) in this system (easting, northing or longitude, latitude) → WGS84 [lon, lat]. Points outside the
   * projection's domain give non-finite numbers.
   */
  toWgs84(x: number, y: number): [number, number];
  /** WGS84 (lon, lat) → [x, y] in this system. */
  fromWgs84(lon: number, lat: number): [number, number];
  /** WKT to write in a Shapefile `.prj` (ESRI flavour for the systems built here), when there is one. */
  prj?: string;
  /** The proj4 definition used, for projected systems. */
  proj4?: string;
}

/** The kinds of {@link CrsError}, for UIs and tests. */
export type CrsErrorCode =
  'unknownCode' | 'notWkt' | 'unsupportedDatum' | 'unknownProjection' | 'unsupportedParameters';

/** A coordinate system that cannot be used: the message says what is wrong in one line (English). */
export class CrsError extends Error {
  readonly code: CrsErrorCode;

  constructor(code: CrsErrorCode, message: string) {
    super(message);
    this.name = 'CrsError';
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// GCJ-02 and BD-09
// ---------------------------------------------------------------------------------------------------------------

/** Krasovsky 1940 semi-major axis and first eccentricity squared, as the GCJ-02 algorithm uses them. */
const GCJ_A = 6378245.0;
const GCJ_EE = 0.00669342162296594323;
/** BD-09's constant: π·3000/180. */
const X_PI = (Math.PI * 3000.0) / 180.0;

/**
 * Whether a point is in the rough box where GCJ-02 applies (lon 72.004–137.8347, lat 0.8293–55.8271, the box of the
 * widely copied `outOfChina` test, e.g. github.com/googollee/eviltransform). Outside it GCJ-02 equals WGS84. The box
 * is rough: it also covers parts of neighbouring countries.
 * @example
 * inChina(120.9, 30.5); // true (Haiyan)
 * inChina(139.7, 35.7); // false (Tokyo)
 */
export function inChina(lon: number, lat: number): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

function gcjTransformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function gcjTransformLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/** The GCJ-02 offset (degrees) of a WGS84 point, without the box test. */
function gcjOffset(lon: number, lat: number): [number, number] {
  const dLat = gcjTransformLat(lon - 105.0, lat - 35.0);
  const dLon = gcjTransformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  const sin = Math.sin(radLat);
  const magic = 1 - GCJ_EE * sin * sin;
  const sqrtMagic = Math.sqrt(magic);
  return [
    (dLon * 180.0) / ((GCJ_A / sqrtMagic) * Math.cos(radLat) * Math.PI),
    (dLat * 180.0) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic)) * Math.PI),
  ];
}

/** Largest correction (degrees, about 0.01 mm) at which the iterative inverses stop. */
const INVERSE_EPSILON = 1e-10;
const INVERSE_MAX_STEPS = 30;

/**
 * WGS84 → GCJ-02 (the published algorithm; identity outside {@link inChina}).
 * @example
 * wgs84ToGcj02(116.404, 39.915); // [116.41024449916938, 39.91640428150164]
 */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (!inChina(lon, lat)) return [lon, lat];
  const [dLon, dLat] = gcjOffset(lon, lat);
  return [lon + dLon, lat + dLat];
}

/**
 * GCJ-02 → WGS84, the exact inverse of {@link wgs84ToGcj02}: a fixed-point iteration (the offset changes slowly
 * with position, so it converges in a few steps) run until the correction is below 1e-10° (~0.01 mm), not the
 * common one-step approximation, which is off by up to about 4 m in China. Identity outside {@link inChina}.
 * @example
 * gcj02ToWgs84(116.41024449916938, 39.91640428150164); // ≈ [116.404, 39.915]
 */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (!inChina(lon, lat)) return [lon, lat];
  let [wLon, wLat] = [lon, lat];
  for (let step = 0; step < INVERSE_MAX_STEPS; step++) {
    const [dLon, dLat] = gcjOffset(wLon, wLat);
    const errLon = wLon + dLon - lon;
    const errLat = wLat + dLat - lat;
    wLon -= errLon;
    wLat -= errLat;
    if (Math.abs(errLon) < INVERSE_EPSILON && Math.abs(errLat) < INVERSE_EPSILON) break;
  }
  return [wLon, wLat];
}

/**
 * GCJ-02 → BD-09 (Baidu), the published formula with x_pi = π·3000/180. Applied everywhere, as Baidu's SDKs do.
 * @example
 * gcj02ToBd09(116.404, 39.915); // [116.41036949371029, 39.92133699351021]
 */
export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/**
 * BD-09 → GCJ-02, the exact inverse of {@link gcj02ToBd09}: the published one-step formula (off by up to about
 * 0.2 m) refined by fixed-point iteration to below 1e-10°.
 * @example
 * bd09ToGcj02(116.41036949371029, 39.92133699351021); // ≈ [116.404, 39.915]
 */
export function bd09ToGcj02(lon: number, lat: number): [number, number] {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  let gLon = z * Math.cos(theta);
  let gLat = z * Math.sin(theta);
  for (let step = 0; step < INVERSE_MAX_STEPS; step++) {
    const [bLon, bLat] = gcj02ToBd09(gLon, gLat);
    const errLon = bLon - lon;
    const errLat = bLat - lat;
    gLon -= errLon;
    gLat -= errLat;
    if (Math.abs(errLon) < INVERSE_EPSILON && Math.abs(errLat) < INVERSE_EPSILON) break;
  }
  return [gLon, gLat];
}

/**
 * BD-09 → WGS84 (through GCJ-02).
 * @example
 * bd09ToWgs84(...wgs84ToBd09(120.9, 30.5)); // ≈ [120.9, 30.5]
 */
export function bd09ToWgs84(lon: number, lat: number): [number, number] {
  return gcj02ToWgs84(...bd09ToGcj02(lon, lat));
}

/**
 * WGS84 → BD-09 (through GCJ-02).
 * @example
 * wgs84ToBd09(120.9, 30.5); // [120.91069909438617, 30.503064367580823]
 */
export function wgs84ToBd09(lon: number, lat: number): [number, number] {
  return gcj02ToBd09(...wgs84ToGcj02(lon, lat));
}

// ---------------------------------------------------------------------------------------------------------------
// The systems
// ---------------------------------------------------------------------------------------------------------------

const ESRI_GCS_WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const ESRI_GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** ESRI writes parameters with at least one decimal: 500000.0, 120.0. */
function esriNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function esriProjcs(name: string, gcs: string, projection: string, params: Array<[string, number]>): string {
  const parameters = params.map(([key, value]) => `PARAMETER["${key}",${esriNumber(value)}]`).join(',');
  return `PROJCS["${name}",${gcs},PROJECTION["${projection}"],${parameters},UNIT["Meter",1.0]]`;
}

function geographicCrs(id: string, label: string, prj: string): Crs {
  return {
    id,
    label,
    kind: 'geographic',
    toWgs84: (x, y) => [x, y],
    fromWgs84: (lon, lat) => [lon, lat],
    prj,
  };
}

/**
 * A system done by proj4 (projected, or geographic with a datum shift); the converter is made on first use, or at
 * once with `eager` to check the definition.
 */
function proj4Crs(
  id: string,
  label: string,
  definition: string,
  prj?: string,
  eager = false,
  kind: 'projected' | 'geographic' = 'projected',
): Crs {
  let converter: ReturnType<typeof makeConverter> | undefined;
  const get = () => (converter ??= makeConverter(definition));
  if (eager) get();
  return {
    id,
    label,
    kind,
    toWgs84(x, y) {
      const out = get().forward([x, y]);
      return [out[0], out[1]];
    },
    fromWgs84(lon, lat) {
      const out = get().inverse([lon, lat]);
      return [out[0], out[1]];
    },
    prj,
    proj4: definition,
  };
}

function makeConverter(definition: string) {
  return proj4(definition, 'WGS84');
}

const WGS84_CRS = geographicCrs('EPSG:4326', 'WGS 84', ESRI_GCS_WGS84);
// CGCS2000 is realised within centimetres of WGS84 (ITRF97 at epoch 2000.0 against WGS84's current ITRF-aligned
// frame; the ellipsoids differ by 0.1 mm in the semi-minor axis), far below what grid management can see, so its
// longitude/latitude are used as WGS84 unchanged, and its projections are done on GRS80 with a zero shift.
const CGCS2000_CRS = geographicCrs('EPSG:4490', 'China Geodetic Coordinate System 2000', ESRI_GCS_CGCS2000);
const GCJ02_CRS: Crs = {
  id: 'gcj02',
  label: 'GCJ-02 (Gaode/AMap, Tencent)',
  kind: 'gcj02',
  toWgs84: gcj02ToWgs84,
  fromWgs84: wgs84ToGcj02,
};
const BD09_CRS: Crs = {
  id: 'bd09',
  label: 'BD-09 (Baidu)',
  kind: 'bd09',
  toWgs84: bd09ToWgs84,
  fromWgs84: wgs84ToBd09,
};

/** One member of the CGCS2000 Gauss-Krüger family (EPSG:4491–4554). */
export interface GaussKrugerZone {
  /** EPSG code, e.g. 4549. */
  epsg: number;
  /** Zone width in degrees. */
  width: 3 | 6;
  /** Zone number: 13–23 for 6° zones (CM 6n−3), 25–45 for 3° zones (CM 3n). */
  zone: number;
  /** Central meridian, degrees east. */
  centralMeridian: number;
  /** Whether the easting carries the zone number in front (false easting zone·1e6 + 500000, else 500000). */
  prefixed: boolean;
  falseEasting: number;
  /** EPSG name, e.g. 'CGCS2000 / 3-degree Gauss-Kruger CM 120E'. */
  label: string;
  /** ESRI name, e.g. 'CGCS2000_3_Degree_GK_CM_120E'. */
  esriName: string;
}

function gaussKrugerZone(epsg: number, width: 3 | 6, zone: number, prefixed: boolean): GaussKrugerZone {
  const centralMeridian = width === 6 ? 6 * zone - 3 : 3 * zone;
  const falseEasting = prefixed ? zone * 1e6 + 500000 : 500000;
  const tail = prefixed ? `zone ${zone}` : `CM ${centralMeridian}E`;
  const esriTail = prefixed ? `Zone_${zone}` : `CM_${centralMeridian}E`;
  return {
    epsg,
    width,
    zone,
    centralMeridian,
    prefixed,
    falseEasting,
    label: width === 6 ? `CGCS2000 / Gauss-Kruger ${tail}` : `CGCS2000 / 3-degree Gauss-Kruger ${tail}`,
    esriName: width === 6 ? `CGCS2000_GK_${esriTail}` : `CGCS2000_3_Degree_GK_${esriTail}`,
  };
}

/**
 * The CGCS2000 Gauss-Krüger family as EPSG defines it (checked against epsg.io): 6° zones 13–23 (CM 75°E…135°E)
 * with the zone prefix EPSG:4491–4501 and without it EPSG:4502–4512; 3° zones 25–45 (CM 75°E…135°E) with the prefix
 * EPSG:4513–4533 and without it EPSG:4534–4554. All: Transverse Mercator, CGCS2000 ellipsoid (= GRS80, a 6378137,
 * 1/f 298.257222101), latitude of origin 0, scale 1, false northing 0, metres.
 */
export const CGCS2000_GAUSS_KRUGER: readonly GaussKrugerZone[] = (() => {
  const zones: GaussKrugerZone[] = [];
  for (let zone = 13; zone <= 23; zone++) {
    zones.push(
      gaussKrugerZone(4491 + zone - 13, 6, zone, true),
      gaussKrugerZone(4502 + zone - 13, 6, zone, false),
    );
  }
  for (let zone = 25; zone <= 45; zone++) {
    zones.push(
      gaussKrugerZone(4513 + zone - 25, 3, zone, true),
      gaussKrugerZone(4534 + zone - 25, 3, zone, false),
    );
  }
  return zones.sort((a, b) => a.epsg - b.epsg);
})();
const GK_BY_EPSG = new Map(CGCS2000_GAUSS_KRUGER.map((z) => [z.epsg, z]));

function tmercDefinition(
  p: { lon0: number; lat0: number; k: number; x0: number; y0: number },
  ellipsoid: string,
): string {
  return `+proj=tmerc +lat_0=${p.lat0} +lon_0=${p.lon0} +k=${p.k} +x_0=${p.x0} +y_0=${p.y0} ${ellipsoid} +units=m +no_defs`;
}

/** CGCS2000 on GRS80 with a zero shift to WGS84 (see the CGCS2000 note above). */
const CGCS2000_ELLIPSOID = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

const crsCache = new Map<string, Crs>();
function cached(id: string, make: () => Crs): Crs {
  let crs = crsCache.get(id);
  if (!crs) {
    crs = make();
    crsCache.set(id, crs);
  }
  return crs;
}

function gaussKrugerCrs(z: GaussKrugerZone): Crs {
  return cached(`EPSG:${z.epsg}`, () =>
    proj4Crs(
      `EPSG:${z.epsg}`,
      z.label,
      tmercDefinition(
        { lon0: z.centralMeridian, lat0: 0, k: 1, x0: z.falseEasting, y0: 0 },
        CGCS2000_ELLIPSOID,
      ),
      esriProjcs(z.esriName, ESRI_GCS_CGCS2000, 'Gauss_Kruger', [
        ['False_Easting', z.falseEasting],
        ['False_Northing', 0],
        ['Central_Meridian', z.centralMeridian],
        ['Scale_Factor', 1],
        ['Latitude_Of_Origin', 0],
      ]),
    ),
  );
}

function webMercatorCrs(): Crs {
  return cached('EPSG:3857', () =>
    proj4Crs(
      'EPSG:3857',
      'WGS 84 / Pseudo-Mercator',
      '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
      esriProjcs('WGS_1984_Web_Mercator_Auxiliary_Sphere', ESRI_GCS_WGS84, 'Mercator_Auxiliary_Sphere', [
        ['False_Easting', 0],
        ['False_Northing', 0],
        ['Central_Meridian', 0],
        ['Standard_Parallel_1', 0],
        ['Auxiliary_Sphere_Type', 0],
      ]),
    ),
  );
}

function utmCrs(zone: number, north: boolean): Crs {
  const epsg = (north ? 32600 : 32700) + zone;
  const hemisphere = north ? 'N' : 'S';
  return cached(`EPSG:${epsg}`, () =>
    proj4Crs(
      `EPSG:${epsg}`,
      `WGS 84 / UTM zone ${zone}${hemisphere}`,
      `+proj=utm +zone=${zone}${north ? '' : ' +south'} +datum=WGS84 +units=m +no_defs`,
      esriProjcs(`WGS_1984_UTM_Zone_${zone}${hemisphere}`, ESRI_GCS_WGS84, 'Transverse_Mercator', [
        ['False_Easting', 500000],
        ['False_Northing', north ? 0 : 10000000],
        ['Central_Meridian', 6 * zone - 183],
        ['Scale_Factor', 0.9996],
        ['Latitude_Of_Origin', 0],
      ]),
    ),
  );
}

/** EPSG codes of Xian 1980 and Beijing 1954 systems, refused with a reason rather than "unknown". */
function refusedDatumOfCode(epsg: number): string | undefined {
  if (epsg === 4610 || (epsg >= 2327 && epsg <= 2390)) return 'Xian 1980';
  if (epsg === 4214 || (epsg >= 2401 && epsg <= 2442) || (epsg >= 21413 && epsg <= 21423))
    return 'Beijing 1954';
  if (epsg >= 21453 && epsg <= 21463) return 'Beijing 1954';
  return undefined;
}

function refusedDatumMessage(what: string, datum: string): string {
  return (
    `${what} uses the ${datum} datum, which GridSight cannot convert: it needs a 7-parameter transformation ` +
    `that the file does not carry; convert the data to CGCS2000 first, or choose the coordinate system explicitly`
  );
}

const ACCEPTED_CODES =
  'EPSG:4326 (wgs84), EPSG:4490 (cgcs2000), EPSG:4491–4554 (CGCS2000 Gauss-Kruger), EPSG:3857, ' +
  'EPSG:32601–32660 and 32701–32760 (WGS 84 UTM), gcj02 (gcj-02) and bd09 (bd-09)';

/**
 * The coordinate system for a code: 'EPSG:4326', 'epsg:4549', '4549', 'urn:ogc:def:crs:EPSG::4549', 'wgs84',
 * 'CRS84', 'cgcs2000', 'gcj02', 'gcj-02', 'bd09', 'bd-09' (case and spaces ignored). Also EPSG:3857 and WGS84 UTM zones.
 * Throws {@link CrsError} `unknownCode` listing what is accepted, or `unsupportedDatum` for Xian 1980 and Beijing
 * 1954 codes.
 * @example
 * const crs = crsFromCode('EPSG:4549'); // CGCS2000 / 3-degree Gauss-Kruger CM 120E
 * crs.toWgs84(500000, 3320113.398); // ≈ [120, 30]
 */
export function crsFromCode(code: string): Crs {
  const compact = code
    .trim()
    .toLowerCase()
    .replace(/^urn:ogc:def:crs:/, '')
    .replace(/^ogc:1\.3:/, '')
    .replace(/[\s_-]+/g, '');
  switch (compact) {
    case 'wgs84':
    case 'crs84':
      return WGS84_CRS;
    case 'cgcs2000':
      return CGCS2000_CRS;
    case 'gcj02':
      return GCJ02_CRS;
    case 'bd09':
      return BD09_CRS;
  }
  const match = /^(?:epsg:{0,2})?(\d{4,5})$/.exec(compact);
  if (match) {
    const epsg = Number(match[1]);
    if (epsg === 4326) return WGS84_CRS;
    if (epsg === 4490) return CGCS2000_CRS;
    if (epsg === 3857 || epsg === 900913) return webMercatorCrs();
    const gk = GK_BY_EPSG.get(epsg);
    if (gk) return gaussKrugerCrs(gk);
    if ((epsg > 32600 && epsg <= 32660) || (epsg > 32700 && epsg <= 32760)) {
      return utmCrs(epsg % 100, epsg < 32700);
    }
    const refused = refusedDatumOfCode(epsg);
    if (refused) throw new CrsError('unsupportedDatum', refusedDatumMessage(`EPSG:${epsg}`, refused));
  }
  throw new CrsError('unknownCode', `unknown coordinate system "${code}": accepted are ${ACCEPTED_CODES}`);
}

// ---------------------------------------------------------------------------------------------------------------
// .prj (WKT)
// ---------------------------------------------------------------------------------------------------------------

type WktValue = string | number | WktNode;
interface WktNode {
  key: string;
  args: WktValue[];
}

const MAX_WKT_LENGTH = 65536;
const MAX_WKT_DEPTH = 32;

/** Parses WKT1 or WKT2 (brackets or parentheses) into a tree; throws CrsError `notWkt`. */
function parseWkt(src: string): WktNode {
  const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
  const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
  let at = 0;
  const fail = (what: string): never => {
    throw new CrsError('notWkt', `not WKT: ${what} at character ${at + 1}`);
  };
  const skipSpace = () => {
    while (at < src.length && /\s/.test(src[at])) at++;
  };
  const read = (re: RegExp): string | undefined => {
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) return undefined;
    at = re.lastIndex;
    return m[0];
  };
  const node = (key: string, depth: number): WktNode => {
    if (depth > MAX_WKT_DEPTH) fail('nested too deeply');
    const open = src[at];
    const close = open === '[' ? ']' : ')';
    at++;
    const args: WktValue[] = [];
    skipSpace();
    if (src[at] === close) {
      at++;
      return { key, args };
    }
    for (;;) {
      skipSpace();
      const c = src[at];
      if (c === '"') {
        let value = '';
        at++;
        for (;;) {
          const end = src.indexOf('"', at);
          if (end < 0) fail('unterminated string');
          value += src.slice(at, end);
          at = end + 1;
          if (src[at] !== '"') break;
          value += '"';
          at++;
        }
        args.push(value);
      } else {
        const numeral = read(NUMBER);
        if (numeral !== undefined) {
          args.push(Number(numeral));
        } else {
          const word = read(KEY);
          if (word === undefined) fail(at < src.length ? `unexpected "${src[at]}"` : 'unexpected end');
          skipSpace();
          if (src[at] === '[' || src[at] === '(') args.push(node(word!.toUpperCase(), depth + 1));
          else args.push(word!);
        }
      }
      skipSpace();
      if (src[at] === ',') {
        at++;
        continue;
      }
      if (src[at] === close) {
        at++;
        return { key, args };
      }
      fail(at < src.length ? `expected "," or "${close}" but found "${src[at]}"` : `missing "${close}"`);
    }
  };
  skipSpace();
  const key = read(KEY);
  skipSpace();
  if (key === undefined || (src[at] !== '[' && src[at] !== '(')) {
    fail('expected a keyword such as PROJCS[ or GEOGCS[');
  }
  const root = node(key!.toUpperCase(), 0);
  skipSpace();
  if (at < src.length && src.slice(at).replace(/\0/g, '').trim()) fail('src after the end');
  return root;
}

function children(node: WktNode, ...keys: string[]): WktNode[] {
  return node.args.filter((a): a is WktNode => typeof a === 'object' && keys.includes(a.key));
}
function child(node: WktNode | undefined, ...keys: string[]): WktNode | undefined {
  return node ? children(node, ...keys)[0] : undefined;
}
function text(node: WktNode | undefined, index = 0): string | undefined {
  const value = node?.args[index];
  return typeof value === 'string' ? value : undefined;
}
function number(node: WktNode | undefined, index: number): number | undefined {
  const value = node?.args[index];
  return typeof value === 'number' ? value : undefined;
}
/** Lower case letters and digits only, accents dropped: 'D_China_2000' → 'dchina2000'. */
function squash(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
function near(a: number, b: number, tolerance = 1e-9): boolean {
  return Math.abs(a - b) <= tolerance;
}

const RADIANS_PER_DEGREE = Math.PI / 180;

type DatumClass = 'wgs84' | 'cgcs2000' | 'grs80' | 'xian1980' | 'beijing1954' | 'other';

interface GeographicPart {
  name: string;
  datumName: string;
  datum: DatumClass;
  /** Semi-major axis and inverse flattening, when given. */
  a?: number;
  rf?: number;
  /** TOWGS84 values, when given and not all zero. */
  towgs84?: number[];
  primeMeridian: number;
  /** Size of the angular unit in degrees (1 for degrees). */
  angleUnit: number;
}

function classifyDatum(names: string, a: number | undefined, rf: number | undefined): DatumClass {
  const s = squash(names);
  // By name only: the Krasovsky and IAG-75 ellipsoids serve other datums too (Pulkovo 1942…), refused as 'other'.
  if (s.includes('xian1980') || s.includes('xian80')) return 'xian1980';
  if (s.includes('beijing1954') || s.includes('beijing54') || s.includes('newbeijing')) return 'beijing1954';
  if (s.includes('china2000') || s.includes('cgcs2000') || s.includes('chinageodeticcoordinatesystem2000')) {
    return 'cgcs2000';
  }
  if (s.includes('wgs1984') || s.includes('wgs84') || s.includes('worldgeodeticsystem1984')) return 'wgs84';
  if (a === 6378137 && rf !== undefined && (near(rf, 298.257223563, 1e-6) || near(rf, 298.257222101, 1e-6))) {
    return 'grs80';
  }
  return 'other';
}

function geographicPart(geo: WktNode): GeographicPart {
  const datum = child(geo, 'DATUM', 'GEODETICDATUM', 'TRF') ?? child(geo, 'ENSEMBLE');
  const ellipsoid = child(datum, 'SPHEROID', 'ELLIPSOID') ?? child(geo, 'ELLIPSOID');
  const a = number(ellipsoid, 1);
  const rf = number(ellipsoid, 2);
  const shift = (child(datum, 'TOWGS84')?.args ?? []).filter((v): v is number => typeof v === 'number');
  // WKT1: UNIT; WKT2: ANGLEUNIT after the axes, or inside the first AXIS.
  const unit = child(geo, 'UNIT', 'ANGLEUNIT') ?? child(child(geo, 'AXIS'), 'ANGLEUNIT');
  const unitRadians = number(unit, 1) ?? RADIANS_PER_DEGREE;
  const pm = child(geo, 'PRIMEM', 'PRIMEMERIDIAN');
  const pmUnit = number(child(pm, 'ANGLEUNIT'), 1) ?? unitRadians;
  const name = text(geo) ?? '';
  const datumName = text(datum) ?? '';
  return {
    name,
    datumName,
    datum: classifyDatum(`${datumName} ${name} ${text(ellipsoid) ?? ''}`, a, rf),
    a,
    rf,
    towgs84: shift.some((v) => v !== 0) ? shift : undefined,
    primeMeridian: ((number(pm, 1) ?? 0) * pmUnit) / RADIANS_PER_DEGREE,
    angleUnit: unitRadians / RADIANS_PER_DEGREE,
  };
}

type TmercParameter = 'lon0' | 'lat0' | 'k' | 'x0' | 'y0';
const PARAMETER_NAMES: Record<string, TmercParameter> = {
  centralmeridian: 'lon0',
  longitudeofnaturalorigin: 'lon0',
  longitudeoforigin: 'lon0',
  longitudeofcenter: 'lon0',
  latitudeoforigin: 'lat0',
  latitudeofnaturalorigin: 'lat0',
  latitudeofcenter: 'lat0',
  scalefactor: 'k',
  scalefactoratnaturalorigin: 'k',
  falseeasting: 'x0',
  falsenorthing: 'y0',
};

interface ProjectedPart {
  name: string;
  method: string;
  /** Transverse Mercator parameters found, in degrees and metres. */
  params: Partial<Record<TmercParameter, number>>;
  /** Whether the WKT has any PARAMETER at all. */
  hasParameters: boolean;
  /** Size of the coordinates' linear unit in metres. */
  linearUnit: number;
  /** The EPSG code the WKT gives itself, if any. */
  epsg?: number;
}

function authorityEpsg(node: WktNode): number | undefined {
  const id = children(node, 'AUTHORITY', 'ID').at(-1);
  if (!id || squash(text(id) ?? '') !== 'epsg') return undefined;
  const code = Number(id.args[1]);
  return Number.isInteger(code) ? code : undefined;
}

function projectedPart(root: WktNode, geo: GeographicPart): ProjectedPart {
  const conversion = child(root, 'CONVERSION');
  const host = conversion ?? root;
  const method = text(child(conversion, 'METHOD', 'PROJECTION') ?? child(root, 'PROJECTION')) ?? '';
  const unit = child(root, 'UNIT', 'LENGTHUNIT') ?? child(child(root, 'AXIS'), 'LENGTHUNIT');
  const linearUnit = number(unit, 1) ?? 1;
  const params: Partial<Record<TmercParameter, number>> = {};
  const parameterNodes = children(host, 'PARAMETER');
  for (const p of parameterNodes) {
    const key = PARAMETER_NAMES[squash(text(p) ?? '')];
    let value = number(p, 1);
    if (!key || value === undefined) continue;
    if (key === 'lon0' || key === 'lat0') {
      const own = number(child(p, 'ANGLEUNIT', 'UNIT'), 1);
      value *= own !== undefined ? own / RADIANS_PER_DEGREE : geo.angleUnit;
      // 0.0174532925199433 (WKT's degree) / (π/180) leaves 120 as 119.99999999999997.
      value = Math.round(value * 1e9) / 1e9;
    } else if (key === 'x0' || key === 'y0') {
      value *= number(child(p, 'LENGTHUNIT', 'UNIT'), 1) ?? linearUnit;
    }
    params[key] = value;
  }
  return {
    name: text(root) ?? '',
    method,
    params,
    hasParameters: parameterNodes.length > 0,
    linearUnit,
    epsg: authorityEpsg(root),
  };
}

/** Recognises the family's ESRI and OGC names: 'CGCS2000_3_Degree_GK_CM_120E', 'CGCS2000 / Gauss-Kruger zone 21'… */
function gaussKrugerFromName(name: string): GaussKrugerZone | undefined {
  const s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const m = /^cgcs ?2000 (3 degree )?(?:gk|gauss kruger) (?:cm (\d+) ?e|zone (\d+))$/.exec(s);
  if (!m) return undefined;
  const width = m[1] ? 3 : 6;
  const [cm, zone] = [m[2], m[3]];
  return CGCS2000_GAUSS_KRUGER.find(
    (z) =>
      z.width === width &&
      (cm !== undefined
        ? !z.prefixed && z.centralMeridian === Number(cm)
        : z.prefixed && z.zone === Number(zone)),
  );
}

/** The family member with these parameters (metres, degrees); `hint` settles 3° vs 6° where both fit. */
function gaussKrugerFromParameters(
  p: Partial<Record<TmercParameter, number>>,
  hint: GaussKrugerZone | undefined,
): GaussKrugerZone | undefined {
  const { lon0, x0, lat0 = 0, k = 1, y0 = 0 } = p;
  if (lon0 === undefined || x0 === undefined) return undefined;
  if (!near(lat0, 0) || !near(k, 1) || !near(y0, 0, 1e-6)) return undefined;
  const prefix = Math.round((x0 - 500000) / 1e6);
  if (!near(x0, prefix * 1e6 + 500000, 1e-6)) return undefined;
  const fits = CGCS2000_GAUSS_KRUGER.filter(
    (z) => near(z.centralMeridian, lon0) && (prefix === 0 ? !z.prefixed : z.prefixed && z.zone === prefix),
  );
  return fits.find((z) => z.width === hint?.width) ?? fits.find((z) => z.width === 3) ?? fits[0];
}

function describeParameters(p: Partial<Record<TmercParameter, number>>): string {
  const parts: string[] = [];
  if (p.lon0 !== undefined) parts.push(`central meridian ${p.lon0}°`);
  if (p.lat0) parts.push(`latitude of origin ${p.lat0}°`);
  if (p.k !== undefined && p.k !== 1) parts.push(`scale ${p.k}`);
  if (p.x0 !== undefined) parts.push(`false easting ${p.x0}`);
  if (p.y0) parts.push(`false northing ${p.y0}`);
  return parts.join(', ');
}

const TMERC_METHODS = new Set(['transversemercator', 'gausskruger', 'tmerc']);
const WEB_MERCATOR_METHODS = new Set([
  'mercatorauxiliarysphere',
  'popularvisualisationpseudomercator',
  'popularvisualizationpseudomercator',
]);

/** proj4's WKT reader knows Gauss_Kruger only in recent versions; give it the EPSG method name. */
function proj4Wkt(wkt: string): string {
  return wkt.replace(/"Gauss[_ -]Kr(?:u|ü|ue)ger"/gi, '"Transverse_Mercator"');
}

function wktFallback(wkt: string, root: WktNode, projected: ProjectedPart, datumNote: string): Crs {
  const id = projected.epsg !== undefined ? `EPSG:${projected.epsg}` : `custom:${projected.name}`;
  try {
    return proj4Crs(id, projected.name || 'custom projection', proj4Wkt(wkt), wkt, true);
  } catch {
    throw new CrsError(
      'unknownProjection',
      `projection "${projected.method || root.key}" of "${projected.name}" is not supported${datumNote}`,
    );
  }
}

/**
 * The coordinate system of a Shapefile `.prj` (WKT1 or WKT2, ESRI or OGC flavour), and how it was recognised.
 *
 * The CGCS2000 Gauss-Krüger family is recognised by its parameters (Transverse Mercator or Gauss-Kruger, CGCS2000
 * datum, central meridian, false easting) so that a `.prj` with an odd name still maps; by its ESRI or OGC name when
 * the WKT has no parameters. Parameters win over a name that says otherwise; a CGCS2000 Transverse Mercator outside
 * the family (a city grid) is kept with its own parameters. WGS84 and CGCS2000 longitude/latitude, Web Mercator and
 * WGS84 UTM get their EPSG codes; any other projection on a WGS84, CGCS2000 or GRS80-ellipsoid datum is left to
 * proj4's WKT reader. Xian 1980, Beijing 1954 and other datums are refused with CrsError `unsupportedDatum`; text
 * that is not WKT with `notWkt`; a projection proj4 does not know with `unknownProjection`.
 * @example
 * const { crs, how } = crsFromPrj(prjText); // crs.id 'EPSG:4549'
 * const [lon, lat] = crs.toWgs84(x, y);
 */
export function crsFromPrj(wkt: string): { crs: Crs; how: string } {
  const source = wkt.replace(/^\uFEFF/, '').trim();
  if (!source) throw new CrsError('notWkt', 'not WKT: the .prj is empty');
  if (source.length > MAX_WKT_LENGTH)
    throw new CrsError('notWkt', `not WKT: ${source.length} characters is too long`);
  let root = parseWkt(source);
  // Compound (horizontal + vertical) and bound (with a transformation) systems: the horizontal source system.
  for (let i = 0; i < 3; i++) {
    if (root.key === 'COMPD_CS' || root.key === 'COMPOUNDCRS') {
      root = child(root, 'PROJCS', 'GEOGCS', 'PROJCRS', 'GEOGCRS', 'GEODCRS', 'BOUNDCRS') ?? root;
    } else if (root.key === 'BOUNDCRS') {
      const inner = child(root, 'SOURCECRS');
      root = inner?.args.find((a): a is WktNode => typeof a === 'object') ?? root;
    } else break;
  }
  const projectedKeys = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
  const geographicKeys = ['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS', 'GEODETICCRS'];
  const isProjected = projectedKeys.includes(root.key);
  if (!isProjected && !geographicKeys.includes(root.key)) {
    throw new CrsError(
      'unknownProjection',
      `${root.key}["${text(root) ?? ''}"] is not a geographic or projected coordinate system`,
    );
  }
  const geoNode = isProjected ? child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS') : root;
  const name = text(root) ?? '';

  if (isProjected && !geoNode) {
    // A stub such as PROJCS["CGCS2000_3_Degree_GK_CM_120E"]: only the name (or an EPSG code) can tell.
    const epsg = authorityEpsg(root);
    const byName = gaussKrugerFromName(name) ?? (epsg !== undefined ? GK_BY_EPSG.get(epsg) : undefined);
    if (byName) return { crs: gaussKrugerCrs(byName), how: `by name: "${name}" is EPSG:${byName.epsg}` };
    if (/web.?mercator|pseudo.?mercator/i.test(name) || epsg === 3857) {
      return { crs: webMercatorCrs(), how: `by name: "${name}" is Web Mercator (EPSG:3857)` };
    }
    throw new CrsError(
      'unknownProjection',
      `"${name}" names no datum or parameters and is not a known system`,
    );
  }

  const geo = geographicPart(geoNode!);
  const datumLabel = geo.datumName || geo.name;
  if (geo.datum === 'xian1980' || geo.datum === 'beijing1954') {
    const datum = geo.datum === 'xian1980' ? 'Xian 1980' : 'Beijing 1954';
    throw new CrsError('unsupportedDatum', refusedDatumMessage(`"${name}" (datum ${datumLabel})`, datum));
  }
  if (geo.datum === 'other') {
    const ellipsoid = geo.a !== undefined ? ` (ellipsoid a=${geo.a}, 1/f=${geo.rf})` : '';
    throw new CrsError(
      'unsupportedDatum',
      `datum "${datumLabel}"${ellipsoid} of "${name}" is not supported: GridSight reads WGS84, CGCS2000 and ` +
        `datums on their ellipsoid; convert the data to CGCS2000 or WGS84 first, or choose the coordinate system`,
    );
  }
  const datumNote =
    geo.datum === 'grs80' ? `; datum "${datumLabel}" on the WGS84/GRS80 ellipsoid is taken as WGS84` : '';

  if (!isProjected) {
    if (!near(geo.primeMeridian, 0) || !near(geo.angleUnit, 1, 1e-9)) {
      throw new CrsError(
        'unsupportedParameters',
        `"${name}" has prime meridian ${geo.primeMeridian}° and an angular unit of ${geo.angleUnit}°: ` +
          `only Greenwich and degrees are supported`,
      );
    }
    if (geo.towgs84) {
      const id = authorityEpsg(root);
      let shifted: Crs;
      try {
        shifted = proj4Crs(
          id !== undefined ? `EPSG:${id}` : `custom:${name}`,
          name,
          source,
          source,
          true,
          'geographic',
        );
      } catch {
        throw new CrsError('unsupportedParameters', `"${name}": proj4 cannot read its TOWGS84 datum shift`);
      }
      return {
        crs: shifted,
        how: `geographic "${name}" with the .prj's TOWGS84[${geo.towgs84.join(',')}], read by proj4's WKT reader`,
      };
    }
    const crs = geo.datum === 'cgcs2000' ? CGCS2000_CRS : WGS84_CRS;
    return { crs, how: `geographic "${name}" (${crs.label}, ${crs.id})${datumNote}` };
  }

  const projected = projectedPart(root, geo);
  const method = squash(projected.method);
  const byName = gaussKrugerFromName(name);
  const plain = near(geo.primeMeridian, 0) && near(projected.linearUnit, 1, 1e-12) && !geo.towgs84;

  if (geo.datum === 'cgcs2000' && TMERC_METHODS.has(method) && plain) {
    const byParameters = gaussKrugerFromParameters(
      projected.params,
      byName ?? GK_BY_EPSG.get(projected.epsg ?? 0),
    );
    if (byParameters) {
      const disagree =
        byName && byName.epsg !== byParameters.epsg
          ? `; its name "${name}" says EPSG:${byName.epsg}, the parameters win`
          : '';
      return {
        crs: gaussKrugerCrs(byParameters),
        how:
          `by parameters: Transverse Mercator on CGCS2000, ${describeParameters(projected.params)} → ` +
          `EPSG:${byParameters.epsg} (${byParameters.label})${disagree}`,
      };
    }
    if (!projected.hasParameters && byName) {
      return { crs: gaussKrugerCrs(byName), how: `by name: "${name}" is EPSG:${byName.epsg}` };
    }
    const { lon0, lat0 = 0, k = 1, x0 = 0, y0 = 0 } = projected.params;
    if (lon0 !== undefined) {
      const nameNote = byName ? `; its name "${name}" says EPSG:${byName.epsg}, the parameters win` : '';
      const crs = proj4Crs(
        `custom:${name}`,
        name || 'CGCS2000 Transverse Mercator',
        tmercDefinition({ lon0, lat0, k, x0, y0 }, CGCS2000_ELLIPSOID),
        source,
      );
      return {
        crs,
        how:
          `custom Transverse Mercator on CGCS2000 from the .prj's parameters (` +
          `${describeParameters(projected.params)}), not an EPSG Gauss-Kruger zone${nameNote}`,
      };
    }
  }

  if (geo.datum !== 'cgcs2000' && plain) {
    const p = projected.params;
    const lonAt0 = (p.lon0 ?? 0) === 0 && (p.x0 ?? 0) === 0 && (p.y0 ?? 0) === 0;
    if (
      lonAt0 &&
      (WEB_MERCATOR_METHODS.has(method) ||
        /webmercator|pseudomercator/.test(squash(name)) ||
        projected.epsg === 3857)
    ) {
      return { crs: webMercatorCrs(), how: `Web Mercator "${name}" (EPSG:3857)${datumNote}` };
    }
    if (TMERC_METHODS.has(method) && p.lon0 !== undefined && near(p.k ?? 1, 0.9996) && near(p.lat0 ?? 0, 0)) {
      const zone = (p.lon0 + 183) / 6;
      const north = near(p.y0 ?? 0, 0);
      if (
        Number.isInteger(zone) &&
        zone >= 1 &&
        zone <= 60 &&
        near(p.x0 ?? 0, 500000) &&
        (north || near(p.y0!, 1e7))
      ) {
        const crs = utmCrs(zone, north);
        return { crs, how: `UTM "${name}": ${crs.label} (${crs.id})${datumNote}` };
      }
    }
  }

  const crs = wktFallback(source, root, projected, datumNote);
  const shiftNote = geo.towgs84 ? `; with the .prj's TOWGS84[${geo.towgs84.join(',')}]` : '';
  const cgcsNote = geo.datum === 'cgcs2000' && !geo.towgs84 ? '; CGCS2000 taken as WGS84' : '';
  return {
    crs,
    how: `"${name}" (${projected.method || 'projection'}) read by proj4's WKT reader${cgcsNote}${datumNote}${shiftNote}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Guessing from coordinates
// ---------------------------------------------------------------------------------------------------------------

/** What {@link guessCrs} makes of sample coordinates. */
export interface CrsGuess {
  /**
   * `wgs84`: longitude/latitude (or GCJ-02/BD-09, which look the same); `swapped`: latitude, longitude;
   * `gauss-kruger`: CGCS2000 Gauss-Krüger metres; `web-mercator`: Web Mercator metres over China; `unknown`.
   */
  kind: 'wgs84' | 'swapped' | 'gauss-kruger' | 'web-mercator' | 'unknown';
  /** Codes for {@link crsFromCode}, best first; empty when unknown. */
  candidates: string[];
  /** Why, in one line (English). */
  reason: string;
  /** Whether the two values of each point must be exchanged before conversion (lat/lon, or northing/easting). */
  swapAxes: boolean;
}

export interface GuessOptions {
  /** A WGS84 [lon, lat] the data is expected near (e.g. the dataset's centre): orders ambiguous zones by distance. */
  near?: [number, number];
}

/** Longitude/latitude labels that cannot be told apart from WGS84 by value. */
const LONLAT_CANDIDATES = ['EPSG:4326', 'gcj02', 'bd09'];

interface Box {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function boxOf(points: Array<[number, number]>): Box {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return { minX, maxX, minY, maxY };
}

function within(box: Box, x0: number, x1: number, y0: number, y1: number): boolean {
  return box.minX >= x0 && box.maxX <= x1 && box.minY >= y0 && box.maxY <= y1;
}

function range(lo: number, hi: number): string {
  const f = (v: number) => String(Math.round(v * 1000) / 1000);
  return lo === hi ? f(lo) : `${f(lo)}…${f(hi)}`;
}

/** Gauss-Krüger or Web Mercator readings of (easting, northing) points; undefined if none fits. */
function projectedGuess(box: Box, options: GuessOptions): CrsGuess | undefined {
  const seen = `eastings ${range(box.minX, box.maxX)}, northings ${range(box.minY, box.maxY)}`;
  // Web Mercator over the GCJ-02 box of China (72°–138°E, 0.8°–55.8°N).
  const webMercator = within(box, 8.0e6, 15.35e6, 0.09e6, 7.52e6);
  // Zone number in front of the easting: 6° zones 13–23, 3° zones 25–45.
  const prefix = Math.floor(box.minX / 1e6);
  const zone =
    prefix === Math.floor(box.maxX / 1e6)
      ? CGCS2000_GAUSS_KRUGER.find((z) => z.prefixed && z.zone === prefix)
      : undefined;
  if (zone && within(box, prefix * 1e6 + 1e5, prefix * 1e6 + 9e5, 0, 6.3e6)) {
    const code = `EPSG:${zone.epsg}`;
    if (webMercator) {
      return {
        kind: 'web-mercator',
        candidates: ['EPSG:3857', code],
        reason:
          `${seen} fit Web Mercator over China, and also ${zone.label} (zone number ${prefix} in front of the ` +
          `easting, far western China); Web Mercator is the likelier`,
        swapAxes: false,
      };
    }
    return {
      kind: 'gauss-kruger',
      candidates: [code],
      reason:
        `${seen}: the easting starts with zone number ${prefix}, a ${zone.width}-degree zone ` +
        `(${zone.width === 3 ? '3-degree zones are 25–45' : '6-degree zones are 13–23'}) → ${zone.label}`,
      swapAxes: false,
    };
  }
  if (webMercator) {
    return {
      kind: 'web-mercator',
      candidates: ['EPSG:3857'],
      reason: `${seen} fit Web Mercator metres over China`,
      swapAxes: false,
    };
  }
  if (within(box, 1e5, 9e5, 1.0e6, 6.3e6)) {
    const zones = CGCS2000_GAUSS_KRUGER.filter((z) => z.width === 3 && !z.prefixed);
    const lon = options.near?.[0];
    if (lon !== undefined) {
      zones.sort((a, b) => Math.abs(a.centralMeridian - lon) - Math.abs(b.centralMeridian - lon));
    }
    return {
      kind: 'gauss-kruger',
      candidates: zones.map((z) => `EPSG:${z.epsg}`),
      reason:
        `${seen}: 6-digit eastings and 7-digit northings look like Gauss-Kruger without a zone number, whose ` +
        `central meridian the numbers cannot tell: the zone must be chosen (the 3-degree CM codes are listed` +
        `${lon !== undefined ? `, nearest to ${lon}°E first` : ''}; a 6-degree CM system equals the 3-degree one ` +
        `with the same central meridian)`,
      swapAxes: false,
    };
  }
  return undefined;
}

/**
 * Guesses the coordinate system of sample coordinates (e.g. the first 1000 vertices of a file) when the file does
 * not say. Every point (ignoring non-finite ones and [0, 0]) must fit one reading:
 * - longitude −180…180 and latitude −90…90 → `wgs84` (GCJ-02 and BD-09 are listed too: values cannot tell them);
 * - latitude, longitude: all points in 18–54, 73–135 (China read backwards), or the second value beyond ±90 with the
 *   first within it → `swapped`;
 * - an easting with 7–8 digits starting with a zone number (40 512 345: 3° zone 40; 6° zones are 13–23, 3° zones
 *   25–45) and a northing up to 6.3 million → `gauss-kruger` with that zone's code;
 * - eastings 100 000–900 000 and northings 1–6.3 million → `gauss-kruger` without a zone number: all 3° CM codes,
 *   nearest to `options.near` first, and the zone must be chosen;
 * - eastings 8–15.35 million and northings 0.09–7.52 million → `web-mercator` (over China);
 * - the projected readings with the two values exchanged (northing first, the surveying X/Y order) → the same kind
 *   with `swapAxes` true;
 * - anything else → `unknown`, with the ranges seen.
 * @example
 * guessCrs([[40512345.6, 3375123.4]]); // { kind: 'gauss-kruger', candidates: ['EPSG:4528'], swapAxes: false, … }
 * guessCrs([[30.5, 120.9]]); // { kind: 'swapped', candidates: ['EPSG:4326', 'gcj02', 'bd09'], swapAxes: true, … }
 */
export function guessCrs(points: Array<[number, number]>, options: GuessOptions = {}): CrsGuess {
  const usable = points.filter(
    ([x, y]) => Number.isFinite(x) && Number.isFinite(y) && !(x === 0 && y === 0),
  ) as Array<[number, number]>;
  if (usable.length === 0) {
    return {
      kind: 'unknown',
      candidates: [],
      reason: 'no usable coordinates in the sample',
      swapAxes: false,
    };
  }
  const box = boxOf(usable);
  const seen = `first values ${range(box.minX, box.maxX)}, second values ${range(box.minY, box.maxY)}`;
  if (within(box, 18, 54, 73, 135)) {
    return {
      kind: 'swapped',
      candidates: LONLAT_CANDIDATES,
      reason: `${seen}: latitude, longitude order (China read backwards); swap them`,
      swapAxes: true,
    };
  }
  if (within(box, -180, 180, -90, 90)) {
    const china = usable.every(([x, y]) => inChina(x, y));
    return {
      kind: 'wgs84',
      candidates: LONLAT_CANDIDATES,
      reason:
        `${seen}: longitude, latitude` +
        (china ? ' in China (WGS84, GCJ-02 or BD-09: the values cannot tell which)' : ''),
      swapAxes: false,
    };
  }
  if (within(box, -90, 90, -180, 180)) {
    return {
      kind: 'swapped',
      candidates: LONLAT_CANDIDATES,
      reason: `${seen}: second values beyond ±90 make this latitude, longitude order; swap them`,
      swapAxes: true,
    };
  }
  const direct = projectedGuess(box, options);
  if (direct) return direct;
  const exchanged = usable.map(([x, y]) => [y, x] as [number, number]);
  const swapped = projectedGuess(boxOf(exchanged), options);
  if (swapped) {
    return {
      ...swapped,
      reason: `northing first, easting second (the surveying X, Y order), swap them; ${swapped.reason}`,
      swapAxes: true,
    };
  }
  return {
    kind: 'unknown',
    candidates: [],
    reason: `${seen}: neither longitude/latitude nor Gauss-Kruger or Web Mercator metres over China`,
    swapAxes: false,
  };
}
