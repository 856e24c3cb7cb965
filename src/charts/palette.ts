/**
 * Chart colours. Categories use the Okabe–Ito palette (eight colours told apart by people with any common colour
 * vision deficiency) plus grey for "other"; levels a light-to-dark ramp, so order reads by lightness alone. Grid bars
 * take the map's grid blues (src/app/theme.ts) so a selected grid looks the same on the map and in the charts.
 */
import type { IncidentCategory } from '../domain/types';
import { IDEOGRAPH_FONT_FAMILY, THEME } from '../app/theme';

export const CATEGORY_COLOURS: Record<IncidentCategory, string> = {
  safety: '#D55E00', // vermillion
  fire: '#E69F00', // orange
  environment: '#009E73', // bluish green
  labour: '#0072B2', // blue
  'public-order': '#CC79A7', // reddish purple
  'enterprise-request': '#56B4E9', // sky blue
  facility: '#F0E442', // yellow
  party: '#000000', // black
  other: '#999999',
};

/** Level 1 (handled in the grid) to 4 (county): ColorBrewer OrRd, light to dark. */
export const LEVEL_COLOURS: Record<'1' | '2' | '3' | '4', string> = {
  '1': '#fdcc8a',
  '2': '#fc8d59',
  '3': '#d7301f',
  '4': '#7f0000',
};

export const GRID_BAR = {
  /** Lighter than the map's outline blue, so the selected grid (the map's selection colour) stands out. */
  normal: '#8fb0ea',
  selected: THEME.gridSelected,
};

/** Patrol coverage: blue at or above the patrol target (PATROL_COVERAGE_TARGET), vermillion under it (Okabe–Ito pair). */
export const COVERAGE_COLOURS = { ok: '#0072B2', warn: '#D55E00', community: '#475569', mark: '#b45309' };

/** Closure lines: the rate and the on-time rate. */
export const RATE_COLOURS = { closure: '#0072B2', onTime: '#009E73' };

export const TEXT = { color: '#334155', muted: '#64748b', axis: '#cbd5e1', split: '#eef2f7' };
export const FONT_FAMILY = IDEOGRAPH_FONT_FAMILY;
