// A tiny static file server for the browser tests and the browser benchmark.
// Plain JavaScript so that both Vitest (tests/e2e/*.ts) and plain Node (tests/bench/*.mjs) can use it.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CSP_HEADER, contentSecurityPolicy } from '../../src/server/csp.mjs';

/** Content types by extension; anything else is served as application/octet-stream. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves folders on 127.0.0.1 at a random free port.
 * `mounts` maps a URL prefix to a folder, e.g. `{ '/': 'dist', '/extra/': '/tmp/datasets' }`;
 * the longest matching prefix wins. Missing files are 404, folders serve their index.html.
 * Every response says `Cache-Control: no-store` so that repeated page loads measure the same work. Files carry an
 * ETag and Last-Modified; If-None-Match / If-Modified-Since that match get a 304 with no body. Every response carries
 * the app's Content-Security-Policy (src/server/csp.mjs), as a deployment sends it, so the tests run under it.
 * `options.files` maps exact URL paths to files served in their place (a test's own config.json over the build's).
 */
export async function startStaticServer(mounts, options = {}) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : prefix + '/', path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const files = new Map(Object.entries(options.files ?? {}).map(([p, f]) => [p, path.resolve(f)]));

  const csp = contentSecurityPolicy();
  const server = createServer((req, res) => {
    res.setHeader(CSP_HEADER, csp);
    void handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  });

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const mount = table.find(([prefix]) => pathname.startsWith(prefix) || pathname + '/' === prefix);
    if (!mount && !files.has(pathname)) return notFound(res);
    let file = files.get(pathname);
    if (!file) {
      const [prefix, root] = mount;
      file = path.join(root, pathname.slice(prefix.length));
      // No escaping the mounted folder with "..".
      if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
    }
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return notFound(res);
    const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Validators for conditional requests (the wall screen re-reads its dataset this way): a 304 when the client
    // already holds this version. no-store stays, so the browser never answers from its own cache.
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const lastModified = info.mtime.toUTCString();
    if (notModified(req, etag, info.mtimeMs)) {
      res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified, 'Cache-Control': 'no-store' }).end();
      return;
    }
    // One byte range (RFC 9110 14), as every common web server answers it: the maps read basemap.pmtiles a tile
    // at a time this way.
    const range = byteRange(req.headers.range, info.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${info.size}`, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-store', 'Accept-Ranges': 'bytes', ETag: etag, 'Last-Modified': lastModified };
    if (range) {
      res.writeHead(206, { ...headers, 'Content-Length': range.end - range.start + 1, 'Content-Range': `bytes ${range.start}-${range.end}/${info.size}` });
    } else res.writeHead(200, { ...headers, 'Content-Length': info.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file, range ?? {}).pipe(res);
  }

  /** A `Range: bytes=…` header's one range as inclusive offsets; null: none (or several: the whole file). */
  function byteRange(header, size) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
    if (!m || (m[1] === '' && m[2] === '')) return null;
    let start;
    let end;
    if (m[1] === '') {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    return start >= size || start > end ? 'unsatisfiable' : { start, end };
  }

  /** If-None-Match decides when present (RFC 9110 13.2.2); else If-Modified-Since, to the second. */
  function notModified(req, etag, mtimeMs) {
    const match = req.headers['if-none-match'];
    if (match) return match.split(',').some((t) => t.trim() === etag || t.trim() === '*');
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    return Number.isFinite(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
  }

  function notFound(res) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('404 Not Found');
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url: (p = '/') => origin + (p.startsWith('/') ? p : '/' + p),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
