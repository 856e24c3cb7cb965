/**
 * invalid-geometry: faults that make a polygon invalid under OGC simple features, decided as GEOS `isValid`
 * decides them (polygon-validity.ts), plus what coverage needs on top (Polygon or MultiPolygon, in lon/lat).
 * Each problem carries its class (`reason`) and a place when there is one.
 */
import type { Geometry, Position } from 'geojson';
import type { GeometryReason } from '../../domain/findings';
import { localProjection } from '../projection';
import { ringArea } from './segments';
import { topologyProblems, type ValidityProblem } from './polygon-validity';

export interface GeometryProblem {
  reason: GeometryReason;
  message: string;
  at: Position | null;
  /** The geometry cannot be used at all (wrong type, not lon/lat, unclosed or degenerate ring). */
  fatal: boolean;
}

/** Whether a geometry can take part in coverage and point location despite its problems. */
export function usable(problems: GeometryProblem[]): boolean {
  return !problems.some((p) => p.fatal);
}

const isLonLat = (p: Position) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isFinitePosition = (p: unknown) =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Points of a ring once consecutive repeats are dropped (GEOS counts them so for "too few points"). */
function distinctInSequence(ring: Position[]): number {
  let n = 0;
  for (let i = 0; i < ring.length; i++)
    if (i === 0 || ring[i][0] !== ring[i - 1][0] || ring[i][1] !== ring[i - 1][1]) n++;
  return n;
}

/**
 * Problems of a grid or micro-grid geometry, empty when it is valid. Rings may touch at single points (a hole
 * touching its shell, parts meeting at a vertex) as OGC and GEOS allow; the classes are GEOS's (`reason`).
 * @example checkArealGeometry({ type: 'Point', coordinates: [0, 0] }) // [{ reason: 'wrong-type', message: 'geometry must be …' }]
 */
export function checkArealGeometry(g: Geometry | null): GeometryProblem[] {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    const message = `geometry must be Polygon or MultiPolygon, got ${g ? g.type : 'null'}`;
    return [{ reason: 'wrong-type', message, at: null, fatal: true }];
  }
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const multi = polygons.length > 1;
  const partLabel = (pi: number) => (multi ? `part ${pi + 1}` : 'polygon');
  const label = (pi: number, ri: number) =>
    `${multi ? `part ${pi + 1}, ` : ''}${ri === 0 ? 'outer ring' : `hole ${ri}`}`;
  const fatal = (reason: GeometryReason, message: string, at: Position | null = null): GeometryProblem[] => [
    { reason, message, at, fatal: true },
  ];
  if (!Array.isArray(polygons) || !polygons.length) return fatal('empty', 'polygon has no rings');
  for (let pi = 0; pi < polygons.length; pi++) {
    if (!Array.isArray(polygons[pi]) || !polygons[pi].length)
      return fatal('empty', `${partLabel(pi)} has no rings`);
    for (let ri = 0; ri < polygons[pi].length; ri++) {
      const ring = polygons[pi][ri];
      if (!Array.isArray(ring))
        return fatal('invalid-coordinate', `${label(pi, ri)} is not an array of positions`);
      const bad = ring.find((p) => !isFinitePosition(p));
      if (bad !== undefined) {
        const shown = Array.isArray(bad) ? `[${bad.slice(0, 2).map(String).join(', ')}]` : String(bad);
        return fatal(
          'invalid-coordinate',
          `${label(pi, ri)} has a coordinate that is not a finite number (found ${shown})`,
        );
      }
    }
  }
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const bad = ring.find((p) => !isLonLat(p));
      if (bad) {
        return fatal(
          'not-lonlat',
          `coordinates are not WGS84 longitude/latitude (found [${bad.slice(0, 2).join(', ')}]; projected data must be converted first)`,
        );
      }
    }
  }
  const problems: GeometryProblem[] = [];
  polygons.forEach((polygon, pi) => {
    polygon.forEach((ring, ri) => {
      const a = ring[0] ?? null;
      const z = ring[ring.length - 1];
      if (a && (a[0] !== z[0] || a[1] !== z[1])) {
        problems.push({
          reason: 'ring-not-closed',
          message: `${label(pi, ri)} is not closed`,
          at: a,
          fatal: true,
        });
      } else if (distinctInSequence(ring) < 4) {
        const message = `${label(pi, ri)} has too few points (a ring needs 3 distinct corners and its closing point)`;
        problems.push({ reason: 'too-few-points', message, at: a, fatal: true });
      }
    });
  });
  if (problems.length) return problems;
  // A ring with no area (collinear points, a bow-tie of equal lobes) is invalid for GEOS too, as a
  // self-intersection; it bounds nothing, so coverage cannot use the geometry.
  const first = polygons[0][0][0];
  const [kx, ky] = localProjection([first[0], first[1]]).metresPerDegree;
  const flat = polygons.some((polygon) =>
    polygon.some((ring) => Math.abs(ringArea(ring as [number, number][])) * kx * ky < 1e-6),
  );
  for (const p of topologyProblems(polygons)) {
    problems.push({ reason: p.reason, message: describe(p, label), at: p.at, fatal: flat });
  }
  return problems;
}

function describe(p: ValidityProblem, label: (part: number, ring: number) => string): string {
  const [a, b] = p.rings.map(([part, ring]) => label(part, ring));
  switch (p.reason) {
    case 'self-intersection':
      return `boundary crosses itself: ${a} crosses or runs along ${b ?? 'itself'}`;
    case 'ring-self-intersection':
      return `${a} touches itself at a point (OGC forbids it: the pinched-off loop must be a hole or a part of its own)`;
    case 'hole-outside-shell':
      return `${a} lies outside its outer ring`;
    case 'nested-holes':
      return `${a} lies inside ${b}`;
    case 'nested-shells':
      return `part ${p.rings[0][0] + 1} lies inside part ${p.rings[1][0] + 1}`;
    case 'disconnected-interior':
      return 'holes touching one another or the outer ring cut the interior apart';
    default:
      return p.reason;
  }
}
