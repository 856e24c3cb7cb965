/**
 * The server under test, in process (Fastify's inject: no port), on each engine: PGlite in memory always, and a
 * real PostgreSQL when GS_TEST_DATABASE_URL names one (npm test starts Debian's postgresql for it). Each call of
 * `testDb` gets an empty database of its own.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../../src/server/app';
import { createUser } from '../../../src/server/auth';
import { openDb, type Db } from '../../../src/server/db';
import { importFolder } from '../../../src/server/datasets';
import { migrate, type Role } from '../../../src/server/migrations';
import type { ChangeBus } from '../../../src/server/events';
import type { PlanOp } from '../../../src/domain/plan/types';
import { PlanSession } from '../../../src/geo/plan/session';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { datasetFingerprint } from '../../../src/io/plan/fingerprint';
import { makeProposal, writeProposal } from '../../../src/io/plan/proposal';

export const PG_URL = process.env.GS_TEST_DATABASE_URL || '';
/** The engines the server tests run on; PostgreSQL's are skipped (and counted as skipped) without a URL. */
export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];
/** `describe` for an engine: skipped for PostgreSQL when npm test could not start one (it says why). */
export const describeEngine = (engine: Engine) => describe.skipIf(engine === 'postgres' && !PG_URL);
export const BUNDLED = 'data/zhihuiwan';
export const PASSWORD = 'test-password-123';

/** A URL to a new, empty database on the PostgreSQL server of GS_TEST_DATABASE_URL, and how to drop it. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `gs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function testDb(engine: 'pglite' | 'postgres'): Promise<{ db: Db; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openDb({ dir: 'memory://' });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const fresh = await freshPostgres();
  const db = await openDb({ url: fresh.url });
  await migrate(db);
  return {
    db,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

/** One account per role (grid-worker bound to grid …001), all with PASSWORD; usernames are the roles' names. */
export const GRID_OF_WORKER = '330424002012001';
export async function seedAccounts(db: Db): Promise<void> {
  const roles: Role[] = ['admin', 'leader', 'analyst', 'planner', 'reviewer', 'grid-worker', 'wall'];
  await db.tx(async (q) => {
    for (const role of roles) {
      await createUser(q, { username: role, displayName: `${role} 测试`, role, password: PASSWORD, gridCodes: role === 'grid-worker' ? [GRID_OF_WORKER] : [] });
    }
    await createUser(q, { username: 'reviewer2', displayName: '第二审核', role: 'reviewer', password: PASSWORD });
    await createUser(q, { username: 'planner2', displayName: '第二规划', role: 'planner', password: PASSWORD });
  });
}

export interface TestServer {
  db: Db;
  app: FastifyInstance;
  bus: ChangeBus;
  /** Session cookies by username (logged in once). */
  cookie(username: string): Promise<string>;
  close(): Promise<void>;
}

/** A server on a database holding the bundled dataset as version 1 and the accounts of seedAccounts. */
export async function testServer(engine: 'pglite' | 'postgres'): Promise<TestServer> {
  const { db, close } = await testDb(engine);
  await importFolder(db, BUNDLED, 'test');
  await seedAccounts(db);
  const { app, bus } = await buildServer({ db });
  const cookies = new Map<string, string>();
  return {
    db,
    app,
    bus,
    async cookie(username) {
      let c = cookies.get(username);
      if (!c) {
        const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
        if (r.statusCode !== 200) throw new Error(`login as ${username}: ${r.statusCode} ${r.body}`);
        c = sessionCookie(r);
        cookies.set(username, c);
      }
      return c;
    },
    async close() {
      await app.close();
      await close();
    },
  };
}

/** `gs_session=…` from a login answer. */
export function sessionCookie(r: LightMyRequestResponse): string {
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  const c = set.find((s) => s.startsWith('gs_session='));
  if (!c) throw new Error('no session cookie');
  return c.split(';')[0];
}

export async function auditCount(db: Db): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM audit_log')).rows[0].n);
}

export const EFFECTIVE = '2026-12-01';

/** A proposal zip made as the app makes it: the plan engine on the bundled dataset, then makeProposal. */
export async function proposalZip(id: string, ops: PlanOp[]): Promise<Uint8Array> {
  const dataset = await loadDataset(folderSource(BUNDLED));
  const session = new PlanSession(dataset, { now: Date.parse('2026-11-21T09:00:00+08:00'), effective: EFFECTIVE });
  const log = ops.map((op) => session.apply(op, { who: '规划员', at: '2026-11-21T09:00:00+08:00' }));
  const status = session.status();
  const p = makeProposal({
    id,
    title: `提案 ${id}`,
    author: '规划员',
    reason: '企业数不足 <img src=x onerror=alert(1)>',
    createdAt: '2026-11-21T09:05:00+08:00',
    effective: EFFECTIVE,
    base: { name: '智汇湾工业社区', fingerprint: await datasetFingerprint(dataset) },
    log,
    changes: status.changes,
    validation: { errors: status.errors, warnings: status.warnings, findings: status.findings },
    dataset: session.dataset(EFFECTIVE),
    baseUnits: { grids: dataset.grids!, microGrids: dataset.microGrids! },
  });
  return writeProposal(p);
}
