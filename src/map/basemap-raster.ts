import type {
  ErrorEvent,
  IControl,
  LayerSpecification,
  Map as MapLibreMap,
  MapSourceDataEvent,
  RasterSourceSpecification,
} from 'maplibre-gl';
import type { BasemapConfig } from '../io/basemap-config';

/**
 * A raster base map of config.json (io/basemap-config) on a MapLibre map: its sources and layers go right above
 * the `background` layer, under everything else, so the data layers added before or after stay on top. The
 * dataset's own (offline) base-map layers are hidden meanwhile by whoever adds this (useBasemapRaster).
 * Layer and source ids: `basemap-raster` (the tiles) and `basemap-raster-labels` (天地图's annotations).
 */
export const RASTER_BASEMAP_IDS = ['basemap-raster', 'basemap-raster-labels'] as const;

/** The sources and layers of one base map, bottom first; `labels` marks the annotation layer. */
export function rasterBasemapSpecs(entry: BasemapConfig): {
  sources: Record<string, RasterSourceSpecification>;
  layers: (LayerSpecification & { labels: boolean })[];
} {
  const sources: Record<string, RasterSourceSpecification> = {};
  const layers: (LayerSpecification & { labels: boolean })[] = [];
  entry.layers.forEach((l, i) => {
    const id = RASTER_BASEMAP_IDS[Math.min(i, 1)];
    // No `attribution` here: MapLibre sets a source's as HTML; the text is shown escaped by the composable instead.
    sources[id] = {
      type: 'raster',
      tiles: l.tiles,
      tileSize: entry.tileSize,
      minzoom: entry.minzoom,
      maxzoom: entry.maxzoom,
      scheme: entry.scheme,
    };
    layers.push({ id, type: 'raster', source: id, paint: { 'raster-fade-duration': 0 }, labels: l.labels });
  });
  return { sources, layers };
}

/**
 * Adds `entry` under every layer but `background`; `visible(labels)` says whether a layer shows at first.
 * @example addRasterBasemap(map, entry, (labels) => ui.visible.basemap && (!labels || ui.visible.labels))
 */
export function addRasterBasemap(
  m: MapLibreMap,
  entry: BasemapConfig,
  visible: (labels: boolean) => boolean,
): void {
  removeRasterBasemap(m);
  const { sources, layers } = rasterBasemapSpecs(entry);
  for (const [id, spec] of Object.entries(sources)) m.addSource(id, spec);
  const order = m.getStyle().layers;
  const bottom = order.findIndex((l) => l.type === 'background');
  const before = order[bottom + 1]?.id;
  for (const { labels, ...layer } of layers) {
    m.addLayer(
      { ...layer, layout: { visibility: visible(labels) ? 'visible' : 'none' } } as LayerSpecification,
      before,
    );
  }
}

/** Removes what addRasterBasemap added (nothing when it is not there). */
export function removeRasterBasemap(m: MapLibreMap): void {
  for (const id of [...RASTER_BASEMAP_IDS].reverse()) {
    if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource(id)) m.removeSource(id);
  }
}

/** Why the raster base map was given up: its tiles failed, or none came in time. `host` never holds the URL's query. */
export interface TileFailure {
  reason: 'tiles' | 'timeout';
  host: string;
}

export interface TileWatchOptions {
  /** Tile errors of one source, with no tile of it loaded yet, that count as failed (default 3). */
  errors?: number;
  /** Milliseconds from the first tile asked for without any loaded that count as failed (default 20 000). */
  timeoutMs?: number;
  /** Host named when an error carries no URL (default: the first tile URL's). */
  host: string;
}

/**
 * Calls `onFail` once when the raster base map's tiles cannot be read: the map goes idle with tiles of one of its
 * sources asked for and none of them loaded (a 404 everywhere: MapLibre fires no `error` for a 404, it just tries
 * the parent tile), `errors` tile errors of a source before any of its tiles loaded (a wrong key, a host that
 * refuses), or no tile at all within `timeoutMs` (a host that never answers). Listens as map/basemap-fallback does
 * (the map's events, by source id). Returns the function that stops listening.
 * @example const stop = watchTileFailure(map, ['basemap-raster'], (f) => fallBack(f.host), { host: 'tiles.example' })
 */
export function watchTileFailure(
  m: MapLibreMap,
  sourceIds: readonly string[],
  onFail: (failure: TileFailure) => void,
  options: TileWatchOptions,
): () => void {
  const maxErrors = options.errors ?? 3;
  const errors = new Map<string, number>();
  const asked = new Set<string>();
  const loaded = new Set<string>();
  let done = false;
  const ours = (id: string | undefined): id is string => !!id && sourceIds.includes(id);
  const finish = (failure: TileFailure) => {
    if (done) return;
    stop();
    onFail(failure);
  };
  const onError = (e: ErrorEvent & { sourceId?: string; error?: { url?: string } }) => {
    if (done || !ours(e.sourceId) || loaded.has(e.sourceId)) return;
    const n = (errors.get(e.sourceId) ?? 0) + 1;
    errors.set(e.sourceId, n);
    if (n >= maxErrors) finish({ reason: 'tiles', host: hostOf(e.error?.url) ?? options.host });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onLoading = (e: MapSourceDataEvent) => {
    if (!e.tile || !ours(e.sourceId)) return;
    asked.add(e.sourceId);
    // From the first tile asked for (a hidden base map asks for none).
    timer ??= setTimeout(() => {
      if (loaded.size === 0) finish({ reason: 'timeout', host: options.host });
    }, options.timeoutMs ?? 20_000);
  };
  const onData = (e: MapSourceDataEvent) => {
    if (e.tile && ours(e.sourceId) && e.tile.state === 'loaded') loaded.add(e.sourceId);
  };
  // Idle: every tile asked for has answered, loaded or not.
  const onIdle = () => {
    if ([...asked].some((id) => !loaded.has(id))) finish({ reason: 'tiles', host: options.host });
  };
  function stop(): void {
    done = true;
    clearTimeout(timer);
    m.off('error', onError);
    m.off('sourcedataloading', onLoading);
    m.off('sourcedata', onData);
    m.off('idle', onIdle);
  }
  m.on('error', onError);
  m.on('sourcedataloading', onLoading);
  m.on('sourcedata', onData);
  m.on('idle', onIdle);
  return stop;
}

/** The host of a URL (never its path or query, which may hold a key), or null. */
export function hostOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/**
 * A base map's attribution on the map, bottom right, as plain text (MapLibre's AttributionControl sets HTML; this
 * sets textContent, so config.json's text can never be markup). It keeps clear of the route's floating panel,
 * whose width the screen gives in `--panel-width`.
 * @example map.addControl(new AttributionText('© 天地图 / 国家地理信息公共服务平台'), 'bottom-right')
 */
export class AttributionText implements IControl {
  private el: HTMLElement | null = null;

  constructor(private readonly text: string) {}

  onAdd(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'maplibregl-ctrl maplibregl-ctrl-attrib';
    el.dataset.testid = 'basemap-attribution';
    el.textContent = this.text;
    el.style.marginRight = 'calc(var(--panel-width, 0px) + 24px)';
    this.el = el;
    return el;
  }

  onRemove(): void {
    this.el?.remove();
    this.el = null;
  }
}
