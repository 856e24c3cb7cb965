import { beforeAll, describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { datasetIncidents, incidentTable } from '../../../src/domain/incident-table';
import { datasetAsOf } from '../../../src/domain/stats';
import { tracksInMonth } from '../../../src/domain/month-stats';
import { monthOf } from '../../../src/domain/time';
import type {
  Dataset,
  EnterpriseFC,
  GridFC,
  IncidentFC,
  IncidentProps,
  Member,
  MicroGridFC,
  PatrolFC,
} from '../../../src/domain/types';
import { assignEnterprises } from '../../../src/geo/assign';
import { activeFeatures } from '../../../src/domain/lineage';
import {
  PROFILE_LIST_CAP,
  enterpriseProfile,
  type EnterpriseProfileInput,
} from '../../../src/geo/enterprise-profile';
import { visitedEnterprises } from '../../../src/geo/patrol-coverage';
import { localProjection } from '../../../src/geo/projection';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

const t = (s: string) => Date.parse(`${s}+08:00`);
const ASOF = t('2026-03-20T12:00:00');
const G1 = '330424002201001';
const G2 = '330424002201002';
const G0 = '330424002201000';
const A = '91330424MA2AAAAAA1';
const B = '91330424MA2BBBBBB2';
const C = '91330424MA2CCCCCC3';
const D = '91330424MA2DDDDDD4';

const box = (x0: number, y0: number, x1: number, y1: number): Position[][] => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
const grids: GridFC = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: G1, name: '一网格' },
      geometry: { type: 'Polygon', coordinates: box(120.99, 30.59, 121.0, 30.61) },
    },
    {
      type: 'Feature',
      properties: { code: G2, name: '二网格' },
      geometry: { type: 'Polygon', coordinates: box(121.0, 30.59, 121.01, 30.61) },
    },
    // Revoked before asOf: it covers everything and its code sorts first, yet it holds nothing now.
    {
      type: 'Feature',
      properties: { code: G0, name: '旧网格', validTo: '2025-12-31' },
      geometry: { type: 'Polygon', coordinates: box(120.98, 30.58, 121.1, 30.62) },
    },
  ],
};
const microGrids: MicroGridFC = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: `${G2}001`, gridCode: G2, name: '甲微网格' },
      geometry: { type: 'Polygon', coordinates: box(121.004, 30.599, 121.006, 30.601) },
    },
    {
      type: 'Feature',
      properties: { code: `${G1}001`, gridCode: G1 },
      geometry: { type: 'Polygon', coordinates: box(120.994, 30.599, 120.996, 30.601) },
    },
  ],
};
const at: Record<string, [number, number]> = {
  [A]: [121.005, 30.6],
  [B]: [120.995, 30.6],
  [C]: [121.0, 30.605],
  [D]: [121.05, 30.6],
};
const enterprises: EnterpriseFC = {
  type: 'FeatureCollection',
  features: [
    // Declared in G1, lies in G2: the boundaries decide.
    {
      type: 'Feature',
      properties: {
        id: A,
        name: '甲化工有限公司',
        scale: 'above',
        industry: '化学原料',
        employees: 120,
        gridCode: G1,
        microGridCode: `${G2}001`,
      },
      geometry: { type: 'Point', coordinates: at[A] },
    },
    {
      type: 'Feature',
      properties: { id: B, name: '乙纺织有限公司', scale: 'below' },
      geometry: { type: 'Point', coordinates: at[B] },
    },
    // On the border of G1 and G2: the grid whose code sorts first.
    {
      type: 'Feature',
      properties: { id: C, name: '丙印务有限公司', scale: 'below', gridCode: G2 },
      geometry: { type: 'Point', coordinates: at[C] },
    },
    // Outside every grid in force.
    {
      type: 'Feature',
      properties: { id: D, name: '丁制造有限公司', scale: 'below' },
      geometry: { type: 'Point', coordinates: at[D] },
    },
  ],
};
const members: Member[] = [
  { id: 'P1', name: '王建国', role: 'grid-leader', gridCode: G2, phone: '13812341234' },
];

// Patrol coverage measures in a projection centred on the enterprises' bounding box: place tracks in it.
const coverage = localProjection([(120.995 + 121.05) / 2, (30.6 + 30.605) / 2]);
/** A point `dx`, `dy` metres from enterprise `id` in the coverage projection. */
const near = (id: string, dx: number, dy: number): Position => {
  const [x, y] = coverage.toLocal(at[id]);
  return coverage.toLonLat([x + dx, y + dy]);
};
const track = (
  id: string,
  startedAt: string,
  memberId: string,
  coordinates: Position[],
  endedAt?: string,
) => ({
  type: 'Feature' as const,
  properties: { id, memberId, gridCode: G2, startedAt, ...(endedAt ? { endedAt } : {}) },
  geometry: { type: 'LineString' as const, coordinates },
});
const patrols: PatrolFC = {
  type: 'FeatureCollection',
  features: [
    track(
      'T49',
      '2026-03-10T09:00:00+08:00',
      'P1',
      [near(A, -100, 49), near(A, 100, 49)],
      '2026-03-10T10:00:00+08:00',
    ),
    track('T51', '2026-03-11T09:00:00+08:00', 'P1', [near(A, -100, 51), near(A, 100, 51)]),
    // A one-point track visits what is within the radius of its point.
    track('T10', '2026-03-12T09:00:00+08:00', 'X9', [near(A, 10, 0)]),
    // Started after asOf: not yet.
    track('TLATER', '2026-03-25T09:00:00+08:00', 'P1', [near(A, 0, 0), near(A, 0, 200)]),
    track('TB', '2026-03-13T09:00:00+08:00', 'P1', [near(B, -60, -30), near(B, 60, -30)]),
  ],
};

// Incidents, placed in a projection centred on A (the distance basis measures there).
const onA = localProjection(at[A]);
const fromA = (dx: number, dy: number) => onA.toLonLat([dx, dy]);
const incidentRows: [Partial<IncidentProps>, Position][] = [
  [{ id: 'I1', reportedAt: '2026-03-01T10:00', enterpriseId: A }, fromA(0, 0)],
  [{ id: 'I2', reportedAt: '2026-03-15T10:00', enterpriseId: A }, fromA(49, 0)],
  // Same moment as I2, a later row: listed first.
  [{ id: 'I3', reportedAt: '2026-03-15T10:00', enterpriseId: A }, fromA(51, 0)],
  [{ id: 'I4', reportedAt: '2026-03-16T10:00', enterpriseId: B }, at[B]],
  [{ id: 'I5', reportedAt: '2026-03-17T10:00' }, fromA(0, 20)],
  // Reported after asOf.
  [{ id: 'I6', reportedAt: '2026-03-25T10:00', enterpriseId: A }, fromA(0, 0)],
];
const incidentFeatures = (withIds: boolean) =>
  incidentRows.map(([p, coordinates]) => {
    const { enterpriseId, ...rest } = p;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates },
      properties: {
        category: 'safety',
        level: 2,
        status: 'reported',
        gridCode: G2,
        ...rest,
        ...(withIds && enterpriseId ? { enterpriseId } : {}),
      },
    };
  }) as IncidentFC['features'];

const dataset = { grids, microGrids, enterprises, members, patrols };
const linked: EnterpriseProfileInput = { dataset, incidents: incidentTable(incidentFeatures(true)) };
const unlinked: EnterpriseProfileInput = { dataset, incidents: incidentTable(incidentFeatures(false)) };

describe('enterpriseProfile', () => {
  it('is null for an enterprise the dataset does not have', () => {
    expect(enterpriseProfile(linked, 'NOPE', ASOF)).toBeNull();
    expect(enterpriseProfile({ dataset: {}, incidents: incidentTable([]) }, A, ASOF)).toBeNull();
  });

  it('places the enterprise by the boundaries in force, keeping what it declared beside them', () => {
    const a = enterpriseProfile(linked, A, ASOF)!;
    expect(a).toMatchObject({
      id: A,
      name: '甲化工有限公司',
      scale: 'above',
      industry: '化学原料',
      employees: 120,
      lon: 121.005,
      lat: 30.6,
      grid: { code: G2, name: '二网格' },
      microGrid: { code: `${G2}001`, name: '甲微网格' },
      declared: { gridCode: G1, microGridCode: `${G2}001` },
    });
    const b = enterpriseProfile(linked, B, ASOF)!;
    expect(b).toMatchObject({
      industry: null,
      employees: null,
      grid: { code: G1, name: '一网格' },
      microGrid: { code: `${G1}001`, name: null },
    });
    expect(b.declared).toEqual({ gridCode: null, microGridCode: null });
    expect(enterpriseProfile(linked, C, ASOF)).toMatchObject({
      grid: { code: G1 },
      microGrid: null,
      declared: { gridCode: G2 },
    });
    expect(enterpriseProfile(linked, D, ASOF)).toMatchObject({ grid: null, microGrid: null });
    // Before the old grid was revoked, it was in force (and sorts first on the shared ground).
    expect(enterpriseProfile(linked, A, t('2025-06-01T00:00'))!.grid).toEqual({ code: G0, name: '旧网格' });
    // The same answer as the assignment the `stats` figures make.
    const assigned = assignEnterprises(
      activeFeatures(grids.features, ASOF),
      activeFeatures(microGrids.features, ASOF),
      enterprises.features,
    );
    for (const id of [A, B, C, D]) {
      const p = enterpriseProfile(linked, id, ASOF)!;
      expect(p.grid?.code ?? null).toBe(assigned.grid.get(id));
      expect(p.microGrid?.code ?? null).toBe(assigned.microGrid.get(id));
    }
  });

  it('lists the incidents naming the enterprise when the data links them, newest first, by asOf', () => {
    const a = enterpriseProfile(linked, A, ASOF)!;
    expect(a.incidents.basis).toBe('enterpriseId');
    expect(a.incidents.radiusM).toBeNull();
    expect(a.incidents.count).toBe(3);
    expect(a.incidents.list.map((r) => r.id)).toEqual(['I3', 'I2', 'I1']);
    expect(a.incidents.list.every((r) => r.enterpriseId === A)).toBe(true);
    expect(a.incidents.list[2]).toMatchObject({
      steps: [{ step: 'reported', at: '2026-03-01T10:00:00+08:00' }],
      due: 'overdue',
    });
    expect(enterpriseProfile(linked, B, ASOF)!.incidents).toMatchObject({ count: 1, list: [{ id: 'I4' }] });
    // Linked data, an enterprise no incident names: none (not those near it).
    expect(enterpriseProfile(linked, C, ASOF)!.incidents).toEqual({
      basis: 'enterpriseId',
      radiusM: null,
      count: 0,
      list: [],
    });
    const capped = enterpriseProfile(linked, A, ASOF, { listCap: 2 })!;
    expect(capped.incidents.count).toBe(3);
    expect(capped.incidents.list.map((r) => r.id)).toEqual(['I3', 'I2']);
  });

  it('lists the incidents within 50 m when the data links none (49 m in, 51 m out)', () => {
    const a = enterpriseProfile(unlinked, A, ASOF)!;
    expect(a.incidents.basis).toBe('distance');
    expect(a.incidents.radiusM).toBe(50);
    expect(a.incidents.list.map((r) => r.id)).toEqual(['I5', 'I2', 'I1']);
    expect(a.incidents.count).toBe(3);
    expect(a.incidents.list.every((r) => r.enterpriseId === null)).toBe(true);
    expect(enterpriseProfile(unlinked, A, ASOF, { radiusM: 52 })!.incidents.list.map((r) => r.id)).toEqual([
      'I5',
      'I3',
      'I2',
      'I1',
    ]);
  });

  it('lists the tracks that passed within 50 m (49 m in, 51 m out), newest first, with the walker but no phone', () => {
    const a = enterpriseProfile(linked, A, ASOF)!;
    expect(a.patrols.radiusM).toBe(50);
    expect(a.patrols.count).toBe(2);
    expect(a.patrols.list.map((p) => p.id)).toEqual(['T10', 'T49']);
    expect(a.patrols.list[0]).toMatchObject({
      memberId: 'X9',
      memberName: null,
      role: null,
      endedAt: null,
      gridCode: G2,
    });
    expect(a.patrols.list[1]).toMatchObject({
      memberId: 'P1',
      memberName: '王建国',
      role: 'grid-leader',
      startedAt: '2026-03-10T09:00:00+08:00',
      endedAt: '2026-03-10T10:00:00+08:00',
    });
    expect(a.patrols.list[0].distanceM).toBeCloseTo(10, 6);
    expect(a.patrols.list[1].distanceM).toBeCloseTo(49, 6);
    expect(JSON.stringify(a)).not.toMatch(/1381234|phone/);
    // Later, the track started after the old asOf counts too.
    expect(enterpriseProfile(linked, A, t('2026-03-31T00:00'))!.patrols.list.map((p) => p.id)).toEqual([
      'TLATER',
      'T10',
      'T49',
    ]);
    expect(enterpriseProfile(linked, A, ASOF, { listCap: 1 })!.patrols).toMatchObject({
      count: 2,
      list: [{ id: 'T10' }],
    });
    expect(enterpriseProfile(linked, D, ASOF)!.patrols).toEqual({ radiusM: 50, count: 0, list: [] });
    expect(
      enterpriseProfile({ dataset: { enterprises }, incidents: incidentTable([]) }, A, ASOF)!.patrols.count,
    ).toBe(0);
  });

  it('agrees with patrol coverage on which enterprises a set of tracks visited', () => {
    const upToAsOf = patrols.features.filter((f) => t(f.properties.startedAt.slice(0, 19)) <= ASOF);
    const visited = visitedEnterprises(upToAsOf, enterprises.features, { radius: 50 });
    expect([...visited].sort()).toEqual([A, B]);
    for (const e of enterprises.features) {
      expect(enterpriseProfile(linked, e.properties.id, ASOF)!.patrols.count > 0, e.properties.id).toBe(
        visited.has(e.properties.id),
      );
    }
  });

  it('caps each list at PROFILE_LIST_CAP and counts them all', () => {
    const many = Array.from({ length: 60 }, (_, k) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at[A] },
      properties: {
        id: `M${k}`,
        category: 'fire',
        level: 1,
        status: 'reported',
        gridCode: G2,
        reportedAt: `2026-03-${String(1 + (k % 19)).padStart(2, '0')}T${String(k % 24).padStart(2, '0')}:00`,
        enterpriseId: A,
      },
    })) as IncidentFC['features'];
    const p = enterpriseProfile({ dataset, incidents: incidentTable(many) }, A, ASOF)!;
    expect(PROFILE_LIST_CAP).toBe(50);
    expect(p.incidents.count).toBe(60);
    expect(p.incidents.list).toHaveLength(PROFILE_LIST_CAP);
    const times = p.incidents.list.map((r) => Date.parse(r.steps[0].at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('refuses options that are not numbers of metres or a whole cap', () => {
    expect(() => enterpriseProfile(linked, A, ASOF, { radiusM: -1 })).toThrow(
      /radiusM must be a number of metres ≥ 0, got -1/,
    );
    expect(() => enterpriseProfile(linked, A, ASOF, { listCap: 1.5 })).toThrow(
      /listCap must be a whole number ≥ 0, got 1.5/,
    );
    expect(() => enterpriseProfile(linked, A, NaN)).toThrow(/asOf must be a time/);
  });
});

describe('enterpriseProfile on data/zhihuiwan', () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
  });

  it('lists, for an enterprise with incidents, only incidents naming it, and places it as the stats do', () => {
    const incidents = datasetIncidents(ds);
    const asOf = datasetAsOf(ds, 0);
    expect(incidents.enterpriseIds.length).toBeGreaterThan(0);
    // The enterprise most incidents name.
    const counts = new Map<number, number>();
    for (let i = 0; i < incidents.n; i++)
      if (incidents.enterprise[i] >= 0)
        counts.set(incidents.enterprise[i], (counts.get(incidents.enterprise[i]) ?? 0) + 1);
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const id = incidents.enterpriseIds[top];
    const p = enterpriseProfile({ dataset: ds, incidents }, id, asOf)!;
    expect(p.id).toBe(id);
    expect(p.incidents.basis).toBe('enterpriseId');
    expect(p.incidents.count).toBe(n);
    expect(p.incidents.list.length).toBe(Math.min(n, PROFILE_LIST_CAP));
    expect(p.incidents.list.every((r) => r.enterpriseId === id)).toBe(true);
    const names = new Set(
      ds.incidents!.features.filter((f) => f.properties.enterpriseId === id).map((f) => f.properties.id),
    );
    expect(p.incidents.list.every((r) => names.has(r.id))).toBe(true);
    const assigned = assignEnterprises(
      activeFeatures(ds.grids!.features, asOf),
      activeFeatures(ds.microGrids!.features, asOf),
      ds.enterprises!.features,
    );
    expect(p.grid?.code).toBe(assigned.grid.get(id));
    expect(p.microGrid?.code ?? null).toBe(assigned.microGrid.get(id));
    expect(JSON.stringify(p)).not.toMatch(/phone/);
  });

  it('agrees with patrol coverage on every enterprise', () => {
    const incidents = datasetIncidents(ds);
    const asOf = datasetAsOf(ds, 0);
    // The month of asOf, as the coverage figures count it: some enterprises visited, some not.
    const tracks = tracksInMonth(ds.patrols!.features, monthOf(asOf));
    const visited = visitedEnterprises(tracks, ds.enterprises!.features, { radius: 50 });
    expect(visited.size).toBeGreaterThan(0);
    expect(visited.size).toBeLessThan(ds.enterprises!.features.length);
    const month = { ...ds, patrols: { type: 'FeatureCollection' as const, features: tracks } };
    const listed = ds.enterprises!.features.filter(
      (e) => enterpriseProfile({ dataset: month, incidents }, e.properties.id, asOf)!.patrols.count > 0,
    );
    expect(listed.map((e) => e.properties.id).sort()).toEqual([...visited].sort());
  });
});
