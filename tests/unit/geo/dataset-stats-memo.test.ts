/**
 * datasetStats keeps the month's patrol geometry of recent calls (the wall recomputes on every incident change):
 * the figures with the kept geometry equal a fresh computation, and any change to what the geometry rests on (the
 * grids, the enterprises, the tracks, asOf, the month, the radius) is computed again, never answered from the memo.
 */
import { describe, expect, it } from 'vitest';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import type { Dataset } from '../../../src/domain/types';

const NOW = Date.parse('2026-12-01T00:00:00+08:00');
/** A deep copy: new objects everywhere, so no memo entry can match. */
const fresh = (d: Dataset): Dataset => structuredClone(d);
const patrolOf = (s: ReturnType<typeof datasetStats>) => ({ totals: s.totals.patrol, grids: s.grids.map((g) => [g.code, g.patrol]) });

describe('datasetStats patrol geometry memo', async () => {
  const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });

  it('gives the same figures as a fresh computation when only incidents changed', () => {
    const first = datasetStats(ds, { now: NOW });
    const fewer = { ...ds, incidents: ds.incidents && { ...ds.incidents, features: ds.incidents.features.slice(10) } };
    const again = datasetStats(fewer, { now: NOW });
    expect(again).toEqual(datasetStats(fresh(fewer), { now: NOW }));
    expect(patrolOf(again)).toEqual(patrolOf(first));
  });

  it('computes again when the grids, enterprises, tracks, month or radius change', () => {
    datasetStats(ds, { now: NOW });
    // A grid moved 300 m east: its area coverage changes.
    const code = ds.grids!.features[0].properties.code;
    const shifted = {
      ...ds,
      grids: {
        ...ds.grids!,
        features: ds.grids!.features.map((f) =>
          f.properties.code !== code ? f : { ...f, geometry: JSON.parse(JSON.stringify(f.geometry), (k, v) => (Array.isArray(v) && typeof v[0] === 'number' ? [v[0] + 0.003, v[1]] : v)) },
        ),
      },
    } as Dataset;
    const fewerTracks = { ...ds, patrols: { ...ds.patrols!, features: ds.patrols!.features.filter((_, i) => i % 2 === 0) } } as Dataset;
    const fewerEnterprises = { ...ds, enterprises: { ...ds.enterprises!, features: ds.enterprises!.features.slice(50) } } as Dataset;
    const cases: [string, Dataset, { month?: string; radius?: number }][] = [
      ['grids', shifted, {}],
      ['tracks', fewerTracks, {}],
      ['enterprises', fewerEnterprises, {}],
      ['month', ds, { month: '2026-10' }],
      ['radius', ds, { radius: 30 }],
    ];
    const base = patrolOf(datasetStats(ds, { now: NOW }));
    for (const [what, d, o] of cases) {
      const got = datasetStats(d, { now: NOW, ...o });
      expect(patrolOf(got), what).toEqual(patrolOf(datasetStats(fresh(d), { now: NOW, ...o })));
      expect(patrolOf(got), what).not.toEqual(base);
    }
    // asOf moved to another month: the month's tracks differ.
    const later = {
      ...ds,
      community: { ...ds.community!, features: ds.community!.features.map((f) => ({ ...f, properties: { ...f.properties, asOf: '2026-10-15T12:00:00+08:00' } })) },
    } as Dataset;
    expect(patrolOf(datasetStats(later, { now: NOW }))).toEqual(patrolOf(datasetStats(fresh(later), { now: NOW })));
  });
});
