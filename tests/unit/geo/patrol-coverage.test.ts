import { describe, expect, it } from 'vitest';
import type { Feature, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import {
  corridorAreaShare,
  DEFAULT_CORRIDOR_CELL_M,
  patrolGeometry,
  visitedEnterprises,
} from '../../../src/geo/patrol-coverage';
import { localProjection } from '../../../src/geo/projection';

// Shapes are drawn in metres around 30.6°N 121°E and turned into WGS84; the functions project them back with
// their own projection (centred on the grid), so the known answers hold to well under 0.1 %.
const proj = localProjection([121, 30.6]);
const ll = (pts: [number, number][]): Position[] => pts.map((p) => proj.toLonLat(p));
const rect = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: [number, number][][]): Polygon => ({
  type: 'Polygon',
  coordinates: rings.map(ll),
});
const track = (...pts: [number, number][]): Feature<LineString> => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'LineString', coordinates: ll(pts) },
});
const point = (id: string, p: [number, number]): Feature<Point, { id: string }> => ({
  type: 'Feature',
  properties: { id },
  geometry: { type: 'Point', coordinates: proj.toLonLat(p) },
});

// The grid of most cases: 1000 m × 600 m, area 600 000 m², perimeter 3200 m.
const grid = polygon(rect(0, 0, 1000, 600));
const R = 50;
const disc = Math.PI * R * R; // 7853.98 m²: the two half discs at a track's ends

describe('corridorAreaShare (known answers)', () => {
  it('a straight track inside a rectangle: a 100 m band plus two half discs', () => {
    // 600 m of track at y = 300: 600 × 100 + π·50² = 67 853.98 m²; share 0.113090.
    const r = corridorAreaShare(grid, [track([200, 300], [800, 300])]);
    const exact = 600 * 100 + disc;
    // Horizontal edges: each chord is exact; what is left is the two projections differing by 3e-5 (grid-centred).
    expect(r.areaM2 / 600_000).toBeCloseTo(1, 4);
    // Error bound of the method: (cell/2) × perimeter of the covered region (2·600 + 2π·50 = 1514 m): 757 m² at
    // the default 1 m cell.
    expect(Math.abs(r.coveredM2 - exact)).toBeLessThan(
      (DEFAULT_CORRIDOR_CELL_M / 2) * (1200 + 2 * Math.PI * R),
    );
    // What it achieves in practice: the disc ends are smooth, so the midpoint rule is far better than the bound.
    expect(Math.abs(r.coveredM2 / exact - 1)).toBeLessThan(2e-4);
    expect(r.share!).toBeCloseTo(exact / 600_000, 4);
  });

  it('a slanted track crossing the whole rectangle: a parallelogram of 1000 × 100·√(1+0.2²)', () => {
    // y = 300 + 0.2 (x − 500), ends 200 m outside: band area = 1000 × 100 × √1.04 = 101 980.39 m².
    const r = corridorAreaShare(grid, [track([-200, 160], [1200, 440])]);
    expect(r.coveredM2 / (1000 * 100 * Math.sqrt(1.04))).toBeCloseTo(1, 3);
  });

  it('a track more than 50 m outside covers nothing; one 40 m outside covers a 10 m strip', () => {
    expect(corridorAreaShare(grid, [track([-500, 660], [1500, 660])])).toMatchObject({
      coveredM2: 0,
      share: 0,
    });
    // 40 m above the top edge: the corridor reaches 10 m into the grid along all of its 1000 m width.
    const r = corridorAreaShare(grid, [track([-500, 640], [1500, 640])]);
    expect(r.coveredM2 / 10_000).toBeCloseTo(1, 3);
  });

  it('a grid wholly within 50 m of a track has share exactly 1', () => {
    const small = polygon(rect(0, 0, 60, 40));
    expect(corridorAreaShare(small, [track([-10, 20], [70, 20])]).share).toBe(1);
    // With no track at all the share is 0, not null: there is area to count.
    expect(corridorAreaShare(small, []).share).toBe(0);
  });

  it('counts the union: a repeated track once, a crossing once', () => {
    const h = track([-100, 300], [1100, 300]);
    const v = track([500, -100], [500, 700]);
    const one = corridorAreaShare(grid, [h]).coveredM2;
    expect(one / 100_000).toBeCloseTo(1, 4);
    expect(corridorAreaShare(grid, [h, track([1100, 300], [-100, 300])]).coveredM2).toBeCloseTo(one, 6);
    // 1000·100 + 600·100 − 100·100 = 150 000 m².
    expect(corridorAreaShare(grid, [h, v]).coveredM2 / 150_000).toBeCloseTo(1, 4);
    // A polyline with a corner: capsules A (300 m leg) and B (200 m leg) share the disc at the corner and the
    // 50 × 50 square inside the bend, which reaches beyond that disc by 2500 − ¼π·50²:
    // |A| + |B| − |A∩B| = (30 000 + π·50²) + (20 000 + π·50²) − (π·50² + 2500 − ¼π·50²) = 57 317.48 m².
    const corner = corridorAreaShare(grid, [track([200, 300], [500, 300], [500, 500])]).coveredM2;
    expect(corner / (50_000 + disc + disc / 4 - 2500)).toBeCloseTo(1, 3);
  });

  it('holes are not grid', () => {
    // A 200 × 200 hole in the middle; the band y ∈ [250, 350] loses 200 × 100 to it.
    const holed = polygon(rect(0, 0, 1000, 600), rect(400, 200, 600, 400).reverse());
    const r = corridorAreaShare(holed, [track([-100, 300], [1100, 300])]);
    expect(r.areaM2 / 560_000).toBeCloseTo(1, 4);
    expect(r.coveredM2 / 80_000).toBeCloseTo(1, 4);
  });

  it('converges as the cell shrinks, within the stated bound at every cell size', () => {
    const tracks = [track([100, 100], [900, 500], [300, 550]), track([50, 500], [400, 50])];
    const fine = corridorAreaShare(grid, tracks, { cell: 0.1 }).coveredM2;
    for (const cell of [5, 2, 1, 0.5]) {
      const r = corridorAreaShare(grid, tracks, { cell });
      // Perimeter of the covered region < grid perimeter + 2 × track length + 2π·50 per track < 8000 m.
      expect(Math.abs(r.coveredM2 - fine)).toBeLessThan((cell / 2) * 8000);
    }
    expect(Math.abs(corridorAreaShare(grid, tracks).coveredM2 / fine - 1)).toBeLessThan(1e-4);
  });
});

describe('visitedEnterprises', () => {
  it('counts enterprises within 50 m of a segment or its ends, not beyond', () => {
    const t = [track([0, 0], [1000, 0])];
    const es = [
      point('beside-49', [500, 49]),
      point('beside-51', [500, -51]),
      point('past-end-49', [1000 + 49 * Math.SQRT1_2, 49 * Math.SQRT1_2]),
      point('past-end-51', [-51, 0]),
    ];
    expect([...visitedEnterprises(t, es)].sort()).toEqual(['beside-49', 'past-end-49']);
    expect([...visitedEnterprises(t, es, { radius: 60 })].sort()).toEqual([
      'beside-49',
      'beside-51',
      'past-end-49',
      'past-end-51',
    ]);
  });
  it('a one-point track still visits; no tracks visit nothing', () => {
    const es = [point('a', [10, 10]), point('b', [100, 100])];
    const dot: Feature<LineString> = {
      type: 'Feature',
      properties: {},
      geometry: { type: 'LineString', coordinates: ll([[0, 0]]) },
    };
    expect([...visitedEnterprises([dot], es)]).toEqual(['a']);
    expect(visitedEnterprises([], es).size).toBe(0);
  });
});

describe('patrolGeometry', () => {
  it('gives every grid exactly what corridorAreaShare gives with all the tracks (it reads only the segments near each grid)', () => {
    // Grids side by side 3 km apart, a multipolygon with a hole, and tracks that pass near, cross, stop at 49 m or
    // 51 m from a box, run a long diagonal with both ends far away, or are one point.
    const g = (code: string, geometry: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon, { code: string }> => ({
      type: 'Feature',
      properties: { code },
      geometry,
    });
    const grids = [
      g('a', polygon(rect(0, 0, 1000, 600))),
      g('b', polygon(rect(3000, 0, 4000, 800), rect(3400, 200, 3600, 400))),
      g('c', { type: 'MultiPolygon', coordinates: [polygon(rect(0, 3000, 500, 3500)).coordinates, polygon(rect(700, 3000, 900, 3400)).coordinates] }),
      g('empty', { type: 'Polygon', coordinates: [] }),
    ];
    const tracks = [
      track([200, 300], [800, 300], [800, 700]),
      track([-3000, -3000], [6000, 4000]),
      track([1049, 100], [1049, 500]),
      track([4051, 0], [4051, 800]),
      track([3500, 300]),
      track([3300, 300]),
      track([450, 2900], [450, 3600], [800, 3600], [800, 2900]),
    ];
    const { area } = patrolGeometry(grids, [], tracks);
    for (const grid of grids.slice(0, 3)) {
      expect(area.get(grid.properties.code), grid.properties.code).toEqual(corridorAreaShare(grid.geometry, tracks));
      expect(area.get(grid.properties.code)!.coveredM2, grid.properties.code).toBeGreaterThan(0);
    }
    expect(area.get('empty')).toEqual({ coveredM2: 0, areaM2: 0, share: null });
    expect(patrolGeometry(grids.slice(0, 1), [], []).area.get('a')!.coveredM2).toBe(0);
  });
});
