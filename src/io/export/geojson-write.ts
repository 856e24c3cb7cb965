/**
 * GeoJSON (RFC 7946): one FeatureCollection, UTF-8 without BOM, WGS84 longitude/latitude as they are (GridSight
 * stores nothing else, so no conversion and no `crs` member, which RFC 7946 removed). Properties are written as
 * they are (null stays null, arrays stay arrays), and a feature's `id` is kept. One feature a line, written piece
 * by piece (common.ts's ByteBuilder), so a county's incidents never become one string. Pure.
 */
import { ByteBuilder, type ExportFeatures, type ExportOptions, type Written } from './common';

/**
 * Writes features as a GeoJSON FeatureCollection. With `columns`, only those properties, in that order (a property
 * a feature lacks stays absent).
 * @example new TextDecoder().decode(writeGeoJson([{ type: 'Feature', geometry: null, properties: { a: 1 } }]).bytes)
 * // '{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"a":1},"geometry":null}\n]}\n'
 */
export function writeGeoJson(features: ExportFeatures, options: ExportOptions = {}): Written {
  const out = new ByteBuilder();
  out.text('{"type":"FeatureCollection","features":[');
  let first = true;
  for (const f of features) {
    let properties = f.properties ?? null;
    if (options.columns && properties) {
      const picked: Record<string, unknown> = {};
      for (const key of options.columns) if (Object.hasOwn(properties, key)) picked[key] = properties[key];
      properties = picked;
    }
    const feature: Record<string, unknown> = { type: 'Feature' };
    if (f.id !== undefined) feature.id = f.id;
    feature.properties = properties;
    feature.geometry = f.geometry ?? null;
    out.text(`${first ? '\n' : ',\n'}${JSON.stringify(feature)}`);
    first = false;
  }
  out.text(`${first ? '' : '\n'}]}\n`);
  return { bytes: out.finish(), warnings: [] };
}
