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
const fmtArea = (a: number) => `${round(a, 1)} m²`;

/** Turns one problem's pieces into findings. */
function toFindings(level: 'grid' | 'microgrid', container: string, result: CoverageResult): Finding[] {
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
    out.push(finding('edge-mismatch', {
      codes: m.codes,
      geometry,
      message: `${what} ${m.codes.join(' and ')} share ${m.lines.length} border segment(s) without shared vertices`,
    }));
  }
  return out;
}

function solve(
  level: 'grid' | 'microgrid',
  container: CoverageUnit,
  units: CoverageUnit[],
  options: CoverageOptions,
): Finding[] {
  const [minX, minY, maxX, maxY] = turfBbox(container.geometry);
  const proj = localProjection([(minX + maxX) / 2, (minY + maxY) / 2]);
  const result = checkCoverage({ container, units, requireFull: level === 'grid' }, proj, options);
  return toFindings(level, container.code, result);
}

/**
 * Keeps the findings of every coverage problem, and re-checks only the problems an edit touches: the edited
 * grid's community (its neighbours are there) and the grid's own micro-grids.
 * @example const v = new CoverageValidator(input, { tolerance: 0.5 }); v.update({ grids: [edited] })
 */
export class CoverageValidator {
  private readonly options: CoverageOptions;
  private communities = new Map<string, Feature<Areal, CommunityProps>>();
  private grids = new Map<string, Feature<Areal, GridProps>>();
  private micro = new Map<string, Feature<Areal, MicroGridProps>>();
  private geometryFindings = new Map<string, Finding[]>();
  private communityFindings = new Map<string, Finding[]>();
  private gridFindings = new Map<string, Finding[]>();
  /** Codes whose geometry is unusable (excluded from coverage so one bad ring does not hide the rest). */
  private unusable = new Set<string>();
  /** Micro-grid codes by gridCode, so a grid's problem never scans every micro-grid. */
  private microByGrid = new Map<string, Set<string>>();
  /** Grid codes by community code. */
  private gridsByCommunity = new Map<string, Set<string>>();

  private link(map: Map<string, Set<string>>, key: string | null, code: string, add: boolean): void {
    if (key === null) return;
    const set = map.get(key) ?? map.set(key, new Set()).get(key)!;
    if (add) set.add(code);
    else set.delete(code);
  }

  private setGrid(g: Feature<Areal, GridProps> | undefined, add: boolean): void {
    if (!g) return;
    const c = communityOfGrid(g.properties, new Set(this.communities.keys()));
    this.link(this.gridsByCommunity, c, g.properties.code, add);
    if (add) this.grids.set(g.properties.code, g);
    else this.grids.delete(g.properties.code);
  }

  private setMicro(m: Feature<Areal, MicroGridProps> | undefined, add: boolean): void {
    if (!m) return;
    this.link(this.microByGrid, m.properties.gridCode, m.properties.code, add);
    if (add) this.micro.set(m.properties.code, m);
    else this.micro.delete(m.properties.code);
  }

  constructor(input: CoverageInput, options: CoverageOptions = {}) {
    this.options = options;
    for (const c of input.communities) this.communities.set(c.properties.code, c);
    for (const g of input.grids) this.setGrid(g, true);
    for (const m of input.microGrids) this.setMicro(m, true);
    for (const code of [...this.communities.keys(), ...this.grids.keys(), ...this.micro.keys()]) this.checkGeometry(code);
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
   * Applies an edit (new or changed units, removed codes) and re-checks what it touches. Returns all findings.
   * @example v.update({ grids: [reshaped], removed: ['330424002201004'] })
   */
  update(edit: { grids?: Feature<Areal, GridProps>[]; microGrids?: Feature<Areal, MicroGridProps>[]; removed?: string[] }): Finding[] {
    const dirtyCommunities = new Set<string>();
    const dirtyGrids = new Set<string>();
    const codes = new Set(this.communities.keys());
    const touchGrid = (g: GridProps | undefined) => {
      if (!g) return;
      dirtyGrids.add(g.code);
      const c = communityOfGrid(g, codes);
      if (c) dirtyCommunities.add(c);
    };
    for (const code of edit.removed ?? []) {
      touchGrid(this.grids.get(code)?.properties);
      const m = this.micro.get(code);
      if (m) dirtyGrids.add(m.properties.gridCode);
      this.setGrid(this.grids.get(code), false);
      this.setMicro(m, false);
      this.geometryFindings.delete(code);
      this.gridFindings.delete(code);
      this.unusable.delete(code);
    }
    for (const g of edit.grids ?? []) {
      touchGrid(this.grids.get(g.properties.code)?.properties); // where it was
      this.setGrid(this.grids.get(g.properties.code), false);
      this.setGrid(g, true);
      touchGrid(g.properties); // where it is
      this.checkGeometry(g.properties.code);
    }
    for (const m of edit.microGrids ?? []) {
      const before = this.micro.get(m.properties.code);
      if (before) dirtyGrids.add(before.properties.gridCode);
      this.setMicro(before, false);
      this.setMicro(m, true);
      dirtyGrids.add(m.properties.gridCode);
      this.checkGeometry(m.properties.code);
    }
    for (const c of dirtyCommunities) this.checkCommunity(c);
    for (const g of dirtyGrids) this.checkGrid(g);
    return this.findings();
  }

  private checkGeometry(code: string): void {
    const f = this.communities.get(code) ?? this.grids.get(code) ?? this.micro.get(code);
    if (!f) return;
    const kind = this.communities.has(code) ? 'community' : this.grids.has(code) ? 'grid' : 'micro-grid';
    const problems = checkArealGeometry(f.geometry);
    if (!usable(problems)) this.unusable.add(code);
    else this.unusable.delete(code);
    this.geometryFindings.set(
      code,
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

  private usable = (code: string) => !this.unusable.has(code);

  /** Whether a unit's geometry can locate points (false when it is of the wrong type, unclosed or degenerate). */
  isUsable(code: string): boolean {
    return this.usable(code);
  }

  private checkCommunity(code: string): void {
    const community = this.communities.get(code);
    if (!community || !this.usable(code)) {
      this.communityFindings.delete(code);
      return;
    }
    // Sorted, so results never depend on the order in which units were added or edited.
    const units = [...(this.gridsByCommunity.get(code) ?? [])]
      .sort()
      .filter(this.usable)
      .map((c) => ({ code: c, geometry: this.grids.get(c)!.geometry }));
    this.communityFindings.set(code, solve('grid', { code, geometry: community.geometry }, units, this.options));
  }

  private checkGrid(code: string): void {
    const grid = this.grids.get(code);
    if (!grid || !this.usable(code)) {
      this.gridFindings.delete(code);
      return;
    }
    const units = [...(this.microByGrid.get(code) ?? [])]
      .sort()
      .filter(this.usable)
      .map((c) => ({ code: c, geometry: this.micro.get(c)!.geometry }));
    this.gridFindings.set(code, units.length ? solve('microgrid', { code, geometry: grid.geometry }, units, this.options) : []);
  }
}

/**
 * One-shot coverage validation.
 * @example validateCoverage({ communities, grids, microGrids }, { tolerance: 0.5 })
 */
export function validateCoverage(input: CoverageInput, options: CoverageOptions = {}): Finding[] {
  return new CoverageValidator(input, options).findings();
}
