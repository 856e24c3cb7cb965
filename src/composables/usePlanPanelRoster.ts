/**
 * The roster panel (issue 11): who holds which role in a grid of the draft, and the `assign-member` operations that
 * change it. The draft's members are the dataset's with the draft's applied `assign-member` records laid over them
 * (the engine does the same; the proposal's members.json comes from the engine itself, not from here).
 */
import { computed, type Ref } from 'vue';
import type { ChangeLogEntry } from '../domain/plan/types';
import { GRID_STAFF_ROLES, type Member, type MemberRole, type MicroGridFC } from '../domain/types';
import { useDatasetStore } from '../stores/dataset';
import { usePlanStore } from '../stores/plan';

/**
 * The members as the draft has them: each applied `assign-member` record, in order, gives its member the role, grid
 * and micro-grid named. Members of a micro-grid the draft re-coded follow it, as the engine has them, when exactly
 * one micro-grid in force names the old code among its `parentCodes` (a micro-grid that only moved to a new grid's
 * codes); after a cut, or a re-coding twice over within the draft, they stay on the old code and show as waiting.
 * Never mutates its inputs.
 * @example draftMembers(dataset.members, plan.history.slice(0, plan.cursor), plan.snapshot.microGrids)
 */
export function draftMembers(base: readonly Member[], applied: readonly ChangeLogEntry[], microGrids?: MicroGridFC): Member[] {
  const byId = new Map(base.map((m) => [m.id, m]));
  for (const { op } of applied) {
    if (op.op !== 'assign-member') continue;
    const m = byId.get(op.memberId);
    if (!m) continue; // the engine refuses an unknown member: such a record never reaches the log
    const next: Member = { ...m, role: op.role, gridCode: op.gridCode };
    if (op.microGridCode) next.microGridCode = op.microGridCode;
    else delete next.microGridCode;
    byId.set(m.id, next);
  }
  if (!microGrids) return [...byId.values()];
  const inForce = new Map(microGrids.features.map((f) => [f.properties.code, f.properties.gridCode]));
  const children = new Map<string, string[]>();
  for (const f of microGrids.features) {
    for (const p of f.properties.parentCodes ?? []) children.set(p, [...(children.get(p) ?? []), f.properties.code]);
  }
  return [...byId.values()].map((m) => {
    if (!m.microGridCode || inForce.has(m.microGridCode)) return m;
    const next = children.get(m.microGridCode);
    if (next?.length !== 1) return m;
    return { ...m, microGridCode: next[0], gridCode: inForce.get(next[0]) ?? m.gridCode };
  });
}

export interface RosterSlot {
  role: (typeof GRID_STAFF_ROLES)[number];
  holders: Member[];
}

export interface MicroRoster {
  code: string;
  name?: string;
  kind?: string;
  leaders: Member[];
}

export interface GridRoster {
  code: string;
  slots: RosterSlot[];
  micro: MicroRoster[];
  others: Member[];
}

const byName = (a: Member, b: Member) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);

/**
 * One grid's roster in the draft: the four roles, each micro-grid's leaders, and the grid's other members.
 * @example gridRoster('330424002201001', members, snapshot.microGrids).slots[0].role === 'grid-leader'
 */
export function gridRoster(code: string, members: readonly Member[], microGrids: MicroGridFC): GridRoster {
  const mine = members.filter((m) => m.gridCode === code);
  const micro = microGrids.features
    .filter((f) => f.properties.gridCode === code)
    .map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      kind: f.properties.kind,
      leaders: mine.filter((m) => m.role === 'micro-leader' && m.microGridCode === f.properties.code).sort(byName),
    }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    code,
    slots: GRID_STAFF_ROLES.map((role) => ({ role, holders: mine.filter((m) => m.role === role).sort(byName) })),
    micro,
    others: mine.filter((m) => m.role === 'other').sort(byName),
  };
}

/**
 * Who may be given a role in `code`: members of the same community (a grid code starts with its community's 12
 * digits). First those whose grid is no longer in force (the draft retired it: they wait for a place), then the
 * "other" members (no standard role: giving them one opens no vacancy elsewhere), then the rest; each by name.
 * @example candidates('330424002201009', members, new Set(['330424002201009']))[0].waiting
 */
export function candidates(code: string, members: readonly Member[], gridsInForce: ReadonlySet<string>): { member: Member; waiting: boolean }[] {
  const community = code.slice(0, 12);
  const rank = (c: { member: Member; waiting: boolean }) => (c.waiting ? 0 : c.member.role === 'other' ? 1 : 2);
  return members
    .filter((m) => m.gridCode.startsWith(community))
    .map((member) => ({ member, waiting: !gridsInForce.has(member.gridCode) }))
    .sort((a, b) => rank(a) - rank(b) || byName(a.member, b.member));
}

/**
 * The roster of the grid the planner picked (a code; the first grid of the list when it is null or no longer in
 * force) in the draft, and the action that assigns a member.
 */
export function usePlanPanelRoster(picked: Ref<string | null>) {
  const plan = usePlanStore();
  const dataset = useDatasetStore();
  const members = computed(() =>
    draftMembers(dataset.index?.dataset.members ?? [], plan.history.slice(0, plan.cursor), plan.snapshot?.microGrids),
  );
  const gridsInForce = computed(() => new Set(plan.snapshot?.grids.features.map((f) => f.properties.code) ?? []));
  /** Grids of the draft to choose from: new ones first (they start with no staff), then by code. */
  const grids = computed(() => {
    const base = dataset.index?.grids;
    return (plan.snapshot?.grids.features ?? [])
      .map((f) => ({ code: f.properties.code, name: f.properties.name, isNew: !base?.has(f.properties.code) }))
      .sort((a, b) => Number(b.isNew) - Number(a.isNew) || (a.code < b.code ? -1 : 1));
  });
  const grid = computed(() =>
    picked.value && gridsInForce.value.has(picked.value) ? picked.value : (grids.value[0]?.code ?? null),
  );
  const roster = computed(() =>
    grid.value && plan.snapshot && gridsInForce.value.has(grid.value) ? gridRoster(grid.value, members.value, plan.snapshot.microGrids) : null,
  );
  const pool = computed(() => (grid.value ? candidates(grid.value, members.value, gridsInForce.value) : []));
  /**
   * Micro-grid leaders (enterprise representatives, party members) come from those waiting, the community's "other"
   * members and the grid's own people: a shorter list than the community's, so one select per micro-grid stays light.
   */
  const microPool = computed(() =>
    pool.value.filter((c) => c.waiting || c.member.role === 'other' || c.member.gridCode === grid.value),
  );
  /** Members of grids the draft retired: the engine leaves them for the planner to place (a staffing finding each). */
  const waiting = computed(() => pool.value.filter((c) => c.waiting).map((c) => c.member));

  /** One `assign-member` operation (one undo step); resolves false when the engine refused it (plan.lastError). */
  async function assign(memberId: string, role: MemberRole, microGridCode?: string): Promise<boolean> {
    if (!grid.value) return false;
    const op = { op: 'assign-member' as const, memberId, gridCode: grid.value, role, ...(microGridCode ? { microGridCode } : {}) };
    return (await plan.apply(op)) !== null;
  }

  return { members, grids, grid, roster, pool, microPool, waiting, assign };
}
