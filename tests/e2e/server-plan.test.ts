/**
 * The planner and the reviewer on the GridSight server (issues 11 and 13), through their screens: a planner logs in,
 * merges two grids on #/plan with the mouse, staffs the merged grid and submits; the proposal goes to the server
 * (POST ./api/proposals), which holds it as the planner's, and the planner is offered no decision on it. A reviewer
 * logs in in another browser, finds it in the server's list on #/plan's review tab, opens it and approves it in force
 * from a day before the data's asOf: the server makes version 2 from it and records the reviewer's name, and a wall
 * opened before the approval shows one grid fewer within seconds (server-sent events). The server runs in this
 * process on the embedded engine, serving the build.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { buildServer } from '../../src/server/app';
import { createUser } from '../../src/server/auth';
import { openDb, type Db } from '../../src/server/db';
import { importFolder } from '../../src/server/datasets';
import { migrate } from '../../src/server/migrations';
import { assertClean, DIST, launchBrowser, openPage, ROOT, screenshot, waitReady, type TrackedPage } from './harness';

type Areal = Polygon | MultiPolygon;
type Unit = Feature<Areal, { code: string; gridCode?: string }>;
type Snapshot = { grids: FeatureCollection<Areal, { code: string }>; microGrids: FeatureCollection<Areal, { code: string; gridCode: string }> };
type LonLat = [number, number];
type Summary = { id: string; status: string; title: string; submittedBy: string; review?: { by: string; comment: string; decision?: string; effective?: string } };
type Version = { id: number; name: string; createdAt: string; createdBy: string; proposalId: string | null };

const BUNDLED = path.join(ROOT, 'data/zhihuiwan');
const PASSWORD = 'browser-test-password';
const ROLES = ['admin', 'planner', 'reviewer', 'wall'] as const;
const C = '330424002012';
/** Merged with the planner's merge tool: two grids that share a border (plan.test.ts merges them too). */
const PAIR = [`${C}008`, `${C}009`];
/** The data's asOf is 2026-11-20: a merge in force from before it shows in the wall's count. */
const EFFECTIVE = '2026-11-01';
const TITLE = '合并八、九网格 <b>服务器</b>';

let db: Db;
let app: FastifyInstance;
let base = '';
let browser: Browser;

beforeAll(async () => {
  db = await openDb({ dir: 'memory://' });
  await migrate(db);
  await importFolder(db, BUNDLED, 'test');
  await db.tx(async (q) => {
    for (const role of ROLES) {
      await createUser(q, { username: role, displayName: `${role}-显示名`, role, password: PASSWORD, gridCodes: [] });
    }
  });
  ({ app } = await buildServer({ db, distDir: DIST }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
}, 180_000);

const pages: TrackedPage[] = [];
afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await app?.close();
  await db?.close();
});

async function loginAs(role: string, route: string): Promise<TrackedPage> {
  const tracked = await openPage(browser, { viewport: { width: 1600, height: 1000 } });
  pages.push(tracked);
  const { page } = tracked;
  await page.goto(`${base}/${route}`);
  await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
  await page.getByTestId('login-username').fill(role);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-form').waitFor({ state: 'detached', timeout: 30_000 });
  return tracked;
}

/** The API as an account sees it, through the server in this process (not the browser). */
async function cookie(who: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: who, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}
async function api<T>(who: string, url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: await cookie(who) } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json() as T;
}

// ---- the planner's map, as plan.test.ts drives it ------------------------------------------------------------------
const ringsOf = (g: Areal): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());

async function snapshot(page: Page): Promise<Snapshot> {
  return (await page.evaluate(() => window.__gridsight.plan!.snapshot())) as unknown as Snapshot;
}
async function cursor(page: Page): Promise<number> {
  return page.evaluate(() => window.__gridsight.plan!.cursor);
}
/** Waits until the draft has `n` operations applied (cursor), failing with the refusal shown if there is one. */
async function applied(page: Page, n: number): Promise<void> {
  try {
    await expect.poll(() => cursor(page), { timeout: 30_000 }).toBe(n);
  } catch (e) {
    const status = await page.getByTestId('plan-status').textContent().catch(() => null);
    throw new Error(`the draft has ${await cursor(page)} operations, not ${n}; the editor says: ${status ?? '(nothing)'}`, { cause: e });
  }
}
async function click(page: Page, [lon, lat]: LonLat): Promise<void> {
  const { x, y } = await page.evaluate(([lon, lat]) => {
    const map = window.__gridsight.map!;
    const q = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + q.x, y: r.top + q.y };
  }, [lon, lat] as LonLat);
  await page.mouse.move(x, y, { steps: 3 });
  await page.mouse.click(x, y);
  await page.waitForTimeout(60);
}
function grid(s: Snapshot, code: string): Unit {
  const g = s.grids.features.find((f) => f.properties.code === code);
  if (!g) throw new Error(`grid ${code} is not in the draft`);
  return g as Unit;
}
function bboxOf(g: Unit): [number, number, number, number] {
  const pts = ringsOf(g.geometry).flat();
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
}
/** A point well inside a grid: the middle of the widest run of the horizontal line through its middle. */
function labelPoint(g: Unit): LonLat {
  const [, minY, , maxY] = bboxOf(g);
  const lat = (minY + maxY) / 2;
  const xs: number[] = [];
  for (const ring of ringsOf(g.geometry)) {
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1], ring[i]];
      if ((a[1] > lat) !== (b[1] > lat)) xs.push(a[0] + ((lat - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
    }
  }
  xs.sort((p, q) => p - q);
  let best: LonLat = [(xs[0] + xs[1]) / 2, lat];
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) [width, best] = [xs[i + 1] - xs[i], [(xs[i] + xs[i + 1]) / 2, lat]];
  }
  return best;
}

/** Assigns every vacancy the roster shows, grid by grid, from the members waiting for a grid first (plan.test.ts). */
async function fillRoster(page: Page): Promise<number> {
  let picks = 0;
  const gridSelect = page.getByTestId('plan-roster-grid');
  const options = await gridSelect.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  for (const code of options) {
    await gridSelect.selectOption(code);
    await expect.poll(() => page.getByTestId('plan-roster').getAttribute('data-grid'), { timeout: 30_000 }).toBe(code);
    for (;;) {
      const vacant = page.locator('[data-testid=plan-roster-slot][data-count="0"] select, [data-testid=plan-roster-micro][data-count="0"] select, [data-testid=plan-roster-micro][data-count="1"] select');
      if ((await vacant.count()) === 0) break;
      const select = vacant.first();
      const choice = await select.locator('option').evaluateAll((os) => {
        const values = os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })).filter((o) => o.value);
        return (values.find((o) => /待|waiting/i.test(o.text)) ?? values[0])?.value ?? null;
      });
      if (!choice) throw new Error(`grid ${code}: no member left to assign`);
      const before = await cursor(page);
      await select.selectOption(choice);
      await applied(page, before + 1);
      picks++;
    }
  }
  const waiting = page.getByTestId('plan-roster-waiting');
  while ((await waiting.count()) > 0) {
    const select = page.locator('[data-testid=plan-assign][data-role="other"]');
    const choice = await select.locator('option').evaluateAll((os) =>
      os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })).find((o) => o.value && /待分配|waiting/i.test(o.text))?.value ?? null,
    );
    if (!choice) throw new Error('members wait for a grid but none is offered');
    const before = await cursor(page);
    await select.selectOption(choice);
    await applied(page, before + 1);
    picks++;
  }
  return picks;
}

describe('planner and reviewer on the server (#/plan)', () => {
  let proposalId = '';
  let merged = '';
  let wall: TrackedPage;
  let approvedAt = 0;
  /** When the wall first showed the new count (ms since epoch), watched from the moment the server answered the approval. */
  let wallSaw: Promise<number> | null = null;
  const wallGrids = () => wall.page.locator('[data-testid="wall-kpi"][data-kpi="grids"]').getAttribute('data-value');

  it('planner: merges two grids, staffs the merged grid, submits; the server holds it as the planner\'s, and the planner is offered no decision', async () => {
    const planner = await loginAs('planner', '#/plan');
    const { page } = planner;
    expect(await waitReady(page)).toMatchObject({ ok: true });
    await expect.poll(() => page.evaluate(() => window.__gridsight.plan?.snapshot() != null), { timeout: 60_000 }).toBe(true);
    let s = await snapshot(page);
    expect(s.grids.features).toHaveLength(11);
    // The planner's name on the proposal is the account's, not typed.
    await expect.poll(() => page.getByTestId('plan-submit-who').inputValue()).toBe('planner-显示名');
    expect(await page.getByTestId('plan-submit-who').getAttribute('readonly')).not.toBeNull();

    // The whole community in view, then the merge tool: click both grids, Enter.
    await page.evaluate((b) => window.__gridsight.map!.fitBounds(b, { padding: 40, animate: false }), (() => {
      const all = s.grids.features.flatMap((g) => ringsOf(g.geometry).flat());
      return [Math.min(...all.map((q) => q[0])), Math.min(...all.map((q) => q[1])), Math.max(...all.map((q) => q[0])), Math.max(...all.map((q) => q[1]))] as [number, number, number, number];
    })());
    await page.waitForTimeout(300);
    await page.locator('[data-testid=plan-tool][data-tool="merge"]').click();
    for (const code of PAIR) await click(page, labelPoint(grid(s, code)));
    await page.keyboard.press('Enter');
    await applied(page, 1);
    s = await snapshot(page);
    expect(s.grids.features).toHaveLength(10);
    for (const code of PAIR) expect(s.grids.features.map((f) => f.properties.code)).not.toContain(code);
    const history = (await page.evaluate(() => window.__gridsight.plan!.history)) as { op: { op: string }; effect: { added: string[] } }[];
    expect(history[0].op.op).toBe('merge');
    merged = history[0].effect.added.find((c) => c.length === 15)!;
    expect(merged).toMatch(/^\d{15}$/);

    // Staff the merged grid (else the proposal carries staffing errors).
    expect(await fillRoster(page)).toBeGreaterThan(0);
    const errors = () => page.getByTestId('plan-validation-badge').getAttribute('data-errors');
    await expect.poll(errors, { timeout: 30_000 }).toMatch(/^\d+$/);
    if ((await errors()) !== '0') {
      const findings = await page.getByTestId('plan-finding').allTextContents();
      throw new Error(`${await errors()} errors left after the roster:\n  ${findings.slice(0, 10).join('\n  ')}`);
    }

    // Submit: the proposal goes to the server.
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.getByTestId('plan-submit-title').fill(TITLE);
    await page.getByTestId('plan-submit-reason').fill('企业数不足，合并八、九网格。');
    const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/proposals' && r.request().method() === 'POST', { timeout: 60_000 });
    await page.getByTestId('plan-submit').click();
    const answer = await posted;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['content-type']).toBe('application/zip');
    const done = page.getByTestId('plan-submitted');
    await expect.poll(() => done.getAttribute('data-errors'), { timeout: 30_000 }).toBe('0');
    proposalId = (await done.getAttribute('data-id'))!;
    expect(proposalId).toMatch(/^P\d{8}-\d{6}-/);
    expect(((await answer.json()) as Summary).id).toBe(proposalId);
    // The server kept it: no "not stored" note under the confirmation.
    expect(await done.locator('.technical').count()).toBe(0);
    // The proposal went to the server: no file to hand on, so none is downloaded, and the confirmation says so.
    expect(downloads).toEqual([]);
    expect(await done.textContent()).toMatch(/已提交到服务器/);
    await done.scrollIntoViewIfNeeded();
    await screenshot(page, 'server-plan-submitted');

    // What the server holds: the proposal, submitted by the planner's account, awaiting review.
    const list = await api<Summary[]>('admin', '/api/proposals');
    const held = list.find((p) => p.id === proposalId);
    expect(held, JSON.stringify(list)).toMatchObject({ id: proposalId, status: 'submitted', submittedBy: 'planner', title: TITLE });

    // The planner sees it in the server's list on the review tab, opens it, and is offered no approve or reject.
    await page.getByTestId('plan-tab-review').click();
    const stored = page.locator(`[data-testid=plan-review-stored][data-id="${proposalId}"]`);
    await stored.waitFor({ timeout: 30_000 });
    await stored.click();
    await page.getByTestId('plan-review-summary').waitFor({ timeout: 30_000 });
    await page.getByTestId('plan-review-not-reviewer').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('plan-approve').count()).toBe(0);
    expect(await page.getByTestId('plan-reject').count()).toBe(0);
    expect(await page.getByTestId('plan-review-status').textContent()).toBe('待审批');
    // The planner's account may not decide through the API either.
    const refused = await app.inject({
      method: 'POST',
      url: `/api/proposals/${encodeURIComponent(proposalId)}/decision`,
      payload: { decision: 'approved', comment: '自己批', effective: EFFECTIVE },
      headers: { cookie: await cookie('planner') },
    });
    expect(refused.statusCode).toBe(403);
    await page.getByTestId('plan-review-not-reviewer').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500); // for the screenshot only: the review's map draws its first frame
    await screenshot(page, 'server-plan-planner-review');
    assertClean(planner, base);
    await planner.close();
  }, 180_000);

  it('wall: opened before the approval, shows the 11 grids of version 1', async () => {
    wall = await loginAs('wall', '#/wall');
    expect(await waitReady(wall.page)).toMatchObject({ ok: true });
    await expect.poll(wallGrids, { timeout: 30_000 }).toBe('11');
    assertClean(wall, base);
  }, 120_000);

  it('reviewer: finds the proposal in the server\'s list, approves it from 2026-11-01; the server makes version 2 from it and records the reviewer', async () => {
    expect(proposalId, 'the planner\'s test submitted a proposal').not.toBe('');
    const reviewer = await loginAs('reviewer', '#/plan');
    const { page } = reviewer;
    expect(await waitReady(page)).toMatchObject({ ok: true });
    await page.getByTestId('plan-tab-review').click();
    const stored = page.locator(`[data-testid=plan-review-stored][data-id="${proposalId}"]`);
    await stored.waitFor({ timeout: 30_000 });
    // The title is text, never markup.
    expect(await stored.textContent()).toContain(TITLE);
    await screenshot(page, 'server-plan-reviewer-list');
    await stored.click();
    await page.getByTestId('plan-review-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('plan-review-validation').getAttribute('data-errors')).toBe('0');
    expect(await page.locator('.plan-review b').count()).toBe(0);
    expect(await page.getByTestId('plan-review-own').count()).toBe(0);
    await page.waitForTimeout(1500); // for the screenshot only
    await screenshot(page, 'server-plan-reviewer-opened');
    // The reviewer's name is the account's.
    const by = page.getByTestId('plan-review-by');
    await expect.poll(() => by.inputValue()).toBe('reviewer-显示名');
    expect(await by.getAttribute('readonly')).not.toBeNull();

    await page.getByTestId('plan-review-effective').fill(EFFECTIVE);
    await page.getByTestId('plan-review-comment').fill('同意合并。');
    expect(await page.getByTestId('plan-review-late').count()).toBe(0);
    const decided = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/proposals/${proposalId}/decision` && r.request().method() === 'POST', { timeout: 60_000 });
    const approve = page.getByTestId('plan-approve');
    await expect.poll(() => approve.isEnabled()).toBe(true);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await approve.click();
    const answer = await decided;
    expect(answer.status(), await answer.text()).toBe(200);
    approvedAt = Date.now();
    // Watched from now on, while this test goes on checking the reviewer's screen and the server.
    wallSaw = wall.page
      .waitForFunction(() => document.querySelector('[data-testid="wall-kpi"][data-kpi="grids"]')?.getAttribute('data-value') === '10', undefined, { timeout: 15_000, polling: 100 })
      .then(() => Date.now());
    wallSaw.catch(() => {});
    expect(JSON.parse(answer.request().postData() ?? '{}')).toMatchObject({ decision: 'approved', comment: '同意合并。', effective: EFFECTIVE });
    await expect.poll(() => page.getByTestId('plan-review-outcome').getAttribute('data-decision'), { timeout: 30_000 }).toBe('approved');
    expect(await page.getByTestId('plan-review-status').textContent()).toBe('已批准');
    expect(await page.getByTestId('plan-review-error').count()).toBe(0);
    // The server keeps the decision and makes the version: nothing downloads by itself.
    expect(downloads).toEqual([]);
    await page.getByTestId('plan-review-outcome').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500); // for the screenshot only
    await screenshot(page, 'server-plan-approved');

    // The server: version 2, made from this proposal, and the proposal approved under the reviewer's name.
    const versions = await api<Version[]>('reviewer', '/api/versions');
    expect(versions.map((v) => v.id)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ id: 2, proposalId });
    const held = (await api<Summary[]>('admin', '/api/proposals')).find((p) => p.id === proposalId);
    expect(held).toMatchObject({ status: 'approved', submittedBy: 'planner', review: { by: 'reviewer-显示名', comment: '同意合并。' } });
    // Version 2's grids: the merged grid in force, the two it replaced retired from the effective day.
    const gridsFile = await api<FeatureCollection<Areal, { code: string; validFrom?: string | null; validTo?: string | null; parentCodes?: string[] }>>('reviewer', '/api/data/v/2/grids.geojson');
    const byCode = new Map(gridsFile.features.map((f) => [f.properties.code, f.properties]));
    expect(byCode.get(merged)?.parentCodes?.slice().sort()).toEqual(PAIR);
    for (const code of PAIR) expect(byCode.get(code)?.validTo, code).toBeTruthy();
    assertClean(reviewer, base);
    await reviewer.close();
  }, 180_000);

  it('wall: shows one grid fewer within seconds of the approval, and its own data read is version 2\'s', async () => {
    expect(wallSaw, 'the reviewer\'s test approved the proposal').not.toBeNull();
    const { page } = wall;
    const seconds = ((await wallSaw!) - approvedAt) / 1000;
    expect(await wallGrids()).toBe('10');
    console.log(`wall saw the new version ${seconds.toFixed(1)} s after the server answered the approval`);
    expect(seconds).toBeLessThan(10);
    const current = await page.evaluate(async () => (await (await fetch('./api/data/current/grids.geojson')).json()) as { features: { properties: { code: string } }[] });
    expect(current.features.map((f) => f.properties.code)).toContain(merged);
    await page.waitForTimeout(500);
    await screenshot(page, 'server-plan-wall');
    assertClean(wall, base);
  }, 120_000);
});
