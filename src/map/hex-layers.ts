import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { hexPolygon } from '../geo/hexbin';
import type { HexAnalysis } from '../geo/hex-analysis';
import type { HexMode } from '../stores/analysis';
import { byZoom, perFeature } from './shader-variants';

/** The analyst map's hex cells; feature `id` = the cell's index in the result, properties q, r, count, z, p, bin. */
export const HEX_SOURCE = 'analysis-hex';
/** Layer ids in drawing order; a public interface (README). */
export const HEX_LAYER_IDS = ['analysis-hex-fill', 'analysis-hex-outline'] as const;
/** Above the grid fills and outlines, below every label and the enterprise dots: the first present is `beforeId`. */
export const HEX_BEFORE = ['basemap-road-labels', 'microgrids-label', 'enterprises', 'enterprises-label', 'grids-label'];

/**
 * ArcGIS's Hot Spot Analysis palette: Gi_Bin +3 … −3 (index 0 = +3). Class 0 is left clear so the grids show through.
 */
export const HOTSPOT_COLOURS: Record<string, string> = {
  '3': '#b2182b',
  '2': '#ef6548',
  '1': '#fcae91',
  '0': 'rgba(0, 0, 0, 0)',
  '-1': '#9ecae1',
  '-2': '#4292c6',
  '-3': '#08519c',
};
export const HOTSPOT_BINS = [3, 2, 1, 0, -1, -2, -3] as const;

/**
 * A sequential ramp (ColorBrewer RdPu, darker = more): magenta is the one hue the grid palette (orange, teal and
 * lilac pastels, blue outlines) does not use, so even the lightest class reads over a micro-grid.
 */
export const DENSITY_COLOURS = ['#fbb4c7', '#f768a1', '#dd3497', '#ae017e', '#6a0177'];

/**
 * Lower bounds of the density classes for a largest count: 1 and then even steps up to `max`, integers, distinct.
 * @example densityBreaks(20) // [1, 5, 9, 13, 17]
 */
export function densityBreaks(max: number): number[] {
  const breaks = [1];
  for (let k = 1; k < DENSITY_COLOURS.length; k++) {
    const b = Math.ceil(1 + ((max - 1) * k) / DENSITY_COLOURS.length);
    if (b > breaks[breaks.length - 1] && b <= max) breaks.push(b);
  }
  return breaks;
}

/**
 * The study cells as polygons, built once per result and kept out of Vue reactivity by the caller.
 * @example hexFeatures(analysis.hex).features.length === analysis.hex.q.length
 */
export function hexFeatures(hex: HexAnalysis): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = new Array(hex.q.length);
  for (let i = 0; i < hex.q.length; i++) {
    features[i] = {
      type: 'Feature',
      id: i,
      geometry: hexPolygon(hex.q[i], hex.r[i], hex.grid),
      properties: {
        q: hex.q[i],
        r: hex.r[i],
        count: hex.count[i],
        z: Number.isFinite(hex.z[i]) ? hex.z[i] : null,
        p: Number.isFinite(hex.p[i]) ? hex.p[i] : null,
        bin: hex.bin[i],
      },
    };
  }
  return { type: 'FeatureCollection', features };
}

export function hexSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** Fill and outline colours of a mode (data-driven, so switching modes needs no new shader program). */
export function hexPaint(mode: HexMode, max: number): { fill: ExpressionSpecification; line: ExpressionSpecification } {
  if (mode === 'hotspots') {
    const fill = ['match', ['to-string', ['get', 'bin']], ...Object.entries(HOTSPOT_COLOURS).flat(), HOTSPOT_COLOURS['0']];
    return {
      fill: fill as unknown as ExpressionSpecification,
      line: ['case', selected, '#111827', ['==', ['get', 'bin'], 0], 'rgba(100, 116, 139, 0.35)', 'rgba(255, 255, 255, 0.8)'],
    };
  }
  const breaks = densityBreaks(max);
  const steps = breaks.slice(1).flatMap((b, k) => [b, DENSITY_COLOURS[k + 1]]);
  return {
    fill: ['step', ['get', 'count'], 'rgba(0, 0, 0, 0)', 1, DENSITY_COLOURS[0], ...steps] as unknown as ExpressionSpecification,
    line: ['case', selected, '#111827', ['>', ['get', 'count'], 0], 'rgba(106, 1, 119, 0.45)', 'rgba(0, 0, 0, 0)'],
  };
}

/** The hex layers for `mode`, in drawing order (the paint mix of the overview's fills and lines: see shader-variants). */
export function hexLayers(mode: HexMode, max: number): LayerSpecification[] {
  const { fill, line } = hexPaint(mode, max);
  return [
    { id: 'analysis-hex-fill', type: 'fill', source: HEX_SOURCE, paint: { 'fill-antialias': false,
      'fill-color': fill, 'fill-opacity': perFeature(0.72) } },
    { id: 'analysis-hex-outline', type: 'line', source: HEX_SOURCE, layout: { 'line-join': 'round' }, paint: {
      'line-color': line, 'line-width': byZoom([12, ['case', selected, 3, 0.6]], [18, ['case', selected, 3.5, 1.2]]) } },
  ];
}
