import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/io/errors';
import { loadVersionedDataset, recordVersions, versionOf } from '../../../src/io/server-version';

const withVersion = (v: string | null) =>
  new Response('{}', { headers: v === null ? {} : { 'X-GridSight-Version': v } });

/** A tiny dataset served by a fetch stand-in: each answer names the version `versionFor(file, read)` gives. */
function served(versionFor: (file: string, read: number) => string | null) {
  const files: Record<string, string> = {
    'dataset.json': JSON.stringify({ name: 't', files: ['members.json', 'enterprises.geojson'] }),
    'members.json': '[]',
    'enterprises.geojson': '{"type":"FeatureCollection","features":[]}',
  };
  let read = 0;
  const fetchFn = (async (input: RequestInfo | URL) => {
    const file = String(input).split('/').pop() ?? '';
    if (file === 'dataset.json') read++;
    const v = versionFor(file, read);
    return new Response(files[file], {
      status: file in files ? 200 : 404,
      headers: { 'content-type': 'application/json', ...(v === null ? {} : { 'x-gridsight-version': v }) },
    });
  }) as typeof fetch;
  return { fetchFn, reads: () => read };
}
const OPTIONS = { require: [] };

describe('versionOf', () => {
  it('reads a positive integer, and nothing else', () => {
    expect(versionOf(withVersion('12'))).toBe(12);
    expect(versionOf(withVersion(' 3 '))).toBe(3);
    for (const bad of [null, '', '0', '-1', '1.5', '3a', '1e3', '9999999999']) {
      expect(versionOf(withVersion(bad)), String(bad)).toBeNull();
    }
  });
});

describe('recordVersions', () => {
  it('is the one version every answer named, by file', async () => {
    const r = recordVersions(async () => withVersion('4'));
    await r.fetch('http://x/api/data/current/dataset.json');
    await r.fetch(new URL('http://x/api/data/current/grids.geojson?x=1'));
    expect(r.version()).toBe(4);
  });

  it('is null when nothing was asked, or an answer named none', async () => {
    expect(recordVersions(async () => withVersion('4')).version()).toBeNull();
    let n = 0;
    const r = recordVersions(async () => withVersion(n++ ? null : '4'));
    await r.fetch('http://x/a/dataset.json');
    await r.fetch('http://x/a/grids.geojson');
    expect(r.version()).toBeNull();
  });

  it('throws a DatasetError naming two files of different versions', async () => {
    let n = 0;
    const r = recordVersions(async () => withVersion(n++ ? '5' : '4'));
    await r.fetch('http://x/a/dataset.json');
    await r.fetch('http://x/a/grids.geojson');
    expect(() => r.version()).toThrow(DatasetError);
    expect(() => r.version()).toThrow(
      'grids.geojson: came from server version 5 while dataset.json came from version 4: the data changed while it was read',
    );
  });
});

describe('loadVersionedDataset', () => {
  it('says the version of a consistent load, null for static files', async () => {
    const { fetchFn, reads } = served(() => '7');
    const loaded = await loadVersionedDataset('http://x/api/data/current/', OPTIONS, { fetchFn });
    expect(loaded.version).toBe(7);
    expect(loaded.dataset.members).toEqual([]);
    expect(reads()).toBe(1);
    const plain = served(() => null);
    expect(
      (await loadVersionedDataset('http://x/data/', OPTIONS, { fetchFn: plain.fetchFn })).version,
    ).toBeNull();
  });

  it('reads again after a mixed load, and gives the version of the read that was not mixed', async () => {
    // The first read's manifest is version 7, its files 8 (an approval landed in between); the second all 8.
    const { fetchFn, reads } = served((file, read) => (read === 1 && file === 'dataset.json' ? '7' : '8'));
    expect((await loadVersionedDataset('http://x/api/data/current/', OPTIONS, { fetchFn })).version).toBe(8);
    expect(reads()).toBe(2);
  });

  it('refuses after `reads` mixed loads, naming the files and versions', async () => {
    const { fetchFn, reads } = served((file, read) => String(file === 'dataset.json' ? read : read + 1));
    const e = await loadVersionedDataset('http://x/api/data/current/', OPTIONS, { fetchFn, reads: 2 }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).file).toMatch(/^(members\.json|enterprises\.geojson)$/);
    expect((e as DatasetError).message).toMatch(
      /: came from server version 3 while dataset\.json came from version 2: the data changed while it was read \(read 2 times\); reload the page$/,
    );
    expect(reads()).toBe(2);
  });
});
