import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../io/errors';

/**
 * The database behind the server: PostgreSQL, either embedded (PGlite, Postgres compiled to WebAssembly, in a
 * folder: nothing to install) or a real server named by DATABASE_URL (production). Both speak the same SQL, so the
 * server has one set of queries and migrations; this adapter hides only how a query and a transaction are run.
 */

export interface QueryResult<R> {
  rows: R[];
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  affected: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * What this database's immutable rows are worth keeping in memory (a version's files never change once
   * committed): shared by the database and its transactions.
   */
  readonly memo: Map<string, unknown>;
}

export interface Db extends Queryable {
  /** 'pglite' (embedded) or 'postgres' (DATABASE_URL). */
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws (the error is rethrown). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A timestamptz column's value as ISO 8601 (UTC): PGlite gives a Date, node-postgres (as opened here) the text.
 * @example isoTime(row.created_at) // '2026-12-04T23:38:35.000Z'
 */
export function isoTime(v: unknown): string {
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

export interface OpenOptions {
  /** postgres://… for a real PostgreSQL (≥ 15); else the embedded engine. */
  url?: string;
  /** The embedded engine's folder (created when missing); 'memory://' keeps it in memory (tests). */
  dir?: string;
}

/**
 * @example const db = await openDb({ dir: 'data/db' }) // or { url: process.env.DATABASE_URL }
 */
export async function openDb(options: OpenOptions): Promise<Db> {
  return options.url ? openPostgres(options.url) : openPglite(options.dir ?? 'memory://');
}

/**
 * Takes the embedded database's folder for this process: PGlite does not lock it, and two processes writing one
 * folder (a server and `db import`) would damage it (tried: the second opened it without a word). A lock left by a
 * process that no longer runs (killed) is taken over. Returns the function that lets go.
 */
export function lockFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'gridsight.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let held = true;
      const release = () => {
        if (held) rmSync(file, { force: true });
        held = false;
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DatasetError(dir, `is open in another process (pid ${pid}): stop it first; several processes need a PostgreSQL server (DATABASE_URL)`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatasetError(dir, 'could not be locked for this process');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const release = dir.startsWith('memory://') ? () => undefined : lockFolder(dir);
  const pg = await PGlite.create(dir).catch((e: unknown) => {
    release();
    throw e;
  });
  // PGlite runs one statement at a time. Its own queue lets a stream of single queries overtake a waiting
  // transaction (measured: under 200 readers a write waited for the readers to stop), so every query and every
  // transaction here takes one first-come, first-served turn; a transaction's own queries run inside its turn.
  let tail: Promise<unknown> = Promise.resolve();
  const turn = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const memo = new Map<string, unknown>();
  const wrap = (q: { query: typeof pg.query }, queued: boolean): Queryable => ({
    memo,
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const r = queued ? await turn(() => q.query<R>(sql, params as unknown[])) : await q.query<R>(sql, params as unknown[]);
      return { rows: r.rows, affected: r.affectedRows ?? 0 };
    },
  });
  return {
    engine: 'pglite',
    ...wrap(pg, true),
    tx: (fn) => turn(() => pg.transaction((t) => fn(wrap(t, false)))),
    close: () => turn(() => pg.close()).finally(release),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  // Timestamps and bigints come back as text: the server formats times itself (ISO 8601 with the data's offset).
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      [20, 1114, 1184, 1082].includes(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // Fail at start, with the reason, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const memo = new Map<string, unknown>();
  const wrap = (c: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }> }): Queryable => ({
    memo,
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as R[], affected: r.rowCount ?? 0 };
    },
  });
  return {
    engine: 'postgres',
    ...wrap(pool),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
