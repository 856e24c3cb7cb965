import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useDatasetStore } from './dataset';

export type SelectionLevel = 'community' | 'grid' | 'microgrid' | 'enterprise';

/**
 * The drill-down path community → grid → micro-grid → enterprise, held as codes and ids only. Parents are filled
 * in from where a unit lies, so the breadcrumb always shows the full path up.
 */
export const useSelectionStore = defineStore('selection', () => {
  const dataset = useDatasetStore();
  const gridCode = ref<string | null>(null);
  const microGridCode = ref<string | null>(null);
  const enterpriseId = ref<string | null>(null);
  /** Bumped when the user asks for a unit, so the map fits it even when re-selecting the same one. */
  const focusVersion = ref(0);

  const level = computed<SelectionLevel>(() =>
    enterpriseId.value ? 'enterprise' : microGridCode.value ? 'microgrid' : gridCode.value ? 'grid' : 'community',
  );

  function set(grid: string | null, micro: string | null, enterprise: string | null): void {
    // The enterprise first: a synchronous watcher of the grid (the analyst's filter) must already see whether the
    // grid came with an enterprise.
    enterpriseId.value = enterprise;
    gridCode.value = grid;
    microGridCode.value = micro;
    focusVersion.value++;
  }

  function clear(): void {
    set(null, null, null);
  }

  function selectGrid(code: string): void {
    set(code, null, null);
  }

  function selectMicroGrid(code: string): void {
    const micro = dataset.index?.microGrids.get(code);
    set(micro?.properties.gridCode ?? gridCode.value, code, null);
  }

  function selectEnterprise(id: string): void {
    const index = dataset.index;
    set(index?.gridOf.get(id) ?? null, index?.microGridOf.get(id) ?? null, id);
  }

  return { gridCode, microGridCode, enterpriseId, focusVersion, level, clear, selectGrid, selectMicroGrid, selectEnterprise };
});
