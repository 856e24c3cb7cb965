/**
 * An import applied on the server (POST /api/data/import, docs/server-api.md): the merged contract file becomes the
 * next dataset version. The app reads the data from `./api/data/current/`, which does not say which version it is,
 * so the version an import is previewed on is the head that GET /api/versions names at preview time.
 */
import { ApiError, apiJson } from './server-http';

export const IMPORT_URL = './api/data/import';
export const VERSIONS_URL = './api/versions';

/** The server's answer: the new version and the enterprises by id against the version before. */
export interface ServerImportResult {
  version: number;
  added: number;
  updated: number;
  unchanged: number;
  /** In the version before, not in the file (0 for a file the dialog merged). */
  removed?: number;
}

/**
 * The newest version's id (GET /api/versions lists newest first).
 * @example const base = await headVersionId(session.apiFetch)
 */
export async function headVersionId(fetchFn: typeof fetch, url: string = VERSIONS_URL): Promise<number> {
  const list = await apiJson<{ id: unknown }[]>(fetchFn, url);
  const id = Number(Array.isArray(list) ? list[0]?.id : NaN);
  if (!Number.isInteger(id) || id < 1) throw new ApiError('the server holds no dataset version', 0);
  return id;
}

/**
 * POSTs the file; ApiError on a refusal (400: the server's reason; 409: the data changed since `baseVersion`).
 * @example await postImport(fetch, { file: 'enterprises.geojson', bytes, baseVersion: 3 })
 */
export async function postImport(
  fetchFn: typeof fetch,
  body: { file: string; bytes: Uint8Array; baseVersion: number },
  url: string = IMPORT_URL,
): Promise<ServerImportResult> {
  const text = new TextDecoder('utf-8').decode(body.bytes);
  return apiJson<ServerImportResult>(fetchFn, url, {
    method: 'POST',
    body: { file: body.file, text, baseVersion: body.baseVersion },
  });
}
