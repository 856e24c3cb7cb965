/**
 * The diff of a draft against its starting dataset (issue 11's changes.json): codes added, retired and reshaped,
 * enterprises whose grid changed, and per grid touched its figures before and after. Pure bookkeeping over what
 * the engine (geo/plan) tells it; geometry is compared by the caller.
 */
import type { Changes, EnterpriseMove, GridFigures } from './types';

export interface ChangesInput {
  /** Codes (grids and micro-grids) in force in the starting dataset, and in the draft. */
  inForceBefore: (code: string) => boolean;
  inForceAfter: (code: string) => boolean;
  /** Codes any applied operation named in its effect, or touched otherwise (roster, kind): the candidates. */
  touched: Iterable<string>;
  /** Whether a unit in force on both sides has other coordinates now. */
  reshaped: (code: string) => boolean;
  /** Every enterprise id with its grid before and after (null: in no grid). */
  enterprises: Iterable<{ id: string; before: string | null; after: string | null }>;
  /**
   * Grids whose figures may have changed for another reason than their shape or units (members reassigned, a
   * micro-grid marked as park): listed only where their figures differ.
   */
  extraGrids?: Iterable<string>;
  /** The grid a micro-grid code belongs to (its parent), or undefined for a grid code. */
  gridOfMicro: (code: string) => string | undefined;
  figuresBefore: (grid: string) => GridFigures | null;
  figuresAfter: (grid: string) => GridFigures | null;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * @example changesOf({ inForceBefore, inForceAfter, touched: ['330424002012001'], … }).retired
 */
export function changesOf(input: ChangesInput): Changes {
  const added: string[] = [];
  const retired: string[] = [];
  const reshaped: string[] = [];
  const grids = new Set<string>();
  const touchGrid = (code: string) => grids.add(input.gridOfMicro(code) ?? code);
  for (const code of new Set(input.touched)) {
    const before = input.inForceBefore(code);
    const after = input.inForceAfter(code);
    if (!before && after) added.push(code);
    else if (before && !after) retired.push(code);
    else if (before && after && input.reshaped(code)) reshaped.push(code);
    else continue;
    touchGrid(code);
  }
  const moves: EnterpriseMove[] = [];
  for (const e of input.enterprises) {
    if (e.before === e.after) continue;
    moves.push({ enterpriseId: e.id, from: e.before, to: e.after });
    if (e.before) grids.add(e.before);
    if (e.after) grids.add(e.after);
  }
  const extra = new Set([...(input.extraGrids ?? [])].filter((g) => !grids.has(g)));
  moves.sort((a, b) => byCode(a.enterpriseId, b.enterpriseId));
  const rows = [...grids, ...extra]
    .sort(byCode)
    .map((code) => ({ code, before: input.figuresBefore(code), after: input.figuresAfter(code) }))
    // A grid created and retired within the draft has no figures on either side: nothing to show.
    .filter((r) => (r.before || r.after) && !(extra.has(r.code) && JSON.stringify(r.before) === JSON.stringify(r.after)));
  return { added: added.sort(byCode), retired: retired.sort(byCode), reshaped: reshaped.sort(byCode), moves, grids: rows };
}
