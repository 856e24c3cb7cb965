/**
 * Which unit a drawn line or ring is about: the tools name a grid or micro-grid by where the planner drew, not by
 * a separate pick. A split line runs from border to border, so its ends lie on borders and say nothing; the middle
 * of each of its pieces lies inside the unit it cuts. Pure.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { LonLat } from '../../domain/plan/types';

type Unit = Feature<Polygon | MultiPolygon, { code: string }>;

/**
 * Codes of the units containing `p` (a border point is in both).
 * @example unitsAt(grids.features, [121.01, 30.6]) // ['330424002201001']
 */
export function unitsAt(units: readonly Unit[], p: LonLat): string[] {
  return units.filter((u) => u.geometry && booleanPointInPolygon(p, u.geometry)).map((u) => u.properties.code);
}

/** The unit holding most of `samples`, or null when none holds any (ties: the first in `units`). */
function mostOf(units: readonly Unit[], samples: readonly LonLat[]): string | null {
  const hits = new Map<string, number>();
  for (const s of samples) for (const c of unitsAt(units, s)) hits.set(c, (hits.get(c) ?? 0) + 1);
  let best: string | null = null;
  let most = 0;
  for (const u of units) {
    const n = hits.get(u.properties.code) ?? 0;
    if (n > most) [best, most] = [u.properties.code, n];
  }
  return best;
}

/**
 * The unit a line is drawn across: the one holding most of the line's segment midpoints.
 * @example unitAlong(grids.features, [[121.0, 30.6], [121.01, 30.61]])
 */
export function unitAlong(units: readonly Unit[], line: readonly LonLat[]): string | null {
  const mids: LonLat[] = [];
  for (let i = 1; i < line.length; i++) mids.push([(line[i - 1][0] + line[i][0]) / 2, (line[i - 1][1] + line[i][1]) / 2]);
  return mostOf(units, mids);
}

/**
 * The unit a ring is drawn in: the one holding most of its vertices, its edges' midpoints and its vertex average.
 * @example unitAround(grids.features, [[121.0, 30.6], [121.01, 30.6], [121.01, 30.61]])
 */
export function unitAround(units: readonly Unit[], ring: readonly LonLat[]): string | null {
  const closed = [...ring, ring[0]];
  const avg: LonLat = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  const mids: LonLat[] = [];
  for (let i = 1; i < closed.length; i++) mids.push([(closed[i - 1][0] + closed[i][0]) / 2, (closed[i - 1][1] + closed[i][1]) / 2]);
  return mostOf(units, [...ring, ...mids, avg, avg]);
}
