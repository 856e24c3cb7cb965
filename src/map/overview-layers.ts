import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { DatasetIndex } from '../geo/dataset-index';
import { BASEMAP_TILE_LAYER, type DatasetManifest } from '../domain/types';
import { sharedTerm, shortName } from '../domain/names';
import { FONT_STACK, FONT_STACK_BOLD, THEME } from '../app/theme';
import { GRID_PALETTE, colourGrids } from './grid-colors';
import { labelPoints } from './label-points';
import { byZoom, perFeature } from './shader-variants';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const kind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];

/** Road widths in pixels at zoom 12 and 18, by road class. */
function roadWidth(casing: number): DataDrivenPropertyValueSpecification<number> {
  const at = (main: number, secondary: number, minor: number): ExpressionSpecification => [
    'match', ['get', 'class'], 'main', main + casing, 'secondary', secondary + casing, minor + casing,
  ];
  return ['interpolate', ['exponential', 1.6], ['zoom'], 12, at(2, 1.2, 0.6), 18, at(22, 14, 8)];
}

/** The overview's sources by id: all GeoJSON but the base map, which may be vector tiles. */
export type OverviewSources = Record<'community' | 'grids' | 'microgrids' | 'enterprises' | 'labels', GeoJSONSourceSpecification> & {
  basemap: GeoJSONSourceSpecification | VectorSourceSpecification;
};

/**
 * The base map's tiles (a `pmtiles://` URL for MapLibre, absolute) when the dataset lists basemap.pmtiles, else null:
 * the maps then draw the base map from its vector tiles, fetched a tile at a time, instead of basemap.geojson.
 * `baseUrl`: the dataset folder, resolved against `pageUrl`.
 */
export function basemapTilesUrl(manifest: DatasetManifest, baseUrl: string, pageUrl: string): string | null {
  if (!manifest.files.includes('basemap.pmtiles')) return null;
  return `pmtiles://${new URL('basemap.pmtiles', new URL(baseUrl, pageUrl)).href}`;
}

/**
 * The overview's sources, keyed by source id. Grids carry their fill colour; grid and micro-grid labels share one
 * point source (`level` tells them apart: every source costs the map worker its own round of tiles). Only grids
 * and micro-grids in force at the dataset's asOf are drawn.
 * `basemapTiles`: basemapTilesUrl's; the `basemap` source is then a vector source of those tiles.
 */
export function overviewSources(index: DatasetIndex, basemapTiles: string | null = null): OverviewSources {
  const { dataset, gridsInForce, microGridsInForce } = index;
  const colours = colourGrids(gridsInForce);
  const grids = {
    type: 'FeatureCollection' as const,
    features: gridsInForce.features.map((f) => ({
      ...f,
      properties: { ...f.properties, colour: GRID_PALETTE[colours.get(f.properties.code) ?? 0] },
    })),
  };
  // A county's communities are named at county zoom; one community needs no label of its own (the panel names it).
  // `short`: the name without the generic term all of them share (the wall's large type: domain/names).
  const communities = [...index.communities.values()];
  const term = sharedTerm(communities.map((c) => c.properties.name));
  const communityLabels = index.multiCommunity
    ? labelPoints({ type: 'FeatureCollection', features: communities }).features.map((f) => ({
        ...f,
        properties: { code: f.properties.code, name: f.properties.name, short: shortName(f.properties.name, term), level: 'community' },
      }))
    : [];
  const labels = {
    type: 'FeatureCollection' as const,
    features: [
      ...communityLabels,
      ...labelPoints(gridsInForce).features.map((f) => ({ ...f, properties: { ...f.properties, level: 'grid' } })),
      ...labelPoints(microGridsInForce).features.map((f) => ({ ...f, properties: { ...f.properties, level: 'microgrid' } })),
    ],
  };
  const src = (data: FeatureCollection | undefined, promoteId?: string): GeoJSONSourceSpecification => ({
    type: 'geojson',
    data: data ?? EMPTY,
    // Tile buffer in 1/512 of a tile (default 128): the widest line is 24 px at zoom 18, so 64 is plenty, and
    // each tile clips and carries fewer neighbouring features.
    buffer: 64,
    ...(promoteId ? { promoteId } : {}),
  });
  return {
    basemap: basemapTiles ? { type: 'vector', url: basemapTiles } : src(dataset.basemap),
    community: src(dataset.community, 'code'),
    grids: src(grids, 'code'),
    microgrids: src(microGridsInForce, 'code'),
    enterprises: src(dataset.enterprises, 'id'),
    labels: src(labels, 'code'),
  };
}

const halo = { 'text-halo-color': THEME.halo, 'text-halo-width': 1.4, 'text-halo-blur': 0.3 };

export interface OverviewLayerOptions {
  /**
   * A county's zoom from which grids are named (map/hierarchy-zoom): below it the `communities-label` layer names
   * the communities instead. Absent or null (one community): grids are named at every zoom and there is no
   * community label layer, as before.
   */
  gridLabelMinZoom?: number | null;
  /** The `basemap` source is basemap.pmtiles' vector tiles (overviewSources with a tiles URL): its layers name theirs. */
  basemapTiles?: boolean;
}

/** The overview's layers in drawing order (base map first, labels last). Ids are a public interface (README). */
export function overviewLayers(options: OverviewLayerOptions = {}): LayerSpecification[] {
  const split = options.gridLabelMinZoom ?? null;
  // A county at county zoom shows communities and grids: 5k micro-grids and 15k enterprise dots there would be a
  // carpet (and a long first picture); they come with the grids' names.
  const below = (zoom: number | null) => (zoom === null ? {} : { minzoom: zoom });
  const microColour: ExpressionSpecification = [
    'match', ['get', 'kind'], 'above', THEME.micro.above, 'below', THEME.micro.below, 'park', THEME.micro.park,
    THEME.micro.unknown,
  ];
  const layers: LayerSpecification[] = [
    // Paint properties are written in one mix per layer type (perFeature, byZoom): see shader-variants.ts.
    { id: 'basemap-landuse', type: 'fill', source: 'basemap', filter: kind('landuse'), paint: {
      'fill-color': ['match', ['get', 'class'], 'industrial', THEME.landuse.industrial,
        'residential', THEME.landuse.residential, 'green', THEME.landuse.green, THEME.landuse.other],
      'fill-opacity': perFeature(1),
    } },
    // Rivers drawn as polygons belong with the water; rivers drawn as lines get their own layer.
    { id: 'basemap-water', type: 'fill', source: 'basemap', filter: ['any', kind('water'), kind('river')],
      paint: { 'fill-color': perFeature(THEME.water), 'fill-opacity': perFeature(1) } },
    { id: 'basemap-river', type: 'line', source: 'basemap', filter: kind('river'), layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': perFeature(THEME.river), 'line-width': byZoom([12, 2], [18, 14]) } },
    { id: 'basemap-buildings', type: 'fill', source: 'basemap', filter: kind('building'), minzoom: 14,
      paint: { 'fill-color': perFeature(THEME.building), 'fill-opacity': perFeature(1),
        'fill-outline-color': perFeature(THEME.buildingOutline) } },
    { id: 'basemap-roads-casing', type: 'line', source: 'basemap', filter: kind('road'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': perFeature(THEME.roadCasing), 'line-width': roadWidth(2) } },
    { id: 'basemap-roads', type: 'line', source: 'basemap', filter: kind('road'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'class'], 'main', THEME.roadMain, THEME.road],
        'line-width': roadWidth(0),
      } },
    // The community, grid and micro-grid fills skip their antialiasing outline pass: an outline layer draws over
    // every one of those edges anyway, and each pass is a full extra draw per tile on a software GPU.
    { id: 'community-fill', type: 'fill', source: 'community', paint: { 'fill-antialias': false,
      'fill-color': perFeature(THEME.community), 'fill-opacity': ['case', selected, 0.1, hovered, 0.08, 0.03] } },
    { id: 'grids-fill', type: 'fill', source: 'grids', paint: { 'fill-antialias': false,
      'fill-color': ['to-color', ['get', 'colour']],
      'fill-opacity': ['case', selected, 0.36, hovered, 0.38, 0.22],
    } },
    { id: 'microgrids-fill', type: 'fill', source: 'microgrids', ...below(split), paint: { 'fill-antialias': false,
      'fill-color': microColour,
      'fill-opacity': ['case', selected, 0.34, hovered, 0.34, 0.2],
    } },
    { id: 'microgrids-outline', type: 'line', source: 'microgrids', minzoom: Math.max(13, split ?? 0), paint: {
      'line-color': ['case', selected, THEME.microSelected, THEME.microOutline],
      'line-width': byZoom([12, ['case', selected, 2.5, hovered, 1.6, 0.7]], [18, ['case', selected, 2.5, hovered, 1.6, 0.7]]),
      'line-opacity': 0.8,
    } },
    { id: 'grids-outline', type: 'line', source: 'grids', layout: { 'line-join': 'round' }, paint: {
      'line-color': ['case', selected, THEME.gridSelected, THEME.gridOutline],
      'line-width': byZoom([12, ['case', selected, 4, hovered, 2.6, 1.6]], [18, ['case', selected, 4, hovered, 2.6, 1.6]]),
    } },
    // The boundary as a translucent band under a solid line, as administrative boundaries are often drawn: solid
    // lines share one shader program with the other outlines, where a dashed line needs one of its own (≈ 0.1 s to
    // compile on a software GPU before the first picture).
    { id: 'community-halo', type: 'line', source: 'community', layout: { 'line-join': 'round' }, paint: {
      'line-color': perFeature(THEME.community), 'line-width': byZoom([12, 7], [18, 10]), 'line-opacity': 0.28,
    } },
    { id: 'community-outline', type: 'line', source: 'community', layout: { 'line-join': 'round' }, paint: {
      'line-color': perFeature(THEME.community),
      'line-width': byZoom([12, ['case', selected, 3.2, 2]], [18, ['case', selected, 3.6, 2.4]]),
    } },
    // Main and secondary road names from zoom 14, minor ones from 15: at the first view that leaves about 20
    // distinct characters to draw instead of 55, and every CJK glyph is drawn on the main thread (no glyphs URL).
    { id: 'basemap-road-labels', type: 'symbol', source: 'basemap', minzoom: 14,
      filter: ['all', kind('road'), ['has', 'name'],
        ['any', ['>=', ['zoom'], 15], ['match', ['get', 'class'], ['main', 'secondary'], true, false]]],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': FONT_STACK, 'text-size': 11,
        'symbol-spacing': 300 },
      paint: { 'text-color': THEME.roadLabel, ...halo } },
    { id: 'enterprises', type: 'circle', source: 'enterprises', ...below(split),
      layout: { 'circle-sort-key': ['case', ['==', ['get', 'scale'], 'above'], 2, 1] },
      paint: {
        'circle-color': ['match', ['get', 'scale'], 'above', THEME.enterprise.above, THEME.enterprise.below],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12,
          ['case', ['==', ['get', 'scale'], 'above'], 3.5, 2.2], 17,
          ['case', selected, 10, hovered, 9, ['==', ['get', 'scale'], 'above'], 7, 5]],
        'circle-stroke-color': ['case', selected, '#111827', '#ffffff'],
        'circle-stroke-width': ['case', selected, 2.5, 1.2],
      } },
    // Above the enterprise dots (labels before symbols, docs/design.md), and hung just below the centre: a 规上
    // micro-grid's one enterprise often sits at the centre, so the name stays beside its dot, not on it.
    { id: 'microgrids-label', type: 'symbol', source: 'labels', minzoom: 15, filter: ['==', ['get', 'level'], 'microgrid'],
      layout: { 'text-field': ['coalesce', ['get', 'name'], ['get', 'code']], 'text-font': FONT_STACK,
        'text-size': 11, 'text-max-width': 8, 'text-padding': 4, 'text-anchor': 'top', 'text-offset': [0, 0.7] },
      paint: { 'text-color': '#334155', ...halo } },
    { id: 'enterprises-label', type: 'symbol', source: 'enterprises', minzoom: 16.5,
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_STACK, 'text-size': 11, 'text-anchor': 'top',
        'text-offset': [0, 0.9], 'text-max-width': 9, 'text-optional': true },
      paint: { 'text-color': '#1f2937', ...halo } },
    { id: 'grids-label', type: 'symbol', source: 'labels', filter: ['==', ['get', 'level'], 'grid'],
      ...(split !== null ? { minzoom: split } : {}),
      layout: {
        'text-field': ['format', ['get', 'name'], {}, '\n', {}, ['get', 'code'], { 'font-scale': 0.78 }],
        'text-font': FONT_STACK_BOLD, 'text-size': ['interpolate', ['linear'], ['zoom'], 12, 11, 16, 15],
        'text-max-width': 10, 'text-allow-overlap': false, 'symbol-sort-key': 0,
        // At the centre when it is free; beside it when a symbol placed first (the analyst's clusters) is there.
        'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right', 'top-left', 'top-right', 'bottom-left', 'bottom-right'],
        'text-radial-offset': 2.2,
      },
      paint: { 'text-color': THEME.gridLabel, ...halo, 'text-halo-width': 1.8 } },
    ...(split === null
      ? []
      : [{ id: 'communities-label', type: 'symbol', source: 'labels', maxzoom: split,
          filter: ['==', ['get', 'level'], 'community'],
          layout: {
            'text-field': ['get', 'name'], 'text-font': FONT_STACK_BOLD,
            'text-size': ['interpolate', ['linear'], ['zoom'], 9, 12, split, 16],
            'text-max-width': 8, 'text-allow-overlap': false, 'symbol-sort-key': 0,
          },
          paint: { 'text-color': THEME.community, ...halo, 'text-halo-width': 2 } } satisfies LayerSpecification]),
  ];
  return options.basemapTiles
    ? layers.map((l) => ('source' in l && l.source === 'basemap' ? ({ ...l, 'source-layer': BASEMAP_TILE_LAYER } as LayerSpecification) : l))
    : layers;
}
