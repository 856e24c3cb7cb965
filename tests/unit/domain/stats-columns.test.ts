/**
 * One implementation of the incident figures (issue 10, "the house"): incidents.csv is read straight into columns,
 * incidents.geojson's features are turned into the same columns, and the `stats` JSON and the wall's figures are
 * counted over those columns. On a fixture with every edge case (tests/fixtures/issue-10-incident-columns/README.md:
 * missing deadline, closed without status and status without closedAt, a revoked grid, month boundaries in CST,
 * reports and closures after asOf), both forms give the same figures, and the figures are the ones worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { DatasetFile } from '../../../src/domain/types';
import { datasetIncidents, incidentTable } from '../../../src/domain/incident-table';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset, type DatasetSource, type LoadOptions } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { createWallRefresher } from '../../../src/workers/wall-refresh';
import { readFileSync } from 'node:fs';

const DIR = 'tests/fixtures/issue-10-incident-columns';
const FORMS = ['incidents.geojson', 'incidents.csv'] as const;
type Form = (typeof FORMS)[number];

/** The fixture folder with only one of its two incident files listed. */
function source(form: Form): DatasetSource {
  const folder = folderSource(DIR);
  return {
    location: folder.location,
    manifest: async () => {
      const m = await folder.manifest();
      return { ...m, files: m.files.filter((f) => f === form || !FORMS.includes(f as Form)) };
    },
    read: (f) => folder.read(f),
  };
}

const load = (form: Form, options?: LoadOptions) => loadDataset(source(form), options);

describe('incident figures from incidents.csv (columns) and incidents.geojson (features)', () => {
  it('reads incidents.csv into columns only: no feature objects, titles only when asked for', async () => {
    const csv = await load('incidents.csv');
    expect(csv.incidents).toBeUndefined();
    expect(csv.incidentColumns?.n).toBe(16);
    expect(csv.incidentColumns?.title).toBeNull();
    const withTitles = await load('incidents.csv', { incidentTitles: true });
    expect(withTitles.incidentColumns?.title?.[13]).toBe('仓库"A", 消防通道堵塞');
    // The same table as the features give, titles and all.
    const geo = await load('incidents.geojson');
    expect(geo.incidentColumns).toBeUndefined();
    expect(withTitles.incidentColumns).toEqual(incidentTable(geo.incidents!.features));
    expect(datasetIncidents(withTitles)).toBe(withTitles.incidentColumns);
  });

  it('gives byte-identical stats for every month, with the edge cases counted as DOMAIN.md says', async () => {
    const geo = await load('incidents.geojson');
    const csv = await load('incidents.csv');
    for (const month of ['2026-01', '2026-02', '2026-03', undefined]) {
      const a = datasetStats(geo, { now: 0, month });
      const b = datasetStats(csv, { now: 0, month });
      expect(JSON.stringify(b), month).toBe(JSON.stringify(a));
    }
    const s = datasetStats(csv, { now: 0 });
    expect(s.month).toBe('2026-03');
    const t = s.totals.incidents;
    expect(t.total).toBe(16);
    // C02 is closed by its closedAt but counted by its status; C03 says closed but has no closedAt.
    expect(t.byStatus).toMatchObject({ closed: 8, 'in-progress': 2, returned: 1, suspended: 1 });
    // Overdue: C03, C04 (revoked grid), C07, C15 (a Saturday report); near-due: C13, C16. C11 is after asOf, C12
    // closes after asOf (open at asOf, on track).
    expect(t).toMatchObject({ overdue: 4, nearDue: 2 });
    // March (CST) up to asOf: 11 reported (C07 at 16:00 UTC on 28 Feb among them; C06 at 23:59:59 CST on 28 Feb and
    // C11 after asOf not), 3 closed by asOf; closed in March: C01 C02 C05 C06 C10, on time C01 C02 C06.
    expect(t.month).toMatchObject({ total: 11, closed: 3, closedInMonth: 5, onTimeRate: 0.6 });
    // Grids in force only: the revoked grid's C04 and C16 count for the community, in no grid row.
    expect(s.grids.map((g) => [g.code, g.incidents.total])).toEqual([
      ['330424002201001', 4],
      ['330424002201002', 5],
    ]);
    const feb = datasetStats(csv, { now: 0, month: '2026-02' });
    // February: C05, C06 (23:59:59 CST on the 28th) and C08 (16:30 UTC on 31 January); C09 (23:59 CST on 31
    // January) is January's.
    expect(feb.totals.incidents.month).toMatchObject({ total: 3, closed: 1, closedInMonth: 2, onTimeRate: 0.5 });
    expect(datasetStats(csv, { now: 0, month: '2026-01' }).totals.incidents.month.total).toBe(1);
  });

  it('gives the wall the same snapshot from either form', async () => {
    const snapshots = [];
    for (const form of FORMS) {
      const manifest = JSON.parse(readFileSync(`${DIR}/dataset.json`, 'utf8')) as { files: DatasetFile[] };
      manifest.files = manifest.files.filter((f) => f === form || !FORMS.includes(f as Form));
      const fetchFn = (async (input: string | URL | Request) => {
        const name = new URL(String(input)).pathname.split('/').pop()!;
        const text = name === 'dataset.json' ? JSON.stringify(manifest) : readFileSync(`${DIR}/${name}`, 'utf8');
        return new Response(text, { status: 200 });
      }) as typeof fetch;
      const r = await createWallRefresher(fetchFn).refresh('http://wall.test/data/', 'http://wall.test/', 0);
      if (!r.changed) throw new Error('the first refresh is a change');
      const { changed, ...snapshot } = r.snapshot;
      expect(changed).toContain(form);
      snapshots.push(snapshot);
    }
    const [geo, csv] = snapshots;
    expect(csv).toEqual(geo);
    // What the CSV form must carry for the wall: titles (scrubbed) and the supervision flag, on open incidents.
    const c14 = csv.carousel.find((c) => c.id === 'C14');
    expect(c14).toMatchObject({ title: '仓库"A", 消防通道堵塞', supervised: true, due: 'on-track', lonLat: [121.017, 30.605] });
    expect(csv.alerts.counts).toMatchObject({ overdue: 4, 'near-due': 2, returned: 1 });
    expect(csv.openIncidents.features.map((f) => f.properties.id).sort()).toEqual(['C03', 'C04', 'C07', 'C12', 'C13', 'C14', 'C15', 'C16']);
    expect(csv.overdueByGrid).toEqual({ '330424002201002': 2, '330424002201003': 1, '330424002201001': 1 });
  });
});
