/**
 * The base map cut into vector tiles (io/basemap-tiles), read back as the browser reads it (the `pmtiles` library,
 * then @mapbox/vector-tile as MapLibre decodes a tile): every kind of feature is in the tile over it at zoom 15 with
 * its properties and its vertex where the GeoJSON has it; buildings only from zoom 14; the header's box is the data's;
 * the metadata names the source file's SHA-256.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import turfBbox from '@turf/bbox';
import type { BasemapFC } from '../../../src/domain/types';
import { BUILDINGS_MIN_ZOOM, basemapTiles, basemapTilesMeta } from '../../../src/io/basemap-tiles';

const file = readFileSync('data/zhihuiwan/basemap.geojson');
const basemap = JSON.parse(file.toString('utf8')) as BasemapFC;

function source(bytes: Uint8Array): Source {
  return { getKey: () => 'memory', getBytes: async (o: number, l: number): Promise<RangeResponse> => ({ data: bytes.slice(o, o + l).buffer }) };
}

/** Tile x, y and the position inside it (0…4096) of a point at zoom z, as Web Mercator puts it. */
function tileOf([lon, lat]: number[], z: number): { x: number; y: number; px: number; py: number } {
  const n = 2 ** z;
  const fx = ((lon + 180) / 360) * n;
  const s = Math.sin((lat * Math.PI) / 180);
  const fy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
  return { x: Math.floor(fx), y: Math.floor(fy), px: (fx - Math.floor(fx)) * 4096, py: (fy - Math.floor(fy)) * 4096 };
}

const firstVertex = (g: BasemapFC['features'][number]['geometry']): number[] =>
  g.type === 'Polygon' ? g.coordinates[0][0] : g.type === 'LineString' ? g.coordinates[0] : g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : (g as { coordinates: number[] }).coordinates;

describe('basemapTiles', async () => {
  const { bytes, meta } = await basemapTiles(new Uint8Array(file), basemap);
  const archive = new PMTiles(source(bytes));

  async function layerAt(z: number, x: number, y: number) {
    const tile = await archive.getZxy(z, x, y);
    return tile ? new VectorTile(new PbfReader(new Uint8Array(tile.data))).layers.basemap : undefined;
  }

  it('is the same bytes every time (a new cut of an unchanged base map changes nothing to serve)', async () => {
    expect((await basemapTiles(new Uint8Array(file), basemap)).bytes).toEqual(bytes);
  });

  it('names its source and covers the data', async () => {
    expect(meta.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(basemapTilesMeta(bytes)).toEqual(meta);
    expect(meta.tiles).toBeGreaterThan(10);
    const h = await archive.getHeader();
    const [w, s, e, n] = turfBbox(basemap);
    expect([h.minLon, h.minLat, h.maxLon, h.maxLat].map((v, i) => Math.abs(v - [w, s, e, n][i]))).toEqual([0, 0, 0, 0].map(() => expect.closeTo(0, 6)));
    expect([h.minZoom, h.maxZoom, h.tileType]).toEqual([0, 15, 1]);
  });

  it('puts every kind of feature in its zoom-15 tile with its properties and vertex', async () => {
    const kinds = [...new Set(basemap.features.map((f) => f.properties.kind))];
    expect(kinds.sort()).toEqual(['building', 'landuse', 'river', 'road', 'water']);
    for (const kind of kinds) {
      // A few of each kind, spread through the file.
      const features = basemap.features.filter((f) => f.properties.kind === kind);
      for (const f of [features[0], features[Math.floor(features.length / 2)], features[features.length - 1]]) {
        const v = firstVertex(f.geometry);
        const t = tileOf(v, 15);
        const layer = await layerAt(15, t.x, t.y);
        expect(layer, `${kind} at ${v}`).toBeDefined();
        const same = Array.from({ length: layer!.length }, (_, i) => layer!.feature(i)).filter(
          (g) => g.properties.kind === f.properties.kind && g.properties.class === f.properties.class && g.properties.name === f.properties.name,
        );
        expect(same.length, `${kind} ${f.properties.name ?? ''} at ${v}`).toBeGreaterThan(0);
        // The vertex is in one of them, within a unit and a half of the extent (0.5 m at zoom 15).
        const near = same.some((g) => g.loadGeometry().some((ring) => ring.some((p) => Math.hypot(p.x - t.px, p.y - t.py) <= 1.5)));
        expect(near, `${kind} vertex ${v}`).toBe(true);
      }
    }
  });

  it('has buildings from zoom 14 only', async () => {
    const building = basemap.features.find((f) => f.properties.kind === 'building')!;
    const v = firstVertex(building.geometry);
    const kindsAt = async (z: number) => {
      const t = tileOf(v, z);
      const layer = await layerAt(z, t.x, t.y);
      return new Set(Array.from({ length: layer?.length ?? 0 }, (_, i) => layer!.feature(i).properties.kind));
    };
    expect((await kindsAt(BUILDINGS_MIN_ZOOM - 1)).has('building')).toBe(false);
    expect((await kindsAt(BUILDINGS_MIN_ZOOM - 1)).size).toBeGreaterThan(0);
    expect((await kindsAt(BUILDINGS_MIN_ZOOM)).has('building')).toBe(true);
  });
});
