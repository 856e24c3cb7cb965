/**
 * GEOS (geos-wasm) as the reference for coverage checking: test-only code, never shipped in src/.
 *
 * Everything happens in local metres from src/geo/projection.ts, centred where our own code centres a problem
 * (the container's bbox centre); each resulting piece is then measured again in a projection centred on itself
 * (area by GEOS, width by polylabel), so that areas are right on a province-sized extent too. The route is the textbook one: a flatbush bbox prefilter, GEOSIntersection per candidate pair,
 * container − union(units) for gaps, unit − container for spill-over; pieces narrower than the tolerance
 * (diameter of the largest inscribed circle, measured with polylabel like our code) are dropped.
 *
 * Initialisation: geos-wasm ships its wasm inlined (base64) in build/package/geos.esm.js, so `initGeosJs()`
 * works offline in Node with no file to locate; it resolves once (the module caches the promise).
 */
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom, geosGeomToGeojson } from 'geos-wasm/helpers';
import Flatbush from 'flatbush';
import polylabel from 'polylabel';
import turfBbox from '@turf/bbox';
import type { Geometry, Polygon, Position } from 'geojson';
import type { Areal } from '../../src/domain/types';
import type { GeometryReason } from '../../src/domain/findings';
import { localProjection, type LocalProjection } from '../../src/geo/projection';
import type { CoverageProblem } from '../../src/geo/coverage/check-coverage';

export type Geos = Awaited<ReturnType<typeof initGeosJs>>;
/** A GEOS geometry pointer. */
type Ptr = number;

const GEOS_POLYGON = 3;
const GEOS_MULTIPOLYGON = 6;
const GEOS_GEOMETRYCOLLECTION = 7;

let loading: Promise<Geos> | null = null;
const errors: string[] = [];

/**
 * GEOS, initialised once. GEOS error messages are collected (see `geosErrors`) rather than printed.
 * @example const geos = await loadGeos()
 */
export function loadGeos(): Promise<Geos> {
  loading ??= initGeosJs({ errorHandler: (m: string) => void errors.push(m), noticeHandler: () => {} });
  return loading;
}

/** GEOS error messages seen so far (and clears them). */
export function geosErrors(): string[] {
  return errors.splice(0);
}

/** The projection our code uses for a problem: centred on the container's bbox. */
export function problemProjection(container: Areal): LocalProjection {
  const [minX, minY, maxX, maxY] = turfBbox(container);
  return localProjection([(minX + maxX) / 2, (minY + maxY) / 2]);
}

/** A Polygon or MultiPolygon with its coordinates mapped to local metres. */
export function projectAreal(g: Areal, proj: LocalProjection): Areal {
  const ring = (r: Position[]) => r.map((p) => proj.toLocal(p));
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}

/** A GEOS geometry from GeoJSON already in local metres; the caller destroys it. */
export function toGeos(geos: Geos, g: Areal): Ptr {
  const ptr = geojsonToGeosGeom(g, geos);
  if (!ptr) throw new Error(`GEOS could not build the geometry: ${geosErrors().join('; ')}`);
  return ptr;
}

/** Checks a GEOS result pointer (0 means an exception inside GEOS). */
function ok(ptr: Ptr, what: string): Ptr {
  if (!ptr) throw new Error(`GEOS ${what} failed: ${geosErrors().join('; ')}`);
  return ptr;
}

let scratch = 0;
/** GEOSArea of a geometry (square metres here). */
export function geosArea(geos: Geos, ptr: Ptr): number {
  scratch ||= geos.Module._malloc(8);
  geos.GEOSArea(ptr, scratch);
  return geos.Module.getValue(scratch, 'double');
}

/** The polygonal parts (pointers owned by `ptr`) of any GEOS geometry, collections flattened. */
function polygonParts(geos: Geos, ptr: Ptr, out: Ptr[] = []): Ptr[] {
  const type = geos.GEOSGeomTypeId(ptr);
  if (type === GEOS_POLYGON) {
    if (!geos.GEOSisEmpty(ptr)) out.push(ptr);
  } else if (type === GEOS_MULTIPOLYGON || type === GEOS_GEOMETRYCOLLECTION) {
    const n = geos.GEOSGetNumGeometries(ptr);
    for (let i = 0; i < n; i++) polygonParts(geos, geos.GEOSGetGeometryN(ptr, i), out);
  }
  return out;
}

/** Width of a polygon (local metres): diameter of the largest inscribed circle, as our code measures it. */
export function widthOf(polygon: Polygon, tolerance: number): number {
  return 2 * polylabel(polygon.coordinates, Math.max(tolerance / 20, 1e-3)).distance;
}

export interface ReferencePiece {
  areaM2: number;
  widthM: number;
  /** In local metres. */
  geometry: Polygon;
}

/**
 * A piece (in the problem's metres) measured in a projection centred on its own bbox: area by GEOS, width as ours.
 */
function measureLocally(geos: Geos, geometry: Polygon, proj: LocalProjection, tolerance: number) {
  const lonLat = geometry.coordinates.map((r) => r.map((p) => proj.toLonLat(p)));
  const [minX, minY, maxX, maxY] = turfBbox({ type: 'Polygon', coordinates: lonLat });
  const own = localProjection([(minX + maxX) / 2, (minY + maxY) / 2]);
  const local: Polygon = { type: 'Polygon', coordinates: lonLat.map((r) => r.map((p) => own.toLocal(p))) };
  const ptr = toGeos(geos, local);
  try {
    return { areaM2: geosArea(geos, ptr), widthM: widthOf(local, tolerance) };
  } finally {
    geos.GEOSGeom_destroy(ptr);
  }
}

/** The polygon parts of a GEOS result with positive area, each measured in its own local projection. */
function pieces(geos: Geos, ptr: Ptr, tolerance: number, proj: LocalProjection): ReferencePiece[] {
  const out: ReferencePiece[] = [];
  for (const part of polygonParts(geos, ptr)) {
    if (!(geosArea(geos, part) > 0)) continue;
    const geometry = geosGeomToGeojson(part, geos) as Polygon;
    out.push({ ...measureLocally(geos, geometry, proj, tolerance), geometry });
  }
  return out;
}

export interface ReferenceResult {
  /** Per pair of unit codes ("a,b", sorted): the pieces of their intersection at least `tolerance` wide. */
  overlaps: Map<string, ReferencePiece[]>;
  /** Container minus the union of the units, split into polygons (only when the units must cover it). */
  gaps: ReferencePiece[];
  /** Per unit code: the pieces of unit minus container. */
  outside: Map<string, ReferencePiece[]>;
  /** Pieces under the tolerance that were dropped (for diagnostics). */
  dropped: number;
  /** Geometries GEOSisValid rejected (only with the `validity` option). */
  invalid: number;
}

export interface ReferenceOptions {
  /** Metres; pieces narrower than this are dropped. Default 0.5 (as our validator). */
  tolerance?: number;
  /** Skip unit − container where the prepared container covers the unit (a fast path; same answer). Default true. */
  preparedOutside?: boolean;
  /**
   * Also run GEOSisValid on the units (and on the container when 'all'), as our validator checks geometry too.
   * Counted in `invalid`. Default 'none'.
   */
  validity?: 'none' | 'units' | 'all';
}

/**
 * The GEOS answer to one coverage problem. The problem's geometries are WGS84; `proj` maps them to metres.
 * @example geosCoverage(geos, { container, units, requireFull: true }, problemProjection(container.geometry))
 */
export function geosCoverage(
  geos: Geos,
  problem: CoverageProblem,
  proj: LocalProjection,
  options: ReferenceOptions = {},
): ReferenceResult {
  const tolerance = options.tolerance ?? 0.5;
  const prepared = options.preparedOutside ?? true;
  const result: ReferenceResult = {
    overlaps: new Map(),
    gaps: [],
    outside: new Map(),
    dropped: 0,
    invalid: 0,
  };
  const keep = (list: ReferencePiece[]) => {
    const wide = list.filter((p) => p.widthM >= tolerance);
    result.dropped += list.length - wide.length;
    return wide;
  };
  const units = problem.units.map((u) => projectAreal(u.geometry, proj));
  const ptrs = units.map((g) => toGeos(geos, g));
  const container = toGeos(geos, projectAreal(problem.container.geometry, proj));
  try {
    const validity = options.validity ?? 'none';
    if (validity !== 'none') {
      for (const p of ptrs) if (geos.GEOSisValid(p) !== 1) result.invalid++;
      if (validity === 'all' && geos.GEOSisValid(container) !== 1) result.invalid++;
    }
    // (a) pairs with intersecting bboxes: flatbush first, GEOS second (DESIGN.md rule 4).
    if (units.length > 1) {
      const index = new Flatbush(units.length);
      const boxes = units.map((g) => turfBbox(g));
      for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
      index.finish();
      boxes.forEach((b, i) => {
        for (const j of index.search(b[0], b[1], b[2], b[3])) {
          if (j <= i) continue;
          const inter = ok(geos.GEOSIntersection(ptrs[i], ptrs[j]), 'intersection');
          try {
            const wide = keep(pieces(geos, inter, tolerance, proj));
            if (wide.length)
              result.overlaps.set([problem.units[i].code, problem.units[j].code].sort().join(','), wide);
          } finally {
            geos.GEOSGeom_destroy(inter);
          }
        }
      });
    }
    // (c) spill-over: unit − container.
    const pc = prepared ? geos.GEOSPrepare(container) : 0;
    try {
      ptrs.forEach((p, i) => {
        if (pc && geos.GEOSPreparedCovers(pc, p) === 1) return;
        const diff = ok(geos.GEOSDifference(p, container), 'difference');
        try {
          const wide = keep(pieces(geos, diff, tolerance, proj));
          if (wide.length) result.outside.set(problem.units[i].code, wide);
        } finally {
          geos.GEOSGeom_destroy(diff);
        }
      });
    } finally {
      if (pc) geos.GEOSPreparedGeom_destroy(pc);
    }
    // (b) gaps: container − union(units).
    if (problem.requireFull) result.gaps = keep(geosGaps(geos, container, ptrs, tolerance, proj));
  } finally {
    for (const p of ptrs) geos.GEOSGeom_destroy(p);
    geos.GEOSGeom_destroy(container);
  }
  return result;
}

/** container − union(units), as pieces; leaves the inputs alone (the collection owns clones). */
function geosGaps(geos: Geos, container: Ptr, units: Ptr[], tolerance: number, proj: LocalProjection): ReferencePiece[] {
  const clones = units.map((p) => ok(geos.GEOSGeom_clone(p), 'clone'));
  const array = geos.Module._malloc(4 * Math.max(clones.length, 1));
  geos.Module.HEAPU32.set(clones, array / 4);
  const collection = ok(
    geos.GEOSGeom_createCollection(GEOS_GEOMETRYCOLLECTION, array, clones.length),
    'collection',
  );
  geos.Module._free(array);
  const union = ok(geos.GEOSUnaryUnion(collection), 'union');
  geos.GEOSGeom_destroy(collection); // frees the clones it owns
  const diff = ok(geos.GEOSDifference(container, union), 'difference');
  geos.GEOSGeom_destroy(union);
  try {
    return pieces(geos, diff, tolerance, proj);
  } finally {
    geos.GEOSGeom_destroy(diff);
  }
}

/**
 * GEOSCoverageIsValid (JTS CoverageValidator) over the units, in metres: 1 valid, 0 invalid. It matches edges
 * only (no areas, no container), so it is a yardstick for speed, not a full answer.
 * @example geosCoverageIsValid(geos, grids.map((g) => g.geometry), proj, 0.5)
 */
export function geosCoverageIsValid(
  geos: Geos,
  units: Areal[],
  proj: LocalProjection,
  gapWidth: number,
): number {
  const ptrs = units.map((u) => toGeos(geos, projectAreal(u, proj)));
  const array = geos.Module._malloc(4 * Math.max(ptrs.length, 1));
  geos.Module.HEAPU32.set(ptrs, array / 4);
  const collection = ok(
    geos.GEOSGeom_createCollection(GEOS_GEOMETRYCOLLECTION, array, ptrs.length),
    'collection',
  );
  geos.Module._free(array);
  try {
    return geos.GEOSCoverageIsValid(collection, gapWidth, 0);
  } finally {
    geos.GEOSGeom_destroy(collection);
  }
}

/**
 * GEOS's CoverageValidator (GEOSCoverageIsValid with its invalid edges, gapWidth as our tolerance) over the units,
 * in metres: the indices of the units with at least one invalid edge (an overlap, a narrow gap or an edge that
 * does not match its neighbour's).
 * @example geosInvalidUnits(geos, grids.map((g) => g.geometry), proj, 0.5) // [3, 4]
 */
export function geosInvalidUnits(geos: Geos, units: Areal[], proj: LocalProjection, gapWidth: number): number[] {
  if (units.length < 2) return [];
  const ptrs = units.map((u) => toGeos(geos, projectAreal(u, proj)));
  const array = geos.Module._malloc(4 * ptrs.length);
  geos.Module.HEAPU32.set(ptrs, array / 4);
  const collection = ok(
    geos.GEOSGeom_createCollection(GEOS_GEOMETRYCOLLECTION, array, ptrs.length),
    'collection',
  );
  geos.Module._free(array);
  const slot = geos.Module._malloc(4);
  geos.Module.HEAPU32[slot / 4] = 0;
  try {
    const valid = geos.GEOSCoverageIsValid(collection, gapWidth, slot);
    if (valid === 2) throw new Error(`GEOSCoverageIsValid failed: ${geosErrors().join('; ')}`);
    const edges = geos.Module.HEAPU32[slot / 4];
    if (!edges) return [];
    try {
      const out: number[] = [];
      for (let i = 0; i < geos.GEOSGetNumGeometries(edges); i++) {
        if (!geos.GEOSisEmpty(geos.GEOSGetGeometryN(edges, i))) out.push(i);
      }
      return out;
    } finally {
      geos.GEOSGeom_destroy(edges);
    }
  } finally {
    geos.Module._free(slot);
    geos.GEOSGeom_destroy(collection);
  }
}

/** Local-metre GeoJSON of a reference piece back in WGS84 (for reports). */
export function pieceToLonLat(piece: ReferencePiece, proj: LocalProjection): Geometry {
  return {
    type: 'Polygon',
    coordinates: piece.geometry.coordinates.map((r) => r.map((p) => proj.toLonLat(p))),
  };
}

/** GEOS `isValidReason` texts (TopologyValidationError) and the `reason` each one is for us. */
const GEOS_VALIDITY: Record<string, GeometryReason> = {
  'Invalid Coordinate': 'invalid-coordinate',
  'Ring is not closed': 'ring-not-closed',
  'Too few points in geometry component': 'too-few-points',
  'Self-intersection': 'self-intersection',
  'Ring Self-intersection': 'ring-self-intersection',
  'Hole lies outside shell': 'hole-outside-shell',
  'Holes are nested': 'nested-holes',
  'Interior is disconnected': 'disconnected-interior',
  'Nested shells': 'nested-shells',
  // IsValidOp since GEOS 3.10 finds duplicate rings as overlapping segments and never says this; kept for older builds.
  'Duplicate Rings': 'self-intersection',
};

export interface GeosValidity {
  /** Our `reason` for GEOS's answer, or 'valid'. */
  reason: GeometryReason | 'valid';
  /** What GEOS said: its isValidReason, or why it could not build the geometry. */
  text: string;
}

/**
 * GEOS's verdict on a Polygon or MultiPolygon, in its own coordinates (no projection: a rounding step would move
 * points on or off edges). GEOS refuses to build an unclosed ring or one of 1–3 points; those count as
 * `ring-not-closed` and `too-few-points`, as its IsValidOp would call them.
 * @example geosValidity(geos, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] }) // { reason: 'valid', … }
 */
export function geosValidity(geos: Geos, g: Areal): GeosValidity {
  const ptr = geojsonToGeosGeom(g, geos);
  if (!ptr) {
    const text = geosErrors().join('; ');
    if (/do not form a closed linestring/.test(text)) return { reason: 'ring-not-closed', text };
    if (/Invalid number of points in LinearRing/.test(text)) return { reason: 'too-few-points', text };
    throw new Error(`GEOS could not build the geometry: ${text}`);
  }
  try {
    const p = geos.GEOSisValidReason(ptr);
    const text: string = geos.Module.UTF8ToString(p);
    geos.GEOSFree(p);
    if (text === 'Valid Geometry') return { reason: 'valid', text };
    const reason = GEOS_VALIDITY[text.replace(/\[.*$/, '')];
    if (!reason) throw new Error(`unknown GEOS validity reason: ${text}`);
    return { reason, text };
  } finally {
    geos.GEOSGeom_destroy(ptr);
  }
}
