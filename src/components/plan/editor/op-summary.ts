import type { ChangeLogEntry, PlanOp } from '../../../domain/plan/types';
import { isMicroGridCode } from '../../../domain/codes';

/** The units an operation names, as text (codes shortened to their last 6 digits where the list is long). */
function subjectOf(op: PlanOp): string {
  const fmt = (p: [number, number]) => `${p[0].toFixed(6)}, ${p[1].toFixed(6)}`;
  switch (op.op) {
    case 'move-vertex':
      return fmt(op.from);
    case 'move-vertices':
      return `${op.moves.length} × ${fmt(op.moves[0]?.from ?? [0, 0])}`;
    case 'insert-vertex':
    case 'delete-vertex':
      return fmt(op.at);
    case 'split':
    case 'add-microgrid':
      return op.grid;
    case 'merge':
      return op.grids.join(' + ');
    case 'revoke':
      return `${op.grid} → ${op.into}`;
    case 'delete-microgrid':
    case 'split-microgrid':
      return op.code;
    case 'set-microgrid-kind':
      return `${op.code} (${op.kind ?? '—'})`;
    case 'merge-microgrids':
      return op.codes.join(' + ');
    case 'assign-member':
      return `${op.memberId} → ${op.gridCode}${op.microGridCode ? ` / ${op.microGridCode}` : ''} (${op.role})`;
    case 'import-boundaries':
      return `${op.source ?? ''} (${op.units.length})`.trim();
  }
}

/** Codes to name and micro-grids to count. */
export interface Tally {
  codes: string;
  micro: number;
}

/**
 * A split or merge re-codes every micro-grid of the grids involved: grids are named, their micro-grids counted;
 * a step that touched only one or two micro-grids names them.
 */
function tally(codes: readonly string[]): Tally {
  const micro = codes.filter(isMicroGridCode);
  const grids = codes.filter((c) => !isMicroGridCode(c));
  if (!grids.length && micro.length <= 2) return { codes: micro.join(', '), micro: 0 };
  return { codes: grids.join(', '), micro: micro.length };
}

/**
 * What the history list shows for one change-log entry: the units named, what it added and retired, the time.
 * @example opSummary(entry).subject // '330424002201003 + 330424002201004'
 */
export function opSummary(entry: ChangeLogEntry): { subject: string; added: Tally; retired: Tally; time: string } {
  return {
    subject: subjectOf(entry.op),
    added: tally(entry.effect.added),
    retired: tally(entry.effect.retired),
    // "2026-11-21T09:05:12+08:00" → "11-21 09:05"
    time: /^\d{4}-(\d\d-\d\d)T(\d\d:\d\d)/.exec(entry.at)?.slice(1).join(' ') ?? entry.at,
  };
}
