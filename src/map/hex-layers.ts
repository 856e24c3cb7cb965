import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { hexPolygon } from '../geo/hexbin';
import type { HexAnalysis } from '../geo/hex-analysis';
import type { HexMode } from '../stores/analysis';
import { byZoom, perFeature } from './shader-variants';

/**
 * The analyst map's hex cells; feature `id` = the cell's index in the result, properties q, r; the filter's figures are
 * feature-state: count, z, p, bin.
 */
export const HEX_SOURCE = 'analysis-hex';
/** Layer ids in drawing order; a public interface (README). */
export const HEX_LAYER_IDS = ['analysis-hex-fill', 'analysis-hex-outline'] as const;
/** Above the grid fills and outlines, below every label and the enterprise dots: the first present is `beforeId`. */
export const HEX_BEFORE = ['basemap-road-labels', 'enterprises', 'microgrids-label', 'enterprises-label', 'grids-label'];

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
 * The study cells as polygons with their axial coordinates only: they depend on the cell size, not on the filter, so
 * the source is set once per size and a filter change only updates each cell's feature-state (`hexStates`).
 * @example hexFeatures(analysis.hex).features.length === analysis.hex.q.length
 */
export function hexFeatures(hex: Pick<HexAnalysis, 'q' | 'r' | 'grid'>): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = new Array(hex.q.length);
  for (let i = 0; i < hex.q.length; i++) {
    features[i] = {
      type: 'Feature',
      id: i,
      geometry: hexPolygon(hex.q[i], hex.r[i], hex.grid),
      properties: { q: hex.q[i], r: hex.r[i] },
    };
  }
  return { type: 'FeatureCollection', features };
}

/** What a cell shows for one filter, kept as the cell's MapLibre feature-state (README: source `analysis-hex`). */
export interface HexState {
  count: number;
  z: number | null;
  p: number | null;
  bin: number;
  /** The density class: 0 for an empty cell, k for a count from the k-th of `densityBreaks` on. */
  densityClass: number;
}

/**
 * The density class of a count under `breaks` (densityBreaks): 0 below the first, else how many breaks it reaches.
 * @example densityClass(9, [1, 5, 9, 13, 17]) // 3
 */
export function densityClass(count: number, breaks: readonly number[]): number {
  let k = 0;
  while (k < breaks.length && count >= breaks[k]) k++;
  return k;
}

/** The largest count of a result. */
export function maxCount(hex: Pick<HexAnalysis, 'count'>): number {
  return hex.count.reduce((a, b) => (b > a ? b : a), 0);
}

/**
 * Cell i's feature-state in `hex`, its density class under `breaks`.
 * @example hexState(hex, 0, densityBreaks(maxCount(hex))) // { count: 3, z: 1.2, p: 0.23, bin: 0, densityClass: 1 }
 */
export function hexState(hex: HexAnalysis, i: number, breaks: readonly number[]): HexState {
  return {
    count: hex.count[i],
    z: Number.isFinite(hex.z[i]) ? hex.z[i] : null,
    p: Number.isFinite(hex.p[i]) ? hex.p[i] : null,
    bin: hex.bin[i],
    densityClass: densityClass(hex.count[i], breaks),
  };
}

/**
 * The same study cells, in the same order (then the drawn polygons stand and only the states change).
 * @example sameCells(a, b) // true for two filters at one size
 */
export function sameCells(a: Pick<HexAnalysis, 'q' | 'r' | 'sizeM' | 'grid'>, b: Pick<HexAnalysis, 'q' | 'r' | 'sizeM' | 'grid'>): boolean {
  if (a.sizeM !== b.sizeM || a.q.length !== b.q.length || a.grid.center[0] !== b.grid.center[0] || a.grid.center[1] !== b.grid.center[1]) return false;
  for (let i = 0; i < a.q.length; i++) if (a.q[i] !== b.q[i] || a.r[i] !== b.r[i]) return false;
  return true;
}

/**
 * The cells whose state differs between `before` (null: none set yet) and `after`, with their new state. The
 * density classes follow each result's largest count, so the paint expressions never change with the filter (a
 * changed data-driven paint property would make MapLibre re-tile the source).
 * @example for (const [i, state] of changedStates(prev, next)) map.setFeatureState({ source, id: i }, state)
 */
export function changedStates(before: HexAnalysis | null, after: HexAnalysis): [number, HexState][] {
  const breaks = densityBreaks(maxCount(after));
  const old = before ? densityBreaks(maxCount(before)) : null;
  const sameBreaks = old !== null && old.length === breaks.length && old.every((b, k) => b === breaks[k]);
  const out: [number, HexState][] = [];
  for (let i = 0; i < after.q.length; i++) {
    if (
      before &&
      sameBreaks &&
      before.count[i] === after.count[i] &&
      before.bin[i] === after.bin[i] &&
      Object.is(before.z[i], after.z[i]) &&
      Object.is(before.p[i], after.p[i])
    )
      continue;
    const state = hexState(after, i, breaks);
    // A new class scale alone: cells whose class and figures stay are left as they are.
    if (before && !sameBreaks && before.count[i] === after.count[i] && before.bin[i] === after.bin[i] &&
      Object.is(before.z[i], after.z[i]) && Object.is(before.p[i], after.p[i]) &&
      densityClass(before.count[i], old!) === state.densityClass)
      continue;
    out.push([i, state]);
  }
  return out;
}

export function hexSource(): GeoJSONSourceSpecification {
  // Tiled up to zoom 13 only and over-zoomed beyond (a z13 tile keeps 0.6 m of precision; a 100 m cell needs far
  // less), so a new cell size re-tiles a handful of tiles instead of every z15–z17 tile on screen.
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, maxzoom: 13, buffer: 32 };
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const count: ExpressionSpecification = ['number', ['feature-state', 'count'], 0];
const klass: ExpressionSpecification = ['number', ['feature-state', 'densityClass'], 0];
const bin: ExpressionSpecification = ['number', ['feature-state', 'bin'], 0];

/**
 * Fill and outline colours of a mode. Fixed expressions over feature-state (bin, density class), so neither a filter
 * change nor a new largest count changes a paint property; switching modes needs no new shader program.
 */
export function hexPaint(mode: HexMode): { fill: ExpressionSpecification; line: ExpressionSpecification } {
  if (mode === 'hotspots') {
    const fill = ['match', ['to-string', bin], ...Object.entries(HOTSPOT_COLOURS).flat(), HOTSPOT_COLOURS['0']];
    return {
      fill: fill as unknown as ExpressionSpecification,
      line: ['case', selected, '#111827', ['==', bin, 0], 'rgba(100, 116, 139, 0.35)', 'rgba(255, 255, 255, 0.8)'],
    };
  }
  const classes = DENSITY_COLOURS.flatMap((c, k) => [k + 1, c]);
  return {
    fill: ['match', klass, ...classes, 'rgba(0, 0, 0, 0)'] as unknown as ExpressionSpecification,
    line: ['case', selected, '#111827', ['>', count, 0], 'rgba(106, 1, 119, 0.45)', 'rgba(0, 0, 0, 0)'],
  };
}

/** The hex layers for `mode`, in drawing order (the paint mix of the overview's fills and lines: see shader-variants). */
export function hexLayers(mode: HexMode): LayerSpecification[] {
  const { fill, line } = hexPaint(mode);
  return [
    { id: 'analysis-hex-fill', type: 'fill', source: HEX_SOURCE, paint: { 'fill-antialias': false,
      'fill-color': fill, 'fill-opacity': perFeature(0.72) } },
    { id: 'analysis-hex-outline', type: 'line', source: HEX_SOURCE, layout: { 'line-join': 'round' }, paint: {
      'line-color': line, 'line-width': byZoom([12, ['case', selected, 3, 0.6]], [18, ['case', selected, 3.5, 1.2]]) } },
  ];
}
