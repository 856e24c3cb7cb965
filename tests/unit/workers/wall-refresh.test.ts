/**
 * The wall's refresh against a fake server that honours (or ignores) validators: unchanged files cost a 304 and no
 * recomputation; a changed file is parsed and the figures follow; a failure keeps the last good data and the next
 * good read recovers; a server without validators is still "unchanged" when the bytes are the same.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWallRefresher } from '../../../src/workers/wall-refresh';
import { conditionalSource, hashBytes } from '../../../src/io/conditional-source';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

const DIR = 'data/zhihuiwan';
const BASE = 'http://wall.test/data/';

/** An in-memory dataset folder served with ETags (unless `validators` is false); counts what it sent. */
function fakeServer(validators = true) {
  const files = new Map<string, string>();
  for (const f of readdirSync(DIR)) files.set(f, readFileSync(join(DIR, f), 'utf8'));
  const versions = new Map<string, number>();
  const log = { ok: 0, notModified: 0, failed: 0 };
  let failing: string | null = null;
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const name = new URL(String(input)).pathname.split('/').pop()!;
    if (name === failing || !files.has(name)) {
      log.failed++;
      return new Response('gone', { status: name === failing ? 500 : 404 });
    }
    const etag = `"${name}-${versions.get(name) ?? 0}"`;
    const sent = (init?.headers as Record<string, string> | undefined)?.['If-None-Match'];
    if (validators && sent === etag) {
      log.notModified++;
      return new Response(null, { status: 304 });
    }
    log.ok++;
    return new Response(files.get(name)!, { status: 200, headers: validators ? { ETag: etag } : {} });
  }) as typeof fetch;
  return {
    fetchFn,
    log,
    write(name: string, text: string) {
      files.set(name, text);
      versions.set(name, (versions.get(name) ?? 0) + 1);
    },
    read: (name: string) => files.get(name)!,
    fail(name: string | null) {
      failing = name;
    },
  };
}

describe('conditionalSource', () => {
  it('hashes bytes with their length', () => {
    expect(hashBytes(new TextEncoder().encode('abc'))).toBe(hashBytes(new TextEncoder().encode('abc')));
    expect(hashBytes(new TextEncoder().encode('abc'))).not.toBe(hashBytes(new TextEncoder().encode('abd')));
    expect(hashBytes(new Uint8Array())).toMatch(/:0$/);
  });

  it('remembers validators only when a read is committed', async () => {
    const server = fakeServer();
    const src = conditionalSource(BASE, { fetchFn: server.fetchFn });
    const first = await src.read('grids.geojson');
    expect(first.changed).toBe(true);
    expect((await src.read('grids.geojson')).changed).toBe(true); // not committed: read in full again
    src.commit(first);
    expect((await src.read('grids.geojson')).changed).toBe(false);
    server.fail('grids.geojson');
    await expect(src.read('grids.geojson')).rejects.toThrow(/HTTP 500/);
  });
});

describe('createWallRefresher', () => {
  let expectedOverdue: number;
  beforeAll(async () => {
    const ds = await loadDataset(folderSource(DIR), { skip: ['basemap.geojson'] });
    expectedOverdue = datasetStats(ds, { now: 0 }).totals.incidents.overdue;
  });

  it('computes the CLI figures, then answers "unchanged" with 304s only', async () => {
    const server = fakeServer();
    const wall = createWallRefresher(server.fetchFn);
    const first = await wall.refresh(BASE, BASE, 0);
    expect(first.changed).toBe(true);
    if (!first.changed) return;
    expect(first.snapshot.stats.totals.incidents.overdue).toBe(expectedOverdue);
    expect(first.snapshot.validation).toEqual({ errors: 0, warnings: 0 });
    expect(first.geometry?.grids?.features).toHaveLength(11);
    expect(first.snapshot.version).toBe(1);
    const before = server.log.ok;
    expect(await wall.refresh(BASE, BASE, 0)).toEqual({ changed: false });
    expect(server.log.ok).toBe(before);
    expect(server.log.notModified).toBe(9); // dataset.json and its 8 files
  });

  it('follows a changed file without new map geometry, keeps the last good data on failure, recovers', async () => {
    const server = fakeServer();
    const wall = createWallRefresher(server.fetchFn);
    await wall.refresh(BASE, BASE, 0);
    const fc = JSON.parse(server.read('incidents.geojson'));
    fc.features = fc.features.slice(0, 100);
    server.write('incidents.geojson', JSON.stringify(fc));
    const second = await wall.refresh(BASE, BASE, 0);
    expect(second.changed && second.snapshot.changed).toEqual(['incidents.geojson']);
    expect(second.changed && second.geometry).toBe(null);
    expect(second.changed && second.snapshot.stats.totals.incidents.total).toBe(100);

    server.write('incidents.geojson', '{"type":"FeatureCollection","features":[{"broken":');
    await expect(wall.refresh(BASE, BASE, 0)).rejects.toThrow(/incidents\.geojson/);
    server.fail('dataset.json');
    await expect(wall.refresh(BASE, BASE, 0)).rejects.toThrow(/HTTP 500/);
    server.fail(null);
    // The broken file was never committed: it is read (and fails) again, not answered 304.
    await expect(wall.refresh(BASE, BASE, 0)).rejects.toThrow(/incidents\.geojson/);
    // The last good bytes again (a new ETag): the hash says nothing changed since the data on screen.
    server.write('incidents.geojson', JSON.stringify(fc));
    expect(await wall.refresh(BASE, BASE, 0)).toEqual({ changed: false });
    fc.features = fc.features.slice(0, 90);
    server.write('incidents.geojson', JSON.stringify(fc));
    const back = await wall.refresh(BASE, BASE, 0);
    expect(back.changed && back.snapshot.version).toBe(3);
    expect(back.changed && back.snapshot.stats.totals.incidents.total).toBe(90);
  });

  it('sends the first read\'s geometry ahead of its figures, and only the first', async () => {
    const server = fakeServer();
    const wall = createWallRefresher(server.fetchFn);
    const early: unknown[] = [];
    let statsDoneWhenCalled: boolean | null = null;
    const first = await wall.refresh(BASE, BASE, 0, (g) => {
      early.push(g);
      statsDoneWhenCalled = wall.latest() !== null;
    });
    expect(early).toHaveLength(1);
    // Called before the figures were made (nothing is the last good state yet), and the result carries no geometry.
    expect(statsDoneWhenCalled).toBe(false);
    const g = early[0] as { grids: { features: unknown[] }; basemap?: unknown; manifest: { name: string } };
    expect(g.grids.features.length).toBeGreaterThan(0);
    expect(g.basemap).toBeDefined();
    expect(first.changed && first.geometry).toBe(null);
    expect(first.changed && first.snapshot.version).toBe(1);
    // A later refresh whose geometry changed sends it with its figures, never ahead.
    const grids = JSON.parse(server.read('grids.geojson'));
    grids.features[0].properties.name = '改名网格';
    server.write('grids.geojson', JSON.stringify(grids));
    const second = await wall.refresh(BASE, BASE, 0, (x) => early.push(x));
    expect(early).toHaveLength(1);
    expect(second.changed && second.geometry?.grids?.features[0].properties.name).toBe('改名网格');
  });

  it("blanks the dataset's members by name in every title it sends, with phone numbers", async () => {
    const server = fakeServer();
    const members = JSON.parse(server.read('members.json')) as { name: string }[];
    const name = members[0].name;
    const fc = JSON.parse(server.read('incidents.geojson')) as { features: { properties: { title?: string } }[] };
    for (const f of fc.features) f.properties.title = `${name}反映 13812341234 ${f.properties.title ?? ''}`;
    server.write('incidents.geojson', JSON.stringify(fc));
    const r = await createWallRefresher(server.fetchFn).refresh(BASE, BASE, 0);
    if (!r.changed) throw new Error('expected a snapshot');
    // Incident alerts and carousel items carry titles; an under-patrolled grid's alert has none.
    const titles = [...r.snapshot.carousel.map((c) => c.title), ...r.snapshot.alerts.items.flatMap((a) => (a.title ? [a.title] : []))];
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) {
      expect(t.startsWith('···反映 ··· ')).toBe(true);
      expect(t).not.toContain(name);
    }
    expect(JSON.stringify(r.snapshot)).not.toContain(name);
  });

  it('without validators, the same bytes are still "unchanged"', async () => {
    const server = fakeServer(false);
    const wall = createWallRefresher(server.fetchFn);
    await wall.refresh(BASE, BASE, 0);
    expect(await wall.refresh(BASE, BASE, 0)).toEqual({ changed: false });
    server.write('grids.geojson', server.read('grids.geojson').replace('智汇湾一网格', '智汇湾第一网格'));
    const r = await wall.refresh(BASE, BASE, 0);
    expect(r.changed && r.snapshot.stats.grids[0].name).toBe('智汇湾第一网格');
    expect(r.changed && r.geometry !== null).toBe(true);
  });
});
