import { beforeAll, describe, expect, it } from 'vitest';
import { PlanError } from '../../../../src/domain/plan/types';
import {
  applyPatch, buildTopology, cuts, findVertex, mergeUnits, splitUnit, unitGeometry, unitIds, unitOf, type Topology,
} from '../../../../src/geo/topology';
import { C, G1, G2, G3, community, grid, ll, micro, poly, rect, threeGrids, type XY } from './fixture';
import { gArea, gOverlap, gUnionArea, gValid, loadGeos, type Geos } from './geos-check';

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeos();
});

const line = (...pts: XY[]) => pts.map(ll);
const codes = (prefix: string) => (n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(900 + i)}`);
const geo = (t: Topology, id: string) => unitGeometry(t, id);

/** Every unit of the topology equal, coordinates exact, to the same unit of `t0`. */
function expectSame(t: Topology, t0: Topology): void {
  expect([...t.units.keys()].sort()).toEqual([...t0.units.keys()].sort());
  for (const id of t0.units.keys()) expect(geo(t, id)).toEqual(geo(t0, id));
}

describe('splitUnit', () => {
  const t0 = buildTopology(threeGrids());

  it('splits a grid by a line across it into two pieces whose areas GEOS agrees with, the border shared', () => {
    const e = splitUnit(t0, G1, line([50, -10], [50, 110]), codes(C));
    expect(e.pieces).toEqual([`${C}900`, `${C}901`]);
    expect(e.removed).toEqual([G1]);
    expect(e.added).toEqual(e.pieces);
    // The crossings on the community's boundary are inserted into the community's ring too.
    expect(e.reshaped).toEqual([C]);
    const [west, east] = e.pieces.map((id) => geo(e.topology, id));
    expect(gArea(geos, west)).toBeCloseTo(5000, 6);
    expect(gArea(geos, east)).toBeCloseTo(5000, 6);
    expect(gValid(geos, west)).toBe('valid');
    expect(gValid(geos, east)).toBe('valid');
    expect(gOverlap(geos, west, east)).toBeCloseTo(0, 9);
    expect(gUnionArea(geos, [west, east])).toBeCloseTo(gArea(geos, geo(t0, G1)), 6);
    expect(gArea(geos, geo(e.topology, C))).toBeCloseTo(gArea(geos, geo(t0, C)), 9);
    expect(unitOf(e.topology, e.pieces[0]).parent).toBe(C);
    expectSame(applyPatch(e.topology, e.inverse), t0);
    expect(cuts(t0, G1, line([50, -10], [50, 110]))).toBe(true);
  });

  it('a micro-grid the line cuts is split afterwards with the very same vertices', () => {
    const l = line([125, -5], [125, 105]);
    const e1 = splitUnit(t0, G2, l, codes(C));
    // The micro-grid's ring got the two crossings; it is reshaped (same area).
    expect(e1.reshaped).toEqual([C, `${G2}001`].sort());
    expect(cuts(e1.topology, `${G2}001`, l)).toBe(true);
    const e2 = splitUnit(e1.topology, `${G2}001`, l, codes(G2));
    expect(e2.topology.vertexCount).toBe(e1.topology.vertexCount);
    const [mw, me] = e2.pieces.map((id) => geo(e2.topology, id));
    expect(gArea(geos, mw)).toBeCloseTo(25 * 60, 6);
    expect(gArea(geos, me)).toBeCloseTo(25 * 60, 6);
    // Each micro piece lies within one grid piece exactly.
    const [gw, ge] = e1.pieces.map((id) => geo(e1.topology, id));
    expect(gOverlap(geos, mw, gw)).toBeCloseTo(25 * 60, 6);
    expect(gOverlap(geos, me, ge)).toBeCloseTo(25 * 60, 6);
    expectSame(applyPatch(applyPatch(e2.topology, e2.inverse), e1.inverse), t0);
  });

  it('a line that follows existing edges reuses their vertices', () => {
    // Up x = 60, along G1's second micro-grid's west side (60,20)–(60,80), on to the top.
    const e = splitUnit(t0, G1, line([60, -1], [60, 101]), codes(C));
    expect(e.topology.vertexCount).toBe(t0.vertexCount + 2);
    const areas = e.pieces.map((id) => gArea(geos, geo(e.topology, id)));
    expect(areas[0]).toBeCloseTo(6000, 6);
    expect(areas[1]).toBeCloseTo(4000, 6);
    const v = findVertex(e.topology, ll([60, 20]));
    expect(v).toBe(findVertex(t0, ll([60, 20])));
  });

  it('gives a hole to the piece that holds it, and cuts through a hole', () => {
    const input = {
      communities: [community(C, poly(rect(0, 0, 100, 100)))],
      grids: [grid(G1, poly(rect(0, 0, 100, 100), rect(60, 40, 80, 60))), grid(G2, poly(rect(60, 40, 80, 60)))],
      microGrids: [],
    };
    const t = buildTopology(input);
    const e = splitUnit(t, G1, line([30, -1], [30, 101]), codes(C));
    const [w, east] = e.pieces.map((id) => geo(e.topology, id));
    expect(gArea(geos, w)).toBeCloseTo(3000, 6);
    expect(gArea(geos, east)).toBeCloseTo(7000 - 400, 6);
    expect(east.coordinates.length).toBe(2);
    expect(gValid(geos, east)).toBe('valid');
    // Through the hole: two pieces, each with a notch.
    const f = splitUnit(t, G1, line([70, -1], [70, 101]), codes(C));
    const areas = f.pieces.map((id) => gArea(geos, geo(f.topology, id)));
    expect(areas[0]).toBeCloseTo(7000 - 200, 6);
    expect(areas[1]).toBeCloseTo(3000 - 200, 6);
    for (const id of f.pieces) expect(gValid(geos, geo(f.topology, id))).toBe('valid');
  });

  it('splits by a bent line with several runs (three pieces)', () => {
    // In at the bottom, out at the top, back in at the top and out at the bottom: a U turned upside down outside.
    const e = splitUnit(t0, G3, line([230, -1], [230, 101], [270, 101], [270, -1]), codes(C));
    expect(e.pieces).toHaveLength(3);
    const areas = e.pieces.map((id) => gArea(geos, geo(e.topology, id)));
    expect(areas).toEqual([expect.closeTo(3000, 6), expect.closeTo(4000, 6), expect.closeTo(3000, 6)]);
  });

  it('refuses a line that does not cross, ends inside, or does not separate', () => {
    expect(() => splitUnit(t0, G1, line([150, -1], [150, 50]), codes(C))).toThrow(/does not cross 330424002012001|ends inside/);
    expect(() => splitUnit(t0, G1, line([-5, 50], [-1, 50]), codes(C))).toThrow(/does not cross/);
    expect(() => splitUnit(t0, G1, line([50, -1], [50, 50]), codes(C))).toThrow(/ends inside/);
    expect(() => splitUnit(t0, G1, line([50, 50]), codes(C))).toThrow(/at least 2/);
    expect(() => splitUnit(t0, C, line([50, -1], [50, 101]), codes(C))).toThrow(/fixed/);
    expect(() => splitUnit(t0, G1, line([50, -1], [50, 101]), () => [G2, 'x'])).toThrow(/already in use/);
    // cuts: through the interior (even ending there: splitUnit then says why not), not along the border or outside.
    expect(cuts(t0, G1, line([50, -1], [50, 50]))).toBe(true);
    expect(cuts(t0, G1, line([100, -1], [100, 101]))).toBe(false);
    expect(cuts(t0, G1, line([150, -1], [150, 101]))).toBe(false);
    // A grid with a hole: a line from the shell to the hole does not separate anything.
    const t = buildTopology({
      communities: [community(C, poly(rect(0, 0, 100, 100)))],
      grids: [grid(G1, poly(rect(0, 0, 100, 100), rect(40, 40, 60, 60))), grid(G2, poly(rect(40, 40, 60, 60)))],
      microGrids: [],
    });
    const err = (() => {
      try {
        splitUnit(t, G1, line([50, -1], [50, 50]), codes(C));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PlanError);
  });
});

describe('mergeUnits', () => {
  const t0 = buildTopology(threeGrids());

  it('merges adjacent grids into a new code: the shared border disappears', () => {
    const e = mergeUnits(t0, [G1, G2], `${C}004`);
    expect(e.added).toEqual([`${C}004`]);
    expect(e.removed).toEqual([G1, G2]);
    const g = geo(e.topology, `${C}004`);
    expect(g.type).toBe('Polygon');
    expect(gValid(geos, g)).toBe('valid');
    expect(gArea(geos, g)).toBeCloseTo(20000, 6);
    // The outline keeps the junction vertices on the outer border (4 corners + (100,0), (100,100)) and nothing inside.
    expect(g.coordinates[0].length).toBe(6 + 1);
    expect(unitIds(e.topology, 'grid')).toEqual([G3, `${C}004`]);
    expectSame(applyPatch(e.topology, e.inverse), t0);
    // Three at once.
    const all = mergeUnits(t0, [G3, G1, G2], `${C}005`);
    expect(gArea(geos, geo(all.topology, `${C}005`))).toBeCloseTo(30000, 6);
  });

  it('revokes: the kept code covers both', () => {
    const e = mergeUnits(t0, [G2, G3], G3);
    expect(e.removed).toEqual([G2]);
    expect(e.reshaped).toEqual([G3]);
    expect(e.added).toEqual([]);
    expect(gArea(geos, geo(e.topology, G3))).toBeCloseTo(20000, 6);
  });

  it('keeps a unit enclosed by the merge as a hole, and merges micro-grids of one grid', () => {
    const t = buildTopology({
      communities: [community(C, poly(rect(0, 0, 300, 100)))],
      grids: [
        grid(G1, poly([[0, 0], [100, 0], [100, 40], [60, 40], [60, 60], [100, 60], [100, 100], [0, 100]])),
        grid(G2, poly([[100, 0], [300, 0], [300, 100], [100, 100], [100, 60], [140, 60], [140, 40], [100, 40]])),
        grid(G3, poly([[60, 40], [100, 40], [140, 40], [140, 60], [100, 60], [60, 60]])),
      ],
      microGrids: [micro(`${G2}001`, poly(rect(200, 20, 220, 80))), micro(`${G2}002`, poly(rect(220, 20, 240, 80)))],
    });
    const e = mergeUnits(t, [G1, G2], `${C}004`);
    const g = geo(e.topology, `${C}004`);
    expect(g.coordinates.length).toBe(2);
    expect(gValid(geos, g)).toBe('valid');
    expect(gArea(geos, g)).toBeCloseTo(30000 - 80 * 20, 6);
    const m = mergeUnits(t, [`${G2}001`, `${G2}002`], `${G2}003`);
    expect(gArea(geos, geo(m.topology, `${G2}003`))).toBeCloseTo(40 * 60, 6);
  });

  it('refuses units that do not touch, of different layers or parents, or a code in use', () => {
    expect(() => mergeUnits(t0, [G1, G3], `${C}004`)).toThrow(/330424002012003 shares no border with 330424002012001/);
    expect(() => mergeUnits(t0, [G1, `${G1}001`], `${C}004`)).toThrow(/is a micro/);
    expect(() => mergeUnits(t0, [`${G1}001`, `${G1}002`], `${G1}003`)).toThrow(/shares no border/);
    expect(() => mergeUnits(t0, [G1, G2], G3)).toThrow(/already in use/);
    expect(() => mergeUnits(t0, [G1], `${C}004`)).toThrow(/at least 2/);
    expect(() => mergeUnits(t0, [G1, 'nope'], `${C}004`)).toThrow(/no unit nope/);
  });
});
