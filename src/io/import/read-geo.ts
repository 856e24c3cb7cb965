/**
 * The geometry readers' entry point: a file's bytes → its layers, coordinates and attribute values as found (no
 * reprojection, no column mapping: the import pipeline does those). The reader is chosen by the file name's
 * extension: `.geojson`/`.json`, `.zip` (zipped Shapefile), `.kml`, `.kmz`. A lone `.shp` (or `.dbf`, `.shx`…) is
 * refused with advice to zip it with its companions.
 *
 * Pure: no DOM, Vue or MapLibre; runs in Node and in a Web Worker.
 */
import type { Feature, Geometry } from 'geojson';
import { DatasetError } from '../errors';
import { parseJson, refuseDeepNesting } from '../schema';
import { encodingDisplayName } from './encoding';
import { baseName, readKml, readKmz } from './kml';
import { defaultEncoding, readShapefileZip } from './shapefile';
import { ImportError, type ImportIssue, type RawLayer, type ReadOptions } from './types';
import { entryExtension } from './zip';

export { DEFAULT_MAX_UNCOMPRESSED_BYTES } from './zip';
export { encodingForLabel } from './encoding';

/** The Shapefile's companions, which cannot be read alone. */
const SHAPEFILE_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg', 'sbn', 'sbx'];

/**
 * Reads a geometry file. Throws ImportError for a file that cannot be read at all (its `code` says why: see the
 * readers); doubts about a readable file are the layers' `warnings`.
 */
export async function readGeoFile(bytes: Uint8Array, options: ReadOptions): Promise<RawLayer[]> {
  const place = options.fileName;
  const ext = entryExtension(options.fileName);
  if (SHAPEFILE_PARTS.includes(ext)) {
    throw new ImportError(
      'shpNotZipped',
      `a Shapefile is several files: put the .shp in a zip with its .shx, .dbf, .prj and .cpg (same name), and import the zip`,
      place,
    );
  }
  const readers: Record<string, () => RawLayer[]> = {
    geojson: () => [readGeoJson(bytes, options)],
    json: () => [readGeoJson(bytes, options)],
    zip: () => readShapefileZip(bytes, options),
    kml: () => [readKml(bytes, options)],
    kmz: () => readKmz(bytes, options),
  };
  const read = Object.hasOwn(readers, ext) ? readers[ext] : undefined;
  if (!read) {
    throw new ImportError(
      'unsupportedFormat',
      `${ext ? `.${ext} files cannot` : 'a file without extension cannot'} be imported here (use GeoJSON, a zipped Shapefile, KML or KMZ)`,
      place,
    );
  }
  if (bytes.length === 0) throw new ImportError('empty', 'is empty (0 bytes)', place);
  const layers = read();
  options.onProgress?.(1);
  return layers;
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/**
 * Reads a GeoJSON file: a FeatureCollection, a Feature or a bare geometry, a BOM allowed. UTF-8 by the standard;
 * a file that is not valid UTF-8 is read in `options.encoding` (else GBK) with a `badEncoding` warning. Throws
 * ImportError `invalidJson` (with line and column), `notGeoJson` and `tooDeep`. Geometries are not checked here.
 */
export function readGeoJson(bytes: Uint8Array, options: ReadOptions): RawLayer {
  const place = options.fileName;
  const warnings: ImportIssue[] = [];
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  let encoding: NonNullable<RawLayer['encoding']> = { name: 'utf-8', source: bom ? 'bom' : 'format' };
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const fallback = defaultEncoding(options);
    encoding = fallback;
    text = new TextDecoder(fallback.name).decode(bytes);
    warnings.push({
      code: 'badEncoding',
      reason: `${place} is not valid UTF-8 (as GeoJSON must be); it was read as ${encodingDisplayName(fallback.name)}`,
    });
  }
  let json: unknown;
  try {
    json = parseJson(place, text);
    refuseDeepNesting(place, json);
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    throw new ImportError(e.reason?.key === 'invalidJson' ? 'invalidJson' : 'tooDeep', e.detail, place);
  }
  const notGeoJson = (why: string) => new ImportError('notGeoJson', `is not GeoJSON (${why})`, place);
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw notGeoJson(Array.isArray(json) ? 'it is a JSON array' : 'it is no JSON object');
  }
  const root = json as Record<string, unknown>;
  const type = root.type;
  let features: Feature<Geometry | null, Record<string, unknown>>[];
  if (type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw notGeoJson('its "features" is not an array');
    features = root.features.map((f: unknown, i: number) => asFeature(f, `feature ${i}`, notGeoJson));
  } else if (type === 'Feature') {
    features = [asFeature(root, 'the feature', notGeoJson)];
  } else if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    features = [{ type: 'Feature', geometry: root as unknown as Geometry, properties: {} }];
  } else {
    throw notGeoJson(
      typeof type === 'string' ? `its type "${type.slice(0, 40)}" is no GeoJSON type` : 'it has no "type"',
    );
  }
  if (features.length === 0) warnings.push({ code: 'noFeatures', reason: `${place} holds no features` });
  const layer: RawLayer = { format: 'geojson', name: baseName(place), features, encoding, warnings };
  const crsMember = crsMemberName(root.crs);
  if (crsMember) layer.crsMember = crsMember;
  return layer;
}

/** A Feature checked for its shape (geometry an object or null, properties an object or null → {}). */
function asFeature(
  value: unknown,
  what: string,
  notGeoJson: (why: string) => ImportError,
): Feature<Geometry | null, Record<string, unknown>> {
  if (!value || typeof value !== 'object' || (value as { type?: unknown }).type !== 'Feature') {
    throw notGeoJson(`${what} is not a GeoJSON Feature`);
  }
  const f = value as Record<string, unknown>;
  const geometry = f.geometry ?? null;
  if (geometry !== null && (typeof geometry !== 'object' || Array.isArray(geometry))) {
    throw notGeoJson(`${what} has a geometry that is no object`);
  }
  const properties = f.properties ?? {};
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    throw notGeoJson(`${what} has properties that are no object`);
  }
  const feature: Feature<Geometry | null, Record<string, unknown>> = {
    type: 'Feature',
    geometry: geometry as Geometry | null,
    properties: properties as Record<string, unknown>,
  };
  if (typeof f.id === 'string' || typeof f.id === 'number') feature.id = f.id;
  return feature;
}

/** The name of a GeoJSON 2008 named `crs` member (GDAL writes one: "urn:ogc:def:crs:EPSG::4549"), or null. */
function crsMemberName(crs: unknown): string | null {
  const name = (crs as { properties?: { name?: unknown } } | null | undefined)?.properties?.name;
  return typeof name === 'string' && name.trim() && name.length <= 200 ? name.trim() : null;
}
