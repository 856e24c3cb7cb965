/**
 * The planner's draft off the main thread: the PlanSession lives here, so an operation's topology edit,
 * incremental validation and enterprise reassignment never block the map. Thin on purpose: plan-handler.ts does
 * the work (and is what the tests run in-process).
 */
import type { Dataset } from '../domain/types';
import { createPlanHandler, fingerprintReply } from './plan-handler';
import type { PlanRequest } from './plan-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createPlanHandler();
/** The dataset the session started on, for `fingerprint`. */
let started: Dataset | null = null;

scope.onmessage = (e: MessageEvent<PlanRequest>) => {
  const req = e.data;
  if (req.type === 'fingerprint') {
    void fingerprintReply(req.id, started).then((reply) => scope.postMessage(reply));
    return;
  }
  // An edit's units go ahead of its checks, so the map redraws them while the worker checks the draft.
  const reply = handle(req, (early) => scope.postMessage(early));
  if (req.type === 'start' && reply.ok) started = req.dataset;
  scope.postMessage(reply);
};
