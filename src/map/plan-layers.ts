import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { Areal } from '../domain/types';
import type { Finding } from '../domain/findings';
import type { LonLat } from '../domain/plan/types';
import type { PlanSnapshot } from '../workers/plan-messages';
import { FONT_STACK, FONT_STACK_BOLD, THEME } from '../app/theme';
import { GRID_PALETTE, colourGrids } from './grid-colors';
import { labelPoints } from './label-points';
import { VALIDATION_COLOURS, findingKind } from './validation-layers';

/** The plan route's sources (ids are a public interface: README). */
export const PLAN_SOURCES = {
  grids: 'plan-grids',
  microGrids: 'plan-microgrids',
  labels: 'plan-labels',
  vertices: 'plan-vertices',
  findings: 'plan-findings',
  /** What the pointer is doing: the line or ring being drawn, the dragged vertex, the snap indicator. */
  sketch: 'plan-sketch',
} as const;

/** The overview's layers the plan route hides: it draws the draft's units instead of the dataset's. */
export const PLAN_HIDDEN_OVERVIEW_LAYERS = [
  'grids-fill',
  'grids-outline',
  'grids-label',
  'microgrids-fill',
  'microgrids-outline',
  'microgrids-label',
] as const;

/** Vertex handles show from this zoom (below it a community's vertices are a blur), in the vertex tools only. */
export const PLAN_VERTEX_MINZOOM = 13;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
const role = (r: string): ExpressionSpecification => ['==', ['get', 'role'], r];

/** What a sketch feature is: the drawn line, the drawn ring, a placed point, the dragged vertex, the snap target. */
export type SketchRole = 'line' | 'ring' | 'point' | 'handle' | 'snap-vertex' | 'snap-edge' | 'moved' | 'refused';

/** The grid features with their fill colour (neighbours differ), as the overview colours them. */
export function planGridFeatures(snapshot: PlanSnapshot): FeatureCollection {
  const colours = colourGrids(snapshot.grids);
  return {
    type: 'FeatureCollection',
    features: snapshot.grids.features.map((f) => {
      const colour = GRID_PALETTE[colours.get(f.properties.code) ?? 0];
      // The same grid object with the same colour gives the same coloured object: the map layer's diff then
      // recognises an unchanged grid by identity instead of comparing every coordinate.
      const hit = coloured.get(f);
      if (hit?.properties.colour === colour) return hit;
      const out = { ...f, properties: { ...f.properties, colour } };
      coloured.set(f, out);
      return out;
    }),
  };
}
const coloured = new WeakMap<Feature, Feature<Geometry, { colour: string }>>();

/** A cheap fingerprint of a geometry: its vertex count and coordinate sums (any edit of it changes them). */
function geometryKey(g: Areal): string {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (const ring of g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()) {
    for (const p of ring) {
      n++;
      sx += p[0];
      sy += p[1];
    }
  }
  return `${n}:${sx}:${sy}`;
}

/** Label points kept between snapshots, by code: a unit an operation did not touch keeps its point. */
export type LabelCache = Map<string, { key: string; point: Feature<Point>; feature: Feature }>;

/**
 * One label point per grid and micro-grid, `level` telling them apart (one source, as on the overview). With
 * `cache`, only units whose geometry changed are labelled again: placing a label (polylabel) for every one of a
 * county's 5,458 micro-grids after each operation took ~0.5 s of the main thread.
 * @example planLabelFeatures(snapshot, cache).features.length // grids + micro-grids
 */
export function planLabelFeatures(snapshot: PlanSnapshot, cache: LabelCache = new Map()): FeatureCollection {
  const features: Feature[] = [];
  const seen = new Set<string>();
  const add = (fc: FeatureCollection<Areal, { code: string }>, level: 'grid' | 'microgrid') => {
    for (const f of fc.features) {
      if (!f.geometry) continue;
      const code = f.properties.code;
      seen.add(code);
      let hit = cache.get(code);
      // The same feature object as last time (the plan worker's deltas keep unchanged units' objects): same label.
      if (hit?.feature === f) {
        features.push(hit.point);
        continue;
      }
      const key = `${level}|${geometryKey(f.geometry)}|${JSON.stringify(f.properties)}`;
      if (!hit || hit.key !== key) {
        const [p] = labelPoints({ type: 'FeatureCollection', features: [f] }).features;
        if (!p) continue;
        hit = { key, point: { ...p, properties: { ...p.properties, level } }, feature: f };
      } else hit = { ...hit, feature: f };
      cache.set(code, hit);
      features.push(hit.point);
    }
  };
  add(snapshot.grids, 'grid');
  add(snapshot.microGrids, 'microgrid');
  for (const code of [...cache.keys()]) if (!seen.has(code)) cache.delete(code);
  return { type: 'FeatureCollection', features };
}

/** Vertex handles; `users` = how many units share the vertex (junctions are drawn larger). */
export function planVertexFeatures(points: readonly LonLat[], users: (p: LonLat) => number): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      properties: { users: users(p) },
      geometry: { type: 'Point', coordinates: p },
    })),
  };
}

/** The findings that have a place, with their kind's colour. */
export function planFindingFeatures(findings: readonly Finding[]): FeatureCollection {
  const features: Feature[] = [];
  for (const f of findings) {
    if (!f.geometry) continue;
    features.push({
      type: 'Feature',
      properties: { rule: f.rule, severity: f.severity, colour: VALIDATION_COLOURS[findingKind(f.rule)] },
      geometry: f.geometry,
    });
  }
  return { type: 'FeatureCollection', features };
}

/** One sketch feature. */
export function sketchFeature(r: SketchRole, geometry: Geometry): Feature {
  return { type: 'Feature', properties: { role: r }, geometry };
}

/** The sources, empty until the session's first snapshot arrives. */
export function planSources(): Record<string, GeoJSONSourceSpecification> {
  const src = (promoteId?: string): GeoJSONSourceSpecification => ({
    type: 'geojson',
    data: EMPTY,
    buffer: 64,
    ...(promoteId ? { promoteId } : {}),
  });
  return {
    [PLAN_SOURCES.grids]: src('code'),
    [PLAN_SOURCES.microGrids]: src('code'),
    // Keyed by code too (a grid's and a micro-grid's codes differ): an operation sends only the labels it moved.
    [PLAN_SOURCES.labels]: src('code'),
    [PLAN_SOURCES.vertices]: src(),
    [PLAN_SOURCES.findings]: src(),
    [PLAN_SOURCES.sketch]: src(),
  };
}

const halo = { 'text-halo-color': THEME.halo, 'text-halo-width': 1.6, 'text-halo-blur': 0.3 };
/**
 * Features marked `warm` are drawn fully transparent. The sketch and vertex layers start empty, so the map would
 * compile their shaders the first time the planner draws or drags (a long pause with software WebGL); the route
 * draws one invisible feature of each kind once, after it is shown, instead (`planWarmFeatures`). The opacity is an
 * expression in every use, so the shader compiled for the warm features is the one the real ones use.
 */
const WARM: ExpressionSpecification = ['boolean', ['get', 'warm'], false];
const unlessWarm = (opacity: number): ExpressionSpecification => ['case', WARM, 0, opacity];
const warmCircle = { 'circle-opacity': unlessWarm(1), 'circle-stroke-opacity': unlessWarm(1) };
const SKETCH = '#0f766e';
const REFUSED = '#dc2626';

/**
 * The plan route's layers in drawing order; they go above the overview's base map and under its enterprise dots
 * (`before`: the first overview layer to stay above). Ids are a public interface (README).
 */
export function planLayers(): LayerSpecification[] {
  const microColour: ExpressionSpecification = [
    'match', ['get', 'kind'], 'above', THEME.micro.above, 'below', THEME.micro.below, 'park', THEME.micro.park,
    THEME.micro.unknown,
  ];
  return [
    { id: 'plan-grids-fill', type: 'fill', source: PLAN_SOURCES.grids, paint: { 'fill-antialias': false,
      'fill-color': ['to-color', ['get', 'colour']], 'fill-opacity': ['case', selected, 0.45, hovered, 0.36, 0.22] } },
    { id: 'plan-microgrids-fill', type: 'fill', source: PLAN_SOURCES.microGrids, paint: { 'fill-antialias': false,
      'fill-color': microColour, 'fill-opacity': ['case', selected, 0.45, hovered, 0.34, 0.16] } },
    { id: 'plan-microgrids-outline', type: 'line', source: PLAN_SOURCES.microGrids, paint: {
      'line-color': ['case', selected, THEME.microSelected, THEME.microOutline],
      'line-width': ['case', selected, 2.5, hovered, 1.6, 0.8], 'line-opacity': 0.85 } },
    { id: 'plan-grids-outline', type: 'line', source: PLAN_SOURCES.grids, layout: { 'line-join': 'round' }, paint: {
      'line-color': ['case', selected, THEME.gridSelected, THEME.gridOutline],
      'line-width': ['case', selected, 4, hovered, 2.6, 1.8] } },
    { id: 'plan-findings-fill', type: 'fill', source: PLAN_SOURCES.findings,
      filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
      paint: { 'fill-color': ['to-color', ['get', 'colour']], 'fill-opacity': unlessWarm(0.45) } },
    { id: 'plan-findings-line', type: 'line', source: PLAN_SOURCES.findings,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': ['to-color', ['get', 'colour']], 'line-width': 2.5, 'line-opacity': unlessWarm(1) } },
    { id: 'plan-findings-point', type: 'circle', source: PLAN_SOURCES.findings, filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': ['to-color', ['get', 'colour']], 'circle-radius': 6, 'circle-stroke-color': '#fff',
        'circle-stroke-width': 1.5, ...warmCircle } },
    { id: 'plan-vertices', type: 'circle', source: PLAN_SOURCES.vertices, minzoom: PLAN_VERTEX_MINZOOM,
      layout: { visibility: 'none' }, paint: {
      'circle-color': '#ffffff', 'circle-radius': ['case', ['>=', ['get', 'users'], 3], 4.5, 3.2],
      'circle-stroke-color': THEME.gridOutline, 'circle-stroke-width': 1.4, ...warmCircle } },
    { id: 'plan-sketch-fill', type: 'fill', source: PLAN_SOURCES.sketch, filter: role('ring'),
      paint: { 'fill-color': SKETCH, 'fill-opacity': unlessWarm(0.18) } },
    { id: 'plan-sketch-moved', type: 'line', source: PLAN_SOURCES.sketch, filter: role('moved'),
      paint: { 'line-color': SKETCH, 'line-width': 3, 'line-opacity': unlessWarm(0.9) } },
    { id: 'plan-sketch-line', type: 'line', source: PLAN_SOURCES.sketch, filter: ['any', role('line'), role('ring')],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': SKETCH, 'line-width': 2.5, 'line-opacity': unlessWarm(1) } },
    { id: 'plan-sketch-points', type: 'circle', source: PLAN_SOURCES.sketch, filter: ['any', role('point'), role('handle')],
      paint: { 'circle-color': ['case', role('handle'), SKETCH, '#ffffff'], 'circle-radius': ['case', role('handle'), 6, 4],
        'circle-stroke-color': SKETCH, 'circle-stroke-width': 2, ...warmCircle } },
    // The snap indicator: a ring around a vertex target, a filled dot on an edge.
    { id: 'plan-snap', type: 'circle', source: PLAN_SOURCES.sketch, filter: ['any', role('snap-vertex'), role('snap-edge')],
      paint: { 'circle-color': ['case', role('snap-vertex'), 'rgba(0,0,0,0)', '#f97316'],
        'circle-radius': ['case', role('snap-vertex'), 9, 5], 'circle-stroke-color': '#f97316', 'circle-stroke-width': 2.5,
        ...warmCircle } },
    { id: 'plan-refused', type: 'circle', source: PLAN_SOURCES.sketch, filter: role('refused'),
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 12, 'circle-stroke-color': REFUSED, 'circle-stroke-width': 3,
        ...warmCircle } },
    { id: 'plan-microgrids-label', type: 'symbol', source: PLAN_SOURCES.labels, minzoom: 15,
      filter: ['==', ['get', 'level'], 'microgrid'],
      layout: { 'text-field': ['coalesce', ['get', 'name'], ['get', 'code']], 'text-font': FONT_STACK, 'text-size': 11,
        'text-max-width': 8, 'text-padding': 4 },
      paint: { 'text-color': '#334155', ...halo } },
    { id: 'plan-grids-label', type: 'symbol', source: PLAN_SOURCES.labels, filter: ['==', ['get', 'level'], 'grid'],
      layout: {
        'text-field': ['format', ['get', 'name'], {}, '\n', {}, ['get', 'code'], { 'font-scale': 0.78 }],
        'text-font': FONT_STACK_BOLD, 'text-size': ['interpolate', ['linear'], ['zoom'], 12, 11, 16, 15],
        'text-max-width': 10,
      },
      paint: { 'text-color': THEME.gridLabel, ...halo, 'text-halo-width': 1.8 } },
  ];
}

/** Layer ids in drawing order. */
export const PLAN_LAYER_IDS = planLayers().map((l) => l.id);

/** Sketch roles the sketch layers draw (`role` in a sketch feature's properties). */
const SKETCH_ROLES = ['ring', 'moved', 'line', 'point', 'handle', 'snap-vertex', 'snap-edge', 'refused'] as const;

/**
 * One invisible (`warm`) feature of every kind the sketch and vertex layers draw, a few metres around `at`, so the
 * map compiles their shaders once when the route is shown rather than at the planner's first stroke.
 * @example sketchSource.setData(planWarmFeatures(map.getCenter().toArray()).sketch)
 */
export function planWarmFeatures(at: LonLat): { sketch: FeatureCollection; vertices: FeatureCollection; findings: FeatureCollection } {
  const d = 0.00005;
  const [x, y] = at;
  const ring: LonLat[] = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
  const geometry = (role: (typeof SKETCH_ROLES)[number]): Geometry =>
    role === 'ring'
      ? { type: 'Polygon', coordinates: [ring] }
      : role === 'moved' || role === 'line'
        ? { type: 'LineString', coordinates: ring.slice(0, 3) }
        : { type: 'Point', coordinates: [x, y] };
  return {
    sketch: {
      type: 'FeatureCollection',
      features: SKETCH_ROLES.map((role) => ({ type: 'Feature', properties: { role, warm: true }, geometry: geometry(role) })),
    },
    vertices: {
      type: 'FeatureCollection',
      features: [1, 3].map((users) => ({ type: 'Feature', properties: { users, warm: true }, geometry: { type: 'Point', coordinates: [x, y] } })),
    },
    // A dataset without findings at the start (a clean county) would otherwise compile these at the first one.
    findings: {
      type: 'FeatureCollection',
      features: (['ring', 'line', 'point'] as const).map((role) => ({
        type: 'Feature',
        properties: { colour: '#000000', warm: true },
        geometry: geometry(role),
      })),
    },
  };
}
