import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  Map as MapLibreMap,
  PointLike,
} from 'maplibre-gl';
import type { EnterpriseFC } from '../domain/types';
import { FONT_STACK_BOLD, THEME } from '../app/theme';

/** The dataset's enterprises, clustered by MapLibre (supercluster in its worker). */
export const CLUSTER_SOURCE = 'analysis-enterprises';
/**
 * Layer ids (a public interface, README): the unclustered dots (a circle layer under the labels) and the clusters
 * (one symbol layer, a disc and its count, over the labels: see clusterLayers).
 */
export const CLUSTER_LAYER_IDS = ['analysis-enterprise-points', 'analysis-enterprise-clusters'] as const;
/** The disc image of the cluster symbols (an SDF, so each cluster gets its colour and white ring from paint). */
export const CLUSTER_DOT_IMAGE = 'gs-cluster-dot';
/** Radius in pixels of the disc in CLUSTER_DOT_IMAGE; icon-size scales it to each cluster's radius. */
const DOT_RADIUS = 24;
/** Pixels of distance field beyond the disc's edge (MapLibre reads 0.75 of alpha as the edge, 1/8 per pixel). */
const SDF_BUFFER = 8;
/** Overview layers the clusters replace on the analyst route. */
export const REPLACED_OVERVIEW_LAYERS = ['enterprises'] as const;

/** Cluster radius in pixels (supercluster's default 50) and the last zoom that clusters (15: from 16 on every
 * enterprise is its own dot, and the overview's enterprise names appear at 16.5 above single dots only). */
export const CLUSTER_RADIUS = 50;
export const CLUSTER_MAX_ZOOM = 15;
/** Cluster sizes where the colour and the circle step up. */
export const CLUSTER_STEPS = [10, 30] as const;
export const CLUSTER_COLOURS = ['#60a5fa', '#2563eb', '#1e3a8a'] as const;

/** Pixels around the pointer that still count as touching a cluster or a dot (as the overview's picking). */
const HIT_TOLERANCE = 5;

export function clusterSource(enterprises: EnterpriseFC): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: enterprises,
    cluster: true,
    clusterRadius: CLUSTER_RADIUS,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    buffer: 64,
  };
}

const isCluster: ExpressionSpecification = ['has', 'point_count'];

/** The single-enterprise dots' paint for a selected enterprise id (a paint value, not feature-state: clustered
 * sources give clusters their own ids, so the enterprise id is matched instead). */
export function pointPaint(selectedId: string | null) {
  const selected: ExpressionSpecification = ['==', ['get', 'id'], selectedId ?? ''];
  const above: ExpressionSpecification = ['==', ['get', 'scale'], 'above'];
  return {
    'circle-color': ['match', ['get', 'scale'], 'above', THEME.enterprise.above, THEME.enterprise.below],
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', above, 3.5, 2.2], 17,
      ['case', selected, 10, above, 7, 5]],
    'circle-stroke-color': ['case', selected, '#111827', '#ffffff'],
    'circle-stroke-width': ['case', selected, 2.5, 1.2],
  } satisfies Record<string, ExpressionSpecification>;
}

/**
 * The cluster disc as a signed distance field (alpha 0.75 at the edge, falling 1/8 per pixel outwards, TinySDF's
 * encoding), so `icon-color` paints it and `icon-halo-*` rings it, per cluster.
 * @example map.addImage(CLUSTER_DOT_IMAGE, clusterDotImage(), { sdf: true })
 */
export function clusterDotImage(): { width: number; height: number; data: Uint8Array } {
  const size = 2 * (DOT_RADIUS + SDF_BUFFER);
  const data = new Uint8Array(size * size * 4);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c) - DOT_RADIUS;
      const a = Math.max(0, Math.min(255, Math.round(255 * (0.75 - d / SDF_BUFFER))));
      const k = 4 * (y * size + x);
      data[k] = data[k + 1] = data[k + 2] = 255;
      data[k + 3] = a;
    }
  }
  return { width: size, height: size, data };
}

/**
 * The unclustered dots (a circle layer, under the labels) and the clusters: one symbol layer, a disc with its count,
 * drawn over the labels and always drawn (a count is data), while taking part in collision so that the grid names,
 * placed after it, move aside (their variable anchors) instead of lying under a disc (docs/design.md). Paint mixes
 * as the overview's circles and labels (shader-variants.ts).
 */
export function clusterLayers(selectedId: string | null): LayerSpecification[] {
  const step = (values: readonly [number, number, number]): ExpressionSpecification =>
    ['step', ['get', 'point_count'], values[0], CLUSTER_STEPS[0], values[1], CLUSTER_STEPS[1], values[2]] as ExpressionSpecification;
  const radius = step([14, 18, 24]);
  return [
    { id: 'analysis-enterprise-points', type: 'circle', source: CLUSTER_SOURCE, filter: ['!', isCluster],
      layout: { 'circle-sort-key': ['case', ['==', ['get', 'scale'], 'above'], 2, 1] },
      paint: pointPaint(selectedId) },
    { id: 'analysis-enterprise-clusters', type: 'symbol', source: CLUSTER_SOURCE, filter: isCluster, layout: {
      'icon-image': CLUSTER_DOT_IMAGE,
      'icon-size': ['/', radius, DOT_RADIUS] as ExpressionSpecification,
      'icon-allow-overlap': true, 'icon-ignore-placement': false,
      'text-field': ['get', 'point_count_abbreviated'], 'text-font': FONT_STACK_BOLD, 'text-size': 12,
      'text-allow-overlap': true, 'text-ignore-placement': false,
      // Bigger clusters first among themselves.
      'symbol-sort-key': ['-', ['get', 'point_count']] as ExpressionSpecification,
    }, paint: {
      'icon-color': ['step', ['get', 'point_count'], CLUSTER_COLOURS[0], CLUSTER_STEPS[0], CLUSTER_COLOURS[1],
        CLUSTER_STEPS[1], CLUSTER_COLOURS[2]],
      'icon-halo-color': '#ffffff',
      'icon-halo-width': 2,
      'text-color': '#ffffff',
    } },
  ];
}

export type ClusterHit = { kind: 'cluster'; clusterId: number; center: [number, number] } | { kind: 'enterprise'; id: string };

/**
 * The cluster or enterprise dot under a pointer, if the cluster layers are on the map.
 * @example clusterHit(map, e.point)
 */
export function clusterHit(m: MapLibreMap, point: { x: number; y: number }): ClusterHit | null {
  const layers = [CLUSTER_LAYER_IDS[1], CLUSTER_LAYER_IDS[0]].filter((id) => m.getLayer(id));
  if (!layers.length) return null;
  const box: [PointLike, PointLike] = [
    [point.x - HIT_TOLERANCE, point.y - HIT_TOLERANCE],
    [point.x + HIT_TOLERANCE, point.y + HIT_TOLERANCE],
  ];
  const [hit] = m.queryRenderedFeatures(box, { layers });
  if (!hit) return null;
  if (hit.properties.cluster_id !== undefined && hit.geometry.type === 'Point') {
    return { kind: 'cluster', clusterId: Number(hit.properties.cluster_id), center: hit.geometry.coordinates as [number, number] };
  }
  return { kind: 'enterprise', id: String(hit.properties.id) };
}
