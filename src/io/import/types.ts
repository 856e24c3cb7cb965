/**
 * What the import readers give the import pipeline: one or more layers read from a file, with coordinates as found
 * in the file (not yet converted to WGS84) and attribute values as read. Readers never guess the meaning of columns
 * or coordinates; the pipeline (`src/io/import/pipeline.ts`) maps columns, converts coordinates and checks features
 * against the target layer, and the preview shows what it did.
 */
import type { Feature, Geometry } from 'geojson';

/** The formats GridSight reads. */
export type ImportFormat = 'geojson' | 'shapefile' | 'kml' | 'kmz' | 'csv' | 'xlsx';

/** A problem or doubt about one place in the input, said in one line (English, the CLI's; a UI may translate `code`). */
export interface ImportIssue {
  /** 0-based feature or data-row index in its layer, when the issue is about one feature or row. */
  index?: number;
  /** Tables: the line (CSV) or row (worksheet) of that row in the file, 1-based. */
  line?: number;
  /** The property or column concerned, when there is one. */
  property?: string;
  /** A stable key for the kind of issue (`notPolygon`, `duplicateCode`, `badEncoding`…), for UIs and tests. */
  code: string;
  /** What is wrong, in one line. */
  reason: string;
}

/** A table read from CSV or a worksheet: column names from the header row, every value a string ('' when empty). */
export interface ImportTable {
  columns: string[];
  rows: string[][];
  /** Line (CSV) or row (worksheet) number of each data row in the file, 1-based, for messages. */
  lines: number[];
}

/** One layer of an input file. Exactly one of `features` and `table` is set. */
export interface RawLayer {
  format: ImportFormat;
  /** The layer's name: the file name without extension, a Shapefile's base name in its zip, a KML folder's name. */
  name: string;
  /** Geometry formats: the features, coordinates as in the file (projected metres, GCJ-02… untouched). */
  features?: Feature<Geometry | null, Record<string, unknown>>[];
  /** Tabular formats (CSV, xlsx). */
  table?: ImportTable;
  /** A GeoJSON file's legacy `crs` member's name ("urn:ogc:def:crs:EPSG::4549"), when it has one. */
  crsMember?: string;
  /** A Shapefile's `.prj` text (WKT), when the zip has one. */
  prj?: string;
  /** The text encoding used for attributes, and where it came from. */
  encoding?: { name: string; source: 'cpg' | 'default' | 'option' | 'bom' | 'format' };
  /** Doubts met while reading (a missing `.shx`, an unknown `.cpg` label…); the layer is still usable. */
  warnings: ImportIssue[];
}

/** Options every reader takes. */
export interface ReadOptions {
  /** The file's name as the user gave it; its extension chooses the reader. */
  fileName: string;
  /** The attribute encoding to use when the file does not declare one (Shapefile without `.cpg`, CSV). */
  encoding?: string;
  /** Largest uncompressed size of all entries of a zip (`.zip`, `.kmz`, `.xlsx`) together; default 512 MiB. */
  maxUncompressedBytes?: number;
  /** Called with the share of the work done (0–1) on long reads. */
  onProgress?: (done: number) => void;
}

/** An input that cannot be read at all: what is wrong and where (`place`: "roads.dbf", "row 12", "doc.kml"). */
export class ImportError extends Error {
  readonly place?: string;
  readonly detail: string;
  readonly code: string;

  constructor(code: string, detail: string, place?: string) {
    super(place ? `${place}: ${detail}` : detail);
    this.name = 'ImportError';
    this.code = code;
    this.place = place;
    this.detail = detail;
  }
}
