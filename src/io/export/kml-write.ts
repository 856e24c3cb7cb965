/**
 * KML 2.2 (OGC 07-147r2), UTF-8: one Document named after the layer, one Placemark per feature, with
 * - `<name>`: the feature's `name`, else its `title`, `id` or `code` (`nameProperty` chooses another);
 * - `<ExtendedData>`: one `<Data name="…"><value>…</value></Data>` per property that has a value (every property,
 *   `name` too; null is left out, arrays are joined by `,`, booleans `true`/`false`: common.ts's `valueText`);
 * - the geometry: Point, LineString, Polygon (`outerBoundaryIs`, then one `innerBoundaryIs` per hole), and a
 *   MultiPoint, MultiLineString, MultiPolygon or GeometryCollection as a `MultiGeometry` of its parts; none for a
 *   feature without geometry. Coordinates are WGS84 `lon,lat` (and the altitude when a position has one), as KML
 *   requires, each number by `String(n)` (read back exactly); rings as they are.
 * All text is XML-escaped (`&`, `<`, `>`, `"`, `'`): a name `<script>` is written `&lt;script&gt;`, and characters
 * XML 1.0 cannot hold (control characters) are dropped with a warning. A feature with no `name` that is read back
 * gets its `<name>` (title, id or code) as a `name` property. Pure: no node:fs, no DOM.
 */
import type { Geometry, Position } from 'geojson';
import {
  ByteBuilder,
  layerColumns,
  propertyOf,
  valueText,
  xmlEscape,
  type ExportFeatures,
  type ExportOptions,
  type Written,
} from './common';

export interface KmlOptions extends ExportOptions {
  /** The property whose value is each Placemark's `<name>`; default `name`, else `title`, `id`, `code`. */
  nameProperty?: string;
}

const NAME_PROPERTIES = ['name', 'title', 'id', 'code'];

const coordinates = (ps: Position[]) => ps.map((p) => p.slice(0, 3).join(',')).join(' ');

function geometryKml(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${coordinates([g.coordinates])}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><coordinates>${coordinates(g.coordinates)}</coordinates></LineString>`;
    case 'Polygon': {
      const [outer, ...holes] = g.coordinates;
      const ring = (r: Position[]) => `<LinearRing><coordinates>${coordinates(r)}</coordinates></LinearRing>`;
      return (
        `<Polygon>${outer ? `<outerBoundaryIs>${ring(outer)}</outerBoundaryIs>` : ''}` +
        `${holes.map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`
      );
    }
    case 'MultiPoint':
      return multi(g.coordinates.map((c) => ({ type: 'Point', coordinates: c })));
    case 'MultiLineString':
      return multi(g.coordinates.map((c) => ({ type: 'LineString', coordinates: c })));
    case 'MultiPolygon':
      return multi(g.coordinates.map((c) => ({ type: 'Polygon', coordinates: c })));
    case 'GeometryCollection':
      return multi(g.geometries);
  }
}

const multi = (parts: Geometry[]) => `<MultiGeometry>${parts.map(geometryKml).join('')}</MultiGeometry>`;

/**
 * Writes features as a KML document (see the file's comment).
 * @example writeKml([{ type: 'Feature', properties: { name: '<script>' }, geometry: { type: 'Point', coordinates: [120.9, 30.5] } }])
 * // …<Placemark><name>&lt;script&gt;</name><ExtendedData><Data name="name"><value>&lt;script&gt;</value></Data>…
 */
export function writeKml(features: ExportFeatures, options: KmlOptions = {}): Written {
  const columns = layerColumns(features, options.columns);
  const dropped = { count: 0 };
  const esc = (s: string) => xmlEscape(s, dropped);
  const out = new ByteBuilder();
  out.text(
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n' +
      `<name>${esc(options.name ?? 'layer')}</name>\n`,
  );
  const nameKeys = options.nameProperty ? [options.nameProperty] : NAME_PROPERTIES;
  for (const f of features) {
    let name: string | null = null;
    for (const key of nameKeys) {
      name = valueText(propertyOf(f, key));
      if (name) break;
    }
    const data: string[] = [];
    for (const key of columns) {
      const text = valueText(propertyOf(f, key));
      if (text !== null) data.push(`<Data name="${esc(key)}"><value>${esc(text)}</value></Data>`);
    }
    out.text(
      '<Placemark>' +
        (name ? `<name>${esc(name)}</name>` : '') +
        (data.length ? `<ExtendedData>${data.join('')}</ExtendedData>` : '') +
        (f.geometry ? geometryKml(f.geometry) : '') +
        '</Placemark>\n',
    );
  }
  out.text('</Document>\n</kml>\n');
  const warnings = dropped.count
    ? [
        `${dropped.count} control character${dropped.count === 1 ? '' : 's'} that XML cannot hold left out of the text`,
      ]
    : [];
  return { bytes: out.finish(), warnings };
}
