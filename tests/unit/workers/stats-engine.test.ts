import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/domain/types';
import { NO_FILTER, monthFilter } from '../../../src/domain/incident-filter';
import { HEX_LIST_CAP } from '../../../src/geo/hex-analysis';
import { hexCell } from '../../../src/geo/hexbin';
import { tracksInMonth } from '../../../src/domain/month-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { StatsEngine, filterTransfer, maskedPoints } from '../../../src/workers/stats-engine';
import { datasetAsOf } from '../../../src/domain/stats';
import { datasetIncidents } from '../../../src/domain/incident-table';
import { enterpriseProfile } from '../../../src/geo/enterprise-profile';

let ds: Dataset;
beforeAll(async () => {
  ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
});

describe('StatsEngine (what the stats worker answers)', () => {
  it('answers a filter with its summary, the points passing it and the hex cells of the size asked', () => {
    const e = new StatsEngine(ds, 0);
    const filter = { ...monthFilter('2026-10'), categories: ['safety' as const, 'fire' as const] };
    const r = e.filter(filter, 200);
    expect(r.summary.total).toBeGreaterThan(0);
    expect(r.points.length).toBe(2 * r.summary.total);
    // The points are the incidents passing the filter, in table order.
    const passing = ds.incidents!.features.filter((f) => {
      const p = f.properties;
      const t = Date.parse(p.reportedAt);
      return t >= filter.from! && t < filter.to! && (p.category === 'safety' || p.category === 'fire');
    });
    expect(Array.from(r.points)).toEqual(passing.flatMap((f) => f.geometry.coordinates));
    expect(r.hex?.total).toBe(r.summary.total);
    expect(r.hex?.count.reduce((a, b) => a + b, 0)).toBe(r.summary.total);
    expect(r.hex?.sizeM).toBe(200);
    expect(r.hexError).toBeNull();
    expect(e.filter(filter, null).hex).toBeNull();
  });

  it('adopts the same dataset with its patrols added, keeping what it built; refuses other incidents or boundaries', () => {
    const first = { ...ds, patrols: undefined };
    const e = new StatsEngine(first, 0);
    const table = e.table;
    const binning = e.binning(200);
    expect(e.patrol('2026-11', ['2026-11']).tracks.features).toHaveLength(0);
    expect(e.adopt({ ...first, patrols: ds.patrols })).toBe(true);
    expect(e.table).toBe(table);
    expect(e.binning(200)).toBe(binning);
    // The trend kept from before the patrols came is computed again.
    const after = e.patrol('2026-11', ['2026-11']);
    expect(after.tracks.features).toHaveLength(tracksInMonth(ds.patrols!.features, '2026-11').length);
    expect(after.trend).toEqual(new StatsEngine(ds, 0).patrol('2026-11', ['2026-11']).trend);
    expect(e.adopt({ ...ds, incidents: { ...ds.incidents! } })).toBe(false);
    expect(e.adopt({ ...ds, grids: { ...ds.grids! } })).toBe(false);
    expect(e.dataset.patrols).toBe(ds.patrols);
  });

  it('bins each size once and the table once per dataset', () => {
    const e = new StatsEngine(ds, 0);
    const table = e.table;
    const b = e.binning(100);
    e.filter(NO_FILTER, 100);
    e.filter(monthFilter('2026-09'), 100);
    expect(e.binning(100)).toBe(b);
    expect(e.table).toBe(table);
    expect(e.binning(500)).not.toBe(b);
  });

  it('leaves the numbers standing when the hex analysis fails, and rejects a bad filter', () => {
    const e = new StatsEngine(ds, 0);
    const r = e.filter(NO_FILTER, -1);
    expect(r.hex).toBeNull();
    expect(r.hexError).toMatch(/positive number of metres, got -1/);
    expect(r.summary.total).toBe(ds.incidents!.features.length);
    expect(() => e.filter({ ...NO_FILTER, levels: [0 as never] }, 200)).toThrow(/filter\.levels: unknown value 0/);
  });

  it('answers a patrol request with the month\'s tracks (four properties) and the trend, kept per month list', () => {
    const e = new StatsEngine(ds, 0);
    const months = ['2026-09', '2026-10'];
    const r = e.patrol('2026-10', months);
    expect(r.tracks.features).toHaveLength(tracksInMonth(ds.patrols!.features, '2026-10').length);
    expect(r.tracks.features[0].geometry.type).toBe('LineString');
    expect(Object.keys(r.tracks.features[0].properties).sort()).toEqual(['gridCode', 'id', 'memberId', 'startedAt']);
    expect(r.trend.months).toEqual(months);
    expect(e.patrol('2026-09', months).trend).toBe(r.trend);
  });

  it('answers the next filter alike after the last reply was transferred away (the cached binning is not sent)', () => {
    const e = new StatsEngine(ds, 0);
    const first = e.filter(monthFilter('2026-10'), 200);
    const cells = first.hex!.q.length;
    const expected = Array.from(first.hex!.count);
    structuredClone(first, { transfer: filterTransfer(first) }); // what postMessage does to the worker's copy
    expect(first.hex!.q.length).toBe(0);
    const again = e.filter(monthFilter('2026-10'), 200);
    expect(again.hex!.q.length).toBe(cells);
    expect(Array.from(again.hex!.count)).toEqual(expected);
  });

  it('lists one cell\'s incidents under a filter: those passing it whose point lies in that cell, the count with them', () => {
    const e = new StatsEngine(ds, 0);
    const filter = { ...monthFilter('2026-10'), categories: ['safety' as const, 'fire' as const] };
    const hex = e.filter(filter, 200).hex!;
    const busiest = hex.count.indexOf(hex.count.reduce((a, c) => (c > a ? c : a), 0));
    const list = e.cell(filter, 200, busiest);
    expect(list.count).toBe(hex.count[busiest]);
    const grid = e.binning(200).grid;
    const expected = ds.incidents!.features.filter((f) => {
      const p = f.properties;
      const t = Date.parse(p.reportedAt);
      const { q, r } = hexCell(grid, f.geometry.coordinates[0], f.geometry.coordinates[1]);
      return t >= filter.from! && t < filter.to! && (p.category === 'safety' || p.category === 'fire') &&
        q === hex.q[busiest] && r === hex.r[busiest];
    });
    expect(list.count).toBe(expected.length);
    expect(list.incidents.map((x) => x.id)).toEqual(expected.slice(0, HEX_LIST_CAP).map((f) => f.properties.id));
    // Another filter than the one last answered (its mask is made, not the cached one reused).
    const all = e.cell(NO_FILTER, 200, busiest);
    expect(all.count).toBeGreaterThan(list.count);
    expect(e.filter(NO_FILTER, 200).hex!.count[busiest]).toBe(all.count);
    expect(e.cell(filter, 200, busiest)).toEqual(list);
  });

  it('rejects a cell that is not one, a bad size and a bad filter, with clear messages', () => {
    const e = new StatsEngine(ds, 0);
    const cells = e.binning(200).area.q.length;
    expect(() => e.cell(NO_FILTER, 200, cells)).toThrow(new RegExp(`cell ${cells} is not one of the ${cells} study cells of 200 m`));
    expect(() => e.cell(NO_FILTER, 0, 0)).toThrow(/positive number of metres, got 0/);
    expect(() => e.cell({ ...NO_FILTER, levels: [9 as never] }, 200, 0)).toThrow(/filter\.levels: unknown value 9/);
  });

  it('keeps the latest mask, so a cell request after its filter reply does not filter again', () => {
    const e = new StatsEngine(ds, 0);
    const m = e.mask(monthFilter('2026-10'));
    expect(e.mask({ ...monthFilter('2026-10') })).toBe(m);
    const other = e.mask(NO_FILTER);
    expect(other).not.toBe(m);
    expect(other.reduce((a, b) => a + b, 0)).toBe(ds.incidents!.features.length);
  });

  it('answers the incident card at the dataset\'s asOf, and null for an id it does not have', () => {
    const e = new StatsEngine(ds, 0);
    const asOf = datasetAsOf(ds, 0);
    expect(e.asOf).toBe(asOf);
    const closed = ds.incidents!.features.find((f) => f.properties.closedAt && f.properties.enterpriseId && f.properties.verifiedAt)!;
    const p = closed.properties;
    const r = e.incident(p.id)!;
    expect(r).toMatchObject({
      id: p.id,
      title: p.title,
      category: p.category,
      level: p.level,
      status: p.status,
      supervised: p.supervised,
      gridCode: p.gridCode,
      enterpriseId: p.enterpriseId,
      lon: closed.geometry.coordinates[0],
      lat: closed.geometry.coordinates[1],
      deadline: p.deadline,
      due: 'closed',
    });
    // The generator writes times as formatCst does: the steps are the data's own strings.
    const steps = (['reported', 'accepted', 'dispatched', 'resolved', 'verified', 'closed'] as const).map((step) => ({ step, at: p[`${step}At`] }));
    expect(r.steps).toEqual(steps.filter((s) => s.at));
    expect(r.overdueMs).toBe(Date.parse(p.closedAt!) > Date.parse(p.deadline!) ? Date.parse(p.closedAt!) - Date.parse(p.deadline!) : null);
    // Open and past its deadline at asOf.
    const late = ds.incidents!.features.find((f) => !f.properties.closedAt && Date.parse(f.properties.deadline!) < asOf)!;
    expect(e.incident(late.properties.id)).toMatchObject({ due: 'overdue', overdueMs: asOf - Date.parse(late.properties.deadline!) });
    // asOf is the dataset's, whatever the clock says.
    expect(new StatsEngine(ds, Date.now()).incident(p.id)).toEqual(r);
    expect(e.incident('SJ9999999')).toBeNull();
    expect(() => e.incident(42 as never)).toThrow(/incidentId must be a string, got number/);
  });

  it('answers the enterprise card: the profile at the dataset\'s asOf, null for an id it does not have', () => {
    const e = new StatsEngine(ds, 0);
    const named = ds.incidents!.features.find((f) => f.properties.enterpriseId)!.properties.enterpriseId!;
    const p = e.enterprise(named)!;
    expect(p).toEqual(enterpriseProfile({ dataset: ds, incidents: datasetIncidents(ds) }, named, datasetAsOf(ds, 0)));
    expect(p.id).toBe(named);
    expect(p.incidents.basis).toBe('enterpriseId');
    expect(p.incidents.count).toBe(ds.incidents!.features.filter((f) => f.properties.enterpriseId === named).length);
    expect(p.incidents.list.every((r) => r.enterpriseId === named)).toBe(true);
    expect(p.grid).not.toBeNull();
    expect(e.enterprise('91330424XXXXXXXXXX')).toBeNull();
    expect(() => e.enterprise(undefined as never)).toThrow(/enterpriseId must be a string, got undefined/);
  });

  it('lists the buffers to transfer once each', () => {
    const e = new StatsEngine(ds, 0);
    const r = e.filter(monthFilter('2026-10'), 200);
    const buffers = filterTransfer(r);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers).toContain(r.points.buffer);
    expect(buffers).toContain(r.hex!.count.buffer);
    expect(maskedPoints({ lon: Float64Array.of(1, 2, 3), lat: Float64Array.of(4, 5, 6) }, Uint8Array.of(1, 0, 1))).toEqual(
      Float64Array.of(1, 4, 3, 6),
    );
  });
});
