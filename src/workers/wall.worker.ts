/**
 * The wall screen's refresh off the main thread: conditional re-reads, parsing, the `stats` figures (datasetStats,
 * as the CLI), boundary validation when the boundaries changed. Thin on purpose: see wall-refresh.ts. Requests are
 * handled one at a time, in order; every failure goes back as a message.
 */
import { DatasetError } from '../io/errors';
import { createWallRefresher } from './wall-refresh';
import type { WallError, WallReply, WallRequest } from './wall-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const refresher = createWallRefresher();
let queue: Promise<void> = Promise.resolve();

function toError(err: unknown): WallError {
  if (err instanceof DatasetError) return { file: err.file, message: err.detail, reason: err.reason };
  return { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

scope.onmessage = (e: MessageEvent<WallRequest>) => {
  const { id, baseUrl, pageUrl, now } = e.data;
  queue = queue.then(async () => {
    const start = performance.now();
    let reply: WallReply;
    try {
      const r = await refresher.refresh(baseUrl, pageUrl, now);
      const ms = performance.now() - start;
      reply = r.changed ? { id, ok: true, changed: true, snapshot: r.snapshot, geometry: r.geometry, ms } : { id, ok: true, changed: false, ms };
    } catch (err) {
      reply = { id, ok: false, error: toError(err) };
    }
    scope.postMessage(reply);
  });
};
