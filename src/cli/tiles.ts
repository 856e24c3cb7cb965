/**
 * `tiles DIR` (issue 14): cuts DIR/basemap.geojson into vector tiles, DIR/basemap.pmtiles (io/basemap-tiles), and
 * lists it in dataset.json, so the maps fetch the tiles in view instead of the whole GeoJSON. basemap.geojson stays:
 * it is the contract's form, what the planner snaps to, and what the tiles are checked against (their metadata holds
 * its SHA-256). Nothing is written until the tiles are cut; the files are replaced whole (write, then rename).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BasemapFC } from '../domain/types';
import { BASEMAP_TILES_MAX_ZOOM, basemapTiles, basemapTilesMeta } from '../io/basemap-tiles';
import { sha256Hex } from '../io/plan/fingerprint';
import { parseManifest } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { parseFeatureCollection } from '../io/schema';
import { folderEntries, folderManifest, insideFile, listInManifest, replaceFile } from './pack';

const TILES = 'basemap.pmtiles';

export interface TilesResult {
  file: string;
  tiles: number;
  bytes: number;
  maxZoom: number;
  /** SHA-256 of the basemap.geojson the tiles were cut from. */
  sha256: string;
  /** Whether dataset.json lists it now (false: the folder has no dataset.json). */
  listed: boolean;
  ms: number;
}

/**
 * @example await runTiles('data/generated/county') // { file: '…/basemap.pmtiles', tiles: 693, bytes: 8103259, … }
 */
export async function runTiles(dir: string): Promise<TilesResult> {
  const t0 = performance.now();
  const root = resolve(dir);
  const entries = await folderEntries(root);
  if (!entries.includes('basemap.geojson')) throw new DatasetError(root, 'has no basemap.geojson to cut into tiles');
  const manifest = await folderManifest(root, entries);
  const bytes = new Uint8Array(await readFile((await insideFile(root, 'basemap.geojson')).path));
  const basemap = parseFeatureCollection('basemap.geojson', new TextDecoder().decode(bytes)) as BasemapFC;
  const { bytes: archive, meta } = await basemapTiles(bytes, basemap);
  const file = join(root, TILES);
  await replaceFile(file, archive);
  if (manifest) await listInManifest(root, manifest, TILES);
  return {
    file,
    tiles: meta.tiles,
    bytes: archive.length,
    maxZoom: BASEMAP_TILES_MAX_ZOOM,
    sha256: meta.sha256,
    listed: manifest !== null,
    ms: Math.round(performance.now() - t0),
  };
}

/**
 * What is wrong with a dataset folder's basemap.pmtiles, in one line, or null: listed but missing or unreadable, not
 * an archive, or cut from another basemap.geojson than the folder's (the maps would draw an old base map). `validate`
 * prints it as a warning.
 * @example await basemapTilesProblem('data/generated/county') // null
 */
export async function basemapTilesProblem(dir: string): Promise<string | null> {
  const root = resolve(dir);
  let manifest;
  try {
    manifest = parseManifest(await readFile((await insideFile(root, 'dataset.json')).path, 'utf8'));
  } catch {
    return null; // no dataset.json, or not one: nothing lists the tiles (validate reports the folder itself)
  }
  if (!manifest.files.includes(TILES)) return null;
  let archive: Uint8Array;
  try {
    archive = new Uint8Array(await readFile((await insideFile(root, TILES)).path));
  } catch (e) {
    return `${TILES}: listed in dataset.json but ${(e as Error).message.replace(/^[^:]*: /, '')}`;
  }
  let meta;
  try {
    meta = basemapTilesMeta(archive);
  } catch (e) {
    return `${TILES}: ${(e as Error).message}; run "gridsight tiles ${dir}" again`;
  }
  if (!meta) return `${TILES}: says nothing of the basemap.geojson it was cut from; run "gridsight tiles ${dir}" again`;
  if (!manifest.files.includes('basemap.geojson')) return null;
  const now = await sha256Hex(new Uint8Array(await readFile((await insideFile(root, 'basemap.geojson')).path)));
  return now === meta.sha256
    ? null
    : `${TILES}: was cut from another basemap.geojson (SHA-256 ${meta.sha256.slice(0, 12)}…, the folder's is ${now.slice(0, 12)}…): the maps draw the old base map; run "gridsight tiles ${dir}" again`;
}
