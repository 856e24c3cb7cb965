/** The worker client against a stand-in Worker: ids, superseded and late replies, failures, terminate. */
import { describe, expect, it } from 'vitest';
import { WorkerClient, WorkerRequestError, type WorkerLike } from '../../../src/workers/client';

interface Req {
  id: number;
  what: string;
}
interface Rep {
  id: number;
  value: string;
}

class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  /** Set to make postMessage throw, as a DataCloneError would. */
  refuse: Error | null = null;
  postMessage(message: unknown): void {
    if (this.refuse) throw this.refuse;
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
  crash(message: string): { prevented: boolean } {
    const e = { message, prevented: false, preventDefault() { this.prevented = true; } };
    this.onerror?.(e as unknown as ErrorEvent);
    return e;
  }
  unreadable(): void {
    this.onmessageerror?.({} as MessageEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new WorkerClient<Req, Rep>({
    name: 'test',
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  const log: string[] = [];
  const errors: WorkerRequestError[] = [];
  const ask = (channel: string, what: string) =>
    client.request(channel, (id) => ({ id, what }), {
      reply: (r) => log.push(`${what}:${r.value}`),
      fail: (e) => {
        errors.push(e);
        log.push(`${what}:${e.reason}`);
      },
    });
  return { client, workers, log, errors, ask };
}

describe('WorkerClient', () => {
  it('starts the worker with the first request and answers each request by its id', () => {
    const { client, workers, log, ask } = setup();
    expect(workers).toHaveLength(0);
    expect(client.running).toBe(false);
    const a = ask('a', 'A');
    const b = ask('b', 'B');
    expect(workers).toHaveLength(1);
    expect(workers[0].posted).toEqual([{ id: a, what: 'A' }, { id: b, what: 'B' }]);
    expect(client.pending).toBe(2);
    workers[0].reply({ id: b, value: '2' });
    workers[0].reply({ id: a, value: '1' });
    expect(log).toEqual(['B:2', 'A:1']);
    expect(client.pending).toBe(0);
  });

  it('drops a superseded request on its channel: it fails as dropped, and its late reply is ignored', () => {
    const { workers, log, errors, ask } = setup();
    const first = ask('filter', 'old');
    const second = ask('filter', 'new');
    expect(second).toBeGreaterThan(first);
    expect(log).toEqual(['old:superseded']);
    expect(errors[0].dropped).toBe(true);
    workers[0].reply({ id: first, value: 'late' });
    workers[0].reply({ id: second, value: 'fresh' });
    workers[0].reply({ id: second, value: 'twice' }); // a second reply to a settled id
    expect(log).toEqual(['old:superseded', 'new:fresh']);
  });

  it('hands a partial answer to progress without settling the request; without a progress handler it is ignored', () => {
    const { client, workers, log, ask } = setup();
    const heard: string[] = [];
    const a = client.request('a', (id) => ({ id, what: 'A' }), {
      reply: (r) => log.push(`A:${r.value}`),
      fail: (e) => log.push(`A:${e.reason}`),
      progress: (r) => heard.push(r.value),
    });
    const b = ask('b', 'B');
    workers[0].reply({ id: a, value: 'units', partial: true });
    workers[0].reply({ id: b, value: 'ahead', partial: true });
    expect(heard).toEqual(['units']);
    expect(log).toEqual([]);
    expect(client.pending).toBe(2);
    workers[0].reply({ id: a, value: 'view' });
    workers[0].reply({ id: b, value: 'done' });
    workers[0].reply({ id: a, value: 'late', partial: true }); // after the request settled
    expect(heard).toEqual(['units']);
    expect(log).toEqual(['A:view', 'B:done']);
    expect(client.pending).toBe(0);
  });

  it('ignores replies without an id or with an id never asked for', () => {
    const { workers, log, ask } = setup();
    ask('a', 'A');
    workers[0].reply(null);
    workers[0].reply({ value: 'no id' });
    workers[0].reply({ id: 999, value: 'stranger' });
    expect(log).toEqual([]);
  });

  it('cancel drops the pending request of one channel only', () => {
    const { client, workers, log, ask } = setup();
    const a = ask('a', 'A');
    const b = ask('b', 'B');
    client.cancel('a');
    client.cancel('nothing-pending');
    workers[0].reply({ id: a, value: '1' });
    workers[0].reply({ id: b, value: '2' });
    expect(log).toEqual(['A:cancelled', 'B:2']);
  });

  it('a worker error fails every pending request, ends that worker, and the next request starts a new one', () => {
    const { client, workers, log, errors, ask } = setup();
    const a = ask('a', 'A');
    ask('b', 'B');
    const event = workers[0].crash('ReferenceError: x is not defined');
    expect(event.prevented).toBe(true); // not also reported as an uncaught error
    expect(log).toEqual(['A:crashed', 'B:crashed']);
    expect(errors.every((e) => !e.dropped && e.message === 'ReferenceError: x is not defined')).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(client.running).toBe(false);
    expect(client.pending).toBe(0);
    workers[0].reply({ id: a, value: 'from the dead' });
    expect(log).toHaveLength(2);
    const c = ask('a', 'C');
    expect(workers).toHaveLength(2);
    workers[1].reply({ id: c, value: '3' });
    expect(log.at(-1)).toBe('C:3');
  });

  it('names the worker when the error event says nothing', () => {
    const { workers, errors, ask } = setup();
    ask('a', 'A');
    workers[0].crash('');
    expect(errors[0].message).toBe('test worker failed');
  });

  it('an unreadable reply fails what is pending, and the worker goes on', () => {
    const { client, workers, log, errors, ask } = setup();
    ask('a', 'A');
    workers[0].unreadable();
    expect(log).toEqual(['A:unreadable']);
    expect(errors[0]).toMatchObject({ reason: 'unreadable', dropped: false, message: 'test reply could not be read' });
    expect(client.running).toBe(true);
    expect(workers[0].terminated).toBe(false);
    const b = ask('a', 'B');
    workers[0].reply({ id: b, value: '2' });
    expect(log.at(-1)).toBe('B:2');
    expect(workers).toHaveLength(1);
  });

  it('terminate fails every pending request as dropped and stops the worker; its replies are ignored after', () => {
    const { client, workers, log, errors, ask } = setup();
    const a = ask('a', 'A');
    ask('b', 'B');
    client.terminate();
    expect(log).toEqual(['A:terminated', 'B:terminated']);
    expect(errors.every((e) => e.dropped)).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(client.running).toBe(false);
    workers[0].reply({ id: a, value: 'late' });
    workers[0].crash('late error');
    workers[0].unreadable();
    expect(log).toHaveLength(2);
    client.terminate(); // twice is harmless
    expect(workers).toHaveLength(1);
  });

  it('a message that cannot be sent fails its request at once', () => {
    const { client, workers, log, errors, ask } = setup();
    ask('a', 'A');
    workers[0].refuse = new Error('DataCloneError: could not be cloned');
    ask('b', 'B');
    expect(log).toEqual(['B:unsent']);
    expect(errors[0]).toMatchObject({ reason: 'unsent', dropped: false, message: 'DataCloneError: could not be cloned' });
    expect(client.pending).toBe(1); // A still waits
    expect(() => client.post({ id: 0, what: 'dataset' })).toThrow(/DataCloneError/);
  });

  it('a worker that cannot be created fails the request with the reason', () => {
    const client = new WorkerClient<Req, Rep>({
      name: 'test',
      create: () => {
        throw new Error("Refused to create a worker: Content Security Policy 'worker-src'");
      },
    });
    const errors: WorkerRequestError[] = [];
    client.request('a', (id) => ({ id, what: 'A' }), { reply: () => {}, fail: (e) => errors.push(e) });
    expect(errors.map((e) => [e.reason, e.message])).toEqual([['unsent', "Refused to create a worker: Content Security Policy 'worker-src'"]]);
    expect(client.running).toBe(false);
  });
});
