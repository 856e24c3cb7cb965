import { describe, expect, it } from 'vitest';
import { overviewLayers } from '../../../src/map/overview-layers';
import { DARK_THEME, THEME } from '../../../src/app/theme';
import { WALL_COMMUNITY_FOCUS_LAYER, WALL_FOCUS_LAYER, WALL_INCIDENT_LAYER, WALL_KPI_LAYER, WALL_SKIPPED_LAYERS, colourSwap, themedLayers, wallLayers } from '../../../src/map/wall-layers';

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

  it('a county wall (issue 14) names the communities below the split zoom and the grids from it, as the overview', () => {
    const community = wallLayers();
    expect(community.map((l) => l.id)).not.toContain('communities-label');
    expect(community.find((l) => l.id === 'grids-label')!.minzoom).toBeUndefined();

    const county = wallLayers({ gridLabelMinZoom: 12.7 });
    const grids = county.find((l) => l.id === 'grids-label')!;
    const communities = county.find((l) => l.id === 'communities-label')!;
    expect(grids.minzoom).toBe(12.7);
    expect(communities.maxzoom).toBe(12.7);
    // The open incidents too: a county's would carpet the county view.
    expect(county.find((l) => l.id === WALL_INCIDENT_LAYER)!.minzoom).toBe(12.7);
    expect(community.find((l) => l.id === WALL_INCIDENT_LAYER)!.minzoom).toBeUndefined();
    // Names only on the wall, and the wall's type: never under 18 px.
    expect((grids as { layout: Record<string, unknown> }).layout['text-field']).toEqual(['get', 'name']);
    // Communities by their proper names (the shared 工业社区 left out, domain/names), the whole name where none is made.
    const layout = (communities as { layout: Record<string, unknown> }).layout;
    expect(layout['text-field']).toEqual(['coalesce', ['get', 'short'], ['get', 'name']]);
    // A name that collides may move just above or below the centre, never beside it (it would sit on a neighbour).
    expect(layout['text-variable-anchor']).toEqual(['center', 'top', 'bottom']);
    expect(layout['text-radial-offset']).toBeLessThanOrEqual(1);
    const size = (communities as { layout: Record<string, unknown> }).layout['text-size'] as unknown[];
    expect(Math.min(...(size.slice(3).filter((_, i) => i % 2 === 1) as number[]))).toBeGreaterThanOrEqual(18);
    // Every overview layer (less the small print), the wall's own three and the toured community's glow, none twice.
    const ids = county.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(WALL_COMMUNITY_FOCUS_LAYER);
    expect(community.map((l) => l.id)).not.toContain(WALL_COMMUNITY_FOCUS_LAYER);
    expect(ids.length).toBe(overviewLayers({ gridLabelMinZoom: 12.7 }).length - WALL_SKIPPED_LAYERS.size + 4);
  });
});
