import { defineStore } from 'pinia';
import { ref } from 'vue';

/** What the analyst map colours the grids by: nothing, incidents per enterprise (the filter's), or the selected
 * month's enterprise patrol coverage. One at a time: both use the grid fill. */
export const GRID_COLOURINGS = ['none', 'perEnterprise', 'patrol'] as const;
export type GridColouring = (typeof GRID_COLOURINGS)[number];

/**
 * The analyst map's own layers (issue 4), on or off. Defaults: the enterprises as clusters (they replace the
 * overview's dots on this route), everything else off so the first picture is the overview plus the hex cells.
 */
export const useAnalysisLayersStore = defineStore('analysis-layers', () => {
  const clusters = ref(true);
  const heatmap = ref(false);
  const gridColouring = ref<GridColouring>('none');
  const tracks = ref(false);

  function setGridColouring(next: GridColouring): void {
    if (!GRID_COLOURINGS.includes(next)) throw new RangeError(`unknown grid colouring "${String(next)}"`);
    gridColouring.value = next;
  }

  return { clusters, heatmap, gridColouring, tracks, setGridColouring };
});
