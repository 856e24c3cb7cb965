import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { GeoJSONSource, LngLatBoundsLike, Map as MapLibreMap, SourceSpecification } from 'maplibre-gl';
import turfBbox from '@turf/bbox';
import { useMaplibre } from './useMaplibre';
import { useWallStore } from '../stores/wall';
import { buildIndex, type DatasetIndex } from '../geo/dataset-index';
import { gridLabelMinZoom } from '../map/hierarchy-zoom';
import { basemapTilesUrl, overviewSources } from '../map/overview-layers';
import { DARK_THEME } from '../app/theme';
import { fallBackToGeojson } from '../map/basemap-fallback';
import { urlSource } from '../io/url-source';
import { readBasemapGeojson } from '../io/dataset';
import {
  WALL_COMMUNITY_FOCUS_LAYER,
  WALL_FOCUS_LAYER,
  WALL_INCIDENT_SOURCE,
  WALL_KPI_LAYER,
  WALL_KPI_OPACITY,
  focusFilter,
  incidentSource,
  wallLayers,
  wallKpiClass,
} from '../map/wall-layers';
import type { Dataset } from '../domain/types';

/** Room around a toured grid, stage pixels: the tour card sits at the left of the map, the grid beside it. */
const GRID_PADDING = { top: 40, bottom: 40, left: 420, right: 40 };
/** Room around the whole community: the caption strip across the top, the legend at the bottom. */
const COMMUNITY_PADDING = { top: 110, bottom: 70, left: 30, right: 30 };

/**
 * The wall's map: the shared MapLibre set-up (useMaplibre), dark layers, drawn at `pixelRatio` device pixels per
 * stage pixel so the scaled stage stays crisp. New data goes in with setData on the sources that exist: layers and
 * sources are added once and never multiply, however many refreshes a week brings. Removes what it added.
 */
export function useWallMap(container: Ref<HTMLElement | null>, pixelRatio: Ref<number>) {
  const wall = useWallStore();
  // No tile cache beyond the tiles on screen. The tour visits every grid at several zooms, day after day; with
  // MapLibre's cache (sized from the viewport, large on a 4K wall) the heap kept growing with cached tiles' typed
  // arrays long after the data stopped changing (heap snapshots of the soak: ~2.5 MB per 100 cycles, gone without
  // the cache). Re-tiling the focused grid's GeoJSON once per tour step is a few milliseconds in MapLibre's worker.
  const { map, loaded } = useMaplibre(container, { maxTileCacheSize: 0 });
  const added = ref(false);
  const idle = ref(false);
  let sourceIds: string[] = [];
  let layerIds: string[] = [];
  let focus: string | null = null;
  /** The community the tour is on (a county wall, issue 14); null otherwise. */
  let focusedCommunity: string | null = null;

  function indexOf(): DatasetIndex | null {
    const geometry = wall.geometry;
    return geometry ? buildIndex(geometry as Dataset) : null;
  }

  /** The map's sources; the open incidents are empty until the first snapshot (the geometry may come ahead of it). */
  function sourcesOf(index = indexOf()): Record<string, SourceSpecification> | null {
    if (!index) return null;
    const open = wall.snapshot?.openIncidents ?? { type: 'FeatureCollection' as const, features: [] };
    return { ...overviewSources(index, tilesOf(index)), [WALL_INCIDENT_SOURCE]: incidentSource(open) };
  }

  /** basemap.pmtiles' URL when the dataset lists it (the worker then sends no basemap.geojson). */
  function tilesOf(index: DatasetIndex): string | null {
    const url = wall.source?.url;
    return url ? basemapTilesUrl(index.dataset.manifest, url, window.location.href) : null;
  }

  /** `idle` turns true at the first idle with a snapshot's figures on the map (not at one with the geometry alone). */
  let idleArmed = false;
  function armIdle(m: MapLibreMap): void {
    if (idleArmed || !wall.snapshot) return;
    idleArmed = true;
    m.once('idle', () => {
      idle.value = true;
    });
  }

  function addAll(m: MapLibreMap): void {
    const index = indexOf();
    const sources = sourcesOf(index);
    if (!index || !sources) return;
    m.setPaintProperty('background', 'background-color', DARK_THEME.background);
    for (const [id, spec] of Object.entries(sources)) m.addSource(id, spec);
    sourceIds = Object.keys(sources);
    const url = wall.source?.url;
    const tiles = tilesOf(index) !== null;
    if (url && tiles) {
      // The tiles cannot be read: the page reads basemap.geojson itself (the worker leaves it out when tiles are listed).
      fallBackToGeojson(m, () => readBasemapGeojson(urlSource(url)).catch(() => null));
    }
    // A county (issue 14): the communities named at county zoom, the grids once a community fills the view.
    for (const layer of wallLayers({ gridLabelMinZoom: gridLabelMinZoom(index), basemapTiles: tiles })) {
      m.addLayer(layer);
      layerIds.push(layer.id);
    }
    added.value = true;
    paintKpi(m);
    fitAll(m, false);
    armIdle(m);
  }

  function setData(m: MapLibreMap, ids: string[]): void {
    const sources = sourcesOf();
    if (!sources) return;
    // A vector source (the base map's tiles) has no data to set: MapLibre fetches its tiles.
    for (const id of ids) {
      const spec = sources[id];
      if (spec?.type === 'geojson') (m.getSource(id) as GeoJSONSource | undefined)?.setData(spec.data as never);
    }
    if (focus) m.setFeatureState({ source: 'grids', id: focus }, { selected: true });
    if (focusedCommunity) m.setFeatureState({ source: 'community', id: focusedCommunity }, { selected: true });
    paintKpi(m);
  }

  function fitBox(m: MapLibreMap, box: number[], animate: boolean, padding = GRID_PADDING): void {
    if (!box.every(Number.isFinite)) return;
    m.fitBounds(box as unknown as LngLatBoundsLike, { padding, animate, duration: animate ? 1200 : 0, maxZoom: 16 });
  }

  function fitAll(m: MapLibreMap, animate = true): void {
    const community = wall.geometry?.community ?? wall.geometry?.grids;
    if (community) fitBox(m, turfBbox(community), animate, COMMUNITY_PADDING);
  }

  /** Each grid's coverage class as feature state, from the snapshot on screen (the figures of the coverage chart). */
  function paintKpi(m: MapLibreMap): void {
    for (const g of wall.snapshot?.stats.grids ?? []) {
      m.setFeatureState({ source: 'grids', id: g.code }, { kpi: wallKpiClass(g.patrol.enterpriseCoverage) });
    }
  }

  /** Takes the highlight off the toured community, if any. */
  function clearCommunity(m: MapLibreMap): void {
    if (focusedCommunity) m.setFeatureState({ source: 'community', id: focusedCommunity }, { selected: false });
    focusedCommunity = null;
    if (m.getLayer(WALL_COMMUNITY_FOCUS_LAYER)) m.setFilter(WALL_COMMUNITY_FOCUS_LAYER, focusFilter(null));
  }

  /**
   * A county wall's tour stop at a community (issue 14): its outline glows, its grids keep the coverage colouring,
   * the view frames it beside the tour card. Null: the whole county.
   */
  function focusCommunity(code: string | null): void {
    const m = map.value;
    if (!m || !added.value) return;
    const feature = code ? wall.geometry?.community?.features.find((f) => f.properties.code === code) : null;
    if (!feature) return focusGrid(null);
    if (focus) m.setFeatureState({ source: 'grids', id: focus }, { selected: false });
    focus = null;
    m.setFilter(WALL_FOCUS_LAYER, focusFilter(null));
    clearCommunity(m);
    focusedCommunity = code;
    m.setFeatureState({ source: 'community', id: code! }, { selected: true });
    if (m.getLayer(WALL_COMMUNITY_FOCUS_LAYER)) m.setFilter(WALL_COMMUNITY_FOCUS_LAYER, focusFilter(code));
    m.setPaintProperty(WALL_KPI_LAYER, 'fill-opacity', WALL_KPI_OPACITY);
    fitBox(m, turfBbox(feature), true);
  }

  /** Moves the highlight (and the view) to a grid; null: the whole community (a county wall: the whole county). */
  function focusGrid(code: string | null): void {
    const m = map.value;
    if (!m || !added.value) return;
    clearCommunity(m);
    if (focus) m.setFeatureState({ source: 'grids', id: focus }, { selected: false });
    focus = code;
    m.setFilter(WALL_FOCUS_LAYER, focusFilter(code));
    const grid = code ? wall.geometry?.grids?.features.find((g) => g.properties.code === code) : null;
    // The coverage colouring is the community view's; on a grid the grid's own fill and glow speak.
    m.setPaintProperty(WALL_KPI_LAYER, 'fill-opacity', grid ? 0 : WALL_KPI_OPACITY);
    if (grid) {
      m.setFeatureState({ source: 'grids', id: code! }, { selected: true });
      fitBox(m, turfBbox(grid), true);
    } else fitAll(m);
  }

  watch(pixelRatio, (r) => map.value?.setPixelRatio(r), { flush: 'post' });
  watch(
    [loaded, () => wall.geometryVersion, () => wall.snapshot] as const,
    ([isLoaded, geometryVersion], old) => {
      const m = map.value;
      if (!m || !isLoaded) return;
      if (!added.value) return addAll(m);
      // Geometry only when it changed; the open incidents with every new snapshot.
      const ids = geometryVersion !== old?.[1] ? sourceIds : [WALL_INCIDENT_SOURCE];
      setData(m, ids);
      armIdle(m);
    },
  );
  watch(loaded, (l) => l && map.value?.setPixelRatio(pixelRatio.value));

  onBeforeUnmount(() => {
    const m = map.value;
    if (!m) return;
    for (const id of [...layerIds].reverse()) if (m.getLayer(id)) m.removeLayer(id);
    for (const id of sourceIds) if (m.getSource(id)) m.removeSource(id);
    layerIds = [];
    sourceIds = [];
  });

  return { map, added, idle, focusGrid, focusCommunity };
}
