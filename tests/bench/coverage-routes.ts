/**
 * The coverage benchmark's data and its three routes, shared by coverage.bench.ts (Vitest bench) and
 * coverage-report.ts (a plain script for README figures):
 * - ours: validateCoverage on every community with its grids and every grid with its micro-grids;
 * - GEOS: per problem, GEOSIntersection on flatbush bbox candidates, container − GEOSUnaryUnion(units) for gaps,
 *   unit − container for spill-over (skipped where the prepared container covers the unit), widths by polylabel;
 * - naive Turf: the same with turf.intersect / turf.union / turf.difference on WGS84 coordinates.
 * All three produce overlap, gap and spill-over pieces with areas and widths, so they do the same job.
 */
import type { Feature, Polygon, MultiPolygon } from 'geojson';
import Flatbush from 'flatbush';
import turfBbox from '@turf/bbox';
import turfArea from '@turf/area';
import { featureCollection } from '@turf/helpers';
import intersect from '@turf/intersect';
import union from '@turf/union';
import difference from '@turf/difference';
import polylabel from 'polylabel';
import type { Areal, GridProps } from '../../src/domain/types';
import { communityOfGrid, type CoverageInput } from '../../src/geo/coverage/validate-coverage';
import type { CoverageProblem } from '../../src/geo/coverage/check-coverage';
import { generateDataset, PRESETS } from '../../src/synth/generate/index';
import {
  geosCoverage,
  geosCoverageIsValid,
  problemProjection,
  projectAreal,
  type Geos,
} from '../reference/geos';
import { fromWgs84, injectDefects, toWgs84, type Defect } from '../reference/tiling';

export interface BenchData {
  input: CoverageInput;
  defects: Defect[];
  /** A grid and the same grid with one shared vertex moved 15 m (for the incremental re-check). */
  edit: { original: Feature<Areal, GridProps>; moved: Feature<Areal, GridProps> };
  counts: { communities: number; grids: number; microGrids: number; enterprises: number };
}

/**
 * County-scale data from the generator (30 communities, 430 grids, ≈5.5k micro-grids, ≈15k enterprises) with a
 * few seeded defects.
 * @example const data = benchData(1); data.input.grids.length // 430 (minus deleted ones)
 */
export function benchData(seed = 1): BenchData {
  const ds = generateDataset({ scale: 'county', seed, incidents: 0 });
  const clean = {
    communities: ds.community.features,
    grids: ds.grids.features,
    microGrids: ds.microGrids.features,
  };
  const centre = PRESETS.county.centre;
  const { dataset, defects } = injectDefects(fromWgs84(clean, centre, 100), seed, 6, [
    'move-vertex',
    'enlarge-micro',
    'shift-grid',
  ]);
  const input = toWgs84(dataset);
  // The edit: a grid nobody touched, one of its vertices moved 15 m east (neighbours keep theirs).
  const touched = new Set(defects.map((d) => d.code));
  const original = input.grids.find((g, i) => i > input.grids.length / 2 && !touched.has(g.properties.code))!;
  const ring = (original.geometry as Polygon).coordinates[0];
  const k = Math.floor(ring.length / 3);
  const proj = problemProjection(original.geometry);
  const p = proj.toLocal(ring[k]);
  const movedRing = ring.map((q, i) => (i === k ? proj.toLonLat([p[0] + 15, p[1]]) : q));
  const moved: Feature<Areal, GridProps> = {
    ...original,
    geometry: { type: 'Polygon', coordinates: [movedRing] },
  };
  return {
    input,
    defects,
    edit: { original, moved },
    counts: {
      communities: input.communities.length,
      grids: input.grids.length,
      microGrids: input.microGrids.length,
      enterprises: ds.enterprises.features.length,
    },
  };
}

/** The coverage problems as our validator splits them: each community with its grids, each grid with its micro-grids. */
export function problems(input: CoverageInput): { level: 'grid' | 'microgrid'; problem: CoverageProblem }[] {
  const codes = new Set(input.communities.map((c) => c.properties.code));
  const out: { level: 'grid' | 'microgrid'; problem: CoverageProblem }[] = [];
  const gridsOf = new Map<string, CoverageProblem['units']>();
  for (const g of input.grids) {
    const c = communityOfGrid(g.properties, codes);
    if (!c) continue;
    if (!gridsOf.has(c)) gridsOf.set(c, []);
    gridsOf.get(c)!.push({ code: g.properties.code, geometry: g.geometry });
  }
  for (const c of input.communities) {
    const units = gridsOf.get(c.properties.code) ?? [];
    out.push({
      level: 'grid',
      problem: { container: { code: c.properties.code, geometry: c.geometry }, units, requireFull: true },
    });
  }
  const microOf = new Map<string, CoverageProblem['units']>();
  for (const m of input.microGrids) {
    if (!microOf.has(m.properties.gridCode)) microOf.set(m.properties.gridCode, []);
    microOf.get(m.properties.gridCode)!.push({ code: m.properties.code, geometry: m.geometry });
  }
  for (const g of input.grids) {
    const units = microOf.get(g.properties.code);
    if (units?.length)
      out.push({
        level: 'microgrid',
        problem: { container: { code: g.properties.code, geometry: g.geometry }, units, requireFull: false },
      });
  }
  return out;
}

/** The input restricted to the first `n` communities (their grids and micro-grids). */
export function subset(input: CoverageInput, n: number): CoverageInput {
  const communities = input.communities.slice(0, n);
  const codes = new Set(input.communities.map((c) => c.properties.code));
  const keep = new Set(communities.map((c) => c.properties.code));
  const grids = input.grids.filter((g) => keep.has(communityOfGrid(g.properties, codes) ?? ''));
  const gridCodes = new Set(grids.map((g) => g.properties.code));
  return {
    communities,
    grids,
    microGrids: input.microGrids.filter((m) => gridCodes.has(m.properties.gridCode)),
  };
}

/** The GEOS route over the whole input (geometry validity included); returns the number of pieces found (so nothing is optimised away). */
export function geosRoute(geos: Geos, input: CoverageInput, tolerance = 0.5): number {
  let n = 0;
  for (const { level, problem } of problems(input)) {
    // GEOSisValid on every feature once (communities as containers, grids and micro-grids as units), as ours does.
    const validity = level === 'grid' ? 'all' : 'units';
    const r = geosCoverage(geos, problem, problemProjection(problem.container.geometry), {
      tolerance,
      validity,
    });
    n += r.overlaps.size + r.gaps.length + r.outside.size + r.invalid;
  }
  return n;
}

/** GEOSCoverageIsValid per problem (edge matching only: no areas, no container): a speed yardstick. */
export function geosCoverageIsValidRoute(geos: Geos, input: CoverageInput, tolerance = 0.5): number {
  let invalid = 0;
  for (const { problem } of problems(input)) {
    const proj = problemProjection(problem.container.geometry);
    if (
      geosCoverageIsValid(
        geos,
        problem.units.map((u) => u.geometry),
        proj,
        tolerance,
      ) !== 1
    )
      invalid++;
  }
  return invalid;
}

type PolyFeature = Feature<Polygon | MultiPolygon>;
const asFeature = (geometry: Areal): PolyFeature => ({ type: 'Feature', properties: {}, geometry });

/** Pieces of a Turf result at least `tolerance` wide (width measured in local metres, as ours). */
function turfPieces(
  f: PolyFeature | null,
  proj: ReturnType<typeof problemProjection>,
  tolerance: number,
): number {
  if (!f) return 0;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let n = 0;
  for (const rings of polys) {
    const local = projectAreal({ type: 'Polygon', coordinates: rings }, proj) as Polygon;
    if (turfArea({ type: 'Polygon', coordinates: rings }) <= 0) continue;
    if (2 * polylabel(local.coordinates, Math.max(tolerance / 20, 1e-3)).distance >= tolerance) n++;
  }
  return n;
}

/** The naive Turf route: flatbush prefilter, turf.intersect per pair, turf.union + turf.difference for gaps. */
export function turfRoute(input: CoverageInput, tolerance = 0.5): number {
  let n = 0;
  for (const { problem } of problems(input)) {
    const proj = problemProjection(problem.container.geometry);
    const units = problem.units.map((u) => asFeature(u.geometry));
    const container = asFeature(problem.container.geometry);
    const boxes = units.map((u) => turfBbox(u));
    if (units.length > 1) {
      const index = new Flatbush(units.length);
      for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
      index.finish();
      boxes.forEach((b, i) => {
        for (const j of index.search(b[0], b[1], b[2], b[3])) {
          if (j > i) n += turfPieces(intersect(featureCollection([units[i], units[j]])), proj, tolerance);
        }
      });
    }
    for (const u of units) n += turfPieces(difference(featureCollection([u, container])), proj, tolerance);
    if (problem.requireFull && units.length) {
      const all = units.length > 1 ? union(featureCollection(units)) : units[0];
      n += turfPieces(all ? difference(featureCollection([container, all])) : container, proj, tolerance);
    }
  }
  return n;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
