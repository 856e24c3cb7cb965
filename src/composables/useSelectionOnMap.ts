import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useDatasetStore } from '../stores/dataset';
import { useSelectionStore } from '../stores/selection';
import { fitTo, mapPadding } from '../map/fit';
import type { Feature, FeatureCollection } from 'geojson';
import type { DatasetIndex } from '../geo/dataset-index';

type Marked = { source: string; id: string };

/**
 * Shows the selection on the map (feature-state `selected` on the grid, micro-grid and enterprise of the path) and
 * moves the map to the unit asked for. The first view after the layers appear is not animated.
 */
export function useSelectionOnMap(map: ShallowRef<MapLibreMap | null>, added: Ref<boolean>) {
  const dataset = useDatasetStore();
  const selection = useSelectionStore();
  let marked: Marked[] = [];

  function mark(m: MapLibreMap): void {
    for (const s of marked) if (m.getSource(s.source)) m.setFeatureState(s, { selected: false });
    marked = [];
    if (!added.value) return;
    const want: [string, string | null][] = [
      ['community', selection.communityCode],
      ['grids', selection.gridCode],
      ['microgrids', selection.microGridCode],
      ['enterprises', selection.enterpriseId],
    ];
    for (const [source, id] of want) {
      if (id === null) continue;
      m.setFeatureState({ source, id }, { selected: true });
      marked.push({ source, id });
    }
  }

  /** Fits the deepest selected unit, or the whole community. */
  function focus(animate: boolean): void {
    const m = map.value;
    const index = dataset.index;
    if (!m || !index) return;
    if (selection.enterpriseId) {
      const e = index.enterprises.get(selection.enterpriseId);
      if (e) {
        const zoom = Math.max(m.getZoom(), 16.5);
        m.easeTo({ center: e.geometry.coordinates as [number, number], zoom, padding: mapPadding(m), animate });
      }
      return;
    }
    const unit = selection.microGridCode
      ? index.microGrids.get(selection.microGridCode)
      : selection.gridCode
        ? index.grids.get(selection.gridCode)
        : null;
    const target = unit ?? hierarchyTarget(index) ?? index.dataset.community ?? index.gridsInForce;
    // A micro-grid can be one factory yard; past zoom 17 the map would lose all context around it.
    if (target) fitTo(m, target, animate, selection.microGridCode ? 17 : 18);
  }

  /** A county's selected community, or the communities of its selected town; null at the top. */
  function hierarchyTarget(index: DatasetIndex): Feature | FeatureCollection | null {
    if (selection.communityCode) return index.communities.get(selection.communityCode) ?? null;
    const town = selection.townCode ? index.hierarchy.towns.find((t) => t.code === selection.townCode) : null;
    if (!town) return null;
    const features = town.communityCodes.flatMap((c) => index.communities.get(c) ?? []);
    return features.length ? { type: 'FeatureCollection', features } : null;
  }

  function fitCommunity(): void {
    const m = map.value;
    const target = dataset.index?.dataset.community ?? dataset.index?.gridsInForce;
    if (m && target) fitTo(m, target, true);
  }

  // A new dataset starts from the whole community.
  watch(
    () => dataset.version,
    () => selection.clear(),
  );

  watch(
    [added, () => selection.communityCode, () => selection.gridCode, () => selection.microGridCode, () => selection.enterpriseId] as const,
    () => {
      if (map.value) mark(map.value);
    },
    { immediate: true },
  );

  watch(added, (isAdded) => isAdded && focus(false), { immediate: true });
  watch(
    () => selection.focusVersion,
    () => added.value && focus(true),
  );

  onBeforeUnmount(() => {
    if (map.value) {
      for (const s of marked) if (map.value.getSource(s.source)) map.value.setFeatureState(s, { selected: false });
    }
    marked = [];
  });

  return { fitCommunity };
}
