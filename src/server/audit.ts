/**
 * The audit log: one row per write, in the write's own transaction (a rolled-back write leaves no row, a committed
 * one always has its row). The table refuses UPDATE, DELETE and TRUNCATE (migration 1).
 */
import { isoTime, type Queryable } from './db';

/** @example await audit(q, 'wang', 'incident.accept', 'incident SJ0000001', before, after) */
export async function audit(q: Queryable, actor: string, action: string, target: string, before: unknown, after: unknown): Promise<void> {
  await q.query('INSERT INTO audit_log (actor, action, target, before, after) VALUES ($1, $2, $3, $4, $5)', [
    actor,
    action,
    target,
    before === undefined || before === null ? null : JSON.stringify(before),
    after === undefined || after === null ? null : JSON.stringify(after),
  ]);
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Newest first; `before` pages back (entries with a smaller id). */
export async function auditEntries(q: Queryable, limit: number, before?: number): Promise<AuditEntry[]> {
  const r = before
    ? await q.query('SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2', [before, limit])
    : await q.query('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit]);
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? null));
  return r.rows.map((row) => ({
    id: Number(row.id),
    at: isoTime(row.at),
    actor: String(row.actor),
    action: String(row.action),
    target: String(row.target),
    before: json(row.before),
    after: json(row.after),
  }));
}
