/**
 * Validation in the app (issue 3): the badge in the top bar, the panel's counts per rule, findings drawn on the map
 * when clicked or all at once, and the dataset selector, in the built app in Chromium. The app's counts must be
 * the CLI's: runValidate reads the same folder from disk.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import turfBbox from '@turf/bbox';
import type { Feature, Point } from 'geojson';
import { ROOT, assertClean, screenshot, useAppBrowser, waitReady, type AppWindow, type TrackedPage } from './harness';
import { runValidate } from '../../src/cli/validate';
import { RULES } from '../../src/domain/findings';
import { findingKind } from '../../src/map/validation-layers';
import type { ValidationReport } from '../../src/geo/validate-dataset';

const DEFECTS_DIR = path.join(ROOT, 'data/zhihuiwan-defects');
const DEFECTS_URL = './data/zhihuiwan-defects/';

let cli: ValidationReport | null = null;

beforeAll(async () => {
  cli = await runValidate(DEFECTS_DIR);
});

const app = useAppBrowser();

async function openReady(url = '/'): Promise<TrackedPage> {
  const tracked = await app.open();
  await tracked.page.goto(app.server.url(url));
  expect(await waitReady(tracked.page), 'window.__gridsight.ready result').toMatchObject({ ok: true });
  return tracked;
}

/** Waits until validation has finished (or failed) and returns the badge's status. */
async function badgeSettled(page: Page): Promise<string> {
  const badge = page.getByTestId('validation-badge');
  await expect
    .poll(() => badge.getAttribute('data-status'), { timeout: 60_000 })
    .toMatch(/^(ok|warning|error|failed)$/);
  return (await badge.getAttribute('data-status'))!;
}

/** Resolves once the map has stopped moving and drawn a frame with nothing left to load. */
async function mapSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => !(window as AppWindow).__gridsight!.map.isMoving(), undefined, { timeout: 20_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as AppWindow).__gridsight!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/** The defects dataset with its validation panel open and "show all problems" drawn, the map settled. */
async function openShowingAll(): Promise<TrackedPage> {
  const tracked = await openReady(`/?data=${encodeURIComponent(DEFECTS_URL)}`);
  const { page } = tracked;
  await badgeSettled(page);
  await page.getByTestId('validation-badge').click();
  await page.getByTestId('show-all-problems').check();
  await mapSettled(page);
  return tracked;
}

function countsOf(report: ValidationReport): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(Object.keys(RULES).map((r) => [r, 0]));
  for (const f of report.findings) counts[f.rule]++;
  return counts;
}

describe('validation (issue 3) in Chromium', () => {
  it('the bundled clean dataset: badge "ok" with no errors or warnings', async () => {
    const tracked = await openReady();
    const { page } = tracked;
    expect(await badgeSettled(page)).toBe('ok');
    const badge = page.getByTestId('validation-badge');
    expect(await badge.getAttribute('data-errors')).toBe('0');
    expect(await badge.getAttribute('data-warnings')).toBe('0');
    await badge.click();
    const counts = await page.getByTestId('rule-count').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.length).toBe(Object.keys(RULES).length);
    expect(counts.every((n) => n === 0)).toBe(true);
    expect(await page.getByTestId('finding').count()).toBe(0);
    assertClean(tracked, app.server.origin);
  });

  it('the defects dataset: badge and rule counts equal the CLI report', async () => {
    const tracked = await openReady(`/?data=${encodeURIComponent(DEFECTS_URL)}`);
    const { page } = tracked;
    const report = cli!;
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(await badgeSettled(page)).toBe('error');
    const badge = page.getByTestId('validation-badge');
    expect(Number(await badge.getAttribute('data-errors')), 'errors').toBe(report.summary.errors);
    expect(Number(await badge.getAttribute('data-warnings')), 'warnings').toBe(report.summary.warnings);

    await badge.click();
    const panel = page.getByTestId('validation-panel');
    await panel.waitFor();
    const shown = await panel.getByTestId('rule-count').evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-rule'), Number(e.getAttribute('data-count'))])),
    );
    expect(shown).toEqual(countsOf(report));
    const rows = await panel.getByTestId('finding').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-rule')} ${e.getAttribute('data-codes')}`),
    );
    expect(rows).toEqual(report.findings.map((f) => `${f.rule} ${f.codes.join(',')}`));

    // The same facts as the CLI, in Chinese (issue 12): the counts behind a staffing or sizing finding, not only
    // "不符合规范", and each unit by its name where the dataset names it.
    const texts = await panel.locator('[data-testid=finding] .text').allInnerTexts();
    let checked = 0;
    report.findings.forEach((f, i) => {
      const text = texts[i];
      expect(text, `finding ${i} (${f.rule})`).not.toMatch(/不符合规范|不在建议范围内/);
      for (const r of f.facts?.roles ?? []) {
        expect(text, f.message).toContain(`${r.has} 名（应为 ${r.needs} 名）`);
        checked++;
      }
      if (f.facts?.enterprises && f.rule === 'grid-enterprise-count') {
        const { above, below, min, max } = f.facts.enterprises;
        expect(text, f.message).toContain(`有企业 ${above + below} 家（规上 ${above}、规下 ${below}），建议 ${min}–${max} 家`);
        checked++;
      }
      if (f.facts?.enterprises && f.rule === 'microgrid-composition') {
        const { above, below } = f.facts.enterprises;
        expect(text, f.message).toMatch(above + below ? `规上企业 ${above} 家、规下企业 ${below} 家` : '没有企业');
        checked++;
      }
    });
    expect(checked, 'findings with counts in the defects dataset').toBeGreaterThan(0);
    assertClean(tracked, app.server.origin);
  });

  it('a click on a finding\'s marker on the map selects that finding, not the unit or enterprise under it', async () => {
    const tracked = await openShowingAll();
    const { page } = tracked;
    const target = await page.evaluate(() => {
      const map = (window as AppWindow).__gridsight!.map;
      const box = map.getCanvas().getBoundingClientRect();
      const inView = (p: { x: number; y: number }) => p.x > 340 && p.x < box.width - 440 && p.y > 40 && p.y < box.height - 40;
      for (const f of map.queryRenderedFeatures({ layers: ['validation-marker', 'validation-point'] })) {
        const p = map.project((f.geometry as Point).coordinates as [number, number]);
        if (inView(p)) return { id: Number(f.id), x: box.left + p.x, y: box.top + p.y };
      }
      return null;
    });
    expect(target, 'a finding marker in the open part of the map').not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const row = page.locator(`[data-testid=finding][data-index="${target!.id}"]`);
    await expect.poll(() => row.getAttribute('aria-pressed')).toBe('true');
    assertClean(tracked, app.server.origin);
  });

  it('a grid-overlap finding: the map flies to it and validation-fill draws it', async () => {
    const tracked = await openReady(`/?data=${encodeURIComponent(DEFECTS_URL)}`);
    const { page } = tracked;
    const report = cli!;
    const index = report.findings.findIndex((f) => f.rule === 'grid-overlap' && f.geometry);
    expect(index, 'a grid-overlap finding with geometry in the CLI report').toBeGreaterThanOrEqual(0);
    const overlap = report.findings[index];
    await badgeSettled(page);
    await page.getByTestId('validation-badge').click();
    await page.locator(`[data-testid="finding"][data-rule="grid-overlap"][data-codes="${overlap.codes.join(',')}"]`).click();
    await mapSettled(page);

    const [minX, minY, maxX, maxY] = turfBbox({ type: 'Feature', geometry: overlap.geometry!, properties: {} } as Feature);
    const view = await page.evaluate(() => (window as AppWindow).__gridsight!.map.getBounds().toArray());
    expect(view[0][0]).toBeLessThanOrEqual(minX);
    expect(view[0][1]).toBeLessThanOrEqual(minY);
    expect(view[1][0]).toBeGreaterThanOrEqual(maxX);
    expect(view[1][1]).toBeGreaterThanOrEqual(maxY);

    const drawn = await page.evaluate(() =>
      (window as AppWindow).__gridsight!.map
        .queryRenderedFeatures({ layers: ['validation-fill'] })
        .map((f) => ({ rule: f.properties.rule as string, i: Number(f.properties.i) })),
    );
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((f) => f.rule === 'grid-overlap' && f.i === index), JSON.stringify(drawn)).toBe(true);
    await screenshot(page, 'validation-finding');
    assertClean(tracked, app.server.origin);
  });

  it('"show all problems" draws findings of several kinds at the community view', async () => {
    const tracked = await openShowingAll();
    const { page } = tracked;
    const layers = ['validation-fill', 'validation-outline', 'validation-line', 'validation-point', 'validation-marker'];
    const drawn = await page.evaluate(
      (layers) =>
        (window as AppWindow).__gridsight!.map
          .queryRenderedFeatures({ layers })
          .map((f) => ({ layer: f.layer.id, rule: f.properties.rule as string })),
      layers,
    );
    const rules = new Set(drawn.map((d) => d.rule));
    const expected = new Set(cli!.findings.filter((f) => f.geometry).map((f) => f.rule));
    expect([...rules].sort()).toEqual([...expected].sort());
    const layersDrawn = new Set(drawn.map((d) => d.layer));
    for (const id of layers) expect(layersDrawn.has(id), `layer ${id} draws something`).toBe(true);
    // The legend explains the marks now on the map: one entry per kind drawn (hatches, lines, rings, points).
    const marks = await page.getByTestId('legend-marks').locator('[data-legend]').evaluateAll((els) => els.map((e) => e.getAttribute('data-legend')));
    const kinds = new Set(
      cli!.findings.filter((f) => f.geometry && findingKind(f.rule) !== 'other').map((f) => `marks.${findingKind(f.rule)}`),
    );
    expect([...marks].sort()).toEqual([...kinds].sort());
    await screenshot(page, 'validation-panel');
    assertClean(tracked, app.server.origin);
  });

  it('the dataset selector switches datasets without a page reload and replaces ready', async () => {
    const tracked = await openReady();
    const { page } = tracked;
    expect(await badgeSettled(page)).toBe('ok');
    // A page reload would lose this marker; the old `ready` is kept to see that a new one replaces it.
    await page.evaluate(() => {
      const w = window as AppWindow & { __marker?: number; __oldReady?: unknown };
      w.__marker = 1;
      w.__oldReady = w.__gridsight!.ready;
    });
    const select = page.getByTestId('dataset-select');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThanOrEqual(2);
    await select.selectOption(DEFECTS_URL);
    const replaced = await page.evaluate(() => {
      const w = window as AppWindow & { __oldReady?: unknown };
      return w.__gridsight!.ready !== w.__oldReady;
    });
    expect(replaced, 'window.__gridsight.ready replaced on dataset change').toBe(true);
    expect(await waitReady(page)).toMatchObject({ ok: true });
    expect(await badgeSettled(page)).toBe('error');
    expect(Number(await page.getByTestId('validation-badge').getAttribute('data-errors'))).toBe(cli!.summary.errors);
    expect(new URL(page.url()).searchParams.get('data')).toBe(DEFECTS_URL);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), 'no page reload').toBe(1);
    const names = await page.evaluate(() => document.title);
    expect(names).toContain('缺陷样例');
    await select.selectOption('./data/zhihuiwan/');
    expect(await waitReady(page)).toMatchObject({ ok: true });
    expect(await badgeSettled(page)).toBe('ok');
    assertClean(tracked, app.server.origin);
  });
});
