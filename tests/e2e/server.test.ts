/**
 * The app served by the GridSight server (issue 13): a login page first, then each role sees what the rules say and
 * no more (no phone number in the page for leader, wall and analyst; no member name for leader and wall), the admin
 * screen lists accounts and the audit log, and a proposal approved through the API reaches an open wall within
 * seconds (server-sent events). The server runs in this process on the embedded engine, serving the build.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PlanOp } from '../../src/domain/plan/types';
import { proposalZip } from '../unit/server/harness';
import { BUNDLED, useAppServer } from './app-server';
import { assertClean, openPage, screenshot, waitReady } from './harness';

const ROLES = ['admin', 'leader', 'analyst', 'planner', 'reviewer', 'grid-worker', 'wall'] as const;
const members = JSON.parse(readFileSync(path.join(BUNDLED, 'members.json'), 'utf8')) as { name: string; phone?: string }[];
const PHONES = members.map((m) => m.phone).filter((p): p is string => !!p);
const NAMES = [...new Set(members.map((m) => m.name).filter((n) => [...n].length >= 2))];

const server = useAppServer(ROLES);
const loginAs = (role: string, route?: string) => server.loginAs(role, route);

const pageText = (page: Page) => page.evaluate(() => document.documentElement.innerText + document.documentElement.outerHTML);

describe('the app on the server', () => {
  it('shows a login page, says why a wrong password fails, and reads no data before login', async () => {
    const tracked = await openPage(server.browser);
    const { page } = tracked;
    await page.goto(`${server.base}/#/`);
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await page.getByTestId('login-username').fill('analyst');
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 }).toMatch(/\S/);
    expect(tracked.requests.filter((u) => u.includes('/api/data/'))).toEqual([]);
    expect(tracked.requests.filter((u) => u.includes('/data/zhihuiwan/'))).toEqual([]);
    await screenshot(page, 'server-login');
    // The failed login is the server's 401 answer to the form, which the browser logs; nothing else.
    tracked.console.splice(0, tracked.console.length, ...tracked.console.filter((m) => !/401/.test(m.text)));
    assertClean(tracked, server.base);
    await tracked.close();
  }, 90_000);

  for (const role of ['leader', 'analyst', 'planner', 'reviewer', 'grid-worker', 'admin'] as const) {
    it(`${role}: the overview, who is logged in, the screens the role may open, and no personal data it may not see`, async () => {
      const tracked = await loginAs(role);
      const { page } = tracked;
      expect(await waitReady(page)).toMatchObject({ ok: true });
      await expect.poll(() => page.getByTestId('session-user').textContent()).toContain(`${role}-显示名`);
      const nav = await page.locator('nav a').allTextContents();
      const hasPlan = nav.some((t) => /规划|Plan/.test(t));
      expect(hasPlan, nav.join(' | ')).toBe(['admin', 'planner', 'reviewer'].includes(role));
      expect(nav.some((t) => /管理|Admin/.test(t)), nav.join(' | ')).toBe(role === 'admin');
      // Open the roster of the first grid so that whatever names and phones the role gets are on screen.
      const text = await pageText(page);
      if (role !== 'admin') expect(PHONES.filter((p) => text.includes(p))).toEqual([]);
      if (role === 'leader') expect(NAMES.filter((n) => text.includes(n))).toEqual([]);
      // What the browser holds, not only what it shows: members.json as this role got it.
      const served = await page.evaluate(async () => (await fetch('./api/data/current/members.json')).text());
      if (role === 'admin') expect(served).toContain(PHONES[0]);
      else expect(PHONES.filter((p) => served.includes(p))).toEqual([]);
      if (role === 'leader') expect(NAMES.filter((n) => served.includes(n))).toEqual([]);
      await screenshot(page, `server-${role}`);
      assertClean(tracked, server.base);
      await tracked.close();
    }, 120_000);
  }

  it('admin: accounts and the audit log', async () => {
    const tracked = await loginAs('admin', '#/admin');
    const { page } = tracked;
    await page.getByTestId('admin-accounts').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('admin-account').count()).toBe(ROLES.length);
    await expect.poll(() => page.getByTestId('admin-audit-entry').count()).toBeGreaterThan(0);
    const audit = await page.getByTestId('admin-audit').innerText();
    expect(audit).toMatch(/session\.login/);
    await screenshot(page, 'server-admin');
    assertClean(tracked, server.base);
    await tracked.close();
  }, 90_000);

  it('analyst: logging in on #/admin lands on the overview, and #/admin says it is not for this account', async () => {
    const tracked = await loginAs('analyst', '#/admin');
    expect(await waitReady(tracked.page)).toMatchObject({ ok: true });
    expect(new URL(tracked.page.url()).hash).toBe('#/');
    await tracked.page.evaluate(() => (window.location.hash = '#/admin'));
    await tracked.page.getByTestId('no-access').waitFor({ timeout: 30_000 });
    await screenshot(tracked.page, 'server-analyst-admin');
    expect((await tracked.page.evaluate(async () => (await fetch('./api/audit')).status))).toBe(403);
    tracked.console.splice(0, tracked.console.length, ...tracked.console.filter((m) => !/403/.test(m.text)));
    assertClean(tracked, server.base);
    await tracked.close();
  }, 90_000);

  it('wall: no names or phones, and an approved proposal reaches it within seconds', async () => {
    const tracked = await loginAs('wall', '#/wall');
    const { page } = tracked;
    expect(await waitReady(page)).toMatchObject({ ok: true });
    const grids = () => page.locator('[data-testid="wall-kpi"][data-kpi="grids"]').getAttribute('data-value');
    await expect.poll(grids, { timeout: 30_000 }).toBe('11');
    const text = await pageText(page);
    expect(PHONES.filter((p) => text.includes(p))).toEqual([]);
    expect(NAMES.filter((n) => text.includes(n))).toEqual([]);

    // A planner proposes a merge of two grids; a reviewer approves it (through the API, as their screens do), in
    // force from a date before the data's asOf, so that the wall's grid count changes.
    const zip = await proposalZip('p-wall', [{ op: 'merge', grids: ['330424002012001', '330424002012004'] } as PlanOp]);
    const cookie = (who: string) => server.cookie(who);
    const sub = await server.app.inject({ method: 'POST', url: '/api/proposals', payload: Buffer.from(zip), headers: { 'content-type': 'application/zip', cookie: await cookie('planner') } });
    expect(sub.statusCode).toBe(201);
    const approved = await server.app.inject({ method: 'POST', url: '/api/proposals/p-wall/decision', payload: { decision: 'approved', comment: '同意', effective: '2026-11-01' }, headers: { cookie: await cookie('reviewer') } });
    expect(approved.statusCode).toBe(200);
    const t0 = Date.now();
    await expect.poll(grids, { timeout: 15_000, interval: 100 }).toBe('10');
    const seconds = (Date.now() - t0) / 1000;
    console.log(`wall saw the new version ${seconds.toFixed(1)} s after the approval`);
    expect(seconds).toBeLessThan(10);
    await screenshot(page, 'server-wall');
    assertClean(tracked, server.base);
    await tracked.close();
  }, 120_000);
});
