import { formatRate } from '../domain/rate';
import { PATROL_COVERAGE_TARGET } from '../domain/rules';
import type { GridColouring } from '../stores/analysis-layers';
import { CLUSTER_COLOURS } from './analysis-clusters';
import { WARNING_COLOUR, type LegendClass } from './analysis-grid-colour';
import { HEAT_COLOURS, HEAT_RADIUS_M } from './analysis-heat';
import { CORRIDOR_COLOUR, TRACK_COLOUR } from './analysis-patrol';
import { DENSITY_COLOURS, HOTSPOT_BINS, HOTSPOT_COLOURS, densityBreaks } from './hex-layers';

/*
 * The analyst map's legend as data: what each analysis layer that is on means, with the same constants and schemes
 * the layers are drawn with. The panel's legend (components/analysis/AnalysisLayerLegend.vue) and the printed sheet
 * (map/print-legend) both draw these entries, so the two cannot tell different stories. Text comes through `t` (the
 * app's i18n); values from data (months, counts) are parameters of the messages and are only ever drawn as text.
 */

/** A message lookup: vue-i18n's `t`, or anything that turns a key and its parameters into text. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * How a swatch is drawn: a filled box, a dot with a white ring (a cluster), an outline (a flagged grid), a
 * translucent band (a patrol corridor), a line (a track), or a hatched box (a class drawn clear).
 */
export type AnalysisSwatchShape = 'box' | 'dot' | 'outline' | 'band' | 'line' | 'clear';

export interface AnalysisSwatch {
  shape: AnalysisSwatchShape;
  colour: string;
  label: string;
  /** How many grids are in the class (the grid colouring); absent elsewhere. */
  count?: number;
}

/** A continuous colour ramp, low to high, with the words under its two ends. */
export interface AnalysisRamp {
  colours: readonly string[];
  min: string;
  max: string;
}

/** A line of text under the swatches, with a swatch in front of it or none (a note). */
export interface AnalysisLegendLine {
  text: string;
  swatch?: { shape: AnalysisSwatchShape; colour: string };
}

export type AnalysisLegendId = 'hex' | 'clusters' | 'heat' | 'gridColour' | 'tracks';

/** One analysis layer's legend: its title, then a ramp, swatches and lines, each of them possibly empty. */
export interface AnalysisLegendEntry {
  id: AnalysisLegendId;
  /** What the colours count; '' when the swatches' own labels say it all (the patrol tracks). */
  title: string;
  /** A longer explanation (a tooltip on screen); not printed. */
  hint?: string;
  /** 'row': short labels side by side after the title; 'list': one swatch a line. */
  layout: 'row' | 'list';
  ramp?: AnalysisRamp;
  swatches: AnalysisSwatch[];
  lines: AnalysisLegendLine[];
  /** Figures the panel exposes as data-* attributes (tests read them): name to value. */
  data?: Record<string, string | number>;
}

/** The analysis layers' state the legend needs (stores/analysis-layers, stores/analysis), as plain values. */
export interface AnalysisLegendState {
  clusters: boolean;
  heatmap: boolean;
  gridColouring: GridColouring;
  tracks: boolean;
  /** Incidents passing the filter: the heat layer's points. */
  incidents: number;
  /** The selected month, "YYYY-MM"; null before the route has one. */
  month: string | null;
  /** The grid colouring's classes (its scheme's legend); null while the values are being computed. */
  gridClasses: readonly LegendClass[] | null;
  /** The patrol layers: the visit radius (metres), the tracks' month and how many tracks are drawn. */
  patrol: { radiusM: number; month: string | null; tracks: number };
}

/** The hex cells' state (stores/analysis `hex` and `hexMode`), when they are drawn. */
export interface HexLegendState {
  mode: 'density' | 'hotspots';
  sizeM: number;
  /** The binned month, or null when the filter's time range is not one month. */
  month: string | null;
  /** The largest count in a cell (map/hex-layers maxCount). */
  max: number;
  /** Incidents binned, and those outside the study area. */
  total: number;
  outside: number;
}

const CLUSTER_SIZES = ['small', 'medium', 'large'] as const;

/**
 * The words for one grid colouring class: "no enterprises", one value, or "from–to" (rates as percentages).
 * @example gridClassLabel({ colour: '#fff', from: 0.5, to: 0.8, count: 3 }, 'patrol', t) === '50.0%–80.0%'
 */
export function gridClassLabel(c: LegendClass, colouring: GridColouring, t: Translate): string {
  if (c.from === null || c.to === null) return t('analysisMap.legend.noEnterprises');
  const f = colouring === 'patrol' ? formatRate : (v: number) => v.toFixed(2);
  return c.from === c.to ? f(c.from) : `${f(c.from)}–${f(c.to)}`;
}

/**
 * The legends of the analysis layers that are on, in the panel's order: clusters, heat, grid colouring, patrols.
 * @example analysisLegendEntries({ ...state, heatmap: true }, t).map((e) => e.id) // ['clusters', 'heat']
 */
export function analysisLegendEntries(state: AnalysisLegendState, t: Translate): AnalysisLegendEntry[] {
  const entries: AnalysisLegendEntry[] = [];
  if (state.clusters)
    entries.push({
      id: 'clusters',
      title: t('analysisMap.legend.clusterTitle'),
      hint: t('analysisMap.legend.clusters'),
      layout: 'row',
      swatches: CLUSTER_SIZES.map((s, k) => ({
        shape: 'dot',
        colour: CLUSTER_COLOURS[k],
        label: t(`analysisMap.legend.clusterSizes.${s}`),
      })),
      lines: [],
    });
  if (state.heatmap)
    entries.push({
      id: 'heat',
      title: t('analysisMap.legend.heat', { r: HEAT_RADIUS_M, n: state.incidents }),
      layout: 'list',
      ramp: { colours: HEAT_COLOURS, min: t('analysisMap.legend.low'), max: t('analysisMap.legend.high') },
      swatches: [],
      lines: [],
      data: { count: state.incidents },
    });
  if (state.gridColouring !== 'none') {
    const patrol = state.gridColouring === 'patrol';
    const lines: AnalysisLegendLine[] = [];
    if (!state.gridClasses) lines.push({ text: t('analysisMap.legend.waiting') });
    if (patrol)
      lines.push({
        text: t('analysisMap.legend.flagged', { target: formatRate(PATROL_COVERAGE_TARGET, 0) }),
        swatch: { shape: 'outline', colour: WARNING_COLOUR },
      });
    entries.push({
      id: 'gridColour',
      title: patrol
        ? t('analysisMap.legend.patrol', { month: state.month ?? '' })
        : t('analysisMap.legend.perEnterprise'),
      layout: 'list',
      swatches: (state.gridClasses ?? []).map((c) => ({
        shape: 'box',
        colour: c.colour,
        label: gridClassLabel(c, state.gridColouring, t),
        count: c.count,
      })),
      lines,
      data: { colouring: state.gridColouring },
    });
  }
  if (state.tracks)
    entries.push({
      id: 'tracks',
      title: '',
      layout: 'list',
      swatches: [],
      lines: [
        {
          text: t('analysisMap.legend.corridor', { r: state.patrol.radiusM }),
          swatch: { shape: 'band', colour: CORRIDOR_COLOUR },
        },
        {
          text: t('analysisMap.legend.track', {
            month: state.patrol.month ?? state.month ?? '',
            n: state.patrol.tracks,
          }),
          swatch: { shape: 'line', colour: TRACK_COLOUR },
        },
      ],
    });
  return entries;
}

/**
 * The hex cells' legend: density classes ("1–4", "5–8", …, as the hex panel lists them) or the seven Gi* classes,
 * then the month's total. The printed sheet draws it before the other analysis layers (the hex panel, HexControls,
 * has its own legend on screen).
 * @example hexLegendEntry({ mode: 'density', sizeM: 200, month: '2026-10', max: 20, total: 90, outside: 2 }, t)
 */
export function hexLegendEntry(hex: HexLegendState, t: Translate): AnalysisLegendEntry {
  const total = {
    text: t('analysis.hex.total', { n: hex.total, month: hex.month ?? '', outside: hex.outside }),
  };
  if (hex.mode === 'density') {
    const breaks = densityBreaks(hex.max);
    return {
      id: 'hex',
      title: t('analysis.hex.densityTitle', { size: hex.sizeM }),
      layout: 'row',
      swatches: breaks.map((b, k) => {
        const to = k + 1 < breaks.length ? breaks[k + 1] - 1 : hex.max;
        return { shape: 'box', colour: DENSITY_COLOURS[k], label: to > b ? `${b}–${to}` : String(b) };
      }),
      lines: [total],
      data: { mode: hex.mode },
    };
  }
  return {
    id: 'hex',
    title: t('analysis.hex.hotspotTitle', { size: hex.sizeM }),
    layout: 'list',
    swatches: HOTSPOT_BINS.map((b) => ({
      shape: b === 0 ? 'clear' : 'box',
      colour: HOTSPOT_COLOURS[String(b)],
      label: t(`analysis.hex.classes.${b}`),
    })),
    // The panel's note on what Gi* counts is left to the panel: the title names the method, the sheet has no room.
    lines: [total],
    data: { mode: hex.mode },
  };
}
