/**
 * The file extensions the import reads, in a module of their own: the app's file picker needs the list without
 * the readers, which run in the import worker.
 */
/** The extensions accepted, for messages and the file picker. */
export const IMPORT_EXTENSIONS = [
  '.zip',
  '.geojson',
  '.json',
  '.kml',
  '.kmz',
  '.csv',
  '.txt',
  '.xlsx',
] as const;
