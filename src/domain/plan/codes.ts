/**
 * New codes for the planner (DOMAIN.md, "Codes"): a new grid is its community's code plus the lowest 3-digit
 * serial that no grid of that community has ever carried (retired ones included: a code is never reused), and no
 * earlier operation of the draft has taken; a micro-grid the same under its grid. Lowest-first and a pure function
 * of what is taken, so replaying the same operations on the same dataset gives the same codes.
 */
import { isCommunityCode, isGridCode, makeGridCode, makeMicroGridCode } from '../codes';
import { PlanError } from './types';

/** Largest 3-digit serial. */
const MAX_SERIAL = 999;

/**
 * `n` new codes under `parent` (a community code gives grid codes, a grid code micro-grid codes), lowest serials
 * first, none of them in `taken`. Throws PlanError when the 999 serials are spent.
 * @example allocateCodes('330424002012', 2, new Set(['330424002012001', '330424002012003'])) // […002, …004]
 */
export function allocateCodes(parent: string, n: number, taken: { has(code: string): boolean }): string[] {
  const make = isCommunityCode(parent) ? makeGridCode : isGridCode(parent) ? makeMicroGridCode : undefined;
  if (!make) throw new PlanError(`cannot make codes under "${parent}": not a community or grid code`, undefined, { reason: 'internal' });
  const out: string[] = [];
  for (let serial = 1; out.length < n && serial <= MAX_SERIAL; serial++) {
    const code = make(parent, serial);
    if (!taken.has(code)) out.push(code);
  }
  if (out.length < n) {
    throw new PlanError(`no free code under ${parent}: all ${MAX_SERIAL} serials are taken (codes are never reused)`, undefined, { reason: 'codes-exhausted', values: { parent, max: MAX_SERIAL } });
  }
  return out;
}
