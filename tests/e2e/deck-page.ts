/**
 * What the analyst map's deck.gl layers draw, read in the page through `window.__gridsight.deck` (README): the hex
 * cells, the heatmap's points and the patrol tracks are deck.gl layers interleaved in MapLibre's frame, not MapLibre
 * sources, so the browser tests read them here. Shared by analyze-map, analyze-hex and analyze-charts.
 */
import type { Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { DeckHandle } from '../../src/composables/useDeckOverlay';

type DeckWindow = Window & { __gridsight?: { map: MapLibreMap; deck?: DeckHandle } };

/** One hex cell as deck.gl draws it: its axial coordinates and figures, its centre and its fill colour (RGBA). */
export interface DrawnCell {
  q: number;
  r: number;
  count: number;
  bin: number;
  centre: [number, number];
  fill: [number, number, number, number];
}

/** Whether deck.gl has layer `id` on the map and has drawn it. */
export async function hasDeckLayer(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (layer) => ((window as DeckWindow).__gridsight?.deck?.layer(layer)?.drawnFrame ?? 0) > 0,
    id,
  );
}

/** Waits until deck.gl's layer `id` is drawn (present) or gone (not present), and deck.gl has nothing left to draw. */
export async function waitDeckLayer(page: Page, id: string, present = true, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ([layer, want]) => {
      const deck = (window as DeckWindow).__gridsight?.deck;
      const drawn = (deck?.layer(layer as string)?.drawnFrame ?? 0) > 0;
      return drawn === want && (deck?.settled() ?? true);
    },
    [id, present] as const,
    { timeout },
  );
}

/** True once deck.gl has drawn everything it was last given (true when it is not loaded at all). */
export async function deckSettled(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as DeckWindow).__gridsight?.deck?.settled() ?? true);
}

/** The hex cells deck.gl draws (layer `analysis-hex`), in the result's order; [] when there is none. */
export async function drawnCells(page: Page): Promise<DrawnCell[]> {
  return page.evaluate(() => {
    const layer = (window as DeckWindow).__gridsight?.deck?.layer('analysis-hex');
    if (!layer) return [];
    const data = layer.props.data as {
      cells: { q: Int32Array; r: Int32Array; count: Uint32Array; bin: Int8Array };
      attributes: { getPosition: { value: Float64Array }; getFillColor: { value: Uint8Array } };
    };
    const { q, r, count, bin } = data.cells;
    const pos = data.attributes.getPosition.value;
    const fill = data.attributes.getFillColor.value;
    return Array.from(q, (_, i) => ({
      q: q[i],
      r: r[i],
      count: count[i],
      bin: bin[i],
      centre: [pos[2 * i], pos[2 * i + 1]] as [number, number],
      fill: [fill[4 * i], fill[4 * i + 1], fill[4 * i + 2], fill[4 * i + 3]] as [
        number,
        number,
        number,
        number,
      ],
    }));
  });
}

/** A deck.gl layer's object count and its positions (lon, lat interleaved) or paths' vertices, as plain arrays. */
export async function drawnData(
  page: Page,
  id: string,
): Promise<{ length: number; positions: number[]; props: Record<string, unknown> } | null> {
  return page.evaluate((layerId) => {
    const layer = (window as DeckWindow).__gridsight?.deck?.layer(layerId);
    if (!layer) return null;
    const data = layer.props.data as {
      length: number;
      attributes: Record<string, { value: ArrayLike<number> }>;
    };
    const positions = data.attributes.getPosition ?? data.attributes.getPath;
    // Plain props only (numbers, strings, small arrays): what the layer is told besides its data.
    const props = Object.fromEntries(
      Object.entries(layer.props).filter(
        ([k, v]) => k !== 'data' && (typeof v !== 'object' || Array.isArray(v) || v === null),
      ),
    );
    return { length: data.length, positions: Array.from(positions?.value ?? []), props };
  }, id);
}

/** The MapLibre layer order, and where deck.gl's layer group sits in it (-1: no group). */
export async function deckStacking(page: Page): Promise<{ order: string[]; group: number }> {
  return page.evaluate(() => {
    const order = (window as DeckWindow).__gridsight!.map.getLayersOrder();
    return { order, group: order.findIndex((id) => id.startsWith('deck-maplibre-layer-group')) };
  });
}
