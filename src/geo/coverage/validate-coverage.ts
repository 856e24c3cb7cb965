/**
 * Coverage validation of a dataset (issue 3): invalid geometry, then each community against its grids and each
 * grid against its micro-grids. Results are kept per problem so an edit re-checks only what it touches.
 */
import turfBbox from '@turf/bbox';
import type { Feature, MultiLineString } from 'geojson';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../domain/types';
import { finding, sortFindings, type Finding } from '../../domain/findings';
import { localProjection } from '../projection';
import { checkArealGeometry, usable } from './check-geometry';
import { checkCoverage, type CoverageOptions, type CoverageResult, type CoverageUnit } from './check-coverage';
import { polygonsOf } from './segments';

export interface CoverageInput {
  /** Communities (a county dataset has many). */
  communities: Feature<Areal, CommunityProps>[];
  /** Active grids only (the caller drops revoked ones). */
  grids: Feature<Areal, GridProps>[];
  /** Active micro-grids only. */
  microGrids: Feature<Areal, MicroGridProps>[];
}

/** The community a grid belongs to: its communityCode, else the community whose code starts the grid's code. */
export function communityOfGrid(g: GridProps, communityCodes: ReadonlySet<string>): string | null {
  if (g.communityCode) return communityCodes.has(g.communityCode) ? g.communityCode : null;
  const prefix = g.code.slice(0, 12);
  return communityCodes.has(prefix) ? prefix : null;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
/** The area as the app shows it: from the finding's own 2-decimal areaM2, to 0.1 m² (one number, one rounding). */
const fmtArea = (a: number) => `${round(round(a), 1)} m²`;

/** Turns one problem's pieces into findings. */
function toFindings(level: 'grid' | 'microgrid', container: string, result: CoverageResult, tolerance: number): Finding[] {
  const out: Finding[] = [];
  const what = level === 'grid' ? 'grids' : 'micro-grids';
  for (const p of result.pieces) {
    const fields = { codes: p.codes, areaM2: round(p.areaM2), widthM: round(p.widthM), geometry: p.geometry };
    if (p.kind === 'overlap') {
      out.push(finding(level === 'grid' ? 'grid-overlap' : 'microgrid-overlap', {
        ...fields,
        message: `${what} ${p.codes.join(' and ')} overlap over ${fmtArea(p.areaM2)} (${round(p.widthM)} m wide)`,
      }));
    } else if (p.kind === 'outside') {
      out.push(finding(level === 'grid' ? 'grid-outside-boundary' : 'microgrid-outside-grid', {
        ...fields,
        message:
          level === 'grid'
            ? `grid ${p.codes.join(', ')} extends ${fmtArea(p.areaM2)} outside community ${container}`
            : `micro-grid ${p.codes.join(', ')} extends ${fmtArea(p.areaM2)} outside its grid ${container}`,
      }));
    } else {
      out.push(finding('grid-gap', {
        ...fields,
        message: `${fmtArea(p.areaM2)} of community ${container} (${round(p.widthM)} m wide) is in no grid${
          p.codes.length ? `; neighbours ${p.codes.join(', ')}` : ''
        }`,
      }));
    }
  }
  for (const m of result.mismatches) {
    const geometry: MultiLineString = { type: 'MultiLineString', coordinates: m.lines.map(([a, b]) => [a, b]) };
    const parts: string[] = [];
    if (m.collinear) parts.push(`${m.collinear} border segment(s) that run together without shared vertices`);
    if (m.slivers) {
      parts.push(
        `${m.slivers} sliver(s) up to ${round(m.maxWidthM, 3)} m wide, under the ${tolerance} m tolerance`,
      );
    }
    out.push(finding('edge-mismatch', {
      codes: m.codes,
      geometry,
      message: `${what} ${m.codes.join(' and ')}: the shared border does not match (${parts.join('; ')})`,
    }));
  }
  return out;
}

function solve(
  level: 'grid' | 'microgrid',
  container: CoverageUnit,
  units: CoverageUnit[],
  options: CoverageOptions,
  containerValid: boolean,
): Finding[] {
  const [minX, minY, maxX, maxY] = turfBbox(container.geometry);
  const proj = localProjection([(minX + maxX) / 2, (minY + maxY) / 2]);
  const result = checkCoverage({ container, units, requireFull: level === 'grid', containerValid }, proj, options);
  return toFindings(level, container.code, result, options.tolerance ?? 0.5);
}

type GridFeature = Feature<Areal, GridProps>;
type MicroGridFeature = Feature<Areal, MicroGridProps>;
type Unit = GridFeature | MicroGridFeature;

/** Adds to or removes from the set under `key`. */
function link<K, V>(map: Map<K, Set<V>>, key: K | null, value: V, add: boolean): void {
  if (key === null) return;
  const set = map.get(key) ?? map.set(key, new Set()).get(key)!;
  if (add) set.add(value);
  else set.delete(value);
}

/** A grid's polygons as one geometry: a duplicated code names all the features that carry it. */
function unionOf(features: Unit[]): Areal {
  if (features.length === 1) return features[0].geometry;
  return { type: 'MultiPolygon', coordinates: features.flatMap((f) => polygonsOf(f.geometry)) };
}

/**
 * Keeps the findings of every coverage problem, and re-checks only the problems an edit touches: the edited
 * grid's community (its neighbours are there) and the grid's own micro-grids.
 *
 * Units are features, not codes: two grids that carry the same code are two units of the coverage (the duplicate
 * is code-duplicate's finding, domain/compliance), and the micro-grids naming that code are checked against
 * both together. Findings still name units by code.
 * @example const v = new CoverageValidator(input, { tolerance: 0.5 }); v.update({ grids: [edited] })
 */
export class CoverageValidator {
  private readonly options: CoverageOptions;
  private communities = new Map<string, Feature<Areal, CommunityProps>>();
  private readonly communityCodes: ReadonlySet<string>;
  /** Grids and micro-grids by code: usually one feature each, more where a code is duplicated. */
  private grids = new Map<string, Set<GridFeature>>();
  private micro = new Map<string, Set<MicroGridFeature>>();
  /** Order of arrival, so that units with the same code sort the same way every time. */
  private seq = new Map<Unit, number>();
  private nextSeq = 0;
  private geometryFindings = new Map<object, Finding[]>();
  private communityFindings = new Map<string, Finding[]>();
  /** Per grid code: the findings of its micro-grids. */
  private gridFindings = new Map<string, Finding[]>();
  /** Features whose geometry is unusable (excluded from coverage so one bad ring does not hide the rest). */
  private unusable = new Set<object>();
  /** Micro-grids by gridCode, so a grid's problem never scans every micro-grid. */
  private microByGrid = new Map<string, Set<MicroGridFeature>>();
  /** Grids by community code. */
  private gridsByCommunity = new Map<string, Set<GridFeature>>();

  private setGrid(g: GridFeature, add: boolean): void {
    link(this.gridsByCommunity, communityOfGrid(g.properties, this.communityCodes), g, add);
    link(this.grids, g.properties.code, g, add);
    if (add) this.seq.set(g, this.nextSeq++);
    else this.forget(g);
  }

  private setMicro(m: MicroGridFeature, add: boolean): void {
    link(this.microByGrid, m.properties.gridCode, m, add);
    link(this.micro, m.properties.code, m, add);
    if (add) this.seq.set(m, this.nextSeq++);
    else this.forget(m);
  }

  private forget(f: Unit): void {
    this.seq.delete(f);
    this.geometryFindings.delete(f);
    this.unusable.delete(f);
  }

  constructor(input: CoverageInput, options: CoverageOptions = {}) {
    this.options = options;
    for (const c of input.communities) this.communities.set(c.properties.code, c);
    this.communityCodes = new Set(this.communities.keys());
    for (const g of input.grids) this.setGrid(g, true);
    for (const m of input.microGrids) this.setMicro(m, true);
    for (const [code, c] of this.communities) this.checkGeometry(c, 'community', code);
    for (const set of this.grids.values()) for (const g of set) this.checkGeometry(g, 'grid', g.properties.code);
    for (const set of this.micro.values()) for (const m of set) this.checkGeometry(m, 'micro-grid', m.properties.code);
    for (const code of this.communities.keys()) this.checkCommunity(code);
    for (const code of this.grids.keys()) this.checkGrid(code);
  }

  /** All findings, sorted (DESIGN.md). */
  findings(): Finding[] {
    return sortFindings([
      ...[...this.geometryFindings.values()].flat(),
      ...[...this.communityFindings.values()].flat(),
      ...[...this.gridFindings.values()].flat(),
    ]);
  }

  /**
   * Applies an edit and re-checks what it touches. Returns all findings. `removed` names units by code (every unit
   * carrying it) or by feature (that one). A unit in `grids` / `microGrids` replaces the units with its code,
   * unless the same edit removes one of them by feature: then it is added beside the others (an edit of one of
   * two units that share a code).
   * @example v.update({ grids: [reshaped], removed: ['330424002201004'] })
   */
  update(edit: { grids?: GridFeature[]; microGrids?: MicroGridFeature[]; removed?: (string | Unit)[] }): Finding[] {
    const dirtyCommunities = new Set<string>();
    const dirtyGrids = new Set<string>();
    const namedByFeature = new Set<string>();
    const touchGrid = (g: GridFeature) => {
      dirtyGrids.add(g.properties.code);
      const c = communityOfGrid(g.properties, this.communityCodes);
      if (c) dirtyCommunities.add(c);
    };
    const dropGrid = (g: GridFeature) => {
      touchGrid(g);
      this.setGrid(g, false);
    };
    const dropMicro = (m: MicroGridFeature) => {
      dirtyGrids.add(m.properties.gridCode);
      this.setMicro(m, false);
    };
    for (const r of edit.removed ?? []) {
      if (typeof r === 'string') {
        for (const g of [...(this.grids.get(r) ?? [])]) dropGrid(g);
        for (const m of [...(this.micro.get(r) ?? [])]) dropMicro(m);
      } else if (this.grids.get(r.properties.code)?.has(r as GridFeature)) {
        dropGrid(r as GridFeature);
        namedByFeature.add(`g ${r.properties.code}`);
      } else if (this.micro.get(r.properties.code)?.has(r as MicroGridFeature)) {
        dropMicro(r as MicroGridFeature);
        namedByFeature.add(`m ${r.properties.code}`);
      }
    }
    for (const g of edit.grids ?? []) {
      const code = g.properties.code;
      if (!namedByFeature.has(`g ${code}`)) for (const before of [...(this.grids.get(code) ?? [])]) dropGrid(before);
      this.setGrid(g, true);
      touchGrid(g);
      this.checkGeometry(g, 'grid', code);
    }
    for (const m of edit.microGrids ?? []) {
      const code = m.properties.code;
      if (!namedByFeature.has(`m ${code}`)) for (const before of [...(this.micro.get(code) ?? [])]) dropMicro(before);
      this.setMicro(m, true);
      dirtyGrids.add(m.properties.gridCode);
      this.checkGeometry(m, 'micro-grid', code);
    }
    for (const c of dirtyCommunities) this.checkCommunity(c);
    for (const g of dirtyGrids) this.checkGrid(g);
    return this.findings();
  }

  private checkGeometry(f: Feature<Areal, { code: string }>, kind: string, code: string): void {
    const problems = checkArealGeometry(f.geometry);
    if (!usable(problems)) this.unusable.add(f);
    else this.unusable.delete(f);
    this.geometryFindings.set(
      f,
      problems.map((p) =>
        finding('invalid-geometry', {
          codes: [code],
          geometry: p.at ? { type: 'Point', coordinates: p.at } : null,
          reason: p.reason,
          message: `${kind} ${code}: ${p.message}`,
        }),
      ),
    );
  }

  /** Whether a unit's geometry can locate points (false when it is of the wrong type, unclosed or degenerate). */
  isUsableUnit(f: object): boolean {
    return !this.unusable.has(f);
  }

  /** Whether every unit carrying `code` can locate points. */
  isUsable(code: string): boolean {
    const community = this.communities.get(code);
    if (community) return this.isUsableUnit(community);
    return [...(this.grids.get(code) ?? []), ...(this.micro.get(code) ?? [])].every((f) => this.isUsableUnit(f));
  }

  /** Usable units sorted by code, then by arrival, so results never depend on the order of edits. */
  private units(set: Iterable<Unit> | undefined): CoverageUnit[] {
    return [...(set ?? [])]
      .filter((f) => this.isUsableUnit(f))
      .sort((a, b) => (a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : this.seq.get(a)! - this.seq.get(b)!))
      .map((f) => ({ code: f.properties.code, geometry: f.geometry }));
  }

  private checkCommunity(code: string): void {
    const community = this.communities.get(code);
    if (!community || !this.isUsableUnit(community)) {
      this.communityFindings.delete(code);
      return;
    }
    const units = this.units(this.gridsByCommunity.get(code));
    const valid = this.geometryFindings.get(community)?.length === 0;
    this.communityFindings.set(code, solve('grid', { code, geometry: community.geometry }, units, this.options, valid));
  }

  private checkGrid(code: string): void {
    const grids = [...(this.grids.get(code) ?? [])].filter((g) => this.isUsableUnit(g));
    if (!grids.length) {
      this.gridFindings.delete(code);
      return;
    }
    const units = this.units(this.microByGrid.get(code));
    const container = { code, geometry: unionOf(grids) };
    const valid = grids.every((g) => this.geometryFindings.get(g)?.length === 0);
    this.gridFindings.set(code, units.length ? solve('microgrid', container, units, this.options, valid) : []);
  }
}

/**
 * One-shot coverage validation.
 * @example validateCoverage({ communities, grids, microGrids }, { tolerance: 0.5 })
 */
export function validateCoverage(input: CoverageInput, options: CoverageOptions = {}): Finding[] {
  return new CoverageValidator(input, options).findings();
}
