import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import { Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import turfBbox from '@turf/bbox';
import { IDEOGRAPH_FONT_FAMILY } from '../app/theme';
import { baseStyle } from '../map/style';
import { useDatasetStore } from '../stores/dataset';
import { usePlanReviewStore } from '../stores/plan-review';
import { REVIEW_SOURCES, reviewLayers, reviewSourceData, type ReviewSide, type ReviewSourceId } from './usePlanReviewLayers';

type SideData = Record<ReviewSourceId, FeatureCollection>;

interface Pane {
  map: MapLibreMap;
  loaded: boolean;
  /** The side drawn now, so setData runs only when it changes. */
  drawn: { side: ReviewSide; data: SideData } | null;
}

const FIT_PADDING = 40;

function fit(map: MapLibreMap, target: FeatureCollection, animate: boolean): void {
  const [minX, minY, maxX, maxY] = turfBbox(target);
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) return;
  map.fitBounds([[minX, minY], [maxX, maxY]], { padding: FIT_PADDING, maxZoom: 17, animate, duration: animate ? 500 : 0 });
}

/**
 * The review's maps: `left` always (current or proposed, or current when side by side), `right` while side by side
 * (proposed). Their own MapLibre maps, not the route's: `window.__gridsight.map` stays the editor's. Both move
 * together (each move is copied to the other, guarded against echo). Removed from the page on unmount.
 * @example const { left, right } = usePlanReviewMaps(leftEl, rightEl)
 */
export function usePlanReviewMaps(leftEl: Ref<HTMLElement | null>, rightEl: Ref<HTMLElement | null>) {
  const review = usePlanReviewStore();
  const datasets = useDatasetStore();
  const left = shallowRef<Pane | null>(null);
  const right = shallowRef<Pane | null>(null);
  /** Both sides' data, made once per opened proposal. */
  let cache: { key: object; basemap: unknown; current: SideData; proposed: SideData } | null = null;
  let syncing = false;

  const sideData = (side: ReviewSide): SideData | null => {
    const p = review.proposal;
    if (!p) return null;
    // A proposal may leave the base map out (no plan changes it): then the loaded dataset's is drawn (read on
    // demand when the maps draw basemap.pmtiles: datasets.ensureBasemap, and drawn again once it is there).
    const basemap = p.dataset.basemap ?? datasets.index?.dataset.basemap ?? datasets.basemap ?? undefined;
    if (!basemap) void datasets.ensureBasemap();
    if (cache?.key !== p || cache.basemap !== basemap) {
      const effective = p.review?.decision === 'approved' ? p.review.effective : p.effective;
      const dataset = { ...p.dataset, basemap };
      const input = { dataset, baseUnits: p.baseUnits, changes: p.changes, effective };
      cache = { key: p, basemap, current: reviewSourceData(input, 'current'), proposed: reviewSourceData(input, 'proposed') };
    }
    return cache[side];
  };
  const sideOf = (pane: 'left' | 'right'): ReviewSide =>
    pane === 'right' ? 'proposed' : review.mode === 'side' ? 'current' : review.mode;

  function draw(pane: Pane | null, side: ReviewSide): void {
    if (!pane?.loaded) return;
    const data = sideData(side);
    if (!data || (pane.drawn?.side === side && pane.drawn.data === data)) return;
    for (const id of REVIEW_SOURCES) (pane.map.getSource(id) as GeoJSONSource | undefined)?.setData(data[id]);
    pane.drawn = { side, data };
  }
  const drawAll = () => {
    draw(left.value, sideOf('left'));
    draw(right.value, sideOf('right'));
  };

  function create(el: HTMLElement, partner: () => Pane | null, which: 'left' | 'right'): Pane {
    const other = partner()?.map;
    const map = new MapLibreMap({
      container: el,
      style: baseStyle(),
      center: other?.getCenter() ?? [120.95, 30.52],
      zoom: other?.getZoom() ?? 12,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      localIdeographFontFamily: IDEOGRAPH_FONT_FAMILY,
      fadeDuration: 0,
    });
    map.touchZoomRotate.disableRotation();
    const pane: Pane = { map, loaded: false, drawn: null };
    map.on('move', () => {
      const to = partner()?.map;
      if (syncing || !to) return;
      syncing = true;
      to.jumpTo({ center: map.getCenter(), zoom: map.getZoom() });
      syncing = false;
    });
    map.once('load', () => {
      for (const id of REVIEW_SOURCES) {
        map.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, ...(id === 'review-grids' ? { promoteId: 'code' } : {}) });
      }
      for (const layer of reviewLayers()) map.addLayer(layer);
      pane.loaded = true;
      draw(pane, sideOf(which));
      // The first map fits the community; a second one opens where the first is.
      const community = sideData('proposed')?.['review-community'];
      if (!other && community) fit(map, community, false);
    });
    return pane;
  }

  watch(
    leftEl,
    (el) => {
      left.value?.map.remove();
      left.value = el ? create(el, () => right.value, 'left') : null;
    },
    { immediate: true, flush: 'post' },
  );
  watch(
    rightEl,
    (el) => {
      right.value?.map.remove();
      right.value = el ? create(el, () => left.value, 'right') : null;
      // The left pane changes width with the right one: resize it now, and show the whole community again in the
      // new width (the right map follows the left one).
      requestAnimationFrame(() => {
        const pane = left.value;
        if (!pane) return;
        pane.map.resize();
        const community = sideData('proposed')?.['review-community'];
        if (pane.loaded && community) fit(pane.map, community, false);
      });
    },
    { immediate: true, flush: 'post' },
  );
  watch(() => [review.proposal, review.mode, datasets.basemap] as const, drawAll, { flush: 'post' });

  // A row of the table: show that unit on both maps (its geometry from the side that has it), highlighted.
  let focused: string | null = null;
  watch(
    () => review.focusVersion,
    () => {
      const code = review.focus;
      if (!code) return;
      const find = (side: ReviewSide) =>
        (sideData(side)?.['review-grids'].features ?? []).concat(sideData(side)?.['review-microgrids'].features ?? []).find(
          (f) => f.properties?.code === code,
        );
      const feature = find('proposed') ?? find('current');
      for (const pane of [left.value, right.value]) {
        if (!pane?.loaded) continue;
        if (focused) pane.map.removeFeatureState({ source: 'review-grids', id: focused }, 'focus');
        pane.map.setFeatureState({ source: 'review-grids', id: code }, { focus: true });
      }
      focused = code;
      if (feature && left.value) fit(left.value.map, { type: 'FeatureCollection', features: [feature] }, true);
    },
  );

  onBeforeUnmount(() => {
    left.value?.map.remove();
    right.value?.map.remove();
    left.value = right.value = null;
  });

  return { left, right };
}
