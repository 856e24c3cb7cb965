/**
 * Issue 14: towns and communities as filter dimensions of the analyst's incident filter. A small case by hand
 * (crossfilter: each ranking ignores only its own dimension; the grid ranking lists only the chosen units' grids),
 * and data/haiyan-mini counted here from the files against the engine's numbers.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, Point } from 'geojson';
import type { IncidentProps } from '../../../src/domain/types';
import { NO_FILTER, checkFilter, filterKey, monthFilter } from '../../../src/domain/incident-filter';
import { incidentTable } from '../../../src/domain/incident-table';
import { filterMask, incidentSummary, summaryUnits } from '../../../src/domain/incident-summary';
import { buildHierarchy } from '../../../src/domain/hierarchy';
import { datasetAsOf } from '../../../src/domain/stats';
import { parseTime } from '../../../src/domain/time';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { StatsEngine } from '../../../src/workers/stats-engine';

const inc = (id: string, gridCode: string, reportedAt = '2026-10-05T09:00'): Feature<Point, IncidentProps> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [121, 30.6] },
  properties: { id, category: 'fire', level: 2, status: 'reported', gridCode, reportedAt },
});

// Two towns: T1 (communities C1, C2), T2 (C3). Grids: A1, A2 in C1, B1 in C2, D1 in C3; X9 is revoked but its code
// names C3; Z is nobody's.
const T1 = '330424001';
const T2 = '330424002';
const C1 = `${T1}001`;
const C2 = `${T1}002`;
const C3 = `${T2}001`;
const hierarchy = {
  towns: [
    { code: T1, name: '一镇', communityCodes: [C1, C2] },
    { code: T2, name: '二镇', communityCodes: [C3] },
  ],
  communities: [
    { code: C1, name: '甲社区', townCode: T1, gridCodes: [`${C1}001`, `${C1}002`] },
    { code: C2, name: '乙社区', townCode: T1, gridCodes: [`${C2}001`] },
    { code: C3, name: '丙社区', townCode: T2, gridCodes: [`${C3}001`] },
  ],
  communityOfGrid: new Map([
    [`${C1}001`, C1],
    [`${C1}002`, C1],
    [`${C2}001`, C2],
    [`${C3}001`, C3],
  ]),
};
const A1 = `${C1}001`;
const A2 = `${C1}002`;
const B1 = `${C2}001`;
const D1 = `${C3}001`;
const X9 = `${C3}009`;
const table = incidentTable([
  inc('a', A1),
  inc('b', A1),
  inc('c', A2),
  inc('d', B1),
  inc('e', D1),
  inc('f', X9),
  inc('g', 'Z'),
  inc('h', D1, '2026-11-05T09:00'),
]);
const grids = [
  { code: A1, name: 'A1', enterprises: 2 },
  { code: A2, name: 'A2', enterprises: 0 },
  { code: B1, name: 'B1', enterprises: 3 },
  { code: D1, name: 'D1', enterprises: 5 },
];
const units = summaryUnits(table, hierarchy, grids);
const asOf = Date.parse('2026-11-20T17:00+08:00');
const oct = monthFilter('2026-10');
const ids = (mask: Uint8Array) => table.id.filter((_, i) => mask[i]);
const counts = (rows: { code: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.code, r.count]));

describe('summaryUnits', () => {
  it('maps grid index → community index → town index as typed arrays, enterprises summed', () => {
    expect(units.communityOfGrid).toBeInstanceOf(Int32Array);
    expect(units.townOfCommunity).toEqual(Int32Array.from([0, 0, 1]));
    const community = table.gridCodes.map((_, k) => units.communityOfGrid[k]);
    expect(Object.fromEntries(table.gridCodes.map((c, k) => [c, community[k]]))).toEqual({
      [A1]: 0,
      [A2]: 0,
      [B1]: 1,
      [D1]: 2,
      [X9]: 2, // revoked, placed by its code
      Z: -1,
    });
    expect(units.communities.map((c) => c.enterprises)).toEqual([2, 3, 5]);
    expect(units.towns.map((t) => t.enterprises)).toEqual([5, 5]);
  });
});

describe('filterMask with towns and communities', () => {
  it('filters through the grid → community → town maps, or leaves a dimension out', () => {
    expect(ids(filterMask(table, { ...NO_FILTER, communities: [C1] }, { units }))).toEqual(['a', 'b', 'c']);
    expect(ids(filterMask(table, { ...NO_FILTER, towns: [T2] }, { units }))).toEqual(['e', 'f', 'h']);
    expect(ids(filterMask(table, { ...NO_FILTER, towns: [T1], communities: [C2] }, { units }))).toEqual(['d']);
    expect(ids(filterMask(table, { ...NO_FILTER, towns: [T1], communities: [C3] }, { units }))).toEqual([]);
    expect(ids(filterMask(table, { ...NO_FILTER, towns: [T1], communities: [C3] }, { units, except: 'communities' }))).toEqual(
      ['a', 'b', 'c', 'd'],
    );
    expect(ids(filterMask(table, { ...NO_FILTER, towns: [T1], grids: [A2] }, { units }))).toEqual(['c']);
    expect(ids(filterMask(table, { ...NO_FILTER, towns: [T2] }, { units, except: 'towns' }))).toHaveLength(8);
  });

  it('needs the units for such a filter, and keys and checks the new dimensions', () => {
    expect(() => filterMask(table, { ...NO_FILTER, towns: [T1] })).toThrow(/needs the dataset's hierarchy/);
    expect(ids(filterMask(table, NO_FILTER))).toHaveLength(8); // no units needed without them
    expect(() => checkFilter({ ...NO_FILTER, communities: [''] })).toThrow(/filter\.communities: not a community code/);
    expect(() => checkFilter({ ...NO_FILTER, towns: 'x' as never })).toThrow(/filter\.towns must be a list/);
    expect(filterKey({ ...NO_FILTER, towns: [T2, T1] })).toBe(filterKey({ ...NO_FILTER, towns: [T1, T2] }));
    expect(filterKey({ ...NO_FILTER, towns: [T1] })).not.toBe(filterKey({ ...NO_FILTER, communities: [T1] }));
    expect(filterKey(NO_FILTER)).not.toBe(filterKey({ ...NO_FILTER, communities: [] }));
  });
});

describe('incidentSummary with towns and communities', () => {
  it('counts per community and town, each ignoring only its own dimension', () => {
    const all = incidentSummary(table, oct, { asOf, grids, units });
    expect(all.total).toBe(7);
    expect(counts(all.communities)).toEqual({ [C1]: 3, [C2]: 1, [C3]: 2 });
    expect(counts(all.towns)).toEqual({ [T1]: 4, [T2]: 2 });
    expect(all.communities.map((c) => c.code)).toEqual([C1, C3, C2]); // by count, then code
    expect(all.communities[0].perEnterprise).toBeCloseTo(1.5);

    const c1 = incidentSummary(table, { ...oct, communities: [C1] }, { asOf, grids, units });
    expect(c1.total).toBe(3);
    expect(counts(c1.communities)).toEqual({ [C1]: 3, [C2]: 1, [C3]: 2 }); // its own dimension left out
    expect(counts(c1.towns)).toEqual({ [T1]: 3, [T2]: 0 });
    expect(counts(c1.grids)).toEqual({ [A1]: 2, [A2]: 1 }); // only the community's grids

    const t1 = incidentSummary(table, { ...oct, towns: [T1] }, { asOf, grids, units });
    expect(t1.total).toBe(4);
    expect(counts(t1.communities)).toEqual({ [C1]: 3, [C2]: 1 }); // the town's communities
    expect(counts(t1.towns)).toEqual({ [T1]: 4, [T2]: 2 });
    expect(counts(t1.grids)).toEqual({ [A1]: 2, [A2]: 1, [B1]: 1 });

    const t2 = incidentSummary(table, { ...oct, towns: [T2] }, { asOf, grids, units });
    expect(counts(t2.grids)).toEqual({ [D1]: 1, [X9]: 1 }); // the revoked grid of the town, listed with its count

    const g = incidentSummary(table, { ...oct, grids: [A2] }, { asOf, grids, units });
    expect(counts(g.communities)).toEqual({ [C1]: 1, [C2]: 0, [C3]: 0 });
    expect(counts(g.towns)).toEqual({ [T1]: 1, [T2]: 0 });
    expect(g.grids).toHaveLength(grids.length + 2); // the grid ranking ignores the grid choice (X9, Z listed)
  });

  it('leaves the numbers of a filter without them as they were, and has no unit rows without units', () => {
    const withUnits = incidentSummary(table, oct, { asOf, grids, units });
    const without = incidentSummary(table, oct, { asOf, grids });
    expect({ ...withUnits, communities: [], towns: [] }).toEqual(without);
    expect(without.communities).toEqual([]);
  });
});

describe('data/haiyan-mini', () => {
  it('counts each town and community as the files do', async () => {
    const dataset = await loadDataset(folderSource('data/haiyan-mini'), { skip: ['basemap.geojson'] });
    const engine = new StatsEngine(dataset, 0);
    const h = buildHierarchy(dataset, datasetAsOf(dataset, 0));
    const [from, to] = [Date.parse('2026-09-01T00:00+08:00'), Date.parse('2026-11-01T00:00+08:00')];
    const raw = (dataset.incidents?.features ?? [])
      .map((f) => f.properties)
      .filter((p) => parseTime(p.reportedAt) >= from && parseTime(p.reportedAt) < to);
    const count = (community: string) => raw.filter((p) => h.communityOfGrid.get(p.gridCode) === community).length;
    expect(h.communities).toHaveLength(3);
    const base = { ...NO_FILTER, from, to };
    const s = engine.filter(base, null).summary;
    for (const c of h.communities) expect(s.communities.find((r) => r.code === c.code)?.count).toBe(count(c.code));
    for (const t of h.towns) {
      const n = t.communityCodes.reduce((sum, c) => sum + count(c), 0);
      expect(s.towns.find((r) => r.code === t.code)?.count).toBe(n);
      const byTown = engine.filter({ ...base, towns: [t.code] }, 200).summary;
      expect(byTown.total).toBe(n);
      expect(byTown.communities.map((c) => c.code).sort()).toEqual(t.communityCodes);
    }
    const c = h.communities[1];
    const one = engine.filter({ ...base, towns: [c.townCode!], communities: [c.code] }, 200);
    expect(one.summary.total).toBe(count(c.code));
    expect(one.points.length / 2).toBe(count(c.code));
    expect(one.hex?.total).toBe(count(c.code));
    expect(one.summary.grids.map((g) => g.code).sort()).toEqual(c.gridCodes);
  });
});
