/**
 * src/io/crs: coordinate systems of imported data and their conversion to WGS84. Checked against values published
 * by others (PROJ's test suite, epsg.io's definitions, the eviltransform and coordtransform projects' test data), and
 * against real `.prj` texts as ArcGIS, epsg.io and GeoServer write them.
 */
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import {
  CGCS2000_GAUSS_KRUGER,
  CrsError,
  bd09ToGcj02,
  bd09ToWgs84,
  crsFromCode,
  crsFromPrj,
  gcj02ToBd09,
  gcj02ToWgs84,
  guessCrs,
  inChina,
  wgs84ToBd09,
  wgs84ToGcj02,
} from '../../../src/io/crs';

/** Ground distance in metres between two lon/lat points a few metres apart (local flat approximation). */
function metres(a: [number, number], b: [number, number]): number {
  const lat = (a[1] * Math.PI) / 180;
  return Math.hypot((a[0] - b[0]) * 111320 * Math.cos(lat), (a[1] - b[1]) * 110574);
}

function expectClose(actual: [number, number], expected: [number, number], tolerance: number): void {
  expect(Math.abs(actual[0] - expected[0])).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual[1] - expected[1])).toBeLessThanOrEqual(tolerance);
}

function crsError(run: () => unknown): CrsError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CrsError);
    return e as CrsError;
  }
  throw new Error('expected a CrsError');
}

/** A grid of points over China (WGS84), Hainan to Heilongjiang, Xinjiang to the east coast. */
const CHINA_GRID: Array<[number, number]> = [];
for (let lon = 73.5; lon <= 135; lon += 3.1)
  for (let lat = 18.2; lat <= 53.5; lat += 2.3) CHINA_GRID.push([lon, lat]);

/** Haiyan County, the product's region. */
const HAIYAN: [number, number] = [120.9, 30.5];

// ---------------------------------------------------------------------------------------------------------------
// The CGCS2000 Gauss-Krüger family
// ---------------------------------------------------------------------------------------------------------------

/** The EPSG zone rules, written out independently of the implementation. */
function epsgRule(code: number): { centralMeridian: number; falseEasting: number } {
  if (code <= 4501)
    return { centralMeridian: 6 * (code - 4491 + 13) - 3, falseEasting: (code - 4491 + 13) * 1e6 + 5e5 };
  if (code <= 4512) return { centralMeridian: 6 * (code - 4502 + 13) - 3, falseEasting: 5e5 };
  if (code <= 4533)
    return { centralMeridian: 3 * (code - 4513 + 25), falseEasting: (code - 4513 + 25) * 1e6 + 5e5 };
  return { centralMeridian: 3 * (code - 4534 + 25), falseEasting: 5e5 };
}

/** Meridian arc length on GRS80 from the equator to `lat` (Simpson's rule): the northing on a k = 1 central meridian. */
function grs80MeridianArc(lat: number): number {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const phi = (lat * Math.PI) / 180;
  const n = 2000;
  const h = phi / n;
  const m = (p: number) => (a * (1 - e2)) / Math.pow(1 - e2 * Math.sin(p) ** 2, 1.5);
  let sum = m(0) + m(phi);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * m(i * h);
  return (sum * h) / 3;
}

describe('the CGCS2000 Gauss-Kruger family', () => {
  it('has the 64 codes EPSG:4491–4554', () => {
    expect(CGCS2000_GAUSS_KRUGER.map((z) => z.epsg)).toEqual(Array.from({ length: 64 }, (_, i) => 4491 + i));
  });

  it('maps every code to its central meridian and false easting, and round-trips within 1 mm', () => {
    const northing30 = grs80MeridianArc(30);
    for (let code = 4491; code <= 4554; code++) {
      const { centralMeridian, falseEasting } = epsgRule(code);
      const crs = crsFromCode(`EPSG:${code}`);
      expect(crs.id).toBe(`EPSG:${code}`);
      expect(crs.kind).toBe('projected');
      const [x, y] = crs.fromWgs84(centralMeridian, 30);
      expect(Math.abs(x - falseEasting), `EPSG:${code} easting`).toBeLessThan(1e-3);
      expect(Math.abs(y - northing30), `EPSG:${code} northing`).toBeLessThan(1e-3);
      // 1.4° off the central meridian, inside every zone.
      const point: [number, number] = [centralMeridian + 1.4, 36.7];
      const back = crs.toWgs84(...crs.fromWgs84(...point));
      expect(metres(back, point), `EPSG:${code} round trip`).toBeLessThan(1e-3);
    }
  });

  it('names the codes as EPSG does (epsg.io)', () => {
    expect(crsFromCode('EPSG:4549').label).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 120E');
    expect(crsFromCode('EPSG:4528').label).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 40');
    expect(crsFromCode('EPSG:4510').label).toBe('CGCS2000 / Gauss-Kruger CM 123E');
    expect(crsFromCode('EPSG:4499').label).toBe('CGCS2000 / Gauss-Kruger zone 21');
    expect(crsFromCode('EPSG:4530').label).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 42');
  });

  // OSGeo/PROJ test/gie/builtins.gie (commit 52da98bd), "operation +proj=tmerc +ellps=GRS80" (k 1, lon_0 0,
  // x_0 0, y_0 0) and the +algo=poder_engsager block: [lon, lat] → [x, y], tolerance 0.1 mm there.
  const PROJ_TMERC_GRS80: Array<[[number, number], [number, number]]> = [
    [
      [2, 1],
      [222650.796797586, 110642.229411933],
    ],
    [
      [2.9, 40],
      [247660.7575, 4433559.6623],
    ],
    [
      [6, 40],
      [512526.6344, 4446813.3655],
    ],
  ];

  it("agrees with PROJ's own Transverse Mercator test values on GRS80 within 1 mm", () => {
    const cases: Array<[string, number, number]> = [
      // code, central meridian, false easting (epsg.io)
      ['EPSG:4549', 120, 500000],
      ['EPSG:4528', 120, 40500000],
      ['EPSG:4510', 123, 500000],
      ['EPSG:4499', 123, 21500000],
      ['EPSG:4491', 75, 13500000],
      ['EPSG:4554', 135, 500000],
    ];
    for (const [code, cm, fe] of cases) {
      const crs = crsFromCode(code);
      for (const [[dLon, lat], [x, y]] of PROJ_TMERC_GRS80) {
        for (const side of [1, -1]) {
          expectClose(crs.fromWgs84(cm + side * dLon, lat), [fe + side * x, y], 1e-3);
          expectClose(crs.toWgs84(fe + side * x, y), [cm + side * dLon, lat], 1e-9);
        }
      }
    }
  });

  it('agrees with proj4 given the definitions epsg.io publishes', () => {
    // Verbatim: epsg.io/4528.proj4; surveyingpedia.com/epsg/4545 (epsg.io's string); epsgtransform.com/crs/epsg-4540;
    // the epsg.io list quoted at blog.csdn.net/Mozifei73/article/details/136449476 for 4491 and 4499.
    const published: Record<string, string> = {
      'EPSG:4528':
        '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs',
      'EPSG:4545':
        '+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs',
      'EPSG:4540':
        '+proj=tmerc +lat_0=0 +lon_0=93 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs',
      'EPSG:4491': '+proj=tmerc +lat_0=0 +lon_0=75 +k=1 +x_0=13500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
      'EPSG:4499': '+proj=tmerc +lat_0=0 +lon_0=123 +k=1 +x_0=21500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
    };
    // Central meridian and false easting from the OGC WKT on epsg.io's pages for these codes.
    const fromWkt: Array<[string, number, number]> = [
      ['EPSG:4510', 123, 500000],
      ['EPSG:4530', 126, 42500000],
      ['EPSG:4522', 102, 34500000],
      ['EPSG:4506', 99, 500000],
      ['EPSG:4505', 93, 500000],
      ['EPSG:4547', 114, 500000],
      ['EPSG:4500', 129, 22500000],
    ];
    for (const [code, cm, fe] of fromWkt) {
      published[code] =
        `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
    }
    for (const [code, definition] of Object.entries(published)) {
      const crs = crsFromCode(code);
      const reference = proj4('WGS84', definition);
      const cm = Number(/lon_0=(\d+)/.exec(definition)![1]);
      for (const [dLon, lat] of [
        [-1.3, 22.5],
        [0, 30],
        [0.9, 30.5],
        [1.45, 47.1],
      ]) {
        const expected = reference.forward([cm + dLon, lat]);
        expectClose(crs.fromWgs84(cm + dLon, lat), [expected[0], expected[1]], 1e-3);
      }
    }
  });

  it('puts Haiyan in 3-degree zone 40 (CM 120E) and 6-degree zone 21 (CM 123E)', () => {
    const [x40] = crsFromCode('EPSG:4528').fromWgs84(...HAIYAN);
    const [x21] = crsFromCode('EPSG:4499').fromWgs84(...HAIYAN);
    expect(Math.floor(x40 / 1e6)).toBe(40);
    expect(x40 - 40e6).toBeCloseTo(crsFromCode('EPSG:4549').fromWgs84(...HAIYAN)[0], 6);
    expect(Math.floor(x21 / 1e6)).toBe(21);
    expect(x21 - 21e6).toBeCloseTo(crsFromCode('EPSG:4510').fromWgs84(...HAIYAN)[0], 6);
  });
});

describe('crsFromCode', () => {
  it('accepts the usual spellings', () => {
    expect(crsFromCode('EPSG:4326').id).toBe('EPSG:4326');
    expect(crsFromCode('wgs84').id).toBe('EPSG:4326');
    expect(crsFromCode('WGS 84').id).toBe('EPSG:4326');
    expect(crsFromCode('urn:ogc:def:crs:OGC:1.3:CRS84').id).toBe('EPSG:4326');
    expect(crsFromCode('epsg:4549').id).toBe('EPSG:4549');
    expect(crsFromCode(' 4549 ').id).toBe('EPSG:4549');
    expect(crsFromCode('urn:ogc:def:crs:EPSG::4549').id).toBe('EPSG:4549');
    expect(crsFromCode('cgcs2000').id).toBe('EPSG:4490');
    expect(crsFromCode('EPSG:4490').id).toBe('EPSG:4490');
    expect(crsFromCode('gcj02').id).toBe('gcj02');
    expect(crsFromCode('GCJ-02').id).toBe('gcj02');
    expect(crsFromCode('bd09').id).toBe('bd09');
    expect(crsFromCode('bd-09').id).toBe('bd09');
    expect(crsFromCode('EPSG:3857').id).toBe('EPSG:3857');
    expect(crsFromCode('EPSG:32650').label).toBe('WGS 84 / UTM zone 50N');
    expect(crsFromCode('EPSG:4549')).toBe(crsFromCode('4549'));
  });

  it('takes WGS84 and CGCS2000 longitude/latitude unchanged', () => {
    expect(crsFromCode('EPSG:4326').toWgs84(...HAIYAN)).toEqual(HAIYAN);
    expect(crsFromCode('EPSG:4490').toWgs84(...HAIYAN)).toEqual(HAIYAN);
    expect(crsFromCode('EPSG:4490').kind).toBe('geographic');
  });

  it('converts Web Mercator and UTM as published', () => {
    // Web Mercator: x = Rλ, y = R ln tan(π/4 + φ/2), R = 6378137.
    const R = 6378137;
    const rad = Math.PI / 180;
    const [x, y] = crsFromCode('EPSG:3857').fromWgs84(...HAIYAN);
    expect(x).toBeCloseTo(R * HAIYAN[0] * rad, 3);
    expect(y).toBeCloseTo(R * Math.log(Math.tan(Math.PI / 4 + (HAIYAN[1] * rad) / 2)), 3);
    // OSGeo/PROJ test/gie/tmerczoned.gie (EPSG:32600, zone 31 = EPSG:32631 with "31" in front of the easting).
    expectClose(crsFromCode('EPSG:32631').fromWgs84(0, 80), [441867.7849, 8883084.9559], 1e-3);
    expectClose(crsFromCode('EPSG:32631').fromWgs84(0, 0), [166021.4431, 0], 1e-3);
  });

  it('refuses unknown codes, listing what is accepted', () => {
    const e = crsError(() => crsFromCode('EPSG:9999'));
    expect(e.code).toBe('unknownCode');
    expect(e.message).toContain('EPSG:9999');
    expect(e.message).toContain('EPSG:4491–4554');
    expect(e.message).toContain('gcj02');
    expect(e.message).not.toContain('\n');
    expect(crsError(() => crsFromCode('mars')).code).toBe('unknownCode');
  });

  it('refuses Xian 1980 and Beijing 1954 codes, naming the datum', () => {
    const xian = crsError(() => crsFromCode('EPSG:2385')); // Xian 1980 / 3-degree Gauss-Kruger CM 120E
    expect(xian.code).toBe('unsupportedDatum');
    expect(xian.message).toContain('Xian 1980');
    expect(xian.message).toContain('CGCS2000');
    expect(crsError(() => crsFromCode('EPSG:2434')).message).toContain('Beijing 1954');
    expect(crsError(() => crsFromCode('EPSG:21453')).message).toContain('Beijing 1954');
    expect(crsError(() => crsFromCode('EPSG:4610')).message).toContain('Xian 1980');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// GCJ-02 and BD-09
// ---------------------------------------------------------------------------------------------------------------

describe('GCJ-02 and BD-09', () => {
  // github.com/googollee/eviltransform, javascript/test.js and go/transform_test.go: wgsLat, wgsLng, gcjLat, gcjLng.
  const EVILTRANSFORM: Array<[number, number, number, number]> = [
    [31.1774276, 121.5272106, 31.17530398364597, 121.531541859215], // shanghai
    [22.543847, 113.912316, 22.540796131694766, 113.9171764808363], // shenzhen
    [39.911954, 116.377817, 39.91334545536069, 116.38404722455657], // beijing
  ];

  it('converts WGS84 to GCJ-02 as eviltransform does', () => {
    for (const [wLat, wLon, gLat, gLon] of EVILTRANSFORM) {
      const got = wgs84ToGcj02(wLon, wLat);
      expect(metres(got, [gLon, gLat])).toBeLessThan(0.5);
      expectClose(got, [gLon, gLat], 1e-9);
    }
  });

  it('inverts GCJ-02 exactly (eviltransform asks < 0.5 m of its exact inverse; this is < 1 cm)', () => {
    for (const [wLat, wLon, gLat, gLon] of EVILTRANSFORM) {
      expect(metres(gcj02ToWgs84(gLon, gLat), [wLon, wLat])).toBeLessThan(0.01);
    }
  });

  // github.com/wandergis/coordtransform README, for the point (116.404, 39.915).
  it('matches coordtransform for (116.404, 39.915)', () => {
    const p: [number, number] = [116.404, 39.915];
    expect(metres(wgs84ToGcj02(...p), [116.41024449916938, 39.91640428150164])).toBeLessThan(0.5);
    expect(metres(gcj02ToBd09(...p), [116.41036949371029, 39.92133699351021])).toBeLessThan(0.5);
    // coordtransform's bd09togcj02 is the one-step formula; the exact inverse is within centimetres of it here.
    expect(metres(bd09ToGcj02(...p), [116.39762729119315, 39.90865673957631])).toBeLessThan(0.5);
    // Its gcj02towgs84 is the one-step approximation (off by up to metres); the exact inverse agrees within 0.5 m.
    expect(metres(gcj02ToWgs84(...p), [116.39775550083061, 39.91359571849836])).toBeLessThan(0.5);
  });

  it('round-trips within 1 cm over China, both ways', () => {
    for (const p of CHINA_GRID) {
      expect(metres(gcj02ToWgs84(...wgs84ToGcj02(...p)), p)).toBeLessThan(0.01);
      expect(metres(wgs84ToGcj02(...gcj02ToWgs84(...p)), p)).toBeLessThan(0.01);
      expect(metres(bd09ToWgs84(...wgs84ToBd09(...p)), p)).toBeLessThan(0.01);
      expect(metres(gcj02ToBd09(...bd09ToGcj02(...p)), p)).toBeLessThan(0.01);
      expect(metres(bd09ToGcj02(...gcj02ToBd09(...p)), p)).toBeLessThan(0.01);
    }
  });

  it('moves points in China by hundreds of metres (so a missing conversion shows)', () => {
    const shift = metres(wgs84ToGcj02(...HAIYAN), HAIYAN);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
  });

  it('is the identity outside China', () => {
    for (const p of [
      [139.7, 35.7],
      [-0.13, 51.5],
      [151.2, -33.9],
      [-74, 40.7],
    ] as Array<[number, number]>) {
      expect(wgs84ToGcj02(...p)).toEqual(p);
      expect(gcj02ToWgs84(...p)).toEqual(p);
    }
    expect(inChina(...HAIYAN)).toBe(true);
    expect(inChina(139.7, 35.7)).toBe(false); // Tokyo
    expect(inChina(-0.13, 51.5)).toBe(false); // London
    expect(inChina(151.2, -33.9)).toBe(false); // Sydney
    expect(inChina(122.5, 53.3)).toBe(true); // Mohe
    expect(inChina(134.7, 48.3)).toBe(true); // Fuyuan, easternmost China
  });

  it('gives GCJ-02 and BD-09 systems that convert to WGS84', () => {
    const gcj = crsFromCode('gcj02');
    const bd = crsFromCode('bd09');
    expect(gcj.kind).toBe('gcj02');
    expect(bd.kind).toBe('bd09');
    expect(metres(gcj.toWgs84(...gcj.fromWgs84(...HAIYAN)), HAIYAN)).toBeLessThan(0.01);
    expect(metres(bd.toWgs84(...bd.fromWgs84(...HAIYAN)), HAIYAN)).toBeLessThan(0.01);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// .prj
// ---------------------------------------------------------------------------------------------------------------

/** As ArcGIS writes it (quoted, e.g., in public arcpy scripts calling CreateFeatureDataset with this reference). */
const ESRI_CM_120E =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],' +
  'UNIT["Meter",1.0]]';
/** epsg.io's ESRI WKT for EPSG:4549 (other names, Transverse_Mercator). */
const EPSG_IO_ESRI_4549 =
  'PROJCS["CGCS2000_3_degree_Gauss_Kruger_CM_120E",GEOGCS["GCS_China Geodetic Coordinate System 2000",' +
  'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],' +
  'UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
  'PARAMETER["central_meridian",120],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],' +
  'PARAMETER["false_northing",0],UNIT["Meter",1]]';
/** ArcGIS's zone-40 text with an AUTHORITY, as used with pyproj in a public script. */
const ESRI_ZONE_40 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],' +
  'UNIT["Meter",1.0],AUTHORITY["EPSG",4528]]';
/** epsg.io's OGC WKT for EPSG:4549. */
const OGC_4549 =
  'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E",GEOGCS["China Geodetic Coordinate System 2000",' +
  'DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
  'PARAMETER["central_meridian",120],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],' +
  'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4549"]]';
/** epsg.io/4500.geoserver (6-degree zone 22, prefixed). */
const GEOSERVER_4500 =
  'PROJCS["CGCS2000 / Gauss-Kruger zone 22",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",' +
  'SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
  'PARAMETER["central_meridian",129],PARAMETER["scale_factor",1],PARAMETER["false_easting",22500000],' +
  'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4500"]]';
/** epsg.io/4547.wkt2. */
const WKT2_4547 =
  'PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 114E",BASEGEOGCRS["China Geodetic Coordinate System 2000",' +
  'DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],' +
  'PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4490]],' +
  'CONVERSION["3-degree Gauss-Kruger CM 114E",METHOD["Transverse Mercator",ID["EPSG",9807]],' +
  'PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],' +
  'PARAMETER["Longitude of natural origin",114,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],' +
  'PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],' +
  'PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],' +
  'PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],' +
  'AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],' +
  'LENGTHUNIT["metre",1]],USAGE[SCOPE["Cadastre, engineering survey, topographic mapping (large scale)."],' +
  'AREA["China - onshore between 112°30\'E and 115°30\'E."],BBOX[21.52,112.5,45.45,115.5]],ID["EPSG",4547]]';
/** ArcGIS's WGS84 geographic .prj. */
const ESRI_WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
/** ArcGIS's CGCS2000 geographic .prj (the GEOGCS of ESRI_CM_120E). */
const ESRI_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
/** A Xian 1980 local grid from a public ArcGIS JS app. */
const XIAN_1980 =
  'PROJCS["Xian_1980_3_Degree_GK_CM_120E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",' +
  'SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",200048.066],PARAMETER["False_Northing",-3889958.45],' +
  'PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],' +
  'UNIT["Meter",1.0]]';
/** ArcGIS's Beijing 1954 CM 111E text with its AUTHORITY, from a public Python script. */
const BEIJING_1954 =
  'PROJCS["Beijing_1954_3_Degree_GK_CM_111E",GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",' +
  'SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],' +
  'UNIT["Meter",1.0],AUTHORITY["EPSG",2434]]';
/** A city grid on CGCS2000 that kept a zone's name (public Cesium app): its parameters must win. */
const MISNAMED_CITY_GRID =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",3175.49],PARAMETER["False_Northing",-26091.448],' +
  'PARAMETER["Central_Meridian",121.5],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",31.0],' +
  'UNIT["Meter",1.0]]';
/** ArcGIS's Web Mercator .prj. */
const ESRI_WEB_MERCATOR =
  'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",' +
  'SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],' +
  'UNIT["Meter",1.0]]';
/** ArcGIS's UTM zone 50N .prj. */
const ESRI_UTM_50N =
  'PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",' +
  'SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],' +
  'UNIT["Meter",1.0]]';

describe('crsFromPrj', () => {
  it('reads the ESRI CGCS2000 3-degree CM 120E .prj by its parameters', () => {
    const { crs, how } = crsFromPrj(ESRI_CM_120E);
    expect(crs.id).toBe('EPSG:4549');
    expect(how).toContain('parameters');
    expect(how).toContain('120');
    const x = crs.fromWgs84(...HAIYAN);
    expectClose(x, crsFromCode('EPSG:4549').fromWgs84(...HAIYAN), 1e-6);
  });

  it("reads epsg.io's ESRI flavour, the zone-40 .prj, the OGC WKT, GeoServer's and WKT2", () => {
    expect(crsFromPrj(EPSG_IO_ESRI_4549).crs.id).toBe('EPSG:4549');
    expect(crsFromPrj(ESRI_ZONE_40).crs.id).toBe('EPSG:4528');
    expect(crsFromPrj(OGC_4549).crs.id).toBe('EPSG:4549');
    expect(crsFromPrj(GEOSERVER_4500).crs.id).toBe('EPSG:4500');
    expect(crsFromPrj(WKT2_4547).crs.id).toBe('EPSG:4547');
    // A byte-order mark and a trailing newline, as some writers leave them.
    expect(crsFromPrj(`\uFEFF${ESRI_CM_120E}\r\n`).crs.id).toBe('EPSG:4549');
  });

  it('tells 3- from 6-degree systems with the same central meridian by name, else takes 3-degree', () => {
    const sixDegree = ESRI_CM_120E.replace('CGCS2000_3_Degree_GK_CM_120E', 'CGCS2000_GK_CM_123E').replace(
      'PARAMETER["Central_Meridian",120.0]',
      'PARAMETER["Central_Meridian",123.0]',
    );
    expect(crsFromPrj(sixDegree).crs.id).toBe('EPSG:4510');
    expect(crsFromPrj(sixDegree.replace('CGCS2000_GK_CM_123E', 'my grid')).crs.id).toBe('EPSG:4550');
  });

  it('maps a .prj with an odd name by its parameters', () => {
    const odd = ESRI_ZONE_40.replace('CGCS2000_3_Degree_GK_Zone_40', '海盐县2000坐标').replace(
      ',AUTHORITY["EPSG",4528]',
      '',
    );
    expect(crsFromPrj(odd).crs.id).toBe('EPSG:4528');
  });

  it('reads a name-only .prj by its name', () => {
    expect(crsFromPrj('PROJCS["CGCS2000_3_Degree_GK_CM_120E"]').crs.id).toBe('EPSG:4549');
    expect(crsFromPrj('PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 40"]').crs.id).toBe('EPSG:4528');
    expect(crsFromPrj('PROJCS["CGCS2000 / Gauss-Kruger CM 123E"]').crs.id).toBe('EPSG:4510');
    expect(
      crsFromPrj('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",AUTHORITY["EPSG","3857"]]').crs.id,
    ).toBe('EPSG:3857');
  });

  it("keeps a CGCS2000 city grid's own parameters even when its name says a zone", () => {
    const { crs, how } = crsFromPrj(MISNAMED_CITY_GRID);
    expect(crs.id).toBe('custom:CGCS2000_3_Degree_GK_CM_120E');
    expect(how).toContain('parameters win');
    // The false origin is the point (121.5°E, 31°N).
    expectClose(crs.toWgs84(3175.49, -26091.448), [121.5, 31], 1e-9);
    expect(crs.prj).toBe(MISNAMED_CITY_GRID);
  });

  it('reads WGS84 and CGCS2000 geographic .prj files', () => {
    expect(crsFromPrj(ESRI_WGS84).crs.id).toBe('EPSG:4326');
    expect(crsFromPrj(ESRI_CGCS2000).crs.id).toBe('EPSG:4490');
    expect(crsFromPrj('GEOGCS["WGS 84",AUTHORITY["EPSG","4326"]]').crs.id).toBe('EPSG:4326');
  });

  it("applies a geographic .prj's TOWGS84 shift rather than ignoring it", () => {
    const shifted = ESRI_CGCS2000.replace(
      'SPHEROID["CGCS2000",6378137.0,298.257222101]',
      'SPHEROID["CGCS2000",6378137.0,298.257222101],TOWGS84[100,0,0,0,0,0,0]',
    );
    const { crs, how } = crsFromPrj(shifted);
    expect(crs.kind).toBe('geographic');
    expect(how).toContain('TOWGS84');
    const moved = metres(crs.toWgs84(...HAIYAN), HAIYAN);
    expect(moved).toBeGreaterThan(50);
    expect(moved).toBeLessThan(101);
  });

  it('reads Web Mercator and UTM', () => {
    expect(crsFromPrj(ESRI_WEB_MERCATOR).crs.id).toBe('EPSG:3857');
    const utm = crsFromPrj(ESRI_UTM_50N).crs;
    expect(utm.id).toBe('EPSG:32650');
    expect(utm.fromWgs84(117, 0)).toEqual([500000, 0]);
  });

  it('refuses Xian 1980 and Beijing 1954, naming the datum and the way out', () => {
    const xian = crsError(() => crsFromPrj(XIAN_1980));
    expect(xian.code).toBe('unsupportedDatum');
    expect(xian.message).toContain('Xian 1980');
    expect(xian.message).toContain('7-parameter');
    expect(xian.message).toContain('convert the data to CGCS2000');
    expect(xian.message).not.toContain('\n');
    const beijing = crsError(() => crsFromPrj(BEIJING_1954));
    expect(beijing.code).toBe('unsupportedDatum');
    expect(beijing.message).toContain('Beijing 1954');
  });

  it('refuses other datums', () => {
    const tokyo = ESRI_WGS84.replace('D_WGS_1984', 'D_Tokyo')
      .replace('GCS_WGS_1984', 'GCS_Tokyo')
      .replace(
        'SPHEROID["WGS_1984",6378137.0,298.257223563]',
        'SPHEROID["Bessel_1841",6377397.155,299.1528128]',
      );
    const e = crsError(() => crsFromPrj(tokyo));
    expect(e.code).toBe('unsupportedDatum');
    expect(e.message).toContain('D_Tokyo');
  });

  it('refuses text that is not WKT, saying so', () => {
    const garbage = crsError(() => crsFromPrj('NOT_A_REAL_CRS'));
    expect(garbage.code).toBe('notWkt');
    expect(garbage.message).toMatch(/^not WKT/);
    expect(crsError(() => crsFromPrj('')).code).toBe('notWkt');
    expect(crsError(() => crsFromPrj(ESRI_CM_120E.slice(0, 80))).code).toBe('notWkt');
    expect(crsError(() => crsFromPrj('+proj=longlat +datum=WGS84')).code).toBe('notWkt');
  });

  it('refuses a projection it cannot do', () => {
    const foo = ESRI_WEB_MERCATOR.replace('Mercator_Auxiliary_Sphere"]', 'Foo_Bar"]').replace(
      'WGS_1984_Web_Mercator_Auxiliary_Sphere',
      'x',
    );
    expect(crsError(() => crsFromPrj(foo)).code).toBe('unknownProjection');
  });

  it('reads back the .prj it writes, for every built-in system', () => {
    const codes = [
      ...CGCS2000_GAUSS_KRUGER.map((z) => `EPSG:${z.epsg}`),
      'EPSG:4326',
      'EPSG:4490',
      'EPSG:3857',
      'EPSG:32650',
      'EPSG:32750',
    ];
    for (const code of codes) {
      const crs = crsFromCode(code);
      expect(crsFromPrj(crs.prj!).crs.id, code).toBe(code);
    }
    expect(crsFromCode('gcj02').prj).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// guessCrs
// ---------------------------------------------------------------------------------------------------------------

describe('guessCrs', () => {
  const sample: Array<[number, number]> = [HAIYAN, [120.95, 30.55], [121.02, 30.41]];
  const through = (code: string) => sample.map((p) => crsFromCode(code).fromWgs84(...p));

  it('recognises WGS84 longitude/latitude', () => {
    const guess = guessCrs(sample);
    expect(guess.kind).toBe('wgs84');
    expect(guess.candidates[0]).toBe('EPSG:4326');
    expect(guess.swapAxes).toBe(false);
  });

  it('recognises latitude, longitude', () => {
    const guess = guessCrs(sample.map(([lon, lat]) => [lat, lon]));
    expect(guess.kind).toBe('swapped');
    expect(guess.swapAxes).toBe(true);
    expect(guessCrs([[45, 170]]).kind).toBe('swapped');
  });

  it('reads the zone from a prefixed easting: 3-degree zone 40, 6-degree zone 21', () => {
    const three = guessCrs(through('EPSG:4528'));
    expect(three).toMatchObject({ kind: 'gauss-kruger', candidates: ['EPSG:4528'], swapAxes: false });
    expect(three.reason).toContain('40');
    expect(guessCrs(through('EPSG:4499'))).toMatchObject({ kind: 'gauss-kruger', candidates: ['EPSG:4499'] });
    expect(guessCrs([[40512345.6, 3375123.4]]).candidates).toEqual(['EPSG:4528']);
  });

  it('lists the zones for unprefixed eastings, nearest first when told where the data is', () => {
    const guess = guessCrs(through('EPSG:4549'));
    expect(guess.kind).toBe('gauss-kruger');
    expect(guess.candidates).toHaveLength(21);
    expect(guess.candidates).toContain('EPSG:4549');
    expect(guess.reason).toContain('must be chosen');
    expect(guessCrs(through('EPSG:4549'), { near: HAIYAN }).candidates[0]).toBe('EPSG:4549');
  });

  it('recognises northing-first (surveying X, Y) Gauss-Kruger', () => {
    const guess = guessCrs(through('EPSG:4528').map(([x, y]) => [y, x]));
    expect(guess).toMatchObject({ kind: 'gauss-kruger', candidates: ['EPSG:4528'], swapAxes: true });
    expect(guessCrs(through('EPSG:4549').map(([x, y]) => [y, x])).swapAxes).toBe(true);
  });

  it('recognises Web Mercator over China', () => {
    const guess = guessCrs(through('EPSG:3857'));
    expect(guess.kind).toBe('web-mercator');
    expect(guess.candidates[0]).toBe('EPSG:3857');
  });

  it('says unknown, with the ranges, for anything else', () => {
    const guess = guessCrs([[1234.5, 5678.9]]);
    expect(guess).toMatchObject({ kind: 'unknown', candidates: [] });
    expect(guess.reason).toContain('1234.5');
    expect(guessCrs([]).kind).toBe('unknown');
    expect(guessCrs([[NaN, 1]]).kind).toBe('unknown');
  });
});
