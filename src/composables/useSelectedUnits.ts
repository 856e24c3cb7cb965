import { computed } from 'vue';
import { useDatasetStore } from '../stores/dataset';
import { useSelectionStore } from '../stores/selection';

/** The features behind the selection's codes, looked up in the dataset index (read-only, never proxied). */
export function useSelectedUnits() {
  const dataset = useDatasetStore();
  const selection = useSelectionStore();
  const index = computed(() => dataset.index);
  /** The county and its towns (several communities only; null for one community). */
  const county = computed(() => (index.value?.multiCommunity ? index.value.hierarchy.county : null));
  const town = computed(() =>
    selection.townCode ? (index.value?.hierarchy.towns.find((t) => t.code === selection.townCode) ?? null) : null,
  );
  /** The selected community's properties: the dataset's one community when it has one, else the chosen one. */
  const community = computed(() => {
    const i = index.value;
    if (!i) return null;
    if (!i.multiCommunity) return i.dataset.community?.features[0]?.properties ?? null;
    return selection.communityCode ? (i.communities.get(selection.communityCode)?.properties ?? null) : null;
  });
  const grid = computed(() => (selection.gridCode ? (index.value?.grids.get(selection.gridCode) ?? null) : null));
  const microGrid = computed(() =>
    selection.microGridCode ? (index.value?.microGrids.get(selection.microGridCode) ?? null) : null,
  );
  const enterprise = computed(() =>
    selection.enterpriseId ? (index.value?.enterprises.get(selection.enterpriseId) ?? null) : null,
  );
  return { index, county, town, community, grid, microGrid, enterprise };
}
