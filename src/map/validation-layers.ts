import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification, Map as MapLibreMap, PointLike } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import turfBbox from '@turf/bbox';
import type { Finding, RuleId } from '../domain/findings';

/** The source the validation shapes draw from; features carry `id` = the finding's index in the report. */
export const VALIDATION_SOURCE = 'validation';
/** One point per areal or linear finding (its bounding-box centre), same ids: slivers are invisible when zoomed out. */
export const VALIDATION_MARKER_SOURCE = 'validation-markers';

/** How a finding is drawn. Overlaps, gaps, spill-over and mismatched edges each get their own style. */
export type FindingKind = 'overlap' | 'gap' | 'outside' | 'mismatch' | 'invalid' | 'enterprise' | 'other';

const KIND_OF: Partial<Record<RuleId, FindingKind>> = {
  'grid-overlap': 'overlap',
  'microgrid-overlap': 'overlap',
  'grid-gap': 'gap',
  'grid-outside-boundary': 'outside',
  'microgrid-outside-grid': 'outside',
  'edge-mismatch': 'mismatch',
  'invalid-geometry': 'invalid',
  'enterprise-unassigned': 'enterprise',
  'enterprise-assignment': 'enterprise',
  'enterprise-credit-code': 'enterprise',
};

export const findingKind = (rule: RuleId): FindingKind => KIND_OF[rule] ?? 'other';

/**
 * Colours picked to stand out from the grid palette, the community's orange dashes and the enterprise dots:
 * red overlap, amber gap, violet spill-over, magenta mismatched edges, teal rings on enterprises.
 */
export const VALIDATION_COLOURS = {
  overlap: '#e11d48',
  gap: '#f59e0b',
  outside: '#7c3aed',
  mismatch: '#c026d3',
  invalid: '#b91c1c',
  enterprise: '#0f766e',
  other: '#475569',
} as const satisfies Record<FindingKind, string>;

/** Hatch pattern image ids, one per areal kind (added by useValidationLayers, see hatchImage). */
export const HATCH_IMAGES = { overlap: 'validation-hatch-overlap', gap: 'validation-hatch-gap', outside: 'validation-hatch-outside' } as const;

/** Diamond marker image ids, one per kind that is drawn as a shape (see markerImage). */
export const MARKER_IMAGES = {
  overlap: 'validation-marker-overlap',
  gap: 'validation-marker-gap',
  outside: 'validation-marker-outside',
  mismatch: 'validation-marker-mismatch',
} as const;

/** Layer ids in drawing order; a public interface (README). */
export const VALIDATION_LAYER_IDS = [
  'validation-fill',
  'validation-outline',
  'validation-line',
  'validation-point',
  'validation-marker',
] as const;

/** The layers a click selects a finding on (its own mark, not the area fill a unit's click also lands in). */
const PICKABLE = ['validation-marker', 'validation-point', 'validation-line'];

/**
 * The index of the finding drawn under `point` (a marker, a point, a mismatch line), or null: a click there is
 * meant for the finding, not for the enterprise or unit under it.
 * @example map.on('click', (e) => { const i = findingAt(map, e.point); if (i !== null) validation.select(i) })
 */
export function findingAt(m: MapLibreMap, point: PointLike): number | null {
  const layers = PICKABLE.filter((id) => m.getLayer(id));
  if (!layers.length) return null;
  const hit = m.queryRenderedFeatures(point, { layers })[0];
  return typeof hit?.id === 'number' ? hit.id : null;
}

/** Below this zoom a marker stands in for each shape; from it on, the shapes are big enough to see. */
export const MARKER_MAX_ZOOM = 16;

/** Labels and enterprise dots stay above the problems: the first of these present is the `beforeId`. */
export const VALIDATION_BEFORE = ['basemap-road-labels', 'enterprises', 'microgrids-label', 'enterprises-label', 'grids-label'];

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/**
 * A square diagonal-hatch image for `fill-pattern`, made here so the page requests no sprite.
 * @example hatchImage('#e11d48') // { width: 12, height: 12, data: Uint8Array(576) }
 */
export function hatchImage(colour: string, size = 12): { width: number; height: number; data: Uint8Array } {
  const [r, g, b] = hex(colour);
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Two-pixel stripes on one diagonal, a light wash between them so thin slivers still read as a patch.
      const onStripe = (x + y) % size < 3;
      const o = (y * size + x) * 4;
      data.set([r, g, b, onStripe ? 235 : 70], o);
    }
  }
  return { width: size, height: size, data };
}

/**
 * A diamond in `colour` with a white rim, drawn at `pixelRatio` 2 with 4×4 supersampling: a shape no enterprise
 * dot has, so a marker is never mistaken for a red above-size enterprise.
 * @example markerImage('#e11d48') // { width: 48, height: 48, data: Uint8Array(9216) }
 */
export function markerImage(colour: string, size = 48): { width: number; height: number; data: Uint8Array } {
  const [r, g, b] = hex(colour);
  const data = new Uint8Array(size * size * 4);
  const c = size / 2;
  const outer = c - 1;
  const inner = outer - 5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let fill = 0;
      let rim = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const d = Math.abs(x + (sx + 0.5) / 4 - c) + Math.abs(y + (sy + 0.5) / 4 - c);
          if (d <= inner) fill++;
          else if (d <= outer) rim++;
        }
      }
      const a = (fill + rim) / 16;
      if (!a) continue;
      // Premultiplication is MapLibre's business; blend colour and white by their share of the covered samples.
      const k = fill / (fill + rim);
      data.set([r * k + 255 * (1 - k), g * k + 255 * (1 - k), b * k + 255 * (1 - k), 255 * a], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

/**
 * The findings that have a place, as features with `id` = index in `findings`.
 * @example findingFeatures(report.findings, (i) => i === selected)
 */
export function findingFeatures(findings: readonly Finding[], keep: (i: number) => boolean = () => true): FeatureCollection {
  const features: Feature<Geometry>[] = [];
  findings.forEach((f, i) => {
    if (!f.geometry || !keep(i)) return;
    features.push({
      type: 'Feature',
      id: i,
      geometry: f.geometry,
      properties: { i, rule: f.rule, severity: f.severity, kind: findingKind(f.rule) },
    });
  });
  return { type: 'FeatureCollection', features };
}

/**
 * A marker per finding that is not a point, at the centre of its bounding box.
 * @example findingMarkers(report.findings)
 */
export function findingMarkers(findings: readonly Finding[], keep: (i: number) => boolean = () => true): FeatureCollection {
  const shapes = findingFeatures(findings, keep);
  return {
    type: 'FeatureCollection',
    features: shapes.features
      .filter((f) => f.geometry.type !== 'Point')
      .map((f) => {
        const [minX, minY, maxX, maxY] = turfBbox(f);
        return { ...f, geometry: { type: 'Point', coordinates: [(minX + maxX) / 2, (minY + maxY) / 2] } };
      }),
  };
}

export function validationSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const kindIn = (...kinds: FindingKind[]): ExpressionSpecification => ['in', ['get', 'kind'], ['literal', kinds]];
const byKind: ExpressionSpecification = [
  'match', ['get', 'kind'],
  ...Object.entries(VALIDATION_COLOURS).flatMap(([k, c]) => [k, c]),
  VALIDATION_COLOURS.other,
] as unknown as ExpressionSpecification;

/** The validation layers, in drawing order. */
export function validationLayers(): LayerSpecification[] {
  const areal = kindIn('overlap', 'gap', 'outside');
  return [
    { id: 'validation-fill', type: 'fill', source: VALIDATION_SOURCE, filter: areal, paint: {
      'fill-pattern': ['match', ['get', 'kind'], 'overlap', HATCH_IMAGES.overlap, 'gap', HATCH_IMAGES.gap, HATCH_IMAGES.outside],
      'fill-opacity': ['case', selected, 1, 0.85],
    } },
    // Slivers a few metres wide vanish as fills at community zoom; their outline keeps them visible.
    { id: 'validation-outline', type: 'line', source: VALIDATION_SOURCE, filter: areal,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': byKind, 'line-width': ['case', selected, 4, 2.2] } },
    { id: 'validation-line', type: 'line', source: VALIDATION_SOURCE, filter: kindIn('mismatch'),
      layout: { 'line-cap': 'butt', 'line-join': 'round' },
      paint: { 'line-color': VALIDATION_COLOURS.mismatch, 'line-width': ['case', selected, 7, 5], 'line-dasharray': [1.6, 1] } },
    { id: 'validation-point', type: 'circle', source: VALIDATION_SOURCE, filter: ['all', ['==', ['geometry-type'], 'Point'], kindIn('invalid', 'enterprise', 'other')],
      paint: {
        'circle-radius': ['case', selected, 14, 10],
        'circle-color': 'rgba(255, 255, 255, 0.35)',
        'circle-stroke-color': byKind,
        'circle-stroke-width': ['case', selected, 4, 3],
      } },
    { id: 'validation-marker', type: 'symbol', source: VALIDATION_MARKER_SOURCE, maxzoom: MARKER_MAX_ZOOM,
      layout: {
        'icon-image': ['match', ['get', 'kind'], 'overlap', MARKER_IMAGES.overlap, 'gap', MARKER_IMAGES.gap,
          'outside', MARKER_IMAGES.outside, MARKER_IMAGES.mismatch],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      } },
  ];
}
