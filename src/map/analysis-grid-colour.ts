import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GridFC } from '../domain/types';
import type { Rate } from '../domain/rate';
import { PATROL_COVERAGE_TARGET, underPatrolTarget } from '../domain/rules';
import { classBreaks, classOf, type ValueClass } from '../domain/class-breaks';
import { labelPoints } from './label-points';
import { FONT_STACK_BOLD, THEME } from '../app/theme';
import { byZoom, perFeature } from './shader-variants';

/** Grids in force with their colouring value: polygons for the fill and outline, label points for the values. */
export const GRID_COLOUR_SOURCE = 'analysis-grid-colour';
/** Layer ids in drawing order; a public interface (README). */
export const GRID_COLOUR_LAYER_IDS = [
  'analysis-grid-colour-fill',
  'analysis-grid-colour-outline',
  'analysis-grid-colour-label',
] as const;

/** "No enterprises" (a null rate): neutral grey, apart from every class colour. */
export const NO_DATA_COLOUR = '#cbd5e1';
/** Incidents per enterprise, low to high (ColorBrewer YlOrBr: apart from the hex cells' magenta and the grids' blue). */
export const PER_ENTERPRISE_COLOURS = ['#ffffd4', '#fed98e', '#fe9929', '#d95f0e', '#993404'] as const;
/** Enterprise patrol coverage: classes under the target (domain/rules PATROL_COVERAGE_TARGET) and one at or above it. */
export const PATROL_BREAKS = [0.5, 0.8, PATROL_COVERAGE_TARGET] as const;
export const PATROL_COLOURS = ['#d7191c', '#fdae61', '#fee08b', '#66bd63'] as const;
export const WARNING_COLOUR = '#b91c1c';

/** One legend row: a colour and the values it stands for (null: "no enterprises"). */
export interface LegendClass {
  colour: string;
  /** Smallest and largest value drawn in this colour; null for the no-data row. */
  from: number | null;
  to: number | null;
  /** Grids in the class. */
  count: number;
}

/** How one colouring maps a grid's value to a colour, and its legend. */
export interface GridScheme {
  colour(value: Rate): string;
  /** Marked as short of a target (outline, label suffix). */
  flagged(value: Rate): boolean;
  legend: LegendClass[];
}

const finite = (values: Iterable<Rate>) => [...values].filter((v): v is number => v !== null);
const noData = (values: Rate[]): LegendClass[] => {
  const count = values.filter((v) => v === null).length;
  return count ? [{ colour: NO_DATA_COLOUR, from: null, to: null, count }] : [];
};

/**
 * Natural-breaks classes (Jenks) of incidents per enterprise over the grids drawn.
 * @example perEnterpriseScheme([0.1, 0.4, null]).colour(null) === NO_DATA_COLOUR
 */
export function perEnterpriseScheme(values: Rate[]): GridScheme {
  const { breaks, classes } = classBreaks(finite(values), { classes: PER_ENTERPRISE_COLOURS.length });
  // With fewer classes than colours, spread them over the ramp so "more" still reads darker.
  const colourAt = (c: number) =>
    PER_ENTERPRISE_COLOURS[classes.length <= 1 ? 0 : Math.round((c * (PER_ENTERPRISE_COLOURS.length - 1)) / (classes.length - 1))];
  return {
    colour: (v) => (v === null ? NO_DATA_COLOUR : colourAt(classOf(breaks, v))),
    flagged: () => false,
    legend: [...classes.map((c: ValueClass, k) => ({ colour: colourAt(k), ...c })), ...noData(values)],
  };
}

/**
 * Fixed classes of enterprise patrol coverage around the target (PATROL_COVERAGE_TARGET); grids under it are flagged.
 * @example patrolScheme([1, 0.9]).flagged(0.9) === true
 */
export function patrolScheme(values: Rate[]): GridScheme {
  const bounds = [0, ...PATROL_BREAKS, 1];
  const legend = PATROL_COLOURS.map((colour, k) => {
    const inClass = finite(values).filter((v) => classOf(PATROL_BREAKS, v) === k);
    return { colour, from: bounds[k], to: bounds[k + 1], count: inClass.length };
  });
  return {
    colour: (v) => (v === null ? NO_DATA_COLOUR : PATROL_COLOURS[classOf(PATROL_BREAKS, v)]),
    flagged: underPatrolTarget,
    legend: [...legend, ...noData(values)],
  };
}

/**
 * Grid polygons and label points carrying code, name, value (null: no enterprises), colour, flagged and label.
 * @example gridColourFeatures(index.gridsInForce, values, scheme, (v, f) => String(v))
 */
export function gridColourFeatures(
  grids: GridFC,
  values: ReadonlyMap<string, Rate>,
  scheme: GridScheme,
  label: (value: Rate, flagged: boolean) => string,
): FeatureCollection<Geometry> {
  const props = (code: string, name: string) => {
    const value = values.get(code) ?? null;
    const flagged = scheme.flagged(value);
    return { code, name, value, colour: scheme.colour(value), flagged, label: label(value, flagged) };
  };
  const features: Feature<Geometry>[] = [
    ...grids.features.map((f) => ({ ...f, properties: props(f.properties.code, f.properties.name) })),
    ...labelPoints(grids).features.map((f) => ({ ...f, properties: props(f.properties.code, f.properties.name) })),
  ];
  return { type: 'FeatureCollection', features };
}

export function gridColourSource(data: FeatureCollection<Geometry>): GeoJSONSourceSpecification {
  return { type: 'geojson', data, buffer: 64 };
}

const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];

/** Fill (over the grid fills, under the outlines), warning outline and value label. Paint mixes as the overview's. */
export function gridColourLayers(): LayerSpecification[] {
  return [
    { id: 'analysis-grid-colour-fill', type: 'fill', source: GRID_COLOUR_SOURCE, filter: ['!', isPoint],
      paint: { 'fill-antialias': false, 'fill-color': ['to-color', ['get', 'colour']], 'fill-opacity': perFeature(0.72) } },
    { id: 'analysis-grid-colour-outline', type: 'line', source: GRID_COLOUR_SOURCE,
      filter: ['all', ['!', isPoint], ['==', ['get', 'flagged'], true]], layout: { 'line-join': 'round' },
      paint: { 'line-color': perFeature(WARNING_COLOUR), 'line-width': byZoom([12, 3], [18, 5]) } },
    // Below the grid's own name and code (two lines at up to 15 px), always shown: it is the point of the layer.
    { id: 'analysis-grid-colour-label', type: 'symbol', source: GRID_COLOUR_SOURCE, filter: isPoint, layout: {
      'text-field': ['get', 'label'], 'text-font': FONT_STACK_BOLD, 'text-size': 12, 'text-anchor': 'top',
      'text-offset': [0, 2.1], 'text-allow-overlap': true,
    }, paint: { 'text-color': '#1f2937', 'text-halo-color': THEME.halo, 'text-halo-width': 1.6 } },
  ];
}
