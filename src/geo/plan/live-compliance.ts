/**
 * The standard's compliance rules (domain/compliance) kept live for a draft: after an operation only the grids it
 * touched are re-checked — their units, the enterprises and members in them — and every other grid's findings are
 * kept. The code rules (unique, well-formed, extending the parent) look at every unit and are cheap: run whole.
 *
 * Each finding belongs to one grid: a grid or micro-grid finding to its grid, an enterprise finding to the grid the
 * enterprise lies in (or to none), a member finding to the grid the member names. A grid is re-checked when a unit,
 * enterprise or member of it changed, and with it every grid whose members name one of its micro-grids, so a
 * finding never goes stale. The result is the same list checkCompliance gives for the whole draft (the plan's
 * property test checks that against the full validator).
 */
import type { Dataset, EnterpriseFeature, Member } from '../../domain/types';
import type { Finding } from '../../domain/findings';
import { datasetAsOf } from '../../domain/stats';
import {
  checkCodeDuplicates,
  checkCodeFormat,
  checkCodeParents,
  checkEnterpriseAssignment,
  checkEnterpriseCreditCodes,
  checkEnterpriseUnassigned,
  checkGridEnterpriseCount,
  checkMicroGridComposition,
  checkStaffing,
} from '../../domain/compliance';

/** The bucket of findings about enterprises that lie in no grid. */
const NO_GRID = '';

/** The properties objects of a layer's features, in order: what the code rules read of it. */
function propertiesOf(fc: { features: { properties: object }[] } | undefined): object[] {
  return fc ? fc.features.map((f) => f.properties) : [];
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class LiveCompliance {
  /**
   * The code rules' findings and what they were computed from: the units' properties objects (a draft's unit keeps
   * its properties object through a reshape, so only an operation that adds, retires or renames units runs them again).
   */
  private codes: { grids: object[]; micros: object[]; community: string; asOf: number; findings: Finding[] } | null = null;
  /** Findings by the grid they belong to; null until the first full check. */
  private buckets: Map<string, Finding[]> | null = null;
  private readonly dirty = new Set<string>();

  /** Marks grids to re-check (by grid code; NO_GRID for enterprises in none). */
  touch(grids: Iterable<string | null | undefined>): void {
    for (const g of grids) this.dirty.add(g ?? NO_GRID);
  }

  /** Forgets everything: the next check is a whole one (after a replay). */
  reset(): void {
    this.buckets = null;
    this.codes = null;
    this.dirty.clear();
  }

  /**
   * The compliance findings of `view` (the draft as a dataset, communities carrying the moment it is checked at),
   * unsorted. `now` is the fallback asOf, as for checkCompliance.
   */
  findings(view: Dataset, now: number): Finding[] {
    const asOf = datasetAsOf(view, now);
    const enterprises = view.enterprises?.features ?? [];
    const members = view.members;
    const microGrids = view.microGrids?.features;
    const gridOfMicro = new Map<string, string>();
    for (const m of microGrids ?? []) gridOfMicro.set(m.properties.code, m.properties.gridCode);

    let scope: Set<string> | null = null; // null: every grid
    if (this.buckets) {
      scope = new Set(this.dirty);
      // Members naming a micro-grid of a grid in scope have findings that depend on it: their grid joins.
      for (const m of members ?? []) {
        const g = m.microGridCode ? gridOfMicro.get(m.microGridCode) : undefined;
        if (g !== undefined && scope.has(g)) scope.add(m.gridCode);
      }
    }
    this.dirty.clear();
    const inScope = (g: string | undefined) => scope === null || scope.has(g ?? NO_GRID);
    const sub: Dataset = {
      manifest: view.manifest,
      community: view.community,
      grids: view.grids && { ...view.grids, features: view.grids.features.filter((g) => inScope(g.properties.code)) },
    };
    const subMembers: Member[] | undefined = members?.filter(
      (m) => inScope(m.gridCode) || (m.microGridCode !== undefined && inScope(gridOfMicro.get(m.microGridCode))),
    );
    if (members) sub.members = subMembers;
    if (microGrids) {
      // A member in scope may name a micro-grid of a grid out of scope: it must exist here to be judged rightly.
      const named = new Set((subMembers ?? []).map((m) => m.microGridCode).filter(Boolean));
      sub.microGrids = { ...view.microGrids!, features: microGrids.filter((m) => inScope(m.properties.gridCode) || named.has(m.properties.code)) };
    }
    const subEnterprises: EnterpriseFeature[] = enterprises.filter((e) => {
      const micro = e.properties.microGridCode;
      return inScope(e.properties.gridCode) || (micro !== undefined && inScope(gridOfMicro.get(micro)));
    });
    if (view.enterprises) sub.enterprises = { ...view.enterprises, features: subEnterprises };
    const gridOf = new Map<string, string | null>();
    const microGridOf = new Map<string, string | null>();
    for (const e of subEnterprises) {
      gridOf.set(e.properties.id, e.properties.gridCode ?? null);
      microGridOf.set(e.properties.id, e.properties.microGridCode ?? null);
    }
    // Findings come from the checked part only: owners are looked up there (not in the whole county).
    const gridOfMember = new Map<string, string>();
    for (const m of subMembers ?? []) gridOfMember.set(m.id, m.gridCode);
    // The rules of checkCompliance but the code ones, with its defaults.
    const found = [
      ...checkStaffing(sub, { asOf }),
      ...checkGridEnterpriseCount(sub, { asOf, gridOf }),
      ...checkMicroGridComposition(sub, { asOf, microGridOf }),
      ...checkEnterpriseUnassigned(sub, { gridOf, microGridOf }),
      ...checkEnterpriseAssignment(sub, { gridOf, microGridOf }),
      ...checkEnterpriseCreditCodes(sub, { gridOf, microGridOf }),
    ];
    const owner = (f: Finding): string => {
      if (f.memberId !== undefined) return gridOfMember.get(f.memberId) ?? NO_GRID;
      if (f.enterpriseId !== undefined) return gridOf.get(f.enterpriseId) ?? NO_GRID;
      const code = f.codes[0] ?? NO_GRID;
      return gridOfMicro.get(code) ?? code; // a micro-grid's grid, else the grid itself
    };
    const buckets = this.buckets ?? new Map<string, Finding[]>();
    if (scope) for (const g of scope) buckets.delete(g);
    for (const f of found) {
      const g = owner(f);
      if (!inScope(g)) continue; // about a grid out of scope, seen through a member: its own bucket holds it
      (buckets.get(g) ?? buckets.set(g, []).get(g)!).push(f);
    }
    this.buckets = buckets;
    return [...this.codeFindings(view, asOf), ...[...buckets.values()].flat()];
  }

  /** checkCodeDuplicates, checkCodeFormat and checkCodeParents of `view`, again only when its units changed. */
  private codeFindings(view: Dataset, asOf: number): Finding[] {
    const grids = propertiesOf(view.grids);
    const micros = propertiesOf(view.microGrids);
    // The communities' properties as text: the draft's view copies them whenever it stamps its checking moment.
    const community = JSON.stringify(propertiesOf(view.community));
    const c = this.codes;
    if (c && c.asOf === asOf && c.community === community && sameItems(c.grids, grids) && sameItems(c.micros, micros)) return c.findings;
    const findings = [...checkCodeDuplicates(view), ...checkCodeFormat(view), ...checkCodeParents(view, { asOf })];
    this.codes = { grids, micros, community, asOf, findings };
    return findings;
  }
}
