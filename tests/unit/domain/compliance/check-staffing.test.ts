import { describe, expect, it } from 'vitest';
import { checkStaffing } from '../../../../src/domain/compliance';
import { asOf, build, gridCode, microCode } from './build';

const one = () => build([{ micro: [{ above: 1 }, { below: 3 }] }]);
const messages = (ds: ReturnType<typeof build>) => checkStaffing(ds, { asOf }).map((f) => f.message);

describe('staffing', () => {
  it('passes one of each grid role (others any number) and two micro-grid leaders', () => {
    const ds = one();
    ds.members!.push({ id: 'x', name: '志愿者', role: 'other', gridCode: gridCode(0) });
    expect(checkStaffing(ds, { asOf })).toEqual([]);
  });

  it('names each role that is off in one finding per grid', () => {
    const ds = one();
    ds.members = ds.members!.filter((m) => m.role !== 'instructor');
    ds.members.push({ id: 'gl2', name: '二号网格长', role: 'grid-leader', gridCode: gridCode(0) });
    const f = checkStaffing(ds, { asOf });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'staffing', severity: 'error', codes: [gridCode(0)], geometry: null });
    expect(f[0].message).toBe(
      `grid ${gridCode(0)} has 2 grid leaders, 0 instructors; the standard requires 1 grid leader, 1 instructor`,
    );
  });

  it('wants two micro-grid leaders per micro-grid', () => {
    const ds = one();
    ds.members = ds.members!.filter((m) => m.id !== `${microCode(0, 1)}-leader2`);
    expect(messages(ds)).toEqual([
      `micro-grid ${microCode(0, 1)} has 1 micro-grid leader; the standard requires 2`,
    ]);
  });

  it('reports members who name a unit that does not exist, with memberId', () => {
    const ds = one();
    ds.members!.push(
      { id: 'm1', name: 'a', role: 'other', gridCode: '330424002201099' },
      {
        id: 'm2',
        name: 'b',
        role: 'micro-leader',
        gridCode: gridCode(0),
        microGridCode: `${gridCode(0)}099`,
      },
      { id: 'm3', name: 'c', role: 'micro-leader', gridCode: gridCode(0) },
    );
    const f = checkStaffing(ds, { asOf }).filter((x) => x.memberId);
    expect(f.map((x) => [x.memberId, x.codes, x.message])).toEqual([
      [
        'm1',
        ['330424002201099'],
        'member m1 (other member) names grid 330424002201099, which does not exist',
      ],
      [
        'm2',
        [gridCode(0), `${gridCode(0)}099`],
        `member m2 (micro-grid leader) names micro-grid ${gridCode(0)}099, which does not exist`,
      ],
      ['m3', [gridCode(0)], 'member m3 (micro-grid leader) names no micro-grid'],
    ]);
  });

  it('reports a member whose micro-grid lies in another grid', () => {
    const ds = build([{ micro: [{ above: 1 }] }, { micro: [{ above: 1 }] }]);
    ds.members!.push({
      id: 'm',
      name: 'x',
      role: 'other',
      gridCode: gridCode(0),
      microGridCode: microCode(1, 0),
    });
    expect(messages(ds)).toEqual([
      `member m (other member) names micro-grid ${microCode(1, 0)}, which belongs to grid ${gridCode(1)}, not ${gridCode(0)}`,
    ]);
  });

  it('checks only units active at asOf, and reports members of a revoked unit', () => {
    const ds = build([{ micro: [{ above: 1 }] }, { micro: [{ above: 1 }] }]);
    ds.grids!.features[1].properties.validTo = '2026-01-01';
    ds.microGrids!.features[1].properties.validTo = '2026-01-01';
    ds.members = ds.members!.filter((m) => m.gridCode !== gridCode(1) || m.role === 'grid-leader');
    expect(messages(ds)).toEqual([
      `member ${gridCode(1)}-grid-leader (grid leader) names grid ${gridCode(1)}, which is not active`,
    ]);
  });

  it('takes the required counts from the options, and skips a dataset without members.json', () => {
    const ds = one();
    expect(checkStaffing(ds, { asOf, perGrid: { other: 1 }, microLeadersPerMicroGrid: 2 })).toEqual([]);
    expect(checkStaffing(ds, { asOf, perGrid: { other: 2 } })[0].message).toBe(
      `grid ${gridCode(0)} has 1 other member; the standard requires 2 other members`,
    );
    delete ds.members;
    expect(checkStaffing(ds, { asOf })).toEqual([]);
  });
});
