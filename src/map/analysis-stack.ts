import type { GeoJSONSourceSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { HEX_BEFORE } from './hex-layers';

/**
 * Where the analyst's own MapLibre layers sit. The grid colouring fills the grids under their outlines (and under
 * deck.gl's layers); these are drawn above deck.gl's layers (hex cells, heatmap, patrol tracks: src/map/deck) and
 * below every label, in this order, bottom first (`restack`).
 */
export const ANALYSIS_TOP_ORDER = ['analysis-grid-colour-outline', 'analysis-enterprise-points'] as const;

/**
 * The analyst's symbols drawn over every label, in this order, bottom first: the clusters (always drawn; the grid
 * names are placed after them and move aside), then the value labels ("73.3 % 未达标"), on top so that nothing hides
 * a character of them (docs/design.md, label priority).
 */
export const ANALYSIS_OVER_LABELS = ['analysis-enterprise-clusters', 'analysis-grid-colour-label'] as const;

/** The grid colouring's fill goes before the first of these present: above the grid and micro-grid fills. */
export const GRID_FILL_BEFORE = ['microgrids-outline', 'grids-outline', ...HEX_BEFORE];

const firstPresent = (m: MapLibreMap, ids: readonly string[]) => ids.find((id) => m.getLayer(id));

/**
 * The MapLibre layer deck.gl's layers go right under (their `beforeId`): the first of the analyst's own top layers
 * present, else the first label (HEX_BEFORE). So deck.gl draws above the grids and their outlines, under the grid
 * colouring's outline, the enterprise dots and every label. Undefined (on top) only on a map without labels.
 * @example deckBeforeId(map) // 'analysis-grid-colour-outline' while a grid colouring is on
 */
export function deckBeforeId(m: MapLibreMap): string | undefined {
  return firstPresent(m, [...ANALYSIS_TOP_ORDER, ...HEX_BEFORE]);
}

/**
 * Moves the analyst layers that exist into ANALYSIS_TOP_ORDER, just under the labels, and ANALYSIS_OVER_LABELS to
 * the top of the map.
 */
export function restack(m: MapLibreMap): void {
  const before = firstPresent(m, HEX_BEFORE);
  const order = m.getLayersOrder();
  const under = ANALYSIS_TOP_ORDER.filter((id) => m.getLayer(id));
  const over = ANALYSIS_OVER_LABELS.filter((id) => m.getLayer(id));
  // Already in place (one run, in order, right under `before`; the others last, in order): nothing to move. A move is
  // a style change, so doing it on every data update would cost a frame and a placement each time.
  const end = before === undefined ? order.length - over.length : order.indexOf(before);
  const underOk = under.every((id, i) => order.indexOf(id) === end - under.length + i);
  const overOk = over.every((id, i) => order.indexOf(id) === order.length - over.length + i);
  if (underOk && overOk) return;
  for (const id of under) m.moveLayer(id, before);
  for (const id of over) m.moveLayer(id);
}

/**
 * Adds `source` and those of `layers` not there yet (a layer in ANALYSIS_TOP_ORDER goes under the labels, any other
 * before the first of GRID_FILL_BEFORE), then restacks. Returns true when the source was new.
 */
export function ensureLayers(
  m: MapLibreMap,
  sourceId: string,
  source: () => GeoJSONSourceSpecification,
  layers: () => LayerSpecification[],
): boolean {
  const fresh = !m.getSource(sourceId);
  if (fresh) m.addSource(sourceId, source());
  for (const layer of layers()) {
    if (m.getLayer(layer.id)) continue;
    const top = (ANALYSIS_TOP_ORDER as readonly string[]).includes(layer.id);
    const over = (ANALYSIS_OVER_LABELS as readonly string[]).includes(layer.id);
    m.addLayer(layer, over ? undefined : firstPresent(m, top ? HEX_BEFORE : GRID_FILL_BEFORE));
  }
  restack(m);
  return fresh;
}

/** Removes the layers (top first) and then their source, where present. */
export function removeLayers(m: MapLibreMap, sourceId: string, layerIds: readonly string[]): void {
  for (const id of [...layerIds].reverse()) if (m.getLayer(id)) m.removeLayer(id);
  if (m.getSource(sourceId)) m.removeSource(sourceId);
}
