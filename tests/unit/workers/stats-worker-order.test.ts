/**
 * The stats worker's order of answers (src/workers/stats.worker.ts), run in-process with `self` and `fetch` stood in
 * for: the page posts the month's stats, the filter and the patrol trend together at start-up; the filter (the
 * count and charts the analyst waits on, fast) is answered first, then the month's stats, then the patrol trend,
 * whatever order they came in. A request that fails still lets the others through.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { statsInput, type StatsReply, type StatsRequest } from '../../../src/workers/stats-messages';
import { NO_FILTER } from '../../../src/domain/incident-filter';

const replies: StatsReply[] = [];
const self = {
  postMessage: (m: StatsReply) => replies.push(m),
  onmessage: null as null | ((e: { data: StatsRequest }) => unknown),
};
vi.stubGlobal('self', self);
/** While set, the patrols' answer waits for it (a county's tracks take seconds to arrive and parse). */
let patrolsGate: Promise<void> | null = null;
vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
  const file = path.basename(new URL(String(input)).pathname);
  if (file === 'patrols.geojson' && patrolsGate) await patrolsGate;
  return new Response(readFileSync(path.join('data/zhihuiwan', file)));
});
afterAll(() => vi.unstubAllGlobals());

const settled = () => replies.filter((r) => !('partial' in r && r.partial));

describe('stats worker', async () => {
  await import('../../../src/workers/stats.worker');
  const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
  const post = (data: unknown) => self.onmessage!({ data: data as StatsRequest });
  const now = Date.parse('2026-12-01T00:00:00+08:00');

  it('answers the filter first, then the month, then the patrol trend', async () => {
    post({ type: 'dataset', key: 1, baseUrl: 'http://test/ds/', dataset: statsInput(ds) });
    post({ type: 'stats', id: 1, key: 1, month: '2026-11', now });
    post({ type: 'filter', id: 2, key: 1, filter: NO_FILTER, hexSizeM: 200, now });
    post({ type: 'patrol', id: 3, key: 1, month: '2026-11', months: ['2026-10', '2026-11'], now });
    await vi.waitFor(() => expect(settled()).toHaveLength(3), { timeout: 30_000 });
    expect(settled().map((r) => [r.kind, 'ok' in r && r.ok])).toEqual([
      ['filter', true],
      ['stats', true],
      ['patrol', true],
    ]);
  });

  it('answers the filter and the incident card before the patrols have come; the rest once they have', async () => {
    replies.length = 0;
    let release!: () => void;
    patrolsGate = new Promise<void>((r) => (release = r));
    try {
      post({ type: 'dataset', key: 2, baseUrl: 'http://test/ds/', dataset: statsInput(ds) });
      post({ type: 'stats', id: 10, key: 2, month: '2026-11', now });
      post({ type: 'patrol', id: 11, key: 2, month: '2026-11', months: ['2026-10', '2026-11'], now });
      post({ type: 'filter', id: 12, key: 2, filter: NO_FILTER, hexSizeM: 200, now });
      const incidentId = ds.incidents!.features[0].properties.id;
      post({ type: 'incident', id: 13, key: 2, incidentId, now });
      await vi.waitFor(() => expect(settled()).toHaveLength(2), { timeout: 30_000 });
      expect(
        settled()
          .map((r) => r.kind)
          .sort(),
      ).toEqual(['filter', 'incident']);
      const filter = settled().find((r) => r.kind === 'filter');
      expect(filter && 'summary' in filter && filter.summary.total).toBe(ds.incidents!.features.length);
      release();
      await vi.waitFor(() => expect(settled()).toHaveLength(4), { timeout: 30_000 });
      const patrol = settled().find((r) => r.kind === 'patrol');
      // The engine made for the filter took the patrols in: the month's tracks are there.
      expect(patrol && 'tracks' in patrol && patrol.tracks.features.length).toBeGreaterThan(0);
      const stats = settled().find((r) => r.kind === 'stats');
      expect(stats && 'stats' in stats && stats.stats.totals.patrol).toEqual(
        (await import('../../../src/geo/dataset-stats')).datasetStats(ds, { month: '2026-11', now }).totals
          .patrol,
      );
    } finally {
      release();
      patrolsGate = null;
    }
  });

  it('still answers the month when a filter request fails', async () => {
    replies.length = 0;
    post({ type: 'stats', id: 4, key: 2, month: '2026-11', now });
    post({ type: 'filter', id: 5, key: 2, filter: { ...NO_FILTER, levels: [0] }, hexSizeM: 200, now });
    await vi.waitFor(() => expect(settled()).toHaveLength(2), { timeout: 30_000 });
    expect(settled().map((r) => [r.kind, 'ok' in r && r.ok])).toEqual([
      ['filter', false],
      ['stats', true],
    ]);
  });
});
