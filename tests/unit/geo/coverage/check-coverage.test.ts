import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { checkCoverage, type CoverageUnit } from '../../../../src/geo/coverage/check-coverage';
import { localProjection } from '../../../../src/geo/projection';
import turfBbox from '@turf/bbox';
import { injectDefects, makeTiling, toWgs84 } from '../../../reference/tiling';

// Work in metres around a centre and convert, so expected areas are easy to write down.
const proj = localProjection([121, 30.6]);
const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]].map((p) => proj.toLonLat(p))],
});
const poly = (pts: [number, number][]): Polygon => ({ type: 'Polygon', coordinates: [[...pts, pts[0]].map((p) => proj.toLonLat(p))] });
const unit = (code: string, geometry: Polygon): CoverageUnit => ({ code, geometry });
const container = unit('C', rect(0, 0, 200, 100));

describe('checkCoverage', () => {
  it('finds nothing in a perfect tiling (shared vertices)', () => {
    const r = checkCoverage({ container, units: [unit('A', rect(0, 0, 100, 100)), unit('B', rect(100, 0, 200, 100))], requireFull: true }, proj);
    expect(r).toEqual({ pieces: [], mismatches: [] });
  });

  it('reports an overlap with its area and width', () => {
    const r = checkCoverage({ container, units: [unit('A', rect(0, 0, 110, 100)), unit('B', rect(100, 0, 200, 100))], requireFull: true }, proj);
    expect(r.pieces).toHaveLength(1);
    const [p] = r.pieces;
    expect(p.kind).toBe('overlap');
    expect(p.codes).toEqual(['A', 'B']);
    // 1000 m² in a projection centred 50 m south of the piece; measured in one centred on itself (4.6e-6 less).
    expect(p.areaM2).toBeCloseTo(1000, 1);
    expect(p.widthM).toBeCloseTo(10, 1);
  });

  it('reports a gap with the units around it', () => {
    const r = checkCoverage({ container, units: [unit('A', rect(0, 0, 90, 100)), unit('B', rect(100, 0, 200, 100))], requireFull: true }, proj);
    expect(r.pieces.map((p) => [p.kind, p.codes, Math.round(p.areaM2)])).toEqual([['gap', ['A', 'B'], 1000]]);
  });

  it('reports a hole in the middle (a missing grid) and a spill over the boundary', () => {
    const withHole: Polygon = {
      type: 'Polygon',
      coordinates: [rect(0, 0, 200, 100).coordinates[0], rect(50, 25, 100, 75).coordinates[0].slice().reverse()],
    };
    const units = [unit('A', withHole), unit('B', rect(150, 40, 230, 60))];
    const r = checkCoverage({ container, units, requireFull: true }, proj);
    const kinds = r.pieces.map((p) => [p.kind, p.codes.join('+'), Math.round(p.areaM2)]).sort();
    expect(kinds).toEqual([
      ['gap', 'A', 2500],
      ['outside', 'B', 600],
      ['overlap', 'A+B', 1000],
    ]);
  });

  it('drops pieces narrower than the tolerance', () => {
    const units = [unit('A', rect(0, 0, 100.3, 100)), unit('B', rect(100, 0, 200, 100))];
    expect(checkCoverage({ container, units, requireFull: true }, proj, { tolerance: 0.5 }).pieces).toEqual([]);
    expect(checkCoverage({ container, units, requireFull: true }, proj, { tolerance: 0.2 }).pieces).toHaveLength(1);
  });

  it('reports borders that coincide without shared vertices as mismatches, not as gaps', () => {
    // B's left border has an extra vertex at (100, 50) that A lacks.
    const units = [unit('A', rect(0, 0, 100, 100)), unit('B', poly([[100, 0], [200, 0], [200, 100], [100, 100], [100, 50]]))];
    const r = checkCoverage({ container, units, requireFull: true }, proj);
    expect(r.pieces).toEqual([]);
    expect(r.mismatches.map((m) => [m.codes, m.lines.length])).toEqual([[['A', 'B'], 2]]);
  });

  it('lets micro-grids leave parts of their grid uncovered but not overlap or leave it', () => {
    const units = [unit('m1', rect(10, 10, 60, 60)), unit('m2', rect(50, 10, 90, 60)), unit('m3', rect(180, 80, 220, 90))];
    const r = checkCoverage({ container, units, requireFull: false }, proj);
    expect(r.pieces.map((p) => [p.kind, p.codes.join('+'), Math.round(p.areaM2)]).sort()).toEqual([
      ['outside', 'm3', 200],
      ['overlap', 'm1+m2', 500],
    ]);
  });
});

describe('checkCoverage with containerValid (the quiet-units shortcut)', () => {
  it('gives the same result as without it on every micro-grid problem of clean and broken tilings', () => {
    let problems = 0;
    for (const seed of [1, 2, 3]) {
      for (const ds of [toWgs84(makeTiling(seed)), toWgs84(injectDefects(makeTiling(seed), seed, 5).dataset)]) {
        for (const grid of ds.grids) {
          const units = ds.microGrids
            .filter((m) => m.properties.gridCode === grid.properties.code)
            .map((m) => unit(m.properties.code, m.geometry as Polygon));
          if (!units.length) continue;
          const [minX, minY, maxX, maxY] = turfBbox(grid.geometry);
          const p = localProjection([(minX + maxX) / 2, (minY + maxY) / 2]);
          const problem = { container: unit(grid.properties.code, grid.geometry as Polygon), units, requireFull: false };
          expect(checkCoverage({ ...problem, containerValid: true }, p)).toEqual(checkCoverage(problem, p));
          problems++;
        }
      }
    }
    expect(problems).toBeGreaterThan(20);
  });
});
