/**
 * `import FILE --as TARGET --out DIR` (issue 15): reads a Shapefile (.zip), KML/KMZ, GeoJSON, CSV or .xlsx, converts
 * it to one file of the data contract in WGS84 through the import pipeline (src/io/import/pipeline.ts) and writes it
 * into DIR. The report (JSON on stdout) lists every refused feature or row with its index and reason. Boundaries
 * replace nothing unless told (`--replace`); points and tracks merge by id into DIR's file. A file is written whole
 * or not at all (a temporary file, then a rename), and nothing is written with `--dry-run`. With `--ops FILE`, grids
 * or micro-grids become one planner operation (import-boundaries) written to FILE for `plan apply DIR --ops FILE`,
 * and nothing is written into DIR: the planner's way to change boundaries with their history.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { DatasetFile } from '../domain/types';
import { parseManifest } from '../io/dataset';
import { parseFeatureCollection } from '../io/schema';
import {
  AREAL_TARGETS,
  TARGET_FILE,
  importLayer,
  type ImportContext,
  type ImportReport,
  type ImportTarget,
} from '../io/import/pipeline';
import { ImportError, type RawLayer } from '../io/import/types';
import { readImportFile } from '../io/import/read';
import { replaceFile } from './pack';
import { boundaryOp, PLANNABLE_TARGETS } from '../io/import/boundary-op';

export interface ImportRunOptions {
  as: ImportTarget;
  out: string;
  crs?: string;
  encoding?: string;
  map?: Record<string, string>;
  layer?: string;
  sheet?: string;
  swapXY?: boolean;
  replace?: boolean;
  dryRun?: boolean;
  /** Write the accepted grids or micro-grids as a planner operation to this file instead of into `out`. */
  ops?: string;
}

export interface ImportRunResult extends ImportReport {
  /** The input file. */
  input: string;
  /** The file written (the contract file, or the operations file of `--ops`), or null (`--dry-run`, or nothing accepted). */
  written: string | null;
  /** Whether DIR/dataset.json lists the file now. */
  listed: boolean;
}

/** Largest input read: a 100 MB CSV is the benchmark; twice that leaves room. */
const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/**
 * Runs one import; throws ImportError (exit 2) when the file cannot be read or the target cannot take it.
 * @example await runImport('grids.zip', { as: 'grids', out: 'data/new', crs: 'EPSG:4549' })
 */
export async function runImport(input: string, options: ImportRunOptions): Promise<ImportRunResult> {
  const size = await inputSize(input);
  if (size > MAX_INPUT_BYTES) {
    throw new ImportError(
      'tooLarge',
      `is ${Math.round(size / 2 ** 20)} MB; at most ${MAX_INPUT_BYTES / 2 ** 20} MB are read`,
      input,
    );
  }
  const bytes = new Uint8Array(await readFile(input));
  const layers = await readImportFile(bytes, {
    fileName: basename(input),
    encoding: options.encoding,
    sheet: options.sheet,
  });
  const layer = chooseLayer(layers, options.layer, input);

  const out = resolve(options.out);
  const file = TARGET_FILE[options.as];
  const target = join(out, file);
  const present = await exists(target);
  if (options.ops !== undefined && !PLANNABLE_TARGETS[options.as]) {
    throw new ImportError('cannotPlan', `--ops takes grids or micro-grids (--as grids or microgrids), not ${options.as}`);
  }
  if (present && AREAL_TARGETS.has(options.as) && !options.replace && !options.dryRun && options.ops === undefined) {
    throw new ImportError(
      'wouldReplace',
      `${target} exists: boundaries are changed through the planner (plan apply), or pass --replace to overwrite them, ` +
        'or import into a new folder',
    );
  }
  if (options.as === 'incidents') {
    for (const other of ['incidents.csv', 'incidents.bin']) {
      if (await exists(join(out, other))) {
        throw new ImportError(
          'cannotMerge',
          `${join(out, other)} exists: import writes incidents.geojson and cannot merge into ${other}; import into a new folder`,
        );
      }
    }
  }
  const context: ImportContext = {};
  if (options.as !== 'community' && (await exists(join(out, 'community.geojson')))) {
    const text = await readFile(join(out, 'community.geojson'), 'utf8');
    context.communities = parseFeatureCollection<Polygon | MultiPolygon, Record<string, unknown>>(
      'community.geojson',
      text,
    ).features;
  }
  // Points are checked against the base map's buildings and roads for a GCJ-02 or BD-09 offset (a hint only).
  if (
    (options.as === 'enterprises' || options.as === 'incidents') &&
    (await exists(join(out, 'basemap.geojson')))
  ) {
    const text = await readFile(join(out, 'basemap.geojson'), 'utf8');
    context.basemap = parseFeatureCollection<Geometry, { kind?: unknown }>(
      'basemap.geojson',
      text,
    ).features.filter((f) => f.properties?.kind === 'road' || f.properties?.kind === 'building');
  }
  if (present && !AREAL_TARGETS.has(options.as)) {
    context.existing = parseFeatureCollection(file, await readFile(target, 'utf8')).features as Feature[];
  }

  const { report, features } = importLayer(layer, {
    as: options.as,
    crs: options.crs,
    swapXY: options.swapXY,
    map: options.map,
    context,
  });
  let written: string | null = null;
  let listed = false;
  if (options.ops !== undefined) {
    const op = boundaryOp(features, options.as, basename(input));
    if (!options.dryRun && op) {
      const path = resolve(options.ops);
      await replaceFile(path, `${JSON.stringify([op])}\n`);
      written = path;
    }
    return { input, ...report, written, listed };
  }
  if (!options.dryRun && report.counts.accepted > 0) {
    await mkdir(out, { recursive: true });
    await replaceFile(target, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
    written = target;
    listed = await listFile(out, file as DatasetFile);
  }
  return { input, ...report, written, listed };
}

/** The layer to import: the only one, or the one named; an ImportError naming the layers otherwise. */
function chooseLayer(layers: RawLayer[], name: string | undefined, input: string): RawLayer {
  if (name !== undefined) {
    const layer = layers.find((l) => l.name === name);
    if (!layer)
      throw new ImportError(
        'noSuchLayer',
        `has no layer "${name}"; its layers: ${layers.map((l) => JSON.stringify(l.name)).join(', ')}`,
        input,
      );
    return layer;
  }
  if (layers.length === 1) return layers[0];
  if (!layers.length) throw new ImportError('empty', 'holds no layer to import', input);
  throw new ImportError(
    'severalLayers',
    `holds ${layers.length} layers (${layers.map((l) => JSON.stringify(l.name)).join(', ')}): choose one with --layer NAME`,
    input,
  );
}

/** Adds `file` to DIR/dataset.json's list (creating it for a new folder); false when it was listed already. */
async function listFile(dir: string, file: DatasetFile): Promise<boolean> {
  const path = join(dir, 'dataset.json');
  if (!(await exists(path))) {
    await replaceFile(path, `${JSON.stringify({ name: basename(dir), files: [file] }, null, 2)}\n`);
    return true;
  }
  const manifest = parseManifest(await readFile(path, 'utf8'));
  if (!manifest.files.includes(file)) {
    await replaceFile(
      path,
      `${JSON.stringify({ ...manifest, files: [...manifest.files, file] }, null, 2)}\n`,
    );
  }
  return true;
}

async function inputSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new ImportError('notAFile', 'is not a file', path);
    return s.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(
      'unreadable',
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      path,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `--map name=COLUMN,lon=经度` (repeatable) as an object; a UsageError-worthy ImportError for a pair without "=".
 * @example parseMap(['name=企业名称,lon=经度']) // { name: '企业名称', lon: '经度' }
 */
export function parseMap(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    for (const pair of value.split(',')) {
      if (!pair.trim()) continue;
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1) {
        throw new ImportError(
          'badMapping',
          `--map takes PROPERTY=COLUMN pairs separated by commas, got "${pair}"`,
        );
      }
      out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  }
  return out;
}
