/**
 * Filter figures for the README (issue 4), outside Vitest. Everything runs INSIDE a worker_threads Worker, as the
 * app runs it in a Web Worker; the main thread posts each request and times the round trip (structured clone and
 * transfer included), the worker times its own part.
 * - county (seeded, ≈1M incidents, 15k enterprises, 437 grids; filter-routes.ts): re-aggregation after a filter
 *   change, ours (filterMask + incidentSummary + hex re-count + Gi* + points) vs naive (feature objects filtered
 *   property by property, grid counts by Turf point-in-polygon per incident, monthRates per month, hex re-binned);
 *   hex binning + Gi* of all 1M incidents from scratch, ours vs hotspots-routes' naive route; incidents.csv into
 *   columns vs into features and then columns; one hex cell's incident list on demand (the `cell` request the panel
 *   sends on a click), after its filter's reply (mask kept) and under another filter (mask made again);
 * - community (data/zhihuiwan): a filter change end to end (post → engine → reply), target < 100 ms.
 * Rounds interleave the filters; medians are quoted, ratios are what to compare across machines.
 * Run: npx tsx --expose-gc tests/bench/filter-report.ts [--seed 1] [--n 1000000] [--e 15000] [--size 200] [--rounds 5]
 *      [--naive-rounds 1] [--hex-naive-rounds 1] [--no-csv]
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { Feature, Point } from 'geojson';
import { cpus, platform, release } from 'node:os';
import { parseArgs } from 'node:util';
import { NO_FILTER, monthFilter, type IncidentFilter } from '../../src/domain/incident-filter';
import { incidentTable } from '../../src/domain/incident-table';
import type { IncidentProps } from '../../src/domain/types';
import { formatCst } from '../../src/domain/time';
import { filterMask } from '../../src/domain/incident-summary';
import { hexAnalysis, hexBinning } from '../../src/geo/hex-analysis';
import { loadDataset } from '../../src/io/dataset';
import { folderSource } from '../../src/io/fs-source';
import { incidentColumnsFromCsv } from '../../src/io/incidents-columns';
import { readIncidentsCsv } from '../../src/io/incidents-csv';
import { StatsEngine, filterTransfer } from '../../src/workers/stats-engine';
import type { FilterReport } from '../../src/workers/stats-messages';
import { agreement, filterBenchData, naiveLocator, naiveRoute, warmEngine, type FilterBenchData } from './filter-routes';
import { median, naiveRoute as naiveHexRoute } from './hotspots-routes';

type Request =
  | { type: 'setup'; seed: number; n: number; e: number; sizeM: number }
  | { type: 'ours' | 'naive'; k: number }
  | { type: 'cell'; k: number; fresh: boolean }
  | { type: 'hex' | 'hex-naive' | 'csv' | 'community-load' }
  | { type: 'community'; filter: IncidentFilter };
type Reply = { ms: number; [key: string]: unknown };

/** zhihuiwan filter changes an analyst might make. */
const COMMUNITY_FILTERS: IncidentFilter[] = [
  monthFilter('2026-10'),
  { ...monthFilter('2026-10'), categories: ['safety', 'fire'] },
  { ...monthFilter('2026-10'), categories: ['safety', 'fire'], grids: ['330424002201003'] },
  { ...NO_FILTER, levels: [1, 2] },
  { ...monthFilter('2026-11'), statuses: ['reported', 'accepted', 'dispatched', 'in-progress'] },
];

function worker(): void {
  let d: FilterBenchData;
  let engine: StatsEngine;
  let sizeM = 200;
  let locate: ReturnType<typeof naiveLocator>;
  let community: StatsEngine;
  /** The busiest study cell of all incidents: the cell an analyst clicks (the cells do not move with the filter). */
  let busiest = 0;
  const port = parentPort!;
  port.on('message', async (req: Request) => {
    const t = performance.now();
    let extra: Record<string, unknown> = {};
    let transfer: ArrayBuffer[] = [];
    if (req.type === 'setup') {
      sizeM = req.sizeM;
      d = filterBenchData(req.seed, req.n, req.e);
      const data = performance.now() - t;
      const warm = warmEngine(d, sizeM);
      engine = warm.engine;
      locate = naiveLocator(d.grids);
      const table = engine.table;
      const binning = engine.binning(sizeM);
      const all = engine.filter(NO_FILTER, sizeM).hex!.count;
      busiest = all.indexOf(all.reduce((a, c) => (c > a ? c : a), 0));
      extra = { data, ...warm.ms, incidents: table.n, enterprises: d.dataset.enterprises!.features.length, grids: d.grids.length, cells: binning.area.q.length, filters: d.filters.length };
    } else if (req.type === 'ours') {
      const report: FilterReport = engine.filter(d.filters[req.k], sizeM);
      transfer = filterTransfer(report);
      extra = { report };
    } else if (req.type === 'cell') {
      // Untimed: the engine holds the mask of the filter answered last (fresh: another one's).
      const filter = d.filters[req.k];
      engine.mask(req.fresh ? d.filters[(req.k + 1) % d.filters.length] : filter);
      const t1 = performance.now();
      const list = engine.cell(filter, sizeM, busiest);
      port.postMessage({ ms: performance.now() - t1, count: list.count, listed: list.incidents.length, list });
      return;
    } else if (req.type === 'naive') {
      const naive = naiveRoute(d, d.filters[req.k], locate, sizeM);
      const ms = performance.now() - t;
      const differs = agreement(engine.filter(d.filters[req.k], sizeM), naive);
      port.postMessage({ ms, differs, total: naive.total });
      return;
    } else if (req.type === 'hex') {
      const b = hexBinning(d.dataset, engine.table, sizeM);
      const all = filterMask(engine.table, NO_FILTER);
      const hex = hexAnalysis(b, engine.table, all, NO_FILTER);
      extra = { cells: hex.q.length, hot: hex.bin.filter((x) => x > 0).length };
    } else if (req.type === 'hex-naive') {
      const t0 = performance.now();
      const table = engine.table;
      const ents = d.dataset.enterprises!.features;
      const data = {
        lon: table.lon,
        lat: table.lat,
        elon: Float64Array.from(ents, (f) => f.geometry.coordinates[0]),
        elat: Float64Array.from(ents, (f) => f.geometry.coordinates[1]),
        boundary: d.dataset.community!.features[0].geometry as never,
        mask: new Uint8Array(table.n).fill(1),
      };
      const naive = naiveHexRoute(data, sizeM);
      const ours = hexAnalysis(engine.binning(sizeM), table, data.mask, NO_FILTER);
      const same = naive.bin.length === ours.bin.length && naive.bin.every((b, i) => b === ours.bin[i]);
      port.postMessage({ ms: performance.now() - t0, same });
      return;
    } else if (req.type === 'csv') {
      const header = 'id,category,level,status,reportedAt,gridCode,closedAt,lon,lat';
      const lines = [header];
      for (const { properties: p, geometry: g } of d.incidents)
        lines.push([p.id, p.category, p.level, p.status, p.reportedAt, p.gridCode, p.closedAt ?? '', ...g.coordinates].join(','));
      const text = lines.join('\n');
      const mb = text.length / 1e6;
      // Heap each result holds (needs --expose-gc, else the figures are rough).
      const heap = () => (global.gc?.(), process.memoryUsage().heapUsed);
      let h0 = heap();
      let t1 = performance.now();
      const cols = incidentColumnsFromCsv(text);
      const columnsMs = performance.now() - t1;
      const columnsHeap = heap() - h0;
      h0 = heap();
      t1 = performance.now();
      // The route before the columns: every row a feature object first.
      const features: Feature<Point, IncidentProps>[] = [];
      readIncidentsCsv(text, ({ props, lon, lat }) =>
        features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props }),
      );
      const viaFeatures = incidentTable(features);
      const featuresMs = performance.now() - t1;
      const featuresHeap = heap() - h0;
      const same = cols.n === viaFeatures.n && cols.reported.every((x, i) => x === viaFeatures.reported[i]);
      port.postMessage({ ms: performance.now() - t, mb, columnsMs, featuresMs, columnsHeap, featuresHeap, same, gc: !!global.gc });
      void features.length;
      return;
    } else if (req.type === 'community-load') {
      const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
      community = new StatsEngine(ds, Date.now());
      const t1 = performance.now();
      const report = community.filter(COMMUNITY_FILTERS[0], sizeM);
      extra = { cold: performance.now() - t1, incidents: community.table.n };
      transfer = filterTransfer(report);
    } else if (req.type === 'community') {
      const report = community.filter(req.filter, sizeM);
      transfer = filterTransfer(report);
      extra = { report };
    }
    port.postMessage({ ms: performance.now() - t, ...extra }, transfer);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      n: { type: 'string', default: '1000000' },
      e: { type: 'string', default: '15000' },
      size: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '5' },
      'naive-rounds': { type: 'string', default: '1' },
      'hex-naive-rounds': { type: 'string', default: '1' },
      'no-csv': { type: 'boolean', default: false },
    },
  });
  const [seed, n, e, sizeM, rounds, naiveRounds, hexNaiveRounds] = [
    values.seed, values.n, values.e, values.size, values.rounds, values['naive-rounds'], values['hex-naive-rounds'],
  ].map(Number);
  // tsx's loader is registered in the worker before the module loads (a .ts worker entry needs it).
  const w = new Worker(
    `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`,
    { eval: true, resourceLimits: { maxOldGenerationSizeMb: 12_288 } },
  );
  w.on('error', (err) => {
    console.error(err);
    process.exit(1);
  });
  /** Posts one request; resolves with the reply and the round trip seen from here. */
  const ask = (req: Request) =>
    new Promise<Reply & { rt: number }>((resolve) => {
      const t = performance.now();
      w.once('message', (reply: Reply) => resolve({ ...reply, rt: performance.now() - t }));
      w.postMessage(req);
    });

  const setup = await ask({ type: 'setup', seed, n, e, sizeM });
  const f0 = (x: unknown) => (x as number).toFixed(0);
  console.log(
    `county data: seed ${seed}, ${(setup.incidents as number).toLocaleString('en')} incidents, ${setup.enterprises} enterprises, ` +
      `${setup.grids} grids, ${setup.cells} study cells of ${sizeM} m (${(Number(setup.data) / 1000).toFixed(1)} s to generate)`,
  );
  console.log(
    `once per dataset, in the worker: incident columns from features ${f0(setup.table)} ms, grids + enterprise ` +
      `assignment ${f0(setup.grids)} ms, binning at ${sizeM} m ${f0(setup.binning)} ms`,
  );
  const filters = Number(setup.filters);
  const samples: Record<string, number[]> = {};
  const add = (k: string, v: number) => (samples[k] ??= []).push(v);

  // Warm-up (JIT), then the agreement check against the naive route, then interleaved rounds.
  for (let k = 0; k < filters; k++) await ask({ type: 'ours', k });
  const differs: string[] = [];
  for (let r = 0; r < naiveRounds; r++)
    for (let k = 0; k < filters; k++) {
      const naive = await ask({ type: 'naive', k });
      add('naive', naive.ms);
      if (naive.differs) differs.push(`filter ${k}: ${naive.differs}`);
    }
  for (let r = 0; r < rounds; r++)
    for (let k = 0; k < filters; k++) {
      const ours = await ask({ type: 'ours', k });
      add('ours', ours.ms);
      add('oursRt', ours.rt);
    }
  let listed = 0;
  for (let r = 0; r < rounds; r++)
    for (let k = 0; k < filters; k++)
      for (const fresh of [false, true]) {
        const c = await ask({ type: 'cell', k, fresh });
        add(fresh ? 'cellFresh' : 'cell', c.ms);
        add(fresh ? 'cellFreshRt' : 'cellRt', c.rt);
        listed = Math.max(listed, Number(c.listed));
      }
  for (let r = 0; r < rounds; r++) add('hex', (await ask({ type: 'hex' })).ms);
  let hexSame = true;
  for (let r = 0; r < hexNaiveRounds; r++) {
    const h = await ask({ type: 'hex-naive' });
    add('hexNaive', h.ms);
    hexSame &&= h.same as boolean;
  }
  const csv = values['no-csv'] ? null : await ask({ type: 'csv' });

  const load = await ask({ type: 'community-load' });
  for (let r = 0; r < rounds + 2; r++)
    for (const filter of COMMUNITY_FILTERS) {
      const c = await ask({ type: 'community', filter });
      if (r < 2) continue; // warm-up
      add('community', c.ms);
      add('communityRt', c.rt);
    }
  w.terminate();

  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const rows: [string, string, string][] = [
    [
      `county filter change, ours (mask + summary + hex re-count + Gi* + points), ${rounds}×${filters} changes`,
      `${m.ours.toFixed(0)} ms`,
      `round trip ${m.oursRt.toFixed(0)} ms`,
    ],
    [
      `county cell list on demand (busiest cell, ≤ ${listed} incidents), after its filter's reply, ${rounds}×${filters}`,
      `${m.cell.toFixed(1)} ms`,
      `round trip ${m.cellRt.toFixed(1)} ms; under another filter (mask made again) ${m.cellFresh.toFixed(1)} ms, round trip ${m.cellFreshRt.toFixed(1)} ms`,
    ],
    [
      `county filter change, naive (objects + Turf per incident + monthRates + re-bin), ${naiveRounds}×${filters}`,
      `${m.naive.toFixed(0)} ms`,
      `naive/ours = ${(m.naive / m.ours).toFixed(0)}×`,
    ],
    [`hex binning + Gi* of all ${(n / 1e6).toFixed(1)}M incidents from scratch, ours`, `${m.hex.toFixed(0)} ms`, 'target < 1000 ms'],
    ...(m.hexNaive
      ? [[
          'hex binning + Gi*, naive (Turf point-in-polygon per incident, O(n²) neighbours)',
          `${m.hexNaive.toFixed(0)} ms`,
          `naive/ours = ${(m.hexNaive / m.hex).toFixed(0)}×`,
        ] as [string, string, string]]
      : []),
    ...(csv
      ? [
          [`incidents.csv (${Number(csv.mb).toFixed(0)} MB) → columns`, `${f0(csv.columnsMs)} ms`, `heap +${(Number(csv.columnsHeap) / 2 ** 20).toFixed(0)} MiB`],
          [
            'incidents.csv → features → columns (feature objects + incidentTable)',
            `${f0(csv.featuresMs)} ms`,
            `${(Number(csv.featuresMs) / Number(csv.columnsMs)).toFixed(1)}× the time, heap +${(Number(csv.featuresHeap) / 2 ** 20).toFixed(0)} MiB${csv.gc ? '' : ' (no --expose-gc: rough)'}`,
          ],
        ] as [string, string, string][]
      : []),
    [
      `community (zhihuiwan, ${load.incidents} incidents) filter change end to end, ${rounds}×${COMMUNITY_FILTERS.length}`,
      `${m.communityRt.toFixed(1)} ms`,
      `in worker ${m.community.toFixed(1)} ms; first request ${f0(load.cold)} ms; target < 100 ms`,
    ],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(`\nmedians, in a worker_threads Worker:\n${rows.map(([a, b, c]) => `  ${a.padEnd(width)}  ${b.padStart(9)}  ${c}`).join('\n')}`);
  console.log(
    `agreement: ours vs naive per filter ${differs.length ? `DIFFERS: ${differs.join(' | ')}` : 'same totals, grid counts, rates, timeline, hex cells'}; ` +
      `hex classes ours vs naive ${m.hexNaive ? (hexSame ? 'same' : 'DIFFER') : 'not run'}` +
      (csv ? `; csv columns vs features ${csv.same ? 'same' : 'DIFFER'}` : ''),
  );
  console.log(`machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.versions.node}; ${formatCst(Date.now())}`);
}

if (isMainThread) await main();
else worker();
