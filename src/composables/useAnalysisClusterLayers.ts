import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useDatasetStore } from '../stores/dataset';
import { useSelectionStore } from '../stores/selection';
import { useUiStore } from '../stores/ui';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { useAnalysisStore } from '../stores/analysis';
import {
  CLUSTER_DOT_IMAGE,
  CLUSTER_LAYER_IDS,
  CLUSTER_MAX_ZOOM,
  CLUSTER_SOURCE,
  clusterDotImage,
  clusterHit,
  clusterLayers,
  clusterSource,
  pointPaint,
} from '../map/analysis-clusters';
import { ensureLayers, removeLayers } from '../map/analysis-stack';
import type { EnterpriseFC } from '../domain/types';

/**
 * The enterprises as clusters with counts while `clusters` is on (and the layer switcher's enterprise group is):
 * a click on a cluster zooms to where it splits, a click on a dot selects the enterprise as the overview does. The
 * source is rebuilt only for a new dataset; the listeners and layers go when clusters are turned off and on unmount.
 */
export function useAnalysisClusterLayers(map: ShallowRef<MapLibreMap | null>, added: Ref<boolean>): void {
  const dataset = useDatasetStore();
  const selection = useSelectionStore();
  const ui = useUiStore();
  const layers = useAnalysisLayersStore();
  const analysis = useAnalysisStore();
  let drawn: EnterpriseFC | null = null;
  let attachedTo: MapLibreMap | null = null;

  async function onClick(e: MapMouseEvent): Promise<void> {
    const m = e.target;
    const hit = clusterHit(m, e.point);
    if (!hit) return;
    if (hit.kind === 'enterprise') return selection.selectEnterprise(hit.id);
    // While hex cells are drawn, a click on a cluster's circle is meant for the cell under it (useHexLayers).
    if (analysis.hexMode !== 'off') return;
    const source = m.getSource<GeoJSONSource>(CLUSTER_SOURCE);
    if (!source) return;
    try {
      const zoom = await source.getClusterExpansionZoom(hit.clusterId);
      // The zoom where it splits can be a hair above the current one (clusters are cut at whole zooms): go at
      // least one level in, so the click visibly zooms, and never past the zoom where every dot stands alone.
      const target = Math.min(Math.max(zoom, m.getZoom() + 1), CLUSTER_MAX_ZOOM + 1, m.getMaxZoom());
      m.easeTo({ center: hit.center, zoom: target });
    } catch {
      // The cluster went away (the map zoomed or the data changed) before the answer came: nothing to zoom into.
    }
  }

  function onMove(e: MapMouseEvent): void {
    const hit = clusterHit(e.target, e.point);
    if (hit && (hit.kind === 'enterprise' || analysis.hexMode === 'off')) e.target.getCanvas().style.cursor = 'pointer';
  }

  function remove(m: MapLibreMap): void {
    removeLayers(m, CLUSTER_SOURCE, CLUSTER_LAYER_IDS);
    attachedTo?.off('click', onClick);
    attachedTo?.off('mousemove', onMove);
    attachedTo = null;
    drawn = null;
  }

  // Post-flush, like the hex layers: the overview's labels exist by then, to go under.
  watch(
    [added, () => dataset.index, () => layers.clusters, () => ui.visible.enterprises] as const,
    ([isAdded, index, on, visible]) => {
      const m = map.value;
      if (!m) return;
      const enterprises = index?.dataset.enterprises;
      if (!isAdded || !enterprises || !on || !visible) return remove(m);
      if (drawn !== enterprises) removeLayers(m, CLUSTER_SOURCE, CLUSTER_LAYER_IDS);
      if (!m.hasImage(CLUSTER_DOT_IMAGE)) m.addImage(CLUSTER_DOT_IMAGE, clusterDotImage(), { sdf: true });
      ensureLayers(m, CLUSTER_SOURCE, () => clusterSource(enterprises), () => clusterLayers(selection.enterpriseId));
      drawn = enterprises;
      if (!attachedTo) {
        m.on('click', onClick);
        m.on('mousemove', onMove);
        attachedTo = m;
      }
    },
    { immediate: true, flush: 'post' },
  );

  watch(
    () => selection.enterpriseId,
    (id) => {
      const m = map.value;
      if (!m?.getLayer(CLUSTER_LAYER_IDS[0])) return;
      const paint = pointPaint(id);
      for (const name of Object.keys(paint) as (keyof typeof paint)[]) m.setPaintProperty(CLUSTER_LAYER_IDS[0], name, paint[name]);
    },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });
}
