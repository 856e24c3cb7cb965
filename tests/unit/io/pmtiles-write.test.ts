/**
 * The PMTiles v3 writer (io/pmtiles-write), read back by the `pmtiles` library the browser uses: every tile's bytes,
 * equal tiles stored once, runs of equal tiles as one entry, the header's zooms, box and counts, leaf directories
 * once the root would pass 16 KiB, and the metadata.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { PMTiles, tileIdToZxy, zxyToTileId, type RangeResponse, type Source } from 'pmtiles';
import { pmtilesArchive, pmtilesMetadata } from '../../../src/io/pmtiles-write';

/** The archive's bytes as a pmtiles Source, counting the reads. */
function memory(bytes: Uint8Array): Source & { reads: number } {
  return {
    reads: 0,
    getKey: () => 'memory',
    async getBytes(offset: number, length: number): Promise<RangeResponse> {
      // The reader asks for the first 16 KiB whatever the file's length, as a server answers a range past the end.
      this.reads++;
      return { data: bytes.slice(offset, offset + length).buffer };
    },
  };
}

const text = (data: ArrayBuffer | undefined) => (data ? new TextDecoder().decode(data) : undefined);
const gz = (s: string) => gzipSync(new TextEncoder().encode(s), { mtime: 0 });

describe('pmtilesArchive', () => {
  it('writes tiles the pmtiles reader gives back, equal tiles once and runs as one entry', async () => {
    const tiles = new Map<number, Uint8Array>([
      [zxyToTileId(0, 0, 0), gz('world')],
      [zxyToTileId(3, 5, 2), gz('a')],
      [zxyToTileId(3, 5, 3), gz('a')],
      [zxyToTileId(3, 6, 3), gz('b')],
      [zxyToTileId(5, 20, 11), gz('world')],
    ]);
    // Consecutive ids with the same bytes: a run.
    const run = zxyToTileId(4, 0, 0);
    for (let k = 0; k < 5; k++) tiles.set(run + k, gz('run'));
    const bytes = pmtilesArchive(tiles, { metadata: { name: 'test', vector_layers: [] }, minZoom: 0, maxZoom: 5, bounds: [120.5, 30.25, 121.25, 30.75], tileType: 'mvt' });
    const p = new PMTiles(memory(bytes));
    const h = await p.getHeader();
    expect(h).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 5, minLon: 120.5, minLat: 30.25, maxLon: 121.25, maxLat: 30.75, centerLon: 120.875, centerLat: 30.5 });
    expect(h.numAddressedTiles).toBe(10);
    // 0/0/0 and 5/20/11 share bytes but are not consecutive: two entries; the run of 5 is one; 3/5/2 and 3/5/3 are
    // consecutive only if their ids are (Hilbert order), so count contents rather than entries there.
    expect(h.numTileContents).toBe(4);
    expect(h.numTileEntries).toBeLessThan(10);
    expect(text((await p.getZxy(0, 0, 0))?.data)).toBe('world');
    expect(text((await p.getZxy(5, 20, 11))?.data)).toBe('world');
    expect(text((await p.getZxy(3, 5, 2))?.data)).toBe('a');
    expect(text((await p.getZxy(3, 5, 3))?.data)).toBe('a');
    expect(text((await p.getZxy(3, 6, 3))?.data)).toBe('b');
    const byId = (id: number) => p.getZxy(...tileIdToZxy(id));
    for (let k = 0; k < 5; k++) expect(text((await byId(run + k))?.data)).toBe('run');
    expect(await p.getZxy(3, 0, 0)).toBeUndefined();
    expect(await byId(run + 5)).toBeUndefined();
    expect(await p.getMetadata()).toEqual({ name: 'test', vector_layers: [] });
    expect(pmtilesMetadata(bytes)).toEqual({ name: 'test', vector_layers: [] });
  });

  it('moves entries to leaf directories when the root would pass 16 KiB, and every tile is still found', async () => {
    // 60 000 different tiles at zoom 9 (stored as they are), of lengths that vary, every other tile id left out:
    // far more entries than a 16 KiB root holds, and directories that do not compress to nothing.
    const tiles = new Map<number, Uint8Array>();
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 60_000; i++) {
      const x = i % 512;
      const y = Math.floor(i / 512);
      tiles.set(zxyToTileId(9, x, y), new TextEncoder().encode(`tile ${x}/${y} ${'.'.repeat(Math.floor(random() * 300))}`));
    }
    const bytes = pmtilesArchive(tiles, { metadata: {}, minZoom: 9, maxZoom: 9, bounds: [0, 0, 1, 1], tileType: 'png', gzippedTiles: false });
    const view = new DataView(bytes.buffer);
    const rootLength = Number(view.getBigUint64(16, true));
    const leavesLength = Number(view.getBigUint64(48, true));
    expect(127 + rootLength).toBeLessThanOrEqual(16_384);
    expect(leavesLength).toBeGreaterThan(0);
    const p = new PMTiles(memory(bytes));
    for (const i of [0, 1, 511, 512, 29_999, 30_000, 45_678, 59_999]) {
      const x = i % 512;
      const y = Math.floor(i / 512);
      expect(text((await p.getZxy(9, x, y))?.data)).toBe(new TextDecoder().decode(tiles.get(zxyToTileId(9, x, y))));
    }
    expect(await p.getZxy(9, 200, 200)).toBeUndefined();
    expect((await p.getHeader()).numAddressedTiles).toBe(60_000);
  });

  it('says what is wrong with bytes that are not an archive', () => {
    expect(() => pmtilesMetadata(new TextEncoder().encode('{"type":"FeatureCollection"}'))).toThrow('not a PMTiles v3 archive');
    const bytes = pmtilesArchive(new Map([[0, gz('x')]]), { metadata: {}, minZoom: 0, maxZoom: 0, bounds: [0, 0, 1, 1], tileType: 'mvt' });
    expect(() => pmtilesMetadata(bytes.subarray(0, 140))).toThrow('past the end');
  });
});
