/**
 * Issue 5, the wall left alone (short CI version of tests/bench/wall-soak.mjs): 14 refresh cycles with changing
 * files and 14 tour steps at fast intervals set through the URL, then a phase where a file is missing. The figures
 * follow the files (checked against datasetStats on the same folder), unchanged files come back as 304s, the stale
 * banner names the failure and goes away by itself, and the map's layers and sources, the ECharts instances and the
 * DOM do not grow; neither do the JS heap beyond noise, the JS objects in it, nor the heaps of the wall's worker and
 * MapLibre's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, launchBrowser } from './harness';
import { runSoak } from '../bench/wall-soak.mjs';
import { datasetStats } from '../../src/geo/dataset-stats';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('#/wall soak', () => {
  test('14 changing refreshes and 14 tour steps: figures follow, nothing piles up, a failure is shown and healed', async () => {
    const checked: number[] = [];
    const r = await runSoak({
      browser,
      dist: DIST,
      cycles: 14,
      tourSteps: 14,
      // A few cycles and one tour round first, so the baseline heap holds every grid's tiles and warm caches.
      // write(i) repeats every 7 cycles: a warm-up of 7k + 1 would leave cycle 1 nothing to change (and time out).
      warmup: 10,
      breakdown: true,
      onCycle: async (i, p, folder) => {
        if (i % 5 !== 0) return;
        const ds = await loadDataset(folderSource(folder), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
        expect(p.incidents, `cycle ${i}`).toBe(String(datasetStats(ds, { now: Date.now() }).totals.incidents.month.total));
        checked.push(Number(p.incidents));
      },
    });
    // The data did change under the screen (the checked month totals differ).
    expect(new Set(checked).size).toBeGreaterThan(1);
    expect(r.after.version - r.before.version).toBeGreaterThanOrEqual(14);
    expect(r.after.tourSteps).toBeGreaterThanOrEqual(14);
    expect(r.responses['304']).toBeGreaterThan(0);

    expect(r.stale.text).toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(r.stale.text).toContain('incidents.geojson');
    expect(r.stale.whileStale).toBe(r.stale.lastGood);

    for (const k of ['layers', 'sources', 'echarts', 'canvases'] as const) expect(r.after[k], k).toBe(r.before[k]);
    expect(r.after.domNodes).toBeLessThanOrEqual(r.before.domNodes * 1.1);
    expect(r.problems).toEqual([]);
    // The benchmark holds the 10 % target over 500 cycles; 14 cycles are too few for that precision (one snapshot
    // more or less in flight moves the figure by a few %), but a leak per cycle shows up well beyond this.
    expect(r.heapGrowth).toBeLessThan(0.2);
    // Sharper: the JS objects, arrays and strings alone (heap snapshots; V8's compiled code, which grows while it
    // optimises more functions, left out). A snapshot of the data kept per cycle would add several % in 14 cycles.
    const { before: b, after: a } = r.breakdown!;
    console.log(`wall soak (CI) breakdown before ${JSON.stringify(b)} after ${JSON.stringify(a)}`);
    expect(a.objects / b.objects - 1, `objects ${b.objects} → ${a.objects} B`).toBeLessThan(0.05);
    // The workers' heaps: the wall's (re-reads, recomputes) and MapLibre's (re-tiles on setData).
    // As many workers at the end as at the start (a worker started per refresh would be a leak of its own).
    expect(r.after.workers.count, 'workers').toEqual(r.before.workers.count);
    for (const k of ['wall', 'maplibre'] as const) {
      const [b, a] = [r.before.workers[k], r.after.workers[k]];
      expect(a / b - 1, `${k} worker ${(b / 1e6).toFixed(1)} → ${(a / 1e6).toFixed(1)} MB`).toBeLessThan(0.2);
    }
    const mb = (x: number) => (x / 1e6).toFixed(1);
    console.log(
      `wall soak (CI): heap ${mb(r.before.heap)} → ${mb(r.after.heap)} MB, objects ${mb(b.objects)} → ${mb(a.objects)} MB, ` +
        `wall worker ${mb(r.before.workers.wall)} → ${mb(r.after.workers.wall)} MB, maplibre worker ${mb(r.before.workers.maplibre)} → ${mb(r.after.workers.maplibre)} MB`,
    );
  }, 300_000); // 24 refresh cycles, 14 tour steps and heap snapshots: bounded by counts, slow on a loaded 2-core machine
});
