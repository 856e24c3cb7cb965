/**
 * A dataset served over HTTP (the bundled folder, or `?data=<url>`). Reads dataset.json first so only the files
 * it lists are requested.
 */
import type { Dataset } from '../domain/types';
import { loadDataset, parseManifest, type DatasetSource, type LoadOptions } from './dataset';
import { DatasetError } from './errors';

/**
 * @example const source = urlSource('./data/zhihuiwan/', fetch)
 */
export function urlSource(baseUrl: string, fetchFn: typeof fetch = fetch): DatasetSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (file: string): Promise<string> => {
    const url = new URL(file, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href;
    let res: Response;
    try {
      res = await fetchFn(url);
    } catch (e) {
      throw unreachable(file, url, e);
    }
    const problem = responseProblem(file, url, res);
    if (problem) throw problem;
    return res.text();
  };
  return {
    location: base,
    manifest: async () => parseManifest(await get('dataset.json')),
    read: get,
  };
}

/** The request for `file` at `url` got no answer (network down, CORS, refused). */
export function unreachable(file: string, url: string, e: unknown): DatasetError {
  return new DatasetError(file, `could not be fetched from ${url} (${(e as Error)?.message ?? String(e)})`, undefined, {
    key: 'unreachable',
    params: { url },
  });
}

/**
 * What is wrong with the answer `res` for the data file `file`, or null when it can be read (2xx, not a web page).
 * A server that answers every unknown path with the app's own page (Vite, most static hosts with a fallback) says
 * 200 with HTML: for a data file that is "not found", not "invalid JSON (Unexpected token '<')".
 */
export function responseProblem(file: string, url: string, res: Response): DatasetError | null {
  if (res.status === 404 || res.status === 410) {
    return new DatasetError(file, `was not found at ${url} (HTTP ${res.status})`, undefined, { key: 'notFound', params: { url } });
  }
  if (!res.ok) {
    return new DatasetError(file, `could not be fetched from ${url} (HTTP ${res.status})`, undefined, {
      key: 'http',
      params: { url, status: res.status },
    });
  }
  if (/^text\/html\b/i.test(res.headers?.get?.('content-type') ?? '') && !/\.html?$/i.test(file)) {
    return new DatasetError(file, `was not found at ${url} (the server answered with a web page)`, undefined, {
      key: 'notFound',
      params: { url },
    });
  }
  return null;
}

/** Loads a dataset folder served at `baseUrl`. Throws DatasetError with the file and place of the problem. */
export function loadDatasetFromUrl(baseUrl: string, options?: LoadOptions): Promise<Dataset> {
  return loadDataset(urlSource(baseUrl), options);
}
