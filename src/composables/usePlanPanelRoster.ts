/**
 * The roster panel (issue 11): who holds which role in a grid of the draft, and the `assign-member` operations that
 * change it. The draft's members are the engine's own (the plan worker sends them with the draft), so the panel and
 * the proposal's members.json never disagree.
 */
import { computed, type Ref } from 'vue';
import { GRID_STAFF_ROLES, type Member, type MemberRole, type MicroGridFC } from '../domain/types';
import { useDatasetStore } from '../stores/dataset';
import { usePlanStore } from '../stores/plan';

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

/** One collator for every comparison (`localeCompare` with a locale builds one per call: slow over a county's members). */
const zh = new Intl.Collator('zh-CN');
const byName = (a: Member, b: Member) => zh.compare(a.name, b.name) || a.id.localeCompare(b.id);

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
  /** The draft's members as the engine has them (the worker sends them with every view). */
  const members = computed(() => plan.members);
  let inForce = new Set<string>();
  /** The same Set while the grids in force stay the same (most operations), so the candidates are not sorted again. */
  const gridsInForce = computed(() => {
    const codes = plan.snapshot?.grids.features.map((f) => f.properties.code) ?? [];
    if (codes.length !== inForce.size || codes.some((c) => !inForce.has(c))) inForce = new Set(codes);
    return inForce;
  });
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
