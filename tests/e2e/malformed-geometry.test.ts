/**
 * Issue 10, item 7, in the built app in Chromium: a grid whose coordinates are strings (and a micro-grid nested a
 * level too deep) is an invalid-geometry finding in the badge and the validation panel, as `validate` reports it
 * from the same folder, and the rest of the dataset is drawn; no load-error banner. A file that is not JSON at all
 * still gets the banner (tests/e2e/overview.test.ts).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTRA_PREFIX, ROOT, assertClean, useAppBrowser, waitReady, type AppWindow } from './harness';
import { runValidate } from '../../src/cli/validate';
import type { ValidationReport } from '../../src/geo/validate-dataset';

const FIXTURES = path.join(ROOT, 'tests/fixtures');
const FOLDER = 'issue-10-malformed-geometry';
const BAD_GRID = '330424002201002';

let cli: ValidationReport;
beforeAll(async () => {
  cli = await runValidate(path.join(FIXTURES, FOLDER));
});

const app = useAppBrowser({ extra: () => FIXTURES });

describe('a grid with malformed geometry (issue 10) in Chromium', () => {
  it('is an invalid-geometry finding in the badge and the panel, as in the CLI, with no banner', async () => {
    const tracked = await app.open();
    const { page } = tracked;
    const dataUrl = app.server.url(`${EXTRA_PREFIX}${FOLDER}/`);
    await page.goto(app.server.url(`/?data=${encodeURIComponent(dataUrl)}`));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    expect(await page.getByTestId('error-banner').count(), 'load-error banner').toBe(0);

    // Still a unit of the dataset: listed in the community's grids, and its details (staff) open.
    const listed = await page.getByTestId('grid-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(listed).toEqual(['330424002201001', BAD_GRID]);
    await page.locator(`[data-testid="grid-item"][data-code="${BAD_GRID}"]`).click();
    await page.locator(`[data-testid="grid-details"][data-code="${BAD_GRID}"]`).waitFor();
    expect(await page.getByTestId('member').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['m4']);

    const badge = page.getByTestId('validation-badge');
    await expect.poll(() => badge.getAttribute('data-status'), { timeout: 60_000 }).toMatch(/^(ok|warning|error|failed)$/);
    expect(await badge.getAttribute('data-status')).toBe('error');
    expect(Number(await badge.getAttribute('data-errors')), 'errors').toBe(cli.summary.errors);
    expect(Number(await badge.getAttribute('data-warnings')), 'warnings').toBe(cli.summary.warnings);

    await badge.click();
    const panel = page.getByTestId('validation-panel');
    await panel.waitFor();
    const rows = await panel
      .getByTestId('finding')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-rule')} ${e.getAttribute('data-codes')}`));
    expect(rows).toEqual(cli.findings.map((f) => `${f.rule} ${f.codes.join(',')}`));
    expect(rows).toContain(`invalid-geometry ${BAD_GRID}`);

    // Having no geometry, it is not drawn; the other grid is.
    const drawn = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const features = map.queryRenderedFeatures({ layers: ['grids-fill'] });
      return [...new Set(features.map((f) => String(f.properties?.code)))].sort();
    });
    expect(drawn).toEqual(['330424002201001']);

    // Choosing the finding (it has no place to fly to) must not throw.
    await panel.locator(`[data-testid="finding"][data-rule="invalid-geometry"][data-codes="${BAD_GRID}"]`).click();
    assertClean(tracked, app.server.origin);
  });

  it('on the wall: the data is shown, the validation figure counts the invalid geometry as the CLI does, and the tour passes the grid without a shape', async () => {
    const tracked = await app.open({ viewport: { width: 1920, height: 1080 } });
    const { page } = tracked;
    const dataUrl = app.server.url(`${EXTRA_PREFIX}${FOLDER}/`);
    // A 2 s tour, so that both grids are visited within the test.
    await page.goto(app.server.url(`/?data=${encodeURIComponent(dataUrl)}#/wall?tour=2`));
    expect(await waitReady(page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
    const kpi = (id: string) => page.locator(`[data-testid="wall-kpi"][data-kpi="${id}"]`).getAttribute('data-value');
    expect(await kpi('grids')).toBe('2');
    await expect.poll(() => kpi('validation'), { timeout: 60_000 }).toBe(String(cli.summary.errors));
    await page.waitForSelector(`[data-testid="wall-tour"][data-code="${BAD_GRID}"]`, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="wall-tour"][data-code="330424002201001"]', { timeout: 30_000 });
    expect(await page.getByTestId('wall-stale').count(), 'stale/error banner').toBe(0);
    assertClean(tracked, app.server.origin);
  });
});
