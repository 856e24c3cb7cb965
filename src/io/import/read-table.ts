/**
 * Tabular import readers: CSV (and tab- or semicolon-separated text) and xlsx workbooks, into `ImportTable`s of
 * strings. They read values as they are in the file and never guess what a column means (the pipeline maps
 * columns); they do fix what would make a table unusable (unnamed or duplicate column names) and say so.
 *
 * - CSV encoding: a BOM (UTF-8, UTF-16LE/BE) wins; else `options.encoding`; else UTF-8 when the bytes are valid
 *   UTF-8, or GBK (what Excel on Chinese Windows saves "CSV" as) with a `guessedEncoding` warning.
 * - CSV is decoded and parsed piece by piece (1 MiB of bytes at a time, cut after a line end outside quotes), so a
 *   large file is never held as an array of lines, and `onProgress` is called after each piece.
 * - xlsx: the zip's declared entry sizes are checked against `maxUncompressedBytes` before anything is inflated;
 *   formula cells give their cached result (never the formula text); dates are read as China time (+08:00).
 * - Any value (and column name) that a spreadsheet would run as a formula (io/formula: `=`, `+`, `-`, `@`, a tab or
 *   CR in front of something that is not a number) is kept as it is, with a `formulaLike` warning: the pipeline
 *   decides.
 */
import { zipSync } from 'fflate';
import readXlsxFile, { readSheet } from 'read-excel-file/universal';
import { csvRows } from '../csv';
import { formulaLike } from '../formula';
import { encodingForLabel } from './encoding';
import { ImportError, type ImportIssue, type ImportTable, type RawLayer, type ReadOptions } from './types';
import {
  DEFAULT_MAX_UNCOMPRESSED_BYTES,
  formatBytes,
  inflateEntries,
  listZipEntries,
  type ZipEntry,
} from './zip';

/** Bytes of CSV decoded and parsed at a time. */
const CHUNK = 1 << 20;
/** Warnings kept per code and layer; the rest are counted in one last warning of that code. */
const MAX_WARNINGS_PER_CODE = 100;

/**
 * Reads a tabular file, chosen by the extension of `options.fileName`: `.csv`, `.tsv`, `.txt` → one layer (format
 * 'csv'); `.xlsx` → one layer per non-empty worksheet, named after the sheet, or only `options.sheet`. (`.xls` is
 * read as xlsx too, so that an Excel 97–2003 file gets the message saying it is not supported.)
 * Rows: every data row as strings ('' for empty), padded with '' to the header's length; a row with more cells than
 * the header keeps its extra cells (a `raggedRow` warning says so). Rows whose cells are all empty are skipped.
 * Throws ImportError: `unsupportedFormat`, `empty` (no header row), `unknownEncoding`, `badCsv` (a quote never
 * closed), `notXlsx` (not a zip, no xl/workbook.xml, an .xls or password-protected file), `zipTooLarge`, `badXlsx`,
 * `sheetNotFound` (its detail lists the sheets).
 * @example const [layer] = await readTableFile(bytes, { fileName: '企业.csv' }); layer.table?.columns
 */
export async function readTableFile(
  bytes: Uint8Array,
  options: ReadOptions & { sheet?: string },
): Promise<RawLayer[]> {
  const ext = /\.([^./\\]+)$/.exec(options.fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return [readCsv(bytes, options)];
  if (ext === 'xlsx' || ext === 'xls') return readXlsx(bytes, options);
  throw new ImportError(
    'unsupportedFormat',
    `cannot read ".${ext}" files as a table (CSV, TXT or XLSX)`,
    options.fileName,
  );
}

/** The file name without its folder and extension: the layer name of a CSV file. */
function baseName(fileName: string): string {
  return fileName.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Table building, shared by both formats: header fixing, ragged rows, formula-like values, warning caps.

class TableBuilder {
  columns: string[] | undefined;
  readonly rows: string[][] = [];
  readonly lines: number[] = [];
  readonly warnings: ImportIssue[] = [];
  private readonly counts = new Map<string, number>();
  /** Where a line is, in messages: 'line' (CSV) or 'row' (worksheet). */
  constructor(private readonly lineWord: string) {}

  warn(issue: ImportIssue): void {
    const n = (this.counts.get(issue.code) ?? 0) + 1;
    this.counts.set(issue.code, n);
    if (n <= MAX_WARNINGS_PER_CODE) this.warnings.push(issue);
  }

  /** Takes one row of cells (the first is the header); skips rows whose cells are all empty. */
  add(cells: string[], line: number): void {
    if (cells.every((v) => v === '')) return;
    if (!this.columns) {
      this.header(cells, line);
      return;
    }
    const index = this.rows.length;
    const n = this.columns.length;
    if (cells.length !== n) {
      const at = `${this.lineWord} ${line}`;
      if (cells.length < n) {
        this.warn({
          index,
          code: 'raggedRow',
          reason: `${at} has ${cells.length} cells, the header ${n}: the missing ones read as empty`,
        });
        while (cells.length < n) cells.push('');
      } else if (cells.slice(n).some((v) => v !== '')) {
        this.warn({
          index,
          code: 'raggedRow',
          reason: `${at} has ${cells.length} cells, the header ${n}: the extra ones are kept after the named columns`,
        });
      } else cells.length = n; // only empty cells past the header (a trailing comma): nothing lost
    }
    for (let k = 0; k < cells.length; k++) {
      if (formulaLike(cells[k])) {
        const property = k < n ? this.columns[k] : `column ${k + 1}`;
        this.warn({
          index,
          property,
          code: 'formulaLike',
          reason: `${this.lineWord} ${line}, ${property}: "${clip(cells[k])}" would run as a formula in a spreadsheet`,
        });
      }
    }
    this.rows.push(cells);
    this.lines.push(line);
  }

  private header(cells: string[], line: number): void {
    const taken = new Set<string>();
    const columns: string[] = [];
    cells.forEach((cell, k) => {
      let name = cell;
      if (cell.trim() === '') {
        name = `column ${k + 1}`;
        this.warn({
          property: name,
          code: 'unnamedColumn',
          reason: `column ${k + 1} has no name: called "${name}"`,
        });
      }
      if (taken.has(name)) {
        let i = 2;
        while (taken.has(`${name} (${i})`)) i++;
        const unique = `${name} (${i})`;
        this.warn({
          property: unique,
          code: 'duplicateColumn',
          reason: `column ${k + 1} repeats "${name}": called "${unique}"`,
        });
        name = unique;
      } else if (formulaLike(name)) {
        this.warn({
          property: name,
          code: 'formulaLike',
          reason: `the name of column ${k + 1} (${this.lineWord} ${line}), "${clip(name)}", would run as a formula in a spreadsheet`,
        });
      }
      taken.add(name);
      columns.push(name);
    });
    this.columns = columns;
  }

  /** The table, or ImportError('empty') when no header row was read. */
  finish(place: string): ImportTable {
    if (!this.columns) throw new ImportError('empty', 'is empty (a header row is required)', place);
    for (const [code, count] of this.counts) {
      const n = count - MAX_WARNINGS_PER_CODE;
      if (n > 0)
        this.warnings.push({
          code,
          reason: `${n} more warning${n === 1 ? '' : 's'} like the above (not listed)`,
        });
    }
    return { columns: this.columns, rows: this.rows, lines: this.lines };
  }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

type EncodingSource = NonNullable<RawLayer['encoding']>['source'];

/** Thrown inside readCsvText when UTF-8 was guessed and the bytes are not UTF-8. */
class NotUtf8 extends Error {}

function readCsv(bytes: Uint8Array, options: ReadOptions): RawLayer {
  let start = 0;
  let label = 'utf-8';
  let source: EncodingSource = 'default';
  let guess = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [start, source] = [3, 'bom'];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [start, label, source] = [2, 'utf-16le', 'bom'];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [start, label, source] = [2, 'utf-16be', 'bom'];
  else if (options.encoding) [label, source] = [options.encoding, 'option'];
  else guess = true;

  if (guess) {
    try {
      return readCsvText(bytes, 0, 'utf-8', true, 'default', options);
    } catch (e) {
      if (!(e instanceof NotUtf8)) throw e;
    }
    const layer = readCsvText(bytes, 0, 'gbk', false, 'default', options);
    layer.warnings.unshift({
      code: 'guessedEncoding',
      reason:
        'the file is not UTF-8: read as GBK (how Excel saves CSV on Chinese Windows); choose its encoding if the text looks wrong',
    });
    return layer;
  }
  return readCsvText(bytes, start, label, false, source, options);
}

function decoderFor(label: string, fatal: boolean, place: string): TextDecoder {
  // A label as people and GIS files write it ("GB2312", "936", "ANSI 936", "UTF8") → TextDecoder's name.
  const name = encodingForLabel(label);
  if (!name) throw new ImportError('unknownEncoding', `unknown text encoding "${label}"`, place);
  // ignoreBOM: a BOM is skipped by readCsv itself; one further in is data (csvRows drops one at a piece start).
  return new TextDecoder(name, { fatal, ignoreBOM: true });
}

/** The delimiter of a CSV text, from its first non-blank line: tab or ';' when that line has no ',' (tab first). */
function detectDelimiter(text: string): string {
  const header = /^[\r\n]*([^\r\n]*)/.exec(text)?.[1] ?? '';
  if (header.includes(',')) return ',';
  if (header.includes('\t')) return '\t';
  if (header.includes(';')) return ';';
  return ',';
}

/**
 * Exchanges ',' and `d` in a text. csvRows splits on ',' only: a tab- or semicolon-separated text is swapped
 * before parsing (its delimiters become commas, its commas `d`) and every cell swapped back.
 */
function swapper(d: string): (s: string) => string {
  const re = new RegExp(`[,${d}]`, 'g');
  const swap = (c: string) => (c === ',' ? d : ',');
  return (s) => (s.includes(',') || s.includes(d) ? s.replace(re, swap) : s);
}

function readCsvText(
  bytes: Uint8Array,
  start: number,
  label: string,
  fatal: boolean,
  source: EncodingSource,
  options: ReadOptions,
): RawLayer {
  const place = options.fileName;
  const decoder = decoderFor(label, fatal, place);
  const table = new TableBuilder('line');
  let swap: ((s: string) => string) | null | undefined; // undefined: not detected yet; null: comma
  let badChars = 0;

  const decode = (chunk: Uint8Array, stream: boolean): string => {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream });
    } catch (e) {
      if (fatal) throw new NotUtf8();
      throw e;
    }
    if (!fatal) for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) badChars++;
    return text;
  };

  /** Parses a piece of text that starts at a row start; false (nothing taken) when it ends inside a quoted field. */
  const parse = (piece: string, firstLine: number, last: boolean): boolean => {
    if (swap === undefined) {
      const d = detectDelimiter(piece);
      swap = d === ',' ? null : swapper(d);
    }
    const text = swap ? swap(piece) : piece;
    const rows: { row: string[]; line: number }[] = [];
    try {
      for (const r of csvRows(text, firstLine)) rows.push(r);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      if (!last) return false;
      throw new ImportError('badCsv', `${e.message} (a quote missing?)`, place);
    }
    for (const { row, line } of rows) {
      if (swap) for (let k = 0; k < row.length; k++) row[k] = swap(row[k]);
      table.add(row, line);
    }
    return true;
  };

  // The text not yet parsed starts at a row start. It is scanned once, counting quotes: a line end after an even
  // number of them is (almost always) outside quotes, so the text before it can be parsed on its own. csvRows
  // fails on a piece that ends inside a quoted field (a stray quote in an unquoted field fools the count); then
  // nothing of it is taken and the rest of the file is parsed as one piece.
  let pending = '';
  let pendingLine = 1; // line number of pending's first line
  let odd = false;
  let newlines = 0; // in pending
  let cut = -1; // pending index after the last line end outside quotes
  let newlinesBeforeCut = 0;
  let cutting = true;
  const total = bytes.length - start;
  for (let at = start; at < bytes.length; at += CHUNK) {
    const text = decode(bytes.subarray(at, Math.min(at + CHUNK, bytes.length)), true);
    const base = pending.length;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === 34) odd = !odd;
      else if (c === 10) {
        newlines++;
        if (!odd) [cut, newlinesBeforeCut] = [base + k + 1, newlines];
      }
    }
    pending += text;
    if (cutting && cut > 0) {
      if (parse(pending.slice(0, cut), pendingLine, false)) {
        pending = pending.slice(cut);
        pendingLine += newlinesBeforeCut;
        newlines -= newlinesBeforeCut;
      } else cutting = false;
      cut = -1;
    }
    options.onProgress?.(Math.min(1, (at + CHUNK - start) / total));
  }
  pending += decode(new Uint8Array(0), false);
  if (pending) parse(pending, pendingLine, true);
  options.onProgress?.(1);

  const layerTable = table.finish(place);
  if (badChars)
    table.warnings.unshift({
      code: 'badEncoding',
      reason: `${badChars} character${badChars === 1 ? '' : 's'} could not be read as ${decoder.encoding} (shown as �): is the encoding right?`,
    });
  return {
    format: 'csv',
    name: baseName(place),
    table: layerTable,
    encoding: { name: decoder.encoding, source },
    warnings: table.warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// xlsx

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The xlsx parts read-excel-file needs (its XML and relationship parts, path → bytes). The declared sizes of all
 * entries are added up before anything is inflated (`zipTooLarge` over `max`), and io/import/zip inflates each
 * wanted entry no further than it declares. Throws ImportError `notXlsx`, `zipTooLarge`, `zipCorrupt`, `zipUnsupported`.
 */
function unpackXlsx(bytes: Uint8Array, max: number, options: ReadOptions): Record<string, Uint8Array> {
  const place = options.fileName;
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b))
    throw new ImportError(
      'notXlsx',
      'is an Excel 97–2003 (.xls) or password-protected workbook, which cannot be read: save it in Excel or WPS as .xlsx (without a password) or CSV',
      place,
    );
  const notXlsx = () =>
    new ImportError(
      'notXlsx',
      'is not an xlsx workbook (not a zip with xl/workbook.xml): save it as .xlsx or CSV',
      place,
    );
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(bytes, place);
  } catch (e) {
    throw e instanceof ImportError && e.code === 'notZip' ? notXlsx() : e;
  }
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw notXlsx();
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > max)
    throw new ImportError(
      'zipTooLarge',
      `would take ${formatBytes(declared)} unpacked, more than the ${formatBytes(max)} allowed (a zip bomb, or a workbook too large to import)`,
      place,
    );
  const wanted = entries.filter((e) => e.name.endsWith('.xml') || e.name.endsWith('.rels'));
  const onProgress = options.onProgress;
  const data = inflateEntries(bytes, wanted, {
    place,
    maxUncompressedBytes: max,
    onProgress: onProgress && ((p) => onProgress(0.4 * p)),
  });
  return Object.fromEntries(wanted.map((e, i) => [e.name, data[i]]));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * An Excel date as ISO 8601 text. Excel stores dates without a time zone (a serial day count of wall-clock time);
 * read-excel-file gives that wall-clock time as if it were UTC, and GridSight's workbooks are Chinese: it is read as
 * China time, +08:00. E.g. serial 45366 (2024-03-15) → "2024-03-15T00:00:00+08:00". Milliseconds appear only when
 * not zero (a time within 1 ms of a whole second, floating-point noise of the serial number, is rounded to it).
 */
function excelDateText(d: Date): string {
  let t = d.getTime();
  if (Number.isNaN(t)) return '';
  const whole = Math.round(t / 1000) * 1000;
  if (Math.abs(whole - t) <= 1) t = whole;
  const u = new Date(t);
  const ms = u.getUTCMilliseconds();
  return (
    `${pad(u.getUTCFullYear(), 4)}-${pad(u.getUTCMonth() + 1)}-${pad(u.getUTCDate())}` +
    `T${pad(u.getUTCHours())}:${pad(u.getUTCMinutes())}:${pad(u.getUTCSeconds())}` +
    `${ms ? `.${pad(ms, 3)}` : ''}+08:00`
  );
}

/** A cell value as read-excel-file gives it, as text: numbers by String(n), booleans 'true'/'false', empty ''. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return excelDateText(v);
  return String(v);
}

function sheetTable(
  data: unknown[][],
  place: string,
): { table: ImportTable; warnings: ImportIssue[] } | null {
  const table = new TableBuilder('row');
  // read-excel-file gives every row from row 1 (empty ones as []), each padded to the widest row.
  data.forEach((row, i) => table.add(row.map(cellText), i + 1));
  if (!table.columns) return null;
  return { table: table.finish(place), warnings: table.warnings };
}

async function readXlsx(bytes: Uint8Array, options: ReadOptions & { sheet?: string }): Promise<RawLayer[]> {
  const place = options.fileName;
  options.onProgress?.(0);
  const parts = unpackXlsx(bytes, options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES, options);
  options.onProgress?.(0.4);
  // Re-zipped without compression: read-excel-file/universal then only copies entries out (fflate's async unzip
  // would inflate large entries in a Worker made from a blob: URL, which the app's CSP, worker-src 'self', blocks).
  const stored = zipSync(parts, { level: 0 }).buffer as ArrayBuffer;
  const layers: RawLayer[] = [];
  const emptySheets: string[] = [];
  try {
    const sheets = options.sheet
      ? [{ sheet: options.sheet, data: await readSheet(stored, options.sheet, { trim: false }) }]
      : await readXlsxFile(stored, { trim: false });
    for (const { sheet, data } of sheets) {
      const read = sheetTable(data as unknown[][], `${place} [${sheet}]`);
      if (!read) emptySheets.push(sheet);
      else
        layers.push({
          format: 'xlsx',
          name: sheet,
          table: read.table,
          encoding: { name: 'utf-8', source: 'format' },
          warnings: read.warnings,
        });
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const err = e as Error & { sheets?: string[] };
    if (err.name === 'SheetNotFoundError')
      throw new ImportError(
        'sheetNotFound',
        `has no sheet "${options.sheet}"; its sheets: ${(err.sheets ?? []).map((s) => `"${s}"`).join(', ')}`,
        place,
      );
    throw new ImportError('badXlsx', `cannot be read as an xlsx workbook (${err.message})`, place);
  }
  options.onProgress?.(1);
  if (!layers.length)
    throw new ImportError(
      'empty',
      options.sheet
        ? `sheet "${options.sheet}" is empty (a header row is required)`
        : 'has no sheet with data',
      place,
    );
  if (emptySheets.length)
    layers[0].warnings.push({
      code: 'emptySheetSkipped',
      reason: `empty sheet${emptySheets.length === 1 ? '' : 's'} skipped: ${emptySheets.map((s) => `"${s}"`).join(', ')}`,
    });
  return layers;
}
