import { describe, expect, it } from 'vitest';
import type { FeatureCollection, LineString } from 'geojson';
import { rgba } from '../../../../src/map/deck/colour';
import { binaryAttribute } from '../../../../src/map/deck/layer-spec';
import { HEAT_MAX_RADIUS_PX, heatLayerSpec, heatRadiusPixels } from '../../../../src/map/deck/heat-points';
import {
  CORRIDOR_COLOUR_PARAMETERS,
  CORRIDOR_MASK_LAYER,
  CORRIDOR_MASK_PARAMETERS,
  patrolLayerSpecs,
  patrolPaths,
} from '../../../../src/map/deck/patrol-paths';
import { CORRIDOR_OPACITY, PATROL_LAYER_IDS } from '../../../../src/map/analysis-patrol';
import { HEAT_GAIN, HEAT_LAYER } from '../../../../src/map/analysis-heat';
import { metresPerPixel } from '../../../../src/map/analysis-metres';

describe('deck.gl layer builders', () => {
  it('colours as bytes, opacity folded into alpha; a typo throws', () => {
    expect(rgba('#ff0000')).toEqual([255, 0, 0, 255]);
    expect(rgba('#0f0', 0.5)).toEqual([0, 255, 0, 128]);
    expect(rgba('rgba(106, 1, 119, 0.45)')).toEqual([106, 1, 119, 115]);
    expect(rgba('rgb(1, 2, 3)')).toEqual([1, 2, 3, 255]);
    expect(() => rgba('magenta')).toThrow(RangeError);
  });

  it('one attribute object per typed array, bytes normalised', () => {
    const a = new Float64Array(4);
    expect(binaryAttribute(a, 2)).toBe(binaryAttribute(a, 2));
    expect(binaryAttribute(a, 2)).not.toBe(binaryAttribute(new Float64Array(4), 2));
    expect(binaryAttribute(new Uint8Array(4), 4)).toMatchObject({ size: 4, normalized: true });
  });

  it("heatmap: the worker points as they are, a kernel of the MapLibre layer's ground size", () => {
    const points = new Float64Array([120.9, 30.5, 121, 30.6]);
    const spec = heatLayerSpec(points, 30.5, 14);
    expect(spec).toMatchObject({ kind: 'heatmap', props: { id: HEAT_LAYER, intensity: HEAT_GAIN } });
    expect(spec.props.data.length).toBe(2);
    expect(spec.props.data.attributes.getPosition.value).toBe(points);
    // deck.gl's σ is a sixth of its radius, MapLibre's a third: twice the ground radius in pixels.
    expect(heatRadiusPixels(30.5, 14)).toBeCloseTo(120 / metresPerPixel(30.5, 14), 9);
    expect(heatRadiusPixels(30.5, 19)).toBe(HEAT_MAX_RADIUS_PX);
    expect(heatRadiusPixels(30.5, 3)).toBe(1);
    expect(() => heatLayerSpec(new Float64Array(3), 30.5, 14)).toThrow(RangeError);
  });

  const line = (coords: number[][]) => ({
    type: 'Feature' as const,
    properties: {},
    geometry: { type: 'LineString' as const, coordinates: coords },
  });
  const tracks = {
    type: 'FeatureCollection',
    features: [
      line([
        [0, 0],
        [1, 0],
        [1, 1],
      ]),
      line([[5, 5]]),
      line([
        [2, 2],
        [3, 3],
      ]),
    ],
  } as FeatureCollection<LineString>;

  it('tracks flattened into one array with start indices; a track of one point is left out', () => {
    const paths = patrolPaths(tracks);
    expect(paths.length).toBe(2);
    expect(Array.from(paths.startIndices)).toEqual([0, 3, 5]);
    expect(Array.from(paths.positions)).toEqual([0, 0, 1, 0, 1, 1, 2, 2, 3, 3]);
    expect(patrolPaths(null)).toMatchObject({ length: 0 });
  });

  it('corridor: a mask pass and a colour pass over the same paths, 2 × radius wide; then the tracks', () => {
    const specs = patrolLayerSpecs(patrolPaths(tracks), 50);
    expect(specs.map((s) => s.props.id)).toEqual([CORRIDOR_MASK_LAYER, ...PATROL_LAYER_IDS]);
    const [mask, corridor] = specs;
    expect(mask.props.data).toBe(corridor.props.data);
    for (const s of [mask, corridor])
      expect(s.props).toMatchObject({
        widthUnits: 'meters',
        getWidth: 100,
        capRounded: true,
        jointRounded: true,
      });
    expect(mask.props.getColor).toEqual([0, 0, 0, Math.round(255 * (1 - CORRIDOR_OPACITY))]);
    expect(corridor.props.getColor).toEqual([...rgba('#06b6d4').slice(0, 3), 255]);
  });

  it('the two corridor passes blend each pixel once at the corridor opacity', () => {
    // The blend equations of both passes, run on one pixel over an opaque map colour, n corridors deep.
    const factor = (f: string, src: number[], dst: number[]) =>
      ({ zero: 0, one: 1, 'dst-alpha': dst[3], 'one-minus-dst-alpha': 1 - dst[3] })[f]!;
    const blend = (p: Record<string, unknown>, src: number[], dst: number[]) => {
      const cs = factor(p.blendColorSrcFactor as string, src, dst);
      const cd = factor(p.blendColorDstFactor as string, src, dst);
      const as = factor(p.blendAlphaSrcFactor as string, src, dst);
      const ad = factor(p.blendAlphaDstFactor as string, src, dst);
      return [0, 1, 2].map((i) => src[i] * cs + dst[i] * cd).concat(src[3] * as + dst[3] * ad);
    };
    const map = [0.9, 0.8, 0.7, 1];
    const colour = [0.02, 0.71, 0.83, 1];
    const mask = [0, 0, 0, 1 - CORRIDOR_OPACITY];
    const want = [0, 1, 2].map((i) => CORRIDOR_OPACITY * colour[i] + (1 - CORRIDOR_OPACITY) * map[i]);
    for (const n of [1, 2, 5]) {
      let px = map;
      for (let k = 0; k < n; k++) px = blend(CORRIDOR_MASK_PARAMETERS, mask, px);
      for (let k = 0; k < n; k++) px = blend(CORRIDOR_COLOUR_PARAMETERS, colour, px);
      for (let i = 0; i < 3; i++) expect(px[i]).toBeCloseTo(want[i], 12);
      expect(px[3]).toBe(1);
    }
  });
});
