import { describe, expect, it } from 'vitest';
import type { Dataset, IncidentFC, EnterpriseFC, CommunityFC } from '../../../src/domain/types';
import { HEX_LIST_CAP, hexAnalysis, hexAnalysisCenter, hexBinning } from '../../../src/geo/hex-analysis';
import { hexBin, hexCell, hexCover, hexGrid, hexUnion } from '../../../src/geo/hexbin';
import { hotspots } from '../../../src/geo/hotspots';
import { NO_FILTER, filterKey, monthFilter } from '../../../src/domain/incident-filter';
import { incidentTable } from '../../../src/domain/incident-table';
import { filterMask } from '../../../src/domain/incident-summary';

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

describe('hexAnalysis', () => {
  it('bins the filtered incidents only (a month), over the study area, with each cell listing its incidents', () => {
    const hex = analyse();
    expect(hex.month).toBe('2026-10');
    expect(hex.key).toBe(filterKey(october));
    expect(hex.total).toBe(4);
    expect(hex.mode).toBe('expected');
    expect(hex.count.reduce((a, b) => a + b, 0)).toBe(4);
    expect(hex.start[hex.q.length]).toBe(4);
    const grid = hexGrid(200, hexAnalysisCenter(dataset));
    const { q, r } = hexCell(grid, 121.002, 30.602);
    const i = hex.q.findIndex((qq, k) => qq === q && hex.r[k] === r);
    expect(hex.count[i]).toBe(2);
    expect(hex.incidents.slice(hex.start[i], hex.start[i + 1]).map((x) => x.id)).toEqual(['A', 'B']);
    expect(hex.q.length).toBe(hex.z.length);
    expect(hex.q.length).toBeGreaterThan(20); // the community's cells, empty ones included
    expect(hex.incidents[hex.start[i]]).toEqual({
      id: 'A', category: 'fire', level: 2, status: 'closed', reportedAt: '2026-10-03T09:00:00+08:00',
    });
  });

  it('follows every dimension of the filter; the study area does not move with it', () => {
    const all = analyse(NO_FILTER);
    expect(all.total).toBe(5);
    expect(all.month).toBeNull();
    const fire = analyse({ ...october, categories: ['fire'] });
    expect(fire.total).toBe(3);
    expect(fire.incidents.map((x) => x.id).sort()).toEqual(['A', 'B', 'E']);
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

  it('lists at most HEX_LIST_CAP incidents of a cell, counting them all', () => {
    const many = Array.from({ length: 60 }, (_, k) => incident(`M${k}`, 121.002, 30.602, '2026-10-03T09:00:00+08:00'));
    const t = incidentTable(many as unknown as IncidentFC['features']);
    const hex = hexAnalysis(hexBinning(dataset, t, 200), t, filterMask(t, NO_FILTER), NO_FILTER);
    const i = hex.count.findIndex((c) => c > 0);
    expect(hex.count[i]).toBe(60);
    expect(hex.start[i + 1] - hex.start[i]).toBe(HEX_LIST_CAP);
    expect(hex.incidents.slice(hex.start[i], hex.start[i + 1]).map((x) => x.id)).toEqual(Array.from({ length: 50 }, (_, k) => `M${k}`));
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
