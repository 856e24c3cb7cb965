import type { Ref } from 'vue';
import type { MapMouseEvent } from 'maplibre-gl';
import { useMaplibre } from './useMaplibre';
import { useOverviewLayers } from './useOverviewLayers';
import { useBasemapRaster } from './useBasemapRaster';
import { useMapPicking } from './useMapPicking';
import { useSelectionOnMap } from './useSelectionOnMap';

/**
 * The community map every route starts from: the map itself, the overview's layers, picking and the selection
 * kept on the map, and the base map chosen in the layer switcher (a raster one of config.json hides the dataset's own).
 * Routes add their own layers and their own idea of "ready" on top.
 * `options.pickingPaused`: when it returns true for a pointer event, that click does not select a unit (a route's
 * own layer takes it). `options.hiddenLayers`: overview layers the route replaces with its own (kept hidden).
 * @example const { map, added, idle, fitCommunity } = useOverviewMap(container)
 */
export function useOverviewMap(
  container: Ref<HTMLElement | null>,
  options: { pickingPaused?: (e: MapMouseEvent) => boolean; hiddenLayers?: () => readonly string[] } = {},
) {
  const { map, loaded } = useMaplibre(container);
  const raster = useBasemapRaster(map, loaded);
  const hidden = () => [...(options.hiddenLayers?.() ?? []), ...raster.hiddenLayers()];
  const { added, idle } = useOverviewLayers(map, loaded, hidden);
  useMapPicking(map, added, options.pickingPaused);
  const { fitCommunity } = useSelectionOnMap(map, added);
  return { map, added, idle, fitCommunity };
}
