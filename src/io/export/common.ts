/**
 * What the export writers share: the error they throw, how a property value becomes text, the columns of a layer,
 * WKT, XML escaping and a byte builder that never holds the whole output as one string (a county's million
 * incidents are hundreds of megabytes of text, near V8's string limit). Pure: no node:fs, no DOM; runs in Node
 * and in a browser worker.
 */
import { Zip, ZipDeflate } from 'fflate';
import type { Feature, Geometry, GeoJsonProperties, Position } from 'geojson';

/** A feature as the writers take it: any geometry or none, any properties or none. */
export type ExportFeature = Feature<Geometry | null, GeoJsonProperties>;

/**
 * The features to write: an array, or any iterable that can be iterated again (a writer reads it up to twice, e.g.
 * once for the columns and once for the rows). A one-shot generator is not enough; a lazy view over columns (the
 * CLI's incidents from incidents.bin) is: each iteration makes its features afresh.
 */
export type ExportFeatures = Iterable<ExportFeature>;

/** What every writer takes. */
export interface ExportOptions {
  /** The layer's name: the Shapefile's file names in the zip, the KML document's name, the worksheet's. */
  name?: string;
  /**
   * The properties to write, in this order (a column is written even when no feature has it); default: every
   * property met, in order of first appearance.
   */
  columns?: readonly string[];
}

/** What a writer returns: the file's bytes, and what the user should know (one line each, English). */
export interface Written {
  bytes: Uint8Array;
  warnings: string[];
}

/**
 * An export that cannot be written as asked: `code` for UIs and tests, the message in one line (English).
 * @example throw new ExportError('crsNotSupported', 'kml is written in WGS84 longitude/latitude')
 */
export class ExportError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ExportError';
    this.code = code;
  }
}

/**
 * A property value as the text the table and text formats (CSV, DBF, KML) write: null/undefined → null (an empty
 * cell), a string as it is, a number by `String(n)` (the shortest text that reads back as the same number; a
 * non-finite one → null), booleans `true`/`false`, an array its elements joined by `,` (`parentCodes`: the importer
 * splits them there again), any other object as JSON.
 * @example valueText(['330424001001001', '330424001001002']) // '330424001001001,330424001001002'
 */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    case 'object':
      if (Array.isArray(value)) return value.map((v) => valueText(v) ?? '').join(',');
      return JSON.stringify(value);
    default:
      return null;
  }
}

/**
 * The columns of a layer: `columns` when given, else every property key met, in order of first appearance.
 * @example layerColumns([{ type: 'Feature', geometry: null, properties: { a: 1 } }]) // ['a']
 */
export function layerColumns(features: ExportFeatures, columns?: readonly string[]): string[] {
  if (columns) return [...columns];
  const seen = new Set<string>();
  for (const f of features) for (const key in f.properties ?? {}) seen.add(key);
  return [...seen];
}

/**
 * The property `key` of a feature, own properties only (a column named "constructor" reads no prototype).
 * @example propertyOf({ type: 'Feature', geometry: null, properties: {} }, 'constructor') // undefined
 */
export function propertyOf(feature: ExportFeature, key: string): unknown {
  const p = feature.properties;
  return p && Object.hasOwn(p, key) ? p[key] : undefined;
}

/**
 * The UTF-8 length in bytes of a string (a lone surrogate counts 3, as TextEncoder writes it as U+FFFD).
 * @example utf8Length('网格a') === 7
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

const ENCODER = new TextEncoder();

/** Characters of the text added to a {@link ByteBuilder} before it encodes them into a piece. */
const PIECE_CHARS = 1 << 20;

/**
 * Text and bytes appended piece by piece and joined once at the end, so that no string longer than about a
 * million characters is ever made.
 * @example const b = new ByteBuilder(); b.text('a,b\r\n'); b.finish() // Uint8Array [97, 44, 98, 13, 10]
 */
export class ByteBuilder {
  private pieces: Uint8Array[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private size = 0;

  text(s: string): void {
    this.pending.push(s);
    this.pendingChars += s.length;
    if (this.pendingChars >= PIECE_CHARS) this.flush();
  }

  bytes(b: Uint8Array): void {
    this.flush();
    this.pieces.push(b);
    this.size += b.length;
  }

  private flush(): void {
    if (!this.pending.length) return;
    const piece = ENCODER.encode(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
    this.pieces.push(piece);
    this.size += piece.length;
  }

  /** The pieces encoded so far (text still pending stays), handed over: for a streaming zip. */
  take(): Uint8Array[] {
    const out = this.pieces;
    this.pieces = [];
    this.size = 0;
    return out;
  }

  /** Every piece, pending text included, handed over. */
  drain(): Uint8Array[] {
    this.flush();
    const out = this.pieces;
    this.pieces = [];
    this.size = 0;
    return out;
  }

  finish(): Uint8Array {
    this.flush();
    if (this.pieces.length === 1) return this.pieces[0];
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.pieces) {
      out.set(p, at);
      at += p.length;
    }
    this.pieces = [out];
    return out;
  }
}

/** Characters XML 1.0 cannot hold at all, not even escaped (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
const XML_INVALID =
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text for XML content or an attribute value: `& < > " '` escaped, and the characters XML cannot hold removed
 * (`dropped` counts them, for a warning).
 * @example xmlEscape('<script>') === '&lt;script&gt;'
 */
export function xmlEscape(s: string, dropped?: { count: number }): string {
  const text = s.replace(XML_INVALID, () => {
    if (dropped) dropped.count++;
    return '';
  });
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const xy = (p: Position) => `${p[0]} ${p[1]}`;
const list = (ps: Position[]) => `(${ps.map(xy).join(', ')})`;
const rings = (rs: Position[][]) => `(${rs.map(list).join(', ')})`;

/**
 * A geometry as OGC Well-Known Text (2D: a third value is dropped), numbers as `String(n)`, so that they read back
 * exactly; the empty string for null. QGIS and GDAL read a CSV column of it (GDAL: a column named `WKT`).
 * @example geometryWkt({ type: 'Point', coordinates: [120.9, 30.5] }) === 'POINT (120.9 30.5)'
 */
export function geometryWkt(g: Geometry | null): string {
  if (!g) return '';
  switch (g.type) {
    case 'Point':
      return g.coordinates.length ? `POINT (${xy(g.coordinates)})` : 'POINT EMPTY';
    case 'MultiPoint':
      return g.coordinates.length
        ? `MULTIPOINT (${g.coordinates.map((p) => `(${xy(p)})`).join(', ')})`
        : 'MULTIPOINT EMPTY';
    case 'LineString':
      return g.coordinates.length ? `LINESTRING ${list(g.coordinates)}` : 'LINESTRING EMPTY';
    case 'MultiLineString':
      return g.coordinates.length ? `MULTILINESTRING ${rings(g.coordinates)}` : 'MULTILINESTRING EMPTY';
    case 'Polygon':
      return g.coordinates.length ? `POLYGON ${rings(g.coordinates)}` : 'POLYGON EMPTY';
    case 'MultiPolygon':
      return g.coordinates.length
        ? `MULTIPOLYGON (${g.coordinates.map(rings).join(', ')})`
        : 'MULTIPOLYGON EMPTY';
    case 'GeometryCollection':
      return g.geometries.length
        ? `GEOMETRYCOLLECTION (${g.geometries.map(geometryWkt).join(', ')})`
        : 'GEOMETRYCOLLECTION EMPTY';
  }
}

/**
 * Counts of something per key (a column), with the first feature it happened to, for one warning per key.
 * @example const t = new Tally(); t.add('title', 3); t.lines((k, n, first) => `${n} of ${k}, first ${first}`)
 */
export class Tally {
  private counts = new Map<string, { n: number; first: number }>();

  add(key: string, index: number): void {
    const c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, { n: 1, first: index });
  }

  /** One line per key: `say(key, count, firstIndex)`. */
  lines(say: (key: string, n: number, first: number) => string): string[] {
    return [...this.counts].map(([k, { n, first }]) => say(k, n, first));
  }
}

/** One entry of a {@link ZipWriter} being written: text or bytes pushed in order, then `close()`. */
export interface ZipEntryWriter {
  text(s: string): void;
  bytes(b: Uint8Array): void;
  close(): void;
}

/**
 * A zip written entry by entry with fflate's streaming deflate: an entry's content is compressed as it is pushed,
 * so a large worksheet is never held uncompressed as a whole. Entries are written one at a time (close one before
 * opening the next). Names are UTF-8 (flagged as such when not ASCII).
 * @example const zip = new ZipWriter(new Date(2026, 0, 1)); zip.file('a.txt', 'hello'); zip.finish()
 */
export class ZipWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private zip: Zip;
  private failure: Error | null = null;

  /** `mtime`: the entries' modification time (a zip stores local time, 1980–2099); default now. */
  constructor(private readonly mtime: Date = new Date()) {
    this.zip = new Zip((error, data) => {
      if (error) this.failure ??= error;
      else {
        this.chunks.push(data);
        this.size += data.length;
      }
    });
  }

  open(name: string): ZipEntryWriter {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    const text = new ByteBuilder();
    const push = (final: boolean) => {
      const pieces = text.drain();
      if (!pieces.length && final) entry.push(new Uint8Array(0), true);
      pieces.forEach((p, i) => entry.push(p, final && i === pieces.length - 1));
    };
    return {
      text: (s) => {
        text.text(s);
        for (const p of text.take()) entry.push(p, false);
      },
      bytes: (b) => {
        push(false);
        entry.push(b, false);
      },
      close: () => {
        push(true);
        this.check();
      },
    };
  }

  /** A whole entry at once. */
  file(name: string, data: Uint8Array | string): void {
    const entry = this.open(name);
    if (typeof data === 'string') entry.text(data);
    else entry.bytes(data);
    entry.close();
  }

  finish(): Uint8Array {
    this.zip.end();
    this.check();
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [out];
    return out;
  }

  private check(): void {
    if (this.failure) throw new ExportError('zip', `the zip could not be written (${this.failure.message})`);
  }
}
