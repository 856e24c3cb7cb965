/**
 * Which dataset a link may show. `?data=<url>` picks the dataset folder; left open, a crafted link would show a
 * foreign site's figures under the official page's name (and the wall screen would keep re-reading them). A link
 * is followed only to a folder on the page's own origin, or to one of the datasets config.json lists (the
 * operator's choice, which may name another origin). Everything else is refused with a reason the screen shows.
 */

export type DataRefusalReason =
  /** Not a URL even against the page (`http://[`). */
  | 'malformed'
  /** Not http(s): `javascript:`, `data:`, `blob:`, `file:`. */
  | 'scheme'
  /** Another origin (`https://evil.example/`, protocol-relative `//evil.example/`), not listed in config.json. */
  | 'other-origin';

/** Why a `?data=` link was not followed; `given` is the value as it came, `origin` the foreign origin if any. */
export interface DataRefusal {
  given: string;
  reason: DataRefusalReason;
  origin?: string;
}

export type Admission = { ok: true; url: string } | { ok: false; refusal: DataRefusal };

/** A folder URL made absolute against `base`, with one trailing slash: "./data/x" and "data/x/" compare equal. */
function folder(url: string, base: string): URL | null {
  try {
    const u = new URL(url, base);
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    u.hash = '';
    return u;
  } catch {
    return null;
  }
}

/**
 * Whether two spellings name one dataset folder once resolved against `base`.
 * @example sameDatasetFolder('./data/x', 'data/x/', 'https://a.example/app/') === true
 */
export function sameDatasetFolder(a: string, b: string, base: string): boolean {
  const fa = folder(a, base);
  const fb = folder(b, base);
  return fa !== null && fb !== null ? fa.href === fb.href : a === b;
}

/**
 * Decides whether the dataset at `given` (a `?data=` value) may be shown on the page at `pageUrl`. `listed` are the
 * dataset URLs of config.json. The URL is resolved against the page first, so `//evil.example/` and
 * `/\evil.example/` are seen for the other origins they are.
 * @example admitDatasetUrl('./data/x/', 'https://a.example/', []) // { ok: true, url: './data/x/' }
 * @example admitDatasetUrl('https://evil.example/d/', 'https://a.example/', []).ok === false
 */
export function admitDatasetUrl(given: string, pageUrl: string, listed: readonly string[] = []): Admission {
  const page = new URL(pageUrl);
  const target = folder(given.trim(), page.href);
  if (!target) return { ok: false, refusal: { given, reason: 'malformed' } };
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, refusal: { given, reason: 'scheme' } };
  }
  if (target.origin === page.origin) return { ok: true, url: given.trim() };
  if (listed.some((l) => sameDatasetFolder(l, target.href, page.href))) return { ok: true, url: given.trim() };
  return { ok: false, refusal: { given, reason: 'other-origin', origin: target.origin } };
}

/** The dataset URLs config.json lists (`datasets[].url`), ignoring entries that are not strings. */
export function listedDatasetUrls(config: unknown): string[] {
  const list = (config as { datasets?: unknown } | null)?.datasets;
  if (!Array.isArray(list)) return [];
  return list.map((e) => (e as { url?: unknown } | null)?.url).filter((u): u is string => typeof u === 'string' && u !== '');
}
