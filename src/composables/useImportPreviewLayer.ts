import { onBeforeUnmount, watch, type Ref } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { fitTo } from '../map/fit';
import {
  IMPORT_PREVIEW_LAYER_IDS,
  IMPORT_PREVIEW_SOURCE,
  importPreviewLayers,
  importPreviewSource,
} from '../map/import-preview-layers';

/**
 * Draws an import's accepted features over the map while its preview is open, fitted into view, and removes the
 * source and layers when there is nothing to preview or the view goes. Kept on top when the overview re-adds its
 * own layers (another dataset, a style reload).
 * @example useImportPreviewLayer(map, added, computed(() => imp.result?.preview ?? null))
 */
export function useImportPreviewLayer(
  map: Readonly<Ref<MapLibreMap | null>>,
  added: Readonly<Ref<boolean>>,
  preview: Readonly<Ref<FeatureCollection | null>>,
): void {
  function remove(m: MapLibreMap): void {
    for (const id of [...IMPORT_PREVIEW_LAYER_IDS].reverse()) if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource(IMPORT_PREVIEW_SOURCE)) m.removeSource(IMPORT_PREVIEW_SOURCE);
  }

  function ensure(m: MapLibreMap): void {
    if (!m.getSource(IMPORT_PREVIEW_SOURCE)) m.addSource(IMPORT_PREVIEW_SOURCE, importPreviewSource());
    for (const layer of importPreviewLayers()) {
      if (m.getLayer(layer.id)) m.moveLayer(layer.id);
      else m.addLayer(layer);
    }
  }

  watch(
    [map, added, preview] as const,
    ([m, isAdded, fc], [, , before]) => {
      if (!m) return;
      if (!isAdded || !fc) return remove(m);
      ensure(m);
      m.getSource<GeoJSONSource>(IMPORT_PREVIEW_SOURCE)?.setData(fc);
      // A new answer is fitted into view; the overview re-adding its layers leaves the view where it is.
      if (fc !== before && fc.features.length) fitTo(m, fc, true, 17);
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });
}
