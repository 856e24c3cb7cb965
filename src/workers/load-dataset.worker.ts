/**
 * Reads the start-up dataset off the main thread. The chain config.json → dataset.json → files is three round
 * trips; on the main thread each step waits for MapLibre's first frame (WebGL start-up blocks for most of a
 * second on a software GPU), here none does, and JSON parsing and the schema checks run here too.
 */
import { loadVersionedDataset } from '../io/server-version';
import { DatasetError } from '../io/errors';
import { resolveDataset } from '../io/dataset-url';
import type { DataRefusal } from '../io/dataset-url-policy';
import { SESSION_URL, fetchSession, isUnauthorized } from '../io/server-session';
import { REQUEST_PARAM, type LoadDatasetReply, type LoadDatasetRequest } from './load-dataset-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function load({ search, pageUrl, options }: LoadDatasetRequest): Promise<LoadDatasetReply> {
  let url = '';
  let refused: DataRefusal | null = null;
  try {
    let server: true | undefined;
    ({ url, refused, server } = await resolveDataset(search, pageUrl));
    // Server mode: read only with a session (a reload while logged in); else the app shows its login first.
    if (server) {
      const session = await fetchSession(fetch, new URL(SESSION_URL, pageUrl).href);
      if (session.mode === 'server' && !session.user) return { ok: false, url, refused, signIn: true, error: { message: 'not logged in' } };
    }
    // The server version its files came from (X-GridSight-Version), read again when they came from two.
    const { dataset, version } = await loadVersionedDataset(new URL(url, pageUrl).href, options);
    return { ok: true, url, refused, dataset, version };
  } catch (err) {
    // A 401 (a `?data=` link into the server's API, followed without config.json): the login comes first too.
    if (err instanceof DatasetError && isUnauthorized(err.reason)) return { ok: false, url, refused, signIn: true, error: { message: err.message } };
    const error =
      err instanceof DatasetError
        ? { file: err.file, where: err.where, detail: err.detail, reason: err.reason }
        : { message: err instanceof Error ? err.message : String(err) };
    return { ok: false, url, refused, error };
  }
}

// The request is in this worker's own URL (see preloadDataset): start at once, no message to wait for.
const request = JSON.parse(new URL(scope.location.href).searchParams.get(REQUEST_PARAM) ?? 'null') as LoadDatasetRequest | null;
if (request) void load(request).then((reply) => scope.postMessage(reply));
else scope.postMessage({ ok: false, url: '', refused: null, error: { message: `dataset worker started without "${REQUEST_PARAM}"` } });
