/**
 * The analysis store's filter API against a stand-in Worker that answers with the real engine (workers/stats-engine)
 * when the test says so: what is posted when, which replies are kept, and how the grid filter and the map
 * selection follow each other.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { Dataset } from '../../../src/domain/types';
import { NO_FILTER, monthFilter } from '../../../src/domain/incident-filter';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { buildIndex } from '../../../src/geo/dataset-index';
import { useDatasetStore } from '../../../src/stores/dataset';
import { useSelectionStore } from '../../../src/stores/selection';
import { useAnalysisStore } from '../../../src/stores/analysis';
import { StatsEngine, filterTransfer } from '../../../src/workers/stats-engine';
import type { StatsReply, StatsRequest } from '../../../src/workers/stats-messages';

let full: Dataset;
let engine: StatsEngine;

/** Every stand-in worker started, newest last. */
const workers: FakeWorker[] = [];

class FakeWorker {
  onmessage: ((e: { data: StatsReply }) => void) | null = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  posted: StatsRequest[] = [];
  terminated = false;
  constructor() {
    workers.push(this);
  }
  postMessage(request: StatsRequest): void {
    // Structured clone: the store must not rely on the worker sharing its objects.
    this.posted.push(structuredClone(request));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The reply the real worker would send to `request`. */
  answer(request: StatsRequest): StatsReply {
    if (request.type === 'filter') {
      const report = engine.filter(request.filter, request.hexSizeM);
      return structuredClone(
        { kind: 'filter', id: request.id, ok: true, ms: 1.5, ...report },
        { transfer: filterTransfer(report) },
      );
    }
    if (request.type === 'cell')
      return structuredClone({
        kind: 'cell',
        id: request.id,
        ok: true,
        ms: 0.5,
        ...engine.cell(request.filter, request.sizeM, request.cell),
      });
    if (request.type === 'patrol')
      return {
        kind: 'patrol',
        id: request.id,
        ok: true,
        ms: 2,
        ...engine.patrol(request.month, request.months),
      };
    if (request.type === 'stats')
      return {
        kind: 'stats',
        id: request.id,
        ok: true,
        ms: 3,
        stats: datasetStats(full, { month: request.month, now: 0 }),
      };
    throw new Error('the dataset message has no reply');
  }
  reply(request: StatsRequest, override?: Partial<StatsReply>): void {
    this.onmessage!({ data: { ...this.answer(request), ...override } as StatsReply });
  }
  last<T extends StatsRequest['type']>(type: T): Extract<StatsRequest, { type: T }> {
    const r = this.posted.filter((p) => p.type === type).at(-1);
    if (!r) throw new Error(`no ${type} request posted`);
    return r as Extract<StatsRequest, { type: T }>;
  }
  count(type: StatsRequest['type']): number {
    return this.posted.filter((p) => p.type === type).length;
  }
}

beforeAll(async () => {
  full = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
  engine = new StatsEngine(full, 0);
  Object.assign(globalThis, { Worker: FakeWorker, window: { location: { href: 'http://localhost/' } } });
});

afterAll(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
  delete (globalThis as { window?: unknown }).window;
});

function setup() {
  setActivePinia(createPinia());
  const dataset = useDatasetStore();
  dataset.index = buildIndex(full);
  dataset.baseUrl = 'data/zhihuiwan/';
  dataset.version = 1;
  dataset.status = 'ready';
  const analysis = useAnalysisStore();
  const selection = useSelectionStore();
  analysis.start();
  return { analysis, selection, w: workers.at(-1)! };
}

beforeEach(() => {
  workers.length = 0;
});

const GRID = '330424002201003';

describe('analysis store: filter', () => {
  it('starts on the month of asOf: the time range is that month, and the filter is asked for at once; the patrols once something shows them', async () => {
    const { analysis, w } = setup();
    expect(analysis.month).toBe('2026-11');
    expect(analysis.filter).toEqual(monthFilter('2026-11'));
    expect(analysis.timeAll).toBe(false);
    expect(w.posted.map((p) => p.type)).toEqual(['dataset', 'stats', 'filter']);
    expect(w.last('filter')).toMatchObject({ filter: monthFilter('2026-11'), hexSizeM: 200 });
    expect(analysis.summary).toBeNull();
    const release = analysis.wantPatrol();
    await nextTick();
    expect(w.posted.map((p) => p.type)).toEqual(['dataset', 'stats', 'filter', 'patrol']);
    expect(w.last('patrol')).toMatchObject({ month: '2026-11', months: analysis.months });
    // A second watcher (the tracks layer beside the tab) asks for nothing more.
    const second = analysis.wantPatrol();
    await nextTick();
    expect(w.posted.filter((p) => p.type === 'patrol')).toHaveLength(1);

    w.reply(w.last('filter'));
    expect(analysis.summary?.total).toBe(
      datasetStats(full, { now: 0, month: '2026-11' }).totals.incidents.month.total,
    );
    expect(analysis.points).toBeInstanceOf(Float64Array);
    expect(analysis.points!.length).toBe(2 * analysis.summary!.total);
    expect(analysis.hex?.month).toBe('2026-11');
    expect(analysis.hex?.total).toBe(analysis.summary!.total);
    expect(analysis.filterMs).toBe(1.5);

    w.reply(w.last('patrol'));
    expect(analysis.patrol?.month).toBe('2026-11');
    expect(analysis.patrol?.trend.months).toEqual(analysis.months);
    expect(analysis.patrol?.tracks.features.length).toBeGreaterThan(0);
    expect(Object.keys(analysis.patrol!.tracks.features[0].properties).sort()).toEqual([
      'gridCode',
      'id',
      'memberId',
      'startedAt',
    ]);
    // Released and wanted again for the same month: what came is kept, nothing is asked again.
    release();
    second();
    analysis.wantPatrol();
    await nextTick();
    expect(w.posted.filter((p) => p.type === 'patrol')).toHaveLength(1);
  });

  it('asks for no patrols on a month change while nothing shows them, and for the new month while something does', async () => {
    const { analysis, w } = setup();
    analysis.setMonth('2026-10');
    expect(w.posted.filter((p) => p.type === 'patrol')).toHaveLength(0);
    const release = analysis.wantPatrol();
    await nextTick();
    expect(w.last('patrol').month).toBe('2026-10');
    analysis.setMonth('2026-09');
    expect(w.last('patrol').month).toBe('2026-09');
    release();
    analysis.setMonth('2026-08');
    expect(w.last('patrol').month).toBe('2026-09');
  });

  it('posts each change at once and keeps only the reply to the latest', () => {
    const { analysis, w } = setup();
    const first = w.last('filter');
    analysis.setFilter({ categories: ['fire'] });
    analysis.setFilter({ categories: ['fire', 'safety'], levels: [1] });
    expect(w.count('filter')).toBe(3);
    const latest = w.last('filter');
    expect(latest.filter).toMatchObject({
      categories: ['fire', 'safety'],
      levels: [1],
      from: monthFilter('2026-11').from,
    });
    w.reply(latest);
    const kept = analysis.summary;
    w.reply(first); // a stale reply arriving late
    expect(analysis.summary).toBe(kept);
    expect(analysis.summary?.filter.categories).toEqual(['fire', 'safety']);
    // The filter is frozen: components read it, the store's functions change it.
    expect(Object.isFrozen(analysis.filter)).toBe(true);
  });

  it('rejects a bad filter with a clear error and keeps the one it had', () => {
    const { analysis, w } = setup();
    const before = analysis.filter;
    const posted = w.posted.length;
    expect(() => analysis.setFilter({ categories: ['arson' as never] })).toThrow(/unknown value "arson"/);
    expect(() => analysis.setTimeRange(10, 5)).toThrow(/is after filter\.to/);
    expect(analysis.filter).toBe(before);
    expect(w.posted.length).toBe(posted);
  });

  it('sets, clears and resets the time range; setMonth moves it with the month', () => {
    const { analysis, w } = setup();
    analysis.setTimeRange(null, null);
    expect(analysis.timeAll).toBe(true);
    analysis.setFilter({ levels: [2] });
    analysis.setMonth('2026-10');
    expect(analysis.filter).toEqual({ ...monthFilter('2026-10'), levels: [2] });
    expect(w.last('stats').month).toBe('2026-10');
    expect(w.last('filter').filter).toEqual(analysis.filter);
    analysis.resetFilter();
    expect(analysis.filter).toEqual(monthFilter('2026-10'));
    expect(() => analysis.setMonth('2026-13')).toThrow(/not a month/);
    expect(analysis.month).toBe('2026-10');
  });

  it('follows the map selection, and moves it', () => {
    const { analysis, selection, w } = setup();
    const n = w.count('filter');
    selection.selectGrid(GRID);
    expect(analysis.filter.grids).toEqual([GRID]);
    expect(w.count('filter')).toBe(n + 1);
    selection.clear();
    expect(analysis.filter.grids).toBeNull();
    expect(w.count('filter')).toBe(n + 2);

    analysis.setFilter({ grids: [GRID] });
    expect(selection.gridCode).toBe(GRID);
    expect(w.count('filter')).toBe(n + 3); // one post, not two
    analysis.setFilter({ grids: [GRID, '330424002201001'] });
    expect(selection.gridCode).toBeNull();
    expect(analysis.filter.grids).toEqual([GRID, '330424002201001']);
    analysis.selectGrid(GRID);
    expect(analysis.filter.grids).toEqual([GRID]);
    analysis.resetFilter();
    expect(selection.gridCode).toBeNull();
    expect(analysis.filter).toEqual(monthFilter('2026-11'));
  });

  it('asks for hex cells at the chosen size, none when off, and keeps the numbers when the hex analysis fails', () => {
    const { analysis, w } = setup();
    w.reply(w.last('filter'));
    const n = w.count('filter');
    analysis.setHexMode('hotspots'); // the same result serves density and hotspots
    expect(w.count('filter')).toBe(n);
    analysis.setHexSize(500);
    expect(w.last('filter').hexSizeM).toBe(500);
    expect(analysis.hex).toBeNull(); // another size: loading
    w.reply(w.last('filter'));
    expect(analysis.hex?.sizeM).toBe(500);
    analysis.setHexMode('off');
    expect(w.last('filter').hexSizeM).toBeNull();
    expect(analysis.hex).toBeNull();
    analysis.setHexMode('density');
    w.reply(w.last('filter'), { hex: null, hexError: 'boom' } as Partial<StatsReply>);
    expect(analysis.hex).toBeNull();
    expect(analysis.hexError).toBe('boom');
    expect(analysis.summary).not.toBeNull();
  });

  it('reports a failed filter request without dropping the last good numbers', () => {
    const { analysis, w } = setup();
    w.reply(w.last('filter'));
    analysis.setFilter({ levels: [1] });
    const r = w.last('filter');
    analysis.selectHexCell(0);
    w.onmessage!({
      data: { kind: 'filter', id: r.id, ok: false, error: { message: 'no dataset 1 was sent' } },
    });
    expect(analysis.filterError?.message).toMatch(/no dataset/);
    expect(analysis.summary?.filter).toEqual(monthFilter('2026-11'));
    // The cell stays open on the result on screen until a new one comes.
    analysis.setFilter(NO_FILTER);
    expect(analysis.hexCell).toBe(0);
  });
});

/** Index of the busiest cell of the store's hex result. */
const busiest = (counts: Uint32Array) => counts.indexOf(counts.reduce((a, c) => (c > a ? c : a), 0));

describe("analysis store: a hex cell's incidents, on demand", () => {
  it('asks the worker for the clicked cell under the filter of the hex result, and shows nothing until it answers', () => {
    const { analysis, w } = setup();
    w.reply(w.last('filter'));
    const hex = analysis.hex!;
    const i = busiest(hex.count);
    expect(w.count('cell')).toBe(0); // nothing is listed before a click
    analysis.selectHexCell(i);
    expect(analysis.hexCell).toBe(i);
    expect(analysis.hexCellList).toBeNull();
    const asked = w.last('cell');
    expect(asked).toMatchObject({ key: 1, filter: monthFilter('2026-11'), sizeM: 200, cell: i });
    w.reply(asked);
    const list = analysis.hexCellList!;
    expect(list).toMatchObject({ cell: i, filterKey: hex.key, count: hex.count[i] });
    expect(list.incidents.map((x) => x.id)).toEqual(
      engine.cell(monthFilter('2026-11'), 200, i).incidents.map((x) => x.id),
    );
    expect(list.incidents.length).toBe(Math.min(hex.count[i], 50));
    // The same cell again: no new request.
    analysis.selectHexCell(i);
    expect(w.count('cell')).toBe(1);
    expect(analysis.hexCellList).toBe(list);
  });

  it("keeps only the reply for the open cell: an earlier click's or a closed cell's reply is dropped", () => {
    const { analysis, w } = setup();
    w.reply(w.last('filter'));
    const i = busiest(analysis.hex!.count);
    analysis.selectHexCell(i);
    const first = w.last('cell');
    analysis.selectHexCell(0);
    const second = w.last('cell');
    w.reply(first);
    expect(analysis.hexCellList).toBeNull();
    w.reply(second);
    expect(analysis.hexCellList?.cell).toBe(0);
    analysis.selectHexCell(i);
    const third = w.last('cell');
    analysis.selectHexCell(null);
    w.reply(third);
    expect(analysis.hexCell).toBeNull();
    expect(analysis.hexCellList).toBeNull();
  });

  it("lists the open cell again under a new filter once its hex result comes, and drops the old filter's list", () => {
    const { analysis, w } = setup();
    analysis.setTimeRange(null, null);
    w.reply(w.last('filter'));
    const i = busiest(analysis.hex!.count);
    const q = analysis.hex!.q[i];
    analysis.selectHexCell(i);
    const old = w.last('cell');
    analysis.setFilter({ categories: ['fire'] });
    expect(w.count('cell')).toBe(1); // nothing to ask until the new cells are there
    expect(analysis.hexCell).toBe(i);
    w.reply(w.last('filter'));
    expect(analysis.hex!.q[i]).toBe(q);
    expect(w.count('cell')).toBe(2);
    const again = w.last('cell');
    expect(again).toMatchObject({
      cell: i,
      sizeM: 200,
      filter: { categories: ['fire'], from: null, to: null },
    });
    expect(analysis.hexCellList).toBeNull();
    w.reply(old); // the list under the old filter, late
    expect(analysis.hexCellList).toBeNull();
    w.reply(again);
    expect(analysis.hexCellList).toMatchObject({
      cell: i,
      filterKey: analysis.hex!.key,
      count: analysis.hex!.count[i],
    });
    expect(analysis.hexCellList!.count).toBe(engine.cell(analysis.filter, 200, i).count);
    expect(analysis.hexCellList!.incidents.every((x) => x.category === 'fire')).toBe(true);
  });

  it('closes the cell when the cells change size or are turned off', () => {
    const { analysis, w } = setup();
    w.reply(w.last('filter'));
    analysis.selectHexCell(3);
    analysis.setHexSize(500);
    expect(analysis.hexCell).toBeNull();
    expect(analysis.hexCellList).toBeNull();
    w.reply(w.last('filter'));
    analysis.selectHexCell(3);
    w.reply(w.last('cell'));
    expect(analysis.hexCellList?.cell).toBe(3);
    analysis.setHexMode('off');
    expect(analysis.hexCell).toBeNull();
    expect(analysis.hexCellList).toBeNull();
    expect(w.count('cell')).toBe(2);
  });

  it('closes a cell the new result does not have (same index, other q, r)', () => {
    const { analysis, w } = setup();
    w.reply(w.last('filter'));
    const i = busiest(analysis.hex!.count);
    analysis.selectHexCell(i);
    analysis.setFilter({ levels: [1] });
    const r = w.last('filter');
    // A result whose cells are not those of the open one (as another dataset's would be).
    const reply = w.answer(r) as Extract<StatsReply, { kind: 'filter'; ok: true }>;
    reply.hex!.q[i] += 1000;
    w.onmessage!({ data: reply });
    expect(analysis.hexCell).toBeNull();
    expect(w.count('cell')).toBe(1);
  });

  it('reports a failed list, and rejects an index that is not a cell of the result', () => {
    const { analysis, w } = setup();
    expect(() => analysis.selectHexCell(0)).toThrow(/no hex result to pick a cell of/);
    w.reply(w.last('filter'));
    const n = analysis.hex!.q.length;
    expect(() => analysis.selectHexCell(n)).toThrow(
      new RegExp(`selectHexCell\\(${n}\\): not one of the ${n} cells`),
    );
    expect(() => analysis.selectHexCell(-1)).toThrow(/not one of the/);
    expect(() => analysis.selectHexCell(1.5)).toThrow(/not one of the/);
    expect(analysis.hexCell).toBeNull();
    analysis.selectHexCell(1);
    const c = w.last('cell');
    w.onmessage!({ data: { kind: 'cell', id: c.id, ok: false, error: { message: 'RangeError: boom' } } });
    expect(analysis.hexCellError?.message).toBe('RangeError: boom');
    expect(analysis.hexCellList).toBeNull();
    analysis.selectHexCell(null);
    expect(analysis.hexCellError).toBeNull();
  });
});

describe('analysis store: a failing worker', () => {
  const crash = (w: FakeWorker, message: string) =>
    (w.onerror as (e: { message: string; preventDefault(): void }) => void)({ message, preventDefault() {} });

  it('a worker error fails every request waiting on it, and the next one starts a new worker with the dataset', async () => {
    const { analysis, w } = setup();
    analysis.wantPatrol();
    await nextTick();
    crash(w, 'Error: out of memory');
    expect(analysis.status).toBe('error');
    expect(analysis.error?.message).toBe('Error: out of memory');
    expect(analysis.filterError?.message).toBe('Error: out of memory');
    expect(analysis.patrolError?.message).toBe('Error: out of memory');
    expect(w.terminated).toBe(true);
    analysis.setMonth('2026-10');
    const next = workers.at(-1)!;
    expect(next).not.toBe(w);
    expect(next.posted.map((p) => p.type)).toEqual(['dataset', 'stats', 'filter', 'patrol']);
    next.reply(next.last('stats'));
    expect(analysis.status).toBe('done');
    expect(analysis.report?.month).toBe('2026-10');
  });

  it('an unreadable reply fails what was waiting instead of leaving it "running"', () => {
    const { analysis, w } = setup();
    (w.onmessageerror as () => void)();
    expect(analysis.status).toBe('error');
    expect(analysis.error?.message).toBe('stats reply could not be read');
    expect(analysis.filterError?.message).toBe('stats reply could not be read');
    expect(w.terminated).toBe(false);
    analysis.setFilter({ levels: [1] });
    w.reply(w.last('filter'));
    expect(analysis.filterError).toBeNull();
    expect(analysis.summary?.filter.levels).toEqual([1]);
  });
});

describe('analysis store: towns and communities (issue 14, data/haiyan-mini)', () => {
  let saved: { full: Dataset; engine: StatsEngine };
  beforeAll(async () => {
    saved = { full, engine };
    full = await loadDataset(folderSource('data/haiyan-mini'), { skip: ['basemap.geojson'] });
    engine = new StatsEngine(full, 0);
  });
  afterAll(() => {
    ({ full, engine } = saved);
  });

  it('carries the dimensions, lets go of choices outside a new town, and clears them', () => {
    const { analysis, selection, w } = setup();
    expect(analysis.multiCommunity).toBe(true);
    const [c1, c2, c3] = analysis.hierarchy!.communities;
    expect(c1.townCode).toBe(c2.townCode);
    expect(c3.townCode).not.toBe(c1.townCode);

    analysis.setCommunities([c1.code]);
    expect(w.last('filter').filter).toMatchObject({ communities: [c1.code], towns: null });
    w.reply(w.last('filter'));
    expect(analysis.summary!.grids.map((g) => g.code).sort()).toEqual(c1.gridCodes);
    expect(analysis.summary!.communities.map((c) => c.code).sort()).toEqual([c1.code, c2.code, c3.code]);

    analysis.setTowns([c1.townCode!]); // the community lies in the town: kept
    expect(analysis.filter).toMatchObject({ towns: [c1.townCode], communities: [c1.code] });
    selection.selectGrid(c1.gridCodes[0]);
    expect(analysis.filter.grids).toEqual([c1.gridCodes[0]]);
    analysis.setTowns([c3.townCode!]); // another town: the community and the grid go
    expect(analysis.filter).toMatchObject({ towns: [c3.townCode], communities: null, grids: null });
    expect(selection.gridCode).toBeNull();

    selection.selectGrid(c1.gridCodes[0]); // a grid on the map outside the town lets the town go
    expect(analysis.filter).toMatchObject({ towns: null, communities: null, grids: [c1.gridCodes[0]] });

    analysis.setTowns([c1.townCode!]);
    analysis.setCommunities([c2.code]); // the selected grid is not the community's: it goes
    expect(analysis.filter).toMatchObject({ towns: [c1.townCode], communities: [c2.code], grids: null });
    analysis.resetFilter();
    expect(analysis.filter).toEqual(monthFilter('2026-11'));
    expect(analysis.filter.towns).toBeNull();
    expect(analysis.filter.communities).toBeNull();
  });

  it('shows no town or community dimension for one community', () => {
    setActivePinia(createPinia());
    const dataset = useDatasetStore();
    dataset.index = buildIndex(saved.full);
    expect(useAnalysisStore().multiCommunity).toBe(false);
  });
});
