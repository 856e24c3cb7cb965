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
});
