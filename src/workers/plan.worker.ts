/**
 * The planner's draft off the main thread: the PlanSession lives here, so an operation's topology edit,
 * incremental validation and enterprise reassignment never block the map. Thin on purpose: plan-handler.ts does
 * the work (and is what the tests run in-process).
 */
import { createPlanHandler } from './plan-handler';
import type { PlanRequest } from './plan-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createPlanHandler();

scope.onmessage = (e: MessageEvent<PlanRequest>) => {
  scope.postMessage(handle(e.data));
};
