import { describe, expect, it } from 'vitest';
import { linesOf, snapIndex } from '../../../../src/geo/snap/snap-index';
import { snapPoint, type SnapOptions } from '../../../../src/geo/snap/snap-point';
import type { LonLat } from '../../../../src/domain/plan/types';

// A stand-in for the map: 1e5 px per degree, y down like the screen.
const SCALE = 1e5;
const view: Pick<SnapOptions, 'project' | 'unproject'> = {
  project: (p) => [(p[0] - 121) * SCALE, (30.6 - p[1]) * SCALE],
  unproject: (q) => [121 + q[0] / SCALE, 30.6 - q[1] / SCALE],
};
const px = (p: LonLat): [number, number] => view.project(p);

// Two squares sharing the border x = 121.001, and a road running north–south at x = 121.0015.
const left = { type: 'Polygon' as const, coordinates: [[[121, 30.6], [121.001, 30.6], [121.001, 30.599], [121, 30.599], [121, 30.6]]] };
const right = { type: 'Polygon' as const, coordinates: [[[121.001, 30.6], [121.002, 30.6], [121.002, 30.599], [121.001, 30.599], [121.001, 30.6]]] };
const road = { type: 'LineString' as const, coordinates: [[121.0015, 30.601], [121.0015, 30.598]] };
const index = snapIndex([...linesOf(left, 'unit'), ...linesOf(right, 'unit'), ...linesOf(road, 'road')]);

describe('snapPoint', () => {
  it('keeps a shared vertex once', () => {
    // 4 + 4 corners, 2 shared, + 2 road ends
    expect(index.pts.length / 2).toBe(8);
  });

  it('snaps to a vertex within the tolerance, before a nearer edge', () => {
    const [x, y] = px([121.001, 30.6]);
    const s = snapPoint(index, [x + 6, y + 5], { ...view, tolerancePx: 10 });
    expect(s.kind).toBe('vertex');
    expect(s.point).toEqual([121.001, 30.6]);
    expect(s.distancePx).toBeCloseTo(Math.hypot(6, 5), 6);
  });

  it('snaps to the nearest point of an edge when no vertex is near', () => {
    const [x, y] = px([121.001, 30.5995]);
    const s = snapPoint(index, [x + 4, y], { ...view, tolerancePx: 10 });
    expect(s.kind).toBe('edge');
    expect(s.source).toBe('unit');
    expect(s.point[0]).toBeCloseTo(121.001, 12);
    expect(s.point[1]).toBeCloseTo(30.5995, 12);
  });

  it('snaps to a road, and leaves the pointer alone beyond the tolerance', () => {
    const [x, y] = px([121.0015, 30.5995]);
    expect(snapPoint(index, [x + 3, y], { ...view }).source).toBe('road');
    expect(snapPoint(index, [x + 3, y], { ...view, sources: ['unit'] }).kind).toBe('none');
    const far = snapPoint(index, [x + 30, y], { ...view, tolerancePx: 10 });
    expect(far.kind).toBe('none');
    expect(far.point[0]).toBeCloseTo(121.0015 + 30 / SCALE, 12);
  });

  it('never snaps a dragged vertex to itself or to its own edges', () => {
    const v: LonLat = [121.001, 30.6];
    const [x, y] = px(v);
    const s = snapPoint(index, [x + 2, y + 2], { ...view, skip: v });
    expect(s.kind).toBe('none');
  });
});
