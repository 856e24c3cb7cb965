/**
 * Real-world shapes (tests/fixtures/topology/quirks.json, drawn in metres around (121, 30.6)): a MultiPolygon grid
 * with a courtyard filled by another grid and a detached block in a third grid's hole, a T-junction (a vertex of one
 * grid on another's edge) and a vertex 4 mm off the shared border, a corner 3.6 mm from its neighbour's, a grid
 * written clockwise, a micro-grid with a hole, micro-grids whose corners lie on the grid border and on each other's
 * edges. The topology must node all of it, write it back valid, and survive random operations.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../../../src/domain/types';
import { createRng } from '../../../../src/domain/random';
import { validateCoverage } from '../../../../src/geo/coverage/validate-coverage';
import { buildTopology, findVertex, moveVertices, splitUnit, unitGeometry, unitOf, type Topology } from '../../../../src/geo/topology';
import { unitsUsing } from '../../../../src/geo/topology/spatial';
import { C, ll } from './fixture';
import { gArea, gValid, loadGeos, type Geos } from './geos-check';
import { coverageInput, layerArea, randomStep, undo, type Step } from './random-ops';

const raw = JSON.parse(readFileSync('tests/fixtures/topology/quirks.json', 'utf8')) as {
  community: { features: Feature<Areal, CommunityProps>[] };
  grids: { features: Feature<Areal, GridProps>[] };
  microGrids: { features: Feature<Areal, MicroGridProps>[] };
};
const input = { communities: raw.community.features, grids: raw.grids.features, microGrids: raw.microGrids.features };
const STRICT = { tolerance: 0.01 };
const G = (n: number) => `${C}00${n}`;

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeos();
});

describe('real-world quirks', () => {
  const t0 = buildTopology(input);

  it('nodes the T-junctions and near vertices so neighbours share every vertex', () => {
    const users = (p: [number, number]) => unitsUsing(t0, findVertex(t0, ll(p))).map((u) => u.id).sort();
    // G2's (150, 120) is now in G1's ring too; the vertex 4 mm off the border is one vertex of both.
    expect(users([150, 120])).toEqual([G(1), G(2)]);
    expect(users([150.004, 50])).toEqual([G(1), G(2), `${G(2)}001`]);
    // The micro-grid corner on the border is in both grids' rings.
    expect(users([150, 20])).toEqual([G(1), G(2), `${G(2)}001`]);
    // G3's corner 3.6 mm off G2's is the same vertex (and the community's).
    expect(findVertex(t0, ll([300.003, 0.002]))).toBe(findVertex(t0, ll([300, 0])));
    expect(users([300, 0])).toEqual([C, G(2), G(3)]);
    // The micro-grid vertex on its neighbour's edge.
    expect(users([200, 40])).toEqual([`${G(2)}001`, `${G(2)}002`]);
    expect(unitOf(t0, G(1)).polygons.map((p) => p.length)).toEqual([2, 1]);
  });

  it('writes back valid geometry with the input areas (GEOS) and a clean coverage at 1 cm', () => {
    for (const f of [...input.grids, ...input.microGrids]) {
      const g = unitGeometry(t0, f.properties.code);
      expect(gValid(geos, g), f.properties.code).toBe('valid');
      // Vertices snapped by up to 1 cm move areas by up to about 1 cm × the edge's length.
      expect(Math.abs(gArea(geos, g) - gArea(geos, f.geometry))).toBeLessThan(0.5);
    }
    expect(gArea(geos, unitGeometry(t0, G(4)))).toBeCloseTo(1600, 2);
    expect(validateCoverage(coverageInput(t0), STRICT)).toEqual([]);
  });

  it('moves a vertex of a hole (the courtyard corner) for the grid, the courtyard and the micro-grid around it', () => {
    const v = findVertex(t0, ll([80, 100]));
    const e = moveVertices(t0, [{ vertex: v, to: ll([85, 105]) }]);
    expect(e.reshaped).toEqual([G(1), `${G(1)}001`, G(4)].sort());
    expect(gArea(geos, unitGeometry(e.topology, G(4)))).toBeCloseTo(1600 + 200, 2);
    expect(validateCoverage(coverageInput(e.topology), STRICT)).toEqual([]);
    // Pushing it out past the micro-grid's outer ring is refused.
    expect(() => moveVertices(t0, [{ vertex: v, to: ll([105, 125]) }])).toThrow(/cross/);
  });

  it('splits the MultiPolygon grid: the detached block is a piece of its own', () => {
    const e = splitUnit(t0, G(1), [ll([100, -1]), ll([100, 201])], (n) => Array.from({ length: n }, (_, i) => `${C}9${i}0`));
    expect(e.pieces).toHaveLength(3);
    const areas = e.pieces.map((id) => gArea(geos, unitGeometry(e.topology, id)));
    // West of the line with the courtyard as its hole, east of it (to the 4 mm vertex), the detached block.
    expect(areas[0]).toBeCloseTo(100 * 200 - 1600, 1);
    expect(areas[1]).toBeCloseTo(50 * 200, 0);
    expect(areas[2]).toBeCloseTo(1600, 2);
    expect(unitGeometry(e.topology, e.pieces[0]).coordinates.length).toBe(2);
    const sum = areas.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(gArea(geos, unitGeometry(t0, G(1))), 6);
    for (const id of e.pieces) expect(gValid(geos, unitGeometry(e.topology, id))).toBe('valid');
  });

  it('survives 150 random operations (full validator every 10), undo all exact', () => {
    const rng = createRng(5);
    const refusals = new Map<string, number>();
    const area0 = layerArea(t0, 'grid');
    const steps: Step[] = [];
    let t: Topology = t0;
    for (let i = 1; i <= 150; i++) {
      const s = randomStep(t, rng, refusals);
      steps.push(s);
      t = s.topology;
      expect(Math.abs(layerArea(t, 'grid') / area0 - 1)).toBeLessThan(1e-9);
      if (i % 10 === 0) {
        const f = validateCoverage(coverageInput(t), STRICT);
        if (f.length) throw new Error(`op ${i} (${s.kind}): ${f.map((x) => x.message).join('; ')}`);
      }
    }
    for (let i = steps.length - 1; i >= 0; i--) t = undo(t, steps[i].patches);
    for (const id of t0.units.keys()) expect(unitGeometry(t, id)).toEqual(unitGeometry(t0, id));
    expect(t.vertexCount).toBe(t0.vertexCount);
  }, 60_000);
});
