import { markRaw, onMounted, onUnmounted, shallowRef, type Ref } from 'vue';
import { Map as MapLibreMap, ScaleControl, addProtocol } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import 'maplibre-gl/dist/maplibre-gl.css';
import { baseStyle } from '../map/style';
import { IDEOGRAPH_FONT_FAMILY } from '../app/theme';
import { setHandleMap } from '../app/handle';

/**
 * `pmtiles://` sources (a dataset's basemap.pmtiles, overview-layers' basemapTilesUrl): the `pmtiles` library reads
 * the archive's header and directories, then each tile in view, with HTTP range requests. Once per page.
 */
let pmtilesProtocol: Protocol | null = null;
function registerPmtiles(): void {
  if (pmtilesProtocol) return;
  pmtilesProtocol = new Protocol();
  addProtocol('pmtiles', pmtilesProtocol.tile);
}

/**
 * Creates the MapLibre map in `container` when the component mounts and removes it when it unmounts. The map is
 * markRaw in a shallowRef: Vue must never proxy it. `loaded` turns true once the (empty) style is ready for layers.
 * `options.maxTileCacheSize`: tiles kept per source beyond those on screen (default: MapLibre's, sized from the
 * viewport).
 */
export function useMaplibre(container: Ref<HTMLElement | null>, options: { maxTileCacheSize?: number } = {}) {
  const map = shallowRef<MapLibreMap | null>(null);
  const loaded = shallowRef(false);

  onMounted(() => {
    if (!container.value) return;
    registerPmtiles();
    const m = markRaw(
      new MapLibreMap({
        container: container.value,
        style: baseStyle(),
        // Haiyan County until the dataset says where it is; the first fit replaces this.
        center: [120.95, 30.52],
        zoom: 12,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        // No glyphs URL: CJK (and every other) label is drawn locally with this family.
        localIdeographFontFamily: IDEOGRAPH_FONT_FAMILY,
        // Labels appear at once instead of fading in over 300 ms. Each fade step is a full repaint, and on a
        // software GPU (a wall-screen PC without drivers, the headless benchmark) those repaints about doubled
        // the time to the first complete picture.
        fadeDuration: 0,
        ...(options.maxTileCacheSize !== undefined ? { maxTileCacheSize: options.maxTileCacheSize } : {}),
      }),
    );
    m.touchZoomRotate.disableRotation();
    m.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    m.once('load', () => {
      loaded.value = true;
    });
    map.value = m;
    setHandleMap(m);
  });

  // onUnmounted runs after every onBeforeUnmount, so the layer composables clean up on a map that still exists.
  onUnmounted(() => {
    const m = map.value;
    map.value = null;
    loaded.value = false;
    if (m) {
      setHandleMap(null);
      m.remove();
    }
  });

  return { map, loaded };
}
