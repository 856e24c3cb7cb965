import { describe, expect, it } from 'vitest';
import type { Changes, GridFigures } from '../../../src/domain/plan/types';
import { figureFlags, reviewDiff } from '../../../src/composables/usePlanReviewDiff';
import { reviewLayers, reviewSourceData, REVIEW_SOURCES } from '../../../src/composables/usePlanReviewLayers';
import { EFFECTIVE, NEW, OLD, miniProposal } from '../io/plan/proposal-fixture';
import { readProposal, writeProposal } from '../../../src/io/plan/proposal';

const figures = (over: Partial<GridFigures> = {}): GridFigures => ({
  enterprises: 40,
  above: 2,
  microGrids: 10,
  parks: 0,
  area: 1e6,
  staff: { 'grid-leader': 1, 'full-time': 1, 'part-time': 1, instructor: 1 },
  ...over,
});

describe('reviewDiff', () => {
  const changes: Changes = {
    added: ['330424002012012', '330424002012012001', '330424002012013'],
    retired: ['330424002012003', '330424002012003001'],
    reshaped: ['330424002012009'],
    moves: [
      { enterpriseId: 'a', from: '330424002012003', to: '330424002012012' },
      { enterpriseId: 'b', from: '330424002012003', to: '330424002012013' },
      { enterpriseId: 'c', from: '330424002012003', to: '330424002012012' },
      { enterpriseId: 'd', from: null, to: '330424002012009' },
    ],
    grids: [
      { code: '330424002012012', before: null, after: figures({ enterprises: 12, staff: { 'grid-leader': 0, 'full-time': 0, 'part-time': 0, instructor: 0 } }) },
      { code: '330424002012003', before: figures(), after: null },
      { code: '330424002012009', before: figures({ enterprises: 49 }), after: figures({ enterprises: 51 }) },
    ],
  };

  it('lists grids before micro-grids, each by change then code, and counts them by layer', () => {
    const d = reviewDiff(changes);
    expect(d.units.map((u) => `${u.layer}:${u.change}:${u.code.slice(-6)}`)).toEqual([
      'grid:added:012012',
      'grid:added:012013',
      'grid:retired:012003',
      'grid:reshaped:012009',
      'microgrid:added:012001',
      'microgrid:retired:003001',
    ]);
    expect(d.counts).toEqual({ added: { grid: 2, microgrid: 1 }, retired: { grid: 1, microgrid: 1 }, reshaped: { grid: 1, microgrid: 0 } });
  });

  it('groups moves by (from, to), largest first, and flags the figures that break a rule', () => {
    const d = reviewDiff(changes);
    expect(d.moved).toBe(4);
    expect(d.moves[0]).toEqual({ from: '330424002012003', to: '330424002012012', count: 2 });
    expect(d.moves).toHaveLength(3);
    const byCode = new Map(d.figures.map((g) => [g.code, g]));
    expect(byCode.get('330424002012012')?.flagsAfter).toEqual(['enterprises-low', 'staffing']);
    expect(byCode.get('330424002012009')?.flagsAfter).toEqual(['enterprises-high']);
    expect(byCode.get('330424002012009')?.flagsBefore).toEqual([]);
    expect(byCode.get('330424002012003')?.flagsAfter).toEqual([]);
    expect(figureFlags(figures({ microGrids: 0 }))).toEqual(['no-microgrids']);
  });
});

describe('reviewSourceData', () => {
  it('shows each side in force on the effective date, coloured by what the proposal does', async () => {
    const { proposal } = await miniProposal();
    const p = await readProposal(writeProposal(proposal));
    const input = { dataset: p.dataset, baseUnits: p.baseUnits, changes: p.changes, effective: EFFECTIVE };
    const current = reviewSourceData(input, 'current');
    const proposed = reviewSourceData(input, 'proposed');
    const marks = (fc: { features: { properties: unknown }[] }) =>
      fc.features.map((f) => `${(f.properties as { code: string }).code}:${(f.properties as { change: string }).change}`);
    expect(marks(current['review-grids'])).toEqual([`${OLD}:retired`, '330424002201002:same']);
    expect(marks(proposed['review-grids'])).toEqual(['330424002201002:same', `${NEW}:added`]);
    expect(proposed['review-labels'].features).toHaveLength(2);
    expect(Object.keys(proposed).sort()).toEqual([...REVIEW_SOURCES].sort());
    // Every layer reads one of the review's own sources, under a review- id.
    for (const l of reviewLayers()) {
      expect(l.id.startsWith('review-')).toBe(true);
      expect(REVIEW_SOURCES).toContain((l as { source: string }).source);
    }
  });
});
