/**
 * What the plan worker does with each request, apart from the worker itself so a test (or a future server) can
 * run it in-process: one PlanSession (geo/plan/session, the same one the CLI's `plan apply` uses) per `start`;
 * every reply that changes the draft carries the whole view of it. A refused operation (PlanError) comes back as
 * `refused` with its reason and place; any other failure as an error, never a throw.
 */
import { PlanSession } from '../geo/plan/session';
import { PlanError, type ChangeLogEntry } from '../domain/plan/types';
import type { PlanReply, PlanRequest } from './plan-messages';

/** @example const handle = createPlanHandler(); postMessage(handle(e.data)) */
export function createPlanHandler(): (req: PlanRequest) => PlanReply {
  let session: PlanSession | null = null;

  function view(id: number, s: PlanSession, t0: number, entry?: ChangeLogEntry): PlanReply {
    const v = { snapshot: s.snapshot(), status: s.status(), history: s.history, cursor: s.cursor };
    return { id, ok: true, kind: 'view', view: v, ...(entry ? { entry } : {}), ms: performance.now() - t0 };
  }

  function handle(req: PlanRequest): PlanReply {
    const t0 = performance.now();
    if (req.type === 'start') {
      session = new PlanSession(req.dataset, { now: req.now, ...(req.effective ? { effective: req.effective } : {}) });
      return view(req.id, session, t0);
    }
    const s = session;
    if (!s) return { id: req.id, ok: false, refused: false, error: 'plan worker: no session started' };
    switch (req.type) {
      case 'apply':
        return view(req.id, s, t0, s.apply(req.op, { who: req.who, at: req.at, ...(req.reason ? { reason: req.reason } : {}) }));
      case 'undo':
        s.undo();
        return view(req.id, s, t0);
      case 'redo':
        s.redo();
        return view(req.id, s, t0);
      case 'load':
        s.replay(req.log, req.cursor);
        return view(req.id, s, t0);
      case 'dataset':
        return { id: req.id, ok: true, kind: 'dataset', dataset: s.dataset(req.effective) };
    }
  }

  return (req) => {
    try {
      return handle(req);
    } catch (err) {
      return err instanceof PlanError
        ? {
            id: req.id,
            ok: false,
            refused: true,
            error: err.message,
            ...(err.at ? { at: err.at } : {}),
            ...(err.reason ? { reason: err.reason, values: err.values } : {}),
          }
        : { id: req.id, ok: false, refused: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  };
}
