/**
 * An import applied on the server (POST /api/data/import, docs/server-api.md): the enterprises file the dialog
 * merged becomes the next dataset version; incidents are merged by id into the server's incidents. Either is checked
 * against the version the app loaded (io/server-version: the X-GridSight-Version of its files); the head that GET
 * /api/versions names is the base only when the server did not say.
 */
import type { ImportTarget } from './import/pipeline';
import { ApiError, apiJson } from './server-http';

export const IMPORT_URL = './api/data/import';
export const VERSIONS_URL = './api/versions';

/** What the import dialog may apply to the server; boundaries go through the planner's proposals instead. */
export const SERVER_IMPORT_TARGETS: ReadonlySet<ImportTarget> = new Set(['enterprises', 'incidents']);

/** The server's answer: the version, and the features by id against the server's. */
export interface ServerImportResult {
  /** Enterprises: the new version. Incidents: the version they were merged on (they belong to none). */
  version: number;
  added: number;
  updated: number;
  unchanged: number;
  /** In the version before, not in the file (0 for a file the dialog merged, and for incidents). */
  removed?: number;
  /** Incidents: the new revision of incidents.geojson, when the import changed it. */
  revision?: number;
}

/**
 * The newest version's id (GET /api/versions lists newest first): the base of an import when the loaded data did
 * not say its version.
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
