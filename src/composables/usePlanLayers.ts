import { onBeforeUnmount, ref, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
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
  planWarmFeatures,
  PLAN_VERTEX_MINZOOM,
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
  /** What each unit source holds now, by code, in its order (for sending only the units an operation changed). */
  const onMap = new Map<string, Map<string, Feature>>();
  /** Units a drag preview changed on the map: sent again with the next snapshot even if the draft kept them. */
  const previewed = new Map<string, Set<string>>();

  const source = (m: MapLibreMap, id: string) => m.getSource(id) as GeoJSONSource | undefined;
  /** The invisible warm-up features are on the map (see planWarmFeatures); `sketched`: a tool drew since. */
  let warming = false;
  let sketched = false;
  /** The findings the findings source holds, as text (null: unknown), so an unchanged status does not reload it. */
  let findingsOnMap: string | null = null;

  function remove(m: MapLibreMap): void {
    for (const l of [...planLayers()].reverse()) if (m.getLayer(l.id)) m.removeLayer(l.id);
    for (const id of Object.values(PLAN_SOURCES)) if (m.getSource(id)) m.removeSource(id);
    marked = [];
    warming = false;
    findingsOnMap = null;
    onMap.clear();
    previewed.clear();
    ready.value = false;
    drawn.value = false;
  }

  function add(m: MapLibreMap): void {
    for (const [id, spec] of Object.entries(planSources())) m.addSource(id, spec);
    const before = m.getLayer('enterprises') ? 'enterprises' : undefined;
    for (const layer of planLayers()) m.addLayer(layer, ON_TOP.has(layer.id) ? undefined : before);
    ready.value = true;
    drawSnapshot(m);
    // The findings: drawn by warm() with its own, then alone once the map is idle.
    markSelection(m);
    vertexHandles(m);
    followSwitcher(m);
    warm(m);
  }

  /**
   * Draws one invisible feature of each sketch and vertex kind until the map is next idle, so their shaders are
   * compiled now and not at the planner's first stroke (hundreds of ms each with software WebGL).
   */
  function warm(m: MapLibreMap): void {
    const c = m.getCenter();
    const w = planWarmFeatures([c.lng, c.lat]);
    warming = true;
    sketched = false;
    source(m, PLAN_SOURCES.sketch)?.setData(w.sketch);
    source(m, PLAN_SOURCES.vertices)?.setData(w.vertices);
    const real = planFindingFeatures(plan.status?.findings ?? []).features;
    source(m, PLAN_SOURCES.findings)?.setData({ type: 'FeatureCollection', features: [...real, ...w.findings.features] });
    findingsOnMap = null;
    m.setLayerZoomRange('plan-vertices', 0, 24);
    m.setLayoutProperty('plan-vertices', 'visibility', 'visible');
    m.once('idle', () => {
      if (!warming || map.value !== m) return;
      warming = false;
      if (!sketched) source(m, PLAN_SOURCES.sketch)?.setData({ type: 'FeatureCollection', features: [] });
      m.setLayerZoomRange('plan-vertices', PLAN_VERTEX_MINZOOM, 24);
      vertexHandles(m);
      drawStatus(m);
    });
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
    sendUnits(m, PLAN_SOURCES.grids, planGridFeatures(s));
    sendUnits(m, PLAN_SOURCES.microGrids, s.microGrids);
    sendUnits(m, PLAN_SOURCES.labels, planLabelFeatures(s, labels));
    // The vertex handles follow the snapshot through their own watcher (below).
    // setData replaces the features; their feature-state survives by id, but re-mark in case codes changed.
    markSelection(m);
  }

  /**
   * Gives a unit source (features keyed by `code`) the new collection. When the draft kept the order of the units it
   * kept and put its new ones after them (what operations do), only the units added, removed or changed (geometry or
   * properties) go to the map's worker with `updateData`, and only the tiles they touch are cut again; otherwise
   * (first draw, a reordering) the whole collection with `setData`. Either way the source ends up holding exactly
   * `fc`'s features in `fc`'s order.
   */
  function sendUnits(m: MapLibreMap, id: string, fc: FeatureCollection): void {
    const src = source(m, id);
    if (!src) return;
    const before = onMap.get(id);
    const after = new Map<string, Feature>();
    for (const f of fc.features) after.set(String(f.properties?.code), f);
    onMap.set(id, after);
    const forced = previewed.get(id) ?? new Set<string>();
    previewed.delete(id);
    const diff = before && after.size === fc.features.length ? unitDiff(before, after, forced) : null;
    if (!diff) src.setData(fc);
    else if (diff.remove.length || diff.add.length) void src.updateData(diff);
  }

  /** Vertex handles, only while a vertex tool is on: indexing a county's vertices after every operation is not free. */
  function drawVertices(m: MapLibreMap): void {
    const v = VERTEX_TOOLS.has(plan.tool) ? vertices.value : null;
    const features = v ? planVertexFeatures(v.points, (p) => v.users.get(vertexKey(p))?.length ?? 0).features : [];
    source(m, PLAN_SOURCES.vertices)?.setData({ type: 'FeatureCollection', features });
  }

  /**
   * The findings on the map. Most operations leave them as they were (a reshape inside the rules): then the source
   * is not reloaded, which would re-cut its tiles and draw one more frame for nothing.
   */
  function drawStatus(m: MapLibreMap): void {
    if (!ready.value) return;
    const findings = plan.status?.findings ?? [];
    const key = JSON.stringify(findings);
    if (key === findingsOnMap) return;
    const src = source(m, PLAN_SOURCES.findings);
    if (!src) return;
    src.setData(planFindingFeatures(findings));
    findingsOnMap = key;
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
      if (!update.length) continue;
      const touched = previewed.get(id) ?? new Set<string>();
      for (const u of update) touched.add(u.id);
      previewed.set(id, touched);
      void source(m, id)?.updateData({ update });
    }
  }

  /** Puts the draft's own geometry back after a preview (a drag cancelled or refused). */
  function restore(): void {
    if (map.value) drawSnapshot(map.value);
  }

  function sketch(features: Feature[]): void {
    const m = map.value;
    if (!m || !ready.value) return;
    sketched = true;
    source(m, PLAN_SOURCES.sketch)?.setData({ type: 'FeatureCollection', features });
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
  // The units: they come ahead of the checks after an edit, so the map redraws while the worker checks the draft.
  watch(() => plan.snapshot, () => map.value && drawSnapshot(map.value));
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

/**
 * The units to remove from and add to (add replaces a feature with the same id in place) a source holding `before`
 * so that it holds `after`, or null when `after` does not keep `before`'s order with its new units last (then only a
 * full `setData` gives the same drawing order). `forced`: codes to send again even if unchanged.
 * @example unitDiff(new Map([['a', fa]]), new Map([['a', fa], ['b', fb]]), new Set()) // { remove: [], add: [fb] }
 */
export function unitDiff(
  before: ReadonlyMap<string, Feature>,
  after: ReadonlyMap<string, Feature>,
  forced: ReadonlySet<string>,
): { remove: string[]; add: Feature[] } | null {
  const remove: string[] = [];
  const kept: string[] = [];
  for (const code of before.keys()) (after.has(code) ? kept : remove).push(code);
  const order = [...after.keys()];
  for (let i = 0; i < kept.length; i++) if (order[i] !== kept[i]) return null;
  const add: Feature[] = [];
  for (let i = 0; i < order.length; i++) {
    const f = after.get(order[i])!;
    const old = i < kept.length ? before.get(order[i]) : undefined;
    if (!old || forced.has(order[i]) || !sameFeature(old, f)) add.push(f);
  }
  return { remove, add };
}

/** Same geometry (every coordinate equal) and same properties. */
function sameFeature(a: Feature, b: Feature): boolean {
  if (a === b) return true;
  if (a.geometry?.type !== b.geometry?.type) return false;
  if (!sameCoordinates((a.geometry as { coordinates?: unknown })?.coordinates, (b.geometry as { coordinates?: unknown })?.coordinates)) return false;
  return JSON.stringify(a.properties) === JSON.stringify(b.properties);
}

function sameCoordinates(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  if (typeof a[0] === 'number') {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (!sameCoordinates(a[i], b[i])) return false;
  return true;
}

export type PlanLayers = ReturnType<typeof usePlanLayers>;
