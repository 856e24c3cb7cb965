import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { HEAT_LAYER, HEAT_SOURCE, heatFeatures, heatIntensity, heatLayer, heatSource } from '../map/analysis-heat';
import { ensureLayers, removeLayers } from '../map/analysis-stack';

/**
 * The incident heatmap of the filter's points while `heatmap` is on. New points go in with setData and a new
 * intensity (a uniform), never a new layer; off and unmount remove the layer and its source.
 */
export function useAnalysisHeatLayers(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  latitude: () => number | null,
): void {
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  let drawn: Float64Array | null = null;
  /** The latitude the ground radius was built for: another dataset's rebuilds the layer. */
  let drawnLat: number | null = null;

  function remove(m: MapLibreMap): void {
    removeLayers(m, HEAT_SOURCE, [HEAT_LAYER]);
    drawn = null;
    drawnLat = null;
  }

  watch(
    [added, () => layers.heatmap, () => analysis.points, latitude] as const,
    ([isAdded, on, points, lat]) => {
      const m = map.value;
      if (!m) return;
      if (!isAdded || !on || lat === null) return remove(m);
      if (drawnLat !== null && drawnLat !== lat) remove(m);
      const data = points ?? new Float64Array(0);
      const fresh = ensureLayers(m, HEAT_SOURCE, () => heatSource(data), () => [heatLayer(lat, heatIntensity(data))]);
      if (!fresh && drawn !== data) {
        m.getSource<GeoJSONSource>(HEAT_SOURCE)?.setData(heatFeatures(data));
        m.setPaintProperty(HEAT_LAYER, 'heatmap-intensity', heatIntensity(data));
      }
      drawn = data;
      drawnLat = lat;
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });
}
