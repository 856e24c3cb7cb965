import type { Ref } from 'vue';
import { useMaplibre } from './useMaplibre';
import { useOverviewLayers } from './useOverviewLayers';
import { useMapPicking } from './useMapPicking';
import { useSelectionOnMap } from './useSelectionOnMap';

/**
 * The community map every route starts from: the map itself, the overview's layers, picking and the selection
 * kept on the map. Routes add their own layers and their own idea of "ready" on top.
 * `options.pickingPaused`: while it returns true, map clicks do not select units (a route's own layer takes them).
 * @example const { map, added, idle, fitCommunity } = useOverviewMap(container)
 */
export function useOverviewMap(container: Ref<HTMLElement | null>, options: { pickingPaused?: () => boolean } = {}) {
  const { map, loaded } = useMaplibre(container);
  const { added, idle } = useOverviewLayers(map, loaded);
  useMapPicking(map, added, options.pickingPaused);
  const { fitCommunity } = useSelectionOnMap(map, added);
  return { map, added, idle, fitCommunity };
}
