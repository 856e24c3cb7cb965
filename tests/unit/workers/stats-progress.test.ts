/**
 * The download's progress on the analyst screen (issue 14): while a `stats` request waits for the dataset's files,
 * the worker sends `partial` replies with the bytes received; the client hands them to `loading` and settles the
 * request only with the answer.
 */
import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '../../../src/workers/client';
import { createStatsClient } from '../../../src/workers/stats-client';
import type { LoadProgress, StatsReply } from '../../../src/workers/stats-messages';

class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  posted: { type: string; id?: number }[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message as { type: string; id?: number });
  }
  terminate(): void {}
  send(reply: StatsReply): void {
    this.onmessage?.({ data: reply } as MessageEvent);
  }
}

describe('stats client: download progress', () => {
  it('hands partial replies to `loading`, the answer to `reply`', () => {
    const worker = new FakeWorker();
    const stats = createStatsClient(() => worker);
    stats.sendDataset(1, 'http://x.test/data/', { manifest: { name: 'x', files: [] } });
    const heard: LoadProgress[] = [];
    const replies: unknown[] = [];
    stats.ask('stats', { month: '2026-03', now: 0 }, { reply: (r) => replies.push(r), fail: () => {}, loading: (p) => heard.push(p) });
    const id = worker.posted.at(-1)!.id!;
    worker.send({ kind: 'stats', id, partial: true, progress: { received: 10, total: 100 } });
    worker.send({ kind: 'stats', id, partial: true, progress: { received: 100, total: 100 } });
    expect(heard).toEqual([
      { received: 10, total: 100 },
      { received: 100, total: 100 },
    ]);
    expect(replies).toEqual([]);
    worker.send({ kind: 'stats', id, ok: false, error: { message: 'done' } });
    expect(replies).toEqual([{ kind: 'stats', id, ok: false, error: { message: 'done' } }]);
    // Without `loading`, partial replies are ignored and the answer still settles.
    stats.ask('stats', { month: '2026-03', now: 0 }, { reply: (r) => replies.push(r), fail: () => {} });
    const next = worker.posted.at(-1)!.id!;
    worker.send({ kind: 'stats', id: next, partial: true, progress: { received: 1, total: null } });
    expect(replies).toHaveLength(1);
  });
});
