import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { heatLayerSpec } from '../map/deck/heat-points';
import type { DeckOverlay } from './useDeckOverlay';

/**
 * The incident heatmap of the filter's points while `heatmap` is on, drawn by deck.gl's HeatmapLayer straight from
 * the worker's Float64Array (no per-point objects, no tiling). The kernel stays HEAT_RADIUS_M on the ground: its
 * pixel radius is set again when a zoom ends. Off and unmount remove it.
 */
export function useAnalysisHeatLayers(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  deck: DeckOverlay,
  latitude: () => number | null,
): void {
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  /** The zoom the kernel's pixel radius is for (tenths of a level: a finer change would not show). */
  const zoom = ref<number | null>(null);
  let listening: MapLibreMap | null = null;

  const onZoomEnd = () => {
    if (listening) zoom.value = Math.round(listening.getZoom() * 10) / 10;
  };

  function listen(m: MapLibreMap | null): void {
    if (listening === m) return;
    listening?.off('zoomend', onZoomEnd);
    listening = m;
    m?.on('zoomend', onZoomEnd);
    if (m) onZoomEnd();
  }

  watch(
    [map, added, () => layers.heatmap, () => analysis.points, latitude, zoom] as const,
    ([m, isAdded, on, points, lat]) => {
      if (!m || !isAdded || !on || lat === null) {
        listen(null);
        return deck.set('heat', null);
      }
      listen(m);
      deck.set('heat', [heatLayerSpec(points ?? new Float64Array(0), lat, zoom.value ?? m.getZoom())]);
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    listen(null);
    deck.set('heat', null);
  });
}
