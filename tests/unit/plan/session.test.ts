import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/domain/types';
import { PlanError } from '../../../src/domain/plan/types';
import { PlanSession } from '../../../src/geo/plan/session';
import { validateDataset } from '../../../src/geo/validate-dataset';
import { gridVertexUse, innerSharedVertices, loadZhihuiwan, WHO } from './plan-fixture';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadZhihuiwan();
});
const NOW = Date.parse('2026-11-21T00:00:00+08:00');
const newSession = () => new PlanSession(dataset, { now: NOW });
const coords = (s: PlanSession) => JSON.stringify(s.snapshot());

describe('PlanSession: reshape, roster, undo', () => {
  it('starts clean on the community dataset, effective on the day of asOf', () => {
    const s = newSession();
    expect(s.effective).toBe('2026-11-20');
    const st = s.status();
    expect(st.errors).toBe(0);
    expect(st.changes).toEqual({ added: [], retired: [], reshaped: [], moves: [], grids: [] });
    expect(s.snapshot().grids.features).toHaveLength(11);
    expect(s.snapshot().microGrids.features).toHaveLength(160);
  });

  it('a version effective after asOf is checked from its effective date: the full validator agrees with the draft', () => {
    const s = newSession();
    const code = (tail: string) => dataset.grids!.features.find((f) => f.properties.code.endsWith(tail))!.properties.code;
    s.apply({ op: 'merge', grids: [code('008'), code('009')] }, WHO);
    // Then reshape a border of the merged grid: its neighbour keeps its code and changes in place (not versioned),
    // so before the effective date its new border would meet the retired grids' old ones.
    const merged = s.status().changes.added[0];
    const shared = innerSharedVertices(s.snapshot().grids.features, dataset).find((v) => v.codes.includes(merged))!;
    s.apply({ op: 'move-vertex', from: shared.at, to: [shared.at[0] + 0.0002, shared.at[1] + 0.0001] }, WHO);
    const now = validateDataset(s.dataset(), { now: NOW });
    const later = validateDataset(s.dataset('2026-12-15'), { now: NOW });
    expect(later.asOf).toBe(new Date('2026-12-15T00:00:00+08:00').toISOString());
    expect(later.dataAsOf).toBe(new Date('2026-11-20T17:00:00+08:00').toISOString());
    expect(now.dataAsOf).toBeUndefined();
    const rules = (r: typeof now) => r.findings.map((f) => `${f.rule} ${f.codes.join(',')}`).sort();
    expect(rules(later)).toEqual(rules(now));
    const geometry = new Set(['grid-overlap', 'grid-gap', 'grid-outside-boundary', 'microgrid-overlap', 'microgrid-outside-grid', 'edge-mismatch']);
    expect(later.findings.filter((f) => geometry.has(f.rule))).toEqual([]);
  });

  it('moves a vertex shared by two grids in both, keeps codes, and undo gives the exact coordinates back', () => {
    const s = newSession();
    const before = coords(s);
    const shared = innerSharedVertices(s.snapshot().grids.features, dataset)[0];
    const to: [number, number] = [shared.at[0] + 0.00004, shared.at[1] + 0.00002];
    const entry = s.apply({ op: 'move-vertex', from: shared.at, to }, WHO);
    expect(entry.effect.added).toEqual([]);
    expect(entry.effect.retired).toEqual([]);
    expect(entry.effect.reshaped).toEqual(expect.arrayContaining(shared.codes));
    const after = gridVertexUse(s.snapshot().grids.features).get(`${to[0]},${to[1]}`);
    expect(after?.codes.sort()).toEqual([...shared.codes].sort());
    const st = s.status();
    expect(st.errors).toBe(0);
    expect(st.changes.reshaped).toEqual(expect.arrayContaining(shared.codes));
    for (const g of st.changes.grids) expect(g.before!.area).not.toBe(g.after!.area);
    // The written dataset validates clean with the full validator too.
    expect(validateDataset(s.dataset(), { now: NOW }).summary.errors).toBe(0);
    expect(s.canUndo).toBe(true);
    s.undo();
    expect(coords(s)).toBe(before);
    expect(s.status().changes.reshaped).toEqual([]);
    s.redo();
    expect(gridVertexUse(s.snapshot().grids.features).get(`${to[0]},${to[1]}`)?.codes.sort()).toEqual([...shared.codes].sort());
  });

  it('drags a border segment (two vertices, one step), inserts a vertex on a shared edge and deletes it', () => {
    const s = newSession();
    const start = coords(s);
    const vs = innerSharedVertices(s.snapshot().grids.features, dataset);
    const [a, b] = [vs[1], vs[2]]; // consecutive vertices of the 001/004 border
    const d = 0.00002;
    const e = s.apply({ op: 'move-vertices', moves: [a, b].map((v) => ({ from: v.at, to: [v.at[0], v.at[1] + d] as [number, number] })) }, WHO);
    expect(e.effect.reshaped).toEqual(expect.arrayContaining(a.codes));
    expect(s.history).toHaveLength(1);
    s.undo();
    expect(coords(s)).toBe(start);
    // A vertex in the middle of the shared edge a–b: both grids get it, their shape does not change.
    const mid: [number, number] = [(a.at[0] + b.at[0]) / 2, (a.at[1] + b.at[1]) / 2];
    const ins = s.apply({ op: 'insert-vertex', at: mid }, WHO);
    expect(ins.effect.reshaped).toEqual(expect.arrayContaining(a.codes));
    const use = gridVertexUse(s.snapshot().grids.features);
    const got = [...use.values()].find((v) => Math.abs(v.at[0] - mid[0]) < 1e-9 && Math.abs(v.at[1] - mid[1]) < 1e-9)!;
    expect(got.codes.sort()).toEqual([...a.codes].sort());
    expect(s.status().changes.reshaped).toEqual([]);
    s.apply({ op: 'delete-vertex', at: got.at }, WHO);
    expect(coords(s)).toBe(start);
    expect(() => s.apply({ op: 'delete-vertex', at: mid }, WHO)).toThrow(PlanError);
  });

  it('refuses a vertex that is not there with a PlanError, the draft unchanged', () => {
    const s = newSession();
    const before = coords(s);
    expect(() => s.apply({ op: 'move-vertex', from: [121.5, 30.1], to: [121.5, 30.2] }, WHO)).toThrow(PlanError);
    expect(() => s.apply({ op: 'move-vertex', from: [121.5, 30.1], to: [121.5, 30.2] }, WHO)).toThrow(/no vertex within 1 cm of \[121.5, 30.1\]/);
    expect(coords(s)).toBe(before);
    expect(s.history).toEqual([]);
  });

  it('assigns a member and marks a park; staffing and figures follow, undo takes both back', () => {
    const s = newSession();
    const leader = dataset.members!.find((m) => m.role === 'grid-leader' && m.gridCode === '330424002012001')!;
    s.apply({ op: 'assign-member', memberId: leader.id, gridCode: '330424002012002', role: 'grid-leader' }, WHO);
    let st = s.status();
    const staffing = st.findings.filter((f) => f.rule === 'staffing').map((f) => f.codes.join());
    expect(staffing).toEqual(expect.arrayContaining(['330424002012001', '330424002012002']));
    const rows = new Map(st.changes.grids.map((g) => [g.code, g]));
    expect(rows.get('330424002012001')!.after!.staff['grid-leader']).toBe(0);
    expect(rows.get('330424002012002')!.after!.staff['grid-leader']).toBe(2);
    const micro = s.snapshot().microGrids.features.find((m) => m.properties.kind !== 'park')!;
    s.apply({ op: 'set-microgrid-kind', code: micro.properties.code, kind: 'park' }, WHO);
    st = s.status();
    const row = st.changes.grids.find((g) => g.code === micro.properties.gridCode)!;
    expect(row.after!.parks).toBe(row.before!.parks + 1);
    expect(s.dataset().microGrids!.features.find((m) => m.properties.code === micro.properties.code)!.properties.kind).toBe('park');
    s.undo();
    s.undo();
    expect(s.status().errors).toBe(0);
    expect(s.dataset().members).toEqual(dataset.members);
  });

  it('keeps compliance live for members who name a micro-grid of another grid', () => {
    // An inconsistent roster: a micro-leader of a micro-grid in 001 who names grid 004.
    const leader = dataset.members!.find((m) => m.role === 'micro-leader' && m.gridCode === '330424002012001')!;
    const members = dataset.members!.map((m) => (m === leader ? { ...m, gridCode: '330424002012004' } : m));
    const odd: Dataset = { ...dataset, members };
    const s = new PlanSession(odd, { now: NOW });
    const full = () => validateDataset(s.dataset(), { now: NOW }).findings.map((f) => f.message);
    const messages = () => s.status().findings.map((f) => f.message);
    expect(messages()).toEqual(full());
    expect(messages().some((m) => m.includes(`names micro-grid ${leader.microGridCode}, which belongs to grid 330424002012001`))).toBe(true);
    s.apply({ op: 'delete-microgrid', code: leader.microGridCode! }, WHO);
    expect(messages()).toEqual(full());
    expect(messages().some((m) => m.includes(`names micro-grid ${leader.microGridCode}, which is not active`))).toBe(true);
    s.undo();
    expect(messages()).toEqual(full());
  });

  it('gives results a worker can post (structured-clone friendly)', () => {
    const s = newSession();
    const [v] = innerSharedVertices(s.snapshot().grids.features, dataset);
    const entry = s.apply({ op: 'move-vertex', from: v.at, to: [v.at[0] + 0.00002, v.at[1]] }, { ...WHO, reason: '沿道路' });
    for (const x of [entry, s.history, s.snapshot(), s.status(), s.dataset()]) expect(structuredClone(x)).toEqual(x);
    expect(entry.reason).toBe('沿道路');
  });

  it('refuses operations that would change nothing', () => {
    const s = newSession();
    const park = s.snapshot().microGrids.features.find((m) => m.properties.kind === 'park')!;
    expect(() => s.apply({ op: 'set-microgrid-kind', code: park.properties.code, kind: 'park' }, WHO)).toThrow(/is already a park/);
    const leader = dataset.members!.find((m) => m.role === 'grid-leader')!;
    expect(() => s.apply({ op: 'assign-member', memberId: leader.id, gridCode: leader.gridCode, role: 'grid-leader' }, WHO)).toThrow(/already has that role there/);
    expect(() => s.apply({ op: 'revoke', grid: leader.gridCode, into: leader.gridCode }, WHO)).toThrow(/cannot be revoked into itself/);
    expect(s.history).toEqual([]);
  });

  it('replays a log to a cursor, and names the entry that cannot apply', () => {
    const s = newSession();
    const shared = innerSharedVertices(s.snapshot().grids.features, dataset);
    const a = s.apply({ op: 'move-vertex', from: shared[0].at, to: [shared[0].at[0] + 0.00003, shared[0].at[1]] }, WHO);
    const b = s.apply({ op: 'move-vertex', from: shared[5].at, to: [shared[5].at[0], shared[5].at[1] + 0.00003] }, WHO);
    const full = coords(s);
    s.undo();
    const one = coords(s);
    const t = newSession();
    t.replay([a, b], 1);
    expect(coords(t)).toBe(one);
    expect(t.canRedo).toBe(true);
    t.redo();
    expect(coords(t)).toBe(full);
    const bad = { ...b, op: { op: 'move-vertex' as const, from: [121.5, 30.1] as [number, number], to: [121.5, 30.2] as [number, number] } };
    expect(() => t.replay([a, bad])).toThrow(/^entry 2 \(move-vertex\): no vertex/);
    expect(coords(t)).toBe(full);
  });
});
