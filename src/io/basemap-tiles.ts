/**
 * The base map cut into vector tiles ahead of time (issue 14): basemap.geojson → basemap.pmtiles, one PMTiles v3
 * archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) of Mapbox Vector Tiles with one layer,
 * `basemap`, and the GeoJSON's properties. The browser then fetches only the tiles in view (HTTP range requests)
 * instead of the whole GeoJSON, which MapLibre otherwise parses, sends to its worker and cuts on every page load
 * (a county's 34 MB: ~7 s of its worker and 2 s of the page on this machine).
 *
 * The tiles are cut by MapLibre's own cutter and encoder (@maplibre/geojson-vt, @maplibre/vt-pbf) with the
 * settings MapLibre uses for the GeoJSON source (extent 4096, tolerance 0.375 px, buffer 64/512 of a tile), so
 * they are the tiles the GeoJSON source would make; zoom 0–15, over-zoomed beyond (0.3 m per unit at 15).
 * Buildings, drawn from zoom 14 only, go into tiles from zoom 14 only. The reader is the `pmtiles` library.
 *
 * The archive's metadata says which basemap.geojson it was cut from (SHA-256 of its bytes), so `validate` can say
 * when the two no longer match. Pure: no file system (the CLI writes the bytes).
 */
import { GeoJSONVT, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { gzipSync } from 'fflate';
import turfBbox from '@turf/bbox';
import { zxyToTileId } from 'pmtiles';
import { pmtilesArchive, pmtilesMetadata } from './pmtiles-write';
import { sha256Hex } from './plan/fingerprint';
import type { FeatureCollection } from 'geojson';
import { BASEMAP_TILE_LAYER } from '../domain/types';

export const BASEMAP_TILES_MAX_ZOOM = 15;
/** Buildings are drawn from this zoom (overview-layers' `basemap-buildings`) and are in the tiles from it. */
export const BUILDINGS_MIN_ZOOM = 14;
const EXTENT = 4096;
/** MapLibre's GeoJSON source: tolerance 0.375 and buffer in 1/512 of a tile, scaled to the extent. */
const SCALE = EXTENT / 512;
const CUT = { extent: EXTENT, tolerance: 0.375 * SCALE, buffer: 64 * SCALE, maxZoom: BASEMAP_TILES_MAX_ZOOM, indexMaxZoom: 5 };

export interface BasemapTilesMeta {
  /** The file the tiles were cut from and the SHA-256 (hex) of its bytes. */
  source: string;
  sha256: string;
  /** How many tiles, and their bytes (gzipped), in all. */
  tiles: number;
  bytes: number;
}

/** Tile x or y of a longitude or latitude at zoom z (Web Mercator), clamped to the world. */
function tileX(lon: number, z: number): number {
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** z)));
}
function tileY(lat: number, z: number): number {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return Math.min(2 ** z - 1, Math.max(0, Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z)));
}

/**
 * Every tile with features from zoom `from` to the cut's maxZoom, over the data's box. Not only under non-empty
 * parents: at low zooms a small area's features are all below the tolerance, yet its tiles at 14 are full.
 */
function* cutTiles(index: GeoJSONVT, box: number[], from = 0): Generator<[number, number, number, GeoJSONVTTile]> {
  for (let z = from; z <= CUT.maxZoom; z++) {
    for (let x = tileX(box[0], z); x <= tileX(box[2], z); x++) {
      for (let y = tileY(box[3], z); y <= tileY(box[1], z); y++) {
        const tile = index.getTile(z, x, y);
        if (tile?.features.length) yield [z, x, y, tile];
      }
    }
  }
}

/**
 * Cuts a base map into a PMTiles archive. `sourceBytes`: basemap.geojson's bytes as stored (their SHA-256 goes into
 * the metadata); `basemap`: the parsed collection (the caller has checked it).
 */
export async function basemapTiles(sourceBytes: Uint8Array, basemap: FeatureCollection): Promise<{ bytes: Uint8Array; meta: BasemapTilesMeta }> {
  const isBuilding = (f: FeatureCollection['features'][number]) => f.properties?.kind === 'building';
  const ground = new GeoJSONVT({ ...basemap, features: basemap.features.filter((f) => !isBuilding(f)) }, CUT);
  const buildings = new GeoJSONVT({ ...basemap, features: basemap.features.filter(isBuilding) }, CUT);
  const box = turfBbox(basemap);
  // Tiles by id: the ground's from zoom 0, the buildings' added from BUILDINGS_MIN_ZOOM.
  const byId = new Map<number, GeoJSONVTTile['features']>();
  for (const [z, x, y, tile] of cutTiles(ground, box)) byId.set(zxyToTileId(z, x, y), tile.features);
  for (const [z, x, y, tile] of cutTiles(buildings, box, BUILDINGS_MIN_ZOOM)) {
    const id = zxyToTileId(z, x, y);
    byId.set(id, [...(byId.get(id) ?? []), ...tile.features]);
  }
  const tiles = new Map<number, Uint8Array>();
  for (const [id, features] of byId) {
    const pbf = fromGeojsonVt({ [BASEMAP_TILE_LAYER]: { features } as GeoJSONVTTile }, { version: 2, extent: EXTENT });
    tiles.set(id, gzipSync(pbf, { mtime: 0 }));
  }
  const sha256 = await sha256Hex(sourceBytes);
  const bytesOfTiles = [...tiles.values()].reduce((n, t) => n + t.length, 0);
  const meta: BasemapTilesMeta = { source: 'basemap.geojson', sha256, tiles: tiles.size, bytes: bytesOfTiles };
  const fields = { kind: 'String', class: 'String', name: 'String' };
  const metadata = { name: 'GridSight basemap', format: 'pbf', vector_layers: [{ id: BASEMAP_TILE_LAYER, fields, minzoom: 0, maxzoom: CUT.maxZoom }], gridsight: meta };
  const bytes = pmtilesArchive(tiles, { metadata, minZoom: 0, maxZoom: CUT.maxZoom, bounds: box, tileType: 'mvt' });
  return { bytes, meta };
}

/** The `gridsight` part of an archive's metadata (null when it has none); throws when it is not an archive. */
export function basemapTilesMeta(archive: Uint8Array): BasemapTilesMeta | null {
  const meta = (pmtilesMetadata(archive) as { gridsight?: BasemapTilesMeta } | null)?.gridsight;
  return meta ?? null;
}
