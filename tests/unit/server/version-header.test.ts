/**
 * X-GridSight-Version on each engine: every answer for a data file names the version it came from (304s too), and
 * the app's loader (io/server-version), reading through the server, records it, reads again when an import lands
 * between two of its requests, and refuses a load whose files keep coming from different versions.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DatasetError } from '../../../src/io/errors';
import { loadVersionedDataset, VERSION_HEADER } from '../../../src/io/server-version';
import { BUNDLED, describeEngine, ENGINES, testServer, type TestServer } from './harness';

const enterprises = readFileSync(`${BUNDLED}/enterprises.geojson`, 'utf8');
const header = VERSION_HEADER.toLowerCase();

for (const engine of ENGINES)
  describeEngine(engine)(`version header on ${engine}`, () => {
    let s: TestServer;
    let head = 1;
    beforeAll(async () => {
      s = await testServer(engine);
    }, 120_000);
    afterAll(async () => s?.close());

    const get = async (url: string, headers: Record<string, string> = {}) =>
      s.app.inject({ url, headers: { cookie: await s.cookie('admin'), ...headers } });
    /** An admin's import of the enterprises (each time with one more renamed): the next version. */
    const nextVersion = async () => {
      const fc = JSON.parse(enterprises) as { features: { properties: { name: string } }[] };
      fc.features[0].properties.name = `改名 ${head}`;
      const r = await s.app.inject({
        method: 'POST',
        url: '/api/data/import',
        payload: { file: 'enterprises.geojson', text: JSON.stringify(fc), baseVersion: head },
        headers: { cookie: await s.cookie('admin') },
      });
      expect(r.statusCode, r.body).toBe(200);
      head = r.json().version as number;
    };
    /** fetch through the server in process; `after(path)` runs once each answer is made. */
    const serverFetch =
      (after: (path: string) => Promise<void> = async () => {}): typeof fetch =>
      async (input) => {
        const path = new URL(String(input)).pathname;
        const r = await get(path);
        await after(path);
        const headers = new Headers();
        for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers.set(k, String(v));
        return new Response(r.statusCode === 304 ? null : new Uint8Array(r.rawPayload), {
          status: r.statusCode,
          headers,
        });
      };
    const URL_CURRENT = 'http://server.test/api/data/current/';
    const OPTIONS = {
      skip: ['basemap.geojson' as const, 'incidents.geojson' as const, 'patrols.geojson' as const],
    };

    it('names the version on every data file, on 304s, and on a version asked for by number', async () => {
      for (const file of [
        'dataset.json',
        'grids.geojson',
        'members.json',
        'incidents.geojson',
        'patrols.geojson',
      ]) {
        const r = await get(`/api/data/current/${file}`);
        expect(r.statusCode, file).toBe(200);
        expect(r.headers[header], file).toBe('1');
        const again = await get(`/api/data/current/${file}`, { 'if-none-match': String(r.headers.etag) });
        expect(again.statusCode, file).toBe(304);
        expect(again.headers[header], file).toBe('1');
      }
      await nextVersion();
      expect((await get('/api/data/current/grids.geojson')).headers[header]).toBe('2');
      expect((await get('/api/data/v/1/grids.geojson')).headers[header]).toBe('1');
      // The grids did not change: the same ETag, a 304 that now says version 2.
      const v1 = await get('/api/data/v/1/grids.geojson');
      const current = await get('/api/data/current/grids.geojson', {
        'if-none-match': String(v1.headers.etag),
      });
      expect(current.statusCode).toBe(304);
      expect(current.headers[header]).toBe('2');
      expect((await get('/api/versions')).headers[header]).toBeUndefined();
    });

    it('the loader records the version it read', async () => {
      const { dataset, version } = await loadVersionedDataset(URL_CURRENT, OPTIONS, {
        fetchFn: serverFetch(),
      });
      expect(version).toBe(head);
      expect(dataset.enterprises?.features[0].properties.name).toBe(`改名 ${head - 1}`);
    });

    it('reads again when a version lands between two of its requests, and says the version it then read', async () => {
      let landed = false;
      const manifests: string[] = [];
      const fetchFn = serverFetch(async (path) => {
        if (path.endsWith('/dataset.json')) manifests.push(path);
        // After the manifest, before the files it lists are asked for.
        if (path.endsWith('/dataset.json') && !landed) {
          landed = true;
          await nextVersion();
        }
      });
      const before = head;
      const { dataset, version } = await loadVersionedDataset(URL_CURRENT, OPTIONS, { fetchFn });
      expect(head).toBe(before + 1);
      expect(version).toBe(head);
      expect(manifests).toHaveLength(2);
      expect(dataset.enterprises?.features[0].properties.name).toBe(`改名 ${head - 1}`);
    });

    it('refuses a load whose files keep coming from different versions, naming them', async () => {
      const fetchFn = serverFetch(async (path) => {
        if (path.endsWith('/dataset.json')) await nextVersion();
      });
      const e = await loadVersionedDataset(URL_CURRENT, OPTIONS, { fetchFn }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as DatasetError).message).toMatch(
        /^[a-z.]+(geojson|json): came from server version \d+ while dataset\.json came from version \d+: the data changed while it was read \(read 3 times\); reload the page$/,
      );
    });
  });
