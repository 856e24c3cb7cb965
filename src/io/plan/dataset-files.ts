/**
 * A dataset as files in memory, both ways: `datasetFiles` writes every contract file the dataset holds (plus
 * dataset.json) as the generator does, one feature per line, and `readDatasetFiles` reads such a map back through the
 * very loader and schema checks a folder or URL goes through. The planner's CLI writes the map to a folder, the
 * proposal zip holds it under `dataset/`, and approving a proposal yields it: one writer for all three.
 */
import type { Feature } from 'geojson';
import type { IncidentTable } from '../../domain/incident-table';
import { type Dataset, type DatasetFile, DATASET_FILES } from '../../domain/types';
import { GEOMETRY_FAULT } from '../../domain/geometry-fault';
import { loadDataset, parseManifest, type DatasetSource, type LoadOptions } from '../dataset';
import { DatasetError } from '../errors';
import { INCIDENT_CSV_COLUMNS, csvCell } from '../incidents-csv';
import { incidentProps } from '../incident-features';


export interface DatasetFilesOptions {
  /**
   * Files to write exactly as given instead of from the dataset (e.g. the original incidents.csv, patrols.geojson
   * and basemap.geojson text, which a plan never changes): a county's incidents read as columns keep only what the
   * figures use, so their text is the only lossless copy. Only files the dataset holds are written. Default: none.
   */
  verbatim?: ReadonlyMap<string, string>;
}

/** One feature per line, as cli/generate writes them: diffable, and a reader can stream it. */
function featureCollectionText(file: string, features: readonly Feature[]): string {
  const lines = features.map((f, i) => {
    // A unit read leniently with malformed geometry has lost it (geometry null): writing it would silently drop
    // the original, so refuse and name it.
    if ((f as unknown as Record<string, unknown>)[GEOMETRY_FAULT] !== undefined || f.geometry === null) {
      const label = (f.properties as { code?: unknown; id?: unknown } | null)?.code ?? f.properties?.id;
      const name = typeof label === 'string' ? ` (${label})` : '';
      throw new DatasetError(file, 'has no readable geometry to write; fix the source file first', `feature ${i}${name}`);
    }
    return JSON.stringify(f);
  });
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

function arrayText(items: readonly unknown[]): string {
  return `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`;
}

/**
 * incidents.csv from the columns. The table keeps every lifecycle time, category, level, status, grid, supervised,
 * the enterprise and (when read with them) the title; the deadline is written explicitly (the same moment the table
 * computed), and a table read without titles writes none. Pass the original text in `verbatim` to keep the file
 * as it was.
 */
function incidentsCsvText(t: IncidentTable): string {
  const out: string[] = [`${[...INCIDENT_CSV_COLUMNS, 'lon', 'lat'].join(',')}\n`];
  for (let i = 0; i < t.n; i++) {
    const row = incidentProps(t, i);
    let line = '';
    for (const c of INCIDENT_CSV_COLUMNS) line += `${csvCell(row[c])},`;
    out.push(`${line}${t.lon[i]},${t.lat[i]}\n`);
  }
  return out.join('');
}

/**
 * Every contract file the dataset holds, as text, plus dataset.json listing them (the manifest's name, description
 * and flags kept). Never mutates the dataset. Throws DatasetError for a unit whose geometry was not readable.
 * @example const files = datasetFiles(dataset); files.get('grids.geojson')
 */
export function datasetFiles(dataset: Dataset, options: DatasetFilesOptions = {}): Map<string, string> {
  const verbatim = options.verbatim ?? new Map<string, string>();
  const files = new Map<DatasetFile, string>();
  const fc = (file: DatasetFile, collection: { features: readonly Feature[] } | undefined) => {
    if (collection) files.set(file, verbatim.get(file) ?? featureCollectionText(file, collection.features));
  };
  fc('community.geojson', dataset.community);
  fc('grids.geojson', dataset.grids);
  fc('microgrids.geojson', dataset.microGrids);
  fc('enterprises.geojson', dataset.enterprises);
  if (dataset.members) files.set('members.json', verbatim.get('members.json') ?? arrayText(dataset.members));
  // incidents.geojson wins when both are set, as when loading.
  if (dataset.incidents) fc('incidents.geojson', dataset.incidents);
  else if (dataset.incidentColumns) {
    files.set('incidents.csv', verbatim.get('incidents.csv') ?? incidentsCsvText(dataset.incidentColumns));
  }
  fc('patrols.geojson', dataset.patrols);
  fc('basemap.geojson', dataset.basemap);

  const listed = DATASET_FILES.filter((f) => files.has(f));
  const manifest = { ...dataset.manifest, files: listed };
  const out = new Map<string, string>([['dataset.json', `${JSON.stringify(manifest, null, 2)}\n`]]);
  for (const f of listed) out.set(f, files.get(f)!);
  return out;
}

const decoder = new TextDecoder('utf-8');

/**
 * A DatasetSource over files in memory (a zip's entries): dataset.json when present is the manifest, as for a URL;
 * without it the contract files present are, as for a folder.
 * @example await loadDataset(memorySource(files, 'proposal.zip/dataset'))
 */
export function memorySource(files: ReadonlyMap<string, string | Uint8Array>, location = 'memory'): DatasetSource {
  const read = async (file: string): Promise<string> => {
    const content = files.get(file);
    if (content === undefined) throw new DatasetError(file, `is missing from ${location}`);
    return typeof content === 'string' ? content : decoder.decode(content);
  };
  const encoder = new TextEncoder();
  return {
    location,
    read,
    async readBytes(file: string): Promise<Uint8Array> {
      const content = files.get(file);
      if (content === undefined) throw new DatasetError(file, `is missing from ${location}`);
      return typeof content === 'string' ? encoder.encode(content) : content;
    },
    async manifest() {
      if (files.has('dataset.json')) return parseManifest(await read('dataset.json'));
      return { name: 'dataset', files: DATASET_FILES.filter((f) => files.has(f)) };
    },
  };
}

/**
 * Reads files in memory as a dataset, through the same loader and schema checks as a folder or URL. Throws
 * DatasetError naming the file and place of the first problem.
 * @example const dataset = await readDatasetFiles(datasetFiles(dataset))
 */
export function readDatasetFiles(
  files: ReadonlyMap<string, string | Uint8Array>,
  options: LoadOptions & { location?: string } = {},
): Promise<Dataset> {
  return loadDataset(memorySource(files, options.location), options);
}
