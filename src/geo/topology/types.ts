/**
 * The planner's topology (issue 11): communities, grids and micro-grids as one planar structure where a border two
 * units share is stored once. Vertices live in one table (`xy`, lon/lat interleaved); a unit is polygons → rings →
 * vertex ids, so moving a vertex moves it for every unit that uses it and neighbours can never drift apart.
 *
 * Everything is immutable: an operation returns a new `Topology` (the vertex table copied with `slice`, the unit map
 * copied, untouched units shared) and the patch that undoes it.
 */
import type { LonLat } from '../../domain/plan/types';

/** Which layer a unit is in. Communities are fixed: their vertices never move. */
export type TopoLayer = 'community' | 'grid' | 'micro';

/** One unit (a community, a grid or a micro-grid), by code. */
export interface TopoUnit {
  readonly id: string;
  readonly layer: TopoLayer;
  /** A grid's community code, a micro-grid's grid code; null for a community (or a grid of no known community). */
  readonly parent: string | null;
  /**
   * Polygons → rings → vertex ids. Rings are not closed (the last id is not the first again); the shell comes
   * first and runs counter-clockwise, holes follow and run clockwise (RFC 7946).
   */
  readonly polygons: readonly (readonly Int32Array[])[];
  /** [minLon, minLat, maxLon, maxLat] of the unit's vertices. */
  readonly bbox: readonly [number, number, number, number];
}

export interface Topology {
  /** Vertex table: vertex v is at lon `xy[2v]`, lat `xy[2v + 1]`. Never mutated. */
  readonly xy: Float64Array;
  readonly vertexCount: number;
  readonly units: ReadonlyMap<string, TopoUnit>;
  /** Vertices closer than this many metres are one (TOPOLOGY_SNAP_M unless given). */
  readonly snapM: number;
  /** Metres per degree of longitude and latitude at the topology's centre: how tolerances become degrees. */
  readonly metresPerDegree: readonly [number, number];
}

/**
 * What undoes (or redoes) an edit: apply it with `applyPatch`. Holds the vertex count to restore, the coordinates
 * to put back, and the units to put back (or remove), so undoing every edit gives the starting numbers exactly.
 */
export interface TopoPatch {
  readonly vertexCount: number;
  /** Vertex ids (below `vertexCount`) whose coordinates to set. */
  readonly vertexIds: Int32Array;
  /** Their coordinates, lon/lat interleaved. */
  readonly vertexXy: Float64Array;
  /** Units to put in (replacing a unit with the same id). */
  readonly units: readonly TopoUnit[];
  /** Unit ids to take out. */
  readonly remove: readonly string[];
}

/** The result of every operation: the new topology, its inverse and what it did to the units, by id. */
export interface Edit {
  topology: Topology;
  inverse: TopoPatch;
  added: string[];
  removed: string[];
  /** Units that exist before and after whose rings or coordinates changed. */
  reshaped: string[];
}

/** One vertex move of `moveVertices`. */
export interface VertexMove {
  vertex: number;
  to: LonLat;
}

/** A point found near a query point (snapping). */
export interface NearVertex {
  vertex: number;
  at: LonLat;
  distanceM: number;
}

export interface NearEdge {
  /** The edge's end vertices. */
  a: number;
  b: number;
  /** The closest point of the edge to the query point. */
  at: LonLat;
  distanceM: number;
  /** Units whose rings use this edge (either direction). */
  units: string[];
}
