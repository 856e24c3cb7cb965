import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useSelectionStore } from '../stores/selection';
import { pick, type PickTarget } from '../map/pick';
import { useDatasetStore } from '../stores/dataset';
import { gridLabelMinZoom } from '../map/hierarchy-zoom';

/**
 * Hover highlight (feature-state `hover`, on the unit a click would select) and click-to-select on the map.
 * Listeners are attached while the layers exist and removed on unmount. While `paused(e)` is true (another layer
 * owns the event, e.g. the analyst's hex cells or an enterprise cluster under the pointer) the map neither
 * highlights nor selects units.
 */
export function useMapPicking(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  paused: (e: MapMouseEvent) => boolean = () => false,
): void {
  const selection = useSelectionStore();
  const dataset = useDatasetStore();
  /** A county's zoom below which a click selects a community (null: one community). */
  let communitiesBelow: number | null = null;
  let hovered: PickTarget | null = null;
  let attachedTo: MapLibreMap | null = null;

  function setHover(m: MapLibreMap, target: PickTarget | null): void {
    if (hovered && target && hovered.source === target.source && hovered.id === target.id) return;
    if (hovered && m.getSource(hovered.source)) m.setFeatureState({ source: hovered.source, id: hovered.id }, { hover: false });
    hovered = target;
    if (target) m.setFeatureState({ source: target.source, id: target.id }, { hover: true });
    m.getCanvas().style.cursor = target ? 'pointer' : '';
  }

  function onMove(e: MapMouseEvent): void {
    if (paused(e)) return setHover(e.target, null);
    setHover(e.target, pick(e.target, e.point, selection.gridCode, communitiesBelow));
  }

  function onOut(): void {
    if (attachedTo) setHover(attachedTo, null);
  }

  function onClick(e: MapMouseEvent): void {
    if (paused(e)) return;
    const target = pick(e.target, e.point, selection.gridCode, communitiesBelow);
    if (!target) return;
    if (target.kind === 'community') selection.selectCommunity(target.id);
    else if (target.kind === 'enterprise') selection.selectEnterprise(target.id);
    else if (target.kind === 'microgrid') selection.selectMicroGrid(target.id);
    else selection.selectGrid(target.id);
    // The drill-down target under the pointer has changed; show it without waiting for the next move.
    setHover(e.target, pick(e.target, e.point, selection.gridCode, communitiesBelow));
  }

  function detach(): void {
    if (!attachedTo) return;
    attachedTo.off('mousemove', onMove);
    attachedTo.off('mouseout', onOut);
    attachedTo.off('click', onClick);
    attachedTo = null;
    hovered = null;
  }

  watch(
    added,
    (isAdded) => {
      detach();
      const m = map.value;
      if (!isAdded || !m) return;
      communitiesBelow = dataset.index ? gridLabelMinZoom(dataset.index) : null;
      m.on('mousemove', onMove);
      m.on('mouseout', onOut);
      m.on('click', onClick);
      attachedTo = m;
    },
    { immediate: true },
  );

  onBeforeUnmount(detach);
}
