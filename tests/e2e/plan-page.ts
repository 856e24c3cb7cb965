/**
 * The planner's map as the browser tests drive it (plan.test.ts, server-plan.test.ts): the draft's snapshot and
 * cursor through `window.__gridsight.plan`, clicks at map positions, the tools, points inside grids, and filling the
 * roster until every role is held.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export type Areal = Polygon | MultiPolygon;
export type Unit = Feature<Areal, { code: string; gridCode?: string }>;
export type Snapshot = { grids: FeatureCollection<Areal, { code: string }>; microGrids: FeatureCollection<Areal, { code: string; gridCode: string }> };
export type LonLat = [number, number];

export const ringsOf = (g: Areal): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
export const key = (p: Position) => `${p[0]},${p[1]}`;

export async function snapshot(page: Page): Promise<Snapshot> {
  return (await page.evaluate(() => window.__gridsight.plan!.snapshot())) as unknown as Snapshot;
}
export async function cursor(page: Page): Promise<number> {
  return page.evaluate(() => window.__gridsight.plan!.cursor);
}
/** Waits until the draft has `n` operations applied (cursor), failing with the refusal shown if there is one. */
export async function applied(page: Page, n: number): Promise<void> {
  try {
    await expect.poll(() => cursor(page), { timeout: 30_000 }).toBe(n);
  } catch (e) {
    const status = await page.getByTestId('plan-status').textContent().catch(() => null);
    throw new Error(`the draft has ${await cursor(page)} operations, not ${n}; the editor says: ${status ?? '(nothing)'}`, { cause: e });
  }
}

/** The page position of a point on the map. */
export async function px(page: Page, p: LonLat): Promise<{ x: number; y: number }> {
  return page.evaluate(([lon, lat]) => {
    const map = window.__gridsight.map!;
    const q = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + q.x, y: r.top + q.y };
  }, p);
}
export async function lonlat(page: Page, at: { x: number; y: number }): Promise<LonLat> {
  return page.evaluate(({ x, y }) => {
    const map = window.__gridsight.map!;
    const r = map.getCanvas().getBoundingClientRect();
    const q = map.unproject([x - r.left, y - r.top]);
    return [q.lng, q.lat] as [number, number];
  }, at);
}
export async function click(page: Page, p: LonLat): Promise<void> {
  const { x, y } = await px(page, p);
  await page.mouse.move(x, y, { steps: 3 });
  await page.mouse.click(x, y);
  await page.waitForTimeout(60);
}
export async function tool(page: Page, name: string): Promise<void> {
  await page.locator(`[data-testid=plan-tool][data-tool="${name}"]`).click();
}

export function grid(s: Snapshot, code: string): Unit {
  const g = s.grids.features.find((f) => f.properties.code === code);
  if (!g) throw new Error(`grid ${code} is not in the draft`);
  return g as Unit;
}
export function codes(fc: FeatureCollection<Areal, { code: string }>): string[] {
  return fc.features.map((f) => f.properties.code).sort();
}

/** Where the horizontal line at `lat` crosses the grid's outer ring (longitudes, sorted). */
export function crossings(g: Unit, lat: number): number[] {
  const xs: number[] = [];
  for (const ring of ringsOf(g.geometry)) {
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1], ring[i]];
      if ((a[1] > lat) !== (b[1] > lat)) xs.push(a[0] + ((lat - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
    }
  }
  return xs.sort((p, q) => p - q);
}
export function bboxOf(g: Unit): [number, number, number, number] {
  const pts = ringsOf(g.geometry).flat();
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
}

/** Assigns every vacancy the roster shows, grid by grid, from the members waiting for a grid first. */
export async function fillRoster(page: Page): Promise<number> {
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
  // Members of retired grids left over once every role is held stay in the community as "other" members.
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

/** A point well inside a grid: the middle of the widest run of the horizontal line through its middle. */
export function labelPoint(g: Unit): LonLat {
  const [, minY, , maxY] = bboxOf(g);
  const lat = (minY + maxY) / 2;
  const xs = crossings(g, lat);
  let best: LonLat = [(xs[0] + xs[1]) / 2, lat];
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) [width, best] = [xs[i + 1] - xs[i], [(xs[i] + xs[i + 1]) / 2, lat]];
  }
  return best;
}
