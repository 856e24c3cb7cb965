/**
 * `export DIR --layer L --format F --out FILE [--crs EPSG:NNNN] [--month YYYY-MM]`: one layer of a dataset folder
 * as GeoJSON, a zipped Shapefile, CSV, xlsx or KML (src/io/export), for the bureau's GIS, a spreadsheet or Google
 * Earth. The folder is read through the loader, with its checks (a bad folder is a DatasetError, exit 2), and only
 * the files the layer needs are read: never members.json, whose names and phone numbers are not exported.
 *
 * What is written: the layer's properties of the data contract (io/schema's FILE_SPECS, required then optional, in
 * that order, a column even when no feature has a value); a property outside the contract is left out, with a
 * warning naming it, so that nothing a folder happens to carry (a phone number) leaves by accident.
 * Incidents: incidents.geojson's features when the folder has it; else the columns of incidents.bin or
 * incidents.csv (domain/incident-table), made into features one at a time: every time in China time with +08:00
 * (milliseconds when not zero), `supervised` true or false, `deadline` the incident's own or, where the file had
 * none, the one computed from its level (the columns do not tell them apart), `title` and `enterpriseId` when set.
 * `--month`: incidents reported (patrols started) in that calendar month, China time.
 * The file is written whole or not at all (a temporary file beside it, then a rename), its folder made if need be.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Feature } from 'geojson';
import type { IncidentTable } from '../domain/incident-table';
import { CST_OFFSET_MS, monthRange, parseTime } from '../domain/time';
import {
  DATASET_FILES,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  type Dataset,
  type DatasetFile,
} from '../domain/types';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import {
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  ExportError,
  writeExport,
  type ExportFeature,
  type ExportFeatures,
  type ExportFormat,
} from '../io/export';
import type { ShapeKind } from '../io/export/shapefile-write';
import { folderSource } from '../io/fs-source';
import { FILE_SPECS } from '../io/schema';
import { replaceFile } from './pack';

/** The layers exported: one contract file each. */
export const EXPORT_LAYERS = [
  'grids',
  'microgrids',
  'community',
  'enterprises',
  'incidents',
  'patrols',
] as const;
export type ExportLayer = (typeof EXPORT_LAYERS)[number];

const LAYER_FILE: Record<ExportLayer, DatasetFile> = {
  grids: 'grids.geojson',
  microgrids: 'microgrids.geojson',
  community: 'community.geojson',
  enterprises: 'enterprises.geojson',
  incidents: 'incidents.geojson',
  patrols: 'patrols.geojson',
};

const LAYER_KIND: Record<ExportLayer, ShapeKind> = {
  grids: 'polygon',
  microgrids: 'polygon',
  community: 'polygon',
  enterprises: 'point',
  incidents: 'point',
  patrols: 'line',
};

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
  const spec = FILE_SPECS[LAYER_FILE[layer]];
  const columns = [...Object.keys(spec.required), ...Object.keys(spec.optional)];
  const extra = Array.isArray(features) ? otherProperties(features, columns) : [];
  if (extra.length) {
    warnings.push(
      `properties outside the data contract not exported: ${extra.slice(0, 10).join(', ')}` +
        (extra.length > 10 ? ` and ${extra.length - 10} more` : ''),
    );
  }
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
  if (dataset.incidentColumns) return tableFeatures(dataset.incidentColumns, range);
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

function layerCollection(dataset: Dataset, layer: ExportLayer): { features: ExportFeature[] } | undefined {
  switch (layer) {
    case 'grids':
      return dataset.grids;
    case 'microgrids':
      return dataset.microGrids;
    case 'community':
      return dataset.community;
    case 'enterprises':
      return dataset.enterprises;
    case 'incidents':
      return dataset.incidents;
    case 'patrols':
      return dataset.patrols;
  }
}

/** Property names of the features that are not among `columns`, in order of first appearance. */
function otherProperties(features: readonly ExportFeature[], columns: readonly string[]): string[] {
  const known = new Set(columns);
  const extra = new Set<string>();
  for (const f of features) for (const key in f.properties ?? {}) if (!known.has(key)) extra.add(key);
  return [...extra];
}

/**
 * A moment as ISO 8601 in China time with its offset, milliseconds only when not zero.
 * @example isoCst(Date.parse('2026-03-01T01:00:00Z')) === '2026-03-01T09:00:00+08:00'
 */
export function isoCst(t: number): string {
  const text = new Date(t + CST_OFFSET_MS).toISOString();
  const ms = text.slice(19, 23);
  return `${text.slice(0, 19)}${ms === '.000' ? '' : ms}+08:00`;
}

/**
 * Incident `i` of a table as a feature with the contract's properties (see the file's comment).
 * @example incidentFeature(datasetIncidents(dataset), 0).properties.reportedAt // '2025-12-01T08:07:31+08:00'
 */
export function incidentFeature(t: IncidentTable, i: number): Feature {
  const props: Record<string, unknown> = {
    id: t.id[i],
    category: INCIDENT_CATEGORIES[t.category[i]],
    level: t.level[i],
    status: INCIDENT_STATUSES[t.status[i]],
    reportedAt: isoCst(t.reported[i]),
    gridCode: t.gridCodes[t.grid[i]],
  };
  const times = [
    ['acceptedAt', t.accepted],
    ['dispatchedAt', t.dispatched],
    ['resolvedAt', t.resolved],
    ['verifiedAt', t.verified],
    ['closedAt', t.closed],
    ['deadline', t.deadline],
  ] as const;
  for (const [key, column] of times) if (Number.isFinite(column[i])) props[key] = isoCst(column[i]);
  props.supervised = t.supervised[i] === 1;
  const title = t.title?.[i];
  if (title) props.title = title;
  if (t.enterprise[i] >= 0) props.enterpriseId = t.enterpriseIds[t.enterprise[i]];
  return {
    type: 'Feature',
    properties: props,
    geometry: { type: 'Point', coordinates: [t.lon[i], t.lat[i]] },
  };
}

/** The table's incidents (those reported within `range`, when given) as features made afresh at each iteration. */
function tableFeatures(
  t: IncidentTable,
  range: [number, number] | null,
): { features: ExportFeatures; count: number } {
  let rows: number[] | null = null;
  if (range) {
    rows = [];
    for (let i = 0; i < t.n; i++) if (t.reported[i] >= range[0] && t.reported[i] < range[1]) rows.push(i);
  }
  const picked = rows;
  const features: ExportFeatures = {
    *[Symbol.iterator]() {
      if (picked) for (const i of picked) yield incidentFeature(t, i);
      else for (let i = 0; i < t.n; i++) yield incidentFeature(t, i);
    },
  };
  return { features, count: picked ? picked.length : t.n };
}
