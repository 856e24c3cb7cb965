/**
 * The base map's tiles against GEOS, on the shapes real boundary files have (tests/fixtures/validity: holes touching
 * shells, islands in holes, parts meeting at a vertex, a 2,000-vertex boundary, a quantised staircase): every valid
 * polygon of the corpus, cut as `landuse` by io/basemap-tiles and read back as MapLibre reads a tile
 * (@mapbox/vector-tile), has at zoom 15 and 13 the area GEOS gives the source polygon, within the bound the tiles
 * allow: each vertex snaps to the tile's grid (half a unit) and geojson-vt simplifies by up to 3 units, so the area
 * moves by at most the perimeter times 3.5 units (measured: at most 6 % of that). A lost hole, a dropped part or a
 * piece counted twice across a tile border would each be far outside it (a tile reader that drops holes fails here).
 * Both sides are measured in Web Mercator metres, where tiles are cut; the tile side as a renderer fills it: each
 * tile's rings cut to the tile's square and signed by their winding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import turfBbox from '@turf/bbox';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Areal } from '../../../src/domain/types';
import { basemapTiles } from '../../../src/io/basemap-tiles';
import { geosArea, loadGeos, toGeos } from '../../reference/geos';

type Case = Feature<Polygon | MultiPolygon, { name: string; faults: string[] }>;
const corpus = JSON.parse(readFileSync('tests/fixtures/validity/corpus.geojson', 'utf8')) as {
  features: Case[];
};
// Valid polygons of county size (the province-wide one would be thousands of zoom-15 tiles).
const cases = corpus.features.filter(
  (f) => f.properties.faults.length === 0 && !f.properties.name.startsWith('province'),
);

const EXTENT = 4096;
/** Web Mercator's sphere (EPSG:3857), in which tiles are cut; both sides are measured in its metres. */
const R = 6_378_137;
const mercator = ([lon, lat]: Position): Position => [
  (R * lon * Math.PI) / 180,
  R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)),
];
const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z);
};

function source(bytes: Uint8Array): Source {
  return {
    getKey: () => 'memory',
    getBytes: async (o: number, l: number): Promise<RangeResponse> => ({
      data: bytes.slice(o, o + l).buffer,
    }),
  };
}

const rings = (g: Areal): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
const toMercator = (g: Areal): Areal =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(mercator)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(mercator))) };

/** Perimeter of every ring. */
function perimeter(g: Areal): number {
  let sum = 0;
  for (const r of rings(g))
    for (let i = 0; i + 1 < r.length; i++) sum += Math.hypot(r[i + 1][0] - r[i][0], r[i + 1][1] - r[i][1]);
  return sum;
}

type P = { x: number; y: number };
/** A ring cut to the tile's square [0, EXTENT]² (Sutherland–Hodgman: the square is convex, so each ring alone). */
function clipToTile(ring: P[]): P[] {
  const edges: [(p: P) => boolean, (a: P, b: P) => P][] = [
    [(p) => p.x >= 0, (a, b) => ({ x: 0, y: a.y + ((b.y - a.y) * (0 - a.x)) / (b.x - a.x) })],
    [(p) => p.x <= EXTENT, (a, b) => ({ x: EXTENT, y: a.y + ((b.y - a.y) * (EXTENT - a.x)) / (b.x - a.x) })],
    [(p) => p.y >= 0, (a, b) => ({ x: a.x + ((b.x - a.x) * (0 - a.y)) / (b.y - a.y), y: 0 })],
    [(p) => p.y <= EXTENT, (a, b) => ({ x: a.x + ((b.x - a.x) * (EXTENT - a.y)) / (b.y - a.y), y: EXTENT })],
  ];
  let out = ring;
  for (const [inside, cross] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const [a, b] = [input[i], input[(i + 1) % input.length]];
      if (inside(b)) {
        if (!inside(a)) out.push(cross(a, b));
        out.push(b);
      } else if (inside(a)) out.push(cross(a, b));
    }
  }
  return out;
}

/** Signed area in tile units² (the vector-tile spec's winding: shells positive, holes negative, y down). */
function signedArea(ring: P[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [a, b] = [ring[i], ring[(i + 1) % ring.length]];
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

describe('basemap tiles against GEOS, on real-world shapes', async () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
  const basemap = {
    type: 'FeatureCollection' as const,
    features: cases.map((f) => ({
      type: 'Feature' as const,
      geometry: f.geometry,
      properties: { kind: 'landuse', class: 'industrial', name: f.properties.name },
    })),
  };
  const { bytes } = await basemapTiles(new TextEncoder().encode(JSON.stringify(basemap)), basemap);
  const archive = new PMTiles(source(bytes));
  const geos = await loadGeos();

  /**
   * The area (Web Mercator m²) a renderer fills for `name` at zoom z: each tile's rings cut to the tile's own square
   * (a piece reaches into its neighbours by the tile buffer, which they hold too), signed as the spec winds them.
   */
  async function tiledArea(name: string, g: Areal, z: number): Promise<{ area: number; pieces: number }> {
    const [w, s, e, n] = turfBbox(g);
    const unit = (2 * Math.PI * R) / 2 ** z / EXTENT;
    let units = 0;
    let pieces = 0;
    for (let x = tileX(w, z); x <= tileX(e, z); x++) {
      for (let y = tileY(n, z); y <= tileY(s, z); y++) {
        const tile = await archive.getZxy(z, x, y);
        const layer = tile && new VectorTile(new PbfReader(new Uint8Array(tile.data))).layers.basemap;
        if (!layer) continue;
        for (let i = 0; i < layer.length; i++) {
          const f = layer.feature(i);
          if (f.properties.name !== name) continue;
          pieces++;
          for (const ring of f.loadGeometry()) units += signedArea(clipToTile(ring.slice(0, -1)));
        }
      }
    }
    return { area: units * unit * unit, pieces };
  }

  it.each([15, 13])("keeps every polygon's area at zoom %i within the bound of the tile grid", async (z) => {
    const unit = (2 * Math.PI * R) / 2 ** z / EXTENT;
    for (const f of cases) {
      const projected = toMercator(f.geometry);
      const p = toGeos(geos, projected);
      const expected = geosArea(geos, p);
      geos.GEOSGeom_destroy(p);
      const { area, pieces } = await tiledArea(f.properties.name, f.geometry, z);
      expect(pieces, f.properties.name).toBeGreaterThan(0);
      const bound = perimeter(projected) * 3.5 * unit;
      const what = `${f.properties.name} at zoom ${z}: ${area.toFixed(0)} m² from ${pieces} pieces, GEOS ${expected.toFixed(0)} m², bound ${bound.toFixed(0)} m²`;
      expect(Math.abs(area - expected), what).toBeLessThanOrEqual(bound);
    }
  });
});
