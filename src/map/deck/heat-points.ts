import { HEAT_COLOURS, HEAT_GAIN, HEAT_LAYER, HEAT_RADIUS_M } from '../analysis-heat';
import { metresPerPixel } from '../analysis-metres';
import { rgba } from './colour';
import { binaryAttribute, type BinaryData, type DeckLayerSpec } from './layer-spec';

/*
 * The incident heatmap as deck.gl's HeatmapLayer draws it: the filter's points straight from the worker's
 * Float64Array (lon, lat interleaved) to the GPU, which sums a kernel per point into a weights texture and colours
 * it by the texture's own maximum. Nothing per point is built in JavaScript, nothing is tiled; the weights are summed
 * again only for new points, a new radius (at the end of a zoom) or a view past the texture's bounds.
 */

/** deck.gl caps the kernel radius at 100 px (HeatmapLayer's radiusPixels). */
export const HEAT_MAX_RADIUS_PX = 100;
/** Weights texture size in texels (deck.gl's default is 2048): a quarter of the fill work on a software GPU, and
 * still finer than the 60 m kernel at every zoom the analyst uses. */
export const HEAT_TEXTURE_SIZE = 1024;
/** Below this share of the densest spot's weight the colour fades out (deck.gl's `threshold`). */
export const HEAT_THRESHOLD = 0.08;
export const HEAT_OPACITY = 0.8;

/**
 * deck.gl's `radiusPixels` for a kernel as wide as MapLibre's heatmap-radius of HEAT_RADIUS_M on the ground at `lat`
 * and `zoom`, within deck.gl's 1–100 px. Both kernels are Gaussians cut at the radius, but MapLibre's σ is a third
 * of its radius and deck.gl's a sixth, so deck.gl's radius is twice the ground radius (past zoom ≈ 15.8 the 100 px
 * cap makes the spots a little tighter than MapLibre drew them).
 * @example heatRadiusPixels(30.5, 14) // ≈ 29.2
 */
export function heatRadiusPixels(lat: number, zoom: number, radiusM: number = HEAT_RADIUS_M): number {
  return Math.min(HEAT_MAX_RADIUS_PX, Math.max(1, (2 * radiusM) / metresPerPixel(lat, zoom)));
}

/** The ramp: a pale, translucent start where a spot just shows, then the density hexagons' colours. */
export const HEAT_RANGE = [rgba('rgba(251, 180, 199, 0.35)'), ...HEAT_COLOURS.map((c) => rgba(c))];

/**
 * The heatmap of `points` (lon, lat interleaved) for a map at `lat`, `zoom`. The densest spot on screen is pushed
 * HEAT_GAIN past the ramp's top, as the MapLibre layer did, so the second tier of spots still reads dark.
 * @example heatLayerSpec(analysis.points, 30.5, 14.6).props.data.length === analysis.points.length / 2
 */
export function heatLayerSpec(
  points: Float64Array,
  lat: number,
  zoom: number,
): DeckLayerSpec & { props: { data: BinaryData } } {
  if (points.length % 2 !== 0)
    throw new RangeError(`points must hold lon, lat pairs; got ${points.length} numbers`);
  return {
    kind: 'heatmap',
    props: {
      id: HEAT_LAYER,
      data: { length: points.length / 2, attributes: { getPosition: binaryAttribute(points, 2) } },
      getWeight: 1,
      radiusPixels: heatRadiusPixels(lat, zoom),
      intensity: HEAT_GAIN,
      threshold: HEAT_THRESHOLD,
      colorRange: HEAT_RANGE,
      weightsTextureSize: HEAT_TEXTURE_SIZE,
      opacity: HEAT_OPACITY,
    },
  };
}
