/**
 * Stored patrol area coverage (issue 14): the month's covered and total area per grid (geo/patrol-coverage's
 * corridorArea), computed ahead by `gridsight pack` and kept in `patrol-area.json`, because computing it is most of
 * a county's `stats` (2–3 s in Node, 5–7 s in a browser worker on a busy machine) and every screen that shows the
 * month's figures waits for it.
 *
 * A stored month is used only when it was computed from exactly the same inputs: its `key` is a hash of the grids in
 * force (codes and coordinates), the month's tracks (coordinates, in order), the radius, the row height and the
 * method (the figures corridorArea gives for a fixed shape, so a change to the algorithm that changes any figure
 * makes every stored month stale). Anything else (a grid redrawn, a track added, another asOf) misses, and the
 * figures are computed as before. The stored numbers are the computed ones (JSON keeps a double exactly), so `stats`
 * is the same either way. Pure: no browser or Node API.
 */
import type { Feature, LineString, Position } from 'geojson';
import type { Areal, PatrolAreaFile, PatrolAreaMonth } from '../domain/types';
import { hasGeometry } from '../domain/geometry-fault';
import { monthOf, parseTime } from '../domain/time';
import { packedPositions } from './packed-lines';
import { corridorAreaShare, corridorFigures, type CorridorArea } from './patrol-coverage';

/** The file's name in a dataset folder. */
export const PATROL_AREA_FILE = 'patrol-area.json';
/** `format` of the file: what it is, for a reader that finds it alone. */
export const PATROL_AREA_FORMAT: PatrolAreaFile['format'] = 'gridsight-patrol-area';
/** The layout version a reader understands; a file of another version is refused by the loader. */
export const PATROL_AREA_VERSION: PatrolAreaFile['version'] = 1;

type Track = Feature<LineString, { startedAt: string }>;
type Grid = Feature<Areal, { code: string }>;

/**
 * A 64-bit hash (two 32-bit MurmurHash3 lanes with different seeds) of 32-bit words: numbers go in as their
 * IEEE-754 bits, strings as their length and UTF-16 code units. For telling inputs apart, not for security: whoever
 * can write the stored file can write the tracks too.
 */
class Hasher {
  private a = 0x2f1d3c4b;
  private b = 0x6a09e667;
  private n = 0;
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);

  word(w: number): void {
    let k = Math.imul(w, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    let a = this.a ^ k;
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let b = this.b ^ Math.imul(k, 0x85ebca6b);
    b = (b << 17) | (b >>> 15);
    this.b = (Math.imul(b, 9) + 0x7feb352d) | 0;
    this.n++;
  }

  number(x: number): void {
    this.f64[0] = x;
    this.word(this.u32[0]);
    this.word(this.u32[1]);
  }

  string(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }

  /** Flat numbers (packed positions): read as words straight from their buffer. */
  floats(xy: Float64Array): void {
    this.word(xy.length);
    const words = new Uint32Array(xy.buffer, xy.byteOffset, xy.length * 2);
    for (let i = 0; i < words.length; i++) this.word(words[i]);
  }

  positions(ps: readonly Position[]): void {
    this.word(ps.length * 2);
    for (const p of ps) {
      this.number(p[0]);
      this.number(p[1]);
    }
  }

  digest(): string {
    const fmix = (h: number) => {
      h ^= this.n;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    return fmix(this.a).toString(16).padStart(8, '0') + fmix(this.b).toString(16).padStart(8, '0');
  }
}

let method: string | null = null;

/**
 * What corridorArea gives for a fixed shape (a square with a hole, a diagonal and a one-point track), as text: part
 * of every key, so figures stored by a version whose method measured differently are not used.
 */
function methodStamp(): string {
  if (method !== null) return method;
  const [x0, y0, d] = [120.9, 30.5, 0.002];
  const square: Position[] = [
    [x0, y0],
    [x0 + d, y0],
    [x0 + d, y0 + d],
    [x0, y0 + d],
    [x0, y0],
  ];
  const hole: Position[] = [
    [x0 + d / 4, y0 + d / 4],
    [x0 + d / 4, y0 + d / 2],
    [x0 + d / 2, y0 + d / 2],
    [x0 + d / 4, y0 + d / 4],
  ];
  const line = (coordinates: Position[]): LineString => ({ type: 'LineString', coordinates });
  const r = corridorAreaShare(
    { type: 'Polygon', coordinates: [square, hole] },
    [
      line([
        [x0 - d / 3, y0],
        [x0 + d, y0 + (2 * d) / 3],
      ]),
      line([[x0 + d, y0 + d]]),
    ],
    {
      radius: 30,
      cell: 1,
    },
  );
  method = `${PATROL_AREA_VERSION}:${r.coveredM2}:${r.areaM2}`;
  return method;
}

/**
 * The key of one month's area figures: grids (the ones in force, in order) and that month's tracks (in order).
 * @example patrolAreaKey(activeGrids, tracksInMonth(patrols.features, '2026-11'), 50, 1) // "3f09c2a18b7d4e61"
 */
export function patrolAreaKey(
  grids: readonly Grid[],
  tracks: readonly Track[],
  radius: number,
  cell: number,
): string {
  const h = new Hasher();
  h.string(methodStamp());
  h.number(radius);
  h.number(cell);
  h.word(grids.length);
  for (const g of grids) {
    h.string(g.properties.code);
    if (!hasGeometry(g)) {
      h.string('none');
      continue;
    }
    h.string(g.geometry.type);
    const polygons = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    h.word(polygons.length);
    for (const rings of polygons) {
      h.word(rings.length);
      for (const ring of rings) h.positions(ring);
    }
  }
  h.word(tracks.length);
  for (const t of tracks) {
    const packed = packedPositions(t.geometry);
    if (packed) h.floats(packed);
    else h.positions(t.geometry.coordinates);
  }
  return h.digest();
}

/**
 * The stored figures of `month` for these grids and tracks, or null when none were stored from exactly these inputs
 * (or a grid in force has none).
 */
export function storedPatrolArea(
  file: PatrolAreaFile | undefined,
  query: { month: string; radius: number; cell: number },
  grids: readonly Grid[],
  tracks: readonly Track[],
): Map<string, CorridorArea> | null {
  const entry = file?.months.find(
    (m) => m.month === query.month && m.radius === query.radius && m.cell === query.cell,
  );
  if (!entry || entry.key !== patrolAreaKey(grids, tracks, query.radius, query.cell)) return null;
  const area = new Map<string, CorridorArea>();
  for (const g of grids) {
    const figures = Object.hasOwn(entry.grids, g.properties.code)
      ? entry.grids[g.properties.code]
      : undefined;
    if (!figures) return null;
    area.set(g.properties.code, corridorFigures(figures[0], figures[1]));
  }
  return area;
}

/** The months (YYYY-MM, ascending) in which some track starts. */
export function trackMonths(tracks: readonly Track[]): string[] {
  const months = new Set<string>();
  for (const t of tracks) {
    const at = parseTime(t.properties.startedAt);
    if (!Number.isNaN(at)) months.add(monthOf(at));
  }
  return [...months].sort();
}

/** One stored month from figures computed for it (as patrolGeometry computed them). */
export function patrolAreaMonth(
  query: { month: string; radius: number; cell: number },
  grids: readonly Grid[],
  tracks: readonly Track[],
  area: ReadonlyMap<string, CorridorArea>,
): PatrolAreaMonth {
  // No prototype: a grid coded "__proto__" is a key like any other (as the reader keeps it: io/patrol-area).
  const figures: Record<string, [number, number]> = Object.create(null);
  for (const g of grids) {
    const a = area.get(g.properties.code);
    if (!a) throw new RangeError(`patrolAreaMonth: no figures for grid ${g.properties.code}`);
    figures[g.properties.code] = [a.coveredM2, a.areaM2];
  }
  return { ...query, key: patrolAreaKey(grids, tracks, query.radius, query.cell), grids: figures };
}
