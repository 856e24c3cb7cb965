/**
 * A unit (community, grid, micro-grid) whose geometry could not be read as geometry at all: wrong type, strings for
 * coordinates, wrong nesting. Reading (src/io/schema) keeps the unit, with its geometry set to null so no drawing or
 * measuring code ever meets the malformed value, and records why here; validation turns it into an
 * `invalid-geometry` finding. The CLI and the app read files through the same code, so they give the same answer.
 *
 * The record travels on the feature as a GeoJSON foreign member (RFC 7946 §6.1), so it survives structured cloning
 * to a worker and any filtering of the feature list.
 */
export interface GeometryFault {
  /** What is wrong, one line, with the path of the bad value ("coordinates[0][3][1] must be a finite number, got \"x\""). */
  message: string;
  /** Where in its file: the file name and the feature's index there. */
  file: string;
  index: number;
}

/** The foreign member that carries the fault. */
export const GEOMETRY_FAULT = 'geometryFault';

/**
 * The geometry fault recorded on a feature when it was read, or null.
 * @example geometryFaultOf(grids.features[3])?.message
 */
export function geometryFaultOf(feature: object): GeometryFault | null {
  const fault = (feature as { [GEOMETRY_FAULT]?: GeometryFault })[GEOMETRY_FAULT];
  return fault && typeof fault.message === 'string' ? fault : null;
}

/** Whether a feature has a geometry to draw or measure (false for one read with a fault, or with none). */
export function hasGeometry<F extends { geometry: unknown }>(feature: F): boolean {
  return feature.geometry !== null && feature.geometry !== undefined;
}
