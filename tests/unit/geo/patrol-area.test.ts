/**
 * Stored patrol area figures (patrol-area.json, issue 14): `stats` with them equals `stats` without them, month by
 * month; they are used only while their key matches, and the key changes with every input the figures rest on.
 */
import type { Feature, LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { datasetStats, patrolAreaFile } from '../../../src/geo/dataset-stats';
import { patrolAreaKey, storedPatrolArea, trackMonths } from '../../../src/geo/patrol-area';
import { packLineStrings } from '../../../src/geo/packed-lines';
import { activeFeatures } from '../../../src/domain/lineage';
import { tracksInMonth } from '../../../src/domain/month-stats';
import { datasetAsOf } from '../../../src/domain/stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { parsePatrolArea } from '../../../src/io/patrol-area';
import type { Dataset, GridFC, PatrolAreaFile } from '../../../src/domain/types';

const NOW = Date.parse('2026-12-01T00:00:00+08:00');
/** New objects everywhere: datasetStats' memo cannot answer for a copy. */
const fresh = (d: Dataset): Dataset => structuredClone(d);
const patrolOf = (s: ReturnType<typeof datasetStats>) => ({
  totals: s.totals.patrol,
  grids: s.grids.map((g) => [g.code, g.patrol]),
});

describe('patrol-area.json', async () => {
  const ds = await loadDataset(folderSource('data/zhihuiwan'), {
    skip: ['basemap.geojson', 'incidents.geojson'],
  });
  const asOf = datasetAsOf(ds, NOW);
  const grids = activeFeatures(ds.grids!.features, asOf);
  const tracks = ds.patrols!.features;
  // Written and read back as the file is: every figure goes through JSON.
  const file = parsePatrolArea(JSON.stringify(patrolAreaFile(ds, { now: NOW, months: trackMonths(tracks) })));

  it('holds the month of asOf and the one before by default, or the months asked for that have tracks', () => {
    expect(ds.community!.features[0].properties.asOf).toMatch(/^2026-11-/);
    expect(patrolAreaFile(ds, { now: NOW }).months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    expect(
      patrolAreaFile(ds, { now: NOW, months: ['2019-01', '2026-01'] }).months.map((m) => m.month),
    ).toEqual(['2026-01']);
  });

  it('gives stats equal to stats without it, month by month', () => {
    const months = trackMonths(tracks);
    expect(months).toHaveLength(12);
    expect(file.months.map((m) => m.month)).toEqual(months);
    for (const month of months) {
      const without = datasetStats(fresh(ds), { now: NOW, month });
      const withFile = datasetStats({ ...fresh(ds), patrolArea: file }, { now: NOW, month });
      expect(withFile, month).toEqual(without);
    }
  });

  it('is what stats reads when the key matches (changed figures show), and is ignored when the grids differ', () => {
    const month = file.months.at(-1)!.month;
    const code = grids[0].properties.code;
    const doctored: PatrolAreaFile = structuredClone(file);
    const entry = doctored.months.at(-1)!;
    entry.grids[code] = [entry.grids[code][1] / 4, entry.grids[code][1]];
    const read = datasetStats({ ...fresh(ds), patrolArea: doctored }, { now: NOW, month });
    expect(read.grids.find((g) => g.code === code)!.patrol.areaCoverage).toBe(0.25);

    // One vertex of one grid moved by 1e-9° (0.1 mm): another key, so the doctored figures are not used.
    const moved = fresh(ds);
    const g = moved.grids!.features.find((f) => f.properties.code === code)!;
    const ring = g.geometry!.type === 'Polygon' ? g.geometry!.coordinates[0] : g.geometry!.coordinates[0][0];
    ring[1][0] += 1e-9;
    const ignored = datasetStats({ ...moved, patrolArea: doctored }, { now: NOW, month });
    expect(patrolOf(ignored)).toEqual(patrolOf(datasetStats(moved, { now: NOW, month })));
    expect(ignored.grids.find((x) => x.code === code)!.patrol.areaCoverage).not.toBe(0.25);
  });

  it('keys every input: grids, their codes, the tracks, radius and row height; packed or not, the same key', () => {
    const month = trackMonths(tracks).at(-1)!;
    const inMonth = tracksInMonth(tracks, month);
    const key = patrolAreaKey(grids, inMonth, 50, 1);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    // Packed tracks (as loaded) and plain ones (as written) give the same key.
    const plain = inMonth.map((t) =>
      structuredClone({
        ...t,
        geometry: { type: 'LineString', coordinates: t.geometry.coordinates } as LineString,
      }),
    );
    expect(patrolAreaKey(grids, plain, 50, 1)).toBe(key);
    const repacked = packLineStrings({ type: 'FeatureCollection', features: plain }).features;
    expect(patrolAreaKey(grids, repacked, 50, 1)).toBe(key);

    const renamed = grids.map((g, i) =>
      i === 0 ? { ...g, properties: { ...g.properties, code: `${g.properties.code}x` } } : g,
    );
    const moved = (t: Feature<LineString, { startedAt: string }>, dx: number) => ({
      ...t,
      geometry: {
        type: 'LineString' as const,
        coordinates: t.geometry.coordinates.map(([x, y]) => [x + dx, y]),
      },
    });
    const others = [
      patrolAreaKey(grids, inMonth, 30, 1),
      patrolAreaKey(grids, inMonth, 50, 0.5),
      patrolAreaKey(renamed, inMonth, 50, 1),
      patrolAreaKey(grids.slice(1), inMonth, 50, 1),
      patrolAreaKey(grids, inMonth.slice(1), 50, 1),
      patrolAreaKey(grids, [...inMonth.slice(1), inMonth[0]], 50, 1),
      patrolAreaKey(
        grids,
        inMonth.map((t, i) => (i === 3 ? moved(t, 1e-9) : t)),
        50,
        1,
      ),
      patrolAreaKey(grids, [], 50, 1),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });

  it('answers null for another month, radius or row height, or a grid it has no figures for', () => {
    const month = file.months[0].month;
    const inMonth = tracksInMonth(tracks, month);
    expect(storedPatrolArea(file, { month, radius: 50, cell: 1 }, grids, inMonth)?.size).toBe(grids.length);
    expect(storedPatrolArea(file, { month: '2019-01', radius: 50, cell: 1 }, grids, inMonth)).toBeNull();
    expect(storedPatrolArea(file, { month, radius: 40, cell: 1 }, grids, inMonth)).toBeNull();
    expect(storedPatrolArea(file, { month, radius: 50, cell: 2 }, grids, inMonth)).toBeNull();
    expect(storedPatrolArea(undefined, { month, radius: 50, cell: 1 }, grids, inMonth)).toBeNull();
    const missing: PatrolAreaFile = structuredClone(file);
    delete missing.months[0].grids[grids[2].properties.code];
    expect(storedPatrolArea(missing, { month, radius: 50, cell: 1 }, grids, inMonth)).toBeNull();
  });

  it('keeps a grid coded "__proto__" as any other: written, read back and used', () => {
    const odd = fresh(ds);
    odd.grids!.features[0].properties.code = '__proto__';
    const stored = parsePatrolArea(JSON.stringify(patrolAreaFile(odd, { now: NOW })));
    const month = stored.months[0].month;
    expect(Object.hasOwn(stored.months[0].grids, '__proto__')).toBe(true);
    const oddGrids = activeFeatures(odd.grids!.features, asOf);
    expect(
      storedPatrolArea(
        stored,
        { month, radius: 50, cell: 1 },
        oddGrids,
        tracksInMonth(odd.patrols!.features, month),
      )?.has('__proto__'),
    ).toBe(true);
  });

  it('gives a grid without geometry the figures stats computes for it ("—")', () => {
    const broken = fresh(ds);
    const code = broken.grids!.features[1].properties.code;
    (broken.grids as GridFC).features[1] = { ...broken.grids!.features[1], geometry: null as never };
    const stored = parsePatrolArea(JSON.stringify(patrolAreaFile(broken, { now: NOW })));
    expect(stored.months[0].grids[code]).toEqual([0, 0]);
    const month = stored.months[0].month;
    const s = datasetStats({ ...broken, patrolArea: stored }, { now: NOW, month });
    expect(s).toEqual(datasetStats(fresh(broken), { now: NOW, month }));
    expect(s.grids.find((g) => g.code === code)!.patrol.areaCoverage).toBeNull();
  });
});
