/**
 * The roster panel's members of a draft: the dataset's members with the draft's `assign-member` records laid over
 * them must agree with the engine's own members (PlanSession.dataset()), re-coded micro-grids included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Member, MicroGridFC } from '../../../src/domain/types';
import type { ChangeLogEntry, PlanOp } from '../../../src/domain/plan/types';
import { datasetAsOf } from '../../../src/domain/stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { PlanSession } from '../../../src/geo/plan/session';
import { candidates, draftMembers, gridRoster } from '../../../src/composables/usePlanPanelRoster';

const WHO = { who: '测试', at: '2026-11-21T09:00:00+08:00' };
const key = (m: Member) => `${m.id}|${m.role}|${m.gridCode}|${m.microGridCode ?? ''}`;
const entry = (op: PlanOp): ChangeLogEntry => ({ op, ...WHO, effect: { added: [], retired: [], reshaped: [] } });
const noMicro: MicroGridFC = { type: 'FeatureCollection', features: [] };

const members: Member[] = [
  { id: 'm1', name: '甲', role: 'grid-leader', gridCode: 'G1' },
  { id: 'm2', name: '乙', role: 'micro-leader', gridCode: 'G1', microGridCode: 'G1M1' },
  { id: 'm3', name: '丙', role: 'other', gridCode: 'G2', phone: '13800001234' },
];

describe('draftMembers', () => {
  it('lays assign-member records over the members in order, without touching the input', () => {
    const before = structuredClone(members);
    const out = draftMembers(members, [
      entry({ op: 'assign-member', memberId: 'm3', gridCode: 'G1', role: 'full-time' }),
      entry({ op: 'assign-member', memberId: 'm2', gridCode: 'G2', role: 'instructor' }),
      entry({ op: 'assign-member', memberId: 'm3', gridCode: 'G1', role: 'micro-leader', microGridCode: 'G1M1' }),
      entry({ op: 'merge', grids: ['G1', 'G2'] }),
    ]);
    expect(out.map(key)).toEqual(['m1|grid-leader|G1|', 'm2|instructor|G2|', 'm3|micro-leader|G1|G1M1']);
    expect(out[2].phone).toBe('13800001234');
    expect(members).toEqual(before);
  });

  it('moves a micro-grid’s members to the one micro-grid in force that descends from it, not after a cut', () => {
    const micro = (code: string, gridCode: string, parentCodes: string[]) => ({
      type: 'Feature' as const,
      geometry: { type: 'Polygon' as const, coordinates: [] },
      properties: { code, gridCode, parentCodes },
    });
    const one: MicroGridFC = { type: 'FeatureCollection', features: [micro('G9M1', 'G9', ['G1M1'])] };
    expect(draftMembers(members, [], one).map(key)[1]).toBe('m2|micro-leader|G9|G9M1');
    const cut: MicroGridFC = { type: 'FeatureCollection', features: [micro('G9M1', 'G9', ['G1M1']), micro('G9M2', 'G9', ['G1M1'])] };
    expect(draftMembers(members, [], cut).map(key)[1]).toBe('m2|micro-leader|G1|G1M1');
  });
});

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

describe('draftMembers against the engine (community dataset)', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'] });
  });

  it('agrees with PlanSession.dataset().members after a merge and assignments in the new grid', () => {
    const session = new PlanSession(dataset, { now: datasetAsOf(dataset, Date.now()) });
    const grids = session.snapshot().grids.features.map((f) => f.properties.code);
    // The first pair of grids that touch: merging two that do not is refused.
    let merged: string | null = null;
    let pair: string[] = [];
    for (let i = 0; i < grids.length && !merged; i++) {
      for (let j = i + 1; j < grids.length && !merged; j++) {
        try {
          pair = [grids[i], grids[j]];
          merged = session.apply({ op: 'merge', grids: pair }, WHO).effect.added.find((c) => c.length === 15) ?? null;
        } catch {
          /* not adjacent: try the next pair */
        }
      }
    }
    expect(merged).not.toBeNull();
    const micro = session.snapshot().microGrids.features.find((f) => f.properties.gridCode === merged)!.properties.code;
    const base = dataset.members!;
    const waiting = base.find((m) => m.role === 'full-time' && !grids.slice(2).includes(m.gridCode)) ?? base[0];
    session.apply({ op: 'assign-member', memberId: waiting.id, gridCode: merged!, role: 'grid-leader' }, WHO);
    // A micro-grid leader from elsewhere (the merged grids' own leaders already lead their re-coded micro-grids).
    const leader = base.find((m) => m.role === 'micro-leader' && !pair.includes(m.gridCode))!;
    session.apply({ op: 'assign-member', memberId: leader.id, gridCode: merged!, role: 'micro-leader', microGridCode: micro }, WHO);
    session.apply({ op: 'assign-member', memberId: base[6].id, gridCode: merged!, role: 'part-time' }, WHO);
    session.undo();

    const ours = draftMembers(base, session.history.slice(0, session.cursor), session.snapshot().microGrids);
    const engine = session.dataset().members!;
    expect(ours.map(key).sort()).toEqual(engine.map(key).sort());
    // The merge re-coded the micro-grids: their leaders follow them in both.
    expect(ours.some((m) => m.role === 'micro-leader' && m.gridCode === merged && m.microGridCode !== micro)).toBe(true);
  });
});
