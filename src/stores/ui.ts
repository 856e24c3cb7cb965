import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';

/** The layer groups the layer switcher toggles; each maps to a set of MapLibre layers (see map/layer-groups.ts). */
export const LAYER_GROUPS = ['basemap', 'community', 'grids', 'microgrids', 'enterprises', 'labels'] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

export const useUiStore = defineStore('ui', () => {
  const visible = reactive<Record<LayerGroup, boolean>>({
    basemap: true,
    community: true,
    grids: true,
    microgrids: true,
    enterprises: true,
    labels: true,
  });
  const aboutOpen = ref(false);
  /** The import dialog (overview): its state lives in the import store, loaded with the dialog. */
  const importOpen = ref(false);
  /** The print dialog (打印地图, MapControls): on every map screen. */
  const printOpen = ref(false);
  const errorDismissed = ref(false);

  function toggle(group: LayerGroup): void {
    visible[group] = !visible[group];
  }

  return { visible, aboutOpen, importOpen, printOpen, errorDismissed, toggle };
});
