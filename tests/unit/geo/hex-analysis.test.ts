import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, IncidentFC, EnterpriseFC, CommunityFC, IncidentProps } from '../../../src/domain/types';
import {
  HEX_LIST_CAP,
  hexAnalysis,
  hexAnalysisCenter,
  hexBinning,
  hexCellIncidents,
  type HexIncident,
} from '../../../src/geo/hex-analysis';
import { hexBin, hexCell, hexCover, hexGrid, hexUnion } from '../../../src/geo/hexbin';
import { hotspots } from '../../../src/geo/hotspots';
import { NO_FILTER, filterKey, monthFilter, type IncidentFilter } from '../../../src/domain/incident-filter';
import { incidentTable } from '../../../src/domain/incident-table';
import { filterMask } from '../../../src/domain/incident-summary';
import { datasetAsOf } from '../../../src/domain/stats';
import { formatCst } from '../../../src/domain/time';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

const square = (x0: number, y0: number, d: number) => [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]];
const community = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(121, 30.6, 0.01) } }],
} as unknown as CommunityFC;
const point = (lon: number, lat: number, properties: object) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } });
const enterprises = {
  type: 'FeatureCollection',
  features: [point(121.002, 30.602, { id: 'E1' }), point(121.008, 30.608, { id: 'E2' })],
} as unknown as EnterpriseFC;
const incident = (id: string, lon: number, lat: number, reportedAt: string, category = 'fire') =>
  point(lon, lat, { id, category, level: 2, status: 'closed', reportedAt, gridCode: 'G' });
const incidents = {
  type: 'FeatureCollection',
  features: [
    incident('A', 121.002, 30.602, '2026-10-03T09:00:00+08:00'),
    incident('B', 121.0021, 30.6021, '2026-10-31T23:30:00+08:00'),
    incident('C', 121.002, 30.602, '2026-11-01T00:10:00+08:00'), // November in CST
    incident('D', 121.008, 30.608, '2026-10-05T09:00:00+08:00', 'safety'),
    incident('E', 121.03, 30.63, '2026-10-06T09:00:00+08:00'), // outside the community: its cell joins the study area
  ],
} as unknown as IncidentFC;
const dataset = { manifest: {}, community, enterprises, incidents } as unknown as Dataset;
const table = incidentTable(incidents.features);
const october = monthFilter('2026-10');
const analyse = (filter = october, sizeM = 200) =>
  hexAnalysis(hexBinning(dataset, table, sizeM), table, filterMask(table, filter), filter);
/** The listed ids of the study cell holding (lon, lat) under `filter`, and the cell's count. */
const listAt = (lon: number, lat: number, filter = october, sizeM = 200) => {
  const b = hexBinning(dataset, table, sizeM);
  const { q, r } = hexCell(b.grid, lon, lat);
  const i = Array.from(b.area.q).findIndex((qq, k) => qq === q && b.area.r[k] === r);
  const list = hexCellIncidents(b, table, filterMask(table, filter), i);
  return { i, count: list.count, ids: list.incidents.map((x) => x.id), list };
};

describe('hexAnalysis', () => {
  it('bins the filtered incidents only (a month), over the study area, and ships no incident list', () => {
    const hex = analyse();
    expect(hex.month).toBe('2026-10');
    expect(hex.key).toBe(filterKey(october));
    expect(hex.total).toBe(4);
    expect(hex.mode).toBe('expected');
    expect(hex.count.reduce((a, b) => a + b, 0)).toBe(4);
    expect(hex).not.toHaveProperty('incidents');
    expect(hex).not.toHaveProperty('start');
    const grid = hexGrid(200, hexAnalysisCenter(dataset));
    const { q, r } = hexCell(grid, 121.002, 30.602);
    const i = hex.q.findIndex((qq, k) => qq === q && hex.r[k] === r);
    expect(hex.count[i]).toBe(2);
    expect(hex.q.length).toBe(hex.z.length);
    expect(hex.q.length).toBeGreaterThan(20); // the community's cells, empty ones included
  });

  it('follows every dimension of the filter; the study area does not move with it', () => {
    const all = analyse(NO_FILTER);
    expect(all.total).toBe(5);
    expect(all.month).toBeNull();
    const fire = analyse({ ...october, categories: ['fire'] });
    expect(fire.total).toBe(3);
    expect(Array.from(fire.q)).toEqual(Array.from(all.q));
    const none = analyse({ ...october, grids: ['OTHER'] });
    expect(none.total).toBe(0);
    expect(none.count.every((c) => c === 0)).toBe(true);
    expect(none.bin.every((b) => b === 0)).toBe(true);
  });

  it('equals hexBin + hotspots run directly on the masked incidents (what the browser test checks)', () => {
    const filter = { ...october, categories: ['fire' as const] };
    const hex = analyse(filter, 100);
    const mask = filterMask(table, filter);
    const center = hexAnalysisCenter(dataset);
    const grid = hexGrid(100, center);
    const inc = hexBin(table.lon, table.lat, { sizeM: 100, center, mask });
    const ent = hexBin(Float64Array.of(121.002, 121.008), Float64Array.of(30.602, 30.608), { sizeM: 100, center });
    const area = hexUnion(grid, hexCover(community.features[0].geometry, grid), inc, ent);
    const expected = hotspots(area, inc, { enterprises: ent });
    expect(Array.from(hex.q)).toEqual(Array.from(area.q));
    expect(Array.from(hex.count)).toEqual(Array.from(expected.observed));
    expect(Array.from(hex.bin)).toEqual(Array.from(expected.bin));
    expect(Array.from(hex.z)).toEqual(Array.from(expected.z));
  });

  it('rejects a mask of another length and a size that is not positive', () => {
    const b = hexBinning(dataset, table, 200);
    expect(() => hexAnalysis(b, table, new Uint8Array(3), october)).toThrow(/5 incidents, a mask of 3/);
    expect(() => hexBinning(dataset, table, 0)).toThrow(/positive number of metres, got 0/);
  });

  it('centres the grid on the community', () => {
    const [lon, lat] = hexAnalysisCenter(dataset);
    expect(lon).toBeCloseTo(121.005, 12);
    expect(lat).toBeCloseTo(30.605, 12);
  });
});

describe('hexCellIncidents', () => {
  it('lists the filtered incidents of one cell in table order, as the panel shows them', () => {
    const a = listAt(121.002, 30.602);
    expect(a.count).toBe(2);
    expect(a.ids).toEqual(['A', 'B']); // C is November
    expect(a.list.incidents[0]).toEqual({
      id: 'A', category: 'fire', level: 2, status: 'closed', reportedAt: '2026-10-03T09:00:00+08:00',
    });
    expect(listAt(121.002, 30.602, NO_FILTER).ids).toEqual(['A', 'B', 'C']);
    expect(listAt(121.008, 30.608, { ...october, categories: ['fire'] })).toMatchObject({ count: 0, ids: [] });
    expect(listAt(121.008, 30.608).ids).toEqual(['D']);
    expect(listAt(121.03, 30.63).ids).toEqual(['E']); // a cell outside the community joined the study area
  });

  it('lists at most HEX_LIST_CAP incidents of a cell (or `cap`), counting them all', () => {
    const many = Array.from({ length: 60 }, (_, k) => incident(`M${k}`, 121.002, 30.602, '2026-10-03T09:00:00+08:00'));
    const t = incidentTable(many as unknown as IncidentFC['features']);
    const b = hexBinning(dataset, t, 200);
    const mask = filterMask(t, NO_FILTER);
    const i = hexAnalysis(b, t, mask, NO_FILTER).count.findIndex((c) => c > 0);
    const list = hexCellIncidents(b, t, mask, i);
    expect(list.count).toBe(60);
    expect(list.incidents.map((x) => x.id)).toEqual(Array.from({ length: HEX_LIST_CAP }, (_, k) => `M${k}`));
    expect(hexCellIncidents(b, t, mask, i, 3).incidents.map((x) => x.id)).toEqual(['M0', 'M1', 'M2']);
    expect(hexCellIncidents(b, t, mask, i, 0)).toEqual({ incidents: [], count: 60 });
  });

  it('rejects a cell that is not a study cell, a mask of another length and a bad cap', () => {
    const b = hexBinning(dataset, table, 200);
    const mask = filterMask(table, october);
    const n = b.area.q.length;
    expect(() => hexCellIncidents(b, table, mask, n)).toThrow(new RegExp(`cell ${n} is not one of the ${n} study cells of 200 m`));
    expect(() => hexCellIncidents(b, table, mask, -1)).toThrow(/cell -1 is not one/);
    expect(() => hexCellIncidents(b, table, mask, 1.5)).toThrow(/cell 1.5 is not one/);
    expect(() => hexCellIncidents(b, table, mask, Number.NaN)).toThrow(/cell NaN is not one/);
    expect(() => hexCellIncidents(b, table, new Uint8Array(2), 0)).toThrow(/5 incidents, a mask of 2/);
    expect(() => hexCellIncidents(b, table, mask, 0, -1)).toThrow(/cap must be a whole number/);
  });
});

describe('hexCellIncidents on data/zhihuiwan', () => {
  let zh: Dataset;
  let asOf: number;
  beforeAll(async () => {
    zh = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
    asOf = datasetAsOf(zh, 0);
  });

  /** The filter, property by property on the features (not filterMask). */
  const passes = (p: IncidentProps, f: IncidentFilter, asOfMs: number) => {
    const t = Date.parse(p.reportedAt);
    return (
      t <= asOfMs &&
      (f.from === null || t >= f.from) &&
      (f.to === null || t < f.to) &&
      (!f.categories || f.categories.includes(p.category)) &&
      (!f.levels || f.levels.includes(p.level)) &&
      (!f.statuses || f.statuses.includes(p.status)) &&
      (!f.grids || f.grids.includes(p.gridCode))
    );
  };
  const FILTERS: IncidentFilter[] = [
    NO_FILTER,
    monthFilter('2026-10'),
    { ...monthFilter('2026-10'), categories: ['safety', 'fire'] },
    { ...NO_FILTER, levels: [1, 2], statuses: ['closed', 'verified'] },
    { ...monthFilter('2026-11'), grids: ['330424002201003'] },
  ];

  it('equals, for the busiest cells and a few filters, the incidents whose hexCell is that cell, and the old CSR list', () => {
    const t = incidentTable(zh.incidents!.features);
    const features = zh.incidents!.features;
    let checked = 0;
    for (const sizeM of [100, 200, 500]) {
      const b = hexBinning(zh, t, sizeM);
      const index = new Map(Array.from(b.area.q, (q, i) => [`${q},${b.area.r[i]}`, i]));
      // Each incident's cell by hexCell on its own point: independent of the binning's cellOf.
      const cellOfFeature = features.map((f) => {
        const { q, r } = hexCell(b.grid, f.geometry.coordinates[0], f.geometry.coordinates[1]);
        return index.get(`${q},${r}`) ?? -1;
      });
      for (const filter of FILTERS) {
        const mask = filterMask(t, filter, { asOf });
        const hex = hexAnalysis(b, t, mask, filter);
        // The busiest cells, one with a single incident, and an empty one.
        const order = Array.from(hex.count.keys()).sort((x, y) => hex.count[y] - hex.count[x] || x - y);
        const picks = [...order.slice(0, 3), hex.count.findIndex((c) => c === 1), hex.count.findIndex((c) => c === 0)];
        for (const cell of picks.filter((c) => c >= 0)) {
          const got = hexCellIncidents(b, t, mask, cell);
          const inCell = features.filter((f, i) => cellOfFeature[i] === cell && passes(f.properties, filter, asOf));
          const expected: HexIncident[] = inCell.slice(0, HEX_LIST_CAP).map((f) => ({
            id: f.properties.id,
            category: f.properties.category,
            level: f.properties.level,
            status: f.properties.status,
            reportedAt: formatCst(Date.parse(f.properties.reportedAt)),
          }));
          expect(got.count, `size ${sizeM}, ${filterKey(filter)}, cell ${cell}`).toBe(inCell.length);
          expect(got.count).toBe(hex.count[cell]);
          expect(got.incidents).toEqual(expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('lists a busy all-time cell up to the cap only', () => {
    const t = incidentTable(zh.incidents!.features);
    const b = hexBinning(zh, t, 500);
    const mask = filterMask(t, NO_FILTER, { asOf });
    const hex = hexAnalysis(b, t, mask, NO_FILTER);
    const busiest = hex.count.indexOf(hex.count.reduce((a, c) => (c > a ? c : a), 0));
    expect(hex.count[busiest]).toBeGreaterThan(HEX_LIST_CAP);
    const list = hexCellIncidents(b, t, mask, busiest);
    expect(list.incidents).toHaveLength(HEX_LIST_CAP);
    expect(list.count).toBe(hex.count[busiest]);
  });
});
