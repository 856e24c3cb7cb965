import { describe, expect, it } from 'vitest';
import { overviewLayers } from '../../../src/map/overview-layers';
import { DARK_THEME, THEME } from '../../../src/app/theme';
import { WALL_FOCUS_LAYER, WALL_INCIDENT_LAYER, WALL_KPI_LAYER, WALL_SKIPPED_LAYERS, colourSwap, themedLayers, wallLayers } from '../../../src/map/wall-layers';

describe('wall layers', () => {
  it('swaps every THEME colour for its DARK_THEME counterpart and leaves no light one behind', () => {
    const swap = colourSwap(THEME, DARK_THEME);
    expect(swap.get(THEME.gridOutline.toLowerCase())).toBe(DARK_THEME.gridOutline);
    const dark = JSON.stringify(themedLayers(overviewLayers(), DARK_THEME).map((l) => ('paint' in l ? l.paint : null)));
    for (const light of [THEME.landuse.industrial, THEME.roadCasing, THEME.water, '#334155']) {
      expect(dark.toLowerCase()).not.toContain(light.toLowerCase());
    }
    // Halos take the theme's halo: white on the light map means "background", not "road".
    const label = themedLayers(overviewLayers(), DARK_THEME).find((l) => l.id === 'grids-label')!;
    expect((label as { paint: Record<string, unknown> }).paint['text-halo-color']).toBe(DARK_THEME.halo);
  });

  it('keeps the overview ids, drops small print, adds the coverage colouring, the glow and the incidents under the labels', () => {
    const ids = wallLayers().map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of WALL_SKIPPED_LAYERS) expect(ids).not.toContain(id);
    expect(ids.at(-1)).toBe('grids-label');
    expect(ids).toContain(WALL_FOCUS_LAYER);
    expect(ids).toContain(WALL_INCIDENT_LAYER);
    expect(ids).toContain(WALL_KPI_LAYER);
    // The community view's colouring lies under the glow, so the toured grid's outline stays on top of it.
    expect(ids.indexOf(WALL_KPI_LAYER)).toBeLessThan(ids.indexOf(WALL_FOCUS_LAYER));
    expect(ids.length).toBe(overviewLayers().length - WALL_SKIPPED_LAYERS.size + 3);
  });
});
