import { onBeforeUnmount, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature } from 'geojson';
import { usePlanStore, type PlanTool } from '../stores/plan';
import type { LonLat, PlanOp } from '../domain/plan/types';
import type { Snap } from '../geo/snap/snap-point';
import { borderInterior, unitsUsing, vertexKey, type CoverageVertices } from '../geo/snap/coverage-vertices';
import { unitAlong, unitAround } from '../geo/snap/unit-at';
import { PLAN_SOURCES, sketchFeature } from '../map/plan-layers';
import type { PlanLayers } from './usePlanLayers';

/** Tools that draw an open line (finished by Enter or a double click). */
const LINE_TOOLS = new Set<PlanTool>(['split', 'split-microgrid']);
/** Tools that draw a ring. */
const RING_TOOLS = new Set<PlanTool>(['draw-microgrid']);
/** Tools that pick micro-grids (the rest pick grids). */
const MICRO_TOOLS = new Set<PlanTool>(['delete-microgrid', 'park', 'merge-microgrids']);

type Drag =
  | { kind: 'vertex'; from: LonLat; to: LonLat; units: string[] }
  | { kind: 'segment'; grab: LonLat; interior: LonLat[]; delta: LonLat; units: string[] };

/** A hint for the planner, by i18n key under plan.editor.notice (with its values). */
export interface PlanNotice {
  key: string;
  values?: Record<string, string | number>;
}

type Geometry = {
  vertices: Ref<CoverageVertices | null>;
  snap: (map: MapLibreMap, px: [number, number], opts?: { units?: boolean; skip?: LonLat }) => Snap;
};

const same = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];
const pxOf = (e: MapMouseEvent): [number, number] => [e.point.x, e.point.y];

/**
 * The editor's pointer: what each tool does with the mouse on the map (issue 11). Snapping in pixels to the
 * draft's vertices and edges and to roads and the river, with the indicator drawn under the pointer.
 * - select: click a grid; click again inside the selected grid for its micro-grid; Shift adds or removes.
 * - vertex: drag a vertex (every unit sharing it follows live; applied on release); click an edge to insert a
 *   vertex; Alt+click or right-click a vertex to delete it.
 * - segment: drag a shared border: its vertices between the two junctions move together, the junctions stay.
 * - split / split-microgrid: click points of a line across the unit, Enter or double-click to cut.
 * - draw-microgrid: click the corners, Enter or double-click to close it (clipped to the grid by the core).
 * - merge / merge-microgrids: click units to add or remove, Enter (or the tool bar's button) to merge them.
 * - revoke: click the grid to revoke, then the neighbour that takes its area.
 * - delete-microgrid: click a micro-grid. park: click a micro-grid to mark it a 小微园区 or clear the mark.
 * Esc cancels what is being drawn or dragged and clears the selection; Backspace drops the last point.
 */
export function usePlanTools(map: ShallowRef<MapLibreMap | null>, layers: PlanLayers, geometry: Geometry) {
  const plan = usePlanStore();
  const notice = ref<PlanNotice | null>(null);
  /** Points of the line or ring being drawn. */
  const points = shallowRef<LonLat[]>([]);
  let hover: Snap | null = null;
  let drag: Drag | null = null;
  /** A drag just ended: the click MapLibre fires after it is not an insert. */
  let dragged = false;
  let hovered: { source: string; id: string } | null = null;
  let attached: MapLibreMap | null = null;

  function drawSketch(): void {
    const f: Feature[] = [];
    const pts = points.value;
    const rubber = hover && (LINE_TOOLS.has(plan.tool) || RING_TOOLS.has(plan.tool)) && pts.length ? [...pts, hover.point] : pts;
    if (RING_TOOLS.has(plan.tool) && rubber.length >= 3) {
      f.push(sketchFeature('ring', { type: 'Polygon', coordinates: [[...rubber, rubber[0]]] }));
    } else if (rubber.length >= 2) {
      f.push(sketchFeature('line', { type: 'LineString', coordinates: rubber }));
    }
    for (const p of pts) f.push(sketchFeature('point', { type: 'Point', coordinates: p }));
    if (drag?.kind === 'vertex') f.push(sketchFeature('handle', { type: 'Point', coordinates: drag.to }));
    if (drag?.kind === 'segment') {
      const [dx, dy] = drag.delta;
      const moved = drag.interior.map((p): LonLat => [p[0] + dx, p[1] + dy]);
      for (const p of moved) f.push(sketchFeature('handle', { type: 'Point', coordinates: p }));
    }
    if (hover && hover.kind !== 'none') {
      f.push(sketchFeature(hover.kind === 'vertex' ? 'snap-vertex' : 'snap-edge', { type: 'Point', coordinates: hover.point }));
    }
    const refused = plan.lastError?.at;
    if (refused) f.push(sketchFeature('refused', { type: 'Point', coordinates: refused }));
    layers.sketch(f);
  }

  function setHover(m: MapLibreMap, target: { source: string; id: string } | null): void {
    if (hovered && target && hovered.source === target.source && hovered.id === target.id) return;
    if (hovered && m.getSource(hovered.source)) m.setFeatureState(hovered, { hover: false });
    hovered = target;
    if (target) m.setFeatureState(target, { hover: true });
  }

  /** The grid or micro-grid under the pointer (micro-grids for the micro tools, or when `micro`). */
  function unitAt(m: MapLibreMap, e: MapMouseEvent, micro = MICRO_TOOLS.has(plan.tool)): string | null {
    const layer = micro ? 'plan-microgrids-fill' : 'plan-grids-fill';
    if (!m.getLayer(layer)) return null;
    const hit = m.queryRenderedFeatures(e.point, { layers: [layer] })[0];
    return (hit?.properties?.code as string | undefined) ?? null;
  }

  async function apply(op: PlanOp): Promise<boolean> {
    notice.value = null;
    const entry = await plan.apply(op);
    drawSketch();
    return entry !== null;
  }

  function cancel(): void {
    if (drag) {
      layers.restore();
      // The button is still down: the click MapLibre sends on release must not insert a vertex there.
      dragged = true;
    }
    drag = null;
    points.value = [];
    notice.value = null;
    plan.clearError();
    drawSketch();
  }

  /** Finishes what the tool is doing: cut with the drawn line, close the ring, merge the picked units. */
  async function finish(): Promise<void> {
    const s = plan.snapshot;
    if (!s) return;
    const tool = plan.tool;
    const pts = points.value;
    if (LINE_TOOLS.has(tool)) {
      if (pts.length < 2) return void (notice.value = { key: 'plan.editor.notice.needLine' });
      const micro = tool === 'split-microgrid';
      const code = unitAlong(micro ? s.microGrids.features : s.grids.features, pts);
      if (!code) return void (notice.value = { key: 'plan.editor.notice.lineOutside' });
      points.value = [];
      await apply(micro ? { op: 'split-microgrid', code, line: pts } : { op: 'split', grid: code, line: pts });
    } else if (RING_TOOLS.has(tool)) {
      if (pts.length < 3) return void (notice.value = { key: 'plan.editor.notice.needRing' });
      const grid = unitAround(s.grids.features, pts);
      if (!grid) return void (notice.value = { key: 'plan.editor.notice.ringOutside' });
      points.value = [];
      await apply({ op: 'add-microgrid', grid, polygon: pts });
    } else if (tool === 'merge' || tool === 'merge-microgrids') {
      const codes = [...plan.selection];
      if (codes.length < 2) return void (notice.value = { key: 'plan.editor.notice.needTwo' });
      if (await apply(tool === 'merge' ? { op: 'merge', grids: codes } : { op: 'merge-microgrids', codes })) plan.select([]);
    }
  }

  function onMove(e: MapMouseEvent): void {
    const m = e.target;
    const tool = plan.tool;
    if (drag) {
      if (drag.kind === 'vertex') {
        hover = geometry.snap(m, pxOf(e), { skip: drag.from });
        drag.to = hover.point;
        layers.preview(new Map([[vertexKey(drag.from), drag.to]]), drag.units);
      } else {
        hover = null;
        drag.delta = [e.lngLat.lng - drag.grab[0], e.lngLat.lat - drag.grab[1]];
        const [dx, dy] = drag.delta;
        layers.preview(new Map(drag.interior.map((p) => [vertexKey(p), [p[0] + dx, p[1] + dy] as LonLat])), drag.units);
      }
      return drawSketch();
    }
    if (LINE_TOOLS.has(tool) || RING_TOOLS.has(tool)) {
      hover = geometry.snap(m, pxOf(e));
      m.getCanvas().style.cursor = 'crosshair';
    } else if (tool === 'vertex' || tool === 'segment') {
      hover = geometry.snap(m, pxOf(e), { units: true });
      if (tool === 'segment' && hover.kind === 'vertex') hover = null;
      m.getCanvas().style.cursor = hover && hover.kind !== 'none' ? 'pointer' : '';
    } else {
      hover = null;
      const code = unitAt(m, e);
      const source = MICRO_TOOLS.has(tool) ? PLAN_SOURCES.microGrids : PLAN_SOURCES.grids;
      setHover(m, code ? { source, id: code } : null);
      m.getCanvas().style.cursor = code ? 'pointer' : '';
    }
    drawSketch();
  }

  function onDown(e: MapMouseEvent): void {
    // A gesture that ended off the map (or moved, so MapLibre sent no click) must not swallow this one's click.
    dragged = false;
    if (e.originalEvent.button !== 0) return;
    const m = e.target;
    const v = geometry.vertices.value;
    if (!v || plan.busy) return;
    if (plan.tool === 'vertex') {
      const s = geometry.snap(m, pxOf(e), { units: true });
      if (s.kind !== 'vertex') return;
      e.preventDefault(); // no map pan: this gesture moves the vertex
      if (e.originalEvent.altKey) {
        void apply({ op: 'delete-vertex', at: s.point });
        dragged = true;
        return;
      }
      drag = { kind: 'vertex', from: s.point, to: s.point, units: unitsUsing(v, [s.point]) };
    } else if (plan.tool === 'segment') {
      const s = geometry.snap(m, pxOf(e), { units: true });
      if (s.kind !== 'edge' || !s.edge) return;
      e.preventDefault();
      const interior = borderInterior(v, s.edge[0], s.edge[1]);
      if (!interior.length) return void (notice.value = { key: 'plan.editor.notice.noInterior' });
      drag = { kind: 'segment', grab: [e.lngLat.lng, e.lngLat.lat], interior, delta: [0, 0], units: unitsUsing(v, interior) };
    }
  }

  async function onUp(): Promise<void> {
    const d = drag;
    if (!d) return;
    drag = null;
    dragged = true;
    let op: PlanOp | null = null;
    if (d.kind === 'vertex' && !same(d.from, d.to)) op = { op: 'move-vertex', from: d.from, to: d.to };
    if (d.kind === 'segment' && (d.delta[0] !== 0 || d.delta[1] !== 0)) {
      const [dx, dy] = d.delta;
      op = { op: 'move-vertices', moves: d.interior.map((p) => ({ from: p, to: [p[0] + dx, p[1] + dy] as LonLat })) };
    }
    // A refused move leaves the snapshot as it was: put the previewed units back.
    if (!op || !(await apply(op))) layers.restore();
  }

  function onClick(e: MapMouseEvent): void {
    const m = e.target;
    const tool = plan.tool;
    if (dragged) {
      dragged = false;
      return;
    }
    if (LINE_TOOLS.has(tool) || RING_TOOLS.has(tool)) {
      const p = geometry.snap(m, pxOf(e)).point;
      const last = points.value[points.value.length - 1];
      // The second click of a double click lands on the same point: one point, then the dblclick finishes.
      if (!last || !same(last, p)) points.value = [...points.value, p];
      return drawSketch();
    }
    if (tool === 'vertex') {
      const s = geometry.snap(m, pxOf(e), { units: true });
      if (s.kind === 'edge') void apply({ op: 'insert-vertex', at: s.point });
      return;
    }
    if (tool === 'segment') return;
    pick(m, e);
  }

  function pick(m: MapLibreMap, e: MapMouseEvent): void {
    const tool = plan.tool;
    const s = plan.snapshot;
    const code = unitAt(m, e);
    if (!s) return;
    if (tool === 'select') {
      if (!code) return plan.select([]);
      const micro = unitAt(m, e, true);
      const mode = e.originalEvent.shiftKey ? 'toggle' : 'replace';
      // Drill down as on the overview: a click inside the selected grid selects the micro-grid under it.
      if (micro && plan.selection.length === 1 && plan.selection[0] === code) return plan.select([micro], mode);
      if (micro && plan.selection.length === 1 && plan.selection[0] === micro) return plan.select([micro], mode);
      return plan.select([code], mode);
    }
    if (!code) return;
    if (tool === 'merge' || tool === 'merge-microgrids') {
      const micro = tool === 'merge-microgrids';
      const ofKind = new Set((micro ? s.microGrids : s.grids).features.map((f) => f.properties.code));
      // A click on a picked unit drops it again.
      const kept = plan.selection.filter((c) => ofKind.has(c));
      return plan.select(kept.includes(code) ? kept.filter((c) => c !== code) : [...kept, code]);
    }
    if (tool === 'revoke') {
      const [first] = plan.selection;
      const grids = new Set(s.grids.features.map((f) => f.properties.code));
      if (plan.selection.length === 1 && grids.has(first) && first !== code) {
        // Done: nothing stays picked, so the next click starts a new revocation instead of revoking the grid that grew.
        void apply({ op: 'revoke', grid: first, into: code }).then((ok) => ok && plan.select([]));
      } else {
        plan.select([code]);
        notice.value = { key: 'plan.editor.notice.pickInto', values: { code } };
      }
      return;
    }
    if (tool === 'delete-microgrid') return void apply({ op: 'delete-microgrid', code });
    if (tool === 'park') {
      const kind = s.microGrids.features.find((f) => f.properties.code === code)?.properties.kind;
      void apply({ op: 'set-microgrid-kind', code, kind: kind === 'park' ? null : 'park' });
    }
  }

  function onDblClick(e: MapMouseEvent): void {
    if (!LINE_TOOLS.has(plan.tool) && !RING_TOOLS.has(plan.tool)) return;
    e.preventDefault();
    void finish();
  }

  function onContextMenu(e: MapMouseEvent): void {
    if (plan.tool === 'vertex') {
      const s = geometry.snap(e.target, pxOf(e), { units: true });
      if (s.kind === 'vertex') void apply({ op: 'delete-vertex', at: s.point });
    } else if (points.value.length) {
      points.value = points.value.slice(0, -1);
      drawSketch();
    }
  }

  function onOut(): void {
    hover = null;
    if (attached) setHover(attached, null);
    drawSketch();
  }

  function onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && !e.shiftKey) {
      e.preventDefault();
      cancel();
      void plan.undo();
    } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
      e.preventDefault();
      cancel();
      void plan.redo();
    } else if (e.key === 'Escape') {
      cancel();
      plan.select([]);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void finish();
    } else if (e.key === 'Backspace' && points.value.length) {
      e.preventDefault();
      points.value = points.value.slice(0, -1);
      drawSketch();
    }
  }

  const handlers = {
    mousemove: onMove,
    mousedown: onDown,
    mouseup: () => void onUp(),
    click: onClick,
    dblclick: onDblClick,
    contextmenu: onContextMenu,
    mouseout: onOut,
  } as const;

  function detach(): void {
    if (!attached) return;
    for (const [type, fn] of Object.entries(handlers)) attached.off(type as 'click', fn as (e: MapMouseEvent) => void);
    attached.doubleClickZoom.enable();
    attached = null;
  }

  watch(
    layers.ready,
    (isReady) => {
      detach();
      const m = map.value;
      if (!isReady || !m) return;
      for (const [type, fn] of Object.entries(handlers)) m.on(type as 'click', fn as (e: MapMouseEvent) => void);
      attached = m;
      syncDoubleClick();
    },
    { immediate: true },
  );

  // A double click finishes a line or a ring there, so it must not zoom while one is drawn.
  function syncDoubleClick(): void {
    if (!attached) return;
    if (LINE_TOOLS.has(plan.tool) || RING_TOOLS.has(plan.tool)) attached.doubleClickZoom.disable();
    else attached.doubleClickZoom.enable();
  }

  watch(
    () => plan.tool,
    () => {
      cancel();
      if (attached) setHover(attached, null);
      syncDoubleClick();
      // Each tool picks its own kind of unit: a selection of the other kind would only confuse it.
      if (plan.tool !== 'select') plan.select([]);
    },
  );
  watch(() => plan.lastError, drawSketch);

  window.addEventListener('keydown', onKey);
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey);
    detach();
  });

  return { notice, points, finish, cancel };
}
