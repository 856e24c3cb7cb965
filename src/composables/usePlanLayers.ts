import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature } from 'geojson';
import { usePlanStore } from '../stores/plan';
import { useUiStore, type LayerGroup } from '../stores/ui';
import {
  PLAN_SOURCES,
  planFindingFeatures,
  planGridFeatures,
  planLabelFeatures,
  planLayers,
  planSources,
  planVertexFeatures,
  type LabelCache,
} from '../map/plan-layers';
import { moveVertexIn, vertexKey, type CoverageVertices } from '../geo/snap/coverage-vertices';
import type { LonLat } from '../domain/plan/types';

/** Layers drawn above the overview's enterprise dots (the rest go under them). */
const ON_TOP = new Set(['plan-vertices', 'plan-sketch-fill', 'plan-sketch-moved', 'plan-sketch-line', 'plan-sketch-points',
  'plan-snap', 'plan-refused', 'plan-microgrids-label', 'plan-grids-label']);
/** The layer switcher's groups the draft's layers follow (labels also follow "labels"). */
const GROUP_OF: Record<string, LayerGroup> = {
  'plan-grids-fill': 'grids',
  'plan-grids-outline': 'grids',
  'plan-grids-label': 'grids',
  'plan-microgrids-fill': 'microgrids',
  'plan-microgrids-outline': 'microgrids',
  'plan-microgrids-label': 'microgrids',
};
/** Tools that work on vertices: only they show the vertex handles. */
const VERTEX_TOOLS = new Set(['vertex', 'segment']);

/**
 * The draft on the map: adds the plan sources and layers once the overview's are there (base map, community,
 * enterprises stay; the overview's own grids and micro-grids are hidden by the view), redraws them when a new
 * snapshot or status arrives, marks the selection, and offers the pointer a cheap live preview: `preview` moves
 * vertices in just the units that share them (`updateData` of those features, not a new source), `restore` puts
 * the draft back, `sketch` draws what the pointer is doing. Removes what it added on unmount.
 */
export function usePlanLayers(map: ShallowRef<MapLibreMap | null>, added: Ref<boolean>, vertices: Ref<CoverageVertices | null>) {
  const plan = usePlanStore();
  const ui = useUiStore();
  const ready = ref(false);
  /** The latest snapshot is on the map and the map has gone idle since (the route's `ready`). */
  const drawn = ref(false);
  let marked: { source: string; id: string }[] = [];
  const labels: LabelCache = new Map();

  const source = (m: MapLibreMap, id: string) => m.getSource(id) as GeoJSONSource | undefined;

  function remove(m: MapLibreMap): void {
    for (const l of [...planLayers()].reverse()) if (m.getLayer(l.id)) m.removeLayer(l.id);
    for (const id of Object.values(PLAN_SOURCES)) if (m.getSource(id)) m.removeSource(id);
    marked = [];
    ready.value = false;
    drawn.value = false;
  }

  function add(m: MapLibreMap): void {
    for (const [id, spec] of Object.entries(planSources())) m.addSource(id, spec);
    const before = m.getLayer('enterprises') ? 'enterprises' : undefined;
    for (const layer of planLayers()) m.addLayer(layer, ON_TOP.has(layer.id) ? undefined : before);
    ready.value = true;
    drawSnapshot(m);
    drawStatus(m);
    markSelection(m);
    vertexHandles(m);
    followSwitcher(m);
  }

  function followSwitcher(m: MapLibreMap): void {
    if (!ready.value) return;
    for (const [id, group] of Object.entries(GROUP_OF)) {
      const on = ui.visible[group] && (!id.endsWith('-label') || ui.visible.labels);
      m.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    }
  }

  function drawSnapshot(m: MapLibreMap): void {
    const s = plan.snapshot;
    if (!s || !ready.value) return;
    drawn.value = false;
    m.once('idle', () => {
      if (plan.snapshot === s) drawn.value = true;
    });
    source(m, PLAN_SOURCES.grids)?.setData(planGridFeatures(s));
    source(m, PLAN_SOURCES.microGrids)?.setData(s.microGrids);
    source(m, PLAN_SOURCES.labels)?.setData(planLabelFeatures(s, labels));
    // The vertex handles follow the snapshot through their own watcher (below).
    // setData replaces the features; their feature-state survives by id, but re-mark in case codes changed.
    markSelection(m);
  }

  /** Vertex handles, only while a vertex tool is on: indexing a county's vertices after every operation is not free. */
  function drawVertices(m: MapLibreMap): void {
    const v = VERTEX_TOOLS.has(plan.tool) ? vertices.value : null;
    const features = v ? planVertexFeatures(v.points, (p) => v.users.get(vertexKey(p))?.length ?? 0).features : [];
    source(m, PLAN_SOURCES.vertices)?.setData({ type: 'FeatureCollection', features });
  }

  function drawStatus(m: MapLibreMap): void {
    if (ready.value) source(m, PLAN_SOURCES.findings)?.setData(planFindingFeatures(plan.status?.findings ?? []));
  }

  function markSelection(m: MapLibreMap): void {
    if (!ready.value) return;
    for (const s of marked) m.setFeatureState(s, { selected: false });
    marked = [];
    const s = plan.snapshot;
    if (!s) return;
    const grids = new Set(s.grids.features.map((f) => f.properties.code));
    for (const code of plan.selection) {
      const target = { source: grids.has(code) ? PLAN_SOURCES.grids : PLAN_SOURCES.microGrids, id: code };
      m.setFeatureState(target, { selected: true });
      marked.push(target);
    }
  }

  // Vertex handles are the vertex tools' grips; elsewhere they would only clutter the map (the snap indicator
  // shows what a drawing tool will catch).
  function vertexHandles(m: MapLibreMap): void {
    if (!ready.value) return;
    m.setLayoutProperty('plan-vertices', 'visibility', VERTEX_TOOLS.has(plan.tool) ? 'visible' : 'none');
    drawVertices(m);
  }

  /**
   * Shows `moves` (vertex key → new position) in every unit sharing those vertices, and `sketch` on top. Only the
   * touched features are sent to the map's worker, so a drag stays cheap on a county.
   */
  function preview(moves: ReadonlyMap<string, LonLat>, units: readonly string[]): void {
    const m = map.value;
    const s = plan.snapshot;
    if (!m || !s || !ready.value) return;
    const want = new Set(units);
    for (const [id, fc] of [[PLAN_SOURCES.grids, s.grids], [PLAN_SOURCES.microGrids, s.microGrids]] as const) {
      const update = fc.features
        .filter((f) => want.has(f.properties.code))
        .map((f) => ({ id: f.properties.code, newGeometry: moveVertexIn(f.geometry, moves) }));
      if (update.length) void source(m, id)?.updateData({ update });
    }
  }

  /** Puts the draft's own geometry back after a preview (a drag cancelled or refused). */
  function restore(): void {
    if (map.value) drawSnapshot(map.value);
  }

  function sketch(features: Feature[]): void {
    const m = map.value;
    if (m && ready.value) source(m, PLAN_SOURCES.sketch)?.setData({ type: 'FeatureCollection', features });
  }

  watch(
    added,
    (isAdded) => {
      const m = map.value;
      if (!m) return;
      remove(m);
      if (isAdded) add(m);
    },
    { immediate: true },
  );
  watch(() => plan.version, () => map.value && drawSnapshot(map.value));
  watch(() => plan.status, () => map.value && drawStatus(map.value));
  watch(() => [...plan.selection], () => map.value && markSelection(map.value));
  watch(() => plan.tool, () => map.value && vertexHandles(map.value));
  // The handles cover the units around the view: new ones after a pan (only while they are shown).
  watch(
    () => (VERTEX_TOOLS.has(plan.tool) ? vertices.value : null),
    (v) => v && map.value && drawVertices(map.value),
  );
  watch(() => ({ ...ui.visible }), () => map.value && followSwitcher(map.value));

  onBeforeUnmount(() => {
    if (map.value) remove(map.value);
  });

  return { ready, drawn, preview, restore, sketch };
}

export type PlanLayers = ReturnType<typeof usePlanLayers>;
