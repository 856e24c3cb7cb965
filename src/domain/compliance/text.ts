/** Small English wording helpers shared by the compliance rules (messages are one line a planner understands). */

/** @example plural(2, 'grid leader') === '2 grid leaders'; plural(1, 'instructor') === '1 instructor' */
export function plural(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** @example enterpriseLabel({ id: '91330424MA2…', name: '海盐某某' }) === 'enterprise 海盐某某 (91330424MA2…)' */
export function enterpriseLabel(p: { id: string; name?: string }): string {
  return p.name ? `enterprise ${p.name} (${p.id})` : `enterprise ${p.id}`;
}

/** @example range(30, 50) === '30–50'; range(2, 2) === '2' */
export function range(min: number, max: number): string {
  return min === max ? String(min) : `${min}–${max}`;
}
