import { computed, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import turfBbox from '@turf/bbox';
import { useDatasetStore } from '../stores/dataset';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { REPLACED_OVERVIEW_LAYERS, clusterHit } from '../map/analysis-clusters';
import { useAnalysisClusterLayers } from './useAnalysisClusterLayers';
import { useAnalysisHeatLayers } from './useAnalysisHeatLayers';
import { useAnalysisGridLayers } from './useAnalysisGridLayers';
import { useAnalysisPatrolLayers } from './useAnalysisPatrolLayers';
import type { DeckOverlay } from './useDeckOverlay';

/**
 * Overview layers the analyst route hides while its clusters stand in for them (pass to useOverviewMap's
 * `hiddenLayers`; reactive).
 */
export function hiddenOverviewLayers(): readonly string[] {
  return useAnalysisLayersStore().clusters ? REPLACED_OVERVIEW_LAYERS : [];
}

/**
 * True when the pointer is on an enterprise cluster or dot: that click zooms or selects an enterprise, so the
 * overview's picking must not select the grid underneath too (pass into useOverviewMap's `pickingPaused`).
 */
export function onAnalysisLayer(e: MapMouseEvent): boolean {
  return clusterHit(e.target, e.point) !== null;
}

/**
 * Whether a single enterprise's dot is under the pointer: the one analyst mark that keeps its click while hex cells
 * are drawn (a cluster's circle covers many cells' worth of map, so its click goes to the cell beneath).
 */
export function onEnterpriseDot(e: MapMouseEvent): boolean {
  return clusterHit(e.target, e.point)?.kind === 'enterprise';
}

/**
 * The analyst map's own layers (issues 4 and 14), each on or off in stores/analysis-layers: enterprise clusters and
 * grid colouring in MapLibre, the incident heatmap and the patrol tracks with their corridors in deck.gl (`deck`,
 * under the MapLibre ones and the labels).
 * @example useAnalysisMapLayers(map, added, deck)
 */
export function useAnalysisMapLayers(map: ShallowRef<MapLibreMap | null>, added: Ref<boolean>, deck: DeckOverlay): void {
  const dataset = useDatasetStore();
  /** The community's middle latitude: the heat kernel's ground radius is converted to pixels there. */
  const latitude = computed(() => {
    const index = dataset.index;
    const target = index?.dataset.community ?? index?.gridsInForce;
    if (!target?.features.length) return null;
    const [, minY, , maxY] = turfBbox(target);
    return Number.isFinite(minY + maxY) ? (minY + maxY) / 2 : null;
  });

  useAnalysisGridLayers(map, added);
  useAnalysisHeatLayers(map, added, deck, () => latitude.value);
  useAnalysisPatrolLayers(map, added, deck);
  useAnalysisClusterLayers(map, added);
}
