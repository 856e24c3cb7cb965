/**
 * The drafts store against IndexedDB (fake-indexeddb) and a stand-in plan session: a draft begins on the first
 * visit, every operation, undo and redo is saved, a reload replays the saved log, a changed dataset is told, a
 * replay the engine refuses keeps the old draft, and drafts are created, switched, renamed and deleted.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { ChangeLogEntry } from '../../../src/domain/plan/types';
import type { Dataset } from '../../../src/domain/types';
import type { DatasetIndex } from '../../../src/geo/dataset-index';
import { idbDraftStore, type DraftStore } from '../../../src/io/plan/draft-store';
import { datasetFingerprint } from '../../../src/io/plan/fingerprint';
import { useDatasetStore } from '../../../src/stores/dataset';
import { usePlanStore } from '../../../src/stores/plan';
import { refusedEntry, useDraftsStore } from '../../../src/stores/plan-drafts';

const URL_A = './data/a/';

const dataset = (enterprises: number): Dataset => ({
  manifest: { name: 'a', files: [] },
  community: {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { code: '330424002201', name: '社区', asOf: '2026-11-20T17:00:00+08:00' } }],
  },
  enterprises: {
    type: 'FeatureCollection',
    features: Array.from({ length: enterprises }, (_, i) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [120, 30] },
      properties: { id: `E${i}`, name: `企业${i}`, scale: 'below' as const },
    })),
  },
});

let n = 0;
const entry = (): ChangeLogEntry => ({
  op: { op: 'assign-member', memberId: `m${++n}`, gridCode: '330424002201001', role: 'other' },
  who: '王',
  at: `2026-11-21T09:${String(n % 60).padStart(2, '0')}:00+08:00`,
  effect: { added: [], retired: [], reshaped: [] },
});

let dbName = '';
let backend: DraftStore;

/** A fresh page: new stores on the same database; `refuse` makes the stand-in session refuse a replay. */
function page(data: Dataset, options: { url?: string; refuse?: boolean } = {}) {
  setActivePinia(createPinia());
  const ds = useDatasetStore();
  ds.index = { dataset: data } as unknown as DatasetIndex;
  ds.baseUrl = options.url ?? URL_A;
  const plan = usePlanStore();
  const load = vi.fn(async (log: ChangeLogEntry[], cursor: number = log.length) => {
    // `refuse`: the second entry no longer applies (or the first, in a log of one).
    if (options.refuse && log.length > 1) {
      plan.lastError = { message: 'entry 2 (split): the line does not cross grid 330424002201001', op: null };
      return false;
    }
    plan.history = [...log];
    plan.cursor = cursor;
    plan.version++;
    return true;
  });
  plan.load = load;
  // The plan worker's answer (its own test: stores/plan.test.ts), here computed directly.
  const fingerprints = vi.fn(() => datasetFingerprint(data));
  plan.baseFingerprint = fingerprints;
  const drafts = useDraftsStore();
  const puts = vi.fn();
  const own = backend; // this page's database, even after the next test has made its own
  drafts.useBackend({ ...own, put: (d, o) => (puts(d), own.put(d, o)) });
  drafts.baseName = '草稿';
  plan.datasetKey = 1;
  plan.phase = 'ready';
  /** One operation as the plan store records it (the redo stack goes). */
  const apply = () => {
    plan.history = [...plan.history.slice(0, plan.cursor), entry()];
    plan.cursor++;
    plan.version++;
  };
  const undo = () => {
    plan.cursor--;
    plan.version++;
  };
  const settled = async () => {
    await vi.waitFor(() => expect(drafts.phase).toBe('ready'));
    await Promise.resolve();
    await drafts.flushed();
  };
  return { plan, drafts, load, puts, apply, undo, settled, fingerprints };
}

beforeEach(() => {
  dbName = `drafts-test-${Math.random()}`;
  backend = idbDraftStore({ dbName });
});

describe('useDraftsStore', () => {
  it('begins a named draft on the first visit, recording the dataset and its fingerprint', async () => {
    const { drafts, load, settled, fingerprints } = page(dataset(3));
    await settled();
    expect(load).not.toHaveBeenCalled();
    expect(fingerprints).toHaveBeenCalledTimes(1);
    expect(drafts.current).toMatchObject({ name: '草稿 1', dataset: URL_A, log: [], cursor: 0, effective: '2026-11-20' });
    expect(drafts.current!.baseFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(drafts.changed).toBe(false);
    expect((await backend.list()).map((d) => d.name)).toEqual(['草稿 1']);
  });

  it('saves after every operation and undo, and a reload replays the saved log up to the cursor', async () => {
    const first = page(dataset(3));
    await first.settled();
    first.apply();
    first.apply();
    await vi.waitFor(async () => expect((await backend.get(first.drafts.current!.id))?.log.length).toBe(2));
    first.undo();
    await vi.waitFor(async () => expect((await backend.get(first.drafts.current!.id))?.cursor).toBe(1));
    await first.drafts.flushed();
    expect(first.drafts.saved).toEqual({ id: first.drafts.current!.id, cursor: 1, entries: 2 });
    expect(first.drafts.writing).toBe(0);
    const saved = (await backend.get(first.drafts.current!.id))!;
    expect(saved.log.map((e) => e.op)).toEqual(first.plan.history.map((e) => e.op));

    const second = page(dataset(3));
    await second.settled();
    expect(second.load).toHaveBeenCalledTimes(1);
    expect(second.load.mock.calls[0][0].map((e) => e.op)).toEqual(saved.log.map((e) => e.op));
    expect(second.load.mock.calls[0][1]).toBe(1);
    expect(second.drafts.current!.id).toBe(saved.id);
    expect(second.drafts.changed).toBe(false);
    // Restoring wrote nothing: the draft keeps its time and its place in the list.
    expect(second.puts).not.toHaveBeenCalled();
  });

  it('two tabs on one draft: the one that writes second keeps its work in a copy, and nothing is lost', async () => {
    const a = page(dataset(3));
    await a.settled();
    a.apply();
    await vi.waitFor(async () => expect((await backend.list())[0].log.length).toBe(1));
    const id = a.drafts.current!.id;
    const b = page(dataset(3)); // a second tab opens the same draft
    await b.settled();
    expect(b.drafts.current!.id).toBe(id);
    b.apply();
    b.apply();
    await vi.waitFor(async () => expect((await backend.get(id))!.log).toHaveLength(3));
    expect(b.drafts.conflict).toBeNull();

    // Tab A has not seen B's two entries: its next operation must not write over them.
    a.apply();
    await vi.waitFor(() => expect(a.drafts.conflict).not.toBeNull());
    await a.drafts.flushed();
    expect((await backend.get(id))!.log).toHaveLength(3);
    const copy = a.drafts.current!;
    expect(copy.id).not.toBe(id);
    expect(copy.name).toBe('草稿 1 (copy)');
    expect(a.drafts.conflict).toEqual({ name: '草稿 1', savedAs: '草稿 1 (copy)' });
    expect((await backend.get(copy.id))!.log.map((e) => e.op)).toEqual(a.plan.history.map((e) => e.op));
    expect(a.drafts.saved).toEqual({ id: copy.id, cursor: 2, entries: 2 });
    // A goes on in its copy; B in the original; each write lands where it belongs.
    a.apply();
    b.apply();
    await vi.waitFor(async () => {
      expect((await backend.get(copy.id))!.log).toHaveLength(3);
      expect((await backend.get(id))!.log).toHaveLength(4);
    });
    expect(b.drafts.conflict).toBeNull();
    expect(a.drafts.saveError).toBeNull();
  });

  it('never replaces work done before the restore finished: it becomes a draft of its own', async () => {
    const first = page(dataset(3));
    await first.settled();
    first.apply();
    await vi.waitFor(async () => expect((await backend.list())[0].log.length).toBe(1));
    const saved = first.drafts.current!.id;

    const second = page(dataset(3));
    second.apply(); // before the restore has read the database
    await second.settled();
    expect(second.load).not.toHaveBeenCalled();
    expect(second.drafts.current!.id).not.toBe(saved);
    expect((await backend.get(second.drafts.current!.id))!.log).toHaveLength(1);
    expect((await backend.get(saved))!.log).toHaveLength(1);
  });

  it('says so when the dataset has changed since the draft started', async () => {
    const first = page(dataset(3));
    await first.settled();
    first.apply();
    await vi.waitFor(async () => expect((await backend.list())[0].log.length).toBe(1));
    const second = page(dataset(4));
    await second.settled();
    expect(second.drafts.changed).toBe(true);
    expect(second.load).toHaveBeenCalledTimes(1);
  });

  it('keeps a draft whose replay is refused, goes on in a new one, and can salvage the entries that still apply', async () => {
    const first = page(dataset(3));
    await first.settled();
    first.apply();
    first.apply();
    first.apply();
    await vi.waitFor(async () => expect((await backend.list())[0].log.length).toBe(3));
    const kept = first.drafts.current!.id;
    const log = (await backend.get(kept))!.log;

    const second = page(dataset(3), { refuse: true });
    await second.settled();
    expect(second.drafts.restoreFailure).toEqual({ name: '草稿 1', message: expect.stringContaining('entry 2 (split)'), usable: 1 });
    expect(second.drafts.current!.id).not.toBe(kept);
    expect(second.drafts.current!.name).toBe('草稿 2');
    expect((await backend.get(kept))!.log.length).toBe(3);
    expect(second.load).toHaveBeenLastCalledWith([], 0);

    expect(await second.drafts.salvage()).toBe(true);
    expect(second.load.mock.lastCall![0].map((e) => e.op)).toEqual([log[0].op]);
    expect(second.drafts.restoreFailure).toBeNull();
    await vi.waitFor(async () => expect((await backend.get(second.drafts.current!.id))!.log.map((e) => e.op)).toEqual([log[0].op]));
    expect((await backend.get(kept))!.log.length).toBe(3);
  });

  it('reads the refused entry from the engine’s message', () => {
    expect(refusedEntry('entry 12 (merge): grids 1 and 2 do not touch')).toBe(12);
    expect(refusedEntry('cursor 3 is not between 0 and 2')).toBeNull();
  });

  it('creates, switches, renames and deletes drafts, listing only this dataset’s', async () => {
    const other = page(dataset(3), { url: './data/b/' });
    await other.settled();
    const { drafts, load, apply, settled } = page(dataset(3));
    await settled();
    apply();
    const a = drafts.current!.id;
    await drafts.create('');
    expect(drafts.current!.name).toBe('草稿 2');
    expect(load).toHaveBeenLastCalledWith([], 0);
    apply();
    apply();
    await drafts.save();
    const b = drafts.current!.id;
    await drafts.flushed();
    expect(drafts.drafts.map((d) => d.id).sort()).toEqual([a, b].sort());

    expect(await drafts.switchTo(a)).toBe(true);
    expect(load.mock.lastCall![0]).toHaveLength(1);
    expect(drafts.current!.id).toBe(a);
    expect((await backend.get(b))!.log).toHaveLength(2);

    await drafts.rename(b, '  南片拆分  ');
    expect((await backend.get(b))!.name).toBe('南片拆分');
    await drafts.rename(b, '   ');
    expect((await backend.get(b))!.name).toBe('南片拆分');

    await drafts.remove(a);
    expect(await backend.get(a)).toBeUndefined();
    expect(drafts.current!.id).toBe(b);
    expect(load.mock.lastCall![0]).toHaveLength(2);
    expect((await backend.list()).map((d) => d.dataset).sort()).toEqual(['./data/a/', './data/b/']);
  });

  it('deleting the only draft starts an empty one and never writes the deleted one back', async () => {
    const { drafts, load, apply, settled } = page(dataset(3));
    await settled();
    apply();
    await drafts.save();
    const gone = drafts.current!.id;
    await drafts.remove(gone);
    await drafts.flushed();
    expect(await backend.get(gone)).toBeUndefined();
    expect(drafts.current).toMatchObject({ name: '草稿 1', log: [], cursor: 0 });
    expect(load).toHaveBeenLastCalledWith([], 0);
    expect((await backend.list()).map((d) => d.id)).toEqual([drafts.current!.id]);
  });

  it('stores the effective date the planner sets, and ignores a malformed one', async () => {
    const { drafts, settled } = page(dataset(3));
    await settled();
    await drafts.setEffective('2027-01-01');
    await drafts.setEffective('1 Jan');
    expect((await backend.get(drafts.current!.id))!.effective).toBe('2027-01-01');
  });
});
