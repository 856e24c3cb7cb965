/**
 * CSV for spreadsheets and other tools: UTF-8 with a BOM (so that Excel on Chinese Windows reads the Chinese as
 * UTF-8 and not as GBK), CRLF line ends, RFC 4180 quoting (a field holding `"`, `,`, CR or LF is quoted, its quotes
 * doubled). A header row names the columns: the properties, then the geometry.
 *
 * Geometry: when every feature that has a geometry has a Point, two columns `lon`, `lat` (WGS84, `String(n)`: read
 * back exactly); otherwise one column `wkt`, each geometry as OGC Well-Known Text (WGS84), which QGIS and GDAL read
 * from a CSV. A feature without geometry has empty geometry cells. (GridSight's own importer reads points from a
 * table, not WKT: grids and patrol tracks go back in as GeoJSON, Shapefile or KML.)
 *
 * Values: common.ts's `valueText` (null → empty cell, arrays joined by `,`, booleans `true`/`false`).
 *
 * CSV injection (OWASP, "CSV Injection"): a cell whose text a spreadsheet would run as a formula (io/formula, the
 * rule the importer warns by: `=`, `+`, `-`, `@`, a tab or a CR in front, except a number such as `-12.5`) is
 * written with a `'` in front (`'=HYPERLINK(…)`), which Excel, WPS and LibreOffice show as text. So `-2+3`, `+1+1`
 * and `-12.5 元` are prefixed; `-12.5`, `-0.5e3`, `+1,234` and a lone `-` are not.
 * The rule looks at the cell's text, whether the value was a number or a string. A program that reads the CSV
 * as data (GridSight's importer included) sees the `'`: that is OWASP's accepted cost.
 * Pure: no node:fs, no DOM.
 */
import type { Geometry } from 'geojson';
import { formulaLike } from '../formula';
import {
  ByteBuilder,
  ExportError,
  geometryWkt,
  layerColumns,
  propertyOf,
  valueText,
  type ExportFeatures,
  type ExportOptions,
  type Written,
} from './common';

/**
 * A CSV cell: formula-like text prefixed with `'`, then quoted when it must be (RFC 4180).
 * @example csvField('=HYPERLINK("http://x","y")') === `"'=HYPERLINK(""http://x"",""y"")"`
 */
export function csvField(text: string): string {
  const safe = formulaLike(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** How a table writes the geometry: `lon`/`lat` columns when all geometries are points, else one `wkt` column. */
export type TableGeometry = 'point' | 'wkt';

/**
 * The geometry columns of a table (CSV, xlsx) of these features; an ExportError when a property has that name.
 * @example tableGeometry([...], ['id']) // { kind: 'point', columns: ['lon', 'lat'] }
 */
export function tableGeometry(
  features: ExportFeatures,
  properties: readonly string[],
): { kind: TableGeometry; columns: string[] } {
  let points = true;
  for (const f of features) {
    if (f.geometry && f.geometry.type !== 'Point') {
      points = false;
      break;
    }
  }
  const columns = points ? ['lon', 'lat'] : ['wkt'];
  const clash = columns.find((c) => properties.includes(c));
  if (clash) {
    throw new ExportError(
      'columnClash',
      `a property is named "${clash}", as the geometry column of a table is: rename it before exporting as a table`,
    );
  }
  return { kind: points ? 'point' : 'wkt', columns };
}

/**
 * The geometry cells of one feature, as text (numbers by `String(n)`).
 * @example geometryCells({ type: 'Point', coordinates: [120.9, 30.5] }, 'point') // ['120.9', '30.5']
 */
export function geometryCells(geometry: Geometry | null, kind: TableGeometry): string[] {
  if (kind === 'wkt') return [geometryWkt(geometry)];
  if (!geometry || geometry.type !== 'Point' || geometry.coordinates.length < 2) return ['', ''];
  return [String(geometry.coordinates[0]), String(geometry.coordinates[1])];
}

/**
 * Writes features as CSV (see the file's comment for the columns, the geometry and the formula rule).
 * @example writeCsv(enterprises, { columns: ['id', 'name'] }).bytes // BOM, "id,name,lon,lat\r\n…"
 */
export function writeCsv(features: ExportFeatures, options: ExportOptions = {}): Written {
  const properties = layerColumns(features, options.columns);
  const geometry = tableGeometry(features, properties);
  const out = new ByteBuilder();
  out.text('\uFEFF');
  out.text(`${[...properties, ...geometry.columns].map(csvField).join(',')}\r\n`);
  const cells: string[] = [];
  for (const f of features) {
    cells.length = 0;
    for (const key of properties) cells.push(csvField(valueText(propertyOf(f, key)) ?? ''));
    for (const cell of geometryCells(f.geometry, geometry.kind)) cells.push(csvField(cell));
    out.text(`${cells.join(',')}\r\n`);
  }
  return { bytes: out.finish(), warnings: [] };
}
