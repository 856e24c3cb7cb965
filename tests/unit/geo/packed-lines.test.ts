import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import { packLineStrings, packedPositions } from '../../../src/geo/packed-lines';
import { corridorAreaShare, patrolGeometry, visitedEnterprises } from '../../../src/geo/patrol-coverage';

type Props = { id: string; startedAt: string };
const line = (id: string, coordinates: number[][]): Feature<LineString, Props> => ({
  type: 'Feature',
  properties: { id, startedAt: '2026-11-02T09:00:00+08:00' },
  geometry: { type: 'LineString', coordinates },
});
const tracks: FeatureCollection<LineString, Props> = {
  type: 'FeatureCollection',
  features: [
    line('a', [
      [120.9, 30.5],
      [120.901, 30.5004],
      [120.9023, 30.5011],
    ]),
    line('dot', [[120.9005, 30.5006]]),
    line('z', [
      [120.9, 30.5, 4.5],
      [120.901, 30.501, 5],
    ]),
    line('b', [
      [120.8991, 30.4992],
      [120.9032, 30.5031],
    ]),
  ],
};

describe('packLineStrings', () => {
  it('reads back every position exactly, through property access, JSON and structured clone', () => {
    const packed = packLineStrings(tracks);
    expect(packed.features.map((f) => f.geometry.coordinates)).toEqual(tracks.features.map((f) => f.geometry.coordinates));
    expect(JSON.parse(JSON.stringify(packed))).toEqual(tracks);
    expect(structuredClone(packed)).toEqual(tracks);
    expect(packed.features.map((f) => f.properties)).toEqual(tracks.features.map((f) => f.properties));
    // The input is left as it was.
    expect(packedPositions(tracks.features[0].geometry)).toBeNull();
  });

  it('packs [lon, lat] lines into one shared array and leaves a line with altitudes as it was', () => {
    const packed = packLineStrings(tracks);
    const [a, dot, z, b] = packed.features.map((f) => f.geometry);
    expect([...packedPositions(a)!]).toEqual([120.9, 30.5, 120.901, 30.5004, 120.9023, 30.5011]);
    expect([...packedPositions(dot)!]).toEqual([120.9005, 30.5006]);
    expect(packedPositions(b)!.buffer).toBe(packedPositions(a)!.buffer);
    expect(packedPositions(z)).toBeNull();
    expect(z).toBe(tracks.features[2].geometry);
  });

  it('gives patrol coverage the same figures as the unpacked tracks', () => {
    const grid: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [120.8995, 30.4995],
          [120.903, 30.4995],
          [120.903, 30.5025],
          [120.8995, 30.5025],
          [120.8995, 30.4995],
        ],
      ],
    };
    const packed = packLineStrings(tracks).features;
    expect(corridorAreaShare(grid, packed)).toEqual(corridorAreaShare(grid, tracks.features));
    expect(corridorAreaShare(grid, packed).coveredM2).toBeGreaterThan(0);
    const grids = [{ type: 'Feature' as const, properties: { code: 'g' }, geometry: grid }];
    const enterprises = [{ type: 'Feature' as const, properties: { id: 'e' }, geometry: { type: 'Point' as const, coordinates: [120.9005, 30.5007] } }];
    const a = patrolGeometry(grids, enterprises, packed);
    const b = patrolGeometry(grids, enterprises, tracks.features);
    expect(a.area).toEqual(b.area);
    expect([...a.visited]).toEqual(['e']);
    expect(visitedEnterprises(packed, enterprises)).toEqual(visitedEnterprises(tracks.features, enterprises));
    // All packed (read straight from the shared array), a one-point track among them.
    const flat = packed.filter((f) => packedPositions(f.geometry));
    const plain = tracks.features.filter((f) => f.properties.id !== 'z');
    expect(flat.map((f) => f.properties.id)).toEqual(['a', 'dot', 'b']);
    expect(corridorAreaShare(grid, flat)).toEqual(corridorAreaShare(grid, plain));
    expect(corridorAreaShare(grid, flat.slice(1, 2)).coveredM2).toBeGreaterThan(0);
    expect(corridorAreaShare(grid, flat.slice(1, 2))).toEqual(corridorAreaShare(grid, plain.slice(1, 2)));
    expect(patrolGeometry(grids, enterprises, flat).area).toEqual(patrolGeometry(grids, enterprises, plain).area);
  });
});
