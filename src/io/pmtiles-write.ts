/**
 * A PMTiles v3 archive writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): the `pmtiles`
 * library reads archives (the browser's basemap, the tests) but does not write them. Clustered (tile data in
 * tile-id order), equal tiles stored once, runs of equal tiles as one entry, gzipped directories and metadata, leaf
 * directories when the root would pass the spec's 16 KiB. Pure: bytes in, bytes out.
 */
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';

const HEADER_BYTES = 127;
/** The header and the root directory must fit in the archive's first 16 KiB (spec). */
const ROOT_LIMIT = 16_384 - HEADER_BYTES;
const TILE_TYPES = { mvt: 1, png: 2, jpeg: 3, webp: 4 } as const;

export interface PmtilesOptions {
  /** JSON metadata (e.g. `vector_layers`). */
  metadata: object;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north], degrees. */
  bounds: readonly number[];
  tileType: keyof typeof TILE_TYPES;
  /** Tiles are gzipped by the caller (true, the default) or stored as they are. */
  gzippedTiles?: boolean;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function writeVarint(out: number[], n: number): void {
  // Up to 2^53: no bitwise operators past 32 bits.
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** A directory as the spec lays it out: count, then tile-id deltas, run lengths, lengths and offsets, gzipped. */
function serializeDirectory(entries: Entry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    writeVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return gzipSync(Uint8Array.from(out), { mtime: 0 });
}

/** The root directory and the leaf directories (none when every entry fits in the root). */
function directories(entries: Entry[]): { root: Uint8Array; leaves: Uint8Array } {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_LIMIT) return { root, leaves: new Uint8Array(0) };
  for (let size = 4096; ; size *= 2) {
    const leafParts: Uint8Array[] = [];
    const rootEntries: Entry[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += size) {
      const leaf = serializeDirectory(entries.slice(i, i + size));
      rootEntries.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
      leafParts.push(leaf);
      offset += leaf.length;
    }
    const r = serializeDirectory(rootEntries);
    if (r.length <= ROOT_LIMIT) return { root: r, leaves: concat(leafParts) };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}


/**
 * The archive of `tiles` (tile id, as pmtiles' zxyToTileId → bytes as stored).
 * @example pmtilesArchive(new Map([[0, gzippedMvt]]), { metadata: {}, minZoom: 0, maxZoom: 0, bounds: [0, 0, 1, 1], tileType: 'mvt' })
 */
export function pmtilesArchive(tiles: ReadonlyMap<number, Uint8Array>, o: PmtilesOptions): Uint8Array {
  const ids = [...tiles.keys()].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  const seen = new Map<string, { offset: number; length: number }>();
  const entries: Entry[] = [];
  let dataLength = 0;
  for (const id of ids) {
    const bytes = tiles.get(id)!;
    const key = strFromU8(bytes, true);
    let at = seen.get(key);
    if (!at) {
      at = { offset: dataLength, length: bytes.length };
      seen.set(key, at);
      parts.push(bytes);
      dataLength += bytes.length;
    }
    const prev = entries[entries.length - 1];
    if (prev && prev.offset === at.offset && prev.tileId + prev.runLength === id) prev.runLength++;
    else entries.push({ tileId: id, offset: at.offset, length: at.length, runLength: 1 });
  }
  const metadata = gzipSync(strToU8(JSON.stringify(o.metadata)), { mtime: 0 });
  const { root, leaves } = directories(entries);
  const header = new DataView(new ArrayBuffer(HEADER_BYTES));
  const magic = 'PMTiles';
  for (let i = 0; i < magic.length; i++) header.setUint8(i, magic.charCodeAt(i));
  header.setUint8(7, 3);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset + leaves.length;
  const u64 = (at: number, v: number) => header.setBigUint64(at, BigInt(v), true);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leavesOffset);
  u64(48, leaves.length);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, ids.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, parts.length); // tile contents
  header.setUint8(96, 1); // clustered
  header.setUint8(97, 2); // internal compression: gzip
  header.setUint8(98, o.gzippedTiles === false ? 1 : 2); // tile compression: none or gzip
  header.setUint8(99, TILE_TYPES[o.tileType]);
  header.setUint8(100, o.minZoom);
  header.setUint8(101, o.maxZoom);
  const e7 = (v: number) => Math.round(v * 1e7);
  const [w, s, e, n] = o.bounds;
  header.setInt32(102, e7(w), true);
  header.setInt32(106, e7(s), true);
  header.setInt32(110, e7(e), true);
  header.setInt32(114, e7(n), true);
  header.setUint8(118, Math.min(o.maxZoom, Math.max(o.minZoom, 12)));
  header.setInt32(119, e7((w + e) / 2), true);
  header.setInt32(123, e7((s + n) / 2), true);
  return concat([new Uint8Array(header.buffer), root, metadata, leaves, ...parts]);
}

/** An archive's JSON metadata; throws when the bytes are not a PMTiles v3 archive. */
export function pmtilesMetadata(archive: Uint8Array): unknown {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  if (archive.length < HEADER_BYTES || strFromU8(archive.subarray(0, 7)) !== 'PMTiles' || view.getUint8(7) !== 3) {
    throw new Error('not a PMTiles v3 archive');
  }
  const offset = Number(view.getBigUint64(24, true));
  const length = Number(view.getBigUint64(32, true));
  if (offset + length > archive.length) throw new Error('its metadata runs past the end of the file');
  const raw = archive.subarray(offset, offset + length);
  return JSON.parse(strFromU8(view.getUint8(97) === 2 ? gunzipSync(raw) : raw));
}
