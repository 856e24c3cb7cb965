/**
 * Accounts and sessions. A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the table
 * keeps only its SHA-256, with an expiry. Logins are limited per name and address (five failures in 15 minutes),
 * in the database, so the limit holds across restarts and across several server processes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isoTime, type Queryable } from './db';
import { ROLES, type Role } from './migrations';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'gs_session';
/** A working day and some: a wall display logs in again each morning. */
export const SESSION_HOURS = 12;
export const LOGIN_WINDOW_MINUTES = 15;
export const LOGIN_MAX_FAILURES = 5;

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  gridCodes: string[];
  disabled: boolean;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function userRow(r: Record<string, unknown>): User {
  return {
    id: Number(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as Role,
    gridCodes: (r.grid_codes as string[]) ?? [],
    disabled: Boolean(r.disabled),
  };
}

/** What the API shows of a user: never the hash. */
export const publicUser = (u: User) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, gridCodes: u.gridCodes, disabled: u.disabled });

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;
const GRID_CODE = /^\d{15}$/;

/** The one-line problem with an account's fields, or null. */
export function accountProblem(a: { username?: unknown; displayName?: unknown; role?: unknown; gridCodes?: unknown }): string | null {
  if (a.username !== undefined && (typeof a.username !== 'string' || !USERNAME.test(a.username))) {
    return 'username must be 2–40 letters, digits, dots, dashes or underscores, starting with a letter or digit';
  }
  if (a.displayName !== undefined && (typeof a.displayName !== 'string' || !a.displayName.trim() || a.displayName.length > 60)) {
    return 'displayName must be 1–60 characters';
  }
  if (a.role !== undefined && !(ROLES as readonly unknown[]).includes(a.role)) return `role must be one of ${ROLES.join(', ')}`;
  if (a.gridCodes !== undefined && (!Array.isArray(a.gridCodes) || !a.gridCodes.every((c) => typeof c === 'string' && GRID_CODE.test(c)))) {
    return 'gridCodes must be a list of 15-digit grid codes';
  }
  return null;
}

/** Creates an account (inside the caller's transaction). Throws with a one-line reason on bad fields. */
export async function createUser(
  q: Queryable,
  a: { username: string; displayName: string; role: Role; gridCodes?: string[]; password: string },
): Promise<User> {
  const problem = accountProblem(a) ?? passwordProblem(a.password);
  if (problem) throw new RangeError(problem);
  if (a.role === 'grid-worker' && !a.gridCodes?.length) throw new RangeError('a grid-worker account needs at least one grid code');
  const r = await q.query(
    'INSERT INTO users (username, display_name, role, grid_codes, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING *',
    [a.username, a.displayName.trim(), a.role, a.gridCodes ?? [], await hashPassword(a.password)],
  );
  if (!r.rows[0]) throw new RangeError(`username ${a.username} is taken`);
  return userRow(r.rows[0]);
}

export async function userCount(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0].n);
}

/**
 * A hash of a password nobody has, checked when the name is unknown, so a wrong name takes as long as a wrong
 * password and the timing does not tell which names exist.
 */
let decoy: Promise<string> | undefined;

export type LoginResult = { ok: true; user: User; token: string } | { ok: false; status: 401 | 429; error: string; retryAfter?: number };

/**
 * Checks a name and password; on success opens a session and returns its token (for the cookie).
 * @example const r = await login(db, 'wang', 'secret password', '127.0.0.1')
 */
export async function login(q: Queryable, username: string, password: string, address: string, now = Date.now()): Promise<LoginResult> {
  const key = `${username.toLowerCase()}|${address}`;
  const since = new Date(now - LOGIN_WINDOW_MINUTES * 60_000).toISOString();
  const recent = await q.query<{ n: string; first: unknown }>('SELECT count(*) AS n, min(at) AS first FROM login_failures WHERE key = $1 AND at > $2', [key, since]);
  if (Number(recent.rows[0].n) >= LOGIN_MAX_FAILURES) {
    const first = Date.parse(isoTime(recent.rows[0].first));
    const retryAfter = Math.max(1, Math.ceil((first + LOGIN_WINDOW_MINUTES * 60_000 - now) / 1000));
    return { ok: false, status: 429, error: `too many failed logins for ${username} from this address; try again in ${Math.ceil(retryAfter / 60)} min`, retryAfter };
  }
  const r = await q.query('SELECT * FROM users WHERE username = $1', [username]);
  const row = r.rows[0];
  const hash = row ? String(row.password_hash) : await (decoy ??= hashPassword(randomBytes(16).toString('hex')));
  const good = (await verifyPassword(password, hash)) && !!row && !row.disabled;
  if (!good) {
    await q.query('INSERT INTO login_failures (key, at) VALUES ($1, $2)', [key, new Date(now).toISOString()]);
    // Old failures are no longer evidence: keep the table small.
    await q.query('DELETE FROM login_failures WHERE at < $1', [since]);
    return { ok: false, status: 401, error: 'wrong username or password' };
  }
  await q.query('DELETE FROM login_failures WHERE key = $1', [key]);
  const token = randomBytes(32).toString('base64url');
  await q.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    tokenHash(token),
    row.id,
    new Date(now + SESSION_HOURS * 3_600_000).toISOString(),
  ]);
  return { ok: true, user: userRow(row), token };
}

/** The user of a session token, or null when it is unknown, expired, or the account disabled. */
export async function sessionUser(q: Queryable, token: string | undefined, now = Date.now()): Promise<User | null> {
  if (!token || token.length > 100) return null;
  const r = await q.query('SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled', [
    tokenHash(token),
    new Date(now).toISOString(),
  ]);
  return r.rows[0] ? userRow(r.rows[0]) : null;
}

export async function logout(q: Queryable, token: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}
