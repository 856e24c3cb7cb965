import type { HexAnalysis } from '../geo/hex-analysis';

/*
 * The hex cells' palettes and classes, shared by the map (deck.gl: src/map/deck/hex-cells.ts) and the legend
 * (components/analysis/HexControls.vue).
 */

/** The first label layers: the analyst's layers go under the first of these present (`beforeId`). */
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
