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
  /** The index (in the features given) of that unit, or −1: two units may carry the same code. */
  locateIndex(p: Position): number;
}

/**
 * A point-location index over coded polygons: flatbush on bounding boxes, exact point-in-polygon second.
 * @example areaIndex(grids.features, (f) => f.properties.code).locate([121.0, 30.6])
 */
export function areaIndex<P>(all: Feature<Areal, P>[], codeOf: (f: Feature<Areal, P>) => string): AreaIndex {
  // A unit read with malformed geometry has none (domain/geometry-fault): it locates nothing. `at` maps the index
  // of the units kept back to their index in `all`, which is what locateIndex answers.
  const at: number[] = [];
  all.forEach((f, i) => {
    if (hasGeometry(f)) at.push(i);
  });
  const features = at.map((i) => all[i]);
  if (features.length === 0) return { locate: () => null, locateIndex: () => -1 };
  const index = new Flatbush(features.length);
  for (const f of features) {
    const [minX, minY, maxX, maxY] = turfBbox(f.geometry);
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();
  const locateIndex = (p: Position) => {
    let best = -1;
    let bestCode = '';
    for (const i of index.search(p[0], p[1], p[0], p[1])) {
      const code = codeOf(features[i]);
      // Same code: the first feature, so that the answer does not depend on the index's order.
      const better = best < 0 || code < bestCode || (code === bestCode && i < best);
      if (better && booleanPointInPolygon(p, features[i].geometry)) {
        best = i;
        bestCode = code;
      }
    }
    return best < 0 ? -1 : at[best];
  };
  return {
    locateIndex,
    locate(p) {
      const i = locateIndex(p);
      return i < 0 ? null : codeOf(all[i]);
    },
  };
}

export interface Assignment {
  grid: Map<string, string | null>;
  microGrid: Map<string, string | null>;
  /**
   * The grid and micro-grid features themselves, by enterprise id: where a code is duplicated, each of the
   * features carrying it holds its own enterprises (counting them per code would add up two units).
   */
  gridUnit: Map<string, object | null>;
  microGridUnit: Map<string, object | null>;
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
  const gridUnit = new Map<string, object | null>();
  const microGridUnit = new Map<string, object | null>();
  for (const e of enterprises) {
    const p = e.geometry.coordinates;
    const g = gridIndex.locateIndex(p);
    const m = microIndex.locateIndex(p);
    grid.set(e.properties.id, g < 0 ? null : grids[g].properties.code);
    microGrid.set(e.properties.id, m < 0 ? null : microGrids[m].properties.code);
    gridUnit.set(e.properties.id, g < 0 ? null : grids[g]);
    microGridUnit.set(e.properties.id, m < 0 ? null : microGrids[m]);
  }
  return { grid, microGrid, gridUnit, microGridUnit };
}
