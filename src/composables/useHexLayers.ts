import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import type { HexAnalysis } from '../geo/hex-analysis';
import {
  HEX_BEFORE,
  HEX_LAYER_IDS,
  HEX_SOURCE,
  changedStates,
  hexFeatures,
  hexLayers,
  hexPaint,
  hexSource,
  sameCells,
} from '../map/hex-layers';

/**
 * The analyst map's hex cells (density or hotspots) and their click-to-list. The source and layers exist while the
 * overview's do, a hex result is present and the mode is not 'off'; they sit above the grids and below the labels,
 * and are removed, with the click listener, when the mode is 'off' and on unmount.
 * `options.clickPaused`: a click for which it returns true belongs to a layer drawn above the cells (an enterprise
 * cluster), so it does not open the cell's list as well.
 */
export function useHexLayers(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  options: { clickPaused?: (e: MapMouseEvent) => boolean } = {},
): void {
  const analysis = useAnalysisStore();
  /**
   * The result whose cells the source holds (polygons change only with the cell size) and the one whose figures the
   * cells' feature-states hold: a filter change sets only the states that changed, with no re-tiling.
   */
  let drawn: HexAnalysis | null = null;
  let stated: HexAnalysis | null = null;
  let paintedMode: string | null = null;
  let marked: number | null = null;
  let attachedTo: MapLibreMap | null = null;

  function onClick(e: MapMouseEvent): void {
    const m = e.target;
    if (!m.getLayer(HEX_LAYER_IDS[0]) || options.clickPaused?.(e)) return;
    const [hit] = m.queryRenderedFeatures(e.point, { layers: [HEX_LAYER_IDS[0]] });
    analysis.selectHexCell(hit ? Number(hit.id) : null);
  }

  function remove(m: MapLibreMap): void {
    for (const id of [...HEX_LAYER_IDS].reverse()) if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource(HEX_SOURCE)) m.removeSource(HEX_SOURCE);
    attachedTo?.off('click', onClick);
    attachedTo = null;
    drawn = null;
    stated = null;
    paintedMode = null;
    marked = null;
  }

  function draw(m: MapLibreMap, hex: HexAnalysis): void {
    if (!m.getSource(HEX_SOURCE)) m.addSource(HEX_SOURCE, hexSource());
    const before = HEX_BEFORE.find((id) => m.getLayer(id));
    // Added once, moved only when out of place (under the labels): a move is a style change, a frame at least.
    const order = m.getLayersOrder();
    const at = (id: string | undefined) => (id === undefined ? order.length : order.indexOf(id));
    const inPlace = at(HEX_LAYER_IDS[0]) >= 0 && at(HEX_LAYER_IDS[0]) < at(HEX_LAYER_IDS[1]) && at(HEX_LAYER_IDS[1]) < at(before);
    if (!inPlace) {
      for (const layer of hexLayers(analysis.hexMode)) {
        if (m.getLayer(layer.id)) m.moveLayer(layer.id, before);
        else m.addLayer(layer, before);
      }
    }
    // Only a mode switch changes the paint (MapLibre re-tiles a source whose data-driven paint changes).
    if (paintedMode !== analysis.hexMode) {
      const { fill, line } = hexPaint(analysis.hexMode);
      m.setPaintProperty(HEX_LAYER_IDS[0], 'fill-color', fill);
      m.setPaintProperty(HEX_LAYER_IDS[1], 'line-color', line);
      paintedMode = analysis.hexMode;
    }
    if (!drawn || !sameCells(drawn, hex)) {
      const source = m.getSource<GeoJSONSource>(HEX_SOURCE);
      source?.setData(hexFeatures(hex));
      m.removeFeatureState({ source: HEX_SOURCE });
      drawn = hex;
      stated = null;
      marked = null;
    }
    if (stated !== hex) {
      for (const [id, state] of changedStates(stated, hex)) m.setFeatureState({ source: HEX_SOURCE, id }, { ...state });
      stated = hex;
    }
    if (!attachedTo) {
      m.on('click', onClick);
      attachedTo = m;
    }
  }

  function mark(m: MapLibreMap): void {
    if (!m.getSource(HEX_SOURCE)) return;
    if (marked !== null) m.removeFeatureState({ source: HEX_SOURCE, id: marked }, 'selected');
    marked = analysis.hexCell;
    if (marked !== null) m.setFeatureState({ source: HEX_SOURCE, id: marked }, { selected: true });
  }

  // Post-flush: the overview's own watcher has (re)added its layers by then, so the labels are there to go under.
  watch(
    [added, () => analysis.hex, () => analysis.hexMode] as const,
    ([isAdded, hex, mode]) => {
      const m = map.value;
      if (!m) return;
      if (!isAdded || !hex || mode === 'off') return remove(m);
      draw(m, hex);
      mark(m);
    },
    { immediate: true, flush: 'post' },
  );

  watch(
    () => analysis.hexCell,
    () => {
      if (map.value) mark(map.value);
    },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });
}
