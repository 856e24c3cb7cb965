import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { PATROL_RADIUS_M } from '../domain/rules';
import { patrolLayerSpecs, patrolPaths } from '../map/deck/patrol-paths';
import type { DeckOverlay } from './useDeckOverlay';

/**
 * The selected month's patrol tracks and their corridor while `tracks` is on, drawn by deck.gl PathLayers over flat
 * arrays (built once per month's tracks). The corridor is as wide as the report's visit radius says
 * (domain/rules PATROL_RADIUS_M unless configured otherwise).
 */
export function useAnalysisPatrolLayers(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  deck: DeckOverlay,
): void {
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  let built: { tracks: unknown; paths: ReturnType<typeof patrolPaths> } | null = null;
  // The month's tracks are asked for while the layer is on.
  let release: (() => void) | null = null;
  watch(
    () => layers.tracks,
    (on) => {
      if (on && !release) release = analysis.wantPatrol();
      else if (!on && release) release = (release(), null);
    },
    { immediate: true },
  );

  watch(
    [map, added, () => layers.tracks, () => analysis.patrol, () => analysis.report] as const,
    ([m, isAdded, on, patrol, report]) => {
      if (!m || !isAdded || !on) {
        built = null;
        return deck.set('patrol', null);
      }
      const tracks = patrol?.tracks ?? null;
      if (built?.tracks !== tracks) built = { tracks, paths: patrolPaths(tracks) };
      deck.set('patrol', patrolLayerSpecs(built.paths, report?.totals.patrol.radiusM ?? PATROL_RADIUS_M));
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    release?.();
    deck.set('patrol', null);
  });
}
