/** Where the bundled dataset lives, relative to index.html (works in the dev server and in dist/). */
export const DEFAULT_DATA_URL = './data/zhihuiwan/';

/**
 * The dataset folder to load: `?data=<url>` first, then `data` in config.json beside index.html, then the default.
 * public/config.json always ships, so asking for it never produces a 404 in the console. `pageUrl` is the page's
 * address (config.json sits beside it), which a worker has to be told.
 */
export async function resolveDatasetUrl(
  search: string = window.location.search,
  pageUrl: string = window.location.href,
): Promise<string> {
  const fromQuery = new URLSearchParams(search).get('data');
  if (fromQuery) return fromQuery;
  try {
    const res = await fetch(new URL('./config.json', pageUrl), { cache: 'no-cache' });
    if (res.ok) {
      const config = (await res.json()) as { data?: unknown };
      if (typeof config.data === 'string' && config.data) return config.data;
    }
  } catch {
    // A broken config.json is not worth blocking on: the bundled dataset is the sensible fallback.
  }
  return DEFAULT_DATA_URL;
}
