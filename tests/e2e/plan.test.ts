/**
 * The planner end to end (issue 11), with the mouse as a planner uses it: drag a shared vertex, draw a split line,
 * merge, revoke, draw a micro-grid, undo and redo, fill the roster, reload (the draft is still there), kill the page
 * and open a new one (still there), submit; then a reviewer in another browser opens the proposal, approves it, and
 * the approved dataset is checked with the CLI's `validate` (0 errors) and `stats`, run as processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, Position } from 'geojson';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady, type TrackedPage } from './harness';
import { applied, bboxOf, click, codes, crossings, fillRoster, grid, key, labelPoint, lonlat, px, ringsOf, snapshot, tool, type Areal, type LonLat } from './plan-page';


const DATA = path.join(ROOT, 'data/zhihuiwan');
const community = JSON.parse(readFileSync(path.join(DATA, 'community.geojson'), 'utf8')) as FeatureCollection<Areal>;
const C = '330424002012';

const work = mkdtempSync(path.join(tmpdir(), 'gs-plan-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const app = useAppBrowser();

describe('planner (#/plan)', () => {
  let planner: TrackedPage;
  let zip: Buffer;
  let ops = 0;

  it('drags a shared vertex with the mouse: it moves in every grid that shares it', async () => {
    planner = await app.open();
    const { page } = planner;
    await page.goto(app.server.url('/#/plan'));
    expect(await waitReady(page)).toMatchObject({ ok: true });
    await expect.poll(() => page.evaluate(() => window.__gridsight.plan?.snapshot() != null)).toBe(true);
    const s = await snapshot(page);
    expect(s.grids.features).toHaveLength(11);

    // Vertices used by exactly two grids, no micro-grid, not on the community boundary: a shared border's inner
    // vertex. It is dragged 8 px across its border (perpendicular to its neighbours), which crosses nothing.
    const onCommunity = new Set(ringsOf(community.features[0].geometry).flat().map(key));
    const inMicro = new Set(s.microGrids.features.flatMap((m) => ringsOf(m.geometry).flat().map(key)));
    const users = new Map<string, Set<string>>();
    const around = new Map<string, [Position, Position]>();
    for (const g of s.grids.features) {
      for (const ring of ringsOf(g.geometry)) {
        for (let i = 0; i < ring.length - 1; i++) {
          const k = key(ring[i]);
          (users.get(k) ?? users.set(k, new Set()).get(k)!).add(g.properties.code);
          around.set(k, [ring[(i + ring.length - 2) % (ring.length - 1)], ring[i + 1]]);
        }
      }
    }
    const shared = [...users]
      .filter(([k, u]) => u.size === 2 && !onCommunity.has(k) && !inMicro.has(k))
      .map(([k, u]) => ({ p: k.split(',').map(Number) as LonLat, grids: [...u], around: around.get(k)! }));
    expect(shared.length).toBeGreaterThan(5);

    await tool(page, 'vertex');
    const { p, grids, around: [a, b] } = shared[Math.floor(shared.length / 2)];
    // Zoomed in to edit, as a planner does (the vertex handles show from zoom 13).
    await page.evaluate((c) => window.__gridsight.map!.jumpTo({ center: c, zoom: 16 }), p);
    await page.waitForTimeout(300);
    const from = await px(page, p);
    const [pa, pb] = [await px(page, a as LonLat), await px(page, b as LonLat)];
    const len = Math.hypot(pb.x - pa.x, pb.y - pa.y);
    const by = { x: (-(pb.y - pa.y) / len) * 8, y: ((pb.x - pa.x) / len) * 8 };
    await page.mouse.move(from.x, from.y, { steps: 4 });
    await page.mouse.down();
    await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 8 });
    await page.mouse.up();
    await applied(page, ++ops);
    const after = await snapshot(page);
    const to = (await page.evaluate(() => window.__gridsight.plan!.history[0])) as { op: { op: string; from: LonLat; to: LonLat } };
    expect(to.op.op).toBe('move-vertex');
    expect(to.op.from).toEqual(p);
    for (const code of grids) {
      const keys = new Set(ringsOf(grid(after, code).geometry).flat().map(key));
      expect(keys.has(key(p)), `${code} no longer has the old position`).toBe(false);
      expect(keys.has(key(to.op.to)), `${code} has the new position, exactly`).toBe(true);
    }
    const moved = await lonlat(page, { x: from.x + by.x, y: from.y + by.y });
    expect(Math.abs(moved[0] - to.op.to[0]) + Math.abs(moved[1] - to.op.to[1])).toBeLessThan(1e-4);
    // Back to the whole community for the next tools.
    const all = ringsOf(community.features[0].geometry).flat();
    const bounds = [Math.min(...all.map((q) => q[0])), Math.min(...all.map((q) => q[1])), Math.max(...all.map((q) => q[0])), Math.max(...all.map((q) => q[1]))];
    await page.evaluate((b) => window.__gridsight.map!.fitBounds(b as [number, number, number, number], { padding: 40, animate: false }), bounds);
    await page.waitForTimeout(300);
  });

  it('splits a grid by a line drawn across it, merges two grids, revokes one into its neighbour', async () => {
    const { page } = planner;
    // Split grid 010 by a horizontal line through its middle, from border to border (the ends snap to it).
    const target = grid(await snapshot(page), `${C}010`);
    const [, minY, , maxY] = bboxOf(target);
    const lat = (minY + maxY) / 2 + (maxY - minY) * 0.013;
    const xs = crossings(target, lat);
    await tool(page, 'split');
    await click(page, [xs[0], lat]);
    await click(page, [(xs[0] + xs[xs.length - 1]) / 2, lat]);
    const end = await px(page, [xs[xs.length - 1], lat]);
    await page.mouse.move(end.x, end.y, { steps: 3 });
    await page.mouse.dblclick(end.x, end.y);
    await applied(page, ++ops);
    let s = await snapshot(page);
    expect(codes(s.grids)).not.toContain(`${C}010`);
    expect(codes(s.grids)).toEqual(expect.arrayContaining([`${C}012`, `${C}013`]));

    // Merge 008 and 009: click both, Enter.
    await tool(page, 'merge');
    for (const code of ['008', '009']) {
      const g = grid(s, `${C}${code}`);
      await click(page, labelPoint(g));
    }
    await page.keyboard.press('Enter');
    await applied(page, ++ops);
    s = await snapshot(page);
    expect(codes(s.grids)).toContain(`${C}014`);
    expect(codes(s.grids)).not.toContain(`${C}008`);

    // Revoke 004 into 001 (its neighbour above): click the grid, then the one that takes its area.
    await tool(page, 'revoke');
    await click(page, labelPoint(grid(s, `${C}004`)));
    await click(page, labelPoint(grid(s, `${C}001`)));
    await applied(page, ++ops);
    s = await snapshot(page);
    expect(codes(s.grids)).not.toContain(`${C}004`);
    expect(s.grids.features).toHaveLength(10);
    await screenshot(page, 'plan-edited');
  });

  it('draws a micro-grid, undoes and redoes it (keys and buttons)', async () => {
    const { page } = planner;
    const s = await snapshot(page);
    const g = grid(s, `${C}007`);
    // A small square inside grid 007 clear of its micro-grids.
    const micro = s.microGrids.features.filter((m) => m.properties.gridCode === g.properties.code);
    const [minX, minY, maxX, maxY] = bboxOf(g);
    const d = 0.00025;
    let centre: LonLat | null = null;
    for (let i = 1; i < 40 && !centre; i++) {
      for (let j = 1; j < 40 && !centre; j++) {
        const c: LonLat = [minX + ((maxX - minX) * i) / 40, minY + ((maxY - minY) * j) / 40];
        const corners: LonLat[] = [c, [c[0] - d, c[1] - d], [c[0] + d, c[1] - d], [c[0] + d, c[1] + d], [c[0] - d, c[1] + d]];
        if (corners.every((p) => booleanPointInPolygon(p, g.geometry) && !micro.some((m) => booleanPointInPolygon(p, m.geometry)))) centre = c;
      }
    }
    expect(centre, 'a free spot in grid 007').not.toBeNull();
    const [cx, cy] = centre!;
    await tool(page, 'draw-microgrid');
    for (const p of [[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d]] as LonLat[]) await click(page, p);
    await page.keyboard.press('Enter');
    await applied(page, ++ops);
    const drawn = (await snapshot(page)).microGrids.features.filter((m) => m.properties.gridCode === g.properties.code);
    expect(drawn.length).toBe(micro.length + 1);

    await page.keyboard.press('Control+z');
    await applied(page, ops - 1);
    expect((await snapshot(page)).microGrids.features.filter((m) => m.properties.gridCode === g.properties.code)).toHaveLength(micro.length);
    await page.keyboard.press('Control+Shift+z');
    await applied(page, ops);
    await page.getByTestId('plan-undo').click();
    await applied(page, ops - 1);
    await page.getByTestId('plan-redo').click();
    await applied(page, ops);
    expect((await snapshot(page)).microGrids.features.filter((m) => m.properties.gridCode === g.properties.code)).toHaveLength(micro.length + 1);
    await expect.poll(() => page.getByTestId('plan-history-entry').count()).toBe(ops);
  });

  it('fills the roster until the draft has no errors', { timeout: 240_000 }, async () => {
    const { page } = planner;
    const picks = await fillRoster(page);
    ops += picks;
    expect(picks).toBeGreaterThan(8);
    const errors = () => page.getByTestId('plan-validation-badge').getAttribute('data-errors');
    await expect.poll(errors, { timeout: 30_000 }).toMatch(/^\d+$/);
    if ((await errors()) !== '0') {
      const findings = await page.getByTestId('plan-finding').allTextContents();
      throw new Error(`${await errors()} errors left after the roster:\n  ${findings.slice(0, 10).join('\n  ')}`);
    }
  });

  it('keeps the draft across a reload and a killed page', { timeout: 240_000 }, async () => {
    const { page, context } = planner;
    const before = await snapshot(page);
    await page.getByTestId('plan-draft-saved').waitFor();
    await page.reload();
    expect(await waitReady(page)).toMatchObject({ ok: true });
    await applied(page, ops);
    expect(await snapshot(page)).toEqual(before);

    // The renderer dies: no unload event, no last save. (Page.crash never answers, so it is not awaited.)
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash', { timeout: 30_000 });
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    const fresh = await context.newPage();
    await fresh.goto(app.server.url('/#/plan'));
    expect(await waitReady(fresh)).toMatchObject({ ok: true });
    await applied(fresh, ops);
    expect(await snapshot(fresh)).toEqual(before);
    planner.page = fresh;

    // A second tab on the same draft undoes a step, and it is saved; this tab, which has not seen that, then undoes
    // and redoes: its work goes into a copy, the other tab's stays in the draft, and this tab says so.
    const saved = fresh.getByTestId('plan-draft-saved');
    const other = await context.newPage();
    await other.goto(app.server.url('/#/plan'));
    expect(await waitReady(other)).toMatchObject({ ok: true });
    await applied(other, ops);
    await other.getByTestId('plan-undo').click();
    await expect.poll(() => other.getByTestId('plan-draft-saved').getAttribute('data-cursor'), { timeout: 30_000 }).toBe(String(ops - 1));
    const original = await other.getByTestId('plan-draft-saved').getAttribute('data-draft');
    expect(original).toMatch(/^draft-/);
    await fresh.getByTestId('plan-undo').click();
    await applied(fresh, ops - 1);
    await fresh.getByTestId('plan-redo').click();
    await applied(fresh, ops);
    await fresh.getByTestId('plan-draft-conflict').waitFor({ timeout: 30_000 });
    await expect.poll(() => saved.getAttribute('data-cursor'), { timeout: 30_000 }).toBe(String(ops));
    expect(await saved.getAttribute('data-draft')).not.toBe(original);
    expect(await fresh.getByTestId('plan-draft-conflict').textContent()).toContain('另存为');
    await screenshot(fresh, 'plan-draft-conflict');
    await other.close();
    expect(await snapshot(fresh)).toEqual(before);
  });

  it('submits the draft as a proposal zip', async () => {
    const { page } = planner;
    await page.getByTestId('plan-submit-title').fill('智汇湾网格调整 <b>2026</b>');
    await page.getByTestId('plan-submit-who').fill('规划员 张三');
    await page.getByTestId('plan-submit-reason').fill('企业数变化，拆分十网格，合并八、九网格，撤消四网格。');
    const download = page.waitForEvent('download');
    await page.getByTestId('plan-submit').click();
    const file = await download;
    zip = readFileSync((await file.path())!);
    expect(zip.length).toBeGreaterThan(1000);
    await expect.poll(() => page.getByTestId('plan-submitted').getAttribute('data-errors'), { timeout: 30_000 }).toBe('0');
    await screenshot(page, 'plan-submitted');
    assertClean(planner, app.server.origin);
  });

  it('a reviewer opens it, sees the diff, approves it, and the CLI validates the new version clean', async () => {
    const reviewer = await app.open();
    const { page } = reviewer;
    await page.goto(app.server.url('/#/plan'));
    expect(await waitReady(page)).toMatchObject({ ok: true });
    await page.getByTestId('plan-tab-review').click();
    const proposalFile = path.join(work, 'proposal.zip');
    writeFileSync(proposalFile, zip);
    await page.getByTestId('plan-open-proposal').setInputFiles(proposalFile);
    await page.getByTestId('plan-review-diff').waitFor({ timeout: 30_000 });
    await page.getByTestId('plan-review-unit').first().waitFor();
    // The proposal's title is text on the page, never markup.
    await expect.poll(() => page.locator('b', { hasText: '2026' }).count()).toBe(0);
    // Current, proposed, side by side: each mode draws its maps.
    const modes = page.getByTestId('plan-review-mode');
    expect(await modes.count()).toBeGreaterThanOrEqual(3);
    for (const mode of await modes.all()) {
      await mode.click();
      await expect.poll(() => mode.getAttribute('aria-checked'), { timeout: 30_000 }).toBe('true');
      await page.waitForTimeout(1500); // for the screenshot only: the review's maps draw their first frame
      await screenshot(page, `plan-review-${await mode.getAttribute('data-mode')}`);
    }

    await page.getByTestId('plan-review-by').fill('审核人 李四');
    await page.getByTestId('plan-review-comment').fill('同意。');
    const download = page.waitForEvent('download');
    await page.getByTestId('plan-approve').click();
    const approved = unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
    await expect.poll(() => page.getByTestId('plan-review-outcome').getAttribute('data-decision'), { timeout: 30_000 }).toBe('approved');
    assertClean(reviewer, app.server.origin);

    const dir = path.join(work, 'approved');
    for (const [name, bytes] of Object.entries(approved)) {
      if (name.endsWith('/')) continue;
      const file = path.join(dir, name.split('/').slice(-1)[0]);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'src/cli/run.mjs'), ...args], { encoding: 'utf8', cwd: ROOT });
    const validate = run('validate', dir, '--format', 'json');
    const report = JSON.parse(validate.stdout) as { summary: { errors: number; grids: number } };
    expect(report.summary.errors, validate.stdout.slice(0, 2000)).toBe(0);
    expect(validate.status).toBe(0);
    expect(report.summary.grids).toBe(10);
    const stats = run('stats', dir);
    expect(stats.status, stats.stderr).toBe(0);
    const totals = (JSON.parse(stats.stdout) as { totals: { grids: number; enterprises: { above: number; below: number } } }).totals;
    expect(totals.grids).toBe(10);
    expect(totals.enterprises.above + totals.enterprises.below).toBe(444);
    // History is kept: the retired grids are still in the file, with validTo.
    const grids = JSON.parse(readFileSync(path.join(dir, 'grids.geojson'), 'utf8')) as FeatureCollection<Areal, { code: string; validTo?: string | null; parentCodes?: string[] }>;
    const retired = grids.features.filter((f) => f.properties.validTo);
    expect(retired.map((f) => f.properties.code).sort()).toEqual([`${C}004`, `${C}008`, `${C}009`, `${C}010`]);
    expect(grids.features.find((f) => f.properties.code === `${C}014`)?.properties.parentCodes?.sort()).toEqual([`${C}008`, `${C}009`]);
  });
});
