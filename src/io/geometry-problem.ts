/**
 * The one check that a GeoJSON geometry read from a file is geometry at all: an allowed type, and coordinates
 * nested exactly as deep as the type needs, ending in positions of 2 or 3 finite numbers. Reading (schema.ts) runs
 * it for every feature of every file, for the CLI's validate and stats and for the app alike. Geometric validity
 * inside well-formed coordinates (closed rings, self-intersections) is validation's business, not this.
 */
import { excerpt } from './errors';

/** How many array levels sit above the positions, per type. */
const DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

const pathOf = (indices: readonly number[]) => `coordinates${indices.map((i) => `[${i}]`).join('')}`;

/**
 * Why `p` is not a position, or null. `at` holds, per level above it, one past its index there: the path is made
 * only for the message (a file has hundreds of thousands of positions).
 */
function positionProblem(p: unknown[], at: readonly number[], type: string): string | null {
  // The usual case first: 2 or 3 finite numbers (none of them an array, so the checks below all pass).
  if (
    (p.length === 2 || p.length === 3) &&
    typeof p[0] === 'number' && Number.isFinite(p[0]) &&
    typeof p[1] === 'number' && Number.isFinite(p[1]) &&
    (p.length === 2 || (typeof p[2] === 'number' && Number.isFinite(p[2])))
  ) {
    return null;
  }
  const indices = at.map((i) => i - 1);
  if (p.some(Array.isArray)) return `${pathOf(indices)} is nested deeper than a ${type} allows (a position [lon, lat] is due)`;
  if (p.length < 2 || p.length > 3) {
    return `${pathOf(indices)} must be a position of 2 or 3 numbers, got ${p.length} value${p.length === 1 ? '' : 's'}`;
  }
  for (let k = 0; k < p.length; k++) {
    const n = p[k];
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      return `${pathOf([...indices, k])} must be a finite number, got ${excerpt(n)}`;
    }
  }
  return null;
}

/**
 * Why `coordinates` is not `depth` levels of arrays over positions, or null. Walks with an explicit stack of at
 * most `depth` frames, never recursing: a file can nest arrays 100,000 deep, and anything deeper than the type
 * allows is reported at the first level where a number was due.
 */
function coordinatesProblem(coordinates: unknown, type: string, depth: number): string | null {
  if (!Array.isArray(coordinates)) return `coordinates must be an array, got ${excerpt(coordinates)}`;
  if (depth === 0) return positionProblem(coordinates, [], type);
  // Frame f: the array items[f] and one past the index of its item being looked at, next[f].
  const items: unknown[][] = [coordinates];
  const next: number[] = [0];
  while (items.length > 0) {
    const top = items.length - 1;
    const list = items[top];
    if (next[top] >= list.length) {
      items.pop();
      next.pop();
      continue;
    }
    const item = list[next[top]++];
    const level = depth - items.length; // array levels left below `item`
    if (!Array.isArray(item)) {
      const want = level === 0 ? 'a position [lon, lat]' : 'an array';
      return `${pathOf(next.map((i) => i - 1))} must be ${want}, got ${excerpt(item)}`;
    }
    if (level === 0) {
      const problem = positionProblem(item, next, type);
      if (problem) return problem;
    } else {
      items.push(item);
      next.push(0);
    }
  }
  return null;
}

/**
 * What is wrong with a geometry read from a file, one line with the path of the bad value, or null when it is one
 * of the `allowed` types with well-formed coordinates.
 * @example geometryProblem({ type: 'Polygon', coordinates: [[[121, '30.6']]] }, ['Polygon']) // 'coordinates[0][0][1] must be a finite number, got "30.6"'
 */
export function geometryProblem(geometry: unknown, allowed: readonly string[]): string | null {
  const type = geometry && typeof geometry === 'object' ? (geometry as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !allowed.includes(type)) {
    const got =
      geometry === null || geometry === undefined
        ? 'null'
        : typeof type === 'string' && (type in DEPTH || type === 'GeometryCollection')
          ? type
          : type === undefined
            ? excerpt(geometry)
            : `type ${excerpt(type)}`;
    return `geometry must be ${allowed.join(' or ')}, got ${got}`;
  }
  const depth = DEPTH[type];
  if (depth === undefined) return `geometry type ${type} is not supported here`;
  return coordinatesProblem((geometry as { coordinates?: unknown }).coordinates, type, depth);
}
