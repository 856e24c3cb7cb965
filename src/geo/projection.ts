/**
 * A local metric projection centred on the data: equirectangular at the centre latitude, scaled by the WGS84
 * radii of curvature there (meridional M for north–south, prime vertical N·cos φ0 for east–west).
 *
 * Why it is good enough: the east–west scale is exact on the centre parallel and off by |tan φ0 · Δφ| elsewhere
 * (Δφ in radians from the centre); at 30.6°N that is 0.059 % at 5 km and 0.1 % at about 8.5 km from the centre
 * parallel. North–south the meridional radius changes by ~1e-5 over such distances. So areas and distances of a
 * community (a few km across) are within 0.1 % of geodesic; a whole county (±12 km) stays within ~0.2 %.
 */
import type { Position } from 'geojson';

const A = 6378137; // WGS84 semi-major axis (m)
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

/** Forward and inverse mapping between [lon, lat] (degrees) and local [x east, y north] metres. */
export interface LocalProjection {
  center: [number, number];
  /** [lon, lat] → [x, y] metres. */
  toLocal(p: Position): [number, number];
  /** [x, y] metres → [lon, lat]. */
  toLonLat(p: Position): [number, number];
  /** Metres per degree of longitude and latitude at the centre. */
  metresPerDegree: [number, number];
}

/**
 * A projection centred on `center` ([lon, lat], degrees).
 * @example const p = localProjection([121, 30.6]); p.toLocal([121.01, 30.6]) // ≈ [958.9, 0]
 */
export function localProjection(center: readonly [number, number]): LocalProjection {
  const [lon0, lat0] = center;
  const s = Math.sin(lat0 * RAD);
  const w = Math.sqrt(1 - E2 * s * s);
  const n = A / w; // prime vertical radius of curvature
  const m = (A * (1 - E2)) / (w * w * w); // meridional radius of curvature
  const kx = n * Math.cos(lat0 * RAD) * RAD;
  const ky = m * RAD;
  return {
    center: [lon0, lat0],
    metresPerDegree: [kx, ky],
    toLocal: (p) => [(p[0] - lon0) * kx, (p[1] - lat0) * ky],
    toLonLat: (p) => [lon0 + p[0] / kx, lat0 + p[1] / ky],
  };
}

/** Convenience: forward mapping only. @example toLocal([121, 30.6], [121, 30.6]) // [0, 0] */
export function toLocal(center: readonly [number, number], p: Position): [number, number] {
  return localProjection(center).toLocal(p);
}

/** Convenience: inverse mapping only. @example toLonLat([121, 30.6], [0, 0]) // [121, 30.6] */
export function toLonLat(center: readonly [number, number], p: Position): [number, number] {
  return localProjection(center).toLonLat(p);
}

/**
 * Metres per degree of longitude and latitude at a latitude (the scale of a projection centred there).
 * @example metresPerDegreeAt(30.6) // ≈ [95_901, 110_863]
 */
export function metresPerDegreeAt(lat: number): [number, number] {
  return localProjection([0, lat]).metresPerDegree;
}
