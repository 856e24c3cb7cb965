// The app's Content-Security-Policy, in one place: the build writes it into index.html as a <meta> tag, and the dev
// server, `vite preview` and the browser tests' static server send it as a header. Deployments send the header too
// (README, "Security"). Plain JavaScript so that vite.config.ts and the plain-Node test server can both import it.

/**
 * Directive → sources. Why each one is what it is:
 * - script-src 'self': only our bundled modules; no inline script, no eval (Vue's runtime build and vue-i18n's
 *   JIT message compiler need none). Inline event handlers (`<img onerror>`) are blocked too.
 * - worker-src 'self': our workers and MapLibre's, which main.ts gives a same-origin URL (setWorkerUrl), so
 *   MapLibre starts it directly instead of from a blob: wrapper.
 * - style-src 'unsafe-inline': ECharts' tooltip is HTML with style="…" attributes, and the dev server injects
 *   <style> tags. Styles cannot run script; the text they sit beside is escaped (src/io/escape-html.ts).
 * - img-src data: blob:: the empty favicon (`data:,`) and images MapLibre decodes from blobs.
 * - connect-src 'self': datasets and config.json come from our own origin (src/io/dataset-url-policy.ts). A
 *   deployment that lists a dataset on another origin in config.json adds that origin here.
 * - Tile origins (GS_TILE_ORIGINS, below) join img-src and connect-src: MapLibre fetches raster tiles with fetch()
 *   and decodes them as images. Unset, the policy is exactly the one above and the page reads nothing from
 *   anywhere but its own origin; a base map served under a path of that origin (a reverse proxy) needs nothing.
 * - frame-ancestors 'none': no other site may frame the dashboard (clickjacking). A <meta> tag cannot carry it
 *   (browsers ignore it there, with a console error), so it is in the header only.
 */
const BASE = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Directives that only work in a header (CSP 3, section 6.1: not in <meta>). */
const HEADER_ONLY = {
  'frame-ancestors': ["'none'"],
};

/** 天地图's Web-Mercator tile hosts, which `tianditu` in GS_TILE_ORIGINS stands for. */
export const TIANDITU_ORIGINS = Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn`);

/** The environment variable that lists extra tile origins, read by the build (meta tag) and by servers at start. */
export const TILE_ORIGINS_ENV = 'GS_TILE_ORIGINS';

/**
 * Extra tile origins from a GS_TILE_ORIGINS value: origins (`https://tiles.example.gov.cn`, `http://10.1.2.3:8080`)
 * and the word `tianditu` (天地图's t0 … t7), separated by spaces or commas. Only scheme, host and port: a path, a
 * wildcard or a quote would widen or break the policy, so anything else throws, naming the part.
 * @param {string | undefined} value
 * @returns {string[]}
 * @example parseTileOrigins('tianditu, https://tiles.example.gov.cn') // ['https://t0.tianditu.gov.cn', …, 'https://tiles.example.gov.cn']
 */
export function parseTileOrigins(value) {
  const origins = [];
  for (const part of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (part.toLowerCase() === 'tianditu') {
      origins.push(...TIANDITU_ORIGINS);
      continue;
    }
    const m = /^(https?):\/\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?\/?$/i.exec(part);
    if (!m || (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535))) {
      throw new Error(`${TILE_ORIGINS_ENV}: "${part}" is not an origin (http(s)://host[:port], or the word tianditu)`);
    }
    origins.push(`${m[1].toLowerCase()}://${m[2].toLowerCase()}${m[3] ? `:${Number(m[3])}` : ''}`);
  }
  return [...new Set(origins)];
}

/**
 * GS_TILE_ORIGINS of `env` (default: this process's environment; none where there is no `process`).
 * @param {Record<string, string | undefined>} [env]
 * @returns {string[]}
 */
export function tileOriginsFromEnv(env = globalThis.process?.env ?? {}) {
  return parseTileOrigins(env[TILE_ORIGINS_ENV]);
}

/**
 * The policy as one header or meta value.
 * @param {{ dev?: boolean, meta?: boolean, tileOrigins?: string[] }} [options] dev: the Vite dev server's HMR web
 *   socket is allowed (connect-src ws: wss:); meta: without the directives a <meta> tag cannot carry; tileOrigins:
 *   origins base-map tiles may come from (default: GS_TILE_ORIGINS of the environment, tileOriginsFromEnv).
 * @returns {string}
 * @example contentSecurityPolicy() // "default-src 'self'; script-src 'self'; … frame-ancestors 'none'"
 */
export function contentSecurityPolicy(options = {}) {
  const directives = { ...BASE, ...(options.meta ? {} : HEADER_ONLY) };
  const tiles = options.tileOrigins ?? tileOriginsFromEnv();
  if (tiles.length) {
    directives['img-src'] = [...directives['img-src'], ...tiles];
    directives['connect-src'] = [...directives['connect-src'], ...tiles];
  }
  if (options.dev) directives['connect-src'] = [...directives['connect-src'], 'ws:', 'wss:'];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The header name, so nobody types it differently. */
export const CSP_HEADER = 'Content-Security-Policy';
