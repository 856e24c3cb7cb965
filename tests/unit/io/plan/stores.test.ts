import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DraftConflictError, idbDraftStore, type Draft } from '../../../../src/io/plan/draft-store';
import { idbProposalStore } from '../../../../src/io/plan/proposal-store';
import { writeProposal } from '../../../../src/io/plan/proposal';
import { rejectProposal } from '../../../../src/io/plan/review';
import { LOG, miniProposal } from './proposal-fixture';

let n = 0;
const dbName = () => `test-plan-${++n}`;

const draft = (over: Partial<Draft> = {}): Draft => ({
  id: 'd1',
  name: '草稿一',
  dataset: 'zhihuiwan',
  baseFingerprint: 'a'.repeat(64),
  createdAt: '2026-11-20T10:00:00+08:00',
  updatedAt: '2026-11-20T10:00:00+08:00',
  effective: '2026-12-01',
  log: LOG,
  cursor: 1,
  ...over,
});

describe('idbDraftStore', () => {
  it('puts, gets, lists newest first (by the moment, whatever the offset), replaces and deletes', async () => {
    const store = idbDraftStore({ dbName: dbName() });
    expect(await store.list()).toEqual([]);
    await store.put(draft());
    await store.put(draft({ id: 'd2', name: '草稿二', updatedAt: '2026-11-20T03:00:00Z' }));
    expect(await store.get('d1')).toEqual(draft());
    expect((await store.list()).map((d) => d.id)).toEqual(['d2', 'd1']);
    await store.put(draft({ updatedAt: '2026-11-20T12:00:00+08:00', cursor: 0 }));
    expect((await store.list()).map((d) => [d.id, d.cursor])).toEqual([['d1', 0], ['d2', 1]]);
    await store.delete('d1');
    expect(await store.get('d1')).toBeUndefined();
    // A second store on the same database sees what the first wrote: what a reload does.
    expect((await idbDraftStore({ dbName: `test-plan-${n}` }).list()).map((d) => d.id)).toEqual(['d2']);
  });

  it('stores a plain copy (a reactive proxy cannot be cloned) and refuses a draft that could not replay', async () => {
    const store = idbDraftStore({ dbName: dbName() });
    const proxied = new Proxy(draft(), {});
    await store.put(proxied);
    expect(await store.get('d1')).toEqual(draft());
    await expect(store.put(draft({ cursor: 2 }))).rejects.toThrow(/"cursor": must be an integer from 0 to the log's length \(1\), got 2/);
    await expect(store.put(draft({ id: '' }))).rejects.toThrow(/"id": must not be empty/);
  });

  it('writes only over the revision it was made from (expect), in one transaction, else refuses and writes nothing', async () => {
    const store = idbDraftStore({ dbName: dbName() });
    await store.put(draft({ revision: 1 }), { expect: null });
    await expect(store.put(draft({ revision: 1, name: 'again' }), { expect: null })).rejects.toThrow(DraftConflictError);
    await store.put(draft({ revision: 2, cursor: 0 }), { expect: 1 });
    const late = store.put(draft({ revision: 2, name: '另一页' }), { expect: 1 });
    await expect(late).rejects.toThrow(/draft d1 was changed elsewhere: stored revision 2, this copy was made from 1/);
    expect(await store.get('d1')).toEqual(draft({ revision: 2, cursor: 0 }));
    // A draft written before revisions were kept reads as revision 0.
    await store.put(draft({ id: 'old' }));
    await store.put(draft({ id: 'old', revision: 1, cursor: 0 }), { expect: 0 });
    expect((await store.get('old'))!.revision).toBe(1);
    await store.delete('old');
    await expect(store.put(draft({ id: 'old', revision: 2 }), { expect: 1 })).rejects.toMatchObject({ stored: null, expected: 1 });
    await expect(store.put(draft({ revision: -1 }))).rejects.toThrow(/"revision": must be a whole number/);
  });
});

describe('idbProposalStore', () => {
  it('submits a zip, lists its summary, gives the zip back, records one decision', async () => {
    const store = idbProposalStore({ dbName: dbName() });
    const { proposal } = await miniProposal();
    const zip = writeProposal(proposal);
    const summary = await store.submit(zip);
    expect(summary).toMatchObject({ id: 'p-1', title: '合并一网格', status: 'submitted', errors: 0, warnings: 0 });
    await expect(store.submit(zip)).rejects.toThrow(/"id" "p-1" is already submitted/);
    const { proposal: later } = await miniProposal({ id: 'p-2', createdAt: '2026-11-21T10:00:00+08:00' });
    await store.submit(writeProposal(later));
    expect((await store.list()).map((s) => s.id)).toEqual(['p-2', 'p-1']);
    const stored = await store.get('p-1');
    expect(stored?.zip).toEqual(zip);
    const review = { by: '王审', comment: '同意', at: '2026-11-25T09:00:00+08:00', decision: 'approved' as const, effective: '2027-01-01' };
    const decided = await store.decide('p-1', review);
    expect(decided).toMatchObject({ status: 'approved', review });
    await expect(store.decide('p-1', review)).rejects.toThrow(/"p-1": is already approved by 王审/);
    await expect(store.decide('nope', review)).rejects.toThrow(/"nope": is not in this store/);
    expect((await store.list()).find((s) => s.id === 'p-1')?.status).toBe('approved');
  });

  it('refuses bytes that are not a proposal and one already decided', async () => {
    const store = idbProposalStore({ dbName: dbName() });
    await expect(store.submit(new Uint8Array([1, 2, 3]))).rejects.toThrow(/is not a zip file/);
    const { proposal } = await miniProposal();
    const rejected = rejectProposal(proposal, { by: 'a', comment: 'no', at: '2026-11-25T09:00:00+08:00' });
    await expect(store.submit(writeProposal(rejected))).rejects.toThrow(/is already rejected/);
  });
});
