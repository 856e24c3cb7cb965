/**
 * KML and KMZ: one layer of the document's Placemarks, read by @tmcw/togeojson from an @xmldom/xmldom document
 * (a Web Worker has no DOMParser, so xmldom is used everywhere). KML coordinates are WGS84 longitude, latitude
 * (and altitude) by the standard; they are returned as found.
 *
 * What is kept of each Placemark: its geometry (a MultiGeometry of polygons only becomes a MultiPolygon, of lines a
 * MultiLineString, of points a MultiPoint; a mixed one stays a GeometryCollection), its `id`, and as properties its
 * `name`, `description` (the text, also when it is HTML in CDATA), `address`, `phoneNumber`, `timestamp` and every
 * ExtendedData `Data`/`SimpleData` value. Styling (`styleUrl`, `styleHash`, `stroke*`, `fill*`, `icon*`, `label*`)
 * and viewer state (`visibility`, `open`, `timespan`, `coordinateProperties`) are dropped: they are the drawing of
 * another application, not attributes of grid data, and the target layer has its own style. GroundOverlays,
 * NetworkLinks and other overlays are skipped with a warning.
 */
import { kml } from '@tmcw/togeojson';
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import type { Feature, Geometry, GeometryCollection, LineString, Point, Polygon } from 'geojson';
import { encodingForLabel } from './encoding';
import { ImportError, type ImportIssue, type RawLayer, type ReadOptions } from './types';
import { entryBaseName, entryExtension, inflateEntries, isIgnoredEntry, listZipEntries } from './zip';

/** Placemark properties kept besides ExtendedData. */
const KEPT_PROPERTIES = ['name', 'description', 'address', 'phoneNumber', 'timestamp'];

/** Elements that are no Placemark and are skipped. */
const SKIPPED_ELEMENTS = ['GroundOverlay', 'NetworkLink', 'ScreenOverlay', 'PhotoOverlay'];

/** A file name without its folders and last extension. */
export function baseName(fileName: string): string {
  const base = entryBaseName(fileName);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Reads a KML file as one layer. `place` names the file in errors (a KMZ's `doc.kml`); the layer's name is the
 * document's `<name>`, else `fallbackName` (the file's base name). Throws ImportError `invalidXml` (with the line
 * and column) and `notKml`.
 */
export function readKml(
  bytes: Uint8Array,
  options: ReadOptions,
  place = options.fileName,
  fallbackName = baseName(options.fileName),
  format: 'kml' | 'kmz' = 'kml',
): RawLayer {
  const warnings: ImportIssue[] = [];
  const text = decodeXml(bytes);
  if (text.includes('\uFFFD')) {
    warnings.push({
      code: 'badEncoding',
      reason: `${place}: some characters cannot be read in the encoding the file declares (UTF-8 when it declares none)`,
    });
  }
  const doc = parseXml(text, place);
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') {
    throw new ImportError(
      'notKml',
      `is not a KML file (its root element is <${root?.tagName ?? '?'}>, not <kml>)`,
      place,
    );
  }
  const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
  // togeojson yields the Placemarks first, in document order (then overlays and network links, not wanted).
  const converted = kml(doc).features.slice(0, placemarks.length);
  const features = converted.map((f, i): Feature<Geometry | null, Record<string, unknown>> => {
    const feature: Feature<Geometry | null, Record<string, unknown>> = {
      type: 'Feature',
      geometry: f.geometry && simplerGeometry(f.geometry),
      properties: keptProperties(f.properties ?? {}, extendedDataNames(placemarks[i])),
    };
    if (f.id !== undefined) feature.id = f.id;
    return feature;
  });
  const skipped = SKIPPED_ELEMENTS.reduce((n, tag) => n + doc.getElementsByTagName(tag).length, 0);
  if (skipped > 0) {
    warnings.push({
      code: 'kmlSkipped',
      reason: `${place}: ${skipped} overlay or network link element${skipped > 1 ? 's were' : ' was'} skipped (only Placemarks are imported)`,
    });
  }
  if (features.length === 0) warnings.push({ code: 'noFeatures', reason: `${place} holds no Placemarks` });
  return { format, name: documentName(root) ?? fallbackName, features, warnings };
}

/**
 * Reads a KMZ (a zip holding a KML, usually `doc.kml`, and its images): the root `doc.kml`, else the first
 * `.kml` in the zip, with the same size limits as any zip. Throws ImportError `noKml` when it holds none.
 */
export function readKmz(bytes: Uint8Array, options: ReadOptions): RawLayer[] {
  const place = options.fileName;
  const entries = listZipEntries(bytes, place).filter(
    (e) => !isIgnoredEntry(e.name) && entryExtension(e.name) === 'kml',
  );
  const entry = entries.find((e) => e.name.toLowerCase() === 'doc.kml') ?? entries[0];
  if (!entry) throw new ImportError('noKml', 'holds no .kml file: it is no KMZ', place);
  const [data] = inflateEntries(bytes, [entry], {
    place,
    maxUncompressedBytes: options.maxUncompressedBytes,
    onProgress: options.onProgress,
  });
  return [readKml(data, options, entry.name, baseName(options.fileName), 'kmz')];
}

/** The text of an XML file: by its byte order mark, else the encoding its declaration names, else UTF-8. */
function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|ï»¿)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  const encoding = (declared && encodingForLabel(declared)) || 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}

/** Parses XML with xmldom, turning its errors (not its warnings) into ImportError `invalidXml` with the line. */
function parseXml(text: string, place: string): XmlDocument {
  let first: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === 'warning') return;
      first ??= message;
      throw new Error(message);
    },
  });
  try {
    return parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const locator = (e as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const where = locator?.lineNumber
      ? ` at line ${locator.lineNumber}${locator.columnNumber ? `, column ${locator.columnNumber}` : ''}`
      : '';
    const why = (first ?? 'unreadable').replace(/\s+/g, ' ');
    const shown = why.length > 100 ? `${why.slice(0, 100)}…` : why;
    throw new ImportError('invalidXml', `is not valid XML (${shown}${where})`, place);
  }
}

/** The direct child elements of `node`. */
function childElements(node: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i];
    if (child.nodeType === 1) out.push(child as XmlElement);
  }
  return out;
}

/** The `<name>` of the document (`kml > Document > name`, or a top Folder's), or undefined. */
function documentName(root: XmlElement): string | undefined {
  for (const container of childElements(root)) {
    if (container.localName !== 'Document' && container.localName !== 'Folder') continue;
    const name = childElements(container).find((c) => c.localName === 'name');
    const text = name?.textContent?.trim();
    if (text) return text;
  }
  return undefined;
}

/** The names of a Placemark's ExtendedData values (as togeojson finds them: its first ExtendedData). */
function extendedDataNames(placemark: XmlElement | undefined): Set<string> {
  const names = new Set<string>();
  const data = placemark?.getElementsByTagName('ExtendedData')[0];
  if (!data) return names;
  for (const tag of ['Data', 'SimpleData']) {
    for (const element of Array.from(data.getElementsByTagName(tag)))
      names.add(element.getAttribute('name') ?? '');
  }
  return names;
}

/** The properties kept of togeojson's (see the file's comment). */
function keptProperties(properties: Record<string, unknown>, extended: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    if (!extended.has(key) && !KEPT_PROPERTIES.includes(key)) continue;
    const value = properties[key];
    // An HTML description (CDATA) comes as { '@type': 'html', value }.
    out[key] =
      key === 'description' && !extended.has(key) && value && typeof value === 'object' && 'value' in value
        ? (value as { value: unknown }).value
        : value;
  }
  return out;
}

/** A GeometryCollection of one kind as the matching Multi geometry; anything else as it is. */
function simplerGeometry(geometry: Geometry): Geometry {
  if (geometry.type !== 'GeometryCollection') return geometry;
  const parts = (geometry as GeometryCollection).geometries;
  if (parts.length === 0) return geometry;
  if (parts.every((g): g is Polygon => g.type === 'Polygon')) {
    return { type: 'MultiPolygon', coordinates: parts.map((g) => g.coordinates) };
  }
  if (parts.every((g): g is LineString => g.type === 'LineString')) {
    return { type: 'MultiLineString', coordinates: parts.map((g) => g.coordinates) };
  }
  if (parts.every((g): g is Point => g.type === 'Point')) {
    return { type: 'MultiPoint', coordinates: parts.map((g) => g.coordinates) };
  }
  return geometry;
}
