/**
 * The plan store against a stand-in Worker that answers with the real handler (workers/plan-handler, the
 * PlanSession on the community dataset), through structured clones as a worker would: start, apply, refusal,
 * undo / redo, replay, selection.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Dataset } from '../../../src/domain/types';
import type { LonLat } from '../../../src/domain/plan/types';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { usePlanStore } from '../../../src/stores/plan';
import { createPlanHandler, fingerprintReply } from '../../../src/workers/plan-handler';
import { datasetFingerprint } from '../../../src/io/plan/fingerprint';
import type { PlanReply, PlanRequest } from '../../../src/workers/plan-messages';

let dataset: Dataset;
const posted: PlanRequest['type'][] = [];

class FakeWorker {
  onmessage: ((e: { data: PlanReply }) => void) | null = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  private readonly handle = createPlanHandler();
  private started: Dataset | null = null;
  postMessage(request: PlanRequest): void {
    const copy = structuredClone(request);
    posted.push(copy.type);
    // As plan.worker.ts: the fingerprint of the started dataset is answered when WebCrypto is done.
    if (copy.type === 'fingerprint') {
      void fingerprintReply(copy.id, this.started).then((r) => this.onmessage?.({ data: structuredClone(r) }));
      return;
    }
    if (copy.type === 'start') this.started = copy.dataset;
    // Answer later, in order, as a worker does: an edit's units first (now), its view a little later (the checks).
    let ahead = false;
    const reply = structuredClone(
      this.handle(copy, (units) => {
        ahead = true;
        setTimeout(() => this.onmessage?.({ data: structuredClone(units) }), 0);
      }),
    );
    setTimeout(() => this.onmessage?.({ data: reply }), ahead ? 5 : 0);
  }
  terminate(): void {}
}

/** A vertex shared by exactly two grids inside the community (so moving it a few centimetres is a plain reshape). */
function sharedVertex(d: Dataset): LonLat {
  const users = new Map<string, Set<string>>();
  for (const f of [...d.community!.features, ...d.grids!.features]) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const r of rings) for (const p of r.slice(0, -1)) {
      const k = `${p[0]},${p[1]}`;
      (users.get(k) ?? users.set(k, new Set()).get(k)!).add(f.properties.code);
    }
  }
  const community = new Set(d.community!.features.map((f) => f.properties.code));
  const [key] = [...users].find(([, u]) => u.size === 2 && ![...u].some((c) => community.has(c)))!;
  return key.split(',').map(Number) as LonLat;
}

beforeAll(async () => {
  dataset = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson', 'incidents.geojson', 'incidents.csv', 'patrols.geojson'] });
  Object.assign(globalThis, { Worker: FakeWorker });
});

afterAll(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
});

beforeEach(() => {
  setActivePinia(createPinia());
  posted.length = 0;
});

describe('usePlanStore', () => {
  it('starts a session on the dataset: the draft is the dataset, nothing to undo', async () => {
    const plan = usePlanStore();
    expect(await plan.start(dataset, 1)).toBe(true);
    expect(plan.phase).toBe('ready');
    expect(plan.snapshot?.grids.features).toHaveLength(11);
    expect(plan.snapshot?.microGrids.features).toHaveLength(160);
    expect(plan.status?.changes.added).toEqual([]);
    expect([plan.canUndo, plan.canRedo, plan.history.length]).toEqual([false, false, 0]);
  });

  it('applies an operation, records who, and undoes and redoes it', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    plan.who = '王规划';
    const v = sharedVertex(dataset);
    const to: LonLat = [v[0] + 5e-7, v[1] + 3e-7];
    const entry = await plan.apply({ op: 'move-vertex', from: v, to });
    expect(plan.lastError).toBeNull();
    expect(entry?.who).toBe('王规划');
    expect(entry?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(entry?.effect.reshaped.length).toBeGreaterThanOrEqual(2);
    expect([plan.cursor, plan.canUndo, plan.canRedo]).toEqual([1, true, false]);
    const moved = JSON.stringify(plan.snapshot);
    expect(moved).toContain(`${to[0]},${to[1]}`);

    expect(await plan.undo()).toBe(true);
    expect([plan.cursor, plan.canUndo, plan.canRedo, plan.history.length]).toEqual([0, false, true, 1]);
    expect(JSON.stringify(plan.snapshot)).not.toContain(`${to[0]},${to[1]}`);
    expect(await plan.redo()).toBe(true);
    expect(JSON.stringify(plan.snapshot)).toBe(moved);
    // Nothing left to redo: no message is sent.
    const before = posted.length;
    expect(await plan.redo()).toBe(false);
    expect(posted.length).toBe(before);
  });

  it('shows an edit’s units as soon as they come, ahead of its checks, and the rest with the view', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const v = sharedVertex(dataset);
    const to: LonLat = [v[0] + 5e-7, v[1] + 3e-7];
    const [status, version] = [plan.status, plan.version];
    const applied = plan.apply({ op: 'move-vertex', from: v, to });
    await new Promise((r) => setTimeout(r, 0));
    // The units are in (the map can redraw), the checks and history not yet, and nothing is saved as a new version.
    expect(JSON.stringify(plan.snapshot)).toContain(`${to[0]},${to[1]}`);
    expect([plan.status, plan.version, plan.cursor, plan.pending]).toEqual([status, version, 0, 1]);
    await applied;
    expect(plan.status).not.toBe(status);
    expect([plan.version, plan.cursor, plan.pending]).toEqual([version + 1, 1, 0]);
    expect(plan.status?.changes.reshaped.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a refused operation out of the draft and says why', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const version = plan.version;
    const entry = await plan.apply({ op: 'move-vertex', from: [100, 10], to: [100.001, 10] });
    expect(entry).toBeNull();
    expect(plan.lastError?.op).toBe('move-vertex');
    expect(plan.lastError?.message).toBeTruthy();
    expect([plan.history.length, plan.version]).toEqual([0, version]);
    expect(plan.failure).toBeNull();
  });

  it('replays a saved log up to its cursor (a draft restored)', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const v = sharedVertex(dataset);
    await plan.apply({ op: 'move-vertex', from: v, to: [v[0] + 5e-7, v[1]] });
    const log = plan.history;
    await plan.start(dataset, 2);
    expect(plan.history).toHaveLength(0);
    expect(await plan.load(log, 0)).toBe(true);
    expect([plan.history.length, plan.cursor, plan.canRedo]).toEqual([1, 0, true]);
  });

  it('selects by code, toggles, and drops codes that no longer exist', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const [a, b] = plan.snapshot!.grids.features.map((f) => f.properties.code);
    plan.select([a]);
    plan.select([b], 'toggle');
    expect(plan.selection).toEqual([a, b]);
    plan.select([a], 'toggle');
    expect(plan.selection).toEqual([b]);
    plan.select(['no-such-code', b]);
    const v = sharedVertex(dataset);
    await plan.apply({ op: 'move-vertex', from: v, to: [v[0] + 5e-7, v[1]] });
    expect(plan.selection).toEqual([b]);
  });

  it('holds the draft’s members: the same array after an operation that moved nobody, a new one after an assignment', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const before = plan.members;
    expect(before.map((m) => m.id)).toEqual(dataset.members!.map((m) => m.id));
    const v = sharedVertex(dataset);
    await plan.apply({ op: 'move-vertex', from: v, to: [v[0] + 5e-7, v[1]] });
    expect(plan.members).toBe(before);
    const m = dataset.members!.find((x) => x.role === 'part-time')!;
    await plan.apply({ op: 'assign-member', memberId: m.id, gridCode: m.gridCode, role: 'instructor' });
    expect(plan.members).not.toBe(before);
    expect(plan.members.find((x) => x.id === m.id)?.role).toBe('instructor');
    await plan.undo();
    expect(plan.members.find((x) => x.id === m.id)?.role).toBe('part-time');
  });

  it('gives the starting dataset’s fingerprint from the worker, asking once per session', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const [a, b] = await Promise.all([plan.baseFingerprint(), plan.baseFingerprint()]);
    expect(a).toBe(await datasetFingerprint(dataset));
    expect(b).toBe(a);
    expect(posted.filter((t) => t === 'fingerprint')).toHaveLength(1);
  });

  it('gives the edited dataset back', async () => {
    const plan = usePlanStore();
    await plan.start(dataset, 1);
    const d = await plan.dataset();
    expect(d.grids?.features).toHaveLength(dataset.grids!.features.length);
  });
});
