/**
 * Validation off the main thread: a county dataset takes seconds. Thin on purpose: validateDataset is the same
 * function the CLI runs, so the app's counts are the CLI's counts. Every failure goes back as a message.
 */
import { validateDataset } from '../geo/validate-dataset';
import type { ValidateReply, ValidateRequest } from './validate-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<ValidateRequest>) => {
  const { id, dataset, tolerance, now } = e.data;
  let reply: ValidateReply;
  try {
    const start = performance.now();
    const report = validateDataset({ ...dataset }, { tolerance, now });
    reply = { id, ok: true, report, ms: performance.now() - start };
  } catch (err) {
    reply = { id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  scope.postMessage(reply);
};
