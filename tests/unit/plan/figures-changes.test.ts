import { describe, expect, it } from 'vitest';
import { gridFigures } from '../../../src/domain/plan/figures';
import { changesOf } from '../../../src/domain/plan/changes';
import type { GridFigures } from '../../../src/domain/plan/types';

describe('gridFigures', () => {
  it('counts enterprises by scale, micro-grids and parks, the four roles, and rounds the area', () => {
    const f = gridFigures({
      enterprises: [{ scale: 'above' }, { scale: 'below' }, { scale: 'below' }],
      microGrids: [{ kind: 'park' }, {}, { kind: 'below' }],
      members: [{ role: 'grid-leader' }, { role: 'other' }, { role: 'micro-leader' }, { role: 'instructor' }, { role: 'instructor' }],
      area: 1234.56,
    });
    expect(f).toEqual({
      enterprises: 3,
      above: 1,
      microGrids: 3,
      parks: 1,
      area: 1235,
      staff: { 'grid-leader': 1, 'full-time': 0, 'part-time': 0, instructor: 2 },
    });
  });
});

const fig = (enterprises: number): GridFigures => ({
  enterprises,
  above: 0,
  microGrids: 1,
  parks: 0,
  area: 100,
  staff: { 'grid-leader': 1, 'full-time': 1, 'part-time': 1, instructor: 1 },
});

describe('changesOf', () => {
  it('sorts added, retired and reshaped codes, lists moves and every grid touched before → after', () => {
    const before = new Set(['A01', 'A02', 'A01m1']);
    const after = new Set(['A02', 'A03', 'A03m1']);
    const figures: Record<string, [GridFigures | null, GridFigures | null]> = {
      A01: [fig(30), null],
      A02: [fig(40), fig(45)],
      A03: [null, fig(25)],
      A09: [fig(10), fig(10)],
    };
    const c = changesOf({
      inForceBefore: (c) => before.has(c),
      inForceAfter: (c) => after.has(c),
      touched: ['A03m1', 'A01', 'A03', 'A01m1', 'A02', 'A07'],
      reshaped: (c) => c === 'A02',
      enterprises: [
        { id: 'e2', before: 'A01', after: 'A03' },
        { id: 'e1', before: 'A01', after: 'A02' },
        { id: 'e3', before: 'A02', after: 'A02' },
      ],
      extraGrids: ['A09'],
      gridOfMicro: (c) => (c.length > 3 ? c.slice(0, 3) : undefined),
      figuresBefore: (c) => figures[c]?.[0] ?? null,
      figuresAfter: (c) => figures[c]?.[1] ?? null,
    });
    expect(c.added).toEqual(['A03', 'A03m1']);
    expect(c.retired).toEqual(['A01', 'A01m1']);
    expect(c.reshaped).toEqual(['A02']);
    expect(c.moves).toEqual([
      { enterpriseId: 'e1', from: 'A01', to: 'A02' },
      { enterpriseId: 'e2', from: 'A01', to: 'A03' },
    ]);
    // A09 is an extra grid whose figures did not change: not listed.
    expect(c.grids.map((g) => g.code)).toEqual(['A01', 'A02', 'A03']);
    expect(c.grids[0]).toEqual({ code: 'A01', before: fig(30), after: null });
  });
});
