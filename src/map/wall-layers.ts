/**
 * The wall screen's map: the overview's layers turned dark (each THEME colour swapped for its DARK_THEME
 * counterpart, so the two screens cannot drift apart in what they draw), without the labels nobody reads from
 * across a room, plus the open incidents and a glow around the grid the tour is on.
 */
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { overviewLayers } from './overview-layers';
import { DARK_THEME, THEME, type MapTheme } from '../app/theme';
import { underPatrolTarget } from '../domain/rules';
import type { Rate } from '../domain/rate';

/** Layers of the overview the wall leaves out: small print, unreadable at a distance. */
export const WALL_SKIPPED_LAYERS = new Set(['basemap-road-labels', 'microgrids-label', 'enterprises-label']);
export const WALL_INCIDENT_SOURCE = 'wall-open-incidents';
export const WALL_INCIDENT_LAYER = 'wall-open-incidents';
export const WALL_FOCUS_LAYER = 'wall-focus-glow';
/** A county wall's glow around the community the tour is on (issue 14); not on a community wall. */
export const WALL_COMMUNITY_FOCUS_LAYER = 'wall-community-glow';
/** The community view's grid colouring by this month's enterprise patrol coverage (feature-state `kpi`). */
export const WALL_KPI_LAYER = 'wall-grid-kpi';
/** Coverage classes of the community view, as the coverage chart colours its bars. */
export type WallKpiClass = 'good' | 'warn' | 'none';
export const WALL_KPI_COLOURS: Record<WallKpiClass, string> = { good: '#34d399', warn: '#f59e0b', none: '#64748b' };

/** A grid's class by its enterprise patrol coverage: no enterprises, under the target, or at or above it. */
export function wallKpiClass(coverage: Rate): WallKpiClass {
  return coverage === null ? 'none' : underPatrolTarget(coverage) ? 'warn' : 'good';
}
/** Fill opacity of the colouring while the whole community is on screen (0 while a grid is). */
export const WALL_KPI_OPACITY = 0.42;

/** Colours the overview's layers write as literals rather than through THEME, and what they become on the wall. */
const LITERALS: Record<string, string> = {
  '#334155': '#94a3b8',
  '#1f2937': '#cbd5e1',
  '#111827': '#f8fafc',
};

/** light colour → dark colour, over every key of the two themes (lower-cased). */
export function colourSwap(from: MapTheme, to: MapTheme): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string' && typeof b === 'string') {
      if (!out.has(a.toLowerCase())) out.set(a.toLowerCase(), b);
    } else if (a && b && typeof a === 'object') {
      for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    }
  };
  walk(from, to);
  for (const [k, v] of Object.entries(LITERALS)) if (!out.has(k)) out.set(k, v);
  return out;
}

/**
 * Replaces every colour string in a paint value. Halos are the one place where a light colour (white) means
 * "background", not "road": they take the theme's halo whatever the light colour was.
 */
function swapValue(value: unknown, swap: Map<string, string>): unknown {
  if (typeof value === 'string') return swap.get(value.toLowerCase()) ?? value;
  if (Array.isArray(value)) return value.map((v) => swapValue(v, swap));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapValue(v, swap)]));
  }
  return value;
}

/**
 * `layers` in the colours of `theme`.
 * @example themedLayers(overviewLayers(), DARK_THEME)
 */
export function themedLayers(layers: LayerSpecification[], theme: MapTheme): LayerSpecification[] {
  const swap = colourSwap(THEME, theme);
  return layers.map((layer) => {
    if (!('paint' in layer) || !layer.paint) return layer;
    const paint = swapValue(layer.paint, swap) as Record<string, unknown>;
    if ('text-halo-color' in paint) paint['text-halo-color'] = theme.halo;
    return { ...layer, paint } as LayerSpecification;
  });
}

function withPaint(layer: LayerSpecification, paint: Record<string, unknown>): LayerSpecification {
  return { ...layer, paint: { ...('paint' in layer ? layer.paint : {}), ...paint } } as LayerSpecification;
}

const focused = (code: string | null): ExpressionSpecification => ['==', ['get', 'code'], code ?? ''];

export interface WallLayerOptions {
  /**
   * A county wall (issue 14, map/hierarchy-zoom `gridLabelMinZoom`): below this zoom the communities are named
   * instead of the hundreds of grids, as on the overview. Null or left out: one community, its grids named.
   */
  gridLabelMinZoom?: number | null;
  /** The base map is basemap.pmtiles' vector tiles (overview-layers' `basemapTiles`). */
  basemapTiles?: boolean;
}

/** The wall's layers in drawing order; ids of the overview's layers are kept (README lists them). */
export function wallLayers(options: WallLayerOptions = {}): LayerSpecification[] {
  const split = options.gridLabelMinZoom ?? null;
  const base = themedLayers(
    overviewLayers({ gridLabelMinZoom: split, basemapTiles: options.basemapTiles }).filter((l) => !WALL_SKIPPED_LAYERS.has(l.id)),
    DARK_THEME,
  ).map((layer): LayerSpecification => {
    // Calmer fills on the dark ground; the grid the tour is on stands out by its glow and its own fill.
    if (layer.id === 'grids-fill') {
      return withPaint(layer, { 'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.3, 0.1] });
    }
    if (layer.id === 'microgrids-fill') return withPaint(layer, { 'fill-opacity': 0.14 });
    if (layer.id === 'grids-label') {
      // Names only, larger: the code is small print.
      return {
        ...layer,
        layout: { ...layer.layout, 'text-field': ['get', 'name'], 'text-size': ['interpolate', ['linear'], ['zoom'], 12, 18, 16, 24] },
      } as LayerSpecification;
    }
    if (layer.id === 'communities-label' && split !== null) {
      // Read from across a room: the wall's 18 px at least, larger as the county is zoomed in; the proper name
      // alone ("海塘园", the generic 工业社区 that all share left out: domain/names), so that every community's
      // name fits inside it at county zoom instead of half of them giving way.
      return {
        ...layer,
        layout: {
          ...layer.layout,
          'text-field': ['coalesce', ['get', 'short'], ['get', 'name']],
          'text-size': ['interpolate', ['linear'], ['zoom'], 9, 18, split, 24],
          // Just above or below the centre where a neighbour's name is already there: still inside the community.
          'text-variable-anchor': ['center', 'top', 'bottom'],
          'text-radial-offset': 0.5,
        },
      } as LayerSpecification;
    }
    return layer;
  });
  const labels = base.findIndex((l) => l.id === 'grids-label');
  const extra: LayerSpecification[] = [
    {
      id: WALL_KPI_LAYER,
      type: 'fill',
      source: 'grids',
      paint: {
        'fill-color': [
          'match',
          ['feature-state', 'kpi'],
          'good',
          WALL_KPI_COLOURS.good,
          'warn',
          WALL_KPI_COLOURS.warn,
          WALL_KPI_COLOURS.none,
        ],
        'fill-opacity': 0,
        'fill-opacity-transition': { duration: 600, delay: 0 },
      },
    },
    {
      id: WALL_FOCUS_LAYER,
      type: 'line',
      source: 'grids',
      filter: focused(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#7dd3fc', 'line-width': 10, 'line-blur': 6, 'line-opacity': 0.85 },
    },
    ...(split === null
      ? []
      : [
          {
            id: WALL_COMMUNITY_FOCUS_LAYER,
            type: 'line',
            source: 'community',
            filter: focused(null),
            layout: { 'line-join': 'round' },
            paint: { 'line-color': '#7dd3fc', 'line-width': 10, 'line-blur': 6, 'line-opacity': 0.85 },
          } satisfies LayerSpecification,
        ]),
    {
      id: WALL_INCIDENT_LAYER,
      type: 'circle',
      source: WALL_INCIDENT_SOURCE,
      // A county's tens of thousands of open incidents would carpet its view: they come with the grids' names.
      ...(split === null ? {} : { minzoom: split }),
      layout: { 'circle-sort-key': ['get', 'level'] },
      paint: {
        'circle-color': ['match', ['get', 'due'], 'overdue', '#ef4444', 'near-due', '#f59e0b', '#22d3ee'],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['+', 2, ['get', 'level']], 17, ['+', 5, ['*', 2, ['get', 'level']]]],
        'circle-opacity': 0.9,
        'circle-stroke-color': DARK_THEME.background,
        'circle-stroke-width': 1,
      },
    },
  ];
  return [...base.slice(0, labels), ...extra, ...base.slice(labels)];
}

/** The filter that puts the glow on one grid (null: none). */
export function focusFilter(code: string | null): ExpressionSpecification {
  return focused(code);
}

export function incidentSource(data: FeatureCollection): GeoJSONSourceSpecification {
  return { type: 'geojson', data, buffer: 64 };
}
