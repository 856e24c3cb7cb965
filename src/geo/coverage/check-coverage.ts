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
import { metresPerDegreeAt, type LocalProjection } from '../projection';
import { buildArrangement, cancelMatched, SegmentList, type Face } from './arrangement';
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
  /**
   * Each polygon of the container is valid (no invalid-geometry problem): then no part of it is covered a
   * negative number of times, which lets a problem whose units all lie quietly inside end at once. Default false.
   */
  containerValid?: boolean;
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
  /** The units whose shared border does not match. */
  codes: string[];
  /** Segments in WGS84: collinear pieces, and the outlines of slivers. */
  lines: [Position, Position][];
  /** Border pieces that run together within the snap distance without shared vertices. */
  collinear: number;
  /** Overlaps or gaps between these units narrower than the tolerance. */
  slivers: number;
  /** Width of the widest sliver, m (0 without slivers). */
  maxWidthM: number;
}

export interface CoverageResult {
  pieces: CoveragePiece[];
  mismatches: MismatchPiece[];
}

/** The segments of the problem at hand: one list, reused (its storage grows to the largest problem). */
const problemSegments = new SegmentList(4096);

/**
 * @example checkCoverage({ container: community, units: grids, requireFull: true }, proj, { tolerance: 0.5 })
 */
export function checkCoverage(problem: CoverageProblem, proj: LocalProjection, options: CoverageOptions = {}): CoverageResult {
  const tolerance = options.tolerance ?? COVERAGE_TOLERANCE_M;
  const segments = problemSegments;
  segments.clear();
  // Micro-grids share few borders, so little cancels: units that touch nothing and lie inside need no
  // arrangement. Grids must tile the container, so they all go in.
  const quiet = problem.requireFull ? null : quietUnits(problem);
  if (quiet && problem.containerValid && !quiet.includes(0)) {
    // Every unit is quiet: only the container's boundary would go in. Its faces have no unit on them (g = 0),
    // are covered by the valid container c ≥ 0 times, and no unit owns a border of them, so no face or border
    // could name two units: units that need not cover the container have no finding here.
    return { pieces: [], mismatches: [] };
  }
  problem.units.forEach((u, i) => {
    if (!quiet?.[i]) arealSegments(u.geometry, proj, i, 'unit', segments);
  });
  arealSegments(problem.container.geometry, proj, -1, 'container', segments);
  const arrangement = buildArrangement(cancelMatched(segments), { snap: options.snap });

  const pieces: CoveragePiece[] = [];
  // Borders between units that do not match, grouped by the units involved: pieces that coincide within the snap
  // without shared vertices, and overlaps or gaps narrower than the tolerance. A vertex pushed a few centimetres
  // into a neighbour is then a warning rather than nothing (as JTS's CoverageValidator reports every invalid edge).
  // A unit running along the container's boundary with other vertices, or a sliver between a unit and the
  // container only, is harmless (the boundary usually comes from elsewhere): only neighbour against neighbour
  // counts.
  const byOwners = new Map<string, MismatchPiece>();
  const mismatch = (codes: string[]) => {
    const key = codes.join(',');
    let piece = byOwners.get(key);
    if (!piece) byOwners.set(key, (piece = { codes, lines: [], collinear: 0, slivers: 0, maxWidthM: 0 }));
    return piece;
  };
  const unitsAt = arrangement.faces.length ? unitLocator(problem.units) : () => [];
  const codesOf = (owners: number[]) => owners.filter((o) => o >= 0).map((o) => problem.units[o].code).sort();
  const sliver = (rings: [number, number][][], g: number, owners: number[], pole: [number, number], widthM: number) => {
    // An overlap names the units covering it; a gap, the units around it.
    let codes = g >= 2 ? unitsAt(proj.toLonLat(pole)) : [];
    if (codes.length < 2) codes = codesOf(owners);
    if (codes.length < 2) return;
    const piece = mismatch(codes);
    piece.slivers++;
    piece.maxWidthM = Math.max(piece.maxWidthM, widthM);
    for (const ring of rings) {
      for (let i = 0; i < ring.length - 1; i++) piece.lines.push([proj.toLonLat(ring[i]), proj.toLonLat(ring[i + 1])]);
    }
  };
  for (const face of arrangement.faces) {
    if (face.area <= 0) continue;
    const overlap = face.g >= 2;
    const uncovered = face.g === 0 && face.c > 0;
    // Micro-grids need not cover their grid: only a narrow space closed between two of them is a border.
    if (uncovered && !problem.requireFull) {
      if (codesOf(face.owners).length < 2) continue;
      // Usually the open land between all of them, wide: a coarse search proves that at little cost (polylabel's
      // answer is a distance it reached, so at least the true one).
      if (measurePiece(face.rings, proj, tolerance, tolerance / 2).widthM >= tolerance) continue;
    }
    const m = measurePiece(face.rings, proj, tolerance);
    if (m.widthM < tolerance) {
      if (overlap || uncovered) sliver(face.rings, face.g, face.owners, m.pole, m.widthM);
      continue;
    }
    if (uncovered) {
      if (problem.requireFull) {
        const geometry = toPolygon(face.rings, proj);
        pieces.push({ kind: 'gap', codes: codesOf(face.owners), areaM2: m.areaM2, widthM: m.widthM, geometry });
      }
      continue;
    }
    // Matched borders were cancelled, so one face may span several units (a grid lying across the border of two
    // others): split it along the units' own borders and name the units of each part.
    for (const part of splitByUnits(face, problem.units, proj, options.snap)) addPart(part, face);
  }

  function addPart(part: Face, face: Face) {
    if (part.area <= 0) return;
    const m = measurePiece(part.rings, proj, tolerance);
    if (m.widthM < tolerance) {
      if (part.g >= 2) sliver(part.rings, part.g, part.owners, m.pole, m.widthM);
      return;
    }
    const covering = unitsAt(proj.toLonLat(m.pole));
    const base = { areaM2: m.areaM2, widthM: m.widthM, geometry: toPolygon(part.rings, proj) };
    if (part.g >= 2) pieces.push({ kind: 'overlap', codes: covering, ...base });
    if (face.c === 0) pieces.push({ kind: 'outside', codes: covering, ...base });
  }

  for (const m of arrangement.mismatches) {
    const codes = codesOf(m.owners);
    if (codes.length < 2) continue;
    const piece = mismatch(codes);
    piece.collinear++;
    piece.lines.push([proj.toLonLat(m.a), proj.toLonLat(m.b)]);
  }
  return { pieces, mismatches: [...byOwners.values()] };
}

/**
 * Area, width and pole of a piece (rings in the problem's metres), measured in a projection centred on the piece
 * itself: the problem's projection is exact only near its centre parallel (east–west scale off by tan φ0 · Δφ,
 * about 2 % at 250 km from it), and a community or county can span that. Both projections are equirectangular,
 * so the change is a scaling of each axis, taken at the piece's centroid latitude (the first-order error then
 * cancels over the piece).
 */
function measurePiece(
  rings: [number, number][][],
  proj: LocalProjection,
  tolerance: number,
  precision = Math.max(tolerance / 20, 1e-3),
): { areaM2: number; widthM: number; pole: [number, number] } {
  let a2 = 0;
  let cy = 0;
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const cross = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      a2 += cross;
      cy += (ring[i][1] + ring[i + 1][1]) * cross;
    }
  }
  const lat = a2 !== 0 ? proj.toLonLat([0, cy / (3 * a2)])[1] : proj.center[1];
  const [kx, ky] = metresPerDegreeAt(lat);
  const sx = kx / proj.metresPerDegree[0];
  const sy = ky / proj.metresPerDegree[1];
  const scaled = rings.map((r) => r.map(([x, y]) => [x * sx, y * sy]));
  const pole = polylabel(scaled, precision);
  return { areaM2: (a2 / 2) * sx * sy, widthM: 2 * pole.distance, pole: [pole[0] / sx, pole[1] / sy] };
}

/**
 * Units that provably need no arrangement (1 in the answer, by unit index): their boundary meets no other unit's
 * and not the container's, no other unit lies inside them or holds them, and they lie inside the container.
 * Boundaries are tested segment against segment (a bounding-box test alone fails on rotated parcels, whose boxes
 * overlap though the parcels do not). Topology is the same in degrees as in the linear local projection, so this
 * works on raw coordinates, held in flat arrays (a county has some 170,000 such segments).
 */
function quietUnits(problem: CoverageProblem): Uint8Array {
  const { units, container } = problem;
  let n = 0;
  for (const g of [...units.map((u) => u.geometry), container.geometry]) {
    for (const polygon of polygonsOf(g)) for (const ring of polygon) n += Math.max(ring.length - 1, 0);
  }
  const coords = new Float64Array(4 * n);
  const owner = new Int32Array(n);
  // Each unit's bounding box, as turfBbox makes it (every position of every ring, unless the geometry has a bbox).
  const boxes = new Float64Array(4 * units.length);
  let k = 0;
  const addRings = (g: Areal, o: number) => {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const polygon of polygonsOf(g)) {
      for (const ring of polygon) {
        for (let i = 0; i < ring.length; i++) {
          const x = ring[i][0];
          const y = ring[i][1];
          if (minX > x) minX = x;
          if (minY > y) minY = y;
          if (maxX < x) maxX = x;
          if (maxY < y) maxY = y;
          if (i === ring.length - 1) continue;
          coords[4 * k] = x;
          coords[4 * k + 1] = y;
          coords[4 * k + 2] = ring[i + 1][0];
          coords[4 * k + 3] = ring[i + 1][1];
          owner[k++] = o;
        }
      }
    }
    if (o >= 0 && g.bbox != null) boxes.set(g.bbox.slice(0, 4), 4 * o); // turfBbox trusts a stored bbox
    else if (o >= 0) {
      boxes[4 * o] = minX;
      boxes[4 * o + 1] = minY;
      boxes[4 * o + 2] = maxX;
      boxes[4 * o + 3] = maxY;
    }
  };
  const firsts: Position[] = [];
  units.forEach((u, i) => {
    addRings(u.geometry, i);
    firsts.push(polygonsOf(u.geometry)[0]?.[0]?.[0] ?? [NaN, NaN]);
  });
  addRings(container.geometry, -1);
  const loud = new Uint8Array(units.length);
  if (n === 0) return loud;
  // Every pair of segments whose boxes meet, by a sweep along x (the answer is a set, so the order of pairs does not
  // matter, and a sweep over flat arrays makes no garbage, where an index query makes two arrays per segment).
  const minX = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    minX[k] = Math.min(coords[4 * k], coords[4 * k + 2]);
    order[k] = k;
  }
  order.sort((a, b) => minX[a] - minX[b]);
  for (let p = 0; p < n; p++) {
    const k = order[p];
    const ok = owner[k];
    const ax = coords[4 * k];
    const ay = coords[4 * k + 1];
    const bx = coords[4 * k + 2];
    const by = coords[4 * k + 3];
    const kMaxX = Math.max(ax, bx);
    const kMinY = Math.min(ay, by);
    const kMaxY = Math.max(ay, by);
    for (let q = p + 1; q < n; q++) {
      const j = order[q];
      if (minX[j] > kMaxX) break;
      const oj = owner[j];
      // Nothing to learn: the same unit, the container against itself, or units already known to be loud.
      if (oj === ok || ((ok < 0 || loud[ok]) && (oj < 0 || loud[oj]))) continue;
      const cx = coords[4 * j];
      const cy = coords[4 * j + 1];
      const dx = coords[4 * j + 2];
      const dy = coords[4 * j + 3];
      if (Math.min(cy, dy) > kMaxY || Math.max(cy, dy) < kMinY) continue;
      if (meeting(ax, ay, bx, by, cx, cy, dx, dy, false)) {
        if (ok >= 0) loud[ok] = 1;
        if (oj >= 0) loud[oj] = 1;
      }
    }
  }
  const unitIndex = new Flatbush(Math.max(units.length, 1));
  for (let i = 0; i < units.length; i++) unitIndex.add(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
  if (units.length === 0) unitIndex.add(0, 0, 0, 0);
  unitIndex.finish();
  units.forEach((u, i) => {
    if (!booleanPointInPolygon(firsts[i], container.geometry)) loud[i] = 1;
    const found = unitIndex.search(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
    for (let f = 0; f < found.length; f++) {
      const j = found[f];
      if (j === i || j >= units.length) continue;
      if (booleanPointInPolygon(firsts[j], u.geometry)) {
        loud[i] = 1;
        loud[j] = 1;
      }
    }
  });
  for (let i = 0; i < units.length; i++) loud[i] = loud[i] ? 0 : 1;
  return loud;
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
  const segments = new SegmentList(256);
  units.forEach((u, i) => {
    const [a, b, c, d] = turfBbox(u.geometry);
    if (a <= e && c >= w && b <= n && d >= s) arealSegments(u.geometry, proj, i, 'unit', segments);
  });
  // The face's rings already run with its interior on the left (outer counter-clockwise, holes clockwise).
  for (const ring of face.rings) {
    for (let i = 0; i < ring.length - 1; i++) segments.push(ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1], 0, 1, -1);
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
