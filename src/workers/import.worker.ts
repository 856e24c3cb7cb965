/**
 * Import off the main thread: reading a Shapefile, KMZ or a 100 MB CSV takes seconds. Thin on purpose:
 * import-handler.ts does the work and keeps, between runs, the file's bytes (by token) and the dataset's layers
 * the pipeline checks against (by dataset version), so a new target, CRS or mapping re-runs without receiving them
 * again.
 */
import { createImportHandler, failureReply } from './import-handler';
import type { ImportReply, ImportRequest } from './import-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createImportHandler();

function post(reply: ImportReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

scope.onmessage = (e: MessageEvent<ImportRequest>) => {
  const req = e.data;
  handle(req, post)
    .then(({ reply, transfer }) => post(reply, transfer))
    .catch((err: unknown) => post(failureReply(req.id, err)));
};
