/**
 * incidents.bin vs incidents.csv into an IncidentTable (issue 14), from the file's bytes to the table, titles kept,
 * in one run: the CSV route is UTF-8 decoding then io/incidents-columns (what loadDataset does with incidents.csv);
 * the binary route is io/incidents-binary's decode. Seeded incidents shaped like the county's (7 times a row, a
 * lifecycle that stops anywhere, ~30 % distinct titles, 430 grids); INCIDENTS_BIN_BENCH_N sets how many (default
 * 200 000; the county is 1M, docs/binary-data.md has its figures). Never asserts times; prints the ratio.
 * Run: npx vitest bench --run --project unit tests/bench/incidents-binary.bench.ts
 */
import { cpus } from 'node:os';
import { afterAll, bench, describe } from 'vitest';
import { createRng } from '../../src/domain/random';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from '../../src/domain/types';
import { decodeIncidentTable, encodeIncidentTable } from '../../src/io/incidents-binary';
import { incidentColumnsFromCsv } from '../../src/io/incidents-columns';
import { INCIDENT_CSV_COLUMNS, csvCell } from '../../src/io/incidents-csv';
import { cstTime } from '../../src/io/incident-features';

const N = Number(process.env.INCIDENTS_BIN_BENCH_N ?? 200_000);

/** incidents.csv text of `n` seeded incidents. */
function seededCsv(n: number): string {
  const rng = createRng(14);
  const grids = Array.from({ length: 430 }, (_, i) => `330424${String(100 + (i % 30)).padStart(3, '0')}${String(1 + i).padStart(3, '0')}`);
  const titles = Array.from({ length: Math.round(n * 0.3) }, (_, i) => `${rng.pick(['越兴', '禾万', '宝宇', '沈荡湾'])}不锈钢制品${i}${rng.pick(['安全通道堵塞', '室外消火栓无水', '道路积水'])}`);
  const start = Date.parse('2025-12-01T00:00:00+08:00');
  const lines = [[...INCIDENT_CSV_COLUMNS, 'lon', 'lat'].join(',')];
  for (let i = 0; i < n; i++) {
    const reported = start + Math.floor((i / n) * 355 * 86_400) * 1000;
    const steps = rng.int(0, 5);
    let t = reported;
    const next = () => (t += rng.int(600, 86_400) * 1000);
    const row: Record<string, unknown> = {
      id: `SJ${String(i + 1).padStart(7, '0')}`,
      category: rng.pick(INCIDENT_CATEGORIES),
      level: rng.int(1, 4),
      status: INCIDENT_STATUSES[steps === 5 ? 6 : steps],
      reportedAt: cstTime(reported),
      gridCode: rng.pick(grids),
      acceptedAt: steps > 0 ? cstTime(next()) : null,
      dispatchedAt: steps > 1 ? cstTime(next()) : null,
      resolvedAt: steps > 2 ? cstTime(next()) : null,
      verifiedAt: steps > 3 ? cstTime(next()) : null,
      closedAt: steps > 4 ? cstTime(next()) : null,
      deadline: cstTime(reported - (reported % 86_400_000) + 3 * 86_400_000),
      supervised: rng.chance(0.06),
      title: rng.pick(titles),
    };
    lines.push(`${INCIDENT_CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')},${(120.8 + rng.next() / 5).toFixed(7)},${(30.4 + rng.next() / 5).toFixed(7)}`);
  }
  return `${lines.join('\n')}\n`;
}

const csvBytes = new TextEncoder().encode(seededCsv(N));
const table = incidentColumnsFromCsv(new TextDecoder().decode(csvBytes), { titles: true });
const binBytes = encodeIncidentTable(table);
// The routes must give the same table: checked once before timing.
if (JSON.stringify(decodeIncidentTable(binBytes).title) !== JSON.stringify(table.title)) throw new Error('incidents.bin bench: the routes differ');

const samples: Record<string, number[]> = {};
const timed = (name: string, fn: () => unknown) => () => {
  const t = performance.now();
  fn();
  (samples[name] ??= []).push(performance.now() - t);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

describe(`${N.toLocaleString('en')} incidents into an IncidentTable: incidents.csv ${(csvBytes.length / 1048576).toFixed(1)} MB, incidents.bin ${(binBytes.length / 1048576).toFixed(1)} MB`, () => {
  bench('incidents.bin: decodeIncidentTable', timed('binary', () => decodeIncidentTable(binBytes, { titles: true })), {
    iterations: 10,
    time: 0,
    warmupIterations: 2,
    warmupTime: 0,
  });
  bench(
    'incidents.csv: UTF-8 decode + incidentColumnsFromCsv',
    timed('csv', () => incidentColumnsFromCsv(new TextDecoder().decode(csvBytes), { titles: true })),
    { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});

afterAll(() => {
  const bin = samples.binary && median(samples.binary.slice(2));
  const csv = samples.csv && median(samples.csv.slice(1));
  if (!bin || !csv) return;
  console.log(
    [
      '',
      `into the table, medians: incidents.bin ${bin.toFixed(0)} ms, incidents.csv ${csv.toFixed(0)} ms; csv/bin = ${(csv / bin).toFixed(1)}×`,
      `file sizes: incidents.csv ${(csvBytes.length / 1048576).toFixed(1)} MB, incidents.bin ${(binBytes.length / 1048576).toFixed(1)} MB`,
      `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, Node ${process.versions.node}`,
    ].join('\n'),
  );
});
