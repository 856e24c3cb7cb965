/**
 * The roster panel's members of a draft come from the engine through the plan worker's views (whole at start, the
 * changed ones after each edit): they must agree with the draft's members.json (PlanSession.dataset()), re-coded
 * micro-grids included; and the roster and candidate lists built from them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Member, MicroGridFC } from '../../../src/domain/types';
import type { PlanOp } from '../../../src/domain/plan/types';
import { datasetAsOf } from '../../../src/domain/stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { PlanSession } from '../../../src/geo/plan/session';
import { candidates, gridRoster } from '../../../src/composables/usePlanPanelRoster';
import { createPlanHandler } from '../../../src/workers/plan-handler';
import type { PlanRequest } from '../../../src/workers/plan-messages';
import { applyMembersDelta, isMembersDelta, newMembersMemory, rememberMembers } from '../../../src/workers/plan-delta';

const WHO = { who: '测试', at: '2026-11-21T09:00:00+08:00' };
const key = (m: Member) => `${m.id}|${m.role}|${m.gridCode}|${m.microGridCode ?? ''}`;
const noMicro: MicroGridFC = { type: 'FeatureCollection', features: [] };

const members: Member[] = [
  { id: 'm1', name: '甲', role: 'grid-leader', gridCode: 'G1' },
  { id: 'm2', name: '乙', role: 'micro-leader', gridCode: 'G1', microGridCode: 'G1M1' },
  { id: 'm3', name: '丙', role: 'other', gridCode: 'G2', phone: '13800001234' },
];

describe('gridRoster and candidates', () => {
  it('gives the four roles in the standard’s order, holders by name, and each micro-grid’s leaders', () => {
    const r = gridRoster('G1', members, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { code: 'G1M1', gridCode: 'G1' } }],
    });
    expect(r.slots.map((s) => [s.role, s.holders.map((m) => m.id)])).toEqual([
      ['grid-leader', ['m1']],
      ['full-time', []],
      ['part-time', []],
      ['instructor', []],
    ]);
    expect(r.micro).toEqual([{ code: 'G1M1', name: undefined, kind: undefined, leaders: [members[1]] }]);
    expect(gridRoster('G2', members, noMicro).others.map((m) => m.id)).toEqual(['m3']);
  });

  it('offers members of the same community: those whose grid is gone, then "other" members, then the rest', () => {
    const pool: Member[] = [
      { id: 'd', name: 'D', role: 'grid-leader', gridCode: '330424002201001' },
      { id: 'a', name: 'A', role: 'full-time', gridCode: '330424002201001' },
      { id: 'e', name: 'E', role: 'other', gridCode: '330424002201001' },
      { id: 'b', name: 'B', role: 'full-time', gridCode: '330424002201003' },
      { id: 'c', name: 'C', role: 'full-time', gridCode: '330424009999001' },
    ];
    const out = candidates('330424002201012', pool, new Set(['330424002201001', '330424002201012']));
    expect(out.map((c) => [c.member.id, c.waiting])).toEqual([
      ['b', true],
      ['e', false],
      ['a', false],
      ['d', false],
    ]);
  });
});

describe('the draft’s members through the plan worker (community dataset)', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'] });
  });

  it('agree with PlanSession.dataset().members after a merge, assignments in the new grid and an undo', () => {
    const now = datasetAsOf(dataset, Date.now());
    const session = new PlanSession(dataset, { now });
    // The same steps through the worker's handler, its views applied as the plan store does.
    const handle = createPlanHandler();
    const held = newMembersMemory();
    let ours: readonly Member[] = [];
    let id = 0;
    const view = (req: Omit<PlanRequest, 'id'>) => {
      const r = structuredClone(handle(structuredClone({ ...req, id: ++id }) as PlanRequest));
      if (!r.ok || r.kind !== 'view' || !r.view.members) return false;
      if (isMembersDelta(r.view.members)) ours = applyMembersDelta(r.view.members, held);
      else {
        rememberMembers(r.view.members, held);
        ours = r.view.members;
      }
      return true;
    };
    view({ type: 'start', dataset, now } as Omit<PlanRequest, 'id'>);
    const apply = (op: PlanOp) => {
      const entry = session.apply(op, WHO);
      expect(view({ type: 'apply', op, ...WHO } as Omit<PlanRequest, 'id'>)).toBe(true);
      return entry;
    };
    const grids = session.snapshot().grids.features.map((f) => f.properties.code);
    // The first pair of grids that touch: merging two that do not is refused.
    let merged: string | null = null;
    let pair: string[] = [];
    for (let i = 0; i < grids.length && !merged; i++) {
      for (let j = i + 1; j < grids.length && !merged; j++) {
        try {
          pair = [grids[i], grids[j]];
          merged = apply({ op: 'merge', grids: pair }).effect.added.find((c) => c.length === 15) ?? null;
        } catch {
          /* not adjacent: try the next pair */
        }
      }
    }
    expect(merged).not.toBeNull();
    const micro = session.snapshot().microGrids.features.find((f) => f.properties.gridCode === merged)!.properties.code;
    const base = dataset.members!;
    const waiting = base.find((m) => m.role === 'full-time' && !grids.slice(2).includes(m.gridCode)) ?? base[0];
    apply({ op: 'assign-member', memberId: waiting.id, gridCode: merged!, role: 'grid-leader' });
    // A micro-grid leader from elsewhere (the merged grids' own leaders already lead their re-coded micro-grids).
    const leader = base.find((m) => m.role === 'micro-leader' && !pair.includes(m.gridCode))!;
    apply({ op: 'assign-member', memberId: leader.id, gridCode: merged!, role: 'micro-leader', microGridCode: micro });
    apply({ op: 'assign-member', memberId: base[6].id, gridCode: merged!, role: 'part-time' });
    session.undo();
    expect(view({ type: 'undo' } as Omit<PlanRequest, 'id'>)).toBe(true);

    const engine = session.dataset().members!;
    expect(ours.map(key)).toEqual(engine.map(key));
    expect(ours.find((m) => m.id === waiting.id)?.role).toBe('grid-leader');
    expect(ours.find((m) => m.id === base[6].id)?.role).toBe(base[6].role);
    // The merge re-coded the micro-grids: their leaders follow them in both.
    expect(ours.some((m) => m.role === 'micro-leader' && m.gridCode === merged && m.microGridCode !== micro)).toBe(true);
  });
});
