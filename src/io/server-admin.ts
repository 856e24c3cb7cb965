/**
 * The administrator's API (docs/server-api.md, "Administration"): accounts and the audit log. Everything read here
 * is data typed by people (names, targets, the before and after of a change) and is shown as text only.
 */
import type { AccountRole } from '../domain/access';
import { apiJson } from './server-http';
import { parseUser, type User } from './server-session';

export const USERS_URL = './api/users';
export const AUDIT_URL = './api/audit';

/** An account as the administrator sees it. */
export interface Account extends User {
  disabled: boolean;
}

/** A new account (POST /api/users). */
export interface NewAccount {
  username: string;
  displayName: string;
  role: AccountRole;
  gridCodes: string[];
  password: string;
}

/** A change to an account (PATCH /api/users/<id>); fields left out stay as they are. */
export type AccountChange = Partial<Pick<Account, 'displayName' | 'role' | 'gridCodes' | 'disabled'>> & {
  password?: string;
};

/** One line of the audit log, newest first. `before` and `after` are whatever the change was (JSON). */
export interface AuditEntry {
  id: number | string;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

function parseAccount(value: unknown): Account | null {
  const user = parseUser(value);
  return user ? { ...user, disabled: (value as { disabled?: unknown }).disabled === true } : null;
}

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);

export async function listAccounts(fetchFn: typeof fetch): Promise<Account[]> {
  const list = await apiJson<unknown>(fetchFn, USERS_URL);
  const users = Array.isArray(list) ? list : ((list as { users?: unknown } | null)?.users ?? []);
  return (Array.isArray(users) ? users : []).map(parseAccount).filter((a): a is Account => a !== null);
}

function accountOf(answer: unknown): Account {
  const account = parseAccount((answer as { user?: unknown } | null)?.user ?? answer);
  if (!account) throw new Error('the server answered without the account');
  return account;
}

export async function createAccount(fetchFn: typeof fetch, account: NewAccount): Promise<Account> {
  return accountOf(await apiJson(fetchFn, USERS_URL, { method: 'POST', body: account }));
}

export async function updateAccount(
  fetchFn: typeof fetch,
  id: number,
  change: AccountChange,
): Promise<Account> {
  return accountOf(
    await apiJson(fetchFn, `${USERS_URL}/${encodeURIComponent(String(id))}`, {
      method: 'PATCH',
      body: change,
    }),
  );
}

/** The audit log, newest first: `limit` entries before entry `before` (the last one shown) when given. */
export async function listAudit(
  fetchFn: typeof fetch,
  options: { limit?: number; before?: number | string } = {},
): Promise<AuditEntry[]> {
  const query = new URLSearchParams();
  if (options.limit) query.set('limit', String(options.limit));
  if (options.before !== undefined) query.set('before', String(options.before));
  const q = query.toString();
  const list = await apiJson<unknown>(fetchFn, q ? `${AUDIT_URL}?${q}` : AUDIT_URL);
  return (Array.isArray(list) ? list : []).map((e: Record<string, unknown>) => ({
    id: typeof e?.id === 'number' ? e.id : text(e?.id),
    at: text(e?.at),
    actor: text(e?.actor),
    action: text(e?.action),
    target: text(e?.target),
    before: e?.before ?? null,
    after: e?.after ?? null,
  }));
}

/**
 * Grid codes typed in one field: split on commas (ASCII or Chinese), semicolons and spaces; empty parts and repeats
 * dropped.
 * @example parseGridCodes('330424002201001，330424002201002 ') // ['330424002201001', '330424002201002']
 */
export function parseGridCodes(input: string): string[] {
  return [...new Set(input.split(/[\s,，;；、]+/).filter(Boolean))];
}

/** Longest JSON text shown for one side of a change. */
const MAX_JSON = 160;

/**
 * A value as short JSON text for one table cell ('—' for none).
 * @example compactJson({ disabled: true }) // '{"disabled":true}'
 */
export function compactJson(value: unknown, max: number = MAX_JSON): string {
  if (value === null || value === undefined) return '—';
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > max ? `${json.slice(0, max)}…` : json;
}
