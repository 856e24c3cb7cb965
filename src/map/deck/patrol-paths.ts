import type { FeatureCollection, LineString } from 'geojson';
import { PATROL_RADIUS_M } from '../../domain/rules';
import { CORRIDOR_COLOUR, CORRIDOR_OPACITY, PATROL_LAYER_IDS, TRACK_COLOUR } from '../analysis-patrol';
import { rgba } from './colour';
import { binaryAttribute, type BinaryData, type DeckLayerSpec } from './layer-spec';

/*
 * The month's patrol tracks and their corridors as deck.gl PathLayers over flat arrays: every track's vertices in
 * one Float64Array (lon, lat interleaved) with the index where each track starts. The corridor is the track drawn
 * 2 × radius metres wide with round caps and joins: the set of points within the visit radius of the track.
 *
 * The corridor is translucent as a whole: where tracks overlap (on a community's streets they all do) the union of
 * the buffers shows evenly instead of darkening with every pass, as MapLibre's `line-layer-opacity` drew it.
 * deck.gl has no layer opacity, so the corridor is drawn twice with the same geometry, using the canvas's alpha
 * channel as a once-only mark (the map under the analyst layers is opaque, alpha 1 everywhere):
 *   1. the mask pass leaves the colours as they are and sets alpha to 1 − opacity where a corridor is;
 *   2. the colour pass blends colour × (1 − dst alpha) + dst × dst alpha and sets alpha back to 1: the first
 *      fragment at a pixel blends the corridor colour at `opacity`, every later one finds alpha 1 and adds nothing.
 * Both passes draw the same triangles, so the alpha is back to 1 wherever the mask touched it.
 */

/** The mask pass's layer id (drawn under the corridor's; no colour of its own). */
export const CORRIDOR_MASK_LAYER = 'analysis-patrol-corridor-mask';
/** Track line width in metres, kept between these pixel widths (about the MapLibre layer's 0.8 px at z12 to 2 px at z18). */
export const TRACK_WIDTH_M = 4;
export const TRACK_MIN_PX = 0.8;
export const TRACK_MAX_PX = 2;

/**
 * The tracks' LineStrings as flat arrays: `positions` lon, lat interleaved, `startIndices[i]` the first vertex of
 * track i (deck.gl's binary path data). Tracks with fewer than two positions are left out.
 * @example patrolPaths(report.tracks).length === report.tracks.features.length
 */
export function patrolPaths(tracks: FeatureCollection<LineString> | null): {
  length: number;
  startIndices: Uint32Array;
  positions: Float64Array;
} {
  const features = tracks?.features ?? [];
  let vertices = 0;
  let length = 0;
  for (const f of features) {
    const n = f.geometry?.coordinates.length ?? 0;
    if (n >= 2) {
      vertices += n;
      length++;
    }
  }
  const positions = new Float64Array(vertices * 2);
  const startIndices = new Uint32Array(length + 1);
  let v = 0;
  let i = 0;
  for (const f of features) {
    const coords = f.geometry?.coordinates ?? [];
    if (coords.length < 2) continue;
    startIndices[i++] = v;
    for (const c of coords) {
      positions[2 * v] = c[0];
      positions[2 * v + 1] = c[1];
      v++;
    }
  }
  startIndices[length] = v;
  return { length, startIndices, positions };
}

/** Blending of the corridor's two passes (see the file comment); no depth test: every analyst layer is flat. */
export const CORRIDOR_MASK_PARAMETERS = {
  blend: true,
  blendColorOperation: 'add',
  blendColorSrcFactor: 'zero',
  blendColorDstFactor: 'one',
  blendAlphaOperation: 'add',
  blendAlphaSrcFactor: 'one',
  blendAlphaDstFactor: 'zero',
} as const;
export const CORRIDOR_COLOUR_PARAMETERS = {
  blend: true,
  blendColorOperation: 'add',
  blendColorSrcFactor: 'one-minus-dst-alpha',
  blendColorDstFactor: 'dst-alpha',
  blendAlphaOperation: 'add',
  blendAlphaSrcFactor: 'one',
  blendAlphaDstFactor: 'zero',
} as const;

/**
 * The corridor (mask and colour passes) and the tracks for `paths`, the corridor `radiusM` either side of a track.
 * @example patrolLayerSpecs(patrolPaths(report.tracks), 50).map((s) => s.props.id)
 */
export function patrolLayerSpecs(
  paths: ReturnType<typeof patrolPaths>,
  radiusM: number = PATROL_RADIUS_M,
): (DeckLayerSpec & { props: { data: BinaryData } })[] {
  const data: BinaryData = {
    length: paths.length,
    startIndices: paths.startIndices,
    attributes: { getPath: binaryAttribute(paths.positions, 2) },
  };
  const common = {
    data,
    // Binary data: deck.gl reads the paths as they are (no per-path normalisation).
    _pathType: 'open',
    capRounded: true,
    jointRounded: true,
  };
  const corridor = { ...common, widthUnits: 'meters', getWidth: 2 * radiusM };
  const [r, g, b] = rgba(CORRIDOR_COLOUR);
  return [
    {
      kind: 'path',
      props: {
        ...corridor,
        id: CORRIDOR_MASK_LAYER,
        getColor: [0, 0, 0, Math.round(255 * (1 - CORRIDOR_OPACITY))],
        parameters: CORRIDOR_MASK_PARAMETERS,
      },
    },
    {
      kind: 'path',
      props: {
        ...corridor,
        id: PATROL_LAYER_IDS[0],
        getColor: [r, g, b, 255],
        parameters: CORRIDOR_COLOUR_PARAMETERS,
      },
    },
    {
      kind: 'path',
      props: {
        ...common,
        id: PATROL_LAYER_IDS[1],
        widthUnits: 'meters',
        getWidth: TRACK_WIDTH_M,
        widthMinPixels: TRACK_MIN_PX,
        widthMaxPixels: TRACK_MAX_PX,
        getColor: rgba(TRACK_COLOUR),
      },
    },
  ];
}
