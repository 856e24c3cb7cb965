import { onBeforeUnmount, ref, watch, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useDatasetStore } from '../stores/dataset';
import { useUiStore } from '../stores/ui';
import { basemapTilesUrl, overviewLayers, overviewSources } from '../map/overview-layers';
import { layerVisible } from '../map/layer-groups';
import { fallBackToGeojson } from '../map/basemap-fallback';
import { gridLabelMinZoom } from '../map/hierarchy-zoom';
import type { DatasetIndex } from '../geo/dataset-index';

/**
 * Adds the overview's sources and layers once both the map and the dataset are ready, replaces them when the
 * dataset changes, keeps their visibility in step with the layer switcher, and removes them on unmount.
 * `added` turns true as soon as the layers exist, `idle` once the map has drawn them. `hidden` (reactive) names
 * layers a route draws its own way (the analyst's enterprise clusters replace the `enterprises` dots); they stay
 * hidden whatever the switcher says.
 */
export function useOverviewLayers(
  map: ShallowRef<MapLibreMap | null>,
  loaded: ShallowRef<boolean>,
  hidden: () => readonly string[] = () => [],
) {
  const dataset = useDatasetStore();
  const ui = useUiStore();
  const added = ref(false);
  const idle = ref(false);
  let layerIds: string[] = [];
  let sourceIds: string[] = [];
  let stopFallback: (() => void) | null = null;

  function remove(m: MapLibreMap): void {
    for (const id of [...layerIds].reverse()) if (m.getLayer(id)) m.removeLayer(id);
    for (const id of sourceIds) if (m.getSource(id)) m.removeSource(id);
    layerIds = [];
    sourceIds = [];
    stopFallback?.();
    stopFallback = null;
    added.value = false;
    idle.value = false;
  }

  function add(m: MapLibreMap, index: DatasetIndex): void {
    // Read with OVERVIEW_LOAD_OPTIONS (`basemapTiles`): a dataset that lists basemap.pmtiles has no basemap.geojson here.
    const tiles = basemapTilesUrl(index.dataset.manifest, dataset.baseUrl, window.location.href);
    const sources = overviewSources(index, tiles);
    if (tiles) stopFallback = fallBackToGeojson(m, () => dataset.ensureBasemap().then(() => dataset.basemap));
    for (const [id, spec] of Object.entries(sources)) m.addSource(id, spec);
    sourceIds = Object.keys(sources);
    for (const layer of overviewLayers({ gridLabelMinZoom: gridLabelMinZoom(index), basemapTiles: tiles !== null })) {
      const visibility = layerVisible(layer.id, ui.visible) && !hidden().includes(layer.id) ? 'visible' : 'none';
      if (layer.type !== 'background') layer.layout = { ...layer.layout, visibility };
      m.addLayer(layer);
      layerIds.push(layer.id);
    }
    added.value = true;
    m.once('idle', () => {
      if (dataset.index === index && layerIds.length) idle.value = true;
    });
    m.triggerRepaint();
  }

  watch(
    [loaded, () => dataset.index] as const,
    ([isLoaded, index]) => {
      const m = map.value;
      if (!m || !isLoaded) return;
      remove(m);
      if (index) add(m, index);
    },
    { immediate: true },
  );

  watch(
    () => ({ visible: { ...ui.visible }, hide: hidden() }),
    ({ visible, hide }) => {
      const m = map.value;
      if (!m) return;
      for (const id of layerIds) {
        m.setLayoutProperty(id, 'visibility', layerVisible(id, visible) && !hide.includes(id) ? 'visible' : 'none');
      }
    },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });

  return { added, idle };
}
