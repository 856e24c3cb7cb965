import { computed } from 'vue';
import { useDatasetStore } from '../stores/dataset';
import { useSelectionStore } from '../stores/selection';

/** The features behind the selection's codes, looked up in the dataset index (read-only, never proxied). */
export function useSelectedUnits() {
  const dataset = useDatasetStore();
  const selection = useSelectionStore();
  const index = computed(() => dataset.index);
  const community = computed(() => index.value?.dataset.community?.features[0]?.properties ?? null);
  const grid = computed(() => (selection.gridCode ? (index.value?.grids.get(selection.gridCode) ?? null) : null));
  const microGrid = computed(() =>
    selection.microGridCode ? (index.value?.microGrids.get(selection.microGridCode) ?? null) : null,
  );
  const enterprise = computed(() =>
    selection.enterpriseId ? (index.value?.enterprises.get(selection.enterpriseId) ?? null) : null,
  );
  return { index, community, grid, microGrid, enterprise };
}
