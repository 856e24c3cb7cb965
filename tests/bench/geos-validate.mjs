#!/usr/bin/env node
/**
 * Coverage validation of a dataset folder with GEOS (geos-wasm 3.1.1), as a process of its own: the yardstick for
 * the whole-process time of `gridsight validate` (tests/bench/cli-bench.mjs runs both side by side).
 *
 * It reads the same files as `validate` (community.geojson, grids.geojson, microgrids.geojson), splits them into
 * the same problems (each community with its grids, each grid with its micro-grids), measures in the same local
 * metres (equirectangular at the container's bbox centre, src/geo/projection.ts) and then, per problem:
 *  - GEOSisValid on every community, grid and micro-grid (once each);
 *  - route `coverage` (default): GEOSCoverageIsValid (JTS CoverageValidator) on the units with gapWidth = the
 *    tolerance, its invalid edges counted; gaps = container − GEOSUnaryUnion(units) (communities only, which grids
 *    must cover); spill-over = unit − container where the prepared container does not cover the unit;
 *  - route `pieces`: the in-process benchmark's GEOS route (tests/bench/coverage-routes.ts): GEOSIntersection on
 *    flatbush bbox candidate pairs, then the same gaps and spill-over.
 * Overlap, gap and spill-over pieces narrower than the tolerance (diameter of the largest inscribed circle, by
 * polylabel as ours) are dropped. Prints a JSON summary with the counts and the time of each phase.
 *
 * Plain JavaScript (no tsx), so the process pays only for Node, the wasm and the work.
 * Usage: node tests/bench/geos-validate.mjs DIR [--tolerance 0.5] [--route coverage|pieces]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom } from 'geos-wasm/helpers';
import Flatbush from 'flatbush';
import polylabel from 'polylabel';

const t0 = performance.now();
const { values, positionals } = parseArgs({
  options: { tolerance: { type: 'string', default: '0.5' }, route: { type: 'string', default: 'coverage' } },
  allowPositionals: true,
});
if (positionals.length !== 1 || !['coverage', 'pieces'].includes(values.route)) {
  process.stderr.write('usage: node tests/bench/geos-validate.mjs DIR [--tolerance 0.5] [--route coverage|pieces]\n');
  process.exit(2);
}
const dir = positionals[0];
const tolerance = Number(values.tolerance);

const GEOS_POLYGON = 3;
const GEOS_MULTIPOLYGON = 6;
const GEOS_GEOMETRYCOLLECTION = 7;

// ---- read and parse the same files as `validate` (in parallel, as ours) -------------------------------------
const read = async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')).features;
const geosReady = initGeosJs({ errorHandler: () => {}, noticeHandler: () => {} });
const [communities, grids, microGrids] = await Promise.all(
  ['community.geojson', 'grids.geojson', 'microgrids.geojson'].map(read),
);
const tRead = performance.now();
const geos = await geosReady;
const tInit = performance.now();

// ---- the problems, as src/geo/coverage/validate-coverage.ts splits them -------------------------------------
const communityCodes = new Set(communities.map((c) => c.properties.code));
/** A grid's community: its communityCode, else the community whose code starts the grid's code. */
function communityOfGrid(p) {
  if (p.communityCode && communityCodes.has(p.communityCode)) return p.communityCode;
  for (const c of communityCodes) if (p.code.startsWith(c)) return c;
  return null;
}
const problems = [];
const gridsOf = new Map();
for (const g of grids) {
  const c = communityOfGrid(g.properties);
  if (c) (gridsOf.get(c) ?? gridsOf.set(c, []).get(c)).push(g);
}
for (const c of communities) problems.push({ container: c, units: gridsOf.get(c.properties.code) ?? [], requireFull: true });
const microOf = new Map();
for (const m of microGrids) (microOf.get(m.properties.gridCode) ?? microOf.set(m.properties.gridCode, []).get(m.properties.gridCode)).push(m);
for (const g of grids) {
  const units = microOf.get(g.properties.code);
  if (units?.length) problems.push({ container: g, units, requireFull: false });
}

// ---- geometry helpers ---------------------------------------------------------------------------------------
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;
/** src/geo/projection.ts localProjection, forward only. */
function projector([lon0, lat0]) {
  const s = Math.sin(lat0 * RAD);
  const w = Math.sqrt(1 - E2 * s * s);
  const kx = (A / w) * Math.cos(lat0 * RAD) * RAD;
  const ky = ((A * (1 - E2)) / (w * w * w)) * RAD;
  return (p) => [(p[0] - lon0) * kx, (p[1] - lat0) * ky];
}
function bbox(geometry) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}
function project(geometry, toLocal) {
  const ring = (r) => r.map(toLocal);
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map(ring)) };
}
function toGeos(geometry) {
  const ptr = geojsonToGeosGeom(geometry, geos);
  if (!ptr) throw new Error('GEOS could not build a geometry');
  return ptr;
}
function ok(ptr, what) {
  if (!ptr) throw new Error(`GEOS ${what} failed`);
  return ptr;
}
const scratch = geos.Module._malloc(8);
function area(ptr) {
  geos.GEOSArea(ptr, scratch);
  return geos.Module.getValue(scratch, 'double');
}
function polygonParts(ptr, out = []) {
  const type = geos.GEOSGeomTypeId(ptr);
  if (type === GEOS_POLYGON) {
    if (!geos.GEOSisEmpty(ptr)) out.push(ptr);
  } else if (type === GEOS_MULTIPOLYGON || type === GEOS_GEOMETRYCOLLECTION) {
    const n = geos.GEOSGetNumGeometries(ptr);
    for (let i = 0; i < n; i++) polygonParts(geos.GEOSGetGeometryN(ptr, i), out);
  }
  return out;
}
/** Rings of a GEOS polygon as coordinate arrays (for polylabel). */
function rings(poly) {
  const ringCoords = (r) => {
    const seq = geos.GEOSGeom_getCoordSeq(r);
    const n = geos.GEOSGeomGetNumPoints(r);
    const out = [];
    for (let i = 0; i < n; i++) {
      geos.GEOSCoordSeq_getXY(seq, i, scratch, scratch + 8);
      out.push([geos.Module.getValue(scratch, 'double'), geos.Module.getValue(scratch + 8, 'double')]);
    }
    return out;
  };
  const list = [ringCoords(geos.GEOSGetExteriorRing(poly))];
  const holes = geos.GEOSGetNumInteriorRings(poly);
  for (let i = 0; i < holes; i++) list.push(ringCoords(geos.GEOSGetInteriorRingN(poly, i)));
  return list;
}
/** Polygon parts with area, at least `tolerance` wide: what ours would report. */
function widePieces(ptr) {
  let n = 0;
  for (const part of polygonParts(ptr)) {
    if (!(area(part) > 0)) continue;
    if (2 * polylabel(rings(part), Math.max(tolerance / 20, 1e-3)).distance >= tolerance) n++;
  }
  return n;
}
function collection(ptrs) {
  const array = geos.Module._malloc(4 * Math.max(ptrs.length, 1));
  geos.Module.HEAPU32.set(ptrs, array / 4);
  const c = ok(geos.GEOSGeom_createCollection(GEOS_GEOMETRYCOLLECTION, array, ptrs.length), 'collection');
  geos.Module._free(array);
  return c;
}

// ---- the checks -----------------------------------------------------------------------------------------------
const counts = { invalidGeometries: 0, invalidCoverages: 0, invalidEdges: 0, overlaps: 0, gaps: 0, spillOver: 0 };
const checkedValidity = new Set();
const edgesOut = geos.Module._malloc(4);
for (const { container, units, requireFull } of problems) {
  const [minX, minY, maxX, maxY] = bbox(container.geometry);
  const toLocal = projector([(minX + maxX) / 2, (minY + maxY) / 2]);
  const unitPtrs = units.map((u) => toGeos(project(u.geometry, toLocal)));
  const containerPtr = toGeos(project(container.geometry, toLocal));
  for (const [feature, ptr] of [[container, containerPtr], ...units.map((u, i) => [u, unitPtrs[i]])]) {
    if (checkedValidity.has(feature)) continue;
    checkedValidity.add(feature);
    if (geos.GEOSisValid(ptr) !== 1) counts.invalidGeometries++;
  }
  if (values.route === 'coverage') {
    const clones = unitPtrs.map((p) => ok(geos.GEOSGeom_clone(p), 'clone'));
    const coverage = collection(clones);
    geos.Module.setValue(edgesOut, 0, 'i32');
    const valid = geos.GEOSCoverageIsValid(coverage, tolerance, edgesOut);
    if (valid === 2) throw new Error('GEOSCoverageIsValid failed');
    if (valid === 0) counts.invalidCoverages++;
    const edges = geos.Module.getValue(edgesOut, 'i32');
    if (edges) {
      const n = geos.GEOSGetNumGeometries(edges);
      for (let i = 0; i < n; i++) if (!geos.GEOSisEmpty(geos.GEOSGetGeometryN(edges, i))) counts.invalidEdges++;
      geos.GEOSGeom_destroy(edges);
    }
    geos.GEOSGeom_destroy(coverage);
  } else if (unitPtrs.length > 1) {
    const index = new Flatbush(unitPtrs.length);
    const boxes = units.map((u) => {
      const [a, b, c, d] = bbox(u.geometry);
      return [...toLocal([a, b]), ...toLocal([c, d])];
    });
    for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
    index.finish();
    boxes.forEach((b, i) => {
      for (const j of index.search(b[0], b[1], b[2], b[3])) {
        if (j <= i) continue;
        const inter = ok(geos.GEOSIntersection(unitPtrs[i], unitPtrs[j]), 'intersection');
        if (widePieces(inter)) counts.overlaps++;
        geos.GEOSGeom_destroy(inter);
      }
    });
  }
  // Spill-over: unit − container, skipped where the prepared container covers the unit (same answer, faster).
  const prepared = geos.GEOSPrepare(containerPtr);
  for (const p of unitPtrs) {
    if (geos.GEOSPreparedCovers(prepared, p) === 1) continue;
    const diff = ok(geos.GEOSDifference(p, containerPtr), 'difference');
    counts.spillOver += widePieces(diff);
    geos.GEOSGeom_destroy(diff);
  }
  geos.GEOSPreparedGeom_destroy(prepared);
  // Gaps: container − union(units), where the units must cover the container.
  if (requireFull) {
    const coverage = collection(unitPtrs.map((p) => ok(geos.GEOSGeom_clone(p), 'clone')));
    const union = ok(geos.GEOSUnaryUnion(coverage), 'union');
    geos.GEOSGeom_destroy(coverage);
    const diff = ok(geos.GEOSDifference(containerPtr, union), 'difference');
    geos.GEOSGeom_destroy(union);
    counts.gaps += widePieces(diff);
    geos.GEOSGeom_destroy(diff);
  }
  for (const p of unitPtrs) geos.GEOSGeom_destroy(p);
  geos.GEOSGeom_destroy(containerPtr);
}
const tCheck = performance.now();

const ms = (x) => Math.round(x);
process.stdout.write(
  `${JSON.stringify(
    {
      route: values.route,
      tolerance,
      features: { communities: communities.length, grids: grids.length, microGrids: microGrids.length },
      problems: problems.length,
      ...counts,
      ms: { read: ms(tRead - t0), geosInit: ms(tInit - tRead), check: ms(tCheck - tInit), total: ms(tCheck - t0) },
    },
    null,
    2,
  )}\n`,
);
