/**
 * The import client against a stand-in Worker: the file's bytes are transferred once and then only its token; a
 * cancel terminates the worker and the next run sends the bytes again; progress reaches the caller. The dataset's
 * layers go once per dataset version (then only the key), again after a cancel or a crash, and again when the
 * worker answers it lacks them.
 */
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createImportClient, type ImportRunOptions } from '../../../src/workers/import-client';
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
const options = { as: 'grids' as const, context: { key: 1 } };
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

describe('import client: the dataset layers, once per dataset version', () => {
  const point = { type: 'Point' as const, coordinates: [120.9, 30.5] };
  const basemap: Feature[] = [{ type: 'Feature', geometry: point, properties: { kind: 'road' } }];
  const existing: Feature[] = [{ type: 'Feature', geometry: point, properties: { id: 'a' } }];
  const enterprises = (key: number) => ({ as: 'enterprises' as const, context: { key, basemap, existing } });

  function setUp() {
    const workers: FakeWorker[] = [];
    const client = createImportClient(() => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1];
    });
    const last = () => workers[workers.length - 1].posted[workers[workers.length - 1].posted.length - 1];
    /** Runs, waits for the message and answers it with `answer(id)`. */
    async function runAnswered(options: ImportRunOptions, answer = failure) {
      const done = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, options);
      await tick();
      const sent = last();
      workers[workers.length - 1].reply(answer(sent.message.id));
      return { sent: sent.message, reply: await done };
    }
    return { workers, client, last, runAnswered };
  }

  it('sends the parts with a version’s first run, then only the key; a new version sends them again', async () => {
    const { runAnswered } = setUp();
    const first = await runAnswered(enterprises(3));
    expect(first.sent.context).toEqual({ key: 3, use: ['existing', 'basemap'], sent: { existing, basemap } });
    const second = await runAnswered({ ...enterprises(3), crs: 'gcj02' });
    expect(second.sent.context).toEqual({ key: 3, use: ['existing', 'basemap'], sent: {} });
    // Incidents use the base map only: nothing new to send for the version.
    const incidents = await runAnswered({ as: 'incidents', context: { key: 3, basemap } });
    expect(incidents.sent.context).toEqual({ key: 3, use: ['basemap'], sent: {} });
    const next = await runAnswered(enterprises(4));
    expect(next.sent.context.sent).toEqual({ existing, basemap });
  });

  it('sends again, once, what the worker answers it lacks (noContext), without the bytes', async () => {
    const { workers, client, last } = setUp();
    const done = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, enterprises(3));
    await tick();
    workers[0].reply(failure(last().message.id));
    await done;
    const again = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, enterprises(3));
    await tick();
    expect(last().message.context.sent).toEqual({});
    workers[0].reply({
      id: last().message.id,
      ok: false,
      code: 'noContext',
      message: 'x',
      absent: ['basemap'],
    });
    await tick();
    const retry = last().message;
    expect(workers[0].posted).toHaveLength(3);
    expect(retry.file.bytes).toBeUndefined();
    expect(retry.context).toEqual({ key: 3, use: ['existing', 'basemap'], sent: { basemap } });
    workers[0].reply(failure(retry.id));
    expect(await again).toMatchObject({ code: 'crsUnknown' });
  });

  it('after noFile sends the bytes and the parts the worker lacks', async () => {
    const { workers, client, last } = setUp();
    const done = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, enterprises(3));
    await tick();
    workers[0].reply(failure(last().message.id));
    await done;
    const again = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, enterprises(3));
    await tick();
    expect(last().message.file.bytes).toBeUndefined();
    const lacks = ['existing', 'basemap'];
    workers[0].reply({ id: last().message.id, ok: false, code: 'noFile', message: 'x', absent: lacks });
    await new Promise((r) => setTimeout(r, 20)); // the Blob is read again
    const retry = last().message;
    expect(retry.file.bytes?.byteLength).toBe(1);
    expect(retry.context.sent).toEqual({ existing, basemap });
    workers[0].reply(failure(retry.id));
    await again;
  });

  it('a superseded run keeps what was sent; a cancel or a crash forgets it', async () => {
    const { workers, client, last, runAnswered } = setUp();
    const superseded = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, enterprises(3));
    await tick();
    const carried = last().message;
    expect(carried.context.sent).toEqual({ existing, basemap });
    const dropped = expect(superseded).rejects.toMatchObject({ reason: 'superseded' });
    const next = await runAnswered(enterprises(3));
    await dropped;
    expect(next.sent.file.bytes).toBeUndefined();
    expect(next.sent.context.sent).toEqual({});

    client.cancel();
    const afterCancel = await runAnswered(enterprises(3));
    expect(workers).toHaveLength(2);
    expect(afterCancel.sent.file.bytes?.byteLength).toBe(1);
    expect(afterCancel.sent.context.sent).toEqual({ existing, basemap });

    const crashed = client.run(new Blob([new Uint8Array([1])]), 'a.csv', 1, enterprises(3));
    await tick();
    workers[1].onerror?.({ message: 'boom', preventDefault: () => undefined } as ErrorEvent);
    await expect(crashed).rejects.toMatchObject({ reason: 'crashed' });
    const afterCrash = await runAnswered(enterprises(3));
    expect(workers).toHaveLength(3);
    expect(afterCrash.sent.file.bytes?.byteLength).toBe(1);
    expect(afterCrash.sent.context.sent).toEqual({ existing, basemap });
  });
});
