/**
 * incidents.csv (DOMAIN.md): a header row naming the incident properties plus lon,lat; UTF-8, a BOM allowed.
 * Used for large incident sets; the result is the same FeatureCollection as incidents.geojson gives.
 */
import type { Feature, Point } from 'geojson';
import type { IncidentFC, IncidentProps } from '../domain/types';
import { csvRows } from './csv';
import { DatasetError, combineErrors } from './errors';
import { FILE_SPECS, checkProperties } from './schema';

const FILE = 'incidents.csv';
const NUMERIC = new Set(['level']);
const BOOLEAN = new Set(['supervised']);

/**
 * Parses incidents.csv text; throws DatasetError naming the line and column of the first problems.
 * @example parseIncidentsCsv('id,category,level,status,reportedAt,gridCode,lon,lat\n…')
 */
export function parseIncidentsCsv(text: string): IncidentFC {
  const spec = FILE_SPECS['incidents.geojson'];
  const rows = csvRows(text);
  const first = rows.next();
  if (first.done) throw new DatasetError(FILE, 'is empty (a header row is required)');
  const header = first.value.row.map((h) => h.trim());
  const known = new Set([...Object.keys(spec.required), ...Object.keys(spec.optional), 'lon', 'lat']);
  const missing = [...Object.keys(spec.required), 'lon', 'lat'].filter((k) => !header.includes(k));
  if (missing.length) throw new DatasetError(FILE, `header row lacks required column(s) ${missing.join(', ')}`, 'line 1');
  const unknown = header.filter((h) => !known.has(h));
  const lonAt = header.indexOf('lon');
  const latAt = header.indexOf('lat');
  const features: Feature<Point, IncidentProps>[] = [];
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
      header.forEach((h, k) => {
        if (k === lonAt || k === latAt || unknown.includes(h)) return;
        const v = row[k];
        if (v === '') return;
        props[h] = NUMERIC.has(h) ? Number(v) : BOOLEAN.has(h) ? v === 'true' || v === '1' : v;
      });
      const lon = Number(row[lonAt]);
      const lat = Number(row[latAt]);
      const problems = checkProperties(props, spec);
      if (row[lonAt] === '' || row[latAt] === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
        problems.push(`lon/lat must be numbers, got "${row[lonAt]}", "${row[latAt]}"`);
      }
      for (const p of problems) errors.push(new DatasetError(FILE, p, where));
      if (errors.length >= 5) break;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: props as unknown as IncidentProps,
      });
    }
  } catch (e) {
    if (e instanceof SyntaxError) throw new DatasetError(FILE, e.message);
    throw e;
  }
  if (errors.length) throw combineErrors(FILE, errors);
  return { type: 'FeatureCollection', features };
}
