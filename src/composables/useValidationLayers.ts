import { onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, Geometry } from 'geojson';
import { useDatasetStore } from '../stores/dataset';
import { useValidationStore } from '../stores/validation';
import { fitTo, mapPadding } from '../map/fit';
import {
  HATCH_IMAGES,
  MARKER_IMAGES,
  VALIDATION_BEFORE,
  VALIDATION_COLOURS,
  VALIDATION_LAYER_IDS,
  VALIDATION_MARKER_SOURCE,
  VALIDATION_SOURCE,
  findingFeatures,
  findingAt,
  findingMarkers,
  hatchImage,
  markerImage,
  validationLayers,
  validationSource,
} from '../map/validation-layers';

/**
 * Draws validation findings: the selected one, or every one with a place when "show all problems" is on; flies to a
 * finding when it is selected. Its sources and layers exist while the overview's do and a report is present. Layers sit above the grids and below the labels (re-placed whenever the overview
 * layers are re-added) and are removed, with their source and pattern images, on unmount.
 */
export function useValidationLayers(map: ShallowRef<MapLibreMap | null>, added: Ref<boolean>): void {
  const dataset = useDatasetStore();
  const validation = useValidationStore();
  let marked: number | null = null;

  const beforeId = (m: MapLibreMap) => VALIDATION_BEFORE.find((id) => m.getLayer(id));

  // A click on a finding's mark selects the finding (the overview's picking stands aside there: pickingPaused).
  let listening: MapLibreMap | null = null;
  const onClick = (e: MapMouseEvent) => {
    const i = findingAt(e.target, e.point);
    if (i !== null) validation.select(i);
  };
  function listen(m: MapLibreMap | null): void {
    if (listening === m) return;
    listening?.off('click', onClick);
    listening = m;
    m?.on('click', onClick);
  }

  function ensure(m: MapLibreMap): void {
    for (const [kind, id] of Object.entries(HATCH_IMAGES)) {
      if (!m.hasImage(id)) m.addImage(id, hatchImage(VALIDATION_COLOURS[kind as keyof typeof HATCH_IMAGES]));
    }
    for (const [kind, id] of Object.entries(MARKER_IMAGES)) {
      if (!m.hasImage(id)) m.addImage(id, markerImage(VALIDATION_COLOURS[kind as keyof typeof MARKER_IMAGES]), { pixelRatio: 2 });
    }
    for (const id of [VALIDATION_SOURCE, VALIDATION_MARKER_SOURCE]) if (!m.getSource(id)) m.addSource(id, validationSource());
    const before = beforeId(m);
    for (const layer of validationLayers()) {
      if (m.getLayer(layer.id)) m.moveLayer(layer.id, before);
      else m.addLayer(layer, before);
    }
  }

  function remove(m: MapLibreMap): void {
    listen(null);
    for (const id of [...VALIDATION_LAYER_IDS].reverse()) if (m.getLayer(id)) m.removeLayer(id);
    for (const id of [VALIDATION_SOURCE, VALIDATION_MARKER_SOURCE]) if (m.getSource(id)) m.removeSource(id);
    for (const id of [...Object.values(HATCH_IMAGES), ...Object.values(MARKER_IMAGES)]) if (m.hasImage(id)) m.removeImage(id);
    marked = null;
  }

  function draw(m: MapLibreMap): void {
    const shapes = m.getSource<GeoJSONSource>(VALIDATION_SOURCE);
    const markers = m.getSource<GeoJSONSource>(VALIDATION_MARKER_SOURCE);
    if (!shapes || !markers) return;
    const findings = validation.report?.findings ?? [];
    const sel = validation.selected;
    const keep = (i: number) => validation.showAll || i === sel;
    shapes.setData(findingFeatures(findings, keep));
    markers.setData(findingMarkers(findings, keep));
    const sources = [VALIDATION_SOURCE, VALIDATION_MARKER_SOURCE];
    if (marked !== null) for (const source of sources) m.removeFeatureState({ source, id: marked }, 'selected');
    marked = sel !== null && findings[sel]?.geometry ? sel : null;
    if (marked !== null) for (const source of sources) m.setFeatureState({ source, id: marked }, { selected: true });
  }

  /** Where a finding without a place can still be shown: the unit its first code names. */
  function unitGeometry(codes: string[]): Geometry | null {
    const index = dataset.index;
    for (const code of codes) {
      const unit = index?.microGrids.get(code) ?? index?.grids.get(code);
      if (unit) return unit.geometry;
    }
    return null;
  }

  function fly(m: MapLibreMap): void {
    const f = validation.selected === null ? null : validation.report?.findings[validation.selected];
    if (!f) return;
    const geometry = f.geometry ?? unitGeometry(f.codes);
    if (!geometry) return;
    if (geometry.type === 'Point') {
      const zoom = Math.max(m.getZoom(), 17);
      m.flyTo({ center: geometry.coordinates as [number, number], zoom, padding: mapPadding(m), duration: 700 });
      return;
    }
    const feature: Feature = { type: 'Feature', geometry, properties: {} };
    fitTo(m, feature, true, 17.5);
  }

  // Post-flush: the overview's own watcher has (re)added its layers by then, so `beforeId` finds the labels.
  // Only once there is a report: validation runs after `ready`, so two sources, five layers and seven images
  // are not part of the first picture (each empty source still costs the map worker a round of tiles).
  watch(
    [added, () => dataset.index, () => validation.report !== null] as const,
    ([isAdded, , hasReport]) => {
      const m = map.value;
      if (!m) return;
      if (!isAdded || !hasReport) return remove(m);
      ensure(m);
      draw(m);
      listen(m);
    },
    { immediate: true, flush: 'post' },
  );

  watch([() => validation.version, () => validation.showAll, () => validation.selected], () => {
    if (map.value && added.value) draw(map.value);
  });

  watch(
    () => validation.focusVersion,
    () => {
      if (map.value && added.value) fly(map.value);
    },
  );

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });
}
