/**
 * The wall screen's refresh off the main thread: conditional re-reads, parsing, the `stats` figures (datasetStats,
 * as the CLI), boundary validation when the boundaries changed; and the incident card, from the snapshot on screen.
 * Thin on purpose: see wall-refresh.ts. Requests are handled one at a time, in order (an incident asked for during
 * a refresh is answered from the snapshot that refresh makes); every failure goes back as a message.
 */
import { DatasetError } from '../io/errors';
import { createWallRefresher } from './wall-refresh';
import { wallIncidentRecord, type WallError, type WallReply, type WallRequest } from './wall-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const refresher = createWallRefresher();
let queue: Promise<void> = Promise.resolve();

function toError(err: unknown): WallError {
  if (err instanceof DatasetError) return { file: err.file, message: err.detail, reason: err.reason };
  return { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

scope.onmessage = (e: MessageEvent<WallRequest>) => {
  const request = e.data;
  queue = queue.then(async () => {
    const start = performance.now();
    let reply: WallReply;
    if (request.type === 'incident') {
      const { id } = request;
      try {
        const record = wallIncidentRecord(refresher.latest(), request.incidentId);
        reply = { kind: 'incident', id, ok: true, ms: performance.now() - start, record };
      } catch (err) {
        reply = { kind: 'incident', id, ok: false, error: toError(err) };
      }
      scope.postMessage(reply);
      return;
    }
    const { id, baseUrl, pageUrl, now } = request;
    try {
      const r = await refresher.refresh(baseUrl, pageUrl, now, (geometry) =>
        scope.postMessage({ kind: 'refresh', id, ok: true, partial: true, geometry } satisfies WallReply),
      );
      const ms = performance.now() - start;
      reply = r.changed
        ? { kind: 'refresh', id, ok: true, changed: true, snapshot: r.snapshot, geometry: r.geometry, ms }
        : { kind: 'refresh', id, ok: true, changed: false, ms };
    } catch (err) {
      reply = { kind: 'refresh', id, ok: false, error: toError(err) };
    }
    scope.postMessage(reply);
  });
};
