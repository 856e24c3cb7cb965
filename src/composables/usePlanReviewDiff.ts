import { computed, type Ref } from 'vue';
import { isGridCode } from '../domain/codes';
import type { Changes, GridFigures } from '../domain/plan/types';
import { ENTERPRISES_PER_GRID, GRID_STAFF_PER_ROLE } from '../domain/rules';
import { GRID_STAFF_ROLES } from '../domain/types';

/** A rule of the standard a grid's figures break on one side (the table flags it). */
export type FigureFlag = 'enterprises-low' | 'enterprises-high' | 'staffing' | 'no-microgrids';

export interface FigureRow {
  code: string;
  before: GridFigures | null;
  after: GridFigures | null;
  /** Breaks after the change (what the reviewer approves); those before are shown muted. */
  flagsAfter: FigureFlag[];
  flagsBefore: FigureFlag[];
}

export interface UnitRow {
  code: string;
  change: 'added' | 'retired' | 'reshaped';
  layer: 'grid' | 'microgrid';
}

export interface MoveGroup {
  from: string | null;
  to: string | null;
  count: number;
}

export interface ReviewDiff {
  units: UnitRow[];
  counts: Record<UnitRow['change'], { grid: number; microgrid: number }>;
  figures: FigureRow[];
  moves: MoveGroup[];
  /** Enterprises moved in all. */
  moved: number;
}

/**
 * The rules one grid's figures break: enterprises outside ENTERPRISES_PER_GRID, a staff role under
 * GRID_STAFF_PER_ROLE, no micro-grid at all.
 * @example figureFlags({ enterprises: 12, ... }) // ['enterprises-low', ...]
 */
export function figureFlags(f: GridFigures | null): FigureFlag[] {
  if (!f) return [];
  const flags: FigureFlag[] = [];
  if (f.enterprises < ENTERPRISES_PER_GRID.min) flags.push('enterprises-low');
  if (f.enterprises > ENTERPRISES_PER_GRID.max) flags.push('enterprises-high');
  if (GRID_STAFF_ROLES.some((r) => (f.staff?.[r] ?? 0) < GRID_STAFF_PER_ROLE)) flags.push('staffing');
  if (f.microGrids === 0) flags.push('no-microgrids');
  return flags;
}

/**
 * The diff of a proposal as the review table shows it: units by change (grids first, then by code), per-grid
 * figures with the rules they break, enterprise moves grouped by (from, to), largest first. Pure.
 * @example reviewDiff(proposal.changes).moves[0] // { from: '…003', to: '…009', count: 12 }
 */
export function reviewDiff(changes: Changes): ReviewDiff {
  const layer = (code: string): UnitRow['layer'] => (isGridCode(code) ? 'grid' : 'microgrid');
  const units: UnitRow[] = [];
  const counts = {
    added: { grid: 0, microgrid: 0 },
    retired: { grid: 0, microgrid: 0 },
    reshaped: { grid: 0, microgrid: 0 },
  };
  for (const change of ['added', 'retired', 'reshaped'] as const) {
    for (const code of changes[change]) {
      const row = { code, change, layer: layer(code) };
      units.push(row);
      counts[change][row.layer]++;
    }
  }
  const order = { added: 0, retired: 1, reshaped: 2 };
  units.sort((a, b) => (a.layer === b.layer ? 0 : a.layer === 'grid' ? -1 : 1) || order[a.change] - order[b.change] || a.code.localeCompare(b.code));

  const figures = changes.grids
    .map((g) => ({ ...g, flagsBefore: figureFlags(g.before), flagsAfter: figureFlags(g.after) }))
    .sort((a, b) => a.code.localeCompare(b.code));

  const groups = new Map<string, MoveGroup>();
  for (const m of changes.moves) {
    const key = `${m.from ?? ''}>${m.to ?? ''}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { from: m.from, to: m.to, count: 1 });
  }
  const moves = [...groups.values()].sort(
    (a, b) => b.count - a.count || (a.from ?? '').localeCompare(b.from ?? '') || (a.to ?? '').localeCompare(b.to ?? ''),
  );
  return { units, counts, figures, moves, moved: changes.moves.length };
}

/** The review diff of the opened proposal, recomputed when another is opened. */
export function usePlanReviewDiff(changes: Ref<Changes | null | undefined>) {
  return computed(() => (changes.value ? reviewDiff(changes.value) : null));
}
