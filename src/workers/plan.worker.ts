/**
 * The planner's draft off the main thread: the PlanSession (geo/plan/session, the same one the CLI's `plan apply`
 * uses) lives here, so an operation's topology edit, incremental validation and enterprise reassignment never
 * block the map. Thin on purpose: every reply that changes the draft carries the whole view of it (snapshot,
 * status, history, cursor). A refused operation (PlanError) goes back as `refused` with its reason and place.
 */
import { PlanSession } from '../geo/plan/session';
import { PlanError, type ChangeLogEntry } from '../domain/plan/types';
import type { PlanReply, PlanRequest, PlanView } from './plan-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let session: PlanSession | null = null;

function view(s: PlanSession): PlanView {
  return { snapshot: s.snapshot(), status: s.status(), history: s.history, cursor: s.cursor };
}

function handle(req: PlanRequest): PlanReply {
  const t0 = performance.now();
  const done = (s: PlanSession, entry?: ChangeLogEntry) => reply(req.id, s, entry, t0);
  if (req.type === 'start') {
    session = new PlanSession(req.dataset, { now: req.now, ...(req.effective ? { effective: req.effective } : {}) });
    return done(session);
  }
  const s = session;
  if (!s) return { id: req.id, ok: false, refused: false, error: 'plan worker: no session started' };
  switch (req.type) {
    case 'apply':
      return done(s, s.apply(req.op, { who: req.who, at: req.at, ...(req.reason ? { reason: req.reason } : {}) }));
    case 'undo':
      s.undo();
      return done(s);
    case 'redo':
      s.redo();
      return done(s);
    case 'load':
      s.replay(req.log, req.cursor);
      return done(s);
    case 'dataset':
      return { id: req.id, ok: true, kind: 'dataset', dataset: s.dataset(req.effective) };
  }
}

function reply(id: number, s: PlanSession, entry: ChangeLogEntry | undefined, t0: number): PlanReply {
  return { id, ok: true, kind: 'view', view: view(s), ...(entry ? { entry } : {}), ms: performance.now() - t0 };
}

scope.onmessage = (e: MessageEvent<PlanRequest>) => {
  let out: PlanReply;
  try {
    out = handle(e.data);
  } catch (err) {
    out =
      err instanceof PlanError
        ? { id: e.data.id, ok: false, refused: true, error: err.message, ...(err.at ? { at: err.at } : {}) }
        : { id: e.data.id, ok: false, refused: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  scope.postMessage(out);
};
