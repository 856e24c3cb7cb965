/**
 * `staffing` (standard, "应" so an error): per grid exactly one grid leader, one full-time worker, one part-time
 * worker and one instructor (any number of others); per micro-grid exactly two micro-grid leaders. Members are
 * counted by the gridCode / microGridCode they name; only units active at asOf are checked.
 */
import { GRID_STAFF_ROLES, type Dataset, type Member, type MemberRole } from '../types';
import { finding, type Finding, type MemberUnitProblem } from '../findings';
import { isActive } from '../lineage';
import { membersByRole } from '../stats';
import { plural } from './text';
import { GRID_STAFF_PER_ROLE, MICRO_GRID_LEADERS } from '../rules';

export interface StaffingOptions {
  /** The moment the data describes; only units active then are checked. */
  asOf: number;
  /** How many of each role a grid needs; roles left out are not checked. */
  perGrid?: Partial<Record<MemberRole, number>>; // default GRID_STAFF_PER_ROLE of each of GRID_STAFF_ROLES
  microLeadersPerMicroGrid?: number; // default MICRO_GRID_LEADERS (domain/rules)
}

const ROLE_NOUN: Record<MemberRole, string> = {
  'grid-leader': 'grid leader',
  'full-time': 'full-time worker',
  'part-time': 'part-time worker',
  instructor: 'instructor',
  other: 'other member',
  'micro-leader': 'micro-grid leader',
};

/** One of each of the standard's four grid roles. */
const DEFAULT_PER_GRID: Partial<Record<MemberRole, number>> = Object.fromEntries(
  GRID_STAFF_ROLES.map((r) => [r, GRID_STAFF_PER_ROLE]),
);

/**
 * `staffing`: one finding per active grid or micro-grid whose roles are off (naming each count), and one per
 * member who names a grid or micro-grid that does not exist, is not active, or belongs to another grid.
 * Skipped when the dataset has no members.json.
 * @example checkStaffing(dataset, { asOf }) // 'grid 330424002201001 has 0 instructors and 2 grid leaders; …'
 */
export function checkStaffing(
  dataset: Pick<Dataset, 'grids' | 'microGrids' | 'members'>,
  options: StaffingOptions,
): Finding[] {
  const members = dataset.members;
  if (!members) return [];
  const { asOf, perGrid = DEFAULT_PER_GRID, microLeadersPerMicroGrid = MICRO_GRID_LEADERS } = options;
  const out: Finding[] = [];

  const gridActive = new Map<string, boolean>(); // code → active (true wins over a revoked namesake)
  for (const g of dataset.grids?.features ?? []) {
    gridActive.set(g.properties.code, gridActive.get(g.properties.code) || isActive(g.properties, asOf));
  }
  const microActive = new Map<string, boolean>();
  const microGridOfCode = new Map<string, string>();
  for (const m of dataset.microGrids?.features ?? []) {
    microActive.set(m.properties.code, microActive.get(m.properties.code) || isActive(m.properties, asOf));
    microGridOfCode.set(m.properties.code, m.properties.gridCode);
  }

  const byGrid = new Map<string, Member[]>();
  const byMicro = new Map<string, Member[]>();
  for (const m of members) {
    (byGrid.get(m.gridCode) ?? byGrid.set(m.gridCode, []).get(m.gridCode)!).push(m);
    if (m.microGridCode)
      (byMicro.get(m.microGridCode) ?? byMicro.set(m.microGridCode, []).get(m.microGridCode)!).push(m);
  }

  for (const [code, active] of gridActive) {
    if (!active) continue;
    const counts = membersByRole(byGrid.get(code) ?? []);
    const off = (Object.entries(perGrid) as [MemberRole, number][]).filter(([role, n]) => counts[role] !== n);
    if (off.length === 0) continue;
    const has = off.map(([role]) => plural(counts[role], ROLE_NOUN[role])).join(', ');
    const needs = off.map(([role, n]) => plural(n, ROLE_NOUN[role])).join(', ');
    out.push(
      finding('staffing', {
        codes: [code],
        facts: { roles: off.map(([role, n]) => ({ role, has: counts[role], needs: n })) },
        message: `grid ${code} has ${has}; the standard requires ${needs}`,
        geometry: null,
      }),
    );
  }

  for (const [code, active] of microActive) {
    if (!active) continue;
    const n = (byMicro.get(code) ?? []).filter((m) => m.role === 'micro-leader').length;
    if (n === microLeadersPerMicroGrid) continue;
    out.push(
      finding('staffing', {
        codes: [code],
        facts: { roles: [{ role: 'micro-leader', has: n, needs: microLeadersPerMicroGrid }] },
        message: `micro-grid ${code} has ${plural(n, ROLE_NOUN['micro-leader'])}; the standard requires ${microLeadersPerMicroGrid}`,
        geometry: null,
      }),
    );
  }

  // Members who name a unit that is not there: they are counted nowhere, so say who they are.
  const checkGrids = !!dataset.grids;
  const checkMicro = !!dataset.microGrids;
  for (const m of members) {
    const who = `member ${m.id} (${ROLE_NOUN[m.role] ?? m.role})`;
    const problems: string[] = [];
    const facts: MemberUnitProblem[] = [];
    const codes: string[] = [m.gridCode];
    if (checkGrids && !gridActive.has(m.gridCode)) {
      problems.push(`names grid ${m.gridCode}, which does not exist`);
      facts.push({ unit: 'grid', code: m.gridCode, problem: 'missing' });
    } else if (checkGrids && !gridActive.get(m.gridCode)) {
      problems.push(`names grid ${m.gridCode}, which is not active`);
      facts.push({ unit: 'grid', code: m.gridCode, problem: 'inactive' });
    }
    if (m.microGridCode) {
      codes.push(m.microGridCode);
      const gridOfMicro = microGridOfCode.get(m.microGridCode);
      if (checkMicro && gridOfMicro === undefined) {
        problems.push(`names micro-grid ${m.microGridCode}, which does not exist`);
        facts.push({ unit: 'micro-grid', code: m.microGridCode, problem: 'missing' });
      } else if (checkMicro && !microActive.get(m.microGridCode)) {
        problems.push(`names micro-grid ${m.microGridCode}, which is not active`);
        facts.push({ unit: 'micro-grid', code: m.microGridCode, problem: 'inactive' });
      } else if (checkMicro && gridOfMicro !== m.gridCode) {
        problems.push(
          `names micro-grid ${m.microGridCode}, which belongs to grid ${gridOfMicro}, not ${m.gridCode}`,
        );
        facts.push({ unit: 'micro-grid', code: m.microGridCode, problem: 'other-grid', grid: gridOfMicro! });
      }
    } else if (m.role === 'micro-leader') {
      problems.push('names no micro-grid');
      facts.push({ unit: 'micro-grid', problem: 'none' });
    }
    if (problems.length === 0) continue;
    out.push(
      finding('staffing', {
        codes: codes.filter(Boolean),
        memberId: m.id,
        facts: { member: { role: m.role, problems: facts } },
        message: `${who} ${problems.join(' and ')}`,
        geometry: null,
      }),
    );
  }
  return out;
}
