/**
 * What the plan worker does with each request, apart from the worker itself so a test (or a future server) can
 * run it in-process: one PlanSession (geo/plan/session, the same one the CLI's `plan apply` uses) per `start`;
 * every reply that changes the draft carries the view of it, the snapshot whole after `start` and `load` and as a
 * delta after an operation, undo or redo (the caller applies it with `applySnapshotDelta`); an edit's delta may go
 * ahead of its checks (`early`). A refused operation (PlanError) comes back as `refused` with its reason and place;
 * any other failure as an error, never a throw.
 */
import { PlanSession } from '../geo/plan/session';
import { PlanError, type ChangeLogEntry } from '../domain/plan/types';
import type { Dataset } from '../domain/types';
import { datasetFingerprint } from '../io/plan/fingerprint';
import type { PlanReply, PlanRequest } from './plan-messages';
import { membersDelta, newMembersMemory, newSnapshotMemory, rememberMembers, rememberSnapshot, snapshotDelta } from './plan-delta';

/**
 * `early`, when given, hears an edit's units ahead of its checks (a `units` reply, `partial`), so the caller can
 * redraw them while the status is computed; the `view` reply then carries no snapshot or members.
 * @example const handle = createPlanHandler(); postMessage(handle(e.data, postMessage))
 */
export function createPlanHandler(): (req: PlanRequest, early?: (reply: PlanReply) => void) => PlanReply {
  let session: PlanSession | null = null;
  /** The features the main thread holds (the last snapshot sent), for sending only what changed. */
  const sent = newSnapshotMemory();
  const sentMembers = newMembersMemory();
  let early: ((reply: PlanReply) => void) | undefined;

  function view(id: number, s: PlanSession, t0: number, entry?: ChangeLogEntry, whole = false): PlanReply {
    const t1 = performance.now();
    if (whole) {
      // The status first: if it throws, the reply is an error and `sent` must still say what the main thread holds.
      const status = s.status();
      const t2 = performance.now();
      const snapshot = s.snapshot();
      rememberSnapshot(snapshot, sent);
      rememberMembers(s.current.members, sentMembers);
      const v = { snapshot, members: [...s.current.members], status, history: s.history, cursor: s.cursor };
      const t3 = performance.now();
      return { id, ok: true, kind: 'view', view: v, ...(entry ? { entry } : {}), ms: t3 - t0, parts: { edit: t1 - t0, status: t2 - t1, view: t3 - t2 } };
    }
    // An edit: what changed goes first (ahead, when the caller listens), then the checks.
    const units = { snapshot: snapshotDelta(s.snapshot(), sent), members: membersDelta(s.current.members, sentMembers) };
    if (early) early({ id, ok: true, kind: 'units', partial: true, units });
    const t2 = performance.now();
    const status = s.status();
    const v = { ...(early ? {} : units), status, history: s.history, cursor: s.cursor };
    const t3 = performance.now();
    return { id, ok: true, kind: 'view', view: v, ...(entry ? { entry } : {}), ms: t3 - t0, parts: { edit: t1 - t0, status: t3 - t2, view: t2 - t1 } };
  }

  function handle(req: PlanRequest): PlanReply {
    const t0 = performance.now();
    if (req.type === 'start') {
      session = new PlanSession(req.dataset, { now: req.now, ...(req.effective ? { effective: req.effective } : {}) });
      return view(req.id, session, t0, undefined, true);
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
        return view(req.id, s, t0, undefined, true);
      case 'view':
        return view(req.id, s, t0, undefined, true);
      case 'fingerprint':
        return { id: req.id, ok: false, refused: false, error: 'plan worker: a fingerprint is answered by fingerprintReply' };
      case 'dataset':
        return { id: req.id, ok: true, kind: 'dataset', dataset: s.dataset(req.effective) };
    }
  }

  return (req, ahead) => {
    early = ahead;
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

/**
 * The answer to a `fingerprint` request: the fingerprint of `dataset` (the one the last `start` carried), or an
 * error when no session was started. Asynchronous (WebCrypto), so the worker posts it when it is ready.
 * @example fingerprintReply(req.id, started).then((r) => postMessage(r))
 */
export async function fingerprintReply(id: number, dataset: Dataset | null): Promise<PlanReply> {
  if (!dataset) return { id, ok: false, refused: false, error: 'plan worker: no session started' };
  try {
    return { id, ok: true, kind: 'fingerprint', fingerprint: await datasetFingerprint(dataset) };
  } catch (err) {
    return { id, ok: false, refused: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
