import { computed, markRaw, onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { usePlanStore } from '../stores/plan';
import { useDatasetStore } from '../stores/dataset';
import { coverageVertices, type CoverageVertices } from '../geo/snap/coverage-vertices';
import { arealBbox, type Bbox } from '../geo/areal-bbox';
import { linesOf, snapIndex, snapIndexOfUnits, type SnapIndex } from '../geo/snap/snap-index';
import { snapPoint, type Snap, type SnapOptions } from '../geo/snap/snap-point';
import type { LonLat } from '../domain/plan/types';

type Unit = Feature<Polygon | MultiPolygon, { code: string }>;
type Box = Bbox;

/**
 * What the editor derives from the draft's snapshot for the pointer: the vertices with the units sharing each, and
 * the snapping indexes (the draft's borders, rebuilt per snapshot; the base map's roads and river, per dataset).
 * Only the units around the view (the view and half of it again on every side) are indexed: on a county at
 * editing zoom that is a few hundred of 5,900 units, and indexing all of them took a second after each
 * operation. Every unit using a vertex in that area is in it, so a vertex's users and a border's run are whole.
 * All markRaw: rebuilt whole, never walked by Vue.
 */
export function usePlanGeometry(map: ShallowRef<MapLibreMap | null>) {
  const plan = usePlanStore();
  const dataset = useDatasetStore();
  const view = shallowRef<Box | null>(null);
  // Roads and river to snap to: a dataset drawn from basemap.pmtiles was read without basemap.geojson; read it now,
  // while the planner looks at the map, not at the first pointer move.
  watch(
    () => dataset.index,
    () => void dataset.ensureBasemap(),
    { immediate: true },
  );

  function onMoveEnd(): void {
    const m = map.value;
    if (!m) return;
    const b = m.getBounds();
    const [w, h] = [b.getEast() - b.getWest(), b.getNorth() - b.getSouth()];
    view.value = [b.getWest() - w / 2, b.getSouth() - h / 2, b.getEast() + w / 2, b.getNorth() + h / 2];
  }
  let attached: MapLibreMap | null = null;
  watch(
    map,
    (m) => {
      attached?.off('moveend', onMoveEnd);
      attached = m;
      m?.on('moveend', onMoveEnd);
      onMoveEnd();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => attached?.off('moveend', onMoveEnd));

  /** Every unit of the snapshot with its bounding box (per snapshot). */
  const boxed = computed(() => {
    const s = plan.snapshot;
    if (!s) return null;
    return markRaw(([...s.grids.features, ...s.microGrids.features] as Unit[]).filter((f) => f.geometry).map((f) => ({ f, box: arealBbox(f.geometry) })));
  });

  const near = computed<Unit[] | null>(() => {
    const all = boxed.value;
    const v = view.value;
    if (!all) return null;
    if (!v) return all.map((u) => u.f);
    return markRaw(all.filter(({ box: b }) => b[0] <= v[2] && b[2] >= v[0] && b[1] <= v[3] && b[3] >= v[1]).map((u) => u.f));
  });

  const vertices = computed<CoverageVertices | null>(() => (near.value ? markRaw(coverageVertices(near.value)) : null));

  const unitIndex = computed<SnapIndex | null>(() =>
    vertices.value ? markRaw(snapIndexOfUnits(vertices.value.points, [...vertices.value.units.values()].flatMap((u) => u.rings))) : null,
  );

  const baseIndex = computed<SnapIndex | null>(() => {
    // A dataset with basemap.pmtiles: the overview's read left basemap.geojson out; it is read for snapping.
    const basemap = dataset.index?.dataset.basemap ?? dataset.basemap;
    if (!basemap) return null;
    const lines = basemap.features.flatMap((f) =>
      f.properties.kind === 'road' ? linesOf(f.geometry, 'road') : f.properties.kind === 'river' ? linesOf(f.geometry, 'river') : [],
    );
    return markRaw(snapIndex(lines));
  });

  /**
   * Snaps the pointer at `px` on `map` (the draft's borders first, then roads and river); `units: true` snaps to
   * the draft only (picking a vertex or an edge to edit).
   */
  function snap(map: MapLibreMap, px: [number, number], opts: { units?: boolean; skip?: LonLat } = {}): Snap {
    const options: SnapOptions = {
      project: (p) => {
        const q = map.project(p);
        return [q.x, q.y];
      },
      unproject: (q) => {
        const l = map.unproject(q);
        return [l.lng, l.lat];
      },
      tolerancePx: plan.snapPx,
      ...(opts.skip ? { skip: opts.skip } : {}),
    };
    const none: Snap = { kind: 'none', point: options.unproject(px), distancePx: 0 };
    const a = unitIndex.value ? snapPoint(unitIndex.value, px, options) : none;
    if (opts.units || a.kind === 'vertex' || !baseIndex.value) return a;
    const b = snapPoint(baseIndex.value, px, options);
    // A vertex anywhere beats an edge; between two edges (or two vertices) the nearer wins, the draft's at a tie.
    if (b.kind === 'none') return a;
    if (a.kind === 'none') return b;
    if (b.kind === 'vertex') return b;
    return b.distancePx < a.distancePx ? b : a;
  }

  return { vertices, snap };
}
