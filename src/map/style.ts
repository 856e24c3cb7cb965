import type { StyleSpecification } from 'maplibre-gl';
import { THEME, type MapTheme } from '../app/theme';

/**
 * The starting style: a plain background and nothing else. No sources, no `glyphs`, no `sprite`: the page must
 * request nothing outside its own origin, and every layer is added from the dataset once it has loaded.
 * `theme`: THEME, or DARK_THEME for the wall screen.
 */
export function baseStyle(theme: Pick<MapTheme, 'background'> = THEME): StyleSpecification {
  return {
    version: 8,
    // No paint transitions (MapLibre's default is 300 ms): a filter's new figures are shown at once, and the map
    // goes idle as soon as they are drawn instead of animating a heatmap intensity or a colour for 300 ms.
    transition: { duration: 0, delay: 0 },
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': theme.background } }],
  };
}
