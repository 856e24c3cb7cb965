import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { strFromU8, unzipSync } from 'fflate';
import { usePlanReviewStore } from '../../../src/stores/plan-review';
import { idbProposalStore } from '../../../src/io/plan/proposal-store';
import { writeProposal } from '../../../src/io/plan/proposal';
import { miniProposal, NEW, OLD } from '../io/plan/proposal-fixture';

beforeEach(() => setActivePinia(createPinia()));

describe('usePlanReviewStore', () => {
  it('opens a proposal, approves it into a dataset zip with the re-stamped units', async () => {
    const review = usePlanReviewStore();
    const { proposal } = await miniProposal({ id: 'store-1' });
    await review.openBytes(writeProposal(proposal), 'p.zip');
    expect(review.status).toBe('ready');
    expect(review.proposal?.title).toBe('合并一网格');
    const outcome = await review.approve({ by: '王审', comment: '同意', effective: '2027-01-01' });
    expect(outcome?.decision).toBe('approved');
    expect(outcome?.fileName).toBe('mini-2027-01-01.zip');
    const grids = strFromU8(unzipSync(outcome!.zip)['grids.geojson']);
    expect(grids).toContain(`"code":"${NEW}","name":"三网格","parentCodes":["330424002201001"],"validFrom":"2027-01-01"`);
    expect(review.proposal?.status).toBe('approved');
    // The maps draw the approved dates, not the proposed ones (EFFECTIVE 2026-12-01): the new grid starts and the
    // old one ends on the approval's day.
    const drawn = review.proposal!.dataset.grids!.features.map((f) => f.properties);
    expect(drawn.find((g) => g.code === NEW)).toMatchObject({ validFrom: '2027-01-01' });
    expect(drawn.find((g) => g.code === OLD)).toMatchObject({ validTo: '2027-01-01' });
    // Decided once.
    expect(await review.approve({ by: '王审', comment: '', effective: '2027-01-01' })).toBeNull();
    expect(review.error).toMatchObject({ what: 'approve', name: 'store-1' });
    expect(review.error?.detail).toMatch(/already approved/);
  });

  it('keeps the open proposal and says why when another file is not a proposal', async () => {
    const review = usePlanReviewStore();
    await review.openBytes(new Uint8Array([80, 75, 1, 2]), 'broken.zip');
    expect(review.status).toBe('error');
    expect(review.error).toMatchObject({ what: 'open', name: 'broken.zip' });
    expect(review.error?.detail).toMatch(/^broken\.zip: is not a zip file/);
    const { proposal } = await miniProposal({ id: 'store-2' });
    await review.openBytes(writeProposal(proposal), 'p.zip');
    await review.openBytes(new TextEncoder().encode('nope'), 'x.zip');
    expect(review.status).toBe('ready');
    expect(review.proposal?.id).toBe('store-2');
    expect(review.error).toMatchObject({ what: 'open', name: 'x.zip' });
    expect(review.error?.detail).toMatch(/^x\.zip/);
  });

  it('records a rejection in the proposal store when the proposal came from there', async () => {
    const store = idbProposalStore();
    const { proposal } = await miniProposal({ id: 'store-3' });
    await store.submit(writeProposal(proposal));
    const review = usePlanReviewStore();
    await review.refreshStored();
    expect(review.stored.map((s) => s.id)).toContain('store-3');
    await review.openStored('store-3');
    const outcome = await review.reject({ by: '王审', comment: '边界应沿河' });
    expect(outcome?.decision).toBe('rejected');
    expect((await store.get('store-3'))?.status).toBe('rejected');
    expect(review.stored.find((s) => s.id === 'store-3')?.review?.comment).toBe('边界应沿河');
  });
});

describe('usePlanReviewStore: approving on the dataset the proposal was made on', () => {
  it('carries the incidents and patrols the app left out of the proposal over from the loaded folder', async () => {
    const { readFileSync } = await import('node:fs');
    const { markRaw } = await import('vue');
    const { loadDataset } = await import('../../../src/io/dataset');
    const { folderSource } = await import('../../../src/io/fs-source');
    const { buildIndex } = await import('../../../src/geo/dataset-index');
    const { useDatasetStore } = await import('../../../src/stores/dataset');
    const { datasetFingerprint } = await import('../../../src/io/plan/fingerprint');
    const { makeProposal } = await import('../../../src/io/plan/proposal');
    const { proposedDataset } = await import('../io/plan/proposal-fixture');
    // As the app loads it: no incidents, no patrols.
    const base = await loadDataset(folderSource('tests/fixtures/mini'), { skip: ['incidents.geojson', 'patrols.geojson'] });
    const datasets = useDatasetStore();
    datasets.index = markRaw(buildIndex(base));
    datasets.baseUrl = 'http://host/mini/';
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      asked.push(String(url));
      return new Response(readFileSync(`tests/fixtures/mini/${String(url).split('/').pop()}`, 'utf8'));
    }) as typeof fetch;
    try {
      const { proposal } = await miniProposal();
      const made = makeProposal({
        ...proposal,
        base: { name: 'mini', fingerprint: await datasetFingerprint(base) },
        dataset: proposedDataset(base),
      });
      expect(made.files.has('incidents.geojson')).toBe(false);
      const review = usePlanReviewStore();
      await review.openBytes(writeProposal(made), 'p.zip');
      const outcome = await review.approve({ by: '王审', comment: '', effective: '2027-01-01' });
      expect(asked.sort()).toEqual(['http://host/mini/incidents.geojson', 'http://host/mini/patrols.geojson']);
      const files = unzipSync(outcome!.zip);
      expect(strFromU8(files['incidents.geojson'])).toBe(readFileSync('tests/fixtures/mini/incidents.geojson', 'utf8'));
      expect(JSON.parse(strFromU8(files['dataset.json'])).files).toContain('patrols.geojson');
      expect(outcome!.missing).toEqual([]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
