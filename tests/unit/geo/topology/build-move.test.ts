import { describe, expect, it } from 'vitest';
import turfArea from '@turf/area';
import { PlanError } from '../../../../src/domain/plan/types';
import {
  applyPatch, buildTopology, findVertex, moveVertices, nearestEdge, nearestVertex, unitGeometry, unitIds, unitOf,
} from '../../../../src/geo/topology';
import { unitsUsing } from '../../../../src/geo/topology/spatial';
import { C, G1, G2, G3, community, grid, ll, micro, poly, rect, threeGrids } from './fixture';

const area = (t: ReturnType<typeof buildTopology>, id: string) => turfArea(unitGeometry(t, id));

describe('buildTopology', () => {
  it('stores a shared border once and writes both sides with the same numbers', () => {
    const t = buildTopology(threeGrids());
    expect(unitIds(t, 'grid')).toEqual([G1, G2, G3]);
    expect(unitIds(t, 'community')).toEqual([C]);
    expect(unitOf(t, G1).parent).toBe(C);
    expect(unitOf(t, `${G1}001`).parent).toBe(G1);
    // The community's 4 corners, 4 more where the grid borders meet it, 2 × 4 for the micro-grids.
    expect(t.vertexCount).toBe(4 + 4 + 8 + 4);
    const g1 = unitGeometry(t, G1);
    const g2 = unitGeometry(t, G2);
    const key = (p: number[]) => `${p[0]},${p[1]}`;
    const shared = g1.coordinates.flat(1).map((p) => key(p as number[])).filter((k) => g2.coordinates.flat(1).some((q) => key(q as number[]) === k));
    // G1's right side: (100,0), (100,20), (100,80), (100,100): the micro-grid's corners are noded into it.
    expect(new Set(shared).size).toBe(4);
  });

  it('nodes T-junctions: a community ring gets the grid corners on its edges, rings closed, shells counter-clockwise', () => {
    const t = buildTopology(threeGrids());
    const c = unitGeometry(t, C);
    expect(c.type).toBe('Polygon');
    const r = (c as { coordinates: number[][][] }).coordinates[0];
    expect(r.length).toBe(8 + 1);
    expect(r[0]).toEqual(r[r.length - 1]);
    let s = 0;
    for (let i = 0; i < r.length - 1; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
    expect(s).toBeGreaterThan(0);
    // turf's geodesic area against the local projection's metres: within 0.2 %.
    expect(Math.abs(area(t, C) / 30000 - 1)).toBeLessThan(2e-3);
  });

  it('makes vertices within 1 cm one vertex, and keeps holes and multipolygons', () => {
    const shifted = ll([100.004, 100.003]);
    const input = {
      communities: [community(C, poly(rect(0, 0, 200, 100)))],
      grids: [
        grid(G1, poly([[0, 0], [100, 0], [100, 100], [0, 100]], rect(20, 20, 40, 40).reverse())),
        grid(G2, { type: 'Polygon' as const, coordinates: [[ll([100, 0]), ll([200, 0]), ll([200, 100]), shifted, ll([100, 0])], poly(rect(20, 20, 40, 40)).coordinates[0]] }),
      ],
      microGrids: [],
    };
    // G2 as written is invalid on purpose only in its second ring (hole in no shell); use a multipolygon instead.
    input.grids[1] = grid(G2, {
      type: 'MultiPolygon',
      coordinates: [
        [[ll([100, 0]), ll([200, 0]), ll([200, 100]), shifted, ll([100, 0])]],
        poly(rect(20, 20, 40, 40)).coordinates,
      ],
    });
    const t = buildTopology(input);
    expect(t.vertexCount).toBe(4 + 2 + 4);
    const g2 = unitGeometry(t, G2);
    expect(g2.type).toBe('MultiPolygon');
    const g1 = unitGeometry(t, G1) as { coordinates: number[][][] };
    expect(g1.coordinates.length).toBe(2);
    // The hole runs clockwise after export whatever the input said.
    const h = g1.coordinates[1];
    let s = 0;
    for (let i = 0; i < h.length - 1; i++) s += h[i][0] * h[i + 1][1] - h[i + 1][0] * h[i][1];
    expect(s).toBeLessThan(0);
    expect(area(t, G1) + area(t, G2)).toBeCloseTo(area(t, C), 3);
  });

  it('refuses duplicate codes and units with no geometry', () => {
    const i = threeGrids();
    i.grids.push(grid(G1, poly(rect(0, 0, 10, 10))));
    expect(() => buildTopology(i)).toThrow(/code 330424002012001 names two units/);
    const j = threeGrids();
    j.microGrids.push(micro(`${G3}001`, { type: 'Polygon', coordinates: [[ll([0, 0]), ll([0, 0]), ll([0, 0]), ll([0, 0])]] }));
    expect(() => buildTopology(j)).toThrow(PlanError);
  });
});

describe('finding vertices and edges', () => {
  const t = buildTopology(threeGrids());
  it('finds a vertex within 1 cm and not beyond', () => {
    const v = findVertex(t, ll([100, 100]));
    expect(v).toBeGreaterThanOrEqual(0);
    expect(findVertex(t, ll([100.005, 100]))).toBe(v);
    expect(findVertex(t, ll([100.02, 100]))).toBe(-1);
    expect(nearestVertex(t, ll([101, 99]), 5)?.vertex).toBe(v);
  });
  it('finds the nearest edge with every unit sharing it', () => {
    const e = nearestEdge(t, ll([101, 50]), 5);
    expect(e?.units).toEqual([G1, G2, `${G2}001`].sort());
    expect(e?.distanceM).toBeCloseTo(1, 3);
    expect(nearestEdge(t, ll([50, 50]), 5)).toBeNull();
  });
});

describe('moveVertices', () => {
  const t0 = buildTopology(threeGrids());
  const top = findVertex(t0, ll([100, 100]));
  const mid = findVertex(t0, ll([100, 80]));

  it('moves a shared vertex for every unit using it and keeps the total area', () => {
    const e = moveVertices(t0, [{ vertex: mid, to: ll([110, 80]) }]);
    expect(e.reshaped).toEqual([G1, G2, `${G2}001`].sort());
    expect(e.added).toEqual([]);
    // G1 gains the triangle (100,20)-(110,80)-(100,100) minus nothing: 0.5 × 80 × 10 = 400 m².
    expect(area(e.topology, G1) - area(t0, G1)).toBeCloseTo(400, 0);
    expect(area(e.topology, G1) + area(e.topology, G2)).toBeCloseTo(area(t0, G1) + area(t0, G2), 4);
    // The input is untouched, and undo gives back the exact numbers.
    expect(unitGeometry(t0, G1)).toEqual(buildTopology(threeGrids()) && unitGeometry(t0, G1));
    const back = applyPatch(e.topology, e.inverse);
    for (const id of [G1, G2, `${G2}001`]) expect(unitGeometry(back, id)).toEqual(unitGeometry(t0, id));
    expect(back.vertexCount).toBe(t0.vertexCount);
  });

  it('refuses community boundary vertices, crossings, flips and micro-grids leaving their grid', () => {
    expect(() => moveVertices(t0, [{ vertex: top, to: ll([110, 100]) }])).toThrow(/community 330424002012/);
    // (100,80) past G1's micro-grid (60..90): crosses its edges.
    expect(() => moveVertices(t0, [{ vertex: mid, to: ll([70, 50]) }])).toThrow(/cross/);
    // Past the next grid border: crosses.
    expect(() => moveVertices(t0, [{ vertex: mid, to: ll([210, 80]) }])).toThrow(/cross/);
    // A micro-grid corner dragged out of its grid.
    const m = findVertex(t0, ll([10, 20]));
    expect(() => moveVertices(t0, [{ vertex: m, to: ll([-5, 20]) }])).toThrow(/cross/);
    // Next to (not onto) a vertex: 2 cm away is too close.
    expect(() => moveVertices(t0, [{ vertex: m, to: ll([40, 20.02]) }])).toThrow(/shorter|within|fold|touch itself/);
    expect(() => moveVertices(t0, [{ vertex: 9999, to: ll([0, 0]) }])).toThrow(/no vertex 9999/);
  });

  it('snaps a vertex dropped within 1 cm of another vertex onto it, and one dropped on an edge into it', async () => {
    const turf = (await import('@turf/area')).default;
    const m = findVertex(t0, ll([10, 20]));
    const w = findVertex(t0, ll([40, 20]));
    const merged = moveVertices(t0, [{ vertex: m, to: ll([40, 20.004]) }]);
    expect(merged.reshaped).toEqual([`${G1}001`]);
    const ring = (unitGeometry(merged.topology, `${G1}001`) as { coordinates: number[][][] }).coordinates[0];
    expect(ring).toHaveLength(3 + 1);
    expect(ring).toContainEqual(unitGeometry(t0, `${G1}001`).coordinates[0][1]);
    expect(findVertex(merged.topology, ll([40, 20]))).toBe(w);
    expect(turf(unitGeometry(merged.topology, `${G1}001`)) / 900 - 1).toBeLessThan(2e-3);
    const back = applyPatch(merged.topology, merged.inverse);
    expect(unitGeometry(back, `${G1}001`)).toEqual(unitGeometry(t0, `${G1}001`));
    // (40, 80) of the first micro-grid dropped on the second one's west edge (60, 20)–(60, 80): a shared vertex now.
    const c = findVertex(t0, ll([40, 80]));
    const onEdge = moveVertices(t0, [{ vertex: c, to: ll([60.005, 50]) }]);
    expect(onEdge.reshaped).toEqual([`${G1}001`, `${G1}002`]);
    expect(unitsUsing(onEdge.topology, c).map((u) => u.id).sort()).toEqual([G1, `${G1}001`, `${G1}002`].sort().filter((id) => id !== G1));
    expect(turf(unitGeometry(onEdge.topology, `${G1}001`)) / 1950 - 1).toBeLessThan(2e-3);
    expect(turf(unitGeometry(onEdge.topology, `${G1}002`)) / 1800 - 1).toBeLessThan(2e-3);
    expect(unitGeometry(applyPatch(onEdge.topology, onEdge.inverse), `${G1}002`)).toEqual(unitGeometry(t0, `${G1}002`));
  });

  it('refuses a micro-grid swallowing another without crossing (moves of several vertices)', () => {
    const ids = [[10, 20], [40, 20], [40, 80], [10, 80]].map((p) => findVertex(t0, ll(p as [number, number])));
    const to = [[5, 5], [95, 5], [95, 95], [5, 95]];
    expect(() => moveVertices(t0, ids.map((vertex, i) => ({ vertex, to: ll(to[i] as [number, number]) })))).toThrow(/overlap/);
    // A move of all four inside the free space is fine.
    const ok = moveVertices(t0, ids.map((vertex, i) => ({ vertex, to: ll([[12, 22], [42, 22], [42, 82], [12, 82]][i] as [number, number]) })));
    expect(ok.reshaped).toEqual([`${G1}001`]);
  });
});
