/**
 * A dataset served over HTTP (the bundled folder, or `?data=<url>`). Reads dataset.json first so only the files
 * it lists are requested.
 */
import { parseManifest, type DatasetSource } from './dataset';
import { DatasetError } from './errors';

/** Bytes of a file received so far, and its length when the server said it (null when it did not, or compressed it). */
export type ReadProgress = (file: string, received: number, total: number | null) => void;

export interface UrlSourceOptions {
  /** Called as the body of a file read as bytes (incidents.bin) arrives, for a progress bar. Default: none. */
  onProgress?: ReadProgress;
}

/**
 * @example const source = urlSource('./data/zhihuiwan/', fetch)
 */
export function urlSource(baseUrl: string, fetchFn: typeof fetch = fetch, options: UrlSourceOptions = {}): DatasetSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const response = async (file: string): Promise<Response> => {
    const url = new URL(file, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href;
    let res: Response;
    try {
      res = await fetchFn(url);
    } catch (e) {
      throw unreachable(file, url, e);
    }
    const problem = responseProblem(file, url, res);
    if (problem) throw problem;
    return res;
  };
  const get = async (file: string): Promise<string> => (await response(file)).text();
  const readBytes = async (file: string): Promise<Uint8Array> => {
    const res = await response(file);
    try {
      return await bodyBytes(res, (received, total) => options.onProgress?.(file, received, total));
    } catch (e) {
      throw new DatasetError(file, `could not be downloaded (${(e as Error)?.message ?? String(e)})`);
    }
  };
  return {
    location: base,
    manifest: async () => parseManifest(await get('dataset.json')),
    read: get,
    readBytes,
  };
}

/**
 * The whole body as bytes, reported as it arrives. With a Content-Length (and no Content-Encoding, whose length
 * counts the compressed bytes) the bytes go straight into one array of that size; else chunks are joined at the end.
 */
async function bodyBytes(res: Response, progress: (received: number, total: number | null) => void): Promise<Uint8Array> {
  const encoded = (res.headers?.get?.('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  const length = Number(res.headers?.get?.('content-length') ?? NaN);
  const total = !encoded && Number.isSafeInteger(length) && length >= 0 ? length : null;
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    progress(bytes.length, bytes.length);
    return bytes;
  }
  const reader = res.body.getReader();
  let out = total === null ? null : new Uint8Array(total);
  const chunks: Uint8Array[] = [];
  let received = 0;
  progress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (out && received + value.length <= out.length) out.set(value, received);
    else {
      // More than the server announced (or no length): keep what came, join at the end.
      if (out) chunks.push(out.subarray(0, received));
      out = null;
      chunks.push(value);
    }
    received += value.length;
    progress(received, total);
  }
  if (out) return received === out.length ? out : out.subarray(0, received);
  const joined = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  return joined;
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
