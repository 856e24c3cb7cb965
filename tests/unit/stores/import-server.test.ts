/**
 * The import dialog's apply in server mode: the base sent is the version the loaded dataset came from
 * (dataset.serverVersion, from X-GridSight-Version), the head only when the loaded files did not say; incidents are
 * offered as enterprises are, boundaries are not.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { ImportSuccess } from '../../../src/workers/import-messages';
import { useDatasetStore } from '../../../src/stores/dataset';
import { useImportStore } from '../../../src/stores/import';
import { useSessionStore } from '../../../src/stores/session';
import { json, mockFetch } from '../io/mock-fetch';

const text = '{"type":"FeatureCollection","features":[]}';
const reply = (file: string): ImportSuccess => ({
  id: 1,
  ok: true,
  layers: ['a'],
  layer: 'a',
  report: { file, counts: { read: 1, accepted: 1, rejected: 0, doubtful: 0 } } as ImportSuccess['report'],
  preview: { type: 'FeatureCollection', features: [] },
  file: new TextEncoder().encode(text),
});
let answer: ImportSuccess = reply('incidents.geojson');
vi.mock('../../../src/workers/import-client', () => ({
  createImportClient: () => ({ run: async () => answer, cancel: () => {} }),
}));

beforeEach(() => {
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.mode = 'server';
  session.user = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', gridCodes: [] };
});
afterEach(() => vi.unstubAllGlobals());

/** Chooses a file as `as` and waits for the check. */
async function check(as: 'incidents' | 'enterprises' | 'grids') {
  const imp = useImportStore();
  imp.as = as;
  await nextTick();
  imp.choose(new File(['id,lon,lat\n'], 'x.csv'));
  await vi.waitFor(() => expect(imp.phase).toBe('done'));
  return imp;
}

describe('applyToServer', () => {
  it('sends the version the loaded dataset came from, without asking for the head', async () => {
    answer = reply('incidents.geojson');
    const result = { version: 7, added: 1, updated: 0, unchanged: 0, removed: 0, revision: 3 };
    const { fetch, calls } = mockFetch({
      'GET ./api/versions': json(200, [{ id: 9 }]),
      'POST ./api/data/import': json(200, result),
    });
    vi.stubGlobal('fetch', fetch);
    useDatasetStore().serverVersion = 7;
    const imp = await check('incidents');
    expect(imp.canApply).toBe(true);
    expect(imp.serverBase).toBe(7);
    expect(await imp.applyToServer()).toEqual(result);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST ./api/data/import']);
    expect(JSON.parse(String(calls[0].body))).toEqual({ file: 'incidents.geojson', text, baseVersion: 7 });
    expect(imp.phase).toBe('applied');
  });

  it('falls back on the head GET /api/versions names when the loaded files did not say', async () => {
    answer = reply('enterprises.geojson');
    const { fetch, calls } = mockFetch({
      'GET ./api/versions': json(200, [{ id: 9 }, { id: 8 }]),
      'POST ./api/data/import': json(409, { error: 'the data changed meanwhile: version 10 is current' }),
    });
    vi.stubGlobal('fetch', fetch);
    expect(useDatasetStore().serverVersion).toBeNull();
    const imp = await check('enterprises');
    expect(imp.serverBase).toBe(9);
    expect(await imp.applyToServer()).toBeNull();
    expect(JSON.parse(String(calls.at(-1)?.body))).toMatchObject({ baseVersion: 9 });
    expect(imp.applyError).toEqual({
      status: 409,
      message: 'the data changed meanwhile: version 10 is current',
    });
  });

  it('offers no apply for boundaries, nor without the right', async () => {
    answer = reply('grids.geojson');
    vi.stubGlobal('fetch', mockFetch({}).fetch);
    const imp = await check('grids');
    expect(imp.canApply).toBe(false);
    expect(await imp.applyToServer()).toBeNull();
    imp.as = 'incidents';
    useSessionStore().user = { id: 2, username: 'a', displayName: 'A', role: 'analyst', gridCodes: [] };
    expect(imp.canApply).toBe(false);
  });
});
