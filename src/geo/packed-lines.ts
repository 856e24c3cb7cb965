/**
 * Line strings kept compact in memory (issue 14): a county's patrol tracks are 2.5 million positions, and as the
 * `[lon, lat]` arrays JSON.parse makes, each position costs ~64 bytes of heap (an array and its backing store): about
 * 160 MB in every worker that holds the tracks (the analyst's stats worker, the wall's). Packed, the positions are
 * one Float64Array (16 bytes a position) and each geometry reads its coordinates from it on demand.
 *
 * A packed geometry is a plain `LineString` to every reader: `coordinates` is an own, enumerable getter, so
 * iteration, JSON.stringify, structuredClone and postMessage all see the positions. Each read builds a new array
 * (read it once per use, not inside a loop over its points), and writes to that array are not kept: packed tracks
 * are read-only, as a loaded dataset's tracks are. A line with a position that is not exactly [lon, lat] (an
 * altitude, say) stays as it was. Pure: no browser or Node API.
 */
import type { Feature, FeatureCollection, LineString, Position } from 'geojson';

const PACKED = Symbol('packed line string');

interface Packed {
  /** Shared by every line of the collection: lon, lat, lon, lat, … */
  xy: Float64Array;
  /** Index of the line's first position, and its count. */
  start: number;
  count: number;
}

/** The packed positions of a geometry (flat lon, lat pairs, a view into the shared array), or null when not packed. */
export function packedPositions(geometry: LineString): Float64Array | null {
  const p = (geometry as unknown as { [PACKED]?: Packed })[PACKED];
  return p ? p.xy.subarray(2 * p.start, 2 * (p.start + p.count)) : null;
}

function packedLine(base: LineString, packed: Packed): LineString {
  const { coordinates: _, ...rest } = base;
  const line = { ...rest } as LineString;
  Object.defineProperty(line, 'coordinates', {
    enumerable: true,
    configurable: false,
    get(): Position[] {
      const { xy, start, count } = packed;
      const out: Position[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = [xy[2 * (start + i)], xy[2 * (start + i) + 1]];
      return out;
    },
  });
  Object.defineProperty(line, PACKED, { value: packed, enumerable: false });
  return line;
}

/**
 * The collection with its line strings packed (a new collection and new features; the input is left as it was).
 * @example const tracks = packLineStrings(parsed); tracks.features[0].geometry.coordinates // [[120.88, 30.51], …]
 */
export function packLineStrings<P>(fc: FeatureCollection<LineString, P>): FeatureCollection<LineString, P> {
  const packable = (f: Feature<LineString, P>) =>
    f.geometry?.type === 'LineString' && Array.isArray(f.geometry.coordinates) && f.geometry.coordinates.every((p) => p.length === 2);
  let total = 0;
  for (const f of fc.features) if (packable(f)) total += f.geometry.coordinates.length;
  const xy = new Float64Array(2 * total);
  let at = 0;
  const features = fc.features.map((f) => {
    if (!packable(f)) return f;
    const coords = f.geometry.coordinates;
    const packed: Packed = { xy, start: at, count: coords.length };
    for (const [lon, lat] of coords) {
      xy[2 * at] = lon;
      xy[2 * at + 1] = lat;
      at++;
    }
    return { ...f, geometry: packedLine(f.geometry, packed) };
  });
  return { ...fc, features };
}
