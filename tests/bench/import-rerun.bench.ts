/**
 * The import dialog's re-run at county scale: an option changed (here the CRS, between the file's own and
 * CGCS2000, both geographic so the base-map hint is worked out each time) on an enterprises CSV already read, up to
 * the worker's answer. The import worker's handler in-process, the messages cloned as postMessage does (the request
 * with structuredClone, the answer with its file transferred). Two routes in one run on the same seeded county
 * (generator, seed 1: ~15k enterprises, ~40k roads and buildings, ~18 MB as JSON): the layers sent with every
 * run (what the dialog did before: a copy each time, the base map's index rebuilt) and only the dataset version's
 * key (the worker keeps the layers and the index). Prints the medians and their ratio with the machine.
 * Run: npx vitest bench --run --project unit tests/bench/import-rerun.bench.ts
 */
import { cpus } from 'node:os';
import type { Feature } from 'geojson';
import { afterAll, bench, describe } from 'vitest';
import { generateDataset } from '../../src/synth/generate/index';
import { wgs84ToGcj02 } from '../../src/io/crs';
import { createImportHandler } from '../../src/workers/import-handler';
import type { ContextParts, ImportRequest } from '../../src/workers/import-messages';
import { median } from './hotspots-routes';

const ds = generateDataset({ scale: 'county', seed: 1, incidents: 0 });
const parts: Required<ContextParts> = {
  communities: ds.community.features,
  existing: ds.enterprises.features as Feature[],
  basemap: ds.basemap.features.filter(
    (f) => f.properties?.kind === 'road' || f.properties?.kind === 'building',
  ) as Feature[],
};
const mb = (v: unknown) => (JSON.stringify(v).length / 1e6).toFixed(1);

/** The county's enterprises as a list geocoded on 高德 (GCJ-02): what the base-map hint is for. */
const csv = new TextEncoder().encode(
  [
    '统一社会信用代码,企业名称,规模,行业,从业人数,经度,纬度',
    ...ds.enterprises.features.map((f) => {
      const p = f.properties;
      const [x, y] = wgs84ToGcj02(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      const scale = p.scale === 'above' ? '规上' : '规下';
      return `${p.id},"${p.name}",${scale},${p.industry ?? ''},${p.employees ?? ''},${x.toFixed(7)},${y.toFixed(7)}`;
    }),
  ].join('\n'),
);

const handle = createImportHandler();
const noop = () => undefined;
let id = 0;
const use = ['communities', 'existing', 'basemap'] as ImportRequest['context']['use'];

/** One re-run as the dialog makes it, with the layers (`send`) or with the key only. */
async function rerun(send: boolean): Promise<void> {
  id++;
  const message: ImportRequest = {
    id,
    file: { token: 1, name: 'enterprises.csv' },
    as: 'enterprises',
    ...(id % 2 ? { crs: 'EPSG:4490' } : {}),
    context: { key: 1, use, sent: send ? parts : {} },
  };
  const { reply } = await handle(structuredClone(message), noop);
  if (!reply.ok) throw new Error(`${reply.code}: ${reply.message}`);
  structuredClone(reply, { transfer: [reply.file.buffer] });
}

// The file read once, the layers kept: the routes below time re-runs only.
await handle(
  {
    id: 0,
    file: { token: 1, name: 'enterprises.csv', bytes: csv.slice().buffer },
    as: 'enterprises',
    context: { key: 1, use, sent: parts },
  },
  noop,
);

const samples: Record<string, number[]> = {};
const timed = (name: string, fn: () => Promise<unknown>) => async () => {
  const t = performance.now();
  await fn();
  (samples[name] ??= []).push(performance.now() - t);
};
const runs = { iterations: 9, time: 0, warmupIterations: 2, warmupTime: 0 };

describe(`re-run: ${ds.enterprises.features.length} enterprises CSV, county base map`, () => {
  bench(
    'layers sent with every run (before)',
    timed('sent', () => rerun(true)),
    runs,
  );
  bench(
    'dataset key only (after)',
    timed('key', () => rerun(false)),
    runs,
  );
});

afterAll(() => {
  // The first calls are Vitest's warm-up ones: leave them out.
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v.slice(2))]));
  if (!m.sent || !m.key) return;
  console.log(
    [
      '',
      `layers: base map ${parts.basemap.length} features (${mb(parts.basemap)} MB as JSON), ` +
        `${parts.existing.length} enterprises (${mb(parts.existing)} MB), ` +
        `${parts.communities.length} communities (${mb(parts.communities)} MB)`,
      `option change → answer, medians: layers sent ${m.sent.toFixed(0)} ms, key only ${m.key.toFixed(0)} ms; ` +
        `sent/key = ${(m.sent / m.key).toFixed(1)}×`,
      `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, Node ${process.versions.node}`,
    ].join('\n'),
  );
});
