/**
 * The import client against a stand-in Worker: the file's bytes are transferred once and then only its token; a
 * cancel terminates the worker and the next run sends the bytes again; progress reaches the caller.
 */
import { describe, expect, it } from 'vitest';
import { createImportClient } from '../../../src/workers/import-client';
import type { WorkerLike } from '../../../src/workers/client';
import type { ImportRequest } from '../../../src/workers/import-messages';

class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  posted: { message: ImportRequest; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.posted.push({ message: message as ImportRequest, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const options = { as: 'grids' as const, context: {} };
const failure = (id: number) => ({ id, ok: false, code: 'crsUnknown', message: 'choose it' });

describe('import client', () => {
  it('transfers the bytes once per file, then sends only the token', async () => {
    const workers: FakeWorker[] = [];
    const client = createImportClient(() => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1];
    });
    const file = new Blob([new Uint8Array([1, 2, 3])]);
    const seen: number[] = [];
    const first = client.run(file, 'a.zip', 1, options, (p) => seen.push(p.done));
    await tick();
    const sent = workers[0].posted[0];
    expect(sent.message.file).toMatchObject({ token: 1, name: 'a.zip' });
    expect(sent.message.file.bytes?.byteLength).toBe(3);
    expect(sent.transfer).toEqual([sent.message.file.bytes]);
    workers[0].reply({ id: sent.message.id, partial: true, stage: 'read', done: 0.5 });
    workers[0].reply(failure(sent.message.id));
    expect(await first).toMatchObject({ ok: false, code: 'crsUnknown' });
    expect(seen).toEqual([0.5]);

    const second = client.run(file, 'a.zip', 1, { ...options, crs: 'EPSG:4528' });
    await tick();
    const again = workers[0].posted[1];
    expect(again.message.file.bytes).toBeUndefined();
    expect(again.message.crs).toBe('EPSG:4528');
    workers[0].reply(failure(again.message.id));
    await second;

    // Cancelled mid-read: the worker is terminated, the run is dropped, and the next run sends the bytes again.
    const third = client.run(file, 'a.zip', 1, options);
    await tick();
    client.cancel();
    expect(workers[0].terminated).toBe(true);
    await expect(third).rejects.toMatchObject({ reason: 'terminated' });
    const fourth = client.run(file, 'a.zip', 1, options);
    await tick();
    expect(workers).toHaveLength(2);
    expect(workers[1].posted[0].message.file.bytes?.byteLength).toBe(3);
    workers[1].reply(failure(workers[1].posted[0].message.id));
    await fourth;
  });
});
