/**
 * Shapefiles (ESRI Shapefile Technical Description, 1998), zipped: for each geometry type a `.shp`, `.shx`, `.dbf`,
 * `.prj` and `.cpg`, in one `.zip` (fflate), which GIS software and GridSight's importer open as they are.
 *
 * Geometry: Point → Point (1), MultiPoint → MultiPoint (8), LineString and MultiLineString → PolyLine (3, one part
 * per line), Polygon and MultiPolygon → Polygon (5: every ring of every part in one record, outer rings clockwise
 * and holes anticlockwise, as ESRI requires, whatever their order in GeoJSON; rings are closed if they were not).
 * 2D only (a third value is dropped). A feature without geometry (or with an empty one) is a null shape.
 * A Shapefile holds one geometry type, so a layer of several is written as one Shapefile per type in the same zip,
 * named `<name>_point`, `<name>_multipoint`, `<name>_line`, `<name>_polygon` (a warning names them; features without
 * geometry go with the first); a layer of one type is `<name>.shp`. A GeometryCollection cannot be one record: such
 * a feature is left out, with a warning.
 *
 * Coordinates: WGS84 longitude/latitude (EPSG:4326), or converted with `fromWgs84` into `crs` (e.g. EPSG:4549,
 * CGCS2000 3° Gauss-Krüger CM 120E, what a natural-resources bureau asks for); the `.prj` is that system's WKT
 * (crs.ts's ESRI flavour). A system without WKT (gcj02, bd09) gets no `.prj`, with a warning.
 *
 * Attributes (`.dbf`, dBASE III with a `.cpg` saying UTF-8):
 * - field names at most 10 bytes of UTF-8: a longer name is cut at a character boundary and made unique (case
 *   ignored, as dBASE compares them) with `_1`, `_2`…; `renames` lists every change (`communityCode` → `communityC`:
 *   pass them back as the importer's `--map communityCode=communityC`);
 * - a column whose values are all numbers → N, its width and decimals from the values (at most 15 decimals; a
 *   value that then changes is counted in a warning; wider than 20 characters → C, the number's text);
 *   all booleans → L (`T`/`F`); anything else → C, strings in UTF-8, the width the longest value's BYTES (at most 254:
 *   a longer value is cut at a character boundary, with a warning per column); numbers and booleans in a C column as
 *   `String(n)` and `true`/`false`, arrays joined by `,`, objects as JSON (common.ts's `valueText`);
 * - null (and a missing property) is blanks in every type. Readers differ on blanks: GDAL reads null; GridSight's
 *   importer (parsedbf) reads a blank C as '' and a blank N as null, which it drops, but a blank L as false.
 *   Readers also trim the spaces around a C value.
 * Pure: no node:fs, no DOM.
 */
import type { Geometry, Position } from 'geojson';
import { CrsError, crsFromCode, type Crs } from '../crs';
import {
  ExportError,
  Tally,
  ZipWriter,
  propertyOf,
  utf8Length,
  valueText,
  type ExportFeatures,
  type ExportOptions,
  type Written,
} from './common';

// ---------------------------------------------------------------------------------------------------------------
// .shp and .shx

/** Shapefile shape types written here. */
export const SHP_NULL = 0;
export const SHP_POINT = 1;
export const SHP_POLYLINE = 3;
export const SHP_POLYGON = 5;
export const SHP_MULTIPOINT = 8;

/** A position as the writer takes it (x, y; more values are ignored). */
export type ShpXY = readonly number[];

/** One record's shape: a point, points (MultiPoint), parts (PolyLine) or rings (Polygon, as oriented), or null. */
export type ShpShape =
  { point: ShpXY } | { points: ShpXY[] } | { parts: ShpXY[][] } | { rings: ShpXY[][] } | null;

/** The bytes a record's content takes (after its 8-byte header). */
function contentLength(shape: ShpShape): number {
  if (!shape) return 4;
  if ('point' in shape) return 20;
  if ('points' in shape) return 40 + 16 * shape.points.length;
  const parts = 'parts' in shape ? shape.parts : shape.rings;
  let points = 0;
  for (const p of parts) points += p.length;
  return 44 + 4 * parts.length + 16 * points;
}

type Box = [number, number, number, number];
const emptyBox = (): Box => [Infinity, Infinity, -Infinity, -Infinity];

function extend(box: Box, p: ShpXY): void {
  if (p[0] < box[0]) box[0] = p[0];
  if (p[1] < box[1]) box[1] = p[1];
  if (p[0] > box[2]) box[2] = p[0];
  if (p[1] > box[3]) box[3] = p[1];
}

function extendShape(box: Box, shape: ShpShape): void {
  if (!shape) return;
  if ('point' in shape) extend(box, shape.point);
  else
    for (const part of 'points' in shape ? [shape.points] : 'parts' in shape ? shape.parts : shape.rings)
      for (const p of part) extend(box, p);
}

const finalBox = (box: Box): Box => (box[0] <= box[2] ? box : [0, 0, 0, 0]);

/** Writes one record's content at `at` (its shape type: `type`, or 0 for a null shape). */
function writeContent(view: DataView, at: number, type: number, shape: ShpShape): void {
  if (!shape) {
    view.setInt32(at, SHP_NULL, true);
    return;
  }
  view.setInt32(at, type, true);
  if ('point' in shape) {
    view.setFloat64(at + 4, shape.point[0], true);
    view.setFloat64(at + 12, shape.point[1], true);
    return;
  }
  const box = emptyBox();
  extendShape(box, shape);
  finalBox(box).forEach((v, i) => view.setFloat64(at + 4 + 8 * i, v, true));
  if ('points' in shape) {
    view.setInt32(at + 36, shape.points.length, true);
    shape.points.forEach((p, i) => {
      view.setFloat64(at + 40 + 16 * i, p[0], true);
      view.setFloat64(at + 48 + 16 * i, p[1], true);
    });
    return;
  }
  const parts = 'parts' in shape ? shape.parts : shape.rings;
  let points = 0;
  for (const p of parts) points += p.length;
  view.setInt32(at + 36, parts.length, true);
  view.setInt32(at + 40, points, true);
  let start = 0;
  parts.forEach((part, i) => {
    view.setInt32(at + 44 + 4 * i, start, true);
    start += part.length;
  });
  let p = at + 44 + 4 * parts.length;
  for (const part of parts) {
    for (const xy of part) {
      view.setFloat64(p, xy[0], true);
      view.setFloat64(p + 8, xy[1], true);
      p += 16;
    }
  }
}

function writeHeader(view: DataView, bytes: number, type: number, box: Box): void {
  view.setInt32(0, 9994);
  view.setInt32(24, bytes / 2);
  view.setInt32(28, 1000, true);
  view.setInt32(32, type, true);
  finalBox(box).forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

/** Largest .shp: its length is a signed 32-bit count of 16-bit words. */
const MAX_SHP_BYTES = 2 ** 31 - 2;

/**
 * A `.shp` and its `.shx` written record by record into buffers sized beforehand (`sizes`: each record's content
 * length), so that a million points are no million small arrays.
 */
class ShpWriter {
  readonly shp: Uint8Array;
  readonly shx: Uint8Array;
  private readonly shpView: DataView;
  private readonly shxView: DataView;
  private offset = 100;
  private record = 0;
  private readonly box = emptyBox();

  constructor(
    private readonly type: number,
    sizes: readonly number[],
  ) {
    let length = 100;
    for (const s of sizes) length += 8 + s;
    if (length > MAX_SHP_BYTES) {
      throw new ExportError(
        'tooLarge',
        `the .shp would take ${length} bytes; a Shapefile holds at most 2 GB`,
      );
    }
    this.shp = new Uint8Array(length);
    this.shx = new Uint8Array(100 + 8 * sizes.length);
    this.shpView = new DataView(this.shp.buffer);
    this.shxView = new DataView(this.shx.buffer);
  }

  add(shape: ShpShape): void {
    const length = contentLength(shape);
    const { shpView, shxView } = this;
    shpView.setInt32(this.offset, this.record + 1);
    shpView.setInt32(this.offset + 4, length / 2);
    writeContent(shpView, this.offset + 8, this.type, shape);
    shxView.setInt32(100 + 8 * this.record, this.offset / 2);
    shxView.setInt32(100 + 8 * this.record + 4, length / 2);
    extendShape(this.box, shape);
    this.offset += 8 + length;
    this.record++;
  }

  finish(): { shp: Uint8Array; shx: Uint8Array } {
    if (this.offset !== this.shp.length)
      throw new Error('ShpWriter: the records do not fill the sizes given');
    writeHeader(this.shpView, this.shp.length, this.type, this.box);
    writeHeader(this.shxView, this.shx.length, this.type, this.box);
    return { shp: this.shp, shx: this.shx };
  }
}

/**
 * A `.shp` and its `.shx` holding `shapes` (null: a null shape) of `shapeType`: shapes as given (rings as
 * oriented), the bounding boxes computed. The tests' Shapefile fixtures are written with it.
 * @example writeShpShx(SHP_POINT, [{ point: [120.9, 30.5] }]).shp.length === 128
 */
export function writeShpShx(
  shapeType: number,
  shapes: readonly ShpShape[],
): { shp: Uint8Array; shx: Uint8Array } {
  const writer = new ShpWriter(shapeType, shapes.map(contentLength));
  for (const s of shapes) writer.add(s);
  return writer.finish();
}

// ---------------------------------------------------------------------------------------------------------------
// .dbf

/** A `.dbf` field: character (C), numeric (N) or logical (L); `length` in bytes. */
export interface DbfFieldSpec {
  name: string;
  type: 'C' | 'N' | 'L';
  length: number;
  decimals?: number;
}

/** A cell: a string (C; an N cell's text as it is), a number, a boolean (L) or null (blanks). */
export type DbfValue = string | number | boolean | null;

export interface DbfWriteOptions {
  /**
   * Encodes names and C values; a value longer than its field is cut after `length` bytes, wherever that falls.
   * Default UTF-8, cut at a character boundary instead (never half a character).
   */
  encode?: (text: string) => Uint8Array;
  /** The header's last-update date; default today. */
  date?: Date;
}

const ENCODER = new TextEncoder();

/** dBASE limits: 255 fields (as GDAL and ArcGIS read them), 254 bytes a C field, records of at most 65,535 bytes. */
const MAX_FIELDS = 255;
export const DBF_MAX_C_BYTES = 254;

/**
 * A dBASE III `.dbf` written row by row into a buffer sized from `count` rows.
 * @example const w = new DbfWriter([{ name: 'code', type: 'C', length: 15 }], 1); w.add(['330424001001001']); w.finish()
 */
export class DbfWriter {
  private readonly out: Uint8Array;
  private readonly headerLength: number;
  private readonly recordLength: number;
  private row = 0;

  constructor(
    private readonly fields: readonly DbfFieldSpec[],
    private readonly count: number,
    private readonly options: DbfWriteOptions = {},
  ) {
    if (fields.length > MAX_FIELDS) {
      throw new ExportError('tooManyFields', `${fields.length} columns: a .dbf holds at most ${MAX_FIELDS}`);
    }
    this.headerLength = 32 + 32 * fields.length + 1;
    this.recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
    if (this.recordLength > 65535) {
      throw new ExportError(
        'tooWide',
        `a .dbf row would take ${this.recordLength} bytes; at most 65,535 fit`,
      );
    }
    const out = new Uint8Array(this.headerLength + count * this.recordLength + 1);
    const view = new DataView(out.buffer);
    const date = options.date ?? new Date();
    out[0] = 0x03;
    out.set([date.getFullYear() - 1900, date.getMonth() + 1, date.getDate()], 1);
    view.setUint32(4, count, true);
    view.setUint16(8, this.headerLength, true);
    view.setUint16(10, this.recordLength, true);
    const encode = options.encode ?? ((s: string) => ENCODER.encode(s));
    fields.forEach((f, i) => {
      const at = 32 + 32 * i;
      out.set(encode(f.name).subarray(0, 10), at);
      out[at + 11] = f.type.charCodeAt(0);
      out[at + 16] = f.length;
      out[at + 17] = f.decimals ?? 0;
    });
    out[this.headerLength - 1] = 0x0d;
    out.fill(0x20, this.headerLength, out.length - 1);
    out[out.length - 1] = 0x1a;
    this.out = out;
  }

  /** Appends a row; `cut(i)` is called for each C value of field i that did not fit its field. */
  add(values: readonly DbfValue[], cut?: (field: number) => void): void {
    if (this.row >= this.count) throw new Error(`DbfWriter: more than the ${this.count} rows announced`);
    const { out, fields } = this;
    let at = this.headerLength + this.row * this.recordLength + 1;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const value = values[i];
      if (value !== null && value !== undefined) {
        if (f.type === 'N') {
          const text = typeof value === 'number' ? value.toFixed(f.decimals ?? 0) : String(value);
          out.set(ENCODER.encode(text).subarray(0, f.length), at + Math.max(0, f.length - text.length));
        } else if (f.type === 'L') {
          const text = typeof value === 'boolean' ? (value ? 'T' : 'F') : String(value);
          out[at] = text.charCodeAt(0) & 0xff;
        } else {
          const text = String(value);
          const cell = out.subarray(at, at + f.length);
          if (this.options.encode) {
            const bytes = this.options.encode(text);
            cell.set(bytes.subarray(0, f.length));
            if (bytes.length > f.length) cut?.(i);
          } else {
            // encodeInto never writes part of a character: a cut falls at a character boundary.
            const { read } = ENCODER.encodeInto(text, cell);
            if (read < text.length) cut?.(i);
          }
        }
      }
      at += f.length;
    }
    this.row++;
  }

  finish(): Uint8Array {
    if (this.row !== this.count)
      throw new Error(`DbfWriter: ${this.row} rows added, ${this.count} announced`);
    return this.out;
  }
}

/**
 * A whole `.dbf` of `rows` at once (see DbfWriter). The tests' fixtures write theirs with it, in GBK too.
 * @example writeDbfTable([{ name: 'n', type: 'N', length: 4 }], [[12], [null]])
 */
export function writeDbfTable(
  fields: readonly DbfFieldSpec[],
  rows: readonly (readonly DbfValue[])[],
  options: DbfWriteOptions = {},
): Uint8Array {
  const writer = new DbfWriter(fields, rows.length, options);
  for (const row of rows) writer.add(row);
  return writer.finish();
}

/**
 * DBF field names for property names: at most 10 bytes of UTF-8 (cut at a character boundary), unique ignoring case
 * (a clash gets `_1`, `_2`… within the 10 bytes), never empty; with the names that changed.
 * @example dbfFieldNames(['communityCode', 'communityCodes']).names // ['communityC', 'communit_1']
 */
export function dbfFieldNames(properties: readonly string[]): {
  names: string[];
  renames: Array<{ property: string; field: string }>;
} {
  const taken = new Set<string>();
  const names: string[] = [];
  const renames: Array<{ property: string; field: string }> = [];
  for (const property of properties) {
    const clean = property.replace(/\0/g, '').trim() || 'field';
    let name = cutUtf8(clean, 10);
    for (let k = 1; taken.has(name.toUpperCase()); k++) name = cutUtf8(clean, 10 - `_${k}`.length) + `_${k}`;
    taken.add(name.toUpperCase());
    names.push(name);
    if (name !== property) renames.push({ property, field: name });
  }
  return { names, renames };
}

/** The longest start of `s` that takes at most `bytes` bytes of UTF-8, whole characters only. */
function cutUtf8(s: string, bytes: number): string {
  const { read } = ENCODER.encodeInto(s, new Uint8Array(Math.max(0, bytes)));
  return s.slice(0, read);
}

/** What the values of one column are, gathered in a first pass to choose its field. */
interface ColumnStats {
  strings: boolean;
  numbers: boolean;
  booleans: boolean;
  /** Bytes of the longest value as text. */
  maxBytes: number;
  /** Characters before the decimal point of the widest number (sign included). */
  intWidth: number;
  decimals: number;
  /** A number of 1e21 or more (toFixed would write an exponent). */
  huge: boolean;
}

/** The decimals of a number's shortest exact text (0.1 → 1, 1e-7 → 7, 120.123456789 → 9). */
function decimalsOf(v: number): number {
  const s = String(Math.abs(v));
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  return Math.max(0, (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent);
}

/** Largest N field (characters) and its largest decimals, as dBASE IV and ArcGIS have them. */
const MAX_N_WIDTH = 20;
const MAX_N_DECIMALS = 15;

function observe(stats: ColumnStats, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return;
    stats.numbers = true;
    const abs = Math.abs(value);
    stats.maxBytes = Math.max(stats.maxBytes, String(value).length);
    if (abs >= 1e21) stats.huge = true;
    else stats.intWidth = Math.max(stats.intWidth, (value < 0 ? 1 : 0) + String(Math.trunc(abs)).length);
    stats.decimals = Math.max(stats.decimals, decimalsOf(value));
    return;
  }
  if (typeof value === 'boolean') {
    stats.booleans = true;
    stats.maxBytes = Math.max(stats.maxBytes, value ? 4 : 5);
    return;
  }
  const text = valueText(value);
  if (text === null) return;
  stats.strings = true;
  stats.maxBytes = Math.max(stats.maxBytes, utf8Length(text));
}

/** The field for a column's values (see the file's comment), and whether numbers had to become text. */
function fieldFor(name: string, s: ColumnStats): { field: DbfFieldSpec; numbersAsText: boolean } {
  const text = (): DbfFieldSpec => ({
    name,
    type: 'C',
    length: Math.min(DBF_MAX_C_BYTES, Math.max(1, s.maxBytes)),
  });
  if (s.numbers && !s.strings && !s.booleans) {
    const decimals = Math.min(MAX_N_DECIMALS, s.decimals);
    const length = Math.max(1, s.intWidth) + (decimals ? decimals + 1 : 0);
    if (s.huge || length > MAX_N_WIDTH) return { field: text(), numbersAsText: true };
    return { field: { name, type: 'N', length, decimals }, numbersAsText: false };
  }
  if (s.booleans && !s.strings && !s.numbers)
    return { field: { name, type: 'L', length: 1 }, numbersAsText: false };
  return { field: text(), numbersAsText: false };
}

/** A cell of `field` for a property value. */
function cellFor(field: DbfFieldSpec, value: unknown): DbfValue {
  if (value === null || value === undefined) return null;
  if (field.type === 'N') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (field.type === 'L') return typeof value === 'boolean' ? value : null;
  return valueText(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Features → Shapefiles

/** The geometry types of Shapefiles, and the suffix of each when a layer has several. */
export type ShapeKind = 'point' | 'multipoint' | 'line' | 'polygon';
const KINDS: readonly ShapeKind[] = ['point', 'multipoint', 'line', 'polygon'];
const KIND_OF: Partial<Record<Geometry['type'], ShapeKind>> = {
  Point: 'point',
  MultiPoint: 'multipoint',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
};
const SHAPE_TYPE: Record<ShapeKind, number> = {
  point: SHP_POINT,
  multipoint: SHP_MULTIPOINT,
  line: SHP_POLYLINE,
  polygon: SHP_POLYGON,
};
const KIND_WORDS: Record<ShapeKind, string> = {
  point: 'points',
  multipoint: 'multipoints',
  line: 'lines',
  polygon: 'polygons',
};

/** Twice the signed area of a ring (shoelace): positive when anticlockwise (x east, y north). */
function signedArea2(ring: readonly ShpXY[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

/** A ring closed (first position repeated at the end) and turned clockwise (outer) or anticlockwise (hole). */
function orient(ring: ShpXY[], outer: boolean): ShpXY[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
  const area = signedArea2(closed);
  return (outer ? area > 0 : area < 0) ? closed.reverse() : closed;
}

/**
 * A GeoJSON geometry as one record's shape, each position through `to` (WGS84 → the output system); null for an
 * empty geometry. Not for GeometryCollection.
 */
function shapeOf(g: Geometry, to: (p: Position) => ShpXY): ShpShape {
  const line = (ps: Position[]) => ps.map(to);
  const polygonRings = (rings: Position[][]) =>
    rings.filter((r) => r.length > 0).map((r, i) => orient(line(r), i === 0));
  switch (g.type) {
    case 'Point':
      return g.coordinates.length >= 2 ? { point: to(g.coordinates) } : null;
    case 'MultiPoint':
      return g.coordinates.length ? { points: line(g.coordinates) } : null;
    case 'LineString':
      return g.coordinates.length ? { parts: [line(g.coordinates)] } : null;
    case 'MultiLineString': {
      const parts = g.coordinates.filter((l) => l.length > 0).map(line);
      return parts.length ? { parts } : null;
    }
    case 'Polygon': {
      const rings = polygonRings(g.coordinates);
      return rings.length ? { rings } : null;
    }
    case 'MultiPolygon': {
      const rings = g.coordinates.flatMap((polygon) => (polygon[0]?.length ? polygonRings(polygon) : []));
      return rings.length ? { rings } : null;
    }
    default:
      return null;
  }
}

/** A name usable as a file name in the zip: no folders, no characters Windows refuses. */
function fileBase(name: string | undefined): string {
  const base = (name ?? 'layer').replace(/[\\/:*?"<>|\0-\x1F]/g, '_').trim();
  return base || 'layer';
}

export interface ShapefileOptions extends ExportOptions {
  /** The output coordinate system (crs.ts's codes: EPSG:4326, EPSG:4490, EPSG:4549…); default EPSG:4326. */
  crs?: string;
  /** The `.dbf`'s last-update date and the zip entries' time; default now. */
  date?: Date;
  /**
   * The geometry type of the Shapefile written for a layer without features (`point`, `multipoint`, `line`,
   * `polygon`); default a Shapefile of null shapes (type 0).
   */
  emptyKind?: ShapeKind;
}

/** How the warning about renamed DBF fields begins (an app that shows `renames` in its own words leaves it out). */
export const RENAMED_FIELDS_WARNING = 'a .dbf field name has at most 10 bytes: ';

export interface ShapefileWritten extends Written {
  /** The files in the zip, in order. */
  files: string[];
  /** Properties whose DBF field name differs from them. */
  renames: Array<{ property: string; field: string }>;
  /** The coordinate system written. */
  crs: { id: string; label: string };
}

/**
 * Writes features as a zipped Shapefile (one per geometry type present; see the file's comment).
 * @example writeShapefile(grids.features, { name: 'grids', crs: 'EPSG:4549' }).files
 * // ['grids.shp', 'grids.shx', 'grids.dbf', 'grids.prj', 'grids.cpg']
 */
export function writeShapefile(features: ExportFeatures, options: ShapefileOptions = {}): ShapefileWritten {
  let crs: Crs;
  try {
    crs = crsFromCode(options.crs ?? 'EPSG:4326');
  } catch (e) {
    if (e instanceof CrsError) throw new ExportError('badCrs', e.message);
    throw e;
  }
  const identity = crs.kind === 'geographic';
  const to = (p: Position): ShpXY => (identity ? p : crs.fromWgs84(p[0], p[1]));
  const warnings: string[] = [];

  // Pass 1: each feature's kind and record size, and each column's values.
  const kinds: Array<ShapeKind | null | 'skip'> = [];
  const sizes = new Map<ShapeKind | null, number[]>();
  const stats = new Map<string, ColumnStats>();
  const newStats = (): ColumnStats => ({
    strings: false,
    numbers: false,
    booleans: false,
    maxBytes: 0,
    intWidth: 0,
    decimals: 0,
    huge: false,
  });
  for (const key of options.columns ?? []) stats.set(key, newStats());
  const skipped: number[] = [];
  let index = 0;
  for (const f of features) {
    const g = f.geometry;
    const kind = g ? (KIND_OF[g.type] ?? 'skip') : null;
    kinds.push(kind);
    if (kind === 'skip') skipped.push(index);
    else {
      const size = contentLength(g && kind ? shapeOf(g, (p) => p) : null);
      (sizes.get(kind) ?? sizes.set(kind, []).get(kind)!).push(size);
      if (options.columns) {
        for (const [key, s] of stats) observe(s, propertyOf(f, key));
      } else {
        for (const key in f.properties ?? {}) {
          let s = stats.get(key);
          if (!s) stats.set(key, (s = newStats()));
          observe(s, propertyOf(f, key));
        }
      }
    }
    index++;
  }
  if (skipped.length) {
    warnings.push(
      `${skipped.length} feature${skipped.length === 1 ? '' : 's'} with a GeometryCollection left out (a Shapefile ` +
        `record holds one geometry type; first: feature ${skipped[0]})`,
    );
  }

  // The Shapefiles: one per kind present; features without geometry go with the first (or alone, as null shapes).
  const present = KINDS.filter((k) => sizes.has(k));
  const nullHome: ShapeKind | null = present[0] ?? null;
  const groups: Array<ShapeKind | null> = present.length
    ? present
    : [sizes.has(null) ? null : (options.emptyKind ?? null)];
  const base = fileBase(options.name);
  // Only each file's total size and record count matter here: the records are written in feature order below.
  const groupSizes = (k: ShapeKind | null) => [
    ...(sizes.get(k) ?? []),
    ...(k === nullHome && k !== null ? (sizes.get(null) ?? []) : []),
  ];
  const columns = [...stats.keys()];
  const { names, renames } = dbfFieldNames(columns);
  const chosen = columns.map((key, i) => fieldFor(names[i], stats.get(key)!));
  const fields = chosen.map((c) => c.field);
  const asText = columns.filter((_, i) => chosen[i].numbersAsText);
  if (asText.length) {
    warnings.push(
      `numbers too wide for a dBASE N field (more than ${MAX_N_WIDTH} characters) written as text: ` +
        asText.map((c) => `"${c}"`).join(', '),
    );
  }
  if (renames.length) {
    warnings.push(
      RENAMED_FIELDS_WARNING +
        renames.map((r) => `${r.property} → ${r.field}`).join(', ') +
        ` (import back with --map ${renames.map((r) => `${r.property}=${r.field}`).join(',')})`,
    );
  }

  const nameOf = (k: ShapeKind | null) => (groups.length > 1 && k ? `${base}_${k}` : base);
  const writers = new Map<ShapeKind | null, { shp: ShpWriter; dbf: DbfWriter; count: number }>();
  for (const k of groups) {
    const s = groupSizes(k);
    writers.set(k, {
      shp: new ShpWriter(k ? SHAPE_TYPE[k] : SHP_NULL, s),
      dbf: new DbfWriter(fields, s.length, { date: options.date }),
      count: s.length,
    });
  }
  if (groups.length > 1) {
    warnings.push(
      `the layer holds ${groups.map((k) => KIND_WORDS[k!]).join(' and ')}, and a Shapefile one geometry type: ` +
        `written as ${groups.map((k) => `${nameOf(k)}.shp (${writers.get(k)!.count})`).join(', ')}` +
        (sizes.has(null) ? `; features without geometry are in ${nameOf(nullHome)}.shp` : ''),
    );
  }

  // Pass 2: the records.
  const cut = new Tally();
  const rounded = new Tally();
  const row: DbfValue[] = new Array(fields.length);
  index = -1;
  for (const f of features) {
    index++;
    const kind = kinds[index];
    if (kind === 'skip') continue;
    const w = writers.get(kind ?? nullHome)!;
    let shape: ShpShape = null;
    if (f.geometry && kind) {
      shape = shapeOf(f.geometry, (p) => {
        const xy = to(p);
        if (!Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) {
          throw new ExportError(
            'projection',
            `feature ${index}: position [${p[0]}, ${p[1]}] cannot be converted to ${crs.id} (${crs.label})`,
          );
        }
        return xy;
      });
    }
    w.shp.add(shape);
    for (let i = 0; i < fields.length; i++) {
      const value = propertyOf(f, columns[i]);
      row[i] = cellFor(fields[i], value);
      if (fields[i].type === 'N' && typeof value === 'number' && Number.isFinite(value)) {
        if (Number(value.toFixed(fields[i].decimals ?? 0)) !== value) rounded.add(columns[i], index);
      }
    }
    w.dbf.add(row, (i) => cut.add(columns[i], index));
  }
  warnings.push(
    ...cut.lines(
      (key, n, first) =>
        `${n} value${n === 1 ? '' : 's'} of "${key}" longer than ${DBF_MAX_C_BYTES} bytes cut at a character ` +
        `boundary (first: feature ${first})`,
    ),
    ...rounded.lines(
      (key, n, first) =>
        `${n} number${n === 1 ? '' : 's'} of "${key}" rounded to ${MAX_N_DECIMALS} decimals (first: feature ${first})`,
    ),
  );
  if (!crs.prj)
    warnings.push(
      `${crs.id} (${crs.label}) has no WKT: the Shapefile has no .prj; say its system to its users`,
    );

  const zip = new ZipWriter(options.date);
  const files: string[] = [];
  const add = (name: string, data: Uint8Array | string) => {
    zip.file(name, data);
    files.push(name);
  };
  for (const k of groups) {
    const w = writers.get(k)!;
    const name = nameOf(k);
    const { shp, shx } = w.shp.finish();
    add(`${name}.shp`, shp);
    add(`${name}.shx`, shx);
    add(`${name}.dbf`, w.dbf.finish());
    if (crs.prj) add(`${name}.prj`, crs.prj);
    add(`${name}.cpg`, 'UTF-8');
  }
  return { bytes: zip.finish(), warnings, files, renames, crs: { id: crs.id, label: crs.label } };
}
