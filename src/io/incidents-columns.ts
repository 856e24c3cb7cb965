/**
 * incidents.csv straight into columns (domain/incident-table): a county's million rows never become a million
 * feature objects. The checks and messages are io/incidents-csv's (header, field count, the contract's property
 * types via io/schema, lon/lat), with line numbers.
 */
import { IncidentTableBuilder, type IncidentTable, type IncidentTableOptions } from '../domain/incident-table';
import { readIncidentsCsv } from './incidents-csv';

/**
 * Parses incidents.csv text into an IncidentTable; throws DatasetError naming the line of the first problems (up
 * to five), as readIncidentsCsv finds them.
 * @example incidentColumnsFromCsv(await readFile('incidents.csv', 'utf8')).n
 */
export function incidentColumnsFromCsv(text: string, options: IncidentTableOptions = {}): IncidentTable {
  // A rough row count from the text length sizes the columns once (about 120 bytes a row; they grow if short).
  const builder = new IncidentTableBuilder(Math.ceil(text.length / 120), options);
  readIncidentsCsv(text, ({ props, lon, lat, where }) => builder.add(props, lon, lat, where));
  return builder.finish();
}
