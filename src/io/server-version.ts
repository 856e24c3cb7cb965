/**
 * Which dataset version of the server a load read. The server names it on every answer for the data contract's
 * files (`X-GridSight-Version: N`, docs/server-api.md); a static host does not, and then the version is unknown
 * (null). The files of one load are fetched one by one, so an approval or an import that lands in between could give
 * a dataset.json of version 4 and a grids.geojson of version 5: such a load is read again rather than mixed, and
 * refused when the data keeps changing under it.
 */
import type { Dataset } from '../domain/types';
import { loadDataset, type LoadOptions } from './dataset';
import { DatasetError } from './errors';
import { urlSource, type UrlSourceOptions } from './url-source';

/** The answer header that names the version a data file came from. */
export const VERSION_HEADER = 'X-GridSight-Version';

/** How many times a load whose files came from different versions is read again before it is refused. */
export const VERSION_READS = 3;

/** A dataset and the server version its files came from (null: the server did not say). */
export interface VersionedDataset {
  dataset: Dataset;
  version: number | null;
}

/**
 * The version an answer names, or null when it names none (or not a positive integer).
 * @example versionOf(await fetch('./api/data/current/grids.geojson')) // 4
 */
export function versionOf(res: Response): number | null {
  const text = res.headers?.get?.(VERSION_HEADER)?.trim() ?? '';
  if (!/^[0-9]{1,9}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 ? n : null;
}

/** The file an address names: its last path segment ("grids.geojson"). */
function fileOf(url: string): string {
  const path = url.split(/[?#]/)[0];
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
}

/**
 * fetch that notes, by file, the version each answer names. `version()` is the one version they all name, null when
 * any answer named none, and throws a DatasetError naming two files of different versions.
 * @example const r = recordVersions(fetch); await loadDataset(urlSource(url, r.fetch)); r.version()
 */
export function recordVersions(fetchFn: typeof fetch): { fetch: typeof fetch; version(): number | null } {
  const seen = new Map<string, number | null>();
  const recording: typeof fetch = async (input, init) => {
    const res = await fetchFn(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.set(fileOf(url), versionOf(res));
    return res;
  };
  return {
    fetch: recording,
    version() {
      const named = [...seen].filter((e): e is [string, number] => e[1] !== null);
      const [first] = named;
      const other = named.find(([, v]) => first && v !== first[1]);
      if (first && other) {
        throw new DatasetError(
          other[0],
          `came from server version ${other[1]} while ${first[0]} came from version ${first[1]}: the data changed while it was read`,
        );
      }
      // An answer that named none (a proxy that drops the header): which version is not known.
      return first && named.length === seen.size ? first[1] : null;
    },
  };
}

/**
 * Loads the dataset at `baseUrl` (loadDataset on a urlSource) and says which server version it is. When its files came
 * from different versions it is read again, up to `reads` times in all (the server answers unchanged files with
 * 304s), then refused with a DatasetError naming the files and versions.
 * @example const { dataset, version } = await loadVersionedDataset('./api/data/current/', OVERVIEW_LOAD_OPTIONS)
 */
export async function loadVersionedDataset(
  baseUrl: string,
  options?: LoadOptions,
  {
    fetchFn = fetch,
    reads = VERSION_READS,
    source = {},
  }: {
    fetchFn?: typeof fetch;
    reads?: number;
    source?: UrlSourceOptions;
  } = {},
): Promise<VersionedDataset> {
  for (let read = 1; ; read++) {
    const recorder = recordVersions(fetchFn);
    const dataset = await loadDataset(urlSource(baseUrl, recorder.fetch, source), options);
    try {
      return { dataset, version: recorder.version() };
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
      if (read >= reads) throw new DatasetError(e.file, `${e.detail} (read ${read} times); reload the page`);
    }
  }
}
