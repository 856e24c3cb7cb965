import { beforeAll, describe, expect, it } from 'vitest';
import {
  addUnit, applyPatch, buildTopology, deleteVertex, findVertex, insertVertex, moveVertices, removeUnit, renameUnit,
  unitGeometry, unitOf, type Topology,
} from '../../../../src/geo/topology';
import { C, G1, G2, G3, ll, poly, rect, threeGrids, type XY } from './fixture';
import { gArea, gOverlap, gValid, loadGeos, type Geos } from './geos-check';

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeos();
});

const geo = (t: Topology, id: string) => unitGeometry(t, id);
function expectSame(t: Topology, t0: Topology): void {
  expect([...t.units.keys()].sort()).toEqual([...t0.units.keys()].sort());
  for (const id of t0.units.keys()) expect(geo(t, id)).toEqual(geo(t0, id));
  expect(t.vertexCount).toBe(t0.vertexCount);
}

describe('insertVertex / deleteVertex', () => {
  const t0 = buildTopology(threeGrids());

  it('inserts into every ring sharing the edge, then the new vertex moves both sides', () => {
    const e = insertVertex(t0, ll([100, 50]));
    expect(e.reshaped).toEqual([G1, G2, `${G2}001`].sort());
    expect(findVertex(e.topology, ll([100, 50]))).toBe(e.vertex);
    expect(gArea(geos, geo(e.topology, G1))).toBeCloseTo(10000, 6);
    const m = moveVertices(e.topology, [{ vertex: e.vertex, to: ll([95, 50]) }]);
    // G1 loses the triangle (100,20)-(95,50)-(100,80): 0.5 × 60 × 5 = 150 m².
    expect(gArea(geos, geo(m.topology, G1))).toBeCloseTo(10000 - 150, 6);
    expect(gArea(geos, geo(m.topology, G2))).toBeCloseTo(10000 + 150, 6);
    expect(gOverlap(geos, geo(m.topology, G1), geo(m.topology, G2))).toBeCloseTo(0, 9);
    expectSame(applyPatch(applyPatch(m.topology, m.inverse), e.inverse), t0);
  });

  it('a vertex on the community boundary is inserted there too, and is fixed', () => {
    const e = insertVertex(t0, ll([50, 0]));
    expect(e.reshaped).toEqual([C, G1]);
    expect(() => moveVertices(e.topology, [{ vertex: e.vertex, to: ll([50, 5]) }])).toThrow(/community/);
  });

  it('refuses where there is no edge or already a vertex', () => {
    expect(() => insertVertex(t0, ll([50, 50]))).toThrow(/no edge/);
    expect(() => insertVertex(t0, ll([100, 20.001]))).toThrow(/already a vertex/);
  });

  it('deletes a vertex shared by two units; refuses junctions, community vertices and too few vertices', () => {
    const ins = insertVertex(t0, ll([100, 50]));
    const m = moveVertices(ins.topology, [{ vertex: ins.vertex, to: ll([95, 50]) }]);
    const del = deleteVertex(m.topology, ins.vertex);
    expect(del.reshaped).toEqual([G1, G2, `${G2}001`].sort());
    expect(gArea(geos, geo(del.topology, G1))).toBeCloseTo(10000, 6);
    // (100,20) is used by G1, G2 and G2's micro-grid with different neighbours: a junction.
    expect(() => deleteVertex(t0, findVertex(t0, ll([100, 20])))).toThrow(/junction/);
    expect(() => deleteVertex(t0, findVertex(t0, ll([100, 0])))).toThrow(/community/);
    // A micro-grid corner: the rectangle becomes a triangle of half its area, then cannot lose another vertex.
    const tri = deleteVertex(t0, findVertex(t0, ll([10, 20])));
    expect(gArea(geos, geo(tri.topology, `${G1}001`))).toBeCloseTo(900, 6);
    expect(() => deleteVertex(tri.topology, findVertex(t0, ll([40, 20])))).toThrow(/fewer than 3/);
  });
});

describe('addUnit / removeUnit / renameUnit', () => {
  const t0 = buildTopology(threeGrids());

  it('clips a drawn micro-grid to its grid and off the other micro-grids, sharing their vertices', () => {
    // Over G1's west edge? No: from x = -20 (outside the community) to 50, y 0..50: clipped to G1 (x ≥ 0) and off
    // the first micro-grid (10..40 × 20..80).
    const drawn = poly([[-20, 0], [50, 0], [50, 50], [-20, 50]] as XY[]);
    const e = addUnit(t0, { id: `${G1}003`, layer: 'micro', parent: G1, polygon: drawn });
    expect(e.added).toEqual([`${G1}003`]);
    const g = geo(e.topology, `${G1}003`);
    expect(gValid(geos, g)).toBe('valid');
    expect(gArea(geos, g)).toBeCloseTo(50 * 50 - 30 * 30, 3);
    expect(gOverlap(geos, g, geo(t0, `${G1}001`))).toBeCloseTo(0, 6);
    // It shares the micro-grid's corners (10,20), (40,20): no new vertex there.
    const used = new Set(g.coordinates.flat(1).map((p) => `${p[0]},${p[1]}`));
    expect(used.has(ll([10, 20]).join(','))).toBe(true);
    expect(unitOf(e.topology, `${G1}003`).parent).toBe(G1);
    // The drawn corner (50, 50) is new; (50, 0) lies on G1's bottom edge, which is also the community's: inserted there.
    expect(e.reshaped).toContain(C);
    expectSame(applyPatch(e.topology, e.inverse), t0);
  });

  it('refuses a shape with nothing left, a code in use, a parent that is not a grid', () => {
    const inside = poly(rect(15, 25, 35, 75));
    expect(() => addUnit(t0, { id: `${G1}003`, layer: 'micro', parent: G1, polygon: inside })).toThrow(/nothing is left/);
    expect(() => addUnit(t0, { id: `${G1}001`, layer: 'micro', parent: G1, polygon: inside })).toThrow(/already in use/);
    expect(() => addUnit(t0, { id: `${G1}003`, layer: 'micro', parent: C, polygon: inside })).toThrow(/not a grid/);
    const outside = poly(rect(400, 0, 500, 50));
    expect(() => addUnit(t0, { id: `${G1}003`, layer: 'micro', parent: G1, polygon: outside })).toThrow(/nothing is left/);
  });

  it('removes and renames, with undo', () => {
    const r = removeUnit(t0, `${G1}001`);
    expect(r.removed).toEqual([`${G1}001`]);
    expectSame(applyPatch(r.topology, r.inverse), t0);
    expect(() => removeUnit(t0, C)).toThrow(/fixed/);
    const n = renameUnit(t0, `${G1}001`, `${G1}009`);
    expect(n.added).toEqual([`${G1}009`]);
    expect(n.removed).toEqual([`${G1}001`]);
    expect(geo(n.topology, `${G1}009`)).toEqual(geo(t0, `${G1}001`));
    expectSame(applyPatch(n.topology, n.inverse), t0);
    expect(() => renameUnit(t0, `${G1}001`, `${G1}002`)).toThrow(/already in use/);
    // A micro-grid may move only under a grid that holds it.
    expect(() => renameUnit(t0, `${G1}001`, `${G3}001`, G3)).toThrow(/outside its grid/);
    expect(() => renameUnit(t0, `${G1}001`, `${G3}001`, C)).toThrow(/not a grid/);
    expect(renameUnit(t0, G2, `${C}009`).added).toEqual([`${C}009`]);
  });
});

describe('addUnit with awkward drawings', () => {
  const t0 = buildTopology(threeGrids());
  it('a bow-tie is clipped as the clipping library reads it, or refused with a PlanError, never half-applied', () => {
    const bow = poly([[45, 5], [95, 95], [95, 5], [45, 95]] as XY[]);
    let result: ReturnType<typeof addUnit> | null = null;
    try {
      result = addUnit(t0, { id: `${G1}003`, layer: 'micro', parent: G1, polygon: bow });
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe('PlanError');
    }
    if (result) {
      const g = geo(result.topology, `${G1}003`);
      expect(gValid(geos, g)).toBe('valid');
      expect(gOverlap(geos, g, geo(t0, `${G1}002`))).toBeCloseTo(0, 6);
    }
    expect(t0.units.has(`${G1}003`)).toBe(false);
  });

  it('a drawing that covers a micro-grid whole makes a micro-grid with a hole around it', () => {
    const e = addUnit(t0, { id: `${G1}003`, layer: 'micro', parent: G1, polygon: poly(rect(50, 10, 95, 90)) });
    const g = geo(e.topology, `${G1}003`);
    expect(g.coordinates.length).toBe(2);
    expect(gValid(geos, g)).toBe('valid');
    expect(gArea(geos, g)).toBeCloseTo(45 * 80 - 30 * 60, 3);
  });
});
