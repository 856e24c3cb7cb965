/**
 * Reads a user's file into layers, choosing the reader by the file's extension: geometry formats (GeoJSON,
 * Shapefile .zip, KML, KMZ) in `read-geo`, tables (CSV, .xlsx) in `read-table`.
 */
import { readGeoFile } from './read-geo';
import { readTableFile } from './read-table';
import { IMPORT_EXTENSIONS } from './formats';
import { ImportError, type RawLayer, type ReadOptions } from './types';

/** Extensions read as tables; every other is left to the geometry readers, which name what they accept. */
const TABLE = /\.(csv|txt|xlsx|xls)$/i;

/**
 * The layers of one file.
 * @example await readImportFile(bytes, { fileName: '网格.zip' }) // [{ format: 'shapefile', name: '网格', … }]
 */
export async function readImportFile(
  bytes: Uint8Array,
  options: ReadOptions & { sheet?: string },
): Promise<RawLayer[]> {
  if (bytes.length === 0) throw new ImportError('empty', 'is empty (0 bytes)', options.fileName);
  if (TABLE.test(options.fileName)) return readTableFile(bytes, options);
  if (!/\.(zip|geojson|json|kml|kmz|shp)$/i.test(options.fileName)) {
    throw new ImportError(
      'unsupportedFormat',
      `is not a format GridSight reads; it reads ${IMPORT_EXTENSIONS.join(', ')} (a Shapefile as a .zip of its .shp, .shx, .dbf, .prj and .cpg)`,
      options.fileName,
    );
  }
  return readGeoFile(bytes, options);
}
