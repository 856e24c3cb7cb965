/**
 * The planner's snapping index of the draft's own borders, built from the coverage's de-duplicated vertices
 * (snapIndexOfUnits), is the very index snapIndex builds from the units' lines: same segments, same vertices, same
 * order, on the community's grids and micro-grids and on a hand case with a hole and a shared border.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Dataset } from '../../../../src/domain/types';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { coverageVertices } from '../../../../src/geo/snap/coverage-vertices';
import { linesOf, snapIndex, snapIndexOfUnits } from '../../../../src/geo/snap/snap-index';

type Unit = Feature<Polygon | MultiPolygon, { code: string }>;

function both(units: Unit[]) {
  const v = coverageVertices(units);
  const ours = snapIndexOfUnits(v.points, [...v.units.values()].flatMap((u) => u.rings));
  const theirs = snapIndex(units.flatMap((f) => linesOf(f.geometry, 'unit')));
  return { ours, theirs };
}

let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson', 'incidents.geojson', 'incidents.csv', 'patrols.geojson'] });
});

describe('snapIndexOfUnits', () => {
  it('equals snapIndex over the community’s grids and micro-grids', () => {
    const units = [...dataset.grids!.features, ...dataset.microGrids!.features] as Unit[];
    const { ours, theirs } = both(units);
    expect(ours.seg.length).toBeGreaterThan(1000);
    expect([...ours.seg]).toEqual([...theirs.seg]);
    expect([...ours.segSource]).toEqual([...theirs.segSource]);
    expect([...ours.pts]).toEqual([...theirs.pts]);
    expect([...ours.ptSource]).toEqual([...theirs.ptSource]);
    expect(ours.points?.search(121, 30, 121.2, 30.7).length).toBe(theirs.points?.search(121, 30, 121.2, 30.7).length);
  });

  it('equals it on two squares sharing a border, one with a hole', () => {
    const sq = (x: number, hole = false): Unit => ({
      type: 'Feature',
      properties: { code: `U${x}` },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]],
          ...(hole ? [[[x + 0.25, 0.25], [x + 0.25, 0.75], [x + 0.75, 0.75], [x + 0.25, 0.25]]] : []),
        ],
      },
    });
    const { ours, theirs } = both([sq(0, true), sq(1)]);
    expect([...ours.seg]).toEqual([...theirs.seg]);
    expect([...ours.pts]).toEqual([...theirs.pts]);
    expect(ours.pts.length / 2).toBe(4 + 3 + 2);
  });
});
