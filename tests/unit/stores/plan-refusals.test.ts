/**
 * A refusal's reason and values reach the page: the plan store against a stand-in Worker answering with the real
 * handler (through structured clones, as a worker does), for a refused operation and a session that cannot start.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Dataset } from '../../../src/domain/types';
import { usePlanStore } from '../../../src/stores/plan';
import { createPlanHandler } from '../../../src/workers/plan-handler';
import type { PlanReply, PlanRequest } from '../../../src/workers/plan-messages';
import { loadZhihuiwan } from '../plan/plan-fixture';

let dataset: Dataset;

class FakeWorker {
  onmessage: ((e: { data: PlanReply }) => void) | null = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  private readonly handle = createPlanHandler();
  postMessage(request: PlanRequest): void {
    const copy = structuredClone(request);
    setTimeout(() => this.onmessage?.({ data: structuredClone(this.handle(copy)) }), 0);
  }
  terminate(): void {}
}

beforeAll(async () => {
  dataset = await loadZhihuiwan();
  Object.assign(globalThis, { Worker: FakeWorker });
});

afterAll(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
});

beforeEach(() => setActivePinia(createPinia()));

describe('plan store refusals', () => {
  it('keeps the reason and values of a refused operation in lastError', async () => {
    const plan = usePlanStore();
    expect(await plan.start(dataset, 1)).toBe(true);
    expect(await plan.apply({ op: 'move-vertex', from: [100, 10], to: [100.001, 10] })).toBeNull();
    expect(plan.lastError).toMatchObject({ reason: 'vertex-not-found', values: { lon: 100, lat: 10 }, at: [100, 10], op: 'move-vertex' });
    expect(plan.failureRefusal).toBeNull();
  });

  it('keeps the reason of a session that cannot start in failureRefusal', async () => {
    const plan = usePlanStore();
    expect(await plan.start({ ...dataset, community: undefined }, 1)).toBe(false);
    expect(plan.phase).toBe('error');
    expect(plan.failure).toMatch(/community\.geojson/);
    expect(plan.failureRefusal).toMatchObject({ reason: 'dataset-incomplete', message: plan.failure });
  });
});
