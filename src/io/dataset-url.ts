import { admitDatasetUrl, listedDatasetUrls, type DataRefusal } from '../io/dataset-url-policy';
import { isServerConfig } from './server-session';

/** Where the bundled dataset lives, relative to index.html (works in the dev server and in dist/). */
export const DEFAULT_DATA_URL = './data/zhihuiwan/';

/** The dataset folder to load, and why a `?data=` link was not followed (null when it was, or when there was none). */
export interface DatasetChoice {
  url: string;
  refused: DataRefusal | null;
  /** Present (true) when config.json was read and is the GridSight server's: the data then needs a login. */
  server?: true;
}

/** config.json beside index.html, or null. public/config.json always ships, so asking never logs a 404. */
async function readConfig(pageUrl: string): Promise<unknown> {
  try {
    const res = await fetch(new URL('./config.json', pageUrl), { cache: 'no-cache' });
    if (res.ok) return await res.json();
  } catch {
    // A broken config.json is not worth blocking on: the bundled dataset is the sensible fallback.
  }
  return null;
}

/** `data` of config.json, else the bundled dataset. */
export function defaultDatasetUrl(config: unknown): string {
  const data = (config as { data?: unknown } | null)?.data;
  return typeof data === 'string' && data ? data : DEFAULT_DATA_URL;
}

/**
 * The dataset folder to load: `?data=<url>` first when it is on the page's origin or listed in config.json
 * (dataset-url-policy), then `data` in config.json beside index.html, then the default. A refused `?data=` falls
 * back to the default and says why. `pageUrl` is the page's address (config.json sits beside it), which a worker
 * has to be told. A same-origin `?data=` is followed without reading config.json (one round trip less).
 */
export async function resolveDataset(
  search: string = window.location.search,
  pageUrl: string = window.location.href,
): Promise<DatasetChoice> {
  const given = new URLSearchParams(search).get('data');
  if (given) {
    const sameOrigin = admitDatasetUrl(given, pageUrl);
    if (sameOrigin.ok) return { url: sameOrigin.url, refused: null };
  }
  const config = await readConfig(pageUrl);
  const server = isServerConfig(config) ? ({ server: true } as const) : {};
  if (given) {
    const listed = admitDatasetUrl(given, pageUrl, listedDatasetUrls(config));
    if (listed.ok) return { url: listed.url, refused: null, ...server };
    return { url: defaultDatasetUrl(config), refused: listed.refusal, ...server };
  }
  return { url: defaultDatasetUrl(config), refused: null, ...server };
}

/**
 * The address of this page on the default dataset: `location` without its `?data=` (the way back an error screen
 * offers), or '' when no other dataset was asked for.
 * @example defaultDatasetHref({ pathname: '/', search: '?data=x&lang=en', hash: '#/wall' }) // "/?lang=en#/wall"
 */
export function defaultDatasetHref(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const params = new URLSearchParams(location.search);
  if (!params.has('data')) return '';
  params.delete('data');
  const rest = params.toString();
  return `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`;
}
