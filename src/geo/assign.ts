/**
 * Which grid and micro-grid contain each enterprise point. The boundaries decide (the declared gridCode is only
 * what was declared); a point exactly on a shared border belongs to the unit whose code sorts first (DOMAIN.md).
 */
import Flatbush from 'flatbush';
import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Point, Position } from 'geojson';
import type { Areal } from '../domain/types';
import { hasGeometry } from '../domain/geometry-fault';

export interface AreaIndex {
  /** The code of the unit containing the point, the first by code on a shared border, or null. */
  locate(p: Position): string | null;
}

/**
 * A point-location index over coded polygons: flatbush on bounding boxes, exact point-in-polygon second.
 * @example areaIndex(grids.features, (f) => f.properties.code).locate([121.0, 30.6])
 */
export function areaIndex<P>(all: Feature<Areal, P>[], codeOf: (f: Feature<Areal, P>) => string): AreaIndex {
  // A unit read with malformed geometry has none (domain/geometry-fault): it locates nothing.
  const features = all.filter(hasGeometry);
  if (features.length === 0) return { locate: () => null };
  const index = new Flatbush(features.length);
  for (const f of features) {
    const [minX, minY, maxX, maxY] = turfBbox(f.geometry);
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();
  return {
    locate(p) {
      let best: string | null = null;
      for (const i of index.search(p[0], p[1], p[0], p[1])) {
        const code = codeOf(features[i]);
        if ((best === null || code < best) && booleanPointInPolygon(p, features[i].geometry)) best = code;
      }
      return best;
    },
  };
}

export interface Assignment {
  grid: Map<string, string | null>;
  microGrid: Map<string, string | null>;
}

/**
 * Assigns every enterprise (by id) to the grid and micro-grid containing its point.
 * @example assignEnterprises(grids, microGrids, enterprises).grid.get('91330424MA2…')
 */
export function assignEnterprises(
  grids: Feature<Areal, { code: string }>[],
  microGrids: Feature<Areal, { code: string }>[],
  enterprises: Feature<Point, { id: string }>[],
): Assignment {
  const gridIndex = areaIndex(grids, (f) => f.properties.code);
  const microIndex = areaIndex(microGrids, (f) => f.properties.code);
  const grid = new Map<string, string | null>();
  const microGrid = new Map<string, string | null>();
  for (const e of enterprises) {
    const p = e.geometry.coordinates;
    grid.set(e.properties.id, gridIndex.locate(p));
    microGrid.set(e.properties.id, microIndex.locate(p));
  }
  return { grid, microGrid };
}
