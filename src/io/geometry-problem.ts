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

/** Why `p` (at `indices`) is not a position, or null. */
function positionProblem(p: unknown[], indices: number[], type: string): string | null {
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
  const frames: { items: unknown[]; next: number }[] = [{ items: coordinates, next: 0 }];
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    if (top.next >= top.items.length) {
      frames.pop();
      continue;
    }
    const item = top.items[top.next++];
    const level = depth - frames.length; // array levels left below `item`
    if (!Array.isArray(item)) {
      const indices = frames.map((f) => f.next - 1);
      const want = level === 0 ? 'a position [lon, lat]' : 'an array';
      return `${pathOf(indices)} must be ${want}, got ${excerpt(item)}`;
    }
    if (level === 0) {
      const problem = positionProblem(item, frames.map((f) => f.next - 1), type);
      if (problem) return problem;
    } else frames.push({ items: item, next: 0 });
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
