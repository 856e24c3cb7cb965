/**
 * The planner and the reviewer on the GridSight server (issues 11 and 13), through their screens: a planner logs in,
 * merges two grids on #/plan with the mouse, staffs the merged grid and submits; the proposal goes to the server
 * (POST ./api/proposals), which holds it as the planner's, and the planner is offered no decision on it. A reviewer
 * logs in in another browser, finds it in the server's list on #/plan's review tab, opens it and approves it in force
 * from a day before the data's asOf: the server makes version 2 from it and records the reviewer's name, and a wall
 * opened before the approval shows one grid fewer within seconds (server-sent events). The server runs in this
 * process on the embedded engine, serving the build.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { useAppServer } from './app-server';
import { assertClean, screenshot, waitReady, type TrackedPage } from './harness';
import { applied, click, fillRoster, grid, labelPoint, ringsOf, snapshot, type Areal } from './plan-page';

type Summary = { id: string; status: string; title: string; submittedBy: string; review?: { by: string; comment: string; decision?: string; effective?: string } };
type Version = { id: number; name: string; createdAt: string; createdBy: string; proposalId: string | null };

const ROLES = ['admin', 'planner', 'reviewer', 'wall'] as const;
const C = '330424002012';
/** Merged with the planner's merge tool: two grids that share a border (plan.test.ts merges them too). */
const PAIR = [`${C}008`, `${C}009`];
/** The data's asOf is 2026-11-20: a merge in force from before it shows in the wall's count. */
const EFFECTIVE = '2026-11-01';
const TITLE = '合并八、九网格 <b>服务器</b>';

const server = useAppServer(ROLES);
const loginAs = (role: string, route: string) => server.loginAs(role, route);

/** The API as an account sees it, through the server in this process (not the browser). */
async function api<T>(who: string, url: string): Promise<T> {
  const res = await server.app.inject({ method: 'GET', url, headers: { cookie: await server.cookie(who) } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json() as T;
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
    const refused = await server.app.inject({
      method: 'POST',
      url: `/api/proposals/${encodeURIComponent(proposalId)}/decision`,
      payload: { decision: 'approved', comment: '自己批', effective: EFFECTIVE },
      headers: { cookie: await server.cookie('planner') },
    });
    expect(refused.statusCode).toBe(403);
    await page.getByTestId('plan-review-not-reviewer').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500); // for the screenshot only: the review's map draws its first frame
    await screenshot(page, 'server-plan-planner-review');
    assertClean(planner, server.base);
    await planner.close();
  }, 180_000);

  it('wall: opened before the approval, shows the 11 grids of version 1', async () => {
    wall = await loginAs('wall', '#/wall');
    expect(await waitReady(wall.page)).toMatchObject({ ok: true });
    await expect.poll(wallGrids, { timeout: 30_000 }).toBe('11');
    assertClean(wall, server.base);
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
    assertClean(reviewer, server.base);
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
    assertClean(wall, server.base);
  }, 120_000);
});
