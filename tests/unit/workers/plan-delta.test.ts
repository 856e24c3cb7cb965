/**
 * The plan worker's snapshot deltas (workers/plan-delta) through the real handler on the community: after each
 * operation, undo and redo only the units that changed cross the thread boundary (through a structured clone, as
 * between a worker and the page), the main thread's rebuilt snapshot equals the session's whole one, and a unit
 * the operation did not touch keeps its object on the main thread.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/domain/types';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { createPlanHandler } from '../../../src/workers/plan-handler';
import type { PlanReply, PlanRequest, PlanSnapshot } from '../../../src/workers/plan-messages';
import type { PlanAsk } from '../../../src/workers/plan-client';
import {
  applyMembersDelta,
  applySnapshotDelta,
  isMembersDelta,
  membersDelta,
  newMembersMemory,
  rememberMembers,
  isSnapshotDelta,
  newSnapshotMemory,
  rememberSnapshot,
  snapshotDelta,
  type PlanSnapshotDelta,
} from '../../../src/workers/plan-delta';

let dataset: Dataset;

beforeAll(async () => {
  dataset = await loadDataset(folderSource('data/zhihuiwan'), {
    skip: ['basemap.geojson', 'incidents.geojson', 'incidents.csv', 'patrols.geojson'],
  });
});

/**
 * The handler behind a structured clone both ways, with the main thread's side of the deltas. `ahead`: an edit's
 * units come in their own message before the view (as in the app), else inside it.
 */
function session(ahead = true) {
  const handle = createPlanHandler();
  const held = newSnapshotMemory();
  let id = 0;
  let snapshot: PlanSnapshot | null = null;
  let lastDelta: PlanSnapshotDelta | null = null;
  const take = (s: PlanSnapshot | PlanSnapshotDelta) => {
    lastDelta = isSnapshotDelta(s) ? s : null;
    if (isSnapshotDelta(s)) snapshot = applySnapshotDelta(s, held);
    else {
      rememberSnapshot(s, held);
      snapshot = s;
    }
  };
  function ask(req: PlanAsk): PlanReply {
    const early: PlanReply[] = [];
    const reply = structuredClone(handle(structuredClone({ ...req, id: ++id }) as PlanRequest, ahead ? (r) => early.push(structuredClone(r)) : undefined));
    if (early.length) {
      expect(early).toHaveLength(1);
      const u = early[0];
      if (!u.ok || u.kind !== 'units' || !u.partial || u.id !== id) throw new Error(`not a units message: ${JSON.stringify(u).slice(0, 200)}`);
      take(u.units.snapshot);
    }
    if (reply.ok && reply.kind === 'view') {
      // Units sent ahead are not sent again; a whole view (start, load, view) always carries them.
      expect(reply.view.snapshot === undefined).toBe(early.length > 0);
      if (reply.view.snapshot) take(reply.view.snapshot);
    }
    return reply;
  }
  return {
    ask,
    get snapshot() {
      return snapshot!;
    },
    get lastDelta() {
      return lastDelta;
    },
    /** The whole snapshot as the worker has it now (a `view` request, which also re-bases the deltas). */
    whole(): PlanSnapshot {
      const r = ask({ type: 'view' });
      if (!r.ok || r.kind !== 'view' || !r.view.snapshot || isSnapshotDelta(r.view.snapshot)) throw new Error('no whole view');
      return r.view.snapshot;
    },
  };
}

const codeEnding = (d: Dataset, tail: string) => d.grids!.features.find((f) => f.properties.code.endsWith(tail))!.properties.code;

describe('plan snapshot deltas', () => {
  it('start sends the whole snapshot; an operation sends only the units it changed', () => {
    const s = session();
    const start = s.ask({ type: 'start', dataset, now: Date.parse('2026-06-30T12:00:00+08:00') });
    expect(start.ok && start.kind === 'view' && start.view.snapshot !== undefined && !isSnapshotDelta(start.view.snapshot)).toBe(true);
    const before = s.snapshot;
    const untouched = before.grids.features.find((f) => f.properties.code.endsWith('001'))!;
    const [a, b] = [codeEnding(dataset, '008'), codeEnding(dataset, '009')];

    const r = s.ask({ type: 'apply', op: { op: 'merge', grids: [a, b] }, who: 't', at: '2026-06-30T12:00:00+08:00' });
    expect(r.ok).toBe(true);
    // The worker says where its time went: the parts add up to the whole.
    if (r.ok && r.kind === 'view') {
      const p = r.parts!;
      expect(p.edit).toBeGreaterThan(0);
      expect(p.edit + p.status + p.view).toBeCloseTo(r.ms, 6);
    }
    const d = s.lastDelta!;
    expect(d).not.toBeNull();
    // The merged grid is the only grid sent; the micro-grids of a and b are recoded under it, the rest are not sent.
    expect(d.grids.changed.map((f) => f.properties.code)).toHaveLength(1);
    const merged = d.grids.changed[0].properties.code;
    expect(d.grids.codes).toContain(merged);
    expect(d.grids.codes).not.toContain(a);
    expect(d.grids.codes).not.toContain(b);
    const microOfMerged = s.snapshot.microGrids.features.filter((m) => m.properties.gridCode === merged).length;
    expect(d.microGrids.changed).toHaveLength(microOfMerged);
    expect(d.microGrids.changed.length).toBeLessThan(before.microGrids.features.length / 2);
    // What the main thread rebuilt is the worker's draft, and a grid the merge did not touch is the same object.
    expect(s.snapshot.grids.features.find((f) => f.properties.code === untouched.properties.code)).toBe(untouched);
    expect(JSON.stringify(s.snapshot)).toBe(JSON.stringify(s.whole()));
  });

  it('undo and redo send what they change back, and the rebuilt draft stays the worker’s', () => {
    const s = session();
    s.ask({ type: 'start', dataset, now: Date.parse('2026-06-30T12:00:00+08:00') });
    const start = JSON.stringify(s.snapshot);
    const [a, b] = [codeEnding(dataset, '004'), codeEnding(dataset, '001')];
    expect(s.ask({ type: 'apply', op: { op: 'revoke', grid: a, into: b }, who: 't', at: '2026-06-30T12:00:00+08:00' }).ok).toBe(true);
    const revoked = JSON.stringify(s.snapshot);
    expect(revoked).not.toBe(start);
    s.ask({ type: 'undo' });
    expect(s.lastDelta!.grids.changed.map((f) => f.properties.code).sort()).toEqual([a, b].sort());
    expect(JSON.stringify(s.snapshot)).toBe(start);
    s.ask({ type: 'redo' });
    expect(JSON.stringify(s.snapshot)).toBe(revoked);
    expect(JSON.stringify(s.snapshot)).toBe(JSON.stringify(s.whole()));
  });

  it('a refused operation leaves both sides where they were', () => {
    const s = session();
    s.ask({ type: 'start', dataset, now: Date.parse('2026-06-30T12:00:00+08:00') });
    const before = JSON.stringify(s.snapshot);
    const r = s.ask({ type: 'apply', op: { op: 'move-vertex', from: [100, 10], to: [100.001, 10] }, who: 't', at: '2026-06-30T12:00:00+08:00' });
    expect(r.ok).toBe(false);
    const [a, b] = [codeEnding(dataset, '008'), codeEnding(dataset, '009')];
    s.ask({ type: 'apply', op: { op: 'merge', grids: [a, b] }, who: 't', at: '2026-06-30T12:00:00+08:00' });
    expect(s.lastDelta!.grids.changed).toHaveLength(1);
    expect(JSON.stringify(s.snapshot)).not.toBe(before);
    expect(JSON.stringify(s.snapshot)).toBe(JSON.stringify(s.whole()));
  });

  it('sends members whole at start and then only the one an assignment changed', () => {
    const handle = createPlanHandler();
    const start = handle({ type: 'start', id: 1, dataset, now: Date.parse('2026-06-30T12:00:00+08:00') });
    if (!start.ok || start.kind !== 'view') throw new Error('no start');
    expect(start.view.members !== undefined && !isMembersDelta(start.view.members)).toBe(true);
    const held = newMembersMemory();
    rememberMembers(structuredClone(start.view.members as typeof dataset.members & object), held);
    const m = dataset.members!.find((x) => x.role === 'part-time')!;
    const r = structuredClone(
      handle({ type: 'apply', id: 2, op: { op: 'assign-member', memberId: m.id, gridCode: m.gridCode, role: 'instructor' }, who: 't', at: '2026-06-30T12:00:00+08:00' }),
    );
    if (!r.ok || r.kind !== 'view' || !r.view.members || !isMembersDelta(r.view.members)) throw new Error('no members delta');
    expect(r.view.members.changed.map((x) => [x.id, x.role])).toEqual([[m.id, 'instructor']]);
    const after = applyMembersDelta(r.view.members, held);
    expect(after.map((x) => x.id)).toEqual(dataset.members!.map((x) => x.id));
    expect(after.filter((x, i) => x.role !== dataset.members![i].role).map((x) => x.id)).toEqual([m.id]);
  });

  it('refuses a members delta for a different roster size', () => {
    const sent = newMembersMemory();
    const held = newMembersMemory();
    rememberMembers(dataset.members!.slice(0, 3), held);
    expect(() => applyMembersDelta(membersDelta(dataset.members!, sent), held)).toThrow(/has \d+ members, this side holds 3/);
  });

  it('says which unit is missing when the two sides fell out of step', () => {
    const worker = newSnapshotMemory();
    const main = newSnapshotMemory();
    const fc = structuredClone({ grids: dataset.grids!, microGrids: dataset.microGrids! }) as PlanSnapshot;
    rememberSnapshot(fc, worker);
    const code = fc.grids.features[3].properties.code;
    // The main thread never got the first snapshot: the delta names units it does not hold.
    expect(() => applySnapshotDelta(snapshotDelta(fc, worker), main)).toThrow(new RegExp(`grid ${code}|grid \\d+`));
    expect(() => applySnapshotDelta(snapshotDelta(fc, worker), main)).toThrow(/neither sent now nor held/);
  });
});
