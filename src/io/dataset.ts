/**
 * Loads a dataset folder through a small source adapter (HTTP in the browser, the file system in the CLI), so
 * parsing and checking are the same everywhere. Only files the manifest lists are read: no 404s.
 */
import { packLineStrings } from '../geo/packed-lines';
import type { Dataset, DatasetFile, DatasetManifest } from '../domain/types';
import { DATASET_FILES } from '../domain/types';
import { DatasetError, excerpt } from './errors';
import { incidentColumnsFromCsv } from './incidents-columns';
import { INCIDENTS_BIN, decodeIncidentTable } from './incidents-binary';
import { parsePatrolArea } from './patrol-area';
import { parseFeatureCollection, parseJson, parseMembers, refuseDeepNesting } from './schema';

/** The files of units that validation checks for invalid geometry. */
const AREAL_UNIT_FILES: readonly DatasetFile[] = ['community.geojson', 'grids.geojson', 'microgrids.geojson'];

/** Where a dataset's files come from. */
export interface DatasetSource {
  /** A name for messages: the URL or the folder path. */
  readonly location: string;
  /** The manifest: dataset.json, or (for a folder) the contract files present in it. */
  manifest(): Promise<DatasetManifest>;
  /** The text of one file; throws DatasetError when it cannot be read. */
  read(file: string): Promise<string>;
  /**
   * The bytes of one file (incidents.bin); throws DatasetError when it cannot be read. A source without it cannot
   * read binary files, and loadDataset says so for a dataset that lists one.
   */
  readBytes?(file: string): Promise<Uint8Array>;
}

export interface LoadOptions {
  /** Files this tool cannot work without; a missing one is a DatasetError. Default: community and grids. */
  require?: DatasetFile[];
  /** Files to skip even when present (e.g. the CLI's stats needs no basemap). Default: none. */
  skip?: DatasetFile[];
  /**
   * Keep communities, grids and micro-grids whose geometry is malformed (wrong type, coordinates that are not
   * numbers), with a null geometry and the fault recorded (domain/geometry-fault), for validation to report as
   * invalid-geometry; the CLI's validate and the app read this way. Otherwise such a file is unreadable. Default false.
   */
  lenientGeometry?: boolean;
  /**
   * Keep the titles of incidents read from incidents.csv (domain/incident-table's `titles`): the wall's alerts and
   * carousel show them; the `stats` figures and the analyst's filters do not, and a county's take ~65 MiB (as
   * incidents.bin, a dictionary of distinct titles: ~25 MiB). Default false.
   */
  incidentTitles?: boolean;
  /**
   * The map draws the base map from basemap.pmtiles when the manifest lists it: basemap.geojson is then not read
   * (the overview's screens; the planner reads it when it snaps to roads). Default false.
   */
  basemapTiles?: boolean;
}

/**
 * Checks a parsed dataset.json.
 * @example parseManifest('{"name":"x","files":["grids.geojson"]}', 'dataset.json')
 */
export function parseManifest(text: string, where = 'dataset.json'): DatasetManifest {
  const m = parseJson(where, text) as DatasetManifest;
  if (!m || typeof m !== 'object' || !Array.isArray(m.files)) {
    throw new DatasetError(where, 'must be an object with "name" and a "files" array');
  }
  const unknown = m.files.filter((f) => !(DATASET_FILES as readonly string[]).includes(f));
  if (unknown.length) {
    const named = unknown.slice(0, 3).map(excerpt).join(', ') + (unknown.length > 3 ? ` and ${unknown.length - 3} more` : '');
    throw new DatasetError(where, `"files" names ${named}, not files of the data contract`);
  }
  refuseDeepNesting(where, m);
  return { ...m, name: typeof m.name === 'string' && m.name ? m.name : 'dataset' };
}

/**
 * Reads and checks every contract file the source lists.
 * @example await loadDataset(urlSource('./data/zhihuiwan/'))
 */
export async function loadDataset(source: DatasetSource, options: LoadOptions = {}): Promise<Dataset> {
  const manifest = await source.manifest();
  const present = new Set(manifest.files);
  const required = options.require ?? ['community.geojson', 'grids.geojson'];
  const missing = required.filter((f) => !present.has(f));
  if (missing.length) {
    throw new DatasetError(missing[0], `is required but missing from ${source.location}`, undefined, {
      key: 'requiredMissing',
      params: { location: source.location },
    });
  }
  const skip = new Set(options.skip ?? []);
  if (options.basemapTiles && present.has('basemap.pmtiles')) skip.add('basemap.geojson');
  const want = (f: DatasetFile) => present.has(f) && !skip.has(f);
  const text = (f: DatasetFile) => source.read(f);
  const lenient = (f: DatasetFile) => !!options.lenientGeometry && AREAL_UNIT_FILES.includes(f);
  const geo = async <T>(f: DatasetFile): Promise<T | undefined> =>
    want(f) ? (parseFeatureCollection(f, await text(f), { lenientGeometry: lenient(f) }) as T) : undefined;

  // incidents.bin, when listed, is the dataset's incidents: it is written from incidents.csv or incidents.geojson
  // (`gridsight pack`, `generate`) and reads ~10× faster than either (docs/binary-data.md). Else incidents.geojson,
  // the contract's primary form, else incidents.csv.
  const binary = want('incidents.bin');
  const [community, grids, microGrids, enterprises, patrols, basemap, members, incidents, incidentColumns, patrolArea] = await Promise.all([
    geo<Dataset['community']>('community.geojson'),
    geo<Dataset['grids']>('grids.geojson'),
    geo<Dataset['microGrids']>('microgrids.geojson'),
    geo<Dataset['enterprises']>('enterprises.geojson'),
    // A county's 2.5 million track positions: packed, ~160 MB less heap in each worker that holds them (geo/packed-lines).
    geo<Dataset['patrols']>('patrols.geojson').then((fc) => fc && packLineStrings(fc)),
    geo<Dataset['basemap']>('basemap.geojson'),
    want('members.json') ? text('members.json').then(parseMembers) : undefined,
    !binary && want('incidents.geojson') ? geo<Dataset['incidents']>('incidents.geojson') : undefined,
    // incidents.csv is for large incident sets: read straight into columns, never into feature objects.
    binary
      ? readBinary(source, INCIDENTS_BIN).then((b) => decodeIncidentTable(b, { titles: !!options.incidentTitles }))
      : !want('incidents.geojson') && want('incidents.csv')
        ? text('incidents.csv').then((t) => incidentColumnsFromCsv(t, { titles: !!options.incidentTitles }))
        : undefined,
    want('patrol-area.json') ? text('patrol-area.json').then(parsePatrolArea) : undefined,
  ]);
  return { manifest, community, grids, microGrids, enterprises, members, incidents, incidentColumns, patrols, basemap, ...(patrolArea && { patrolArea }) };
}

/**
 * basemap.geojson alone, read and checked as loadDataset reads it: for the maps and the planner when the start-up
 * read left it out because basemap.pmtiles is listed (LoadOptions.basemapTiles).
 */
export async function readBasemapGeojson(source: DatasetSource): Promise<NonNullable<Dataset['basemap']>> {
  return parseFeatureCollection('basemap.geojson', await source.read('basemap.geojson')) as NonNullable<Dataset['basemap']>;
}

/** The bytes of a binary file, or a DatasetError when the source reads text only. */
function readBinary(source: DatasetSource, file: string): Promise<Uint8Array> {
  if (!source.readBytes) {
    return Promise.reject(new DatasetError(file, `is listed, but ${source.location} is read as text only; remove it from dataset.json to read the text form`));
  }
  return source.readBytes(file);
}
