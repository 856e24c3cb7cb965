/**
 * Our findings and the GEOS reference brought to one summary, so they can be compared: overlap area per pair of
 * codes, total gap area, spill-over area per code.
 */
import type { Feature } from 'geojson';
import type { Finding } from '../../src/domain/findings';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../src/domain/types';
import { communityOfGrid } from '../../src/geo/coverage/validate-coverage';
import { geosCoverage, problemProjection, type Geos, type ReferenceResult } from './geos';

export interface CoverageSummary {
  /** "grid|a,b" or "microgrid|a,b" → m²: for ours the summed area of overlap pieces holding both codes. */
  overlaps: Map<string, number>;
  /** Total gap area, m². */
  gapM2: number;
  /** "grid|code" or "microgrid|code" → m² outside its container. */
  outside: Map<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Summary of our findings (validateCoverage output). */
export function summariseFindings(findings: Finding[]): CoverageSummary {
  const s: CoverageSummary = { overlaps: new Map(), gapM2: 0, outside: new Map() };
  for (const f of findings) {
    const area = f.areaM2 ?? 0;
    if (f.rule === 'grid-overlap' || f.rule === 'microgrid-overlap') {
      const level = f.rule === 'grid-overlap' ? 'grid' : 'microgrid';
      for (let i = 0; i < f.codes.length; i++) {
        for (let j = i + 1; j < f.codes.length; j++)
          add(s.overlaps, `${level}|${f.codes[i]},${f.codes[j]}`, area);
      }
    } else if (f.rule === 'grid-gap') s.gapM2 += area;
    else if (f.rule === 'grid-outside-boundary' || f.rule === 'microgrid-outside-grid') {
      const level = f.rule === 'grid-outside-boundary' ? 'grid' : 'microgrid';
      for (const c of f.codes) add(s.outside, `${level}|${c}`, area);
    }
  }
  return s;
}

export interface DatasetInput {
  communities: Feature<Areal, CommunityProps>[];
  grids: Feature<Areal, GridProps>[];
  microGrids: Feature<Areal, MicroGridProps>[];
}

/** Several polygons as one MultiPolygon (they do not overlap in these datasets). */
export function unionOf(geometries: Areal[]): Areal {
  if (geometries.length === 1) return geometries[0];
  return {
    type: 'MultiPolygon',
    coordinates: geometries.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)),
  };
}

/** Adds one problem's GEOS result to a summary. */
export function addReference(s: CoverageSummary, level: 'grid' | 'microgrid', r: ReferenceResult): void {
  const sum = (list: { areaM2: number }[]) => list.reduce((t, p) => t + p.areaM2, 0);
  for (const [pair, pieces] of r.overlaps) add(s.overlaps, `${level}|${pair}`, sum(pieces));
  for (const [code, pieces] of r.outside) add(s.outside, `${level}|${code}`, sum(pieces));
  s.gapM2 += sum(r.gaps);
}

/**
 * The GEOS answer for a whole dataset, problem by problem as our validator splits it (each community with its
 * grids, each grid with its micro-grids), each in the same local projection.
 */
export function summariseGeos(geos: Geos, ds: DatasetInput, tolerance = 0.5): CoverageSummary {
  const s: CoverageSummary = { overlaps: new Map(), gapM2: 0, outside: new Map() };
  const codes = new Set(ds.communities.map((c) => c.properties.code));
  for (const c of ds.communities) {
    const units = ds.grids
      .filter((g) => communityOfGrid(g.properties, codes) === c.properties.code)
      .map((g) => ({ code: g.properties.code, geometry: g.geometry }));
    const container = { code: c.properties.code, geometry: c.geometry };
    addReference(
      s,
      'grid',
      geosCoverage(geos, { container, units, requireFull: true }, problemProjection(c.geometry), {
        tolerance,
      }),
    );
  }
  // Micro-grids per grid code, against every grid carrying that code (a duplicated code names them all).
  const gridsByCode = new Map<string, Areal[]>();
  for (const g of ds.grids) (gridsByCode.get(g.properties.code) ?? gridsByCode.set(g.properties.code, []).get(g.properties.code)!).push(g.geometry);
  for (const [code, geometries] of gridsByCode) {
    const units = ds.microGrids
      .filter((m) => m.properties.gridCode === code)
      .map((m) => ({ code: m.properties.code, geometry: m.geometry }));
    if (!units.length) continue;
    const container = { code, geometry: unionOf(geometries) };
    addReference(
      s,
      'microgrid',
      geosCoverage(geos, { container, units, requireFull: false }, problemProjection(container.geometry), {
        tolerance,
      }),
    );
  }
  return s;
}

/**
 * Where two summaries disagree: keys present on one side only, and areas further apart than `relative`
 * (plus 0.01 m² for the rounding of findings to two decimals). Empty when they agree.
 */
export function compareSummaries(ours: CoverageSummary, ref: CoverageSummary, relative = 1e-3): string[] {
  const out: string[] = [];
  const close = (a: number, b: number) =>
    Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + 0.01;
  const maps = (name: string, a: Map<string, number>, b: Map<string, number>) => {
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(k);
      const y = b.get(k);
      if (x === undefined) out.push(`${name} ${k}: ours none, GEOS ${y!.toFixed(2)} m²`);
      else if (y === undefined) out.push(`${name} ${k}: ours ${x.toFixed(2)} m², GEOS none`);
      else if (!close(x, y))
        out.push(
          `${name} ${k}: ours ${x.toFixed(2)} m², GEOS ${y.toFixed(2)} m² (${(((x - y) / y) * 100).toFixed(3)} %)`,
        );
    }
  };
  maps('overlap', ours.overlaps, ref.overlaps);
  maps('outside', ours.outside, ref.outside);
  if (!close(ours.gapM2, ref.gapM2))
    out.push(`gap total: ours ${ours.gapM2.toFixed(2)} m², GEOS ${ref.gapM2.toFixed(2)} m²`);
  return out;
}

/** The pairs of codes with an overlap, sorted ("grid|a,b"). */
export const offendingPairs = (s: CoverageSummary): string[] => [...s.overlaps.keys()].sort();
