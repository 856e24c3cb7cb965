import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { metresToPixels } from './analysis-metres';
import { DENSITY_COLOURS } from './hex-layers';

/** The incidents passing the analyst's filter, as points (no properties). */
export const HEAT_SOURCE = 'analysis-incident-points';
/** Layer id; a public interface (README). */
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

/**
 * The interleaved lon, lat of `analysis.points` as a FeatureCollection of points. Throws on an odd length.
 * @example heatFeatures(new Float64Array([120.9, 30.5])).features.length === 1
 */
export function heatFeatures(points: Float64Array): FeatureCollection<Point> {
  if (points.length % 2 !== 0) throw new RangeError(`points must hold lon, lat pairs; got ${points.length} numbers`);
  const features: Feature<Point>[] = new Array(points.length / 2);
  for (let i = 0; i < features.length; i++) {
    features[i] = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [points[2 * i], points[2 * i + 1]] } };
  }
  return { type: 'FeatureCollection', features };
}

/**
 * heatmap-intensity that brings the densest spot near the top of the ramp, whatever the filter lets through (a
 * month or all of them). MapLibre's kernel peaks at ≈ 0.4 × intensity per point and falls to ≈ 1 % at the
 * radius, so the peak density is about 0.4 × intensity × the points within a third of the radius; those are
 * counted on a grid of cells a third of the radius wide (the busiest cell with its 8 neighbours, halved for the
 * kernel's fall-off across them). The densest spot is then put at the ramp's top with some headroom to spare
 * (× HEAT_GAIN), so the second tier of spots still reads orange rather than pale yellow.
 * @example heatIntensity(points, 60) // ≈ 0.375 for a spot of 10 incidents
 */
export function heatIntensity(points: Float64Array, radiusM: number = HEAT_RADIUS_M): number {
  const n = points.length / 2;
  if (n < 1) return 1;
  const lat0 = points[1];
  const mPerDegLat = 111_320;
  const mPerDegLon = mPerDegLat * Math.cos((lat0 * Math.PI) / 180);
  const cell = radiusM / 3;
  const counts = new Map<string, number>();
  const keys: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.floor((points[2 * i] * mPerDegLon) / cell);
    const y = Math.floor((points[2 * i + 1] * mPerDegLat) / cell);
    const k = `${x},${y}`;
    const c = counts.get(k) ?? 0;
    if (c === 0) keys.push([x, y]);
    counts.set(k, c + 1);
  }
  let peak = 1;
  for (const [x, y] of keys) {
    let s = counts.get(`${x},${y}`)!;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) if (dx || dy) s += (counts.get(`${x + dx},${y + dy}`) ?? 0) / 2;
    if (s > peak) peak = s;
  }
  return HEAT_GAIN / (0.4 * peak);
}

export function heatSource(points: Float64Array | null): GeoJSONSourceSpecification {
  // Tiled to zoom 12 and over-zoomed beyond (1 m precision, far finer than the 60 m kernel): a filter change
  // re-tiles a few tiles, not every tile on screen at z15–z17.
  return { type: 'geojson', data: heatFeatures(points ?? new Float64Array(0)), maxzoom: 12, buffer: 64 };
}

/** The heatmap at latitude `lat` (for the ground radius) with an intensity from `heatIntensity`. */
export function heatLayer(lat: number, intensity: number): LayerSpecification {
  const ramp = HEAT_COLOURS.flatMap((c, k) => [0.2 + (0.8 * k) / (HEAT_COLOURS.length - 1), c]);
  return {
    id: HEAT_LAYER,
    type: 'heatmap',
    source: HEAT_SOURCE,
    paint: {
      'heatmap-radius': metresToPixels(HEAT_RADIUS_M, lat, { perFeature: false }),
      'heatmap-intensity': intensity,
      'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(251, 180, 199, 0)', 0.08,
        'rgba(251, 180, 199, 0.35)', ...ramp] as never,
      'heatmap-opacity': 0.8,
    },
  };
}
