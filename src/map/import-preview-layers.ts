import type { FilterSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';

/**
 * The import preview: the features a file would bring, drawn over the map before anything is applied (issue: import
 * in the app). One GeoJSON source; polygons as a wash under a thick outline on a white band, lines as lines, points as circles.
 * Cyan, a colour neither the grid palette nor the validation marks use, and on top of every other layer, labels
 * included: what is being imported must be seen whole.
 */
export const IMPORT_PREVIEW_SOURCE = 'import-preview';

/** Layer ids in drawing order; a public interface (README). */
export const IMPORT_PREVIEW_LAYER_IDS = [
  'import-preview-fill',
  'import-preview-casing',
  'import-preview-line',
  'import-preview-point',
] as const;

export const IMPORT_PREVIEW_COLOUR = '#0891b2';

/** @example map.addSource(IMPORT_PREVIEW_SOURCE, importPreviewSource()) */
export function importPreviewSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

const ofType = (types: string[]): FilterSpecification => ['match', ['geometry-type'], types, true, false];
const AREAL = ofType(['Polygon', 'MultiPolygon']);
const LINEAR = ofType(['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
const POINT = ofType(['Point', 'MultiPoint']);

/** @example for (const layer of importPreviewLayers()) map.addLayer(layer) */
export function importPreviewLayers(): LayerSpecification[] {
  return [
    {
      id: 'import-preview-fill',
      type: 'fill',
      source: IMPORT_PREVIEW_SOURCE,
      filter: AREAL,
      paint: { 'fill-color': IMPORT_PREVIEW_COLOUR, 'fill-opacity': 0.2 },
    },
    // A white band under the line: the cyan stays readable over the grids' own blue borders and coloured fills.
    {
      id: 'import-preview-casing',
      type: 'line',
      source: IMPORT_PREVIEW_SOURCE,
      filter: LINEAR,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.9 },
    },
    {
      id: 'import-preview-line',
      type: 'line',
      source: IMPORT_PREVIEW_SOURCE,
      filter: LINEAR,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': IMPORT_PREVIEW_COLOUR, 'line-width': 3.5 },
    },
    {
      id: 'import-preview-point',
      type: 'circle',
      source: IMPORT_PREVIEW_SOURCE,
      filter: POINT,
      paint: {
        'circle-color': IMPORT_PREVIEW_COLOUR,
        'circle-radius': 6,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ];
}
