import { describe, expect, it } from 'vitest';
import { createPlanClient } from '../../../src/workers/plan-client';
import type { PlanReply, PlanRequest } from '../../../src/workers/plan-messages';
import type { WorkerLike } from '../../../src/workers/client';

/** A worker that holds every request until the test answers it. */
function stub() {
  const posted: PlanRequest[] = [];
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: (m) => posted.push(m as PlanRequest),
    terminate: () => {},
  };
  const answer = (req: PlanRequest) =>
    worker.onmessage!({ data: { id: req.id, ok: false, refused: true, error: `answer to ${req.type}` } satisfies PlanReply } as MessageEvent);
  return { worker, posted, answer };
}

describe('createPlanClient', () => {
  it('never drops an edit for a newer one: every operation is answered', async () => {
    const s = stub();
    const client = createPlanClient(() => s.worker);
    const a = client.ask({ type: 'undo' });
    const b = client.ask({ type: 'redo' });
    expect(s.posted.map((p) => p.type)).toEqual(['undo', 'redo']);
    s.answer(s.posted[1]);
    s.answer(s.posted[0]);
    await expect(a).resolves.toMatchObject({ error: 'answer to undo' });
    await expect(b).resolves.toMatchObject({ error: 'answer to redo' });
  });

  it('lets a newer start supersede an older one still pending', async () => {
    const s = stub();
    const client = createPlanClient(() => s.worker);
    const dataset = { manifest: { name: 'x', files: [] } } as never;
    const first = client.ask({ type: 'start', dataset, now: 0 });
    const second = client.ask({ type: 'start', dataset, now: 1 });
    await expect(first).rejects.toMatchObject({ reason: 'superseded' });
    s.answer(s.posted[1]);
    await expect(second).resolves.toMatchObject({ error: 'answer to start' });
  });
});
