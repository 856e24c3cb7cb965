/**
 * The reviewer's side of the planner (issue 11) in the built app: proposals made here with the real plan engine
 * (as the app's submit makes them: no incidents or patrols inside) are opened in `#/plan`'s review tab; one with
 * validation errors shows them before the diff; the diff is drawn on two synced maps side by side; approving
 * downloads a dataset zip that the CLI's validate passes with no errors and stats reads, incidents and patrols
 * carried over; rejecting downloads the proposal marked rejected with the comment.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady } from './harness';
import type { Dataset } from '../../src/domain/types';
import { PlanSession } from '../../src/geo/plan/session';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { datasetFingerprint } from '../../src/io/plan/fingerprint';
import { makeProposal, readProposal, writeProposal } from '../../src/io/plan/proposal';
import { runValidate } from '../../src/cli/validate';
import { runStats } from '../../src/cli/stats';

const AUTHOR = { who: '张规划', at: '2026-11-21T09:00:00+08:00' };
let dir: string;
let clean: string;
let withErrors: string;

/** Two grids sharing a vertex: adjacent, so they merge. */
function adjacentPair(ds: Dataset): [string, string] {
  const users = new Map<string, Set<string>>();
  for (const g of ds.grids!.features) {
    const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    for (const p of polys) for (const q of p[0]) (users.get(`${q}`) ?? users.set(`${q}`, new Set()).get(`${q}`)!).add(g.properties.code);
  }
  for (const codes of users.values()) if (codes.size === 2) return [...codes].sort() as [string, string];
  throw new Error('no adjacent grids');
}

/** A merge proposal; `roster`: the planner also staffs the merged grid (else it is a staffing error). */
async function proposalZip(ds: Dataset, id: string, roster: boolean): Promise<string> {
  const session = new PlanSession(ds, { now: Date.parse('2026-11-21T00:00:00+08:00') });
  const pair = adjacentPair(ds);
  session.apply({ op: 'merge', grids: pair }, { ...AUTHOR, reason: '企业数不足' });
  const merged = session.history[0].effect.added.find((c) => c.length === 15)!;
  if (roster) {
    for (const m of ds.members!.filter((m) => pair.includes(m.gridCode) && !m.microGridCode)) {
      session.apply({ op: 'assign-member', memberId: m.id, gridCode: merged, role: m.gridCode === pair[0] ? m.role : 'other' }, AUTHOR);
    }
  }
  const status = session.status();
  const zip = writeProposal(
    makeProposal({
      id,
      title: `合并 ${pair.join('、')} <b>不是标记</b>`,
      author: '张规划',
      reason: '企业数不足',
      createdAt: '2026-11-21T09:05:00+08:00',
      effective: session.effective,
      base: { name: ds.manifest.name, fingerprint: await datasetFingerprint(ds) },
      log: session.history,
      changes: status.changes,
      validation: { errors: status.errors, warnings: status.warnings, findings: status.findings },
      dataset: session.dataset(),
      baseUnits: { grids: ds.grids!, microGrids: ds.microGrids! },
    }),
  );
  const file = path.join(dir, `${id}.zip`);
  writeFileSync(file, zip);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gridsight-review-'));
  // As the app holds it: no incidents, no patrols.
  const ds = await loadDataset(folderSource(path.join(ROOT, 'data/zhihuiwan')), { skip: ['incidents.geojson', 'patrols.geojson'] });
  clean = await proposalZip(ds, 'merge-clean', true);
  withErrors = await proposalZip(ds, 'merge-unstaffed', false);
}, 120_000);

const app = useAppBrowser();

async function openReview(file: string) {
  const tracked = await app.open();
  const { page } = tracked;
  await page.goto(app.server.url('/#/plan'));
  expect(await waitReady(page)).toMatchObject({ ok: true });
  await page.getByTestId('plan-tab-review').click();
  await page.getByTestId('plan-open-proposal').setInputFiles(file);
  await page.getByTestId('plan-review-summary').waitFor({ timeout: 30_000 });
  return tracked;
}

/** Clicks `button` and saves the download it starts; returns the file's path. */
async function downloadOf(page: Page, testId: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

describe('reviewing a proposal in #/plan', () => {
  it('shows a proposal\'s validation errors first, before the diff, and its strings as text', async () => {
    const tracked = await openReview(withErrors);
    const { page } = tracked;
    const validation = page.getByTestId('plan-review-validation');
    expect(Number(await validation.getAttribute('data-errors'))).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-review-finding').first().getAttribute('data-rule')).toBe('staffing');
    const before = await page.evaluate(() => {
      const v = document.querySelector('[data-testid=plan-review-validation]')!;
      const d = document.querySelector('[data-testid=plan-review-diff]')!;
      return !!(v.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(before).toBe(true);
    expect(await page.locator('.plan-review b').count()).toBe(0);
    expect(await page.getByTestId('plan-review-summary').locator('h2').textContent()).toContain('<b>不是标记</b>');
    assertClean(tracked, app.server.origin);
  });

  it('draws the diff side by side and approves it into a dataset the CLI validates clean', async () => {
    const tracked = await openReview(clean);
    const { page } = tracked;
    expect(await page.getByTestId('plan-review-validation').getAttribute('data-errors')).toBe('0');
    expect(await page.getByTestId('plan-review-unit').count()).toBeGreaterThan(2);
    await page.locator('[data-testid=plan-review-mode][data-mode=side]').click();
    await expect.poll(() => page.locator('[data-testid=plan-review-map] canvas').count()).toBe(2);
    expect(await page.locator('[data-testid=plan-review-map]').evaluateAll((els) => els.map((e) => e.getAttribute('data-side')))).toEqual([
      'current',
      'proposed',
    ]);
    await page.waitForTimeout(1500);
    await screenshot(page, 'plan-review-side-by-side');

    await page.getByTestId('plan-review-by').fill('王审');
    await page.getByTestId('plan-review-comment').fill('同意');
    const zipFile = await downloadOf(page, 'plan-approve');
    expect(await page.getByTestId('plan-review-status').textContent()).toBe('已批准');
    expect(await page.getByTestId('plan-review-missing').count()).toBe(0);

    const folder = mkdtempSync(path.join(tmpdir(), 'gridsight-approved-'));
    const entries = unzipSync(readFileSync(zipFile));
    for (const [name, bytes] of Object.entries(entries)) writeFileSync(path.join(folder, name), bytes);
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['incidents.geojson', 'patrols.geojson', 'proposal.json']));
    expect((await runValidate(folder)).summary.errors).toBe(0);
    expect((await runStats(folder)).grids).toBeTruthy();
    assertClean(tracked, app.server.origin);
  });

  it('rejects with a comment: the proposal comes back marked rejected', async () => {
    const tracked = await openReview(clean);
    const { page } = tracked;
    await page.getByTestId('plan-review-by').fill('王审');
    expect(await page.getByTestId('plan-reject').isDisabled()).toBe(true);
    await page.getByTestId('plan-review-comment').fill('边界应沿河');
    const file = await downloadOf(page, 'plan-reject');
    const back = await readProposal(new Uint8Array(readFileSync(file)));
    expect(back.status).toBe('rejected');
    expect(back.review).toMatchObject({ by: '王审', comment: '边界应沿河', decision: 'rejected' });
    assertClean(tracked, app.server.origin);
  });
});
