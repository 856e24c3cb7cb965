/**
 * Re-reading a dataset folder over HTTP cheaply (the wall screen re-reads it every N seconds for days). Each file's
 * validators (ETag, Last-Modified) from the last good read are sent back as If-None-Match / If-Modified-Since: a 304
 * means "unchanged", nothing is downloaded or parsed. A server that sends no validator still costs the download, but a
 * hash of the bytes equal to the last one also means "unchanged", so nothing is parsed or recomputed.
 *
 * Validators are only remembered once the caller `commit`s a read: a file that changed but failed to parse must be
 * fetched (and fail) again next time, not be answered 304 and silently keep the old data.
 */
import { responseProblem, unreachable } from './url-source';

/** What is remembered of one file's last good read. */
export interface FileValidators {
  etag: string | null;
  lastModified: string | null;
  /** Hash of the bytes (hashBytes), for servers without validators. */
  hash: string;
}

export type ConditionalRead =
  | { file: string; changed: false }
  /** `text` is the bytes decoded as UTF-8 (on first use: a binary file such as incidents.bin is read as `bytes`). */
  | { file: string; changed: true; text: string; bytes: Uint8Array; validators: FileValidators };

/**
 * FNV-1a (32-bit) of the bytes, with the length: fast (no crypto.subtle, which plain-HTTP intranet pages lack) and
 * plenty to tell one version of a file from the next.
 * @example hashBytes(new TextEncoder().encode('abc')) // '1a47e90b:3'
 */
export function hashBytes(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}:${bytes.length}`;
}

export interface ConditionalSourceOptions {
  /** Default: the global fetch. */
  fetchFn?: typeof fetch;
  /** Resolves a relative base URL (a worker must be told the page's URL). Default: location.href. */
  pageUrl?: string;
}

/**
 * @example const src = conditionalSource('./data/zhihuiwan/'); const r = await src.read('grids.geojson'); if (r.changed) src.commit(r)
 */
export function conditionalSource(baseUrl: string, options: ConditionalSourceOptions = {}) {
  const fetchFn = options.fetchFn ?? fetch;
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, options.pageUrl ?? globalThis.location?.href);
  const known = new Map<string, FileValidators>();
  const decoder = new TextDecoder();

  async function read(file: string): Promise<ConditionalRead> {
    const url = new URL(file, base).href;
    const last = known.get(file);
    const headers: Record<string, string> = {};
    if (last?.etag) headers['If-None-Match'] = last.etag;
    if (last?.lastModified) headers['If-Modified-Since'] = last.lastModified;
    let res: Response;
    try {
      // no-store: the browser cache must neither answer for the server nor turn our own 304 into a 200.
      res = await fetchFn(url, { headers, cache: 'no-store' });
    } catch (e) {
      throw unreachable(file, url, e);
    }
    if (res.status === 304 && last) return { file, changed: false };
    const problem = responseProblem(file, url, res);
    if (problem) throw problem;
    const bytes = new Uint8Array(await res.arrayBuffer());
    const hash = hashBytes(bytes);
    const validators: FileValidators = {
      etag: res.headers.get('ETag'),
      lastModified: res.headers.get('Last-Modified'),
      hash,
    };
    if (last && last.hash === hash) {
      // Same bytes: keep the newer validators so the next request can be a cheap 304.
      known.set(file, validators);
      return { file, changed: false };
    }
    let text: string | undefined;
    return {
      file,
      changed: true,
      bytes,
      validators,
      get text() {
        return (text ??= decoder.decode(bytes));
      },
    };
  }

  return {
    location: base.href,
    read,
    /** Remembers a read as the last good version of its file. */
    commit(r: ConditionalRead): void {
      if (r.changed) known.set(r.file, r.validators);
    },
    /** Forgets a file (it left the manifest), so it is read in full if it comes back. */
    forget(file: string): void {
      known.delete(file);
    },
    /** Whether a good read of `file` has been committed. */
    has(file: string): boolean {
      return known.has(file);
    },
  };
}

export type ConditionalSource = ReturnType<typeof conditionalSource>;
