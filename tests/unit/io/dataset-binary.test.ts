/**
 * incidents.bin in a dataset (issue 14): listed beside incidents.csv it is the one read (the CSV is not even
 * requested), with the same table and the same `stats` for every month; a source that reads text only says so; over
 * HTTP its bytes arrive with progress; the wall's refresher reads it too.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset, type DatasetSource } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { encodeIncidentTable } from '../../../src/io/incidents-binary';
import { incidentColumnsFromCsv } from '../../../src/io/incidents-columns';
import { urlSource } from '../../../src/io/url-source';
import { createWallRefresher } from '../../../src/workers/wall-refresh';

const FIXTURE = 'tests/fixtures/issue-10-incident-columns';
const work = mkdtempSync(join(tmpdir(), 'gs-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The fixture with incidents.csv only (`bin`: plus incidents.bin made from it), dataset.json listing what is there. */
function folder(name: string, bin: boolean): string {
  const dir = join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  rmSync(join(dir, 'incidents.geojson'));
  const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'));
  manifest.files = manifest.files.filter((f: string) => f !== 'incidents.geojson');
  if (bin) {
    writeFileSync(join(dir, 'incidents.bin'), encodeIncidentTable(incidentColumnsFromCsv(readFileSync(join(dir, 'incidents.csv'), 'utf8'), { titles: true })));
    manifest.files.splice(manifest.files.indexOf('incidents.csv') + 1, 0, 'incidents.bin');
  }
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify(manifest));
  return dir;
}

const csvDir = folder('csv', false);
const binDir = folder('bin', true);

/** A source that records which files were read, and how. */
function recording(dir: string) {
  const folder = folderSource(dir);
  const reads: string[] = [];
  const source: DatasetSource = {
    location: folder.location,
    manifest: () => folder.manifest(),
    read: (f) => (reads.push(`text ${f}`), folder.read(f)),
    readBytes: (f) => (reads.push(`bytes ${f}`), folder.readBytes!(f)),
  };
  return { source, reads };
}

describe('a dataset with incidents.bin', () => {
  it('reads incidents.bin and not incidents.csv, into the same table', async () => {
    const { source, reads } = recording(binDir);
    const withBin = await loadDataset(source, { incidentTitles: true });
    expect(reads).toContain('bytes incidents.bin');
    expect(reads.filter((r) => r.includes('incidents.csv'))).toEqual([]);
    const withCsv = await loadDataset(folderSource(csvDir), { incidentTitles: true });
    expect(withBin.incidentColumns).toEqual(withCsv.incidentColumns);
    expect((await loadDataset(folderSource(binDir))).incidentColumns?.title).toBeNull();
  });

  it('gives identical stats JSON for every month, with or without the binary file', async () => {
    const a = await loadDataset(folderSource(csvDir));
    const b = await loadDataset(folderSource(binDir));
    for (const month of ['2026-01', '2026-02', '2026-03', undefined]) {
      expect(JSON.stringify(datasetStats(b, { now: 0, month })), month).toBe(JSON.stringify(datasetStats(a, { now: 0, month })));
    }
  });

  it('says so when the source reads text only', async () => {
    const folder = folderSource(binDir);
    const textOnly: DatasetSource = { location: 'somewhere', manifest: () => folder.manifest(), read: (f) => folder.read(f) };
    await expect(loadDataset(textOnly)).rejects.toThrow(
      'incidents.bin: is listed, but somewhere is read as text only; remove it from dataset.json to read the text form',
    );
  });

  it('refuses a damaged incidents.bin with its own message, the way the CLI shows it', async () => {
    const dir = folder('damaged', true);
    const bytes = readFileSync(join(dir, 'incidents.bin'));
    writeFileSync(join(dir, 'incidents.bin'), bytes.subarray(0, bytes.length - 100));
    await expect(loadDataset(folderSource(dir))).rejects.toThrow(/^incidents\.bin: byte 20: is truncated: \d+ bytes of the \d+ its header declares$/);
  });
});

describe('incidents.bin over HTTP', () => {
  const bytes = readFileSync(join(binDir, 'incidents.bin'));
  /** A fetch answering incidents.bin in chunks of 1000 bytes, with the given headers. */
  const server = (headers: Record<string, string>) =>
    (async (input: string | URL | Request) => {
      if (!String(input).endsWith('/incidents.bin')) return new Response('gone', { status: 404 });
      let at = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (at >= bytes.length) return c.close();
          c.enqueue(new Uint8Array(bytes.subarray(at, (at += 1000))));
        },
      });
      return new Response(body, { status: 200, headers });
    }) as typeof fetch;

  it('arrives whole, with progress against its Content-Length', async () => {
    const seen: [string, number, number | null][] = [];
    const src = urlSource('http://x.test/data/', server({ 'content-length': String(bytes.length) }), {
      onProgress: (f, received, total) => seen.push([f, received, total]),
    });
    expect(Buffer.from(await src.readBytes!('incidents.bin')).equals(bytes)).toBe(true);
    expect(seen[0]).toEqual(['incidents.bin', 0, bytes.length]);
    expect(seen.at(-1)).toEqual(['incidents.bin', bytes.length, bytes.length]);
    expect(seen.length).toBe(Math.ceil(bytes.length / 1000) + 1);
  });

  it('without a usable length (compressed, or none, or a wrong one) still arrives whole', async () => {
    for (const headers of [{ 'content-encoding': 'gzip', 'content-length': '10' }, {}, { 'content-length': '10' }] as Record<string, string>[]) {
      const totals = new Set<number | null>();
      const src = urlSource('http://x.test/data/', server(headers), { onProgress: (_, __, total) => totals.add(total) });
      expect(Buffer.from(await src.readBytes!('incidents.bin')).equals(bytes), JSON.stringify(headers)).toBe(true);
      expect([...totals]).toEqual([headers['content-encoding'] ? null : headers['content-length'] ? 10 : null]);
    }
    await expect(urlSource('http://x.test/data/', server({})).readBytes!('missing.bin')).rejects.toThrow(/missing\.bin: was not found at/);
  });

  it('is what the wall reads, and a refresh with nothing changed reads nothing', async () => {
    const files = new Map<string, Uint8Array>();
    for (const f of ['dataset.json', 'community.geojson', 'grids.geojson', 'microgrids.geojson', 'enterprises.geojson', 'members.json', 'incidents.csv', 'incidents.bin', 'patrols.geojson']) {
      files.set(f, readFileSync(join(binDir, f)));
    }
    const asked: string[] = [];
    const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
      const name = new URL(String(input)).pathname.split('/').pop()!;
      asked.push(name);
      if ((init?.headers as Record<string, string>)?.['If-None-Match'] === `"${name}"`) return new Response(null, { status: 304 });
      const body = files.get(name);
      return body ? new Response(new Uint8Array(body).buffer, { status: 200, headers: { ETag: `"${name}"` } }) : new Response('gone', { status: 404 });
    }) as typeof fetch;
    const wall = createWallRefresher(fetchFn);
    const first = await wall.refresh('http://x.test/data/', 'http://x.test/', 0);
    expect(asked).toContain('incidents.bin');
    expect(asked).not.toContain('incidents.csv');
    const expected = datasetStats(await loadDataset(folderSource(csvDir), { skip: ['basemap.geojson'] }), { now: 0 });
    expect(first.changed && JSON.stringify(first.snapshot.stats)).toBe(JSON.stringify(expected));
    // The carousel shows titles: the wall reads them from the binary file too.
    expect(first.changed && first.snapshot.carousel.some((c) => JSON.stringify(c).includes('消防通道堵塞'))).toBe(true);
    expect(await wall.refresh('http://x.test/data/', 'http://x.test/', 0)).toEqual({ changed: false });
  });
});
