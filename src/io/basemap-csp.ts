/**
 * Whether the page's Content-Security-Policy lets a base map's tiles in. The policy is written into index.html at
 * build time (src/server/csp.mjs, GS_TILE_ORIGINS), so a tile origin config.json names later may be refused: the
 * app asks here first and shows the offline base map with a notice instead of firing requests the browser blocks.
 * MapLibre reads raster tiles with fetch() (connect-src) and decodes them as images (img-src): both must allow.
 * Pure; a simplified CSP 3 source matcher (schemes, hosts with `*.` wildcards and ports, paths as prefixes).
 */

/** The sources of `directive` in `policy`, falling back to default-src; null when neither is there (allowed). */
export function cspSources(policy: string, directive: string): string[] | null {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // The first occurrence of a directive wins (CSP 3, 2.2.1).
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives.get(directive) ?? directives.get('default-src') ?? null;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/** Whether one source expression matches `url` on a page of origin `self` (CSP 3, 6.7.2.6–9, simplified). */
function sourceMatches(source: string, url: URL, self: URL): boolean {
  const s = source.toLowerCase();
  if (s === "'self'") {
    // 'self' also lets an http page's https of the same host in (CSP 3, 6.7.2.8).
    return (
      url.host === self.host &&
      (url.protocol === self.protocol || (self.protocol === 'http:' && url.protocol === 'https:'))
    );
  }
  if (s.startsWith("'")) return false;
  if (s === '*')
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === self.protocol;
  const scheme = /^([a-z][a-z0-9+.-]*):$/.exec(s);
  if (scheme) return url.protocol === s || (s === 'http:' && url.protocol === 'https:');
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9.-]+)(?::(\d+|\*))?(\/.*)?$/.exec(s);
  if (!m) return false;
  const [, srcScheme, host, port, path] = m;
  if (srcScheme) {
    const upgraded = srcScheme === 'http' && url.protocol === 'https:';
    if (url.protocol !== `${srcScheme}:` && !upgraded) return false;
  } else if (url.protocol !== self.protocol && !(self.protocol === 'http:' && url.protocol === 'https:')) {
    return false;
  }
  const hostname = url.hostname.toLowerCase();
  if (host.startsWith('*.')) {
    if (!hostname.endsWith(host.slice(1))) return false;
  } else if (host !== '*' && hostname !== host) return false;
  // No port in the source: the scheme's default only (URL drops it, so url.port is '').
  const effective = url.port || DEFAULT_PORTS[url.protocol] || '';
  if (port === undefined ? url.port !== '' : port !== '*' && port !== effective) return false;
  if (path && path !== '/') {
    const p = decodeURIComponent(url.pathname);
    return path.endsWith('/') ? p.startsWith(path) : p === path;
  }
  return true;
}

/**
 * Whether `policy` lets the page at `pageUrl` fetch and show `url` (connect-src and img-src both).
 * @example cspAllows("default-src 'self'", 'https://t0.tianditu.gov.cn/x', 'https://gs.example/') === false
 */
export function cspAllows(policy: string, url: string, pageUrl: string): boolean {
  let target: URL;
  let self: URL;
  try {
    target = new URL(url, pageUrl);
    self = new URL(pageUrl);
  } catch {
    return false;
  }
  return ['connect-src', 'img-src'].every((d) => {
    const sources = cspSources(policy, d);
    return sources === null || sources.some((s) => sourceMatches(s, target, self));
  });
}

/**
 * The origins among `origins` that `policy` refuses (in their order); an empty list when all may be read.
 * @example refusedOrigins("connect-src 'self'; img-src 'self'", ['https://a.example'], 'https://gs.example/') // ['https://a.example']
 */
export function refusedOrigins(policy: string, origins: readonly string[], pageUrl: string): string[] {
  return origins.filter((o) => !cspAllows(policy, `${o}/`, pageUrl));
}
