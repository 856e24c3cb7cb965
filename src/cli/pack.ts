/**
 * `pack DIR` (issue 14): writes DIR/incidents.bin from the folder's incidents.geojson or incidents.csv and lists it
 * in dataset.json, so the app, `stats` and the wall read the incidents from it (docs/binary-data.md). The text file
 * stays: it is the contract's interchange form and what the binary is checked against. A CSV is read as a stream, a
 * piece at a time, never as one string; the new files replace the old ones only once whole (write, then rename).
 * When the folder lists patrols.geojson it also writes patrol-area.json: each month's patrol area figures per grid
 * (geo/patrol-area), used by `stats` only while the grids and tracks are those they were computed from.
 */
import { createReadStream } from 'node:fs';
import { readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { datasetIncidents, type IncidentTable } from '../domain/incident-table';
import { DATASET_FILES, type DatasetFile, type DatasetManifest } from '../domain/types';
import { loadDataset, parseManifest } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { folderSource } from '../io/fs-source';
import { INCIDENTS_BIN, encodeIncidentTable } from '../io/incidents-binary';
import { incidentColumnsFromCsvChunks } from '../io/incidents-columns';
import { patrolAreaFile } from '../geo/dataset-stats';
import { PATROL_AREA_FILE } from '../geo/patrol-area';

export interface PackResult {
  /** The file written. */
  file: string;
  /** The file it was written from. */
  from: 'incidents.geojson' | 'incidents.csv';
  incidents: number;
  bytes: number;
  /** Whether dataset.json lists it now (false: the folder has no dataset.json; the CLI reads the folder anyway). */
  listed: boolean;
  /** patrol-area.json, when the folder lists patrols.geojson: how many months it holds, and its size. */
  patrolArea: { file: string; months: number; bytes: number } | null;
  ms: number;
}

/** The folder's own regular file `file`, refused when it leads outside the folder (as fs-source refuses it). */
export async function insideFile(root: string, file: string): Promise<{ path: string; size: number }> {
  let real: string;
  try {
    real = await realpath(join(root, file));
  } catch (e) {
    throw new DatasetError(file, `could not be read from ${root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const rel = relative(await realpath(root), real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new DatasetError(file, `is a symbolic link to a file outside ${root}; only files inside the dataset folder are read`);
  const s = await stat(real);
  if (!s.isFile()) throw new DatasetError(file, `is not a regular file in ${root}; only regular files are read`);
  return { path: real, size: s.size };
}

/** The incidents of incidents.csv, read a piece at a time (titles kept). */
async function csvTable(root: string): Promise<IncidentTable> {
  const { path, size } = await insideFile(root, 'incidents.csv');
  return incidentColumnsFromCsvChunks(createReadStream(path, { highWaterMark: 1 << 20 }), { titles: true }, size);
}

/** The incidents of incidents.geojson, through the loader's checks (titles kept). */
async function geojsonTable(root: string): Promise<IncidentTable> {
  const folder = folderSource(root);
  const only = { ...folder, manifest: async () => ({ name: 'dataset', files: ['incidents.geojson'] as DatasetFile[] }) };
  return datasetIncidents(await loadDataset(only, { require: [], incidentTitles: true }));
}

/** Writes `data` to `path` through a temporary file beside it, so a reader never sees half a file. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The entries of a dataset folder; a DatasetError when it is not a readable folder. */
export async function folderEntries(root: string): Promise<string[]> {
  try {
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return await readdir(root);
  } catch (e) {
    throw new DatasetError(root, `is not a readable dataset folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The folder's dataset.json as written and parsed, or nulls when it has none; read before anything is written. */
export async function folderManifest(root: string, entries: readonly string[]): Promise<{ text: string; manifest: DatasetManifest } | null> {
  if (!entries.includes('dataset.json')) return null;
  const text = await readFile((await insideFile(root, 'dataset.json')).path, 'utf8');
  return { text, manifest: parseManifest(text) };
}

/**
 * Lists `file` (or each of several) in the folder's dataset.json, in the contract's order, once: the file as
 * written, only `files` changed (parseManifest fills in a missing name; that is not written back). Nothing when
 * all are listed already.
 */
export async function listInManifest(
  root: string,
  read: { text: string; manifest: DatasetManifest },
  file: DatasetFile | readonly DatasetFile[],
): Promise<void> {
  const adding = typeof file === 'string' ? [file] : file;
  if (adding.every((f) => read.manifest.files.includes(f))) return;
  const files = DATASET_FILES.filter((f) => adding.includes(f) || read.manifest.files.includes(f));
  const written = JSON.parse(read.text) as Record<string, unknown>;
  await replaceFile(join(root, 'dataset.json'), `${JSON.stringify({ ...written, files }, null, 2)}\n`);
}

/**
 * @example await runPack('data/generated/county') // { file: '…/incidents.bin', from: 'incidents.csv', incidents: 1000192, … }
 */
export async function runPack(dir: string): Promise<PackResult> {
  const t0 = performance.now();
  const root = resolve(dir);
  const entries = await folderEntries(root);
  // The loader's rule without the binary: incidents.geojson, the contract's primary form, else incidents.csv.
  const from = entries.includes('incidents.geojson') ? 'incidents.geojson' : entries.includes('incidents.csv') ? 'incidents.csv' : null;
  if (!from) throw new DatasetError(root, 'has no incidents.geojson or incidents.csv to pack');
  // Read before anything is written: a dataset.json that is not one stops the command with nothing changed.
  const manifest = await folderManifest(root, entries);

  const table = from === 'incidents.csv' ? await csvTable(root) : await geojsonTable(root);
  const bytes = encodeIncidentTable(table);
  // Computed before anything is written: a failure leaves the folder as it was.
  const area = await patrolAreaText(root);
  const file = join(root, INCIDENTS_BIN);
  await replaceFile(file, bytes);
  const areaFile = join(root, PATROL_AREA_FILE);
  if (area) await replaceFile(areaFile, area.text);
  if (manifest) await listInManifest(root, manifest, area ? [INCIDENTS_BIN, PATROL_AREA_FILE] : [INCIDENTS_BIN]);
  return {
    file,
    from,
    incidents: table.n,
    bytes: bytes.length,
    listed: manifest !== null,
    patrolArea: area && { file: areaFile, months: area.months, bytes: Buffer.byteLength(area.text) },
    ms: Math.round(performance.now() - t0),
  };
}

/**
 * patrol-area.json's text for the folder, or null when it lists no patrols: the grids (a malformed one has no
 * area, as in `stats`), the communities (asOf) and the tracks, through the loader's checks.
 */
async function patrolAreaText(root: string): Promise<{ text: string; months: number } | null> {
  const source = folderSource(root);
  const files = (await source.manifest()).files;
  if (!files.includes('patrols.geojson') || !files.includes('grids.geojson')) return null;
  const read: DatasetFile[] = ['community.geojson', 'grids.geojson', 'patrols.geojson'];
  const dataset = await loadDataset(source, {
    require: ['grids.geojson', 'patrols.geojson'],
    skip: DATASET_FILES.filter((f) => !read.includes(f)),
    lenientGeometry: true,
  });
  const stored = patrolAreaFile(dataset, { now: Date.now() });
  return { text: `${JSON.stringify(stored)}\n`, months: stored.months.length };
}
