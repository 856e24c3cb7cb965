/**
 * The messages between the import worker (import.worker.ts) and the import dialog: a user's file read and checked
 * off the main thread by the same pipeline as the CLI's `import`. The file's bytes travel once, transferred, and
 * the worker keeps them (by `token`) so that another target, CRS or column mapping re-runs without a new copy. The
 * dataset's layers the pipeline checks against (communities, enterprises, the base map's roads and buildings: tens
 * of megabytes at county scale) travel once per dataset version, copied, and the worker keeps them (by `key`), with
 * the base map's index built once.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ImportReport, ImportTarget } from '../io/import/pipeline';

/** The parts of ImportContext the worker keeps per dataset version. */
export const CONTEXT_PARTS = ['communities', 'existing', 'basemap'] as const;
export type ContextPart = (typeof CONTEXT_PARTS)[number];

/** The dataset's layers a run checks against, as ImportContext (io/import/pipeline) holds them. */
export interface ContextParts {
  communities?: Feature<Polygon | MultiPolygon>[];
  existing?: Feature[];
  basemap?: Feature[];
}

/**
 * What the pipeline checks against, named by dataset version. `use`: the parts this run checks against (an absent
 * one: not checked); `sent`: those of them the worker may not hold for `key` yet (the others it takes from what it
 * keeps). A new `key` replaces everything the worker kept.
 */
export interface ImportContextRef {
  /** The dataset version the parts belong to (the dataset store's `version`). */
  key: number;
  use: ContextPart[];
  sent: ContextParts;
}

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
  context: ImportContextRef;
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
  /**
   * ImportError code (`missingColumn`, `crsUnknown`, `notZip`…), `failed`, or what the worker does not hold (it
   * was restarted): `noFile` (the bytes of `file.token`), `noContext` (the parts in `absent`, for `context.key`).
   */
  code: string;
  /** The pipeline's English message. */
  message: string;
  layers?: string[];
  /** `missingColumn`: the layer's columns, every property that needs one, and those no column was found for. */
  columns?: string[];
  required?: string[];
  missing?: string[];
  /** `noFile` or `noContext`: the context parts used and not held for the key (send them again with the file). */
  absent?: ContextPart[];
}

export type ImportReply = ImportProgress | ImportSuccess | ImportFailure;
