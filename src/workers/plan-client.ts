/**
 * The editor's side of the plan worker (plan.worker.ts): one WorkerClient, one request at a time per kind of
 * answer. Operations must never be dropped, so each one gets its own channel (nothing supersedes it); the worker
 * handles messages in order, so the replies come back in the order the operations were made.
 * No Vue: the plan store (stores/plan.ts) holds the state.
 */
import { WorkerClient, type RequestHandlers, type WorkerLike } from './client';
import type { PlanDraftUnits, PlanReply, PlanRequest } from './plan-messages';

function startPlanWorker(): WorkerLike {
  return new Worker(new URL('./plan.worker.ts', import.meta.url), { type: 'module', name: 'plan' });
}

/** A request without the id the client fills in. */
export type PlanAsk = PlanRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * @example
 * const plan = createPlanClient();
 * plan.ask({ type: 'apply', op, who, at }).then(show, report);
 */
export function createPlanClient(create: () => WorkerLike = startPlanWorker) {
  const client = new WorkerClient<PlanRequest, PlanReply>({ name: 'plan', create });
  let serial = 0;

  return {
    /**
     * Sends `ask`; resolves with the worker's reply (ok or refused), rejects with a WorkerRequestError. `early`
     * hears the draft's units when the worker sends them ahead of its checks (operations, undo and redo).
     */
    ask(ask: PlanAsk, early?: (units: PlanDraftUnits) => void): Promise<PlanReply> {
      // `start`, `dataset` and `fingerprint` may be superseded by a newer one of their kind; edits each keep their own.
      const channel = ask.type === 'start' || ask.type === 'dataset' || ask.type === 'fingerprint' ? ask.type : `edit-${++serial}`;
      return new Promise((resolve, reject) => {
        const handlers: RequestHandlers<PlanReply> = {
          reply: resolve,
          fail: reject,
          ...(early ? { progress: (r: PlanReply) => r.ok && r.kind === 'units' && early(r.units) } : {}),
        };
        client.request(channel, (id) => ({ ...ask, id }) as PlanRequest, handlers);
      });
    },
    /** Ends the worker (and the session it held); the next `start` begins a new one. */
    terminate(): void {
      client.terminate();
    },
  };
}

export type PlanClient = ReturnType<typeof createPlanClient>;
