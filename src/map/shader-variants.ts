import type { ExpressionSpecification } from 'maplibre-gl';

/*
 * MapLibre compiles one WebGL program per layer type and per mix of constant, data-driven and zoom-and-data-driven
 * paint properties, the first time a layer with that mix is drawn. On a software GPU (SwiftShader: a wall-screen
 * PC without drivers, the headless benchmark) each compile and link blocks the main thread for 80–150 ms, and the
 * overview's first picture used to need 16 of them. So the overview writes its paint properties in one mix per
 * layer type: fill colours and opacities always per feature; line colours per feature and line widths per
 * feature and zoom. A value that is the same for every feature is wrapped with these helpers.
 */

type Value = number | string;

/**
 * `value` for every feature, written so MapLibre treats it as data-driven (an attribute, not a uniform).
 * @example { 'fill-color': perFeature('#bcd7ef') }
 */
export function perFeature(value: Value | ExpressionSpecification): ExpressionSpecification {
  return ['case', ['==', ['geometry-type'], 'Point'], value, value] as ExpressionSpecification;
}

/**
 * A width interpolated linearly between zoom stops, each stop a per-feature expression (or a plain number,
 * wrapped with perFeature), so every line layer has the same zoom-and-data-driven width.
 * @example byZoom([12, 2], [18, 14])
 */
export function byZoom(...stops: [number, Value | ExpressionSpecification][]): ExpressionSpecification {
  const wrap = (v: Value | ExpressionSpecification) => (typeof v === 'number' ? perFeature(v) : v);
  return ['interpolate', ['linear'], ['zoom'], ...stops.flatMap(([z, v]) => [z, wrap(v)])] as ExpressionSpecification;
}
