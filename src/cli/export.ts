/**
 * `export DIR --layer L --format F --out FILE [--crs EPSG:NNNN] [--month YYYY-MM]`: one layer of a dataset folder
 * as GeoJSON, a zipped Shapefile, CSV, xlsx or KML (src/io/export), for the bureau's GIS, a spreadsheet or Google
 * Earth. The folder is read through the loader, with its checks (a bad folder is a DatasetError, exit 2), and only
 * the files the layer needs are read: never members.json, whose names and phone numbers are not exported.
 *
 * What is written: the layer's properties of the data contract (io/export/layers: FILE_SPECS, required then optional,
 * in that order, a column even when no feature has a value); a property outside the contract is left out, with a
 * warning naming it, so that nothing a folder happens to carry (a phone number) leaves by accident.
 * Incidents: incidents.geojson's features when the folder has it; else the columns of incidents.bin or
 * incidents.csv (domain/incident-table), made into features one at a time (io/export/incident-features says how).
 * `--month`: incidents reported (patrols started) in that calendar month, China time.
 * The file is written whole or not at all (a temporary file beside it, then a rename), its folder made if need be.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { monthRange, parseTime } from '../domain/time';
import { DATASET_FILES, type DatasetFile } from '../domain/types';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import {
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  ExportError,
  writeExport,
  type ExportFeatures,
  type ExportFormat,
} from '../io/export';
import { tableFeatures } from '../io/export/incident-features';
import {
  EXPORT_LAYER_FILE as LAYER_FILE,
  EXPORT_LAYER_KIND as LAYER_KIND,
  EXPORT_LAYERS,
  contractColumns,
  layerCollection,
  outsideWarning,
  propertiesOutside,
  type ExportLayer,
} from '../io/export/layers';
import { folderSource } from '../io/fs-source';
import { replaceFile } from './pack';

// The layers and the incidents' features live in src/io/export, which the app's download shares.
export { EXPORT_LAYERS, type ExportLayer };
export { cstTime as isoCst } from '../io/incident-features';

/** The incidents' forms, in the order they are taken: the contract's own first, then the columns. */
const INCIDENT_FILES: readonly DatasetFile[] = ['incidents.geojson', 'incidents.bin', 'incidents.csv'];

export interface ExportRunOptions {
  layer: ExportLayer;
  format: ExportFormat;
  /** The file to write. */
  out: string;
  /** The Shapefile's coordinate system (EPSG:4549…); default EPSG:4326. */
  crs?: string;
  /** Incidents reported (patrols started) in this month, YYYY-MM, China time. */
  month?: string;
}

export interface ExportRunResult {
  /** The file written (absolute). */
  file: string;
  /** Features written. */
  features: number;
  /** Bytes written. */
  bytes: number;
  /** What the user should know: renamed Shapefile fields, values cut, properties left out… */
  warnings: string[];
}

/**
 * Exports one layer of a dataset folder (see the file's comment). Throws DatasetError for a folder that cannot be
 * read or lacks the layer, ExportError for options that cannot be met (both exit 2 in the CLI).
 * @example await runExport('data/haiyan-mini', { layer: 'grids', format: 'shp', out: 'grids.zip', crs: 'EPSG:4549' })
 */
export async function runExport(dir: string, options: ExportRunOptions): Promise<ExportRunResult> {
  const { layer, format, month } = options;
  if (!(EXPORT_LAYERS as readonly string[]).includes(layer)) {
    throw new ExportError('badOption', `layer must be one of ${EXPORT_LAYERS.join(', ')}, got "${layer}"`);
  }
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ExportError('badOption', `format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
  }
  let range: [number, number] | null = null;
  if (month !== undefined) {
    if (layer !== 'incidents' && layer !== 'patrols') {
      throw new ExportError('badOption', `a month chooses incidents or patrols, not ${layer}`);
    }
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new ExportError('badOption', `month must be YYYY-MM, got "${month}"`);
    range = monthRange(month);
  }
  const root = resolve(dir);
  const file = resolve(options.out);
  if (dirname(file) === root && (DATASET_FILES as readonly string[]).includes(basename(file))) {
    throw new ExportError(
      'wouldOverwrite',
      `${file} is a file of the dataset itself: write the export elsewhere`,
    );
  }

  const warnings: string[] = [];
  const { features, count } = await layerFeatures(root, layer, range);
  const columns = contractColumns(layer);
  const outside = outsideWarning(Array.isArray(features) ? propertiesOutside(features, columns) : []);
  if (outside) warnings.push(outside);
  const written = writeExport(format, features, {
    name: layer,
    columns,
    crs: options.crs,
    emptyKind: LAYER_KIND[layer],
  });
  warnings.push(...written.warnings);
  const extension = extname(file).toLowerCase();
  const expected = EXPORT_EXTENSIONS[format];
  if (extension !== expected && !(format === 'geojson' && extension === '.json')) {
    warnings.push(
      `${basename(file)} does not end in ${expected}: programs (GridSight's importer too) choose how to read a file by its extension`,
    );
  }
  await mkdir(dirname(file), { recursive: true });
  await replaceFile(file, written.bytes);
  return { file, features: count, bytes: written.bytes.length, warnings };
}

/** The layer's features (a lazy view for incidents read as columns), the month's only when a range is given. */
async function layerFeatures(
  root: string,
  layer: ExportLayer,
  range: [number, number] | null,
): Promise<{ features: ExportFeatures; count: number }> {
  const source = folderSource(root);
  const manifest = await source.manifest();
  let wanted: DatasetFile = LAYER_FILE[layer];
  if (layer === 'incidents') {
    const found = INCIDENT_FILES.find((f) => manifest.files.includes(f));
    if (!found) {
      throw new DatasetError(
        root,
        'has no incidents.geojson, incidents.bin or incidents.csv: no incidents to export',
      );
    }
    wanted = found;
  }
  const dataset = await loadDataset(
    { ...source, manifest: async () => manifest },
    { require: [wanted], skip: DATASET_FILES.filter((f) => f !== wanted), incidentTitles: true },
  );
  if (dataset.incidentColumns)
    return tableFeatures(dataset.incidentColumns, range && rowsIn(dataset.incidentColumns.reported, range));
  const all = layerCollection(dataset, layer)?.features ?? [];
  if (!range) return { features: all, count: all.length };
  const key = layer === 'incidents' ? 'reportedAt' : 'startedAt';
  const [start, end] = range;
  const picked = all.filter((f) => {
    const t = parseTime(String(f.properties?.[key]));
    return t >= start && t < end;
  });
  return { features: picked, count: picked.length };
}

/** The rows whose time lies within `range` (start inclusive, end exclusive). */
function rowsIn(times: Float64Array, range: [number, number]): number[] {
  const rows: number[] = [];
  for (let i = 0; i < times.length; i++) if (times[i] >= range[0] && times[i] < range[1]) rows.push(i);
  return rows;
}
