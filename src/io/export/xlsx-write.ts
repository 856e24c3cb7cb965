/**
 * A minimal xlsx workbook (Office Open XML, ECMA-376), written here with fflate rather than by a library:
 * write-excel-file's browser build needs jszip and file-saver (a DOM download), and no well-kept library writes a
 * workbook from a pure module to a Uint8Array in a worker. One worksheet, the header row bold and frozen; every
 * string an inline string (`t="inlineStr"`), every number a number cell, booleans boolean cells, null an absent
 * cell. Columns and geometry as the CSV writer has them (csv-write.ts): the properties, then `lon`/`lat` number
 * cells when every geometry is a Point, else a `wkt` string column.
 *
 * Formulas: a cell is a formula only when it has an `<f>` element, which this writer never writes, so no value can
 * become a formula, whatever its text (`=HYPERLINK(…)` stays the text `=HYPERLINK(…)`, unchanged). Strings that a
 * spreadsheet would run as a formula if the cell were edited and confirmed (io/formula's `formulaLike`: `=`, `+`,
 * `-`, `@`, tab or CR in front, not a number) also get a style with `quotePrefix="1"` and the text format
 * `@`, Excel's own mark of a value typed with a leading `'`, so they stay text even then.
 *
 * Strings: `xml:space="preserve"` where white space at an end or a tab or line break must survive; characters
 * XML 1.0 cannot hold (control characters) are written as `_xHHHH_` (ST_Xstring), and a
 * literal `_xHHHH_` in the text as `_x005F_xHHHH_`; a string longer than Excel's 32,767 characters is cut there
 * (a warning says how many), a WKT longer than that is left out (a warning). At most 1,048,575 features (Excel's
 * 1,048,576 rows less the header). Pure: no node:fs, no DOM.
 */
import {
  ExportError,
  Tally,
  ZipWriter,
  layerColumns,
  propertyOf,
  valueText,
  type ExportFeatures,
  type ExportOptions,
  type Written,
} from './common';
import { formulaLike } from '../formula';
import { geometryCells, tableGeometry } from './csv-write';

export interface XlsxOptions extends ExportOptions {
  /** The zip entries' modification time; default now. */
  date?: Date;
}

/** Excel's limits: rows of a sheet, characters of a cell, characters of a sheet name. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_CELL_CHARS = 32_767;
const MAX_SHEET_NAME = 31;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell styles (cellXfs indexes): 0 general, 1 text with quotePrefix (formula-like strings), 2 bold (header). */
const STYLE_QUOTED = 1;
const STYLE_HEADER = 2;

const CONTENT_TYPES =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const WORKBOOK_RELS =
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
  '</Relationships>';

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/**
 * A column's letters: 0 → A, 25 → Z, 26 → AA.
 * @example columnLetters(27) === 'AB'
 */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A valid sheet name: without `[ ] : * ? / \`, at most 31 characters, not empty, not "History" (reserved). */
function sheetName(name: string | undefined): string {
  const cleaned = [...(name ?? '').replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '')]
    .slice(0, MAX_SHEET_NAME)
    .join('')
    .trim();
  return cleaned && cleaned.toLowerCase() !== 'history' ? cleaned : 'Sheet1';
}

/** Text for an xlsx string: `_xHHHH_` escapes (ST_Xstring), then XML escapes. */
function xlsxText(s: string): string {
  return s
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
    .replace(
      /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    )
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A string cut to `max` UTF-16 units, never between the two halves of a surrogate pair. */
function cutChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/**
 * Writes features as an xlsx workbook of one sheet named after `options.name` (see the file's comment).
 * @example writeXlsx(enterprises, { name: 'enterprises' }).bytes // a zip: [Content_Types].xml, xl/worksheets/sheet1.xml…
 */
export function writeXlsx(features: ExportFeatures, options: XlsxOptions = {}): Written {
  const properties = layerColumns(features, options.columns);
  const geometry = tableGeometry(features, properties);
  const headers = [...properties, ...geometry.columns];
  const warnings: string[] = [];
  const cut = new Tally();
  const tooLong = new Tally();
  const sheet = sheetName(options.name);
  if (options.name !== undefined && sheet !== options.name) {
    warnings.push(
      `the sheet is named "${sheet}": a sheet name has at most 31 characters and none of [ ] : * ? / \\`,
    );
  }
  const letters = headers.map((_, i) => columnLetters(i));

  const zip = new ZipWriter(options.date);
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file(
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
      `<sheet name="${xlsxText(sheet).replace(/"/g, '&quot;')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  zip.file('xl/styles.xml', STYLES);

  const ws = zip.open('xl/worksheets/sheet1.xml');
  ws.text(
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">` +
      '<sheetViews><sheetView workbookViewId="0">' +
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      '<sheetData>',
  );
  const stringCell = (ref: string, text: string, style = 0, column = '', index = -1): string => {
    let value = text;
    if (value.length > XLSX_MAX_CELL_CHARS) {
      value = cutChars(value, XLSX_MAX_CELL_CHARS);
      cut.add(column, index);
    }
    const s = style || (formulaLike(value) ? STYLE_QUOTED : 0);
    const space = /^\s|\s$|[\t\n\r]/.test(value) ? ' xml:space="preserve"' : '';
    return `<c r="${ref}"${s ? ` s="${s}"` : ''} t="inlineStr"><is><t${space}>${xlsxText(value)}</t></is></c>`;
  };
  ws.text(
    `<row r="1">${headers.map((h, i) => stringCell(`${letters[i]}1`, h, formulaLike(h) ? STYLE_QUOTED : STYLE_HEADER)).join('')}</row>`,
  );

  let row = 1;
  const cells: string[] = [];
  for (const f of features) {
    row++;
    if (row > XLSX_MAX_ROWS) {
      throw new ExportError(
        'tooManyRows',
        `more than ${XLSX_MAX_ROWS - 1} features do not fit one worksheet (Excel's limit is ${XLSX_MAX_ROWS} rows): ` +
          'export as CSV, or fewer at a time (--month)',
      );
    }
    const index = row - 2;
    cells.length = 0;
    properties.forEach((key, k) => {
      const ref = `${letters[k]}${row}`;
      const value = propertyOf(f, key);
      if (typeof value === 'number') {
        if (Number.isFinite(value)) cells.push(`<c r="${ref}"><v>${value}</v></c>`);
      } else if (typeof value === 'boolean') {
        cells.push(`<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`);
      } else {
        const text = valueText(value);
        if (text !== null && text !== '') cells.push(stringCell(ref, text, 0, key, index));
      }
    });
    const at = properties.length;
    const geo = geometryCells(f.geometry, geometry.kind);
    if (geometry.kind === 'point') {
      geo.forEach((v, k) => v !== '' && cells.push(`<c r="${letters[at + k]}${row}"><v>${v}</v></c>`));
    } else if (geo[0].length > XLSX_MAX_CELL_CHARS) {
      tooLong.add('wkt', index);
    } else if (geo[0] !== '') {
      cells.push(stringCell(`${letters[at]}${row}`, geo[0]));
    }
    ws.text(`<row r="${row}">${cells.join('')}</row>`);
  }
  ws.text('</sheetData></worksheet>');
  ws.close();

  warnings.push(
    ...cut.lines(
      (key, n, first) =>
        `${n} value${n === 1 ? '' : 's'} of "${key}" cut to Excel's ${XLSX_MAX_CELL_CHARS} characters (first: feature ${first})`,
    ),
    ...tooLong.lines(
      (_, n, first) =>
        `${n} geometr${n === 1 ? 'y is' : 'ies are'} longer than Excel's ${XLSX_MAX_CELL_CHARS} characters as WKT and ` +
        `left out of the "wkt" column (first: feature ${first}): export as CSV, GeoJSON or Shapefile for the geometry`,
    ),
  );
  return { bytes: zip.finish(), warnings };
}
