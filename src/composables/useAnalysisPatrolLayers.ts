import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { PATROL_LAYER_IDS, PATROL_SOURCE, patrolLayers, patrolSource } from '../map/analysis-patrol';
import { PATROL_RADIUS_M } from '../domain/rules';
import { ensureLayers, removeLayers } from '../map/analysis-stack';

/**
 * The selected month's patrol tracks and their corridor while `tracks` is on. The corridor is as wide as the
 * report's visit radius says (domain/rules PATROL_RADIUS_M unless configured otherwise); new tracks go in with setData.
 */
export function useAnalysisPatrolLayers(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  latitude: () => number | null,
): void {
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  /** The latitude and radius the corridor's width was built for: another one rebuilds the layers. */
  let builtFor = '';
  let drawn: unknown = null;

  function remove(m: MapLibreMap): void {
    removeLayers(m, PATROL_SOURCE, PATROL_LAYER_IDS);
    builtFor = '';
    drawn = null;
  }

  watch(
    [added, () => layers.tracks, () => analysis.patrol, () => analysis.report, latitude] as const,
    ([isAdded, on, patrol, report, lat]) => {
      const m = map.value;
      if (!m) return;
      if (!isAdded || !on || lat === null) return remove(m);
      const radius = report?.totals.patrol.radiusM ?? PATROL_RADIUS_M;
      const key = `${lat},${radius}`;
      if (builtFor && builtFor !== key) remove(m);
      const tracks = patrol?.tracks ?? null;
      const fresh = ensureLayers(m, PATROL_SOURCE, () => patrolSource(tracks), () => patrolLayers(lat, radius));
      if (!fresh && drawn !== tracks) {
        m.getSource<GeoJSONSource>(PATROL_SOURCE)?.setData(patrolSource(tracks).data as GeoJSON.FeatureCollection);
      }
      builtFor = key;
      drawn = tracks;
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });
}
