import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useAnalysisStore } from '../stores/analysis';
import type { HexAnalysis } from '../geo/hex-analysis';
import {
  hexCellAt,
  hexCentres,
  hexFillColours,
  hexLayerSpec,
  hexLineColours,
  hexLineWidths,
  hexOutlined,
  sameCells,
  type HexPaintMode,
} from '../map/deck/hex-cells';
import type { DeckOverlay } from './useDeckOverlay';

/**
 * The analyst map's hex cells (density or hotspots), drawn by deck.gl (one ColumnLayer over typed arrays, under the
 * labels), and their click-to-list. Drawn while the overview's layers exist, a hex result is present and the mode is
 * not 'off'; removed, with the click listener, when the mode is 'off' and on unmount. The cells' centres are built
 * once per cell size and stay on the GPU; a filter change hands deck.gl new colour arrays only, a click new outline
 * arrays only. A click finds its cell by its coordinates (the cells' own grid), not by GPU picking.
 * `options.clickPaused`: a click for which it returns true belongs to a layer drawn above the cells (an enterprise
 * dot), so it does not open the cell's list as well.
 */
export function useHexLayers(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  deck: DeckOverlay,
  options: { clickPaused?: (e: MapMouseEvent) => boolean } = {},
): void {
  const analysis = useAnalysisStore();
  /** The cells whose centres `centres` holds (they depend on the cell size only). */
  let placed: HexAnalysis | null = null;
  let centres: Float64Array = new Float64Array(0);
  /** The colour arrays last built, and for what: the same array again is not uploaded again. */
  let fill: { hex: HexAnalysis; mode: HexPaintMode; value: Uint8Array } | null = null;
  let line: {
    hex: HexAnalysis;
    mode: HexPaintMode;
    cell: number | null;
    value: Uint8Array;
    width: Float32Array;
  } | null = null;
  let attachedTo: MapLibreMap | null = null;
  /** The map's zoom after its last zoom (tenths): outlines are drawn only where the cells are wide enough. */
  const zoom = ref<number | null>(null);
  const onZoomEnd = () => {
    if (attachedTo) zoom.value = Math.round(attachedTo.getZoom() * 10) / 10;
  };
  /** The spec last handed to deck.gl and what it was made of: unchanged inputs hand over the same spec. */
  let drawn: { key: unknown[]; spec: ReturnType<typeof hexLayerSpec> } | null = null;

  function onClick(e: MapMouseEvent): void {
    const hex = analysis.hex;
    if (!hex || analysis.hexMode === 'off' || options.clickPaused?.(e)) return;
    analysis.selectHexCell(hexCellAt(hex, e.lngLat.lng, e.lngLat.lat));
  }

  function detach(): void {
    attachedTo?.off('click', onClick);
    attachedTo?.off('zoomend', onZoomEnd);
    attachedTo = null;
  }

  function remove(): void {
    deck.set('hex', null);
    detach();
    placed = null;
    centres = new Float64Array(0) as Float64Array;
    fill = null;
    line = null;
    drawn = null;
  }

  function draw(m: MapLibreMap, hex: HexAnalysis, mode: HexPaintMode, cell: number | null): void {
    if (!placed || !sameCells(placed, hex)) centres = hexCentres(hex);
    placed = hex;
    if (fill?.hex !== hex || fill.mode !== mode) fill = { hex, mode, value: hexFillColours(hex, mode) };
    if (line?.hex !== hex || line.mode !== mode || line.cell !== cell) {
      line = {
        hex,
        mode,
        cell,
        value: hexLineColours(hex, mode, cell),
        width: hexLineWidths(hex.q.length, cell),
      };
    }
    if (attachedTo !== m) {
      detach();
      m.on('click', onClick);
      m.on('zoomend', onZoomEnd);
      attachedTo = m;
      onZoomEnd();
    }
    const outlined = hexOutlined(hex.sizeM, hex.grid.center[1], zoom.value ?? m.getZoom(), cell);
    const key = [hex, mode, cell, centres, fill.value, line.value, outlined];
    if (drawn && drawn.key.every((k, i) => k === key[i])) return;
    const colours = { fill: fill.value, line: line.value, width: line.width };
    drawn = { key, spec: hexLayerSpec(hex, mode, cell, centres, colours, outlined) };
    deck.set('hex', [drawn.spec]);
  }

  watch(
    [map, added, () => analysis.hex, () => analysis.hexMode, () => analysis.hexCell, zoom] as const,
    ([m, isAdded, hex, mode, cell]) => {
      if (!m || !isAdded || !hex || mode === 'off') return remove();
      draw(m, hex, mode, cell !== null && cell < hex.q.length ? cell : null);
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(remove);
}
