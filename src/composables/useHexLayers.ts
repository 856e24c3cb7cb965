import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import type { HexAnalysis } from '../geo/hex-analysis';
import { HEX_BEFORE, HEX_LAYER_IDS, HEX_SOURCE, hexFeatures, hexLayers, hexPaint, hexSource } from '../map/hex-layers';

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
  /** The result whose polygons the source holds: a result's features are built once. */
  let drawn: HexAnalysis | null = null;
  let marked: number | null = null;
  let attachedTo: MapLibreMap | null = null;

  const max = (hex: HexAnalysis) => hex.count.reduce((a, b) => (b > a ? b : a), 0);

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
    marked = null;
  }

  function draw(m: MapLibreMap, hex: HexAnalysis): void {
    if (!m.getSource(HEX_SOURCE)) m.addSource(HEX_SOURCE, hexSource());
    const before = HEX_BEFORE.find((id) => m.getLayer(id));
    const layers = hexLayers(analysis.hexMode, max(hex));
    for (const layer of layers) {
      if (m.getLayer(layer.id)) m.moveLayer(layer.id, before);
      else m.addLayer(layer, before);
    }
    const { fill, line } = hexPaint(analysis.hexMode, max(hex));
    m.setPaintProperty(HEX_LAYER_IDS[0], 'fill-color', fill);
    m.setPaintProperty(HEX_LAYER_IDS[1], 'line-color', line);
    if (drawn !== hex) {
      m.getSource<GeoJSONSource>(HEX_SOURCE)?.setData(hexFeatures(hex));
      drawn = hex;
      marked = null;
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
