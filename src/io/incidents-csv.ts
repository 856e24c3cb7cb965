/**
 * incidents.csv (DOMAIN.md): a header row naming the incident properties plus lon,lat; UTF-8, a BOM allowed.
 * Used for large incident sets, so its rows go straight into columns (io/incidents-columns), not into features.
 */
import type { IncidentProps } from '../domain/types';
import { csvRows } from './csv';
import { DatasetError, combineErrors } from './errors';
import { FILE_SPECS, checkProperties } from './schema';

/** Incident properties in the column order the app writes incidents.csv in (then lon, lat): the generator's. */
export const INCIDENT_CSV_COLUMNS = [
  'id',
  'category',
  'level',
  'status',
  'reportedAt',
  'gridCode',
  'acceptedAt',
  'dispatchedAt',
  'resolvedAt',
  'verifiedAt',
  'closedAt',
  'deadline',
  'supervised',
  'title',
  'enterpriseId',
] as const satisfies readonly (keyof IncidentProps)[];

/**
 * One CSV cell: empty for null/undefined, quoted (RFC 4180) when it holds a quote, comma or line break.
 * @example csvCell('a,"b"') === '"a,""b"""'
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FILE = 'incidents.csv';
const NUMERIC = new Set(['level']);
const BOOLEAN = new Set(['supervised']);

/** One checked row of incidents.csv: the contract's properties (typed), its point, and its line for messages. */
export interface IncidentCsvRow {
  props: IncidentProps;
  lon: number;
  lat: number;
  where: string;
}

/**
 * Reads incidents.csv row by row and hands each well-formed row to `take`; checks the header, the field count, the
 * contract's property types (io/schema) and lon/lat, and throws DatasetError naming the line of the first problems
 * (up to five). Rows after the first problem are still checked, not handed on. A RangeError from `take` becomes a
 * DatasetError too. `firstLine` numbers the text's first line (its header row) when the text is a piece of a larger
 * file with the header row put in front (io/incidents-columns' chunked reader); default 1.
 * @example readIncidentsCsv(text, ({ props, lon, lat, where }) => builder.add(props, lon, lat, where))
 */
export function readIncidentsCsv(text: string, take: (row: IncidentCsvRow) => void, firstLine = 1): void {
  const spec = FILE_SPECS['incidents.geojson'];
  const rows = csvRows(text, firstLine);
  const first = rows.next();
  if (first.done) throw new DatasetError(FILE, 'is empty (a header row is required)');
  const header = first.value.row.map((h) => h.trim());
  const known = new Set([...Object.keys(spec.required), ...Object.keys(spec.optional), 'lon', 'lat']);
  const missing = [...Object.keys(spec.required), 'lon', 'lat'].filter((k) => !header.includes(k));
  if (missing.length) throw new DatasetError(FILE, `header row lacks required column(s) ${missing.join(', ')}`, `line ${first.value.line}`);
  const lonAt = header.indexOf('lon');
  const latAt = header.indexOf('lat');
  // Only the contract's columns are read; an unknown one is ignored.
  const columns = header.map((h, k) => (k === lonAt || k === latAt || !known.has(h) ? null : h));
  const errors: DatasetError[] = [];
  try {
    for (const { row, line } of rows) {
      const where = `line ${line}`;
      if (row.length !== header.length) {
        errors.push(new DatasetError(FILE, `has ${row.length} fields, the header has ${header.length}`, where));
        if (errors.length >= 5) break;
        continue;
      }
      const props: Record<string, unknown> = {};
      for (let k = 0; k < columns.length; k++) {
        const h = columns[k];
        const v = row[k];
        if (h === null || v === '') continue;
        props[h] = NUMERIC.has(h) ? Number(v) : BOOLEAN.has(h) ? v === 'true' || v === '1' : v;
      }
      const lon = Number(row[lonAt]);
      const lat = Number(row[latAt]);
      const problems = checkProperties(props, spec);
      if (row[lonAt] === '' || row[latAt] === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
        problems.push(`lon/lat must be numbers, got "${row[lonAt]}", "${row[latAt]}"`);
      }
      for (const p of problems) errors.push(new DatasetError(FILE, p, where));
      if (errors.length >= 5) break;
      if (errors.length === 0) take({ props: props as unknown as IncidentProps, lon, lat, where });
    }
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof RangeError) throw new DatasetError(FILE, e.message);
    throw e;
  }
  if (errors.length) throw combineErrors(FILE, errors);
}
