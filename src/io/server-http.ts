/**
 * Talking to the GridSight server's API (docs/server-api.md) through a fetch adapter: every error the server gives is
 * `{ "error": "<one line>" }` with a 4xx/5xx status, turned here into an ApiError the screens show as text. URLs are
 * relative (`./api/...`): the app is built with base './' and may be served below a path.
 */

/** A refused or failed API request: the HTTP status (0: no answer) and the server's one-line reason. */
export class ApiError extends Error {
  readonly status: number;
  /** Seconds the server asks to wait before trying again (429's Retry-After), else null. */
  readonly retryAfter: number | null;

  constructor(message: string, status: number, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** Longest reason kept from a server's answer: it is shown on one line. */
const MAX_REASON = 300;

/** One line of at most MAX_REASON characters: a reason is shown as text, never as a block of the server's page. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON)}…` : line;
}

/**
 * Retry-After in seconds: a number of seconds, or an HTTP date (then counted from `now`); null when absent or unreadable.
 * @example retryAfterSeconds('120') // 120
 */
export function retryAfterSeconds(
  header: string | null | undefined,
  now: number = Date.now(),
): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Whether an answer says it is JSON. */
export function isJsonResponse(res: Response): boolean {
  return /\bjson\b/i.test(res.headers?.get?.('content-type') ?? '');
}

/** The ApiError for a failed answer: its `error` line when it has one, else the status. */
export async function apiErrorOf(res: Response): Promise<ApiError> {
  let reason = '';
  if (isJsonResponse(res)) {
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
    if (typeof body?.error === 'string') reason = oneLine(body.error);
  }
  const retry = res.status === 429 ? retryAfterSeconds(res.headers?.get?.('retry-after')) : null;
  return new ApiError(reason || `HTTP ${res.status}`, res.status, retry);
}

/** fetch, with a failure to get any answer (network down, server gone) as ApiError status 0. */
export async function apiFetch(fetchFn: typeof fetch, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch (e) {
    throw new ApiError(oneLine(e instanceof Error ? e.message : String(e)) || 'no answer', 0);
  }
}

/**
 * A JSON request to the API: the parsed answer of a 2xx, else ApiError. `body`, when given, is sent as JSON.
 * @example const users = await apiJson<User[]>(fetch, './api/users')
 */
export async function apiJson<T>(
  fetchFn: typeof fetch,
  url: string,
  options: { method?: string; body?: unknown } = {},
): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers: { accept: 'application/json' },
    cache: 'no-store',
  };
  if (options.body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(options.body);
  }
  const res = await apiFetch(fetchFn, url, init);
  if (!res.ok) throw await apiErrorOf(res);
  if (res.status === 204) return undefined as T;
  if (!isJsonResponse(res))
    throw new ApiError(`${url} did not answer with JSON (HTTP ${res.status})`, res.status);
  return (await res.json()) as T;
}
