import { THEME } from '../app/theme';
import type { LayerGroup } from '../stores/ui';
import { GRID_PALETTE } from './grid-colors';

/** How a legend entry's swatch is drawn: an outline, the community's band, a tinted fill, a dot. */
export type LegendSwatchKind = 'line' | 'band' | 'fill' | 'dot';

/** One entry of the base map legend: its message key, the layer group it belongs to and its swatch. */
export interface LegendSwatch {
  key: string;
  group: LayerGroup;
  kind: LegendSwatchKind;
  colour: string;
  /** A dot's diameter in CSS pixels (default 10). */
  size?: number;
}

/**
 * The base map's legend, in the order it is read: the on-screen legend (MapLegend) and the printed map
 * (map/print-page) both draw these, with THEME's colours, so neither can drift from the map.
 */
export const LEGEND_ITEMS: readonly LegendSwatch[] = [
  { key: 'legend.community', group: 'community', kind: 'band', colour: THEME.community },
  { key: 'legend.grid', group: 'grids', kind: 'line', colour: THEME.gridOutline },
  { key: 'legend.microAbove', group: 'microgrids', kind: 'fill', colour: THEME.micro.above },
  { key: 'legend.microBelow', group: 'microgrids', kind: 'fill', colour: THEME.micro.below },
  { key: 'legend.microPark', group: 'microgrids', kind: 'fill', colour: THEME.micro.park },
  { key: 'legend.above', group: 'enterprises', kind: 'dot', colour: THEME.enterprise.above, size: 12 },
  { key: 'legend.below', group: 'enterprises', kind: 'dot', colour: THEME.enterprise.below, size: 9 },
];

/** The grid fills only tell neighbours apart (map/grid-colors): the legend says so once, with these samples. */
export const GRID_FILL_SAMPLES: readonly string[] = GRID_PALETTE.slice(0, 4);

/**
 * The entries for the layer groups on the map now: a group switched off leaves the legend too.
 * @example visibleLegendItems(ui.visible).map((i) => i.key)
 */
export function visibleLegendItems(visible: Readonly<Record<LayerGroup, boolean>>): LegendSwatch[] {
  return LEGEND_ITEMS.filter((i) => visible[i.group]);
}
