/**
 * The messages between the import worker (import.worker.ts) and the import dialog: a user's file read and checked
 * off the main thread by the same pipeline as the CLI's `import`. The file's bytes travel once, transferred, and
 * the worker keeps them (by `token`) so that another target, CRS or column mapping re-runs without a new copy.
 */
import type { FeatureCollection } from 'geojson';
import type { ImportContext, ImportReport, ImportTarget } from '../io/import/pipeline';

export interface ImportRequest {
  id: number;
  /** The file: `bytes` (transferred) when the worker may not hold `token` yet, else only its token and name. */
  file: { token: number; name: string; bytes?: ArrayBuffer };
  /** Attribute encoding when the file does not declare one (`GBK`, `UTF-8`); undefined: the readers' default. */
  encoding?: string;
  /** The layer to import, when the file has several (two .shp in a zip, two sheets); default the first. */
  layer?: string;
  as: ImportTarget;
  /** A CRS code (crs.ts: `EPSG:4549`, `gcj02`…); undefined: the file's own, else a guess. */
  crs?: string;
  swapXY?: boolean;
  /** Contract property (or `lon`/`lat`) → the column that holds it. */
  map?: Record<string, string>;
  context: ImportContext;
}

/** Sent ahead of the answer while the file is read (`done`: 0–1) and when the pipeline starts checking. */
export interface ImportProgress {
  id: number;
  partial: true;
  stage: 'read' | 'check';
  done: number;
}

export interface ImportSuccess {
  id: number;
  ok: true;
  /** The file's layers, by name, and the one imported. */
  layers: string[];
  layer: string;
  report: ImportReport;
  /** The accepted features to draw (for points merged into the dataset's: only those added or changed). */
  preview: FeatureCollection;
  /** The contract file to download (`report.file`), UTF-8 JSON: the accepted features, merged where they merge. */
  file: Uint8Array;
}

export interface ImportFailure {
  id: number;
  ok: false;
  /** ImportError code (`missingColumn`, `crsUnknown`, `notZip`…), `noFile` or `failed`. */
  code: string;
  /** The pipeline's English message. */
  message: string;
  layers?: string[];
  /** `missingColumn`: the layer's columns, every property that needs one, and those no column was found for. */
  columns?: string[];
  required?: string[];
  missing?: string[];
}

export type ImportReply = ImportProgress | ImportSuccess | ImportFailure;
