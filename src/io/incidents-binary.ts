/**
 * incidents.bin: a dataset's incidents as the columns of domain/incident-table, in a small binary layout the browser
 * reads straight into typed arrays (issue 14). A county's million incidents are 291 MB of incidents.csv that take
 * ~9 s to read into columns in Node; as incidents.bin they are 71 MB read in under a second (docs/binary-data.md has
 * the measurements, the comparison with Apache Arrow and FlatGeobuf, and the byte layout for writers of other readers).
 *
 * Layout, version 1, little-endian throughout:
 * - header (32 bytes): magic `\x89GSINC\r\n`, u16 version, u16 header size, u32 rows, u32 columns, u32 file length,
 *   8 reserved bytes;
 * - directory: one 32-byte entry per column: name (16 bytes ASCII, NUL-padded), u8 encoding, 3 reserved bytes, u32
 *   offset, u32 byte length, 4 reserved bytes;
 * - the columns' blocks, each at an offset that is a multiple of 8 (so a Float64Array can view it in place).
 * Numbers are stored as compactly as they round-trip exactly (times as whole seconds, coordinates as 1e-7 degrees,
 * a column that holds one value as that value); strings as UTF-8 with byte offsets; titles as a dictionary.
 *
 * Pure: bytes in, table out, and the other way. Never reads outside the bytes it was given, and names what is wrong
 * and where (DatasetError) for a truncated, corrupt or hostile file instead of a RangeError from deep inside.
 */
import type { IncidentTable, IncidentTableOptions } from '../domain/incident-table';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from '../domain/types';
import { DatasetError } from './errors';

/** The file's name in a dataset folder (listed in dataset.json like the others). */
export const INCIDENTS_BIN = 'incidents.bin';
/** `\x89GSINC\r\n`: a high byte and a line break, as PNG's, so a file mangled as text (or a web page) is told apart. */
export const INCIDENTS_BIN_MAGIC = Uint8Array.of(0x89, 0x47, 0x53, 0x49, 0x4e, 0x43, 0x0d, 0x0a);
/** The layout this module writes and reads; a reader refuses a newer one rather than misread it. */
export const INCIDENTS_BIN_VERSION = 1;
const HEADER_BYTES = 32;
const ENTRY_BYTES = 32;
const NAME_BYTES = 16;
/** Blocks start at multiples of this, so every typed array can view the file's buffer in place. */
const ALIGN = 8;
/** The "none" of a time stored as whole seconds (SEC32): an absent time (NaN). */
const SEC32_NONE = -0x80000000;

/** How a column's block stores its values (the u8 in its directory entry). */
export const ENCODING = {
  /** n × float64. */
  F64: 1,
  /** n × uint8. */
  U8: 2,
  /** n × uint16. */
  U16: 3,
  /** n × int32. */
  I32: 4,
  /** n × uint32. */
  U32: 5,
  /** float64 base (epoch ms), then n × int32 seconds: value = base + 1000 × s; −2³¹ is NaN (absent). */
  SEC32: 6,
  /** n × int32: value = i / 1e7 (degrees to seven decimals, as the CSV writes them). */
  E7: 7,
  /** one float64: the value of every row. */
  CONST: 8,
  /** u32 count m, (m + 1) × u32 byte offsets into the UTF-8 blob that follows (first 0, last the blob's length). */
  STRINGS: 9,
} as const;
type Encoding = (typeof ENCODING)[keyof typeof ENCODING];
const ENCODING_NAME = Object.fromEntries(Object.entries(ENCODING).map(([k, v]) => [v, k])) as Record<number, string>;

/** The table's float64 columns (times in epoch ms, NaN when absent; coordinates in degrees). */
const TIME_COLUMNS = ['reported', 'accepted', 'dispatched', 'resolved', 'verified', 'closed', 'deadline'] as const;
const F64_COLUMNS = ['lon', 'lat', ...TIME_COLUMNS] as const;
/** Small-integer columns and the values each may hold. */
const U8_COLUMNS = {
  category: [0, INCIDENT_CATEGORIES.length - 1],
  level: [1, 4],
  status: [0, INCIDENT_STATUSES.length - 1],
  supervised: [0, 1],
} as const;
/** Every column of version 1 (written in this order). `title` and `titles` are present together or not at all. */
type ColumnName =
  | 'id'
  | (typeof F64_COLUMNS)[number]
  | keyof typeof U8_COLUMNS
  | 'grid'
  | 'gridCodes'
  | 'enterprise'
  | 'enterpriseIds'
  | 'title'
  | 'titles';

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------------------- writing

interface Block {
  name: ColumnName;
  encoding: Encoding;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

function constBlock(name: ColumnName, value: number): Block {
  return { name, encoding: ENCODING.CONST, bytes: new Uint8Array(Float64Array.of(value).buffer) };
}

/** The value every element of `a` holds, or undefined when they differ (NaN counts as one value). */
function single(a: ArrayLike<number>): number | undefined {
  if (a.length === 0) return undefined;
  const v = a[0];
  for (let i = 1; i < a.length; i++) if (a[i] !== v && !(Number.isNaN(a[i]) && Number.isNaN(v))) return undefined;
  return v;
}

/** Coordinates: seven decimals as int32 when every value comes back exactly, else float64. */
function coordBlock(name: ColumnName, a: Float64Array): Block {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const q = Math.round(a[i] * 1e7);
    if (!(Math.abs(q) <= 0x7fffffff) || q / 1e7 !== a[i]) return { name, encoding: ENCODING.F64, bytes: new Uint8Array(a.slice().buffer) };
    out[i] = q;
  }
  return { name, encoding: ENCODING.E7, bytes: new Uint8Array(out.buffer) };
}

/** Times: one value, else whole seconds from the column's first moment as int32 when they fit, else float64. */
function timeBlock(name: ColumnName, a: Float64Array): Block {
  const one = a.length ? single(a) : NaN;
  if (one !== undefined) return constBlock(name, one);
  let base = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] < base) base = a[i];
  const bytes = new Uint8Array(8 + 4 * a.length);
  new Float64Array(bytes.buffer, 0, 1)[0] = base;
  const s = new Int32Array(bytes.buffer, 8, a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isNaN(v)) {
      s[i] = SEC32_NONE;
      continue;
    }
    const d = (v - base) / 1000;
    if (!Number.isInteger(d) || d >= 0x7fffffff || base + d * 1000 !== v) return { name, encoding: ENCODING.F64, bytes: new Uint8Array(a.slice().buffer) };
    s[i] = d;
  }
  return { name, encoding: ENCODING.SEC32, bytes };
}

function intBlock(name: ColumnName, a: Uint8Array | Uint16Array | Int32Array | Uint32Array, encoding: Encoding): Block {
  const one = single(a);
  if (one !== undefined) return constBlock(name, one);
  return { name, encoding, bytes: new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)) };
}

function stringsBlock(name: ColumnName, strings: readonly string[]): Block {
  // Encoded straight into one buffer sized for the worst case (3 bytes per UTF-16 unit), then trimmed: an array per
  // string would be a million small objects for a county's ids.
  let units = 0;
  for (const s of strings) units += s.length;
  const head = 4 + 4 * (strings.length + 1);
  let bytes = new Uint8Array(head + 3 * units);
  const u32 = new Uint32Array(bytes.buffer, 0, strings.length + 2);
  u32[0] = strings.length;
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    at += encoder.encodeInto(strings[i], bytes.subarray(head + at)).written;
    u32[i + 2] = at;
  }
  if (head + at < bytes.length) bytes = bytes.slice(0, head + at);
  return { name, encoding: ENCODING.STRINGS, bytes };
}

/** Titles as a dictionary: each distinct title once (a county's 1M titles are 287k distinct), and an index per row. */
function titleBlocks(titles: readonly string[]): Block[] {
  const index = new Map<string, number>();
  const rows = new Uint32Array(titles.length);
  for (let i = 0; i < titles.length; i++) {
    const s = titles[i] ?? '';
    let k = index.get(s);
    if (k === undefined) index.set(s, (k = index.size));
    rows[i] = k;
  }
  return [intBlock('title', rows, ENCODING.U32), stringsBlock('titles', [...index.keys()])];
}

/**
 * The table as incidents.bin bytes. Lossless: decodeIncidentTable gives back every column, NaNs, missing titles
 * (or no titles at all), enterprise links and supervised flags as they were. The deadline column is written as the
 * table holds it (the incident's own deadline, or the one computed with the table's options).
 * @example writeFileSync('incidents.bin', encodeIncidentTable(incidentColumnsFromCsv(text, { titles: true })))
 */
export function encodeIncidentTable(t: IncidentTable): Uint8Array {
  if (!littleEndian) throw new Error('incidents.bin is little-endian; this machine is not');
  if (t.n > 0xffffffff) throw new RangeError(`${t.n} incidents do not fit incidents.bin version ${INCIDENTS_BIN_VERSION}`);
  const blocks: Block[] = [stringsBlock('id', t.id.slice(0, t.n))];
  blocks.push(coordBlock('lon', t.lon), coordBlock('lat', t.lat));
  for (const c of TIME_COLUMNS) blocks.push(timeBlock(c, t[c]));
  for (const c of Object.keys(U8_COLUMNS) as (keyof typeof U8_COLUMNS)[]) blocks.push(intBlock(c, t[c], ENCODING.U8));
  blocks.push(intBlock('grid', t.grid, ENCODING.U16), stringsBlock('gridCodes', t.gridCodes));
  blocks.push(intBlock('enterprise', t.enterprise, ENCODING.I32), stringsBlock('enterpriseIds', t.enterpriseIds));
  if (t.title) blocks.push(...titleBlocks(t.title));

  const pad = (x: number) => Math.ceil(x / ALIGN) * ALIGN;
  let at = pad(HEADER_BYTES + ENTRY_BYTES * blocks.length);
  const offsets = blocks.map((b) => {
    const o = at;
    at = pad(at + b.bytes.length);
    return o;
  });
  if (at > 0xffffffff) throw new RangeError(`incidents.bin would be ${at} bytes, more than version ${INCIDENTS_BIN_VERSION} can address (4 GiB)`);
  const out = new Uint8Array(at);
  const view = new DataView(out.buffer);
  out.set(INCIDENTS_BIN_MAGIC, 0);
  view.setUint16(8, INCIDENTS_BIN_VERSION, true);
  view.setUint16(10, HEADER_BYTES, true);
  view.setUint32(12, t.n, true);
  view.setUint32(16, blocks.length, true);
  view.setUint32(20, out.length, true);
  blocks.forEach((b, k) => {
    const e = HEADER_BYTES + k * ENTRY_BYTES;
    out.set(encoder.encode(b.name), e);
    view.setUint8(e + NAME_BYTES, b.encoding);
    view.setUint32(e + 20, offsets[k], true);
    view.setUint32(e + 24, b.bytes.length, true);
    out.set(b.bytes, offsets[k]);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------- reading

interface Entry {
  name: string;
  encoding: number;
  offset: number;
  length: number;
}

/** Every check of the reader throws one of these: the file, where in it, and what is wrong. */
function corrupt(detail: string, where?: string): DatasetError {
  return new DatasetError(INCIDENTS_BIN, detail, where);
}

const at = (e: Entry) => `column "${e.name}" (bytes ${e.offset}–${e.offset + e.length})`;

/** The header and the directory, checked against the bytes' length before anything else is read. */
function readDirectory(bytes: Uint8Array): { n: number; entries: Map<string, Entry> } {
  if (bytes.length < HEADER_BYTES) {
    throw corrupt(`is ${bytes.length} bytes, shorter than its ${HEADER_BYTES}-byte header: truncated or not an incidents.bin`);
  }
  for (let i = 0; i < INCIDENTS_BIN_MAGIC.length; i++) {
    if (bytes[i] !== INCIDENTS_BIN_MAGIC[i]) {
      const text = String.fromCharCode(...bytes.subarray(0, 8)).replace(/[^\x20-\x7e]/g, '.');
      throw corrupt(`does not start with the incidents.bin magic bytes (it starts "${text}"): not an incidents.bin file`, 'byte 0');
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== INCIDENTS_BIN_VERSION) {
    throw corrupt(
      `is format version ${version}; this GridSight reads version ${INCIDENTS_BIN_VERSION} (${version > INCIDENTS_BIN_VERSION ? 'update GridSight, or ' : ''}pack the dataset again with this one)`,
      'byte 8',
    );
  }
  const headerBytes = view.getUint16(10, true);
  const n = view.getUint32(12, true);
  const count = view.getUint32(16, true);
  const declared = view.getUint32(20, true);
  if (declared !== bytes.length) {
    throw corrupt(
      declared > bytes.length
        ? `is truncated: ${bytes.length} bytes of the ${declared} its header declares`
        : `is ${bytes.length} bytes, its header declares ${declared}: something was appended or the header is corrupt`,
      'byte 20',
    );
  }
  if (headerBytes < HEADER_BYTES || headerBytes % ALIGN) throw corrupt(`declares a header of ${headerBytes} bytes (expected ${HEADER_BYTES})`, 'byte 10');
  if (headerBytes + count * ENTRY_BYTES > bytes.length) {
    throw corrupt(`declares ${count} columns, whose directory would end past the file's ${bytes.length} bytes`, 'byte 16');
  }
  const entries = new Map<string, Entry>();
  for (let k = 0; k < count; k++) {
    const e = headerBytes + k * ENTRY_BYTES;
    let end = e;
    while (end < e + NAME_BYTES && bytes[end] !== 0) end++;
    const raw = bytes.subarray(e, end);
    if (raw.some((b) => b < 0x20 || b > 0x7e)) throw corrupt(`directory entry ${k} has a name that is not printable ASCII`, `byte ${e}`);
    const entry: Entry = {
      name: String.fromCharCode(...raw),
      encoding: bytes[e + NAME_BYTES],
      offset: view.getUint32(e + 20, true),
      length: view.getUint32(e + 24, true),
    };
    if (entries.has(entry.name)) throw corrupt(`has column "${entry.name}" twice`, `directory entry ${k}`);
    if (entry.offset % ALIGN) throw corrupt(`starts at byte ${entry.offset}, not a multiple of ${ALIGN}`, at(entry));
    if (entry.offset < headerBytes + count * ENTRY_BYTES || entry.offset + entry.length > bytes.length) {
      throw corrupt(`lies outside the file's data (${bytes.length} bytes)`, at(entry));
    }
    entries.set(entry.name, entry);
  }
  return { n, entries };
}

/** The bytes of a column's block, which readDirectory checked lie inside the file. */
const blockOf = (bytes: Uint8Array, e: Entry) => bytes.subarray(e.offset, e.offset + e.length);

function expectLength(e: Entry, expected: number, what: string): void {
  if (e.length !== expected) throw corrupt(`holds ${e.length} bytes; ${what} takes ${expected}: column length mismatch`, at(e));
}

/**
 * A float64 column of n rows from any encoding that stores such values. `required`: every row holds a number (lon,
 * lat, reportedAt); else NaN (absent) is allowed too. Infinity never is.
 */
function readF64(bytes: Uint8Array, e: Entry, n: number, required: boolean): Float64Array {
  const b = blockOf(bytes, e);
  const bad = (v: number, row: number | null) =>
    corrupt(`${row === null ? 'holds' : `row ${row} holds`} ${v}; ${required ? 'a number' : 'a time or nothing (NaN)'} is expected`, at(e));
  const ok = (v: number) => Number.isFinite(v) || (!required && Number.isNaN(v));
  switch (e.encoding) {
    case ENCODING.F64: {
      expectLength(e, 8 * n, `${n} rows of float64`);
      const out = new Float64Array(b.buffer, b.byteOffset, n).slice();
      for (let i = 0; i < n; i++) if (!ok(out[i])) throw bad(out[i], i);
      return out;
    }
    case ENCODING.CONST: {
      expectLength(e, 8, 'one float64');
      const v = new Float64Array(b.buffer, b.byteOffset, 1)[0];
      if (n > 0 && !ok(v)) throw bad(v, null);
      return new Float64Array(n).fill(v);
    }
    case ENCODING.E7: {
      expectLength(e, 4 * n, `${n} rows of int32`);
      const q = new Int32Array(b.buffer, b.byteOffset, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = q[i] / 1e7;
      return out;
    }
    case ENCODING.SEC32: {
      expectLength(e, 8 + 4 * n, `a float64 base and ${n} rows of int32 seconds`);
      const base = new Float64Array(b.buffer, b.byteOffset, 1)[0];
      if (!Number.isFinite(base)) throw corrupt(`has a base time of ${base}`, at(e));
      const s = new Int32Array(b.buffer, b.byteOffset + 8, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = s[i];
        if (v !== SEC32_NONE) out[i] = base + 1000 * v;
        else if (required) throw bad(NaN, i);
        else out[i] = NaN;
      }
      return out;
    }
  }
  throw corrupt(`has encoding ${ENCODING_NAME[e.encoding] ?? e.encoding}, which cannot hold its numbers`, at(e));
}

type IntArray = Uint8Array | Uint16Array | Int32Array | Uint32Array;
const INT_KINDS = {
  [ENCODING.U8]: { make: (b: ArrayBuffer, o: number, n: number) => new Uint8Array(b, o, n), width: 1, name: 'uint8' },
  [ENCODING.U16]: { make: (b: ArrayBuffer, o: number, n: number) => new Uint16Array(b, o, n), width: 2, name: 'uint16' },
  [ENCODING.I32]: { make: (b: ArrayBuffer, o: number, n: number) => new Int32Array(b, o, n), width: 4, name: 'int32' },
  [ENCODING.U32]: { make: (b: ArrayBuffer, o: number, n: number) => new Uint32Array(b, o, n), width: 4, name: 'uint32' },
} as Record<number, { make: (b: ArrayBuffer, o: number, n: number) => IntArray; width: number; name: string }>;

/**
 * An integer column of n rows into `out`, each value checked to lie in [min, max] (the first one that does not is
 * named with its row): an index beyond its dictionary never reaches the table.
 */
function readInts<T extends IntArray>(bytes: Uint8Array, e: Entry, out: T, min: number, max: number, what: string): T {
  const n = out.length;
  const b = blockOf(bytes, e);
  const bad = (v: number, row: number | null) =>
    corrupt(`${row === null ? 'holds' : `row ${row} holds`} ${v}; ${what} must be ${min}–${max}`, at(e));
  if (e.encoding === ENCODING.CONST) {
    expectLength(e, 8, 'one float64');
    const v = new Float64Array(b.buffer, b.byteOffset, 1)[0];
    if (n > 0 && !(Number.isInteger(v) && v >= min && v <= max)) throw bad(v, null);
    return out.fill(v) as T;
  }
  const kind = INT_KINDS[e.encoding];
  if (!kind) throw corrupt(`has encoding ${ENCODING_NAME[e.encoding] ?? e.encoding}; ${what} needs integers`, at(e));
  expectLength(e, kind.width * n, `${n} rows of ${kind.name}`);
  const src = kind.make(b.buffer as ArrayBuffer, b.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v < min || v > max) throw bad(v, i);
    out[i] = v;
  }
  return out;
}

// ignoreBOM: a string that starts with U+FEFF keeps it (by default the decoder drops a leading one).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A STRINGS block as strings: one decode of the whole UTF-8 blob, then each string sliced out of it. The byte
 * offsets are mapped to the decoded text's UTF-16 offsets in one pass over the bytes, which also checks each
 * string starts on a character (never inside a multi-byte one).
 */
function readStrings(bytes: Uint8Array, e: Entry, expected?: { count: number; what: string }): string[] {
  if (e.encoding !== ENCODING.STRINGS) throw corrupt(`has encoding ${ENCODING_NAME[e.encoding] ?? e.encoding}; strings need STRINGS`, at(e));
  const b = blockOf(bytes, e);
  if (b.length < 8) throw corrupt(`holds ${b.length} bytes, too few for a string count and its first offset`, at(e));
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const m = view.getUint32(0, true);
  if (expected && m !== expected.count) throw corrupt(`holds ${m} strings; ${expected.what}: column length mismatch`, at(e));
  const head = 4 + 4 * (m + 1);
  if (head > b.length) throw corrupt(`declares ${m} strings, whose offsets would run past its ${b.length} bytes`, at(e));
  const offsets = new Uint32Array(b.buffer, b.byteOffset + 4, m + 1);
  const blob = b.subarray(head);
  if (offsets[0] !== 0) throw corrupt(`has a first offset of ${offsets[0]} (must be 0)`, at(e));
  if (offsets[m] !== blob.length) throw corrupt(`has a last offset of ${offsets[m]}; its text is ${blob.length} bytes`, at(e));
  for (let i = 0; i < m; i++) {
    if (offsets[i + 1] < offsets[i]) throw corrupt(`has offsets out of order: string ${i} ends at ${offsets[i + 1]} before it starts at ${offsets[i]}`, at(e));
  }
  let text: string;
  try {
    text = utf8.decode(blob);
  } catch {
    throw corrupt('holds bytes that are not UTF-8', at(e));
  }
  const out = new Array<string>(m);
  if (text.length === blob.length) {
    // ASCII only: byte offsets are the text's offsets.
    for (let i = 0; i < m; i++) out[i] = text.slice(offsets[i], offsets[i + 1]);
    return out;
  }
  let unit = 0;
  let start = 0;
  let k = 0;
  for (let i = 0; i < m; i++) {
    const end = offsets[i + 1];
    if (offsets[i] < blob.length && (blob[offsets[i]] & 0xc0) === 0x80) {
      throw corrupt(`has string ${i} starting inside a UTF-8 character (byte ${offsets[i]} of its text)`, at(e));
    }
    for (; k < end; k++) {
      const c = blob[k];
      // One UTF-16 unit per lead byte, two for a 4-byte sequence; continuation bytes add none.
      if ((c & 0xc0) !== 0x80) unit += c >= 0xf0 ? 2 : 1;
    }
    out[i] = text.slice(start, unit);
    start = unit;
  }
  return out;
}

export interface DecodeOptions {
  /** Read the titles (when the file has them); without, the table's `title` is null as IncidentTableOptions says. Default true. */
  titles?: boolean;
  /** Recorded in the table as the options its deadline column stands for. Default: domain/rules' (`{}`). */
  deadlines?: IncidentTableOptions['deadlines'];
}

/**
 * incidents.bin bytes as an IncidentTable: every typed column copied (or converted) out of the bytes, which can
 * then be dropped; throws DatasetError naming what is wrong and where for a file that is not a whole, consistent
 * incidents.bin of this version.
 * @example const table = decodeIncidentTable(new Uint8Array(await (await fetch('incidents.bin')).arrayBuffer()))
 */
export function decodeIncidentTable(input: Uint8Array, options: DecodeOptions = {}): IncidentTable {
  if (!littleEndian) throw new Error('incidents.bin is little-endian; this machine is not');
  // Typed arrays can view the file only at aligned addresses; a Node Buffer from the shared pool may not be.
  const bytes = input.byteOffset % ALIGN ? new Uint8Array(input) : input;
  const { n, entries } = readDirectory(bytes);
  const col = (name: ColumnName) => {
    const e = entries.get(name);
    if (!e) throw corrupt(`has no column "${name}"`);
    return e;
  };
  const id = readStrings(bytes, col('id'), { count: n, what: `the header says ${n} rows` });
  const f64 = Object.fromEntries(
    F64_COLUMNS.map((c) => [c, readF64(bytes, col(c), n, c === 'lon' || c === 'lat' || c === 'reported')]),
  ) as Record<(typeof F64_COLUMNS)[number], Float64Array>;
  const u8 = Object.fromEntries(
    Object.entries(U8_COLUMNS).map(([c, [min, max]]) => [c, readInts(bytes, col(c as ColumnName), new Uint8Array(n), min, max, c)]),
  ) as Record<keyof typeof U8_COLUMNS, Uint8Array>;
  const gridCodes = readStrings(bytes, col('gridCodes'));
  const grid = readInts(bytes, col('grid'), new Uint16Array(n), 0, Math.min(gridCodes.length, 0x10000) - 1, `a grid index into ${gridCodes.length} grid codes`);
  const enterpriseIds = readStrings(bytes, col('enterpriseIds'));
  const enterprise = readInts(bytes, col('enterprise'), new Int32Array(n), -1, enterpriseIds.length - 1, `an index into ${enterpriseIds.length} enterprise ids (−1: none)`);
  let title: string[] | null = null;
  if (entries.has('title') !== entries.has('titles')) throw corrupt(`has column "${entries.has('title') ? 'title' : 'titles'}" without its pair`);
  if (options.titles !== false && entries.has('title')) {
    const titles = readStrings(bytes, col('titles'));
    const index = readInts(bytes, col('title'), new Uint32Array(n), 0, titles.length - 1, `an index into ${titles.length} titles`);
    title = new Array<string>(n);
    for (let i = 0; i < n; i++) title[i] = titles[index[i]];
  }
  return {
    n,
    id,
    ...f64,
    ...u8,
    grid,
    gridCodes,
    title,
    enterprise,
    enterpriseIds,
    deadlines: options.deadlines ?? {},
  };
}

/** True when `bytes` start like an incidents.bin (the magic bytes), whatever its version. */
export function isIncidentsBin(bytes: Uint8Array): boolean {
  return bytes.length >= INCIDENTS_BIN_MAGIC.length && INCIDENTS_BIN_MAGIC.every((b, i) => bytes[i] === b);
}
