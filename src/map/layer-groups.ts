import type { LayerGroup } from '../stores/ui';

/** Which layer-switcher group each overview layer belongs to. Label layers also follow the "labels" group. */
export const LAYER_GROUP_OF: Record<string, LayerGroup> = {
  'basemap-landuse': 'basemap',
  'basemap-water': 'basemap',
  'basemap-river': 'basemap',
  'basemap-buildings': 'basemap',
  'basemap-roads-casing': 'basemap',
  'basemap-roads': 'basemap',
  'basemap-road-labels': 'basemap',
  'community-fill': 'community',
  'community-halo': 'community',
  'community-outline': 'community',
  'grids-fill': 'grids',
  'grids-outline': 'grids',
  'grids-label': 'grids',
  'communities-label': 'community',
  'microgrids-fill': 'microgrids',
  'microgrids-outline': 'microgrids',
  'microgrids-label': 'microgrids',
  enterprises: 'enterprises',
  'enterprises-label': 'enterprises',
};

export const LABEL_LAYERS = new Set(['basemap-road-labels', 'communities-label', 'grids-label', 'microgrids-label', 'enterprises-label']);

/** A layer shows when its group is on, and, for a label layer, when labels are on too. */
export function layerVisible(layerId: string, visible: Record<LayerGroup, boolean>): boolean {
  const group = LAYER_GROUP_OF[layerId];
  if (!group) return true;
  return visible[group] && (!LABEL_LAYERS.has(layerId) || visible.labels);
}
