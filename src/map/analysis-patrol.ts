import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection, LineString } from 'geojson';
import { PATROL_RADIUS_M } from '../domain/rules';
import { corridorWidth } from './analysis-metres';
import { byZoom, perFeature } from './shader-variants';

/** The selected month's patrol tracks (analysis.patrol.tracks). */
export const PATROL_SOURCE = 'analysis-patrol';
/** Layer ids in drawing order; a public interface (README). */
export const PATROL_LAYER_IDS = ['analysis-patrol-corridor', 'analysis-patrol-tracks'] as const;
export const CORRIDOR_COLOUR = '#06b6d4';
export const TRACK_COLOUR = '#0e7490';

export function patrolSource(tracks: FeatureCollection<LineString> | null): GeoJSONSourceSpecification {
  return { type: 'geojson', data: tracks ?? { type: 'FeatureCollection', features: [] } };
}

/**
 * The corridor (a line exactly 2 × radius wide on the ground at every zoom; round caps and joins make it the radius
 * buffer of the track) under the track itself. Line paint as the overview's: colour per feature, width per feature
 * and zoom (shader-variants.ts). The corridor is opaque within its layer and made translucent as a whole with
 * `line-layer-opacity` (drawn off-screen, then blended once), so where tracks overlap — and on a community's
 * streets they all do — the union of the buffers shows evenly instead of darkening with every pass.
 */
export function patrolLayers(lat: number, radiusM: number = PATROL_RADIUS_M): LayerSpecification[] {
  const round = { 'line-cap': 'round', 'line-join': 'round' } as const;
  return [
    { id: 'analysis-patrol-corridor', type: 'line', source: PATROL_SOURCE, layout: round, paint: {
      'line-color': perFeature(CORRIDOR_COLOUR), 'line-width': corridorWidth(radiusM, lat), 'line-layer-opacity': 0.3 } },
    { id: 'analysis-patrol-tracks', type: 'line', source: PATROL_SOURCE, layout: round, paint: {
      'line-color': perFeature(TRACK_COLOUR), 'line-width': byZoom([12, 0.8], [18, 2]) } },
  ];
}
