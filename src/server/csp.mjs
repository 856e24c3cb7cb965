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

/**
 * The policy as one header or meta value.
 * @param {{ dev?: boolean, meta?: boolean }} [options] dev: the Vite dev server's HMR web socket is allowed
 *   (connect-src ws: wss:); meta: without the directives a <meta> tag cannot carry.
 * @returns {string}
 * @example contentSecurityPolicy() // "default-src 'self'; script-src 'self'; … frame-ancestors 'none'"
 */
export function contentSecurityPolicy(options = {}) {
  const directives = { ...BASE, ...(options.meta ? {} : HEADER_ONLY) };
  if (options.dev) directives['connect-src'] = [...directives['connect-src'], 'ws:', 'wss:'];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The header name, so nobody types it differently. */
export const CSP_HEADER = 'Content-Security-Policy';
