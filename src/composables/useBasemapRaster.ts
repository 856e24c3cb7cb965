import { onBeforeUnmount, onMounted, watch, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useBasemapStore } from '../stores/basemap';
import { useUiStore } from '../stores/ui';
import { LAYER_GROUP_OF } from '../map/layer-groups';
import {
  AttributionText,
  RASTER_BASEMAP_IDS,
  addRasterBasemap,
  hostOf,
  removeRasterBasemap,
  watchTileFailure,
} from '../map/basemap-raster';
import type { BasemapConfig } from '../io/basemap-config';
import { refusedOrigins } from '../io/basemap-csp';

/** The offline base map's layers (the dataset's own), hidden while a raster base map is drawn in their place. */
const OFFLINE_LAYERS = Object.keys(LAYER_GROUP_OF).filter((id) => LAYER_GROUP_OF[id] === 'basemap');

/** The page's policy as index.html carries it (written at build time), or null (none: nothing to check against). */
function metaPolicy(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[http-equiv="content-security-policy" i]');
  return meta?.content ?? null;
}

/**
 * Draws the base map chosen in the layer switcher (stores/basemap) on `map`: a raster base map of config.json under
 * every other layer, with its attribution, instead of the dataset's own base map; nothing for the offline one.
 * When the tiles fail, or the page's Content-Security-Policy refuses their origin (checked before asking, and any
 * violation seen after), the store falls back to the offline base map with a notice. `hiddenLayers()`: the overview
 * layers to keep hidden meanwhile (the offline base map's), for useOverviewLayers.
 * @example const raster = useBasemapRaster(map, loaded); useOverviewLayers(map, loaded, raster.hiddenLayers)
 */
export function useBasemapRaster(map: ShallowRef<MapLibreMap | null>, loaded: ShallowRef<boolean>) {
  const basemap = useBasemapStore();
  const ui = useUiStore();
  let shown: { m: MapLibreMap; entry: BasemapConfig; control: AttributionText; stop: () => void } | null =
    null;

  const visible = (labels: boolean) => ui.visible.basemap && (!labels || ui.visible.labels);

  function clear(): void {
    if (!shown) return;
    const { m, control, stop } = shown;
    shown = null;
    stop();
    m.removeControl(control);
    removeRasterBasemap(m);
  }

  function show(m: MapLibreMap, entry: BasemapConfig): void {
    const policy = metaPolicy();
    const refused = policy ? refusedOrigins(policy, entry.origins, window.location.href) : [];
    if (refused.length) {
      // Refused before asking: no request, so no violation in the console either.
      giveUp(entry, 'csp', hostOf(refused[0]) ?? refused[0]);
      return;
    }
    addRasterBasemap(m, entry, visible);
    const control = new AttributionText(entry.attribution);
    m.addControl(control, 'bottom-right');
    const host = hostOf(entry.layers[0].tiles[0]) ?? '';
    const sources = [...RASTER_BASEMAP_IDS].filter((id) => m.getSource(id));
    const stopTiles = watchTileFailure(m, sources, (f) => giveUp(entry, 'tiles', f.host), { host });
    // A policy sent as a header (a server's GS_TILE_ORIGINS) may refuse what the build's meta tag allowed.
    const onViolation = (e: SecurityPolicyViolationEvent) => {
      const blocked = hostOf(e.blockedURI);
      if (blocked && entry.origins.some((o) => hostOf(o) === blocked)) giveUp(entry, 'csp', blocked);
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    const stop = () => {
      stopTiles();
      document.removeEventListener('securitypolicyviolation', onViolation);
    };
    shown = { m, entry, control, stop };
  }

  function giveUp(entry: BasemapConfig, reason: 'tiles' | 'csp', host: string): void {
    // Once: a refused request is a violation and a tile error too.
    if (basemap.active?.id !== entry.id) return;
    // "CSP", not the policy's full name: the browser tests take any console line naming it for a violation.
    const why =
      reason === 'csp'
        ? `${host} is not allowed by the page's CSP (add it to GS_TILE_ORIGINS at build)`
        : `the tiles from ${host} could not be loaded`;
    console.warn(`base map "${entry.id}": ${why}; the offline base map is shown`);
    basemap.fail(entry.id, reason, host);
  }

  onMounted(() => void basemap.load());

  watch(
    [loaded, () => basemap.active] as const,
    ([isLoaded, entry]) => {
      const m = map.value;
      if (!m || !isLoaded || shown?.entry === entry) return;
      clear();
      if (entry) show(m, entry);
    },
    { immediate: true },
  );

  watch(
    () => [ui.visible.basemap, ui.visible.labels],
    () => {
      if (!shown) return;
      const { m, entry } = shown;
      entry.layers.forEach((l, i) => {
        const id = RASTER_BASEMAP_IDS[Math.min(i, 1)];
        if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', visible(l.labels) ? 'visible' : 'none');
      });
    },
  );

  onBeforeUnmount(clear);

  return { hiddenLayers: (): readonly string[] => (basemap.active ? OFFLINE_LAYERS : []) };
}
