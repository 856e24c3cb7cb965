/**
 * What the planner's panel shows of a draft's status (issue 11): per grid touched its figures before → after,
 * flagged where a rule of the standard breaks, and the enterprise moves grouped by from → to. The rows are pure
 * functions of `PlanStatus` (tested on their own); the composable only follows the plan store.
 */
import { computed } from 'vue';
import type { Finding } from '../domain/findings';
import type { Changes, EnterpriseMove, GridFigures } from '../domain/plan/types';
import { ENTERPRISES_PER_GRID, GRID_STAFF_PER_ROLE } from '../domain/rules';
import { GRID_STAFF_ROLES } from '../domain/types';
import { usePlanStore } from '../stores/plan';

export type StaffRole = (typeof GRID_STAFF_ROLES)[number];

/** One figure of one grid: its value on each side (null: the grid does not exist there) and whether a rule breaks. */
export interface FigureCell {
  before: number | null;
  after: number | null;
  /** The value after breaks a rule (a "宜" or "应" of the standard). */
  flagged: boolean;
  changed: boolean;
}

export interface GridFigureRow {
  code: string;
  /** added: new in the draft; retired: gone from it; changed: in force on both sides. */
  state: 'added' | 'retired' | 'changed';
  enterprises: FigureCell;
  above: FigureCell;
  microGrids: FigureCell;
  parks: FigureCell;
  /** Square metres. */
  area: FigureCell;
  staff: Record<StaffRole, FigureCell>;
  /** A micro-grid of this grid breaks the composition rule (1 per 规上, 2–5 规下) in the draft. */
  composition: boolean;
}

/** Outside 30–50 enterprises (ENTERPRISES_PER_GRID): a warning of the standard. */
export const enterprisesOff = (n: number) => n < ENTERPRISES_PER_GRID.min || n > ENTERPRISES_PER_GRID.max;

function cell(before: number | null, after: number | null, off: (n: number) => boolean = () => false): FigureCell {
  return { before, after, flagged: after !== null && off(after), changed: before !== after };
}

const pick = (f: GridFigures | null, get: (f: GridFigures) => number) => (f ? get(f) : null);

/** Whether a unit code is a micro-grid of `grid` (grid code + 3 digits). */
const underGrid = (code: string, grid: string) => code.length > grid.length && code.startsWith(grid);

const STATE_ORDER = { added: 0, changed: 1, retired: 2 } as const;

/**
 * The rows of the before → after table: new grids first, then grids changed, then retired ones, each by code.
 * `findings` are the draft's (for the composition flag).
 * @example figureRows(status.changes, status.findings)[0].enterprises // { before: null, after: 31, flagged: false, changed: true }
 */
export function figureRows(changes: Changes, findings: readonly Finding[]): GridFigureRow[] {
  const composition = findings.filter((f) => f.rule === 'microgrid-composition');
  const rows = changes.grids.map(({ code, before, after }): GridFigureRow => {
    const staff = Object.fromEntries(
      GRID_STAFF_ROLES.map((r) => [r, cell(pick(before, (f) => f.staff[r]), pick(after, (f) => f.staff[r]), (n) => n !== GRID_STAFF_PER_ROLE)]),
    ) as Record<StaffRole, FigureCell>;
    return {
      code,
      state: !before ? 'added' : !after ? 'retired' : 'changed',
      enterprises: cell(pick(before, (f) => f.enterprises), pick(after, (f) => f.enterprises), enterprisesOff),
      above: cell(pick(before, (f) => f.above), pick(after, (f) => f.above)),
      microGrids: cell(pick(before, (f) => f.microGrids), pick(after, (f) => f.microGrids)),
      parks: cell(pick(before, (f) => f.parks), pick(after, (f) => f.parks)),
      area: cell(pick(before, (f) => f.area), pick(after, (f) => f.area)),
      staff,
      composition: !!after && composition.some((f) => f.codes.some((c) => c === code || underGrid(c, code))),
    };
  });
  return rows.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Enterprises that moved between the same two grids. */
export interface MoveGroup {
  /** Grid code before / after (null: in no grid). */
  from: string | null;
  to: string | null;
  enterpriseIds: string[];
}

/**
 * The moves grouped by from → to, biggest group first ("12 家企业从 …003 移到 …009").
 * @example moveGroups([{ enterpriseId: 'a', from: 'G1', to: 'G2' }])[0].enterpriseIds.length === 1
 */
export function moveGroups(moves: readonly EnterpriseMove[]): MoveGroup[] {
  const groups = new Map<string, MoveGroup>();
  for (const m of moves) {
    const key = `${m.from ?? ''}>${m.to ?? ''}`;
    const g = groups.get(key);
    if (g) g.enterpriseIds.push(m.enterpriseId);
    else groups.set(key, { from: m.from, to: m.to, enterpriseIds: [m.enterpriseId] });
  }
  const text = (c: string | null) => c ?? '';
  return [...groups.values()].sort(
    (a, b) =>
      b.enterpriseIds.length - a.enterpriseIds.length ||
      text(a.from).localeCompare(text(b.from)) ||
      text(a.to).localeCompare(text(b.to)),
  );
}

/**
 * A code as people read it in a list: the last three digits after an ellipsis (…003), the whole code in titles.
 * @example shortCode('330424002201003') === '…003'
 */
export const shortCode = (code: string | null) => (code === null ? null : code.length > 6 ? `…${code.slice(-3)}` : code);

/** The plan store's status as the panel's rows; recomputed after every operation, undo, redo or load. */
export function usePlanPanelFigures() {
  const plan = usePlanStore();
  const rows = computed(() => (plan.status ? figureRows(plan.status.changes, plan.status.findings) : []));
  const moves = computed(() => (plan.status ? moveGroups(plan.status.changes.moves) : []));
  const moved = computed(() => plan.status?.changes.moves.length ?? 0);
  return { rows, moves, moved };
}
