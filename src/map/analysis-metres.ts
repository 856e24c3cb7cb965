import type { ExpressionSpecification } from 'maplibre-gl';
import { perFeature } from './shader-variants';

/*
 * Ground sizes on a Web Mercator map. MapLibre's world is 512 CSS pixels wide at zoom 0 and doubles with every
 * zoom level, so a length in metres is a pixel width that doubles with every zoom level too: an `interpolate`
 * with base 2 between two zoom stops reproduces it exactly at every fractional zoom (MapLibre also uses the curve's
 * base when it blends the two integer-zoom values of a zoom-and-data-driven width in the shader).
 */

/** The sphere MapLibre projects onto (WGS84 semi-major axis). */
export const EARTH_RADIUS_M = 6378137;
/** CSS pixels around the equator at zoom 0. */
export const WORLD_SIZE_PX = 512;

/**
 * Metres on the ground per CSS pixel at a latitude and zoom.
 * @example metresPerPixel(30.5, 16) // ≈ 1.025
 */
export function metresPerPixel(lat: number, zoom: number): number {
  if (!Number.isFinite(lat) || Math.abs(lat) >= 85.06) throw new RangeError(`latitude out of Web Mercator range: ${lat}`);
  if (!Number.isFinite(zoom)) throw new RangeError(`zoom must be a finite number, got ${zoom}`);
  return (2 * Math.PI * EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180)) / (WORLD_SIZE_PX * 2 ** zoom);
}

export interface MetresOptions {
  /** The two zoom stops (default 0 and 24, every zoom MapLibre draws). The curve is exact between them; outside
   * them `interpolate` holds the end value, so they must span the map's zoom range. */
  stops?: [number, number];
  /** Wrap each stop's value with perFeature (default true), so a line width is zoom-and-data-driven like every
   * other line width on the map (one shader program: see shader-variants.ts). False for zoom-only properties
   * such as heatmap-radius. */
  perFeature?: boolean;
}

/**
 * A pixel size that stays `metres` on the ground at latitude `lat` at every zoom.
 * @example { 'line-width': metresToPixels(100, 30.5) } // a 100 m wide band
 */
export function metresToPixels(metres: number, lat: number, options: MetresOptions = {}): ExpressionSpecification {
  if (!Number.isFinite(metres) || metres < 0) throw new RangeError(`metres must be a finite number ≥ 0, got ${metres}`);
  const [z0, z1] = options.stops ?? [0, 24];
  if (!(z1 > z0)) throw new RangeError(`zoom stops must rise, got ${z0}, ${z1}`);
  const at = (z: number) => {
    const px = metres / metresPerPixel(lat, z);
    return options.perFeature === false ? px : perFeature(px);
  };
  return ['interpolate', ['exponential', 2], ['zoom'], z0, at(z0), z1, at(z1)] as ExpressionSpecification;
}

/**
 * The line width that draws a track's `radius`-metre corridor: twice the radius, with round caps and joins, is the
 * set of points within `radius` of the line (the buffer DOMAIN.md counts a visit by).
 * @example corridorWidth(50, 30.5) // 100 m wide at every zoom
 */
export function corridorWidth(radiusM: number, lat: number): ExpressionSpecification {
  return metresToPixels(2 * radiusM, lat);
}
