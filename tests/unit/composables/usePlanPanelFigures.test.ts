/**
 * The planner panel's rows from a draft's status: per-grid figures before → after with the rules' flags, and the
 * enterprise moves grouped by from → to.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/findings';
import type { Changes, GridFigures } from '../../../src/domain/plan/types';
import { enterprisesOff, figureRows, moveGroups, shortCode } from '../../../src/composables/usePlanPanelFigures';

const staff = (n = 1): GridFigures['staff'] => ({ 'grid-leader': n, 'full-time': n, 'part-time': n, instructor: n });
const figures = (enterprises: number, extra: Partial<GridFigures> = {}): GridFigures => ({
  enterprises,
  above: 2,
  microGrids: 8,
  parks: 0,
  area: 250_000,
  staff: staff(),
  ...extra,
});

const changes = (grids: Changes['grids']): Changes => ({ added: [], retired: [], reshaped: [], moves: [], grids });

describe('figureRows', () => {
  it('puts new grids first, then changed, then retired, each by code', () => {
    const rows = figureRows(
      changes([
        { code: 'G003', before: figures(40), after: null },
        { code: 'G001', before: figures(40), after: figures(38) },
        { code: 'G012', before: null, after: figures(31, { staff: staff(0) }) },
        { code: 'G011', before: null, after: figures(30) },
      ]),
      [],
    );
    expect(rows.map((r) => [r.code, r.state])).toEqual([
      ['G011', 'added'],
      ['G012', 'added'],
      ['G001', 'changed'],
      ['G003', 'retired'],
    ]);
  });

  it('flags the value after that breaks a rule: enterprises outside 30–50, a role not held by exactly one', () => {
    const [row] = figureRows(changes([{ code: 'G001', before: figures(40), after: figures(55, { staff: { ...staff(), 'full-time': 2, instructor: 0 } }) }]), []);
    expect(row.enterprises).toEqual({ before: 40, after: 55, flagged: true, changed: true });
    expect(row.staff['grid-leader']).toEqual({ before: 1, after: 1, flagged: false, changed: false });
    expect(row.staff['full-time'].flagged).toBe(true);
    expect(row.staff.instructor.flagged).toBe(true);
    expect(row.area.changed).toBe(false);
  });

  it('never flags a side that does not exist, and a retired grid has nothing after', () => {
    const [row] = figureRows(changes([{ code: 'G003', before: figures(12), after: null }]), []);
    expect(row.enterprises).toEqual({ before: 12, after: null, flagged: false, changed: true });
    expect(row.composition).toBe(false);
  });

  it('marks composition when a composition finding names one of the grid’s micro-grids (not another grid’s)', () => {
    const f = (codes: string[]): Finding => ({ rule: 'microgrid-composition', severity: 'warning', codes, message: '', geometry: null });
    const rows = figureRows(
      changes([
        { code: '330424002201001', before: figures(40), after: figures(40) },
        { code: '330424002201002', before: figures(40), after: figures(40) },
      ]),
      [f(['330424002201002007'])],
    );
    expect(rows.map((r) => r.composition)).toEqual([false, true]);
  });

  it('uses the standard’s 30–50 bounds', () => {
    expect([29, 30, 50, 51].map(enterprisesOff)).toEqual([true, false, false, true]);
  });
});

describe('moveGroups', () => {
  it('groups moves by from → to, biggest first, keeping grid-less sides', () => {
    const groups = moveGroups([
      { enterpriseId: 'a', from: 'G3', to: 'G9' },
      { enterpriseId: 'b', from: 'G1', to: 'G2' },
      { enterpriseId: 'c', from: 'G3', to: 'G9' },
      { enterpriseId: 'd', from: null, to: 'G2' },
    ]);
    expect(groups).toEqual([
      { from: 'G3', to: 'G9', enterpriseIds: ['a', 'c'] },
      { from: null, to: 'G2', enterpriseIds: ['d'] },
      { from: 'G1', to: 'G2', enterpriseIds: ['b'] },
    ]);
  });

  it('is empty for no moves', () => {
    expect(moveGroups([])).toEqual([]);
  });
});

describe('shortCode', () => {
  it('shows a code’s last three digits', () => {
    expect(shortCode('330424002201003')).toBe('…003');
    expect(shortCode(null)).toBeNull();
  });
});
