/**
 * Zipped Shapefiles: one layer per `.shp`, with its `.dbf` attributes decoded in the encoding its `.cpg` names (or
 * the default: GBK, which Chinese government Shapefiles without `.cpg` use), and its `.prj` text handed on as it is.
 * Coordinates stay as in the file: nothing is reprojected here.
 *
 * shpjs reads the geometry, but trusts its input: it silently stops at a record cut short and misreads MultiPatch
 * as PointZ, so the `.shp` records are checked here first. The `.dbf` is read here (decodeRows): shpjs's own
 * reader (parsedbf) loops over as many rows as the header claims, falls back to UTF-8 on a label it does not know,
 * and makes a TextDecoder and two copies per value (≈ 10× slower on a 100k-row table). The `.cpg` label is mapped
 * here too.
 */
import type { Feature, Geometry } from 'geojson';
// @ts-expect-error shpjs ships no type declarations: the two functions used are typed below.
import * as shpjs from 'shpjs';
import { encodingDisplayName, encodingForLabel } from './encoding';
import { ImportError, type ImportIssue, type RawLayer, type ReadOptions } from './types';
import {
  entryBaseName,
  entryExtension,
  inflateEntries,
  isIgnoredEntry,
  listZipEntries,
  type ZipEntry,
} from './zip';

/** shpjs's `parseShp(shp, prj?)`: geometries in record order, null for null shapes (a bbox on each). */
const parseShpRecords = (shpjs as { parseShp: (shp: Uint8Array) => (Geometry | null)[] }).parseShp;

/** The files of one Shapefile, as read from a zip (or picked one by one). */
export interface ShapefileParts {
  /** The layer's name: the `.shp`'s base name. */
  name: string;
  /** The `.shp`'s path, for messages ("roads.shp", "export/roads.shp"). */
  shpPath: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  dbfPath?: string;
  prj?: Uint8Array;
  cpg?: Uint8Array;
  cpgPath?: string;
  /** Whether a `.shx` came with it (not needed: the `.shp` is read sequentially). */
  hasShx: boolean;
}

/** The parts of a Shapefile a reader looks for, by extension. */
const PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'] as const;
type Part = (typeof PARTS)[number];

/** The encoding used when a Shapefile has no `.cpg`: the caller's, else GBK. Throws on an unknown label. */
export function defaultEncoding(options: ReadOptions): { name: string; source: 'default' | 'option' } {
  if (options.encoding === undefined || options.encoding === '') return { name: 'gbk', source: 'default' };
  const name = encodingForLabel(options.encoding);
  if (!name) {
    throw new ImportError(
      'unknownEncoding',
      `the encoding "${options.encoding.slice(0, 40)}" is not one this reader knows (try UTF-8 or GBK)`,
      options.fileName,
    );
  }
  return { name, source: 'option' };
}

/**
 * Reads a zipped Shapefile: one layer per `.shp` in the zip, in the zip's order. Throws ImportError for a zip that
 * cannot be read (see zip.ts), a zip without `.shp` (`noShapefile`), and a `.shp` or `.dbf` that cannot be read.
 */
export function readShapefileZip(bytes: Uint8Array, options: ReadOptions): RawLayer[] {
  const place = options.fileName;
  const fallback = defaultEncoding(options);
  const entries = listZipEntries(bytes, place, fallback.name).filter((e) => !isIgnoredEntry(e.name));
  const groups = new Map<string, Partial<Record<Part, ZipEntry>>>();
  for (const e of entries) {
    const ext = entryExtension(e.name) as Part;
    if (!PARTS.includes(ext)) continue;
    const key = e.name.slice(0, e.name.length - ext.length - 1).toLowerCase();
    const group = groups.get(key) ?? {};
    group[ext] ??= e;
    groups.set(key, group);
  }
  const layers = [...groups.values()].filter((g) => g.shp);
  if (layers.length === 0) {
    const names = entries.map((e) => entryBaseName(e.name));
    const held = names.length
      ? ` (it holds ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`
      : ' (it holds no files)';
    throw new ImportError('noShapefile', `holds no Shapefile: no .shp file${held}`, place);
  }
  const wanted: ZipEntry[] = [];
  for (const g of layers)
    for (const part of ['shp', 'dbf', 'prj', 'cpg'] as const) if (g[part]) wanted.push(g[part]);
  const report = options.onProgress;
  const data = inflateEntries(bytes, wanted, {
    place,
    maxUncompressedBytes: options.maxUncompressedBytes,
    onProgress: report && ((done) => report(done * 0.5)),
  });
  const bytesOf = new Map(wanted.map((e, i) => [e, data[i]]));
  return layers.map((g, i) => {
    const shp = g.shp!;
    const layer = readShapefileParts(
      {
        name: entryBaseName(shp.name).slice(0, -4),
        shpPath: shp.name,
        shp: bytesOf.get(shp)!,
        dbf: g.dbf && bytesOf.get(g.dbf),
        dbfPath: g.dbf?.name,
        prj: g.prj && bytesOf.get(g.prj),
        cpg: g.cpg && bytesOf.get(g.cpg),
        cpgPath: g.cpg?.name,
        hasShx: g.shx !== undefined,
      },
      options,
    );
    report?.(0.5 + (0.5 * (i + 1)) / layers.length);
    return layer;
  });
}

/** Reads one Shapefile from its parts (see readShapefileZip). */
export function readShapefileParts(parts: ShapefileParts, options: ReadOptions): RawLayer {
  const warnings: ImportIssue[] = [];
  const base = parts.shpPath.slice(0, -4);
  const dbfPath = parts.dbfPath ?? `${base}.dbf`;
  const geometries = readShp(parts.shp, parts.shpPath);

  if (!parts.hasShx) {
    warnings.push({
      code: 'missingShx',
      reason: `${base}.shx is missing; the shapes were read from ${parts.shpPath} in order, which is usually right`,
    });
  }
  let prj: string | undefined;
  if (parts.prj)
    prj =
      new TextDecoder('utf-8')
        .decode(parts.prj)
        .replace(/^\uFEFF/, '')
        .trim() || undefined;
  if (!prj) {
    warnings.push({
      code: 'missingPrj',
      reason: `${base}.prj is ${parts.prj ? 'empty' : 'missing'}: the coordinate system of ${parts.shpPath} must be chosen`,
    });
  }

  let rows: Record<string, unknown>[] = [];
  let encoding: RawLayer['encoding'];
  if (!parts.dbf) {
    warnings.push({
      code: 'missingDbf',
      reason: `${dbfPath} is missing: the features of ${parts.shpPath} have no attributes`,
    });
  } else {
    encoding = chooseEncoding(parts, options, warnings);
    rows = readDbf(parts.dbf, dbfPath, encoding.name, warnings);
    if (rows.length !== geometries.length) {
      warnings.push({
        code: 'countMismatch',
        reason:
          `${parts.shpPath} has ${geometries.length} shapes but ${dbfPath} has ${rows.length} rows: ` +
          (rows.length < geometries.length
            ? `the shapes past row ${rows.length} have no attributes`
            : `the rows past ${geometries.length} are ignored`),
      });
    }
  }
  if (geometries.length === 0) {
    warnings.push({ code: 'noFeatures', reason: `${parts.shpPath} holds no shapes` });
  }
  const features: Feature<Geometry | null, Record<string, unknown>>[] = geometries.map((geometry, i) => ({
    type: 'Feature',
    geometry,
    properties: rows[i] ?? {},
  }));
  return { format: 'shapefile', name: parts.name, features, prj, encoding, warnings };
}

/** The `.dbf`'s encoding: the `.cpg`'s when it names one this reader knows, else the default (with a warning). */
function chooseEncoding(
  parts: ShapefileParts,
  options: ReadOptions,
  warnings: ImportIssue[],
): NonNullable<RawLayer['encoding']> {
  const fallback = defaultEncoding(options);
  if (!parts.cpg) return fallback;
  // A .cpg holds one label; read as Latin-1 so any bytes show, first line only.
  const label = new TextDecoder('windows-1252')
    .decode(parts.cpg.subarray(0, 200))
    .split(/[\r\n]/)[0]
    .trim();
  const name = encodingForLabel(label);
  if (name) return { name, source: 'cpg' };
  const shown = label.length > 30 ? `${label.slice(0, 30)}…` : label;
  warnings.push({
    code: 'unknownCpg',
    reason:
      `${parts.cpgPath ?? `${parts.shpPath.slice(0, -4)}.cpg`} names ${label ? `the encoding "${shown}"` : 'no encoding'}, ` +
      `which this reader does not know; the attributes were read as ${encodingDisplayName(fallback.name)}`,
  });
  return fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// .shp

/** Shapefile shape types (the header's and each record's), by number. */
const SHAPE_TYPES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

/**
 * Checks a `.shp` record by record (header, lengths, shape types, part and point counts) so that shpjs, which
 * trusts them, only ever reads a well-formed file; then reads its geometries. Throws ImportError `badShp` or
 * `unsupportedShapeType`, placed at the `.shp`, in plain words.
 */
function readShp(shp: Uint8Array, place: string): (Geometry | null)[] {
  const bad = (why: string) => new ImportError('badShp', why, place);
  if (shp.length === 0) throw bad('is empty (0 bytes)');
  if (shp.length < 100)
    throw bad(`is too short to be a Shapefile (${shp.length} bytes; its header alone takes 100)`);
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (view.getInt32(0) !== 9994)
    throw bad('is not a Shapefile (it does not start with the Shapefile signature)');
  const type = view.getInt32(32, true);
  if (type === 31) {
    throw new ImportError(
      'unsupportedShapeType',
      'holds MultiPatch (3D surface) shapes, which cannot be imported',
      place,
    );
  }
  if (!(type in SHAPE_TYPES)) {
    throw new ImportError(
      'unsupportedShapeType',
      `has shape type ${type}, which is no Shapefile shape type`,
      place,
    );
  }
  const declared = view.getInt32(24) * 2;
  if (declared > shp.length) {
    throw bad(`is cut short: its header says ${declared} bytes, the file has ${shp.length}`);
  }
  let offset = 100;
  let records = 0;
  while (offset + 8 <= shp.length) {
    const recordNumber = view.getInt32(offset);
    const length = view.getInt32(offset + 4) * 2;
    // Some writers pad the file with zeros past the last record.
    if (recordNumber === 0 && length === 0) break;
    const n = records + 1;
    if (length < 0 || offset + 8 + length > shp.length)
      throw bad(`is cut short: record ${n} runs past the end of the file`);
    if (length > 0) {
      if (length < 4) throw bad(`record ${n} is damaged (${length} bytes long)`);
      const recordType = view.getInt32(offset + 8, true);
      if (recordType !== 0 && recordType !== type) {
        throw bad(
          `record ${n} is damaged: it holds a ${SHAPE_TYPES[recordType] ?? `type ${recordType}`} shape in a ${SHAPE_TYPES[type]} file`,
        );
      }
      const problem = recordType === 0 ? null : checkRecord(view, offset + 8, length, type);
      if (problem) throw bad(`record ${n} is damaged (${problem})`);
    }
    records++;
    offset += 8 + length;
  }
  if (type === 0) return new Array<null>(records).fill(null);
  let geometries: (Geometry | null)[];
  try {
    geometries = parseShpRecords(shp.subarray(0, offset));
  } catch {
    throw bad('cannot be read: its records are damaged');
  }
  if (geometries.length !== records) throw bad('cannot be read: its records are damaged');
  for (const g of geometries) if (g && 'bbox' in g) delete g.bbox;
  return geometries;
}

/** Why the record at `at` (its shape type) of `length` bytes cannot be a `type` shape, or null when it can. */
function checkRecord(view: DataView, at: number, length: number, type: number): string | null {
  const int = (o: number) => view.getInt32(at + o, true);
  const z = type === 11 || type === 13 || type === 15 || type === 18;
  if (type === 1 || type === 11 || type === 21) {
    return length < (type === 11 ? 28 : 20) ? `${length} bytes is too short for a point` : null;
  }
  if (type === 8 || type === 18 || type === 28) {
    if (length < 40) return `${length} bytes is too short for a multipoint`;
    const points = int(36);
    const need = 40 + 16 * points + (z ? 16 + 8 * points : 0);
    return points < 0 || need > length ? `its point count ${points} does not fit its ${length} bytes` : null;
  }
  // PolyLine and Polygon (Z, M).
  if (length < 44) return `${length} bytes is too short for a ${SHAPE_TYPES[type]}`;
  const parts = int(36);
  const points = int(40);
  const need = 44 + 4 * parts + 16 * points + (z ? 16 + 8 * points : 0);
  if (parts < 0 || points < 0 || need > length) {
    return `its ${parts} parts and ${points} points do not fit its ${length} bytes`;
  }
  let previous = 0;
  for (let i = 0; i < parts; i++) {
    const start = int(44 + 4 * i);
    if ((i === 0 && start !== 0) || start < previous || start > points)
      return 'its part indexes are out of order';
    previous = start;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// .dbf

interface DbfField {
  /** The name, decoded in the table's encoding (the row objects' key). */
  name: string;
  type: string;
  /** Offset of the field in a record (the deletion flag takes byte 0). */
  offset: number;
  length: number;
}

/**
 * Reads a `.dbf`'s rows in `encoding`. The header is checked first, a file cut short is read
 * as far as it goes (warning `dbfTruncated`), and numbers and dates come out as numbers (null when blank) and
 * `YYYY-MM-DD` strings. Adds a `badEncoding` warning when the attributes look misread.
 */
function readDbf(
  dbf: Uint8Array,
  place: string,
  encoding: string,
  warnings: ImportIssue[],
): Record<string, unknown>[] {
  const bad = (why: string) => new ImportError('badDbf', why, place);
  if (dbf.length < 32)
    throw bad(dbf.length === 0 ? 'is empty (0 bytes)' : 'is too short to be a dBASE (.dbf) file');
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const declaredRows = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > dbf.length)
    throw bad('is damaged (its header length is impossible)');
  const fields: DbfField[] = [];
  let fieldOffset = 1;
  const nameDecoder = new TextDecoder(encoding);
  for (let at = 32; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    const length = dbf[at + 16];
    const name = nameDecoder
      .decode(dbf.subarray(at, at + 11))
      .replace(/\0/g, '')
      .trim();
    fields.push({ name, type: String.fromCharCode(dbf[at + 11]), offset: fieldOffset, length });
    fieldOffset += length;
  }
  if (fieldOffset > recordLength && declaredRows > 0)
    throw bad('is damaged (its fields are wider than its rows)');
  const available = recordLength > 0 ? Math.floor((dbf.length - headerLength) / recordLength) : 0;
  const rowCount = Math.min(declaredRows, available);
  if (rowCount < declaredRows) {
    warnings.push({
      code: 'dbfTruncated',
      reason: `${place} is cut short: it declares ${declaredRows} rows but holds ${rowCount}; the rest have no attributes`,
    });
  }
  const rows = decodeRows(dbf, headerLength, recordLength, rowCount, fields, encoding);
  const encodingIssue =
    replacementCharacter(
      rows,
      fields.map((f) => f.name),
      place,
      encoding,
    ) ?? looksLikeUtf8(dbf, headerLength, recordLength, rowCount, fields, place, encoding);
  if (encodingIssue) warnings.push(encodingIssue);
  return rows;
}

/**
 * The rows of a checked `.dbf`: one object per record (deleted ones too, as they still pair with their shapes),
 * keyed by field name (a repeated name: the last field's value). Values as dBASE types them: C (and anything else)
 * text without padding or NULs; N, F, O a number (null when blank or not a number); D `YYYY-MM-DD` (null when
 * blank or not a date); L a boolean (Y/T true). Text is decoded by one TextDecoder, straight from the file's bytes;
 * ASCII-only values, most of a table, skip the decoder altogether.
 */
function decodeRows(
  dbf: Uint8Array,
  headerLength: number,
  recordLength: number,
  rowCount: number,
  fields: DbfField[],
  encoding: string,
): Record<string, unknown>[] {
  const decoder = new TextDecoder(encoding);
  const text = (start: number, end: number): string => {
    let ascii = true;
    for (let i = start; i < end; i++)
      if (dbf[i] >= 0x80) {
        ascii = false;
        break;
      }
    const raw = ascii
      ? String.fromCharCode.apply(null, dbf.subarray(start, end) as unknown as number[])
      : decoder.decode(dbf.subarray(start, end));
    return raw.replace(/\0/g, '').trim();
  };
  const rows: Record<string, unknown>[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const base = headerLength + r * recordLength;
    const row: Record<string, unknown> = {};
    for (const f of fields) {
      const start = base + f.offset;
      const value = text(start, start + f.length);
      switch (f.type) {
        case 'N':
        case 'F':
        case 'O': {
          const n = parseFloat(value);
          row[f.name] = Number.isNaN(n) ? null : n;
          break;
        }
        case 'D':
          row[f.name] = dbfDate(value);
          break;
        case 'L': {
          const c = value.toLowerCase();
          row[f.name] = c === 'y' || c === 't';
          break;
        }
        default:
          row[f.name] = value;
      }
    }
    rows[r] = row;
  }
  return rows;
}

/**
 * A dBASE date (YYYYMMDD) as 'YYYY-MM-DD'; null when blank or not a date. A day past the month's end rolls over
 * (20260230 → 2026-03-02), as every reader built on JavaScript's Date (parsedbf, shpjs) has always given it.
 */
function dbfDate(value: string): string | null {
  const d = new Date(
    Number(value.slice(0, 4)),
    parseInt(value.slice(4, 6), 10) - 1,
    Number(value.slice(6, 8)),
  );
  if (!value || Number.isNaN(d.getTime())) return null;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The other encoding a Chinese user would try. */
const otherEncoding = (encoding: string) => (encoding === 'utf-8' ? 'GBK' : 'UTF-8');

/** A `badEncoding` issue for the first field name or value decoding produced U+FFFD in, or null. */
function replacementCharacter(
  rows: Record<string, unknown>[],
  names: string[],
  place: string,
  encoding: string,
): ImportIssue | null {
  const advice = `some characters cannot be read as ${encodingDisplayName(encoding)}; the file may be ${otherEncoding(encoding)}: choose that encoding`;
  const badName = names.find((k) => k.includes('\uFFFD'));
  if (badName !== undefined) {
    return { code: 'badEncoding', property: badName, reason: `${place}: field name "${badName}": ${advice}` };
  }
  for (let i = 0; i < rows.length; i++) {
    for (const key in rows[i]) {
      const value = rows[i][key];
      if (typeof value === 'string' && value.includes('\uFFFD')) {
        return {
          code: 'badEncoding',
          index: i,
          property: key,
          reason: `${place}: row ${i + 1}, field "${key}": ${advice}`,
        };
      }
    }
  }
  return null;
}

/** Rows scanned for UTF-8 text read as something else. */
const UTF8_SCAN_ROWS = 5000;

/**
 * A `badEncoding` issue when the attributes were read in another encoding than UTF-8 but every text field with
 * non-ASCII bytes (of the first rows) is valid UTF-8, with enough of them for chance to be ruled out: GBK read
 * from UTF-8 bytes mostly yields wrong Chinese characters without any U+FFFD, so the bytes are looked at.
 */
function looksLikeUtf8(
  dbf: Uint8Array,
  headerLength: number,
  recordLength: number,
  rowCount: number,
  fields: DbfField[],
  place: string,
  encoding: string,
): ImportIssue | null {
  if (encoding === 'utf-8') return null;
  const textFields = fields.filter((f) => f.type === 'C');
  let first: { row: number; field: string } | null = null;
  let nonAsciiBytes = 0;
  for (let r = 0; r < Math.min(rowCount, UTF8_SCAN_ROWS); r++) {
    const record = headerLength + r * recordLength;
    for (const f of textFields) {
      const bytes = dbf.subarray(record + f.offset, record + f.offset + f.length);
      let high = 0;
      for (const b of bytes) if (b >= 0x80) high++;
      if (high === 0) continue;
      try {
        // Streaming, so that a character cut by the field's width is no error.
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      } catch {
        return null;
      }
      nonAsciiBytes += high;
      first ??= { row: r, field: f.name };
    }
  }
  if (!first || nonAsciiBytes < 6) return null;
  const property = first.field;
  return {
    code: 'badEncoding',
    index: first.row,
    property,
    reason:
      `${place}: row ${first.row + 1}, field "${property}": the text looks like UTF-8 but was read as ` +
      `${encodingDisplayName(encoding)}; choose UTF-8 (or add a .cpg file saying UTF-8)`,
  };
}
