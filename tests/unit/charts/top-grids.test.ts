import { describe, expect, test } from 'vitest';
import { topGrids, topGridsOption } from '../../../src/charts/top-grids';
import { GRID_BAR } from '../../../src/charts/palette';
import { smallSummary, t } from './helpers';

describe('topGrids', () => {
  const { grids } = smallSummary();
  test('by count, largest first, ties by code', () => {
    const tied = [...grids, { code: 'g0', name: '零', count: 4, enterprises: 2, perEnterprise: 2 }];
    expect(topGrids(tied, { metric: 'count', selected: null }).map((g) => g.code)).toEqual(['g0', 'g1', 'g2', 'g3']);
  });
  test('per enterprise leaves out grids without enterprises (undefined rate, not zero)', () => {
    expect(topGrids(grids, { metric: 'perEnterprise', selected: null }).map((g) => g.code)).toEqual(['g2', 'g1']);
  });
  test('limit, with the selected grid added when it is not among the top', () => {
    expect(topGrids(grids, { metric: 'count', selected: null, limit: 1 }).map((g) => g.code)).toEqual(['g1']);
    expect(topGrids(grids, { metric: 'count', selected: 'g3', limit: 1 }).map((g) => g.code)).toEqual(['g1', 'g3']);
    expect(() => topGrids(grids, { metric: 'count', selected: null, limit: 0 })).toThrow(/limit/);
  });
  test('does not reorder its input', () => {
    const input = [...grids].reverse();
    topGrids(input, { metric: 'count', selected: null });
    expect(input.map((g) => g.code)).toEqual(['g3', 'g2', 'g1']);
  });
});

describe('topGridsOption', () => {
  test('codes on the category axis, names as labels, the selected bar in the selection colour', () => {
    const option = topGridsOption(smallSummary().grids, { metric: 'count', selected: 'g2' }, t);
    const axis = option.yAxis as { data: string[]; inverse: boolean; axisLabel: { formatter: (c: string) => string } };
    expect(axis.data).toEqual(['g1', 'g2', 'g3']);
    expect(axis.inverse).toBe(true);
    expect(axis.axisLabel.formatter('g2')).toBe('二号网格');
    const data = (option.series as { data: { value: number; itemStyle: { color: string } }[] }[])[0].data;
    expect(data.map((d) => d.value)).toEqual([4, 2, 1]);
    expect(data.map((d) => d.itemStyle.color)).toEqual([GRID_BAR.normal, GRID_BAR.selected, GRID_BAR.normal]);
  });
});
