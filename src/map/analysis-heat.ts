import { DENSITY_COLOURS } from './hex-layers';

/** Layer id (a deck.gl HeatmapLayer, src/map/deck/heat-points.ts); a public interface (README). */
export const HEAT_LAYER = 'analysis-incident-heat';
/** Kernel radius on the ground (metres), the same at every zoom: a heat spot is a place, not a pixel blur. */
export const HEAT_RADIUS_M = 60;
/** How far past the ramp's top the densest spot is pushed (1: exactly to the top). */
export const HEAT_GAIN = 1.5;
/**
 * Density ramp, clear where there is nothing: the density hexagons' (RdPu), so incident density has one colour on
 * every layer and red stays for problems (hot spots, 未达标, overlaps).
 */
export const HEAT_COLOURS = DENSITY_COLOURS;
