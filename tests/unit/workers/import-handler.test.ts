/**
 * The import worker's handler in-process, on the bundled haiyan-mini community, enterprises and base map: the
 * dataset's layers are kept per dataset version (a hit re-runs with only the key, the base map's index built once
 * and the answer the same as with the layers sent), a miss answers `noContext` or `noFile` with the parts it lacks,
 * a new version replaces the old, and the client sends the layers again after a cancel restarts the worker.
 */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { wgs84ToGcj02 } from '../../../src/io/crs';
import { basemapFitIndex } from '../../../src/geo/basemap-fit';
import { createImportHandler, failureReply } from '../../../src/workers/import-handler';
import { createImportClient, type ImportRunContext } from '../../../src/workers/import-client';
import type { WorkerLike } from '../../../src/workers/client';
import type {
  ImportContextRef,
  ImportFailure,
  ImportReply,
  ImportRequest,
  ImportSuccess,
} from '../../../src/workers/import-messages';

vi.mock('../../../src/geo/basemap-fit', async (original) => {
  const actual = await original<typeof import('../../../src/geo/basemap-fit')>();
  return { ...actual, basemapFitIndex: vi.fn(actual.basemapFitIndex) };
});
const built = vi.mocked(basemapFitIndex);

const read = <T>(file: string) => JSON.parse(readFileSync(`data/haiyan-mini/${file}`, 'utf8')) as T;
const communities = read<FeatureCollection<Polygon | MultiPolygon>>('community.geojson').features;
const enterprises = read<FeatureCollection<Point>>('enterprises.geojson').features;
const basemap = read<FeatureCollection>('basemap.geojson').features.filter(
  (f) => f.properties?.kind === 'road' || f.properties?.kind === 'building',
);
/** The first 200 enterprises are loaded; the file has 80 of them again and 20 more, geocoded on 高德 (GCJ-02). */
const existing = enterprises.slice(0, 200) as Feature[];
const csv = () => {
  const rows = enterprises.slice(120, 220).map((f) => {
    const [x, y] = wgs84ToGcj02(f.geometry.coordinates[0], f.geometry.coordinates[1]);
    return `${String(f.properties?.id)},${String(f.properties?.name)},规上,${x.toFixed(7)},${y.toFixed(7)}`;
  });
  return new TextEncoder().encode(['统一社会信用代码,企业名称,规模,经度,纬度', ...rows].join('\n')).buffer;
};

const ALL = { communities, existing, basemap };
const ref = (key: number, sent: ImportContextRef['sent'] = ALL): ImportContextRef => ({
  key,
  use: ['communities', 'existing', 'basemap'],
  sent,
});
const request = (
  id: number,
  context: ImportContextRef,
  extra: Partial<ImportRequest> = {},
): ImportRequest => ({
  id,
  file: { token: 1, name: 'qy.csv' },
  as: 'enterprises',
  context,
  ...extra,
});
const noop = () => undefined;
const hint = (r: ImportSuccess) => r.report.notes.find((n) => n.code === 'maybeChinaOffset')?.reason;

// (A block: a function returned from beforeEach is run as its clean-up.)
beforeEach(() => {
  built.mockClear();
});

describe('import handler: the dataset layers, kept per dataset version', () => {
  it('re-runs with only the key: the same answer, the base map indexed once', async () => {
    const handle = createImportHandler();
    const first = (
      await handle(request(1, ref(7), { file: { token: 1, name: 'qy.csv', bytes: csv() } }), noop)
    ).reply as ImportSuccess;
    expect(first.ok).toBe(true);
    expect(hint(first)).toContain('--crs gcj02');
    expect(first.report.merge).toMatchObject({ updated: 80 }); // moved by the offset
    expect(built).toHaveBeenCalledTimes(1);

    // Another option: only the key travels, and the index is not built again.
    const second = (await handle(request(2, ref(7, {}), { crs: 'EPSG:4490' }), noop)).reply as ImportSuccess;
    expect(second.ok).toBe(true);
    expect(hint(second)).toContain('--crs gcj02');
    expect(built).toHaveBeenCalledTimes(1);

    // The same options with the layers sent again (what every run did before): the same report and preview.
    const again = (await handle(request(3, ref(7)), noop)).reply as ImportSuccess;
    const cached = (await handle(request(4, ref(7, {})), noop)).reply as ImportSuccess;
    expect(cached.report).toEqual(again.report);
    expect(cached.preview).toEqual(again.preview);
    expect(new TextDecoder().decode(cached.file)).toBe(new TextDecoder().decode(again.file));
    const { added, updated } = cached.report.merge!;
    expect(cached.preview.features).toHaveLength(added + updated);
  });

  it('a key not held: noContext with the parts lacking; no file: noFile, the parts sent kept', async () => {
    const handle = createImportHandler();
    const missing = (
      await handle(request(1, ref(7, {}), { file: { token: 1, name: 'qy.csv', bytes: csv() } }), noop)
    ).reply as ImportFailure;
    expect(missing).toMatchObject({
      ok: false,
      code: 'noContext',
      absent: ['communities', 'existing', 'basemap'],
    });
    const some = (await handle(request(2, ref(7, { basemap })), noop)).reply as ImportFailure;
    expect(some).toMatchObject({ code: 'noContext', absent: ['communities', 'existing'] });
    expect((await handle(request(3, ref(7, { communities, existing })), noop)).reply.ok).toBe(true);

    const fresh = createImportHandler();
    const noFile = (await fresh(request(4, ref(8, { communities })), noop)).reply as ImportFailure;
    expect(noFile).toMatchObject({ code: 'noFile', absent: ['existing', 'basemap'] });
    const file = { token: 1, name: 'qy.csv', bytes: csv() };
    expect((await fresh(request(5, ref(8, { existing, basemap }), { file }), noop)).reply.ok).toBe(true);
  });

  it('a new dataset version replaces the old: its layers and index, not the old ones', async () => {
    const handle = createImportHandler();
    const file = { token: 1, name: 'qy.csv', bytes: csv() };
    expect((await handle(request(1, ref(7), { file }), noop)).reply.ok).toBe(true);
    // Version 8 has no enterprises yet and another base map (here: none of its buildings).
    const roads = basemap.filter((f) => f.properties?.kind === 'road');
    const eight: ImportContextRef = {
      key: 8,
      use: ['communities', 'basemap'],
      sent: { communities, basemap: roads },
    };
    const next = (await handle(request(2, eight), noop)).reply as ImportSuccess;
    expect(next.report.merge).toBeUndefined();
    expect(built).toHaveBeenCalledTimes(2);
    expect(built.mock.calls[1][0]).toBe(roads);
    expect((await handle(request(3, { ...eight, sent: {} }), noop)).reply.ok).toBe(true);
    expect(built).toHaveBeenCalledTimes(2);
    // Version 7 is gone.
    const old = (await handle(request(4, ref(7, {})), noop)).reply as ImportFailure;
    expect(old).toMatchObject({ code: 'noContext', absent: ['communities', 'existing', 'basemap'] });
  });
});

/** A stand-in Worker that runs the handler in-process, with the messages cloned as postMessage does. */
class InProcessWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  received: ImportRequest[] = [];
  answered: Promise<void>[] = [];
  handle = createImportHandler();
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    const req = structuredClone(message, { transfer }) as ImportRequest;
    this.received.push(req);
    const send = (reply: ImportReply) => this.onmessage?.({ data: reply } as MessageEvent);
    this.answered.push(
      this.handle(req, send).then(
        ({ reply }) => send(reply),
        (e: unknown) => send(failureReply(req.id, e)),
      ),
    );
  }
  terminate(): void {
    this.onmessage = null;
  }
}

describe('import client and handler: a cancel restarts the worker, which is sent the layers again', () => {
  it('hit, cancel, resend', async () => {
    const workers: InProcessWorker[] = [];
    const client = createImportClient(() => {
      workers.push(new InProcessWorker());
      return workers[workers.length - 1];
    });
    const blob = new Blob([csv()]);
    const context: ImportRunContext = { key: 7, ...ALL };
    const run = (crs?: string) =>
      client.run(blob, 'qy.csv', 1, { as: 'enterprises', context, ...(crs ? { crs } : {}) });
    expect((await run()).ok).toBe(true);
    expect(Object.keys(workers[0].received[0].context.sent)).toEqual(['communities', 'existing', 'basemap']);
    expect((await run('gcj02')).ok).toBe(true);
    expect(workers[0].received[1].context.sent).toEqual({});
    expect(built).toHaveBeenCalledTimes(1);

    client.cancel();
    const after = (await run()) as ImportSuccess;
    expect(after.ok).toBe(true);
    expect(hint(after)).toContain('--crs gcj02');
    expect(workers).toHaveLength(2);
    expect(workers[1].received).toHaveLength(1);
    expect(workers[1].received[0].file.bytes).toBeDefined();
    expect(Object.keys(workers[1].received[0].context.sent)).toEqual(['communities', 'existing', 'basemap']);
    expect(built).toHaveBeenCalledTimes(2);
  });

  it('a worker that lost its state unseen answers noFile, and is sent everything again', async () => {
    const workers: InProcessWorker[] = [];
    const client = createImportClient(() => {
      workers.push(new InProcessWorker());
      return workers[workers.length - 1];
    });
    const blob = new Blob([csv()]);
    const context: ImportRunContext = { key: 7, ...ALL };
    expect((await client.run(blob, 'qy.csv', 1, { as: 'enterprises', context })).ok).toBe(true);
    workers[0].handle = createImportHandler();
    const reply = await client.run(blob, 'qy.csv', 1, { as: 'enterprises', context, crs: 'gcj02' });
    expect(reply.ok).toBe(true);
    expect(workers[0].received.map((r) => [!!r.file.bytes, Object.keys(r.context.sent).length])).toEqual([
      [true, 3],
      [false, 0],
      [true, 3],
    ]);
  });
});
