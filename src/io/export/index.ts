/**
 * Data export: features → the bytes of a GeoJSON, zipped Shapefile, CSV, xlsx or KML file. One entry point for the
 * CLI (`gridsight export`) and the app (a worker makes the bytes, the page offers them as a download). Pure: no
 * node:fs, no DOM. Each writer's file says what it writes and why.
 */
import { CrsError, crsFromCode } from '../crs';
import { ExportError, type ExportFeatures, type Written } from './common';
import type { ExportFormat } from './formats';
import { writeCsv } from './csv-write';
import { writeGeoJson } from './geojson-write';
import { writeKml } from './kml-write';
import { writeShapefile, type ShapefileOptions, type ShapefileWritten } from './shapefile-write';
import { writeXlsx } from './xlsx-write';

export { ExportError } from './common';
export type { ExportFeature, ExportFeatures, ExportOptions, Written } from './common';

export { EXPORT_EXTENSIONS, EXPORT_FORMATS, EXPORT_MEDIA_TYPES, type ExportFormat } from './formats';

/** Options of {@link writeExport}: every writer's, `crs` for the Shapefile only. */
export type WriteExportOptions = ShapefileOptions;

/** What {@link writeExport} returns: the bytes and warnings, and for a Shapefile its files and renamed fields. */
export type ExportWritten = Written & Partial<Pick<ShapefileWritten, 'files' | 'renames' | 'crs'>>;

/**
 * Writes features in a format. `crs` converts a Shapefile's coordinates; the other formats are WGS84 longitude/
 * latitude by their specifications (GeoJSON: RFC 7946, KML) or by GridSight's choice (CSV, xlsx: `lon`/`lat` as the
 * importer reads them), so a projected `crs` is refused for them (ExportError `crsNotSupported`).
 * @example writeExport('csv', enterprises.features, { name: 'enterprises' }).bytes
 */
export function writeExport(
  format: ExportFormat,
  features: ExportFeatures,
  options: WriteExportOptions = {},
): ExportWritten {
  if (format === 'shp') return writeShapefile(features, options);
  if (options.crs !== undefined) {
    let geographic: boolean;
    try {
      geographic = crsFromCode(options.crs).kind === 'geographic';
    } catch (e) {
      if (e instanceof CrsError) throw new ExportError('badCrs', e.message);
      throw e;
    }
    if (!geographic) {
      throw new ExportError(
        'crsNotSupported',
        `${format} is written in WGS84 longitude/latitude; a coordinate system (${options.crs}) is for the Shapefile only`,
      );
    }
  }
  switch (format) {
    case 'geojson':
      return writeGeoJson(features, options);
    case 'csv':
      return writeCsv(features, options);
    case 'xlsx':
      return writeXlsx(features, options);
    case 'kml':
      return writeKml(features, options);
  }
}
