import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { DeckLayerKind, DeckLayerSpec } from '../map/deck/layer-spec';
import type { DeckLayerState, DeckOverlayController } from '../map/deck/overlay';
import { deckBeforeId } from '../map/analysis-stack';

/** The analyst layers deck.gl draws, bottom first: each composable owns one slot. */
export const DECK_SLOTS = ['hex', 'heat', 'patrol'] as const;
export type DeckSlot = (typeof DECK_SLOTS)[number];

/**
 * `window.__gridsight.deck` on #/analyze (absent elsewhere): what deck.gl draws, for tests and benchmarks. `layer(id)`
 * gives a deck.gl layer's state (its props as drawn, the MapLibre group it is drawn in, the frame it was last drawn
 * in) or null when it is not on the map; `settled()` is true when deck.gl has drawn everything it was last given.
 */
export interface DeckHandle {
  layer(id: string): DeckLayerState | null;
  layers(): DeckLayerState[];
  settled(): boolean;
}

export interface DeckOverlay {
  /** Replaces a slot's layers (null or []: none); they are drawn once deck.gl is loaded. */
  set(slot: DeckSlot, specs: readonly DeckLayerSpec[] | null): void;
  /** True when every layer set so far is drawn (or there is none): part of the route's `ready`. */
  drawn: Readonly<Ref<boolean>>;
}

declare module '../app/handle' {
  interface GridsightHandle {
    /** On #/analyze once deck.gl is loaded (absent elsewhere): see DeckHandle. */
    deck?: DeckHandle;
  }
}

/**
 * The analyst map's deck.gl overlay (issue 14): interleaved in MapLibre's context, under the labels and the
 * analyst's own MapLibre layers. deck.gl's chunk is imported when the route opens (dynamic import: no other route
 * loads it) and the overlay made when the first layer is set, or, with `warm` (the kinds the route draws first), as
 * soon as the map's layers are in, with those kinds' shaders compiled. The composables set their slots; the overlay draws the
 * slots in DECK_SLOTS order, and goes (with deck.gl's GL resources) on unmount. Performance marks `gs-deck-import`,
 * `gs-deck-loaded` and `gs-deck-drawn` (the first layers drawn) time its start.
 * @example const deck = useDeckOverlay(map, added); deck.set('heat', [heatLayerSpec(points, lat, zoom)])
 */
export function useDeckOverlay(
  map: ShallowRef<MapLibreMap | null>,
  added: Ref<boolean>,
  options: { warm?: () => readonly DeckLayerKind[] } = {},
): DeckOverlay {
  const slots = new Map<DeckSlot, readonly DeckLayerSpec[]>();
  const drawn = ref(true);
  let controller: DeckOverlayController | null = null;
  let loading: Promise<void> | null = null;
  let controllerMap: MapLibreMap | null = null;
  let unmounted = false;
  let before: string | undefined;

  const wanted = () => DECK_SLOTS.flatMap((s) => slots.get(s) ?? []);

  let firstDrawn = false;
  function check(): void {
    drawn.value = wanted().length === 0 || (!!controller && controller.settled());
    if (drawn.value && wanted().length && !firstDrawn) {
      firstDrawn = true;
      performance.mark('gs-deck-drawn');
    }
  }

  function apply(): void {
    const m = map.value;
    if (!controller || !m) return;
    before = deckBeforeId(m);
    controller.setLayers(wanted(), before);
    check();
  }

  /** The analyst's MapLibre layers come and go (grid colouring, clusters): keep deck.gl's group right under them. */
  function onStyle(): void {
    const m = map.value;
    if (controller && m && wanted().length && deckBeforeId(m) !== before) apply();
  }

  // deck.gl's code is fetched and parsed as the route opens, while the dataset and the worker's first answer are on
  // their way: the hex cells (on by default) are drawn as soon as they come, and `ready` does not wait for the chunk.
  performance.mark('gs-deck-import');
  const module = import('../map/deck/overlay');
  module.catch(() => {}); // reported where it is awaited

  async function load(m: MapLibreMap): Promise<void> {
    const { createDeckOverlay } = await module;
    if (unmounted || map.value !== m || controller) return;
    performance.mark('gs-deck-loaded');
    controller = createDeckOverlay(m, { onChange: check, warm: options.warm?.() ?? [] });
    controllerMap = m;
    m.on('styledata', onStyle);
    installHandle();
    apply();
  }

  /** Creates the overlay (deck.gl initialised on the map's context) if there is none for the map on screen. */
  function ensure(m: MapLibreMap): void {
    if (controller && controllerMap !== m) teardown();
    if (controller || loading || unmounted) return;
    loading = load(m).catch((e: unknown) => {
      loading = null;
      console.error('deck.gl could not be loaded:', e);
    });
  }

  function installHandle(): void {
    if (!window.__gridsight) return;
    window.__gridsight.deck = {
      layer: (id) => controller?.layer(id) ?? null,
      layers: () => controller?.layers() ?? [],
      settled: () => wanted().length === 0 || (!!controller && controller.settled()),
    };
  }

  function teardown(): void {
    controllerMap?.off('styledata', onStyle);
    controller?.destroy();
    controller = null;
    controllerMap = null;
    loading = null;
    if (window.__gridsight?.deck) delete window.__gridsight.deck;
  }

  function set(slot: DeckSlot, specs: readonly DeckLayerSpec[] | null): void {
    if (specs?.length) slots.set(slot, specs);
    else slots.delete(slot);
    const m = map.value;
    if (!m || unmounted) return;
    if (controller && controllerMap !== m) teardown();
    if (controller) return apply();
    check();
    if (wanted().length) ensure(m);
  }

  // Without `warm`, the overlay itself is made when the first layer is set (deck.gl wraps the map's WebGL context).
  // Layers removed (a new dataset): their owners clear their slots.
  watch(added, () => check());
  // The layers the route will draw first (the hex cells on #/analyze) are known before their data: the overlay is
  // made, and their shaders compiled, as soon as the map's own layers are in, while the data is on its way.
  watch(
    [map, added] as const,
    ([m, isAdded]) => {
      if (m && isAdded && !unmounted && options.warm?.().length) ensure(m);
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    unmounted = true;
    slots.clear();
    teardown();
  });

  return { set, drawn };
}
