/**
 * The export formats, their extensions and media types, in a module of their own: the app's export menu needs
 * them on the page, and the writers (with proj4) run in the stats worker.
 */

/** The formats written. */
export const EXPORT_FORMATS = ['geojson', 'shp', 'csv', 'xlsx', 'kml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file extension of each format (a Shapefile is a zip), which GridSight's importer reads it by. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  geojson: '.geojson',
  shp: '.zip',
  csv: '.csv',
  xlsx: '.xlsx',
  kml: '.kml',
};

/** The media type of each format, for a download. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  shp: 'application/zip',
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  kml: 'application/vnd.google-earth.kml+xml',
};
