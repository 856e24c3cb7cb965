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
      throw new DatasetError(file, `could not be fetched from ${url} (${(e as Error).message})`);
    }
    if (!res.ok) throw new DatasetError(file, `could not be fetched from ${url} (HTTP ${res.status})`);
    return res.text();
  };
  return {
    location: base,
    manifest: async () => parseManifest(await get('dataset.json')),
    read: get,
  };
}

/** Loads a dataset folder served at `baseUrl`. Throws DatasetError with the file and place of the problem. */
export function loadDatasetFromUrl(baseUrl: string, options?: LoadOptions): Promise<Dataset> {
  return loadDataset(urlSource(baseUrl), options);
}
