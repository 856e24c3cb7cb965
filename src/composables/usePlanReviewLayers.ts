/**
 * What the review maps draw (pure: data in, sources and layer specs out). Each map shows one side of a proposal:
 * "current" (the starting units) or "proposed" (the proposed dataset's units), both in force on the effective date,
 * over the proposed dataset's base map and community. Units are coloured by what the proposal does to them.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { activeFeatures } from '../domain/lineage';
import type { Changes } from '../domain/plan/types';
import { parseTime } from '../domain/time';
import type { Dataset, GridFC, MicroGridFC } from '../domain/types';
import { FONT_STACK_BOLD, THEME } from '../app/theme';
import { labelPoints } from '../map/label-points';
import { overviewLayers } from '../map/overview-layers';

export type ReviewSide = 'current' | 'proposed';
export type UnitChange = 'added' | 'retired' | 'reshaped' | 'same';

/** The diff colours, shared by the map and the legend. */
export const REVIEW_COLOURS: Record<UnitChange, string> = {
  added: '#16a34a',
  retired: '#dc2626',
  reshaped: '#d97706',
  same: '#64748b',
};

/** Source ids of a review map (each map has its own set). */
export const REVIEW_SOURCES = ['review-basemap', 'review-community', 'review-grids', 'review-microgrids', 'review-labels'] as const;
export type ReviewSourceId = (typeof REVIEW_SOURCES)[number];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** One side's units: the proposal's starting units, or its proposed dataset's. */
export interface ReviewInput {
  dataset: Dataset;
  baseUnits: { grids: GridFC; microGrids: MicroGridFC };
  changes: Changes;
  /** YYYY-MM-DD: units are shown as in force on this day. */
  effective: string;
}

/**
 * The data of each source for one side. Every unit carries `change` (added / retired / reshaped / same): on the
 * current side a unit the proposal retires is red, on the proposed side a new one is green.
 * @example reviewSourceData(input, 'proposed')['review-grids'].features[0].properties.change
 */
export function reviewSourceData(input: ReviewInput, side: ReviewSide): Record<ReviewSourceId, FeatureCollection> {
  const at = parseTime(input.effective);
  const added = new Set(input.changes.added);
  const retired = new Set(input.changes.retired);
  const reshaped = new Set(input.changes.reshaped);
  const changeOf = (code: string): UnitChange =>
    side === 'proposed' && added.has(code)
      ? 'added'
      : side === 'current' && retired.has(code)
        ? 'retired'
        : reshaped.has(code)
          ? 'reshaped'
          : 'same';
  const units = side === 'current' ? input.baseUnits : { grids: input.dataset.grids, microGrids: input.dataset.microGrids };
  const mark = <F extends { properties: { code: string } }>(features: F[]) =>
    features.map((f) => ({ ...f, properties: { ...f.properties, change: changeOf(f.properties.code) } }));
  const grids = { type: 'FeatureCollection' as const, features: mark(activeFeatures(units.grids?.features ?? [], at)) };
  const microGrids = { type: 'FeatureCollection' as const, features: mark(activeFeatures(units.microGrids?.features ?? [], at)) };
  return {
    'review-basemap': input.dataset.basemap ?? EMPTY,
    'review-community': input.dataset.community ?? EMPTY,
    'review-grids': grids,
    'review-microgrids': microGrids,
    'review-labels': labelPoints(grids),
  };
}

const colourOfChange: ExpressionSpecification = [
  'match', ['get', 'change'],
  'added', REVIEW_COLOURS.added,
  'retired', REVIEW_COLOURS.retired,
  'reshaped', REVIEW_COLOURS.reshaped,
  REVIEW_COLOURS.same,
];
const changed: ExpressionSpecification = ['!=', ['get', 'change'], 'same'];
const focused: ExpressionSpecification = ['boolean', ['feature-state', 'focus'], false];

/**
 * The review map's layers, base map first (the overview's, on this map's own source), labels last. Layer ids start
 * with "review-" (README).
 */
export function reviewLayers(): LayerSpecification[] {
  const basemap = overviewLayers()
    .filter((l) => l.id.startsWith('basemap-') && l.type !== 'symbol')
    .map((l) => ({ ...l, id: `review-${l.id}`, source: 'review-basemap' }) as LayerSpecification);
  return [
    ...basemap,
    { id: 'review-grids-fill', type: 'fill', source: 'review-grids', paint: {
      'fill-color': colourOfChange,
      'fill-opacity': ['case', focused, 0.45, changed, 0.3, 0.08],
    } },
    { id: 'review-microgrids-outline', type: 'line', source: 'review-microgrids', minzoom: 13, paint: {
      'line-color': colourOfChange,
      'line-width': ['case', changed, 1.6, 0.6],
      'line-opacity': 0.8,
      'line-dasharray': [2, 1],
    } },
    { id: 'review-grids-outline', type: 'line', source: 'review-grids', layout: { 'line-join': 'round' }, paint: {
      'line-color': ['case', changed, colourOfChange, THEME.gridOutline],
      'line-width': ['case', focused, 4.5, changed, 2.6, 1.4],
    } },
    { id: 'review-community-outline', type: 'line', source: 'review-community', layout: { 'line-join': 'round' }, paint: {
      'line-color': THEME.community, 'line-width': 2,
    } },
    { id: 'review-grids-label', type: 'symbol', source: 'review-labels', layout: {
      'text-field': ['format', ['get', 'name'], {}, '\n', {}, ['get', 'code'], { 'font-scale': 0.78 }],
      'text-font': FONT_STACK_BOLD, 'text-size': 12, 'text-max-width': 10,
    }, paint: {
      'text-color': ['case', changed, colourOfChange, THEME.gridLabel],
      'text-halo-color': THEME.halo, 'text-halo-width': 1.6,
    } },
  ];
}
