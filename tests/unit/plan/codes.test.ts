import { describe, expect, it } from 'vitest';
import { allocateCodes } from '../../../src/domain/plan/codes';
import { PlanError } from '../../../src/domain/plan/types';

describe('allocateCodes', () => {
  it('gives the lowest serials never taken, grids under a community and micro-grids under a grid', () => {
    const taken = new Set(['330424002012001', '330424002012002', '330424002012004']);
    expect(allocateCodes('330424002012', 3, taken)).toEqual(['330424002012003', '330424002012005', '330424002012006']);
    expect(allocateCodes('330424002012001', 1, new Set(['330424002012001001']))).toEqual(['330424002012001002']);
  });

  it('is a pure function of what is taken (replays give the same codes)', () => {
    const taken = new Set(['330424002012001']);
    expect(allocateCodes('330424002012', 2, taken)).toEqual(allocateCodes('330424002012', 2, new Set(taken)));
  });

  it('refuses when the 999 serials are spent, and a parent that is not a code', () => {
    const all = new Set(Array.from({ length: 999 }, (_, i) => `330424002012${String(i + 1).padStart(3, '0')}`));
    expect(() => allocateCodes('330424002012', 1, all)).toThrow(PlanError);
    expect(() => allocateCodes('330424002012', 1, all)).toThrow(/all 999 serials are taken/);
    expect(() => allocateCodes('3304', 1, new Set())).toThrow(/not a community or grid code/);
  });
});
