/**
 * incidents.csv straight into columns (domain/incident-table): a county's million rows never become a million
 * feature objects. The same checks and messages as io/incidents-csv (header, field count, the contract's property
 * types via io/schema, lon/lat), with line numbers; only the result differs.
 */
import type { IncidentProps } from '../domain/types';
import { IncidentTableBuilder, type IncidentTable, type IncidentTableOptions } from '../domain/incident-table';
import { csvRows } from './csv';
import { DatasetError, combineErrors } from './errors';
import { FILE_SPECS, checkProperties } from './schema';

const FILE = 'incidents.csv';
const NUMERIC = new Set(['level']);
const BOOLEAN = new Set(['supervised']);

/**
 * Parses incidents.csv text into an IncidentTable; throws DatasetError naming the line and column of the first
 * problems (up to five, as parseIncidentsCsv).
 * @example incidentColumnsFromCsv(await readFile('incidents.csv', 'utf8')).n
 */
export function incidentColumnsFromCsv(text: string, options: IncidentTableOptions = {}): IncidentTable {
  const spec = FILE_SPECS['incidents.geojson'];
  const rows = csvRows(text);
  const first = rows.next();
  if (first.done) throw new DatasetError(FILE, 'is empty (a header row is required)');
  const header = first.value.row.map((h) => h.trim());
  const known = new Set([...Object.keys(spec.required), ...Object.keys(spec.optional), 'lon', 'lat']);
  const missing = [...Object.keys(spec.required), 'lon', 'lat'].filter((k) => !header.includes(k));
  if (missing.length) throw new DatasetError(FILE, `header row lacks required column(s) ${missing.join(', ')}`, 'line 1');
  const lonAt = header.indexOf('lon');
  const latAt = header.indexOf('lat');
  // Only the contract's columns are read; an unknown one (as in parseIncidentsCsv) is ignored.
  const columns = header.map((h, k) => (k === lonAt || k === latAt || !known.has(h) ? null : h));
  // A rough row count from the text length sizes the columns once (about 120 bytes a row; they grow if short).
  const builder = new IncidentTableBuilder(Math.ceil(text.length / 120), options);
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
      // Rows after the first error are still checked (to report up to five) but not stored.
      if (errors.length === 0) builder.add(props as unknown as IncidentProps, lon, lat, where);
    }
  } catch (e) {
    if (e instanceof SyntaxError) throw new DatasetError(FILE, e.message);
    if (e instanceof RangeError) throw new DatasetError(FILE, e.message);
    throw e;
  }
  if (errors.length) throw combineErrors(FILE, errors);
  return builder.finish();
}
