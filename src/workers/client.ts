/**
 * One client for the app's Web Workers (stats, validation, wall), so each store does not hand-roll its own: requests
 * are numbered and answered by replies carrying the same `id`; a request supersedes the one still pending on its
 * channel (whose reply, when it comes, is dropped); a worker that fails (`error`) or sends a reply that cannot be read
 * (`messageerror`) fails what is pending; `terminate` ends the worker and fails what is pending. Every request is
 * settled exactly once, by its reply or by a WorkerRequestError whose `dropped` says whether anyone should hear of it.
 * The worker starts with the first message and again after a failure or `terminate`.
 *
 * Settling is synchronous (in the worker's `message` event), so a store's state changes in the same task as the
 * reply arrives, as it did when each store read `onmessage` itself. No Vue here: the stores wrap it.
 */

/** What the client needs of a Worker (a DOM Worker is one; tests pass a stand-in). */
export interface WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
}

/**
 * Why a request got no reply. Superseded, cancelled and terminated requests are `dropped`: the store asked for
 * something newer or stopped listening, so nothing is wrong. The others are failures to show.
 */
export type WorkerFailureReason = 'superseded' | 'cancelled' | 'terminated' | 'crashed' | 'unreadable' | 'unsent';

export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly reason: WorkerFailureReason,
  ) {
    super(message);
    this.name = 'WorkerRequestError';
  }

  /** Nothing went wrong: the request was replaced, cancelled or ended on purpose. */
  get dropped(): boolean {
    return this.reason === 'superseded' || this.reason === 'cancelled' || this.reason === 'terminated';
  }
}

export interface WorkerClientOptions {
  /** Names the worker in messages: "stats worker failed". */
  name: string;
  /** Starts a worker, e.g. `() => new Worker(new URL('./stats.worker.ts', import.meta.url), { type: 'module' })`. */
  create: () => WorkerLike;
}

/**
 * How a request is settled: `reply` with the worker's answer, or `fail` (check `error.dropped`). A worker may send
 * part of an answer ahead, as a message with the request's id and `partial: true`: it goes to `progress` (when
 * given) and settles nothing.
 */
export interface RequestHandlers<Reply> {
  reply: (reply: Reply) => void;
  fail: (error: WorkerRequestError) => void;
  progress?: (partial: Reply) => void;
}

interface Waiting<Reply> extends RequestHandlers<Reply> {
  channel: string;
}

/**
 * @example
 * const client = new WorkerClient<ValidateRequest, ValidateReply>({ name: 'validation', create });
 * client.request('validate', (id) => ({ id, dataset, now }), { reply: show, fail: (e) => e.dropped || report(e) });
 */
export class WorkerClient<Request, Reply extends { id: number }> {
  private worker: WorkerLike | null = null;
  private lastId = 0;
  private readonly waiting = new Map<number, Waiting<Reply>>();
  /** The pending request of each channel. */
  private readonly byChannel = new Map<string, number>();

  constructor(private readonly options: WorkerClientOptions) {}

  /** A worker is started (it is not after a failure or `terminate`, until the next message). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Requests sent and not yet settled. */
  get pending(): number {
    return this.waiting.size;
  }

  /** A request on `channel` is waiting for its reply. */
  waitingOn(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  /**
   * Sends the message `build` makes with a new id; the request pending on `channel`, if any, is dropped first
   * ('superseded'). Returns the id. A message that cannot be sent (no worker could start, the data cannot be
   * cloned) fails at once ('unsent').
   */
  request(channel: string, build: (id: number) => Request, handlers: RequestHandlers<Reply>, transfer?: Transferable[]): number {
    this.cancel(channel, 'superseded');
    const id = ++this.lastId;
    this.waiting.set(id, { channel, ...handlers });
    this.byChannel.set(channel, id);
    try {
      this.start().postMessage(build(id), transfer);
    } catch (e) {
      this.settle(id, new WorkerRequestError(e instanceof Error ? e.message : String(e), 'unsent'));
    }
    return id;
  }

  /** Sends a message that has no reply (e.g. the dataset later requests refer to). Throws when it cannot be sent. */
  post(message: Request, transfer?: Transferable[]): void {
    this.start().postMessage(message, transfer);
  }

  /** Drops the request pending on `channel`, if any: its reply will be ignored. */
  cancel(channel: string, reason: 'cancelled' | 'superseded' = 'cancelled'): void {
    const id = this.byChannel.get(channel);
    if (id !== undefined) this.settle(id, new WorkerRequestError(`${this.options.name} request ${id} ${reason}`, reason));
  }

  /** Ends the worker (whatever it is computing) and drops every pending request. The next message starts a new one. */
  terminate(): void {
    this.stop();
    this.failAll(new WorkerRequestError(`${this.options.name} worker terminated`, 'terminated'));
  }

  private start(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.options.create();
    w.onmessage = (e) => {
      if (w === this.worker) this.receive(e.data);
    };
    // A worker that cannot start, or throws outside its own handler: its state is gone, so fail what it owed and
    // start a fresh one with the next message.
    w.onerror = (e) => {
      e.preventDefault();
      if (w !== this.worker) return;
      this.stop();
      this.failAll(new WorkerRequestError(e.message || `${this.options.name} worker failed`, 'crashed'));
    };
    // One reply could not be deserialised, and it does not say whose: fail everything pending (the worker is fine).
    w.onmessageerror = () => {
      if (w !== this.worker) return;
      this.failAll(new WorkerRequestError(`${this.options.name} reply could not be read`, 'unreadable'));
    };
    this.worker = w;
    return w;
  }

  private stop(): void {
    const w = this.worker;
    this.worker = null;
    w?.terminate();
  }

  private receive(data: unknown): void {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id !== 'number') return;
    const waiting = this.waiting.get(id);
    if (!waiting) return; // superseded, cancelled, or already failed
    if ((data as { partial?: unknown }).partial === true) {
      waiting.progress?.(data as Reply);
      return;
    }
    this.forget(id, waiting.channel);
    waiting.reply(data as Reply);
  }

  private settle(id: number, error: WorkerRequestError): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.forget(id, waiting.channel);
    waiting.fail(error);
  }

  private failAll(error: WorkerRequestError): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, error);
  }

  private forget(id: number, channel: string): void {
    this.waiting.delete(id);
    if (this.byChannel.get(channel) === id) this.byChannel.delete(channel);
  }
}
