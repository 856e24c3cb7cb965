/**
 * Whether the app is served by the GridSight server (server mode) or as static files (static mode), and the login
 * session (docs/server-api.md, "Session"). Static mode is what the app always was: config.json and the dataset
 * folders read over HTTP, no accounts.
 *
 * Detection asks `./api/session` only when config.json says `"server": true` (or config.json itself needs a login):
 * a static host answers that path with a 404, which the browser would log on every page load.
 */
import { isAccountRole, type AccountRole } from '../domain/access';
import { ApiError, apiErrorOf, apiFetch, isJsonResponse } from './server-http';

export const SESSION_URL = './api/session';
export const CONFIG_URL = './config.json';

/** The account logged in (GET /api/session's `user`). */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole;
  /** The grids a grid worker is bound to (empty for the other roles). */
  gridCodes: string[];
}

export type SessionState = { mode: 'static' } | { mode: 'server'; user: User | null };

/**
 * The user in an answer, or null when it is not one (a role this app does not know counts as not one).
 * @example parseUser({ id: 1, username: 'li', displayName: '李', role: 'admin', gridCodes: [] })?.role // 'admin'
 */
export function parseUser(value: unknown): User | null {
  const u = value as Partial<Record<keyof User, unknown>> | null;
  if (!u || typeof u !== 'object') return null;
  if (typeof u.username !== 'string' || !u.username || !isAccountRole(u.role)) return null;
  const id = typeof u.id === 'number' ? u.id : Number(u.id);
  return {
    id: Number.isFinite(id) ? id : 0,
    username: u.username,
    displayName: typeof u.displayName === 'string' && u.displayName ? u.displayName : u.username,
    role: u.role,
    gridCodes: Array.isArray(u.gridCodes)
      ? u.gridCodes.filter((c): c is string => typeof c === 'string')
      : [],
  };
}

/** Whether config.json is the server's (`"server": true`). */
export function isServerConfig(config: unknown): boolean {
  return (config as { server?: unknown } | null)?.server === true;
}

/**
 * GET /api/session: 200 → server mode with its user; 401 (or another refusal in JSON) → server mode, nobody logged
 * in; 404, a web page (a static host's fallback), no answer → static mode.
 * @example const s = await fetchSession(fetch); if (s.mode === 'server' && !s.user) showLogin()
 */
export async function fetchSession(
  fetchFn: typeof fetch = fetch,
  url: string = SESSION_URL,
): Promise<SessionState> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { mode: 'static' };
  }
  if (!isJsonResponse(res) || res.status === 404 || res.status === 410) return { mode: 'static' };
  if (res.ok) {
    const body = (await res.json().catch(() => null)) as { user?: unknown } | null;
    return { mode: 'server', user: parseUser(body?.user) };
  }
  return res.status >= 400 ? { mode: 'server', user: null } : { mode: 'static' };
}

/**
 * The mode, from config.json then (only for the server's config) GET /api/session, and config.json itself (null
 * when unreadable) for whoever else needs it.
 */
export async function detectSession(
  fetchFn: typeof fetch = fetch,
): Promise<{ config: unknown; session: SessionState }> {
  let config: unknown = null;
  let locked = false;
  try {
    const res = await fetchFn(CONFIG_URL, { cache: 'no-cache' });
    if (res.ok) config = await res.json();
    else locked = res.status === 401;
  } catch {
    // Unreadable config.json: static mode, whose dataset loader falls back to the bundled dataset.
    config = null;
  }
  if (!locked && !isServerConfig(config)) return { config, session: { mode: 'static' } };
  return { config, session: await fetchSession(fetchFn) };
}

/**
 * POST /api/session: the user now logged in. Throws ApiError with the server's one-line reason: status 401 for a
 * wrong name or password, 429 (with `retryAfter` seconds) after too many failures, 0 when the server did not answer.
 * @example const user = await login(fetch, 'li', 'secret')
 */
export async function login(
  fetchFn: typeof fetch,
  username: string,
  password: string,
  url: string = SESSION_URL,
): Promise<User> {
  const res = await apiFetch(fetchFn, url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    cache: 'no-store',
  });
  if (!res.ok) throw await apiErrorOf(res);
  const body = (await res.json().catch(() => null)) as { user?: unknown } | null;
  const user = parseUser(body?.user);
  if (!user) throw new ApiError('the server answered the login without a user', res.status);
  return user;
}

/** DELETE /api/session: ends the session on the server. Throws ApiError when the server refuses or is not there. */
export async function logout(fetchFn: typeof fetch, url: string = SESSION_URL): Promise<void> {
  // An empty JSON object: the server asks writes for a JSON content type (a cross-site form cannot send one), and a
  // JSON content type with no body at all is a malformed request to some servers.
  const res = await apiFetch(fetchFn, url, {
    method: 'DELETE',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: '{}',
    cache: 'no-store',
  });
  // 401: already ended (expired); the user is logged out either way.
  if (!res.ok && res.status !== 401) throw await apiErrorOf(res);
}

/** Whether a data request's failure (ErrorReason of io/errors) is the server's 401: the session has ended. */
export function isUnauthorized(
  reason: { key: string; params?: Record<string, string | number> } | undefined | null,
): boolean {
  return reason?.key === 'http' && Number(reason.params?.status) === 401;
}
