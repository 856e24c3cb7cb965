import { computed, markRaw } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { usePlanStore } from '../stores/plan';
import { useDatasetStore } from '../stores/dataset';
import { coverageVertices, type CoverageVertices } from '../geo/snap/coverage-vertices';
import { linesOf, snapIndex, type SnapIndex } from '../geo/snap/snap-index';
import { snapPoint, type Snap, type SnapOptions } from '../geo/snap/snap-point';
import type { LonLat } from '../domain/plan/types';

/**
 * What the editor derives from the draft's snapshot for the pointer: the vertices with the units sharing each, and
 * the snapping indexes (the draft's borders, rebuilt per snapshot; the base map's roads and river, per dataset).
 * All markRaw: rebuilt whole, never walked by Vue.
 */
export function usePlanGeometry() {
  const plan = usePlanStore();
  const dataset = useDatasetStore();

  const vertices = computed<CoverageVertices | null>(() => {
    const s = plan.snapshot;
    return s ? markRaw(coverageVertices([...s.grids.features, ...s.microGrids.features])) : null;
  });

  const unitIndex = computed<SnapIndex | null>(() => {
    const s = plan.snapshot;
    if (!s) return null;
    return markRaw(snapIndex([...s.grids.features, ...s.microGrids.features].flatMap((f) => linesOf(f.geometry, 'unit'))));
  });

  const baseIndex = computed<SnapIndex | null>(() => {
    const basemap = dataset.index?.dataset.basemap;
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
