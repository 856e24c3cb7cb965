import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { ColumnLayer, PathLayer } from '@deck.gl/layers';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { log as lumaLog } from '@luma.gl/core';
import type { DeckLayerKind, DeckLayerSpec } from './layer-spec';

/*
 * deck.gl on the analyst map, loaded on demand (a dynamic import from useDeckOverlay): the overview and the wall
 * never load it.
 *
 * Interleaved: deck.gl draws into MapLibre's own WebGL2 context, as MapLibre custom layers, so its layers sit between
 * MapLibre's (under the labels) and there is one canvas, one frame and one `idle`. @deck.gl/maplibre's
 * MapLibreOverlay (deck.gl 9.4) is the integration that supports MapLibre 6: @deck.gl/mapbox's MapboxOverlay reads
 * `map.transform`, which MapLibre 6 removed, and throws on every frame in interleaved mode. MapLibreOverlay draws all
 * deck.gl layers that share a `beforeId` in one custom layer (a "layer group", MapLibre layer id
 * `deck-maplibre-layer-group-before:<beforeId>`).
 */

/**
 * Warnings luma.gl 9.4 prints once for deck.gl 9.4's own layers, about nothing that goes wrong (the picture is right):
 * ColumnLayer's fill model is created before its geometry's buffer layout is added to it (the layout that luma.gl
 * 9.4 needs: visgl/deck.gl#10478), and HeatmapLayer sets a texture on a model whose shader does not read it. They are dropped so the console stays clean; every other
 * luma.gl warning still prints.
 */
export const BENIGN_LUMA_WARNINGS = [
  /^layout for attribute "(positions|normals)" not present in buffer layout$/,
  /^Binding weightsTexture not set: Not found in shader layout\.$/,
];
const warn = lumaLog.warn.bind(lumaLog);
lumaLog.warn = (message: string, ...args: unknown[]) =>
  BENIGN_LUMA_WARNINGS.some((re) => re.test(String(message))) ? () => {} : warn(message, ...args);

const CLASSES: Record<DeckLayerKind, new (props: never) => Layer> = {
  column: ColumnLayer as never,
  heatmap: HeatmapLayer as never,
  path: PathLayer as never,
};

/** What the test hook says of one drawn deck.gl layer. */
export interface DeckLayerState {
  id: string;
  kind: DeckLayerKind;
  /** The MapLibre layer deck.gl draws it in, and the MapLibre layer that comes right after. */
  group: string;
  beforeId: string | undefined;
  /** Objects in its data (cells, points, tracks). */
  length: number;
  /** The MapLibre frame (a counter of `render` events) in which deck.gl last drew it; 0: not drawn yet. */
  drawnFrame: number;
  /** The props as given (data, colours, widths), for tests to read what is drawn. */
  props: Record<string, unknown>;
}

export interface DeckOverlayController {
  /** Draws `specs` in this order, all just under the MapLibre layer `beforeId` (undefined: on top). */
  setLayers(specs: readonly DeckLayerSpec[], beforeId: string | undefined): void;
  /** True when deck.gl has drawn the layers last set (nothing pending, every layer in its MapLibre group). */
  settled(): boolean;
  layer(id: string): DeckLayerState | null;
  layers(): DeckLayerState[];
  /** Removes the overlay, its layer groups and its GL resources from the map. */
  destroy(): void;
}

const GROUP_PREFIX = 'deck-maplibre-layer-group';
/** The ids of the hidden layers that keep a kind's shaders compiled (see `warm` in createDeckOverlay). */
const WARM_PREFIX = 'gs-deck-warm-';
/** A warm layer's props that pick its shaders: as the analyst's layers of that kind have them (hex cells: flat). */
const WARM_PROPS: Record<DeckLayerKind, Record<string, unknown>> = {
  column: { diskResolution: 6, extruded: false, filled: true, stroked: true },
  heatmap: {},
  path: {},
};
/** How long deck.gl's own frame loop runs on after the last change (longer than HeatmapLayer's 500 ms debounce). */
const LOOP_LINGER_MS = 1000;
const groupOf = (beforeId: string | undefined) =>
  beforeId ? `${GROUP_PREFIX}-before:${beforeId}` : `${GROUP_PREFIX}-last`;

/**
 * Adds an interleaved MapLibreOverlay to `m`. Every analyst layer is flat, so the depth test is off: they draw in
 * layer order, and their fragments never fight over depth with MapLibre's or each other's.
 * @example const deck = createDeckOverlay(map); deck.setLayers([heatLayerSpec(points, 30.5, 14)], 'grids-label')
 */
export function createDeckOverlay(
  m: MapLibreMap,
  options: { onChange?: () => void; warm?: readonly DeckLayerKind[] } = {},
): DeckOverlayController {
  /** MapLibre frames so far (`render` events), and the one during which the layers were last set. */
  let frame = 0;
  let setAt = 0;
  const drawnAt = new Map<string, number>();
  let specs: readonly DeckLayerSpec[] = [];
  let before: string | undefined;
  let layers: Layer[] = [];
  /*
   * One empty, hidden layer of each kind in `warm`, until the first layers have come and gone: deck.gl makes a layer's models (and
   * luma.gl compiles and links their shaders) when the layer is first given, not when it is drawn, and luma.gl
   * shares a linked program between models with the same shaders while one of them lives. So the overlay can be made
   * before the data has come (the hex cells on #/analyze), and the real layer finds its program ready: in software
   * WebGL (SwiftShader) a compile and link takes seconds on a busy machine.
   */
  let warm: Layer[] = [];
  let hadLayers = false;
  const warmLayers = (beforeId: string | undefined): Layer[] =>
    (options.warm ?? []).map(
      (kind) =>
        new CLASSES[kind]({
          id: `${WARM_PREFIX}${kind}`,
          data: [],
          visible: false,
          ...WARM_PROPS[kind],
          beforeId,
        } as never),
    );
  /** Whether a layer group of ours belongs in the map: there are layers to draw or to keep warm. */
  const grouped = () => specs.length > 0 || warm.length > 0;

  const overlay = new MapLibreOverlay({
    interleaved: true,
    layers: [],
    parameters: { depthCompare: 'always', depthWriteEnabled: false },
    // No deck.gl picking on this map (a hex cell is found by its coordinates): hovering costs nothing, and deck.gl
    // leaves the canvas's cursor to the app (it would set its own on every frame).
    getCursor: () => m.getCanvas().style.cursor,
    layerFilter: ({ layer, isPicking }) => {
      if (!isPicking) drawnAt.set((layer.root ?? layer).id, frame + 1);
      return true;
    },
    // deck.gl has its device (attached to MapLibre's context, asynchronously): a mark for the start-up's timing.
    onLoad: () => performance.mark('gs-deck-initialized'),
    onError: (error) => {
      // deck.gl's errors (a shader that would not compile, a lost context) go to the console once, not per frame.
      console.error('deck.gl:', error);
    },
  });
  m.addControl(overlay);

  function onRender(): void {
    frame++;
    options.onChange?.();
  }
  m.on('render', onRender);

  /** Groups of ours in the map other than the current one (left behind when `beforeId` changed). */
  const stale = () =>
    m.getLayersOrder().filter((id) => id.startsWith(GROUP_PREFIX) && (!grouped() || id !== groupOf(before)));
  /**
   * The layers' group is in the map and no other of ours is. MapLibreOverlay adds and removes groups only while the
   * style is loaded (not while a source loads), so this is tried again when the map is idle or its style changes.
   */
  function inSync(): boolean {
    return (!grouped() || !!m.getLayer(groupOf(before))) && stale().length === 0;
  }
  function resync(): void {
    if (inSync() || !styleReady()) return;
    // An empty group draws nothing, but it is a MapLibre layer all the same: take it out (MapLibreOverlay adds it
    // back should a layer need it again).
    for (const id of stale()) m.removeLayer(id);
    setProps([...layers, ...warm]);
    wake();
  }

  /*
   * MapLibreOverlay adds and removes its layer groups only when `map.isStyleLoaded()`, which MapLibre answers false
   * while any source is still loading tiles: the first hex cells, set while the overview's sources load, would wait
   * for the whole map to be idle (seconds on the county) before deck.gl could draw them. Adding a custom layer needs
   * only the style itself, so `isStyleLoaded` answers for the style alone while the overlay is given its layers.
   */
  const styleReady = () => (m as unknown as { style?: { _loaded?: boolean } }).style?._loaded === true;
  function setProps(next: Layer[]): void {
    const own = Object.prototype.hasOwnProperty.call(m, 'isStyleLoaded');
    const original = m.isStyleLoaded;
    m.isStyleLoaded = () => styleReady() || original.call(m);
    try {
      overlay.setProps({ layers: next });
    } finally {
      if (own) m.isStyleLoaded = original;
      else delete (m as { isStyleLoaded?: unknown }).isStyleLoaded;
    }
  }
  m.on('idle', resync);
  m.on('styledata', resync);

  type DeckInternals = {
    isInitialized: boolean;
    needsRedraw(o: { clearRedrawFlags: boolean }): string | false;
    animationLoop?: { start(): Promise<unknown>; stop(): unknown } | null;
  };
  const deck = () => (overlay as unknown as { _deck?: DeckInternals })._deck;

  /*
   * deck.gl runs a requestAnimationFrame loop of its own, even interleaved, where MapLibre's frames draw its layers:
   * ~9 % of a core on this machine with the map at rest, taken from the workers. It is needed only to pick up a
   * change (new layers, a heatmap's weights re-summed 500 ms after a zoom) and ask MapLibre for a frame, so it runs
   * while something changes and stops a second after (never before deck.gl has its device).
   */
  let sleepTimer: ReturnType<typeof setTimeout> | undefined;
  function sleep(): void {
    const d = deck();
    if (d?.isInitialized && !d.needsRedraw({ clearRedrawFlags: false })) d.animationLoop?.stop();
    else sleepTimer = setTimeout(sleep, LOOP_LINGER_MS);
  }
  function wake(): void {
    deck()
      ?.animationLoop?.start()
      .catch(() => {}); // no-op while it runs; errors reach onError
    clearTimeout(sleepTimer);
    sleepTimer = setTimeout(sleep, LOOP_LINGER_MS);
  }
  m.on('move', wake);
  m.on('resize', wake);
  wake();

  const state = (spec: DeckLayerSpec): DeckLayerState => {
    const data = spec.props.data as { length?: number } | undefined;
    return {
      id: spec.props.id,
      kind: spec.kind,
      group: groupOf(before),
      beforeId: before,
      length: data?.length ?? 0,
      drawnFrame: drawnAt.get(spec.props.id) ?? 0,
      props: spec.props,
    };
  };

  return {
    setLayers(next, beforeId) {
      specs = next;
      before = beforeId;
      setAt = frame;
      layers = next.map((s) => new CLASSES[s.kind]({ ...s.props, beforeId } as never));
      // Kept beside the layers (their group), and until the first ones come: an overlay with nothing left to
      // draw leaves no group behind.
      if (next.length) hadLayers = true;
      warm = next.length || !hadLayers ? warmLayers(beforeId) : [];
      setProps([...layers, ...warm]);
      wake();
      m.triggerRepaint();
      resync();
    },
    settled() {
      const d = deck();
      if (!specs.length) return true;
      // Each layer drawn in a frame after it was set, and deck.gl wants no other frame (a heatmap's weights, say).
      return (
        !!d?.isInitialized &&
        !d.needsRedraw({ clearRedrawFlags: false }) &&
        inSync() &&
        specs.every((s) => (drawnAt.get(s.props.id) ?? 0) > setAt)
      );
    },
    layer(id) {
      const spec = specs.find((s) => s.props.id === id);
      return spec ? state(spec) : null;
    },
    layers: () => specs.map(state),
    destroy() {
      clearTimeout(sleepTimer);
      m.off('move', wake);
      m.off('resize', wake);
      m.off('render', onRender);
      m.off('idle', resync);
      m.off('styledata', resync);
      m.removeControl(overlay);
    },
  };
}
