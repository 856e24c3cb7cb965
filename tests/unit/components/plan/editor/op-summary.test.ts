import { describe, expect, it } from 'vitest';
import { opSummary } from '../../../../../src/components/plan/editor/op-summary';
import type { ChangeLogEntry } from '../../../../../src/domain/plan/types';

const entry = (over: Partial<ChangeLogEntry>): ChangeLogEntry => ({
  op: { op: 'merge', grids: ['330424002012004', '330424002012005'] },
  who: '李',
  at: '2026-11-21T09:05:12+08:00',
  effect: { added: [], retired: [], reshaped: [] },
  ...over,
});

describe('opSummary', () => {
  it('names the grids a merge adds and retires and counts their re-coded micro-grids', () => {
    const s = opSummary(
      entry({
        effect: {
          added: ['330424002012014', '330424002012014001', '330424002012014002', '330424002012014003'],
          retired: ['330424002012004', '330424002012005', '330424002012004001', '330424002012005001'],
          reshaped: [],
        },
      }),
    );
    expect(s.subject).toBe('330424002012004 + 330424002012005');
    expect(s.added).toEqual({ codes: '330424002012014', micro: 3 });
    expect(s.retired).toEqual({ codes: '330424002012004, 330424002012005', micro: 2 });
    expect(s.time).toBe('11-21 09:05');
  });

  it('names one or two micro-grids, counts more, and places a vertex by its position', () => {
    const added = opSummary(entry({ op: { op: 'add-microgrid', grid: '330424002012006', polygon: [] }, effect: { added: ['330424002012006011'], retired: [], reshaped: [] } }));
    expect(added.added).toEqual({ codes: '330424002012006011', micro: 0 });
    const revoke = opSummary(entry({ op: { op: 'revoke', grid: 'g3', into: 'g2' }, effect: { added: ['330424002012002020', '330424002012002021', '330424002012002022'], retired: [], reshaped: [] } }));
    expect(revoke.subject).toBe('g3 → g2');
    expect(revoke.added).toEqual({ codes: '', micro: 3 });
    expect(opSummary(entry({ op: { op: 'insert-vertex', at: [120.9966641, 30.6021734] } })).subject).toBe('120.996664, 30.602173');
  });
});
