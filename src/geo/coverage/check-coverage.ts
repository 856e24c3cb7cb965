/**
 * One coverage problem: units (grids, or the micro-grids of one grid) against their container (the community,
 * or the grid). Reports overlaps, uncovered parts (when the units must cover the container), parts outside the
 * container, and borders that run together without sharing vertices.
 */
import Flatbush from 'flatbush';
import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import polylabel from 'polylabel';
import type { Polygon, Position } from 'geojson';
import type { Areal } from '../../domain/types';
import { COVERAGE_TOLERANCE_M } from '../../domain/rules';
import type { LocalProjection } from '../projection';
import { buildArrangement, cancelMatched, type Face, type WeightedSegment } from './arrangement';
import { arealSegments, polygonsOf } from './segments';
import { meeting } from './segment-meet';

export interface CoverageUnit {
  code: string;
  geometry: Areal;
}

export interface CoverageProblem {
  container: CoverageUnit;
  units: CoverageUnit[];
  /** Units must cover the whole container (grids do; micro-grids need not). */
  requireFull: boolean;
}

export interface CoverageOptions {
  /** Pieces narrower than this (metres, diameter of the largest inscribed circle) are dropped. Default 0.5. */
  tolerance?: number;
  /** Points this close (metres) are the same point. Default 0.01. */
  snap?: number;
}

export type PieceKind = 'overlap' | 'gap' | 'outside';

export interface CoveragePiece {
  kind: PieceKind;
  /** Overlap: the units sharing it; outside: the units spilling; gap: the units around it. */
  codes: string[];
  areaM2: number;
  widthM: number;
  geometry: Polygon;
}

export interface MismatchPiece {
  /** The units whose borders run together without shared vertices. */
  codes: string[];
  /** Segments in WGS84. */
  lines: [Position, Position][];
}

export interface CoverageResult {
  pieces: CoveragePiece[];
  mismatches: MismatchPiece[];
}

/**
 * @example checkCoverage({ container: community, units: grids, requireFull: true }, proj, { tolerance: 0.5 })
 */
export function checkCoverage(problem: CoverageProblem, proj: LocalProjection, options: CoverageOptions = {}): CoverageResult {
  const tolerance = options.tolerance ?? COVERAGE_TOLERANCE_M;
  const segments: WeightedSegment[] = [];
  // Micro-grids share few borders, so little cancels: units that touch nothing and lie inside need no
  // arrangement. Grids must tile the container, so they all go in.
  const skip = problem.requireFull ? new Set<number>() : quietUnits(problem);
  problem.units.forEach((u, i) => {
    if (!skip.has(i)) arealSegments(u.geometry, proj, i, 'unit', segments);
  });
  arealSegments(problem.container.geometry, proj, -1, 'container', segments);
  const arrangement = buildArrangement(cancelMatched(segments), { snap: options.snap });

  const pieces: CoveragePiece[] = [];
  if (arrangement.faces.length) {
    const unitsAt = unitLocator(problem.units);
    for (const face of arrangement.faces) {
      const uncovered = face.g === 0 && face.c > 0;
      if ((uncovered && !problem.requireFull) || face.area <= 0) continue;
      const pole = polylabel(face.rings, Math.max(tolerance / 20, 1e-3));
      const widthM = 2 * pole.distance;
      if (widthM < tolerance) continue;
      if (uncovered) {
        const geometry = toPolygon(face.rings, proj);
        pieces.push({ kind: 'gap', codes: face.owners.map((o) => problem.units[o].code).sort(), areaM2: face.area, widthM, geometry });
        continue;
      }
      // Matched borders were cancelled, so one face may span several units (a grid lying across the border of two
      // others): split it along the units' own borders and name the units of each part.
      for (const part of splitByUnits(face, problem.units, proj, options.snap)) {
        const partPole = polylabel(part.rings, Math.max(tolerance / 20, 1e-3));
        const partWidth = 2 * partPole.distance;
        if (partWidth < tolerance || part.area <= 0) continue;
        const covering = unitsAt(proj.toLonLat(partPole));
        const base = { areaM2: part.area, widthM: partWidth, geometry: toPolygon(part.rings, proj) };
        if (part.g >= 2) pieces.push({ kind: 'overlap', codes: covering, ...base });
        if (face.c === 0) pieces.push({ kind: 'outside', codes: covering, ...base });
      }
    }
  }

  // Border pieces that coincide without shared vertices, grouped by the units involved. A unit running along the
  // container's boundary with other vertices is harmless (the boundary usually comes from elsewhere): only
  // neighbour against neighbour counts, as in JTS's CoverageValidator.
  const byOwners = new Map<string, MismatchPiece>();
  for (const m of arrangement.mismatches) {
    const units = m.owners.filter((o) => o >= 0);
    if (units.length < 2) continue;
    const codes = units.map((o) => problem.units[o].code).sort();
    const key = codes.join(',');
    let piece = byOwners.get(key);
    if (!piece) byOwners.set(key, (piece = { codes, lines: [] }));
    piece.lines.push([proj.toLonLat(m.a), proj.toLonLat(m.b)]);
  }
  return { pieces, mismatches: [...byOwners.values()] };
}

/**
 * Units that provably need no arrangement: their boundary meets no other unit's and not the container's, no other
 * unit lies inside them or holds them, and they lie inside the container. Boundaries are tested segment against
 * segment (a bounding-box test alone fails on rotated parcels, whose boxes overlap though the parcels do not).
 * Topology is the same in degrees as in the linear local projection, so this works on raw coordinates.
 */
function quietUnits(problem: CoverageProblem): Set<number> {
  const { units, container } = problem;
  const coords: number[] = [];
  const owner: number[] = [];
  const firsts: Position[] = [];
  const addRings = (g: Areal, o: number) => {
    for (const polygon of polygonsOf(g)) {
      for (const ring of polygon) {
        for (let i = 0; i < ring.length - 1; i++) {
          coords.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
          owner.push(o);
        }
      }
    }
  };
  units.forEach((u, i) => {
    addRings(u.geometry, i);
    firsts.push(polygonsOf(u.geometry)[0]?.[0]?.[0] ?? [NaN, NaN]);
  });
  addRings(container.geometry, -1);
  const n = owner.length;
  const loud = new Uint8Array(units.length);
  if (n === 0) return new Set();
  const index = new Flatbush(n);
  for (let k = 0; k < n; k++) {
    const [ax, ay, bx, by] = [coords[4 * k], coords[4 * k + 1], coords[4 * k + 2], coords[4 * k + 3]];
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  index.finish();
  for (let k = 0; k < n; k++) {
    const ok = owner[k];
    if (ok < 0) continue; // container segments are found from the units' side
    const [ax, ay, bx, by] = [coords[4 * k], coords[4 * k + 1], coords[4 * k + 2], coords[4 * k + 3]];
    for (const j of index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
      const oj = owner[j];
      if (oj === ok || (loud[ok] && (oj < 0 || loud[oj]))) continue;
      if (meeting(ax, ay, bx, by, coords[4 * j], coords[4 * j + 1], coords[4 * j + 2], coords[4 * j + 3], false)) {
        loud[ok] = 1;
        if (oj >= 0) loud[oj] = 1;
      }
    }
  }
  const boxes = units.map((u) => turfBbox(u.geometry));
  const unitIndex = new Flatbush(Math.max(units.length, 1));
  for (const b of boxes) unitIndex.add(b[0], b[1], b[2], b[3]);
  if (units.length === 0) unitIndex.add(0, 0, 0, 0);
  unitIndex.finish();
  units.forEach((u, i) => {
    if (!booleanPointInPolygon(firsts[i], container.geometry)) loud[i] = 1;
    const b = boxes[i];
    for (const j of unitIndex.search(b[0], b[1], b[2], b[3])) {
      if (j === i || j >= units.length) continue;
      if (booleanPointInPolygon(firsts[j], u.geometry)) {
        loud[i] = 1;
        loud[j] = 1;
      }
    }
  });
  const out = new Set<number>();
  for (let i = 0; i < units.length; i++) if (!loud[i]) out.add(i);
  return out;
}


/** GeoJSON polygon; each ring starts at its lowest-leftmost vertex so equal pieces print equal. */
function toPolygon(rings: [number, number][][], proj: LocalProjection): Polygon {
  const canonical = (ring: [number, number][]) => {
    const open = ring.slice(0, -1);
    let k = 0;
    open.forEach((p, i) => {
      if (p[0] < open[k][0] || (p[0] === open[k][0] && p[1] < open[k][1])) k = i;
    });
    const turned = [...open.slice(k), ...open.slice(0, k)];
    return [...turned, turned[0]].map((p) => proj.toLonLat(p));
  };
  return { type: 'Polygon', coordinates: rings.map(canonical) };
}

/**
 * The parts of a face covered by one or more units, split along every unit border: the face is the container, the
 * units whose bounding boxes reach it are laid over it with their shared borders kept as dividers.
 */
function splitByUnits(face: Face, units: CoverageUnit[], proj: LocalProjection, snap?: number): Face[] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of face.rings[0]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const [w, s] = proj.toLonLat([minX, minY]);
  const [e, n] = proj.toLonLat([maxX, maxY]);
  const segments: WeightedSegment[] = [];
  units.forEach((u, i) => {
    const [a, b, c, d] = turfBbox(u.geometry);
    if (a <= e && c >= w && b <= n && d >= s) arealSegments(u.geometry, proj, i, 'unit', segments);
  });
  // The face's rings already run with its interior on the left (outer counter-clockwise, holes clockwise).
  for (const ring of face.rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      segments.push({ ax: ring[i][0], ay: ring[i][1], bx: ring[i + 1][0], by: ring[i + 1][1], wg: 0, wc: 1, owner: -1 });
    }
  }
  const keep = (g: number, c: number) => c >= 1 && g >= 1;
  return buildArrangement(cancelMatched(segments, { dividers: true }), { snap, dividers: true, keep }).faces;
}

/** The codes of the units whose interior contains a point, sorted. */
function unitLocator(units: CoverageUnit[]): (p: Position) => string[] {
  const index = new Flatbush(Math.max(units.length, 1));
  for (const u of units) {
    const [a, b, c, d] = turfBbox(u.geometry);
    index.add(a, b, c, d);
  }
  if (units.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return (p) =>
    index
      .search(p[0], p[1], p[0], p[1])
      .filter((i) => i < units.length && booleanPointInPolygon(p, units[i].geometry, { ignoreBoundary: true }))
      .map((i) => units[i].code)
      .sort();
}
