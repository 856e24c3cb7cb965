/**
 * The analyst's side of the stats worker (stats.worker.ts): one WorkerClient, which dataset the worker holds, and one
 * request per kind — the month's `stats`, the `filter` summary with its hex cells, a hex `cell`'s incidents, the
 * month's `patrol` tracks and trend, the `incident` and `enterprise` cards — each superseding the previous one of its
 * kind (the worker also skips a superseded request still queued, of every kind but `stats`). Replies reach the
 * handlers in the worker's message event.
 * No Vue: the analysis store (stores/analysis.ts) holds the state and decides what to ask.
 */
import { WorkerClient, type RequestHandlers, type WorkerLike } from './client';
import type { LoadProgress, StatsInput, StatsReply, StatsRequest } from './stats-messages';

export type StatsKind = Exclude<StatsRequest['type'], 'dataset'>;
/** The reply to a request of `kind`: its result, or the worker's error. */
export type StatsReplyOf<K extends StatsKind> = Extract<StatsReply, { kind: K; ok: true }> | Extract<StatsReply, { ok: false }>;
/** A request of `kind` without what the client fills in (type, id, and the key of the dataset it holds). */
export type StatsAsk<K extends StatsKind> = Omit<Extract<StatsRequest, { type: K }>, 'type' | 'id' | 'key'>;

function newStatsWorker(): Worker {
  return new Worker(new URL('./stats.worker.ts', import.meta.url), { type: 'module', name: 'stats' });
}

/** The worker prestartStats began, until a client takes it. */
let prestarted: Worker | null = null;

/**
 * At start-up on #/analyze (main.ts): starts the stats worker now and has it begin reading the start-up dataset's
 * incidents and patrols (a county's are ~140 MB), while the overview's files load in their own worker, instead of
 * once they have. The analysis store's client takes this worker over.
 * @example if (routeNow() === '/analyze') prestartStats()
 */
export function prestartStats(search: string = window.location.search, pageUrl: string = window.location.href): void {
  const w = newStatsWorker();
  // A worker that fails before a client takes it is not handed over: the client starts a fresh one.
  w.onerror = () => {
    if (prestarted === w) prestarted = null;
  };
  w.postMessage({ type: 'prefetch', search, pageUrl } satisfies StatsRequest);
  prestarted = w;
}

function startStatsWorker(): WorkerLike {
  const w = prestarted ?? newStatsWorker();
  prestarted = null;
  return w;
}

/**
 * @example
 * const stats = createStatsClient();
 * if (!stats.holds(version)) stats.sendDataset(version, baseUrl, statsInput(dataset));
 * stats.ask('stats', { month: '2026-11', now: Date.now() }, { reply: show, fail: (e) => e.dropped || report(e) });
 */
export function createStatsClient(create: () => WorkerLike = startStatsWorker) {
  const client = new WorkerClient<StatsRequest, StatsReply>({ name: 'stats', create });
  /** The key of the dataset the worker was sent (-1: none). */
  let held = -1;

  return {
    /** The worker holds the dataset sent with `key` (a worker that failed, or was ended, holds none). */
    holds(key: number): boolean {
      return client.running && held === key;
    },
    /** Sends the dataset the next requests are about; a new worker is started when there is none. Throws when it cannot be sent. */
    sendDataset(key: number, baseUrl: string, dataset: StatsInput): void {
      held = -1;
      client.post({ type: 'dataset', key, baseUrl, dataset });
      held = key;
    },
    /**
     * Asks for `kind` about the dataset the worker holds; the pending request of that kind is dropped. `loading`
     * hears how far the dataset's files have downloaded while the request waits for them.
     */
    ask<K extends StatsKind>(
      kind: K,
      fields: StatsAsk<K>,
      handlers: RequestHandlers<StatsReplyOf<K>> & { loading?: (progress: LoadProgress) => void },
    ): void {
      const key = held;
      // StatsAsk<K> plus type K is Extract<StatsRequest, { type: K }>, which TypeScript cannot see through the generic;
      // the worker answers a request of kind K with a reply of kind K (StatsReplyOf<K>).
      const build = (id: number) => ({ ...fields, type: kind, id, key }) as unknown as StatsRequest;
      const { loading, ...settle } = handlers;
      const progress = loading && ((partial: StatsReply) => 'progress' in partial && loading(partial.progress));
      client.request(kind, build, { ...(settle as RequestHandlers<StatsReply>), progress });
    },
    /** A request of `kind` is waiting for its reply. */
    pending(kind: StatsKind): boolean {
      return client.waitingOn(kind);
    },
    /** Drops the pending request of `kind`: its reply will be ignored. */
    cancel(kind: StatsKind): void {
      client.cancel(kind);
    },
    /** Ends the worker and drops what is pending; the dataset must be sent again. */
    terminate(): void {
      client.terminate();
      held = -1;
    },
  };
}

export type StatsClient = ReturnType<typeof createStatsClient>;
