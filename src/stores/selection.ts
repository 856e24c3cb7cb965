import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useDatasetStore } from './dataset';

export type SelectionLevel = 'county' | 'town' | 'community' | 'grid' | 'microgrid' | 'enterprise';

/**
 * The drill-down path county → town → community → grid → micro-grid → enterprise, held as codes and ids only.
 * Parents are filled in from where a unit lies, so the breadcrumb always shows the full path up. A dataset of one
 * community starts (and stays) at the community, as before; one of several starts at the county (issue 14).
 */
export const useSelectionStore = defineStore('selection', () => {
  const dataset = useDatasetStore();
  const townCode = ref<string | null>(null);
  const communityCode = ref<string | null>(null);
  const gridCode = ref<string | null>(null);
  const microGridCode = ref<string | null>(null);
  const enterpriseId = ref<string | null>(null);
  /** Bumped when the user asks for a unit, so the map fits it even when re-selecting the same one. */
  const focusVersion = ref(0);

  const multi = computed(() => dataset.index?.multiCommunity ?? false);

  const level = computed<SelectionLevel>(() =>
    enterpriseId.value
      ? 'enterprise'
      : microGridCode.value
        ? 'microgrid'
        : gridCode.value
          ? 'grid'
          : communityCode.value || !multi.value
            ? 'community'
            : townCode.value
              ? 'town'
              : 'county',
  );

  /** The community of a grid and the town of that community, in a dataset of several communities. */
  function parentsOf(grid: string | null): { community: string | null; town: string | null } {
    const h = dataset.index?.hierarchy;
    if (!multi.value || !h || !grid) return { community: null, town: null };
    const community = h.communityOfGrid.get(grid) ?? null;
    return { community, town: community ? (h.townOfCommunity.get(community) ?? null) : null };
  }

  function set(
    grid: string | null,
    micro: string | null,
    enterprise: string | null,
    up: { community: string | null; town: string | null } = parentsOf(grid),
  ): void {
    // The enterprise first: a synchronous watcher of the grid (the analyst's filter) must already see whether the
    // grid came with an enterprise.
    enterpriseId.value = enterprise;
    townCode.value = up.town;
    communityCode.value = up.community;
    gridCode.value = grid;
    microGridCode.value = micro;
    focusVersion.value++;
  }

  /** Back to the top: the county (several communities) or the community (one). */
  function clear(): void {
    set(null, null, null, { community: null, town: null });
  }

  function selectTown(code: string): void {
    set(null, null, null, { community: null, town: code });
  }

  function selectCommunity(code: string): void {
    set(null, null, null, { community: code, town: dataset.index?.hierarchy.townOfCommunity.get(code) ?? null });
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

  return {
    townCode,
    communityCode,
    gridCode,
    microGridCode,
    enterpriseId,
    focusVersion,
    level,
    multi,
    clear,
    selectTown,
    selectCommunity,
    selectGrid,
    selectMicroGrid,
    selectEnterprise,
  };
});
