/**
 * The GridSight server for a browser test file: in this process on the embedded engine, serving the build, with the
 * bundled dataset as version 1 and one account per role asked for (password SERVER_PASSWORD, display name
 * "<role>-显示名", the grid worker bound to grid …001); one Chromium; pages opened through `loginAs`. Registers the
 * `beforeAll` that starts them and the `afterAll` that closes the pages, the browser, the server and the database.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildServer } from '../../src/server/app';
import { createUser } from '../../src/server/auth';
import { openDb, type Db } from '../../src/server/db';
import { importFolder } from '../../src/server/datasets';
import { migrate, type Role } from '../../src/server/migrations';
import { DIST, launchBrowser, openPage, ROOT, type TrackedPage } from './harness';

export const BUNDLED = path.join(ROOT, 'data/zhihuiwan');
export const SERVER_PASSWORD = 'browser-test-password';

export interface AppServer {
  readonly db: Db;
  readonly app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  readonly browser: Browser;
  /** A new page at `route`, logged in as `role` through the login form. */
  loginAs(role: string, route?: string): Promise<TrackedPage>;
  /** A session cookie for `who`, for API calls through `app.inject` (not the browser). */
  cookie(who: string): Promise<string>;
}

export function useAppServer(roles: readonly Role[]): AppServer {
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  let base = '';
  let browser: Browser | undefined;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    db = await openDb({ dir: 'memory://' });
    await migrate(db);
    await importFolder(db, BUNDLED, 'test');
    await db.tx(async (q) => {
      for (const role of roles) {
        const gridCodes = role === 'grid-worker' ? ['330424002012001'] : [];
        await createUser(q, { username: role, displayName: `${role}-显示名`, role, password: SERVER_PASSWORD, gridCodes });
      }
    });
    ({ app } = await buildServer({ db, distDir: DIST }));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useAppServer: the ${what} is not started yet (use it in a test)`);
    return v;
  };
  const server: AppServer = {
    get db() {
      return started(db, 'database');
    },
    get app() {
      return started(app, 'server');
    },
    get base() {
      return started(base || undefined, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async loginAs(role, route = '#/') {
      const tracked = await openPage(server.browser, { viewport: { width: 1600, height: 1000 } });
      pages.push(tracked);
      const { page } = tracked;
      await page.goto(`${server.base}/${route}`);
      await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
      await page.getByTestId('login-username').fill(role);
      await page.getByTestId('login-password').fill(SERVER_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-form').waitFor({ state: 'detached', timeout: 30_000 });
      return tracked;
    },
    async cookie(who) {
      const res = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username: who, password: SERVER_PASSWORD } });
      expect(res.statusCode).toBe(200);
      return String(res.headers['set-cookie']).split(';')[0];
    },
  };
  return server;
}
