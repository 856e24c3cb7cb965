/**
 * incidents.bin (issue 14): the columns come back exactly as written, whatever they hold (NaN times, no titles or
 * empty ones, enterprise links or none, supervised flags, times with milliseconds, coordinates past seven decimals),
 * and a truncated, corrupt or hostile file is refused with a DatasetError that names the problem and where it is,
 * never a RangeError from reading past the bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { incidentTable, type IncidentTable } from '../../../src/domain/incident-table';
import type { IncidentFC } from '../../../src/domain/types';
import { DatasetError } from '../../../src/io/errors';
import {
  ENCODING,
  INCIDENTS_BIN_MAGIC,
  decodeIncidentTable,
  encodeIncidentTable,
  isIncidentsBin,
} from '../../../src/io/incidents-binary';
import { incidentColumnsFromCsv } from '../../../src/io/incidents-columns';
import { createRng } from '../../../src/domain/random';

const FIXTURE = 'tests/fixtures/issue-10-incident-columns';
const csvTable = (titles = true) => incidentColumnsFromCsv(readFileSync(`${FIXTURE}/incidents.csv`, 'utf8'), { titles });
const bundled = () => incidentTable((JSON.parse(readFileSync('data/zhihuiwan/incidents.geojson', 'utf8')) as IncidentFC).features);

/** The message of what `f` throws (its class name first), or '' when it does not throw. */
function thrown(f: () => unknown): string {
  try {
    f();
    return '';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** The directory entry of column `name` in `bytes`: where the entry is, and the block it points at. */
function entry(bytes: Uint8Array, name: string) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(16, true);
  for (let k = 0; k < count; k++) {
    const pos = 32 + 32 * k;
    const text = new TextDecoder().decode(bytes.subarray(pos, pos + 16)).replace(/\0+$/, '');
    if (text === name) return { pos, encoding: bytes[pos + 16], offset: view.getUint32(pos + 20, true), length: view.getUint32(pos + 24, true), view };
  }
  throw new Error(`no column ${name}`);
}

/** A copy of `bytes` changed by `edit`. */
function edited(bytes: Uint8Array, edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const b = bytes.slice();
  edit(b, new DataView(b.buffer));
  return b;
}

describe('incidents.bin round trip', () => {
  it('gives back incidents.csv\'s table column for column: NaN times, missing titles, supervised flags, computed deadlines', () => {
    const table = csvTable();
    const bytes = encodeIncidentTable(table);
    expect(isIncidentsBin(bytes)).toBe(true);
    const back = decodeIncidentTable(bytes);
    expect(back).toEqual(table);
    // What the fixture holds, so the equality above is about something.
    expect(table.title!.filter((t) => t === '').length).toBeGreaterThan(0);
    expect(table.title).toContain('仓库"A", 消防通道堵塞');
    expect([...table.supervised]).toContain(1);
    expect([...table.closed].some(Number.isNaN)).toBe(true);
    // Read without titles: the table a loader without incidentTitles gives.
    expect(decodeIncidentTable(bytes, { titles: false })).toEqual(csvTable(false));
    expect(decodeIncidentTable(encodeIncidentTable(csvTable(false)))).toEqual(csvTable(false));
  });

  it('keeps the bundled incidents\' enterprise links, lifecycle times and titles', () => {
    const table = bundled();
    const back = decodeIncidentTable(encodeIncidentTable(table));
    expect(back).toEqual(table);
    expect(back.enterpriseIds.length).toBeGreaterThan(100);
    expect([...back.enterprise]).toContain(-1);
  });

  it('falls back to exact storage where the compact one would round: milliseconds, eight decimals, extreme values', () => {
    const base = csvTable();
    const n = base.n;
    const t: IncidentTable = {
      ...base,
      lon: base.lon.map((v, i) => (i === 0 ? 121.123456789 : v)),
      accepted: base.accepted.map((v, i) => (i === 1 ? Date.parse('2026-03-01T00:00:00.123Z') : i === 2 ? Date.parse('2026-03-01T00:00:07Z') : v)),
      // A span longer than int32 seconds (68 years).
      dispatched: base.dispatched.map((v, i) => (i === 2 ? Date.parse('1900-01-01T00:00:00Z') : i === 3 ? Date.parse('2100-01-01T00:00:00Z') : v)),
      resolved: new Float64Array(n).fill(NaN),
      title: base.title!.map((s, i) => (i === 0 ? '\ufeff开头 BOM' : i === 1 ? '表情 😀 与 𠀀' : s)),
    };
    const bytes = encodeIncidentTable(t);
    expect(entry(bytes, 'lon').encoding).toBe(ENCODING.F64);
    expect(entry(bytes, 'lat').encoding).toBe(ENCODING.E7);
    expect(entry(bytes, 'accepted').encoding).toBe(ENCODING.F64);
    expect(entry(bytes, 'dispatched').encoding).toBe(ENCODING.F64);
    expect(entry(bytes, 'reported').encoding).toBe(ENCODING.SEC32);
    expect(entry(bytes, 'resolved').encoding).toBe(ENCODING.CONST);
    expect(entry(bytes, 'enterprise').encoding).toBe(ENCODING.CONST);
    expect(decodeIncidentTable(bytes)).toEqual(t);
  });

  it('writes and reads an empty table', () => {
    const empty = incidentTable([]);
    expect(decodeIncidentTable(encodeIncidentTable(empty))).toEqual(empty);
  });

  it('reads bytes that do not start on an 8-byte boundary (a Node Buffer from the pool)', () => {
    const bytes = encodeIncidentTable(csvTable());
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeIncidentTable(shifted.subarray(3))).toEqual(csvTable());
  });
});

describe('incidents.bin that is not whole or not one', () => {
  const good = encodeIncidentTable(csvTable());
  const fails = (bytes: Uint8Array) => thrown(() => decodeIncidentTable(bytes));

  it('names a wrong magic, version, truncation and appended bytes', () => {
    expect(fails(new TextEncoder().encode('id,category,level,status\n'))).toBe(
      'DatasetError: incidents.bin: is 25 bytes, shorter than its 32-byte header: truncated or not an incidents.bin',
    );
    expect(fails(edited(good, (b) => b.set(new TextEncoder().encode('<!doctyp'), 0)))).toBe(
      'DatasetError: incidents.bin: byte 0: does not start with the incidents.bin magic bytes (it starts "<!doctyp"): not an incidents.bin file',
    );
    expect(fails(edited(good, (_, v) => v.setUint16(8, 2, true)))).toBe(
      'DatasetError: incidents.bin: byte 8: is format version 2; this GridSight reads version 1 (update GridSight, or pack the dataset again with this one)',
    );
    expect(fails(good.subarray(0, 1000))).toBe(`DatasetError: incidents.bin: byte 20: is truncated: 1000 bytes of the ${good.length} its header declares`);
    const longer = new Uint8Array(good.length + 8);
    longer.set(good);
    expect(fails(longer)).toMatch(/is \d+ bytes, its header declares \d+: something was appended/);
    expect(isIncidentsBin(good.subarray(0, 7))).toBe(false);
    expect([...good.subarray(0, 8)]).toEqual([...INCIDENTS_BIN_MAGIC]);
  });

  it('names a column whose length, offset, encoding or name is wrong', () => {
    const lat = entry(good, 'lat');
    expect(fails(edited(good, (_, v) => v.setUint32(lat.pos + 24, lat.length - 4, true)))).toBe(
      `DatasetError: incidents.bin: column "lat" (bytes ${lat.offset}–${lat.offset + lat.length - 4}): holds ${lat.length - 4} bytes; 16 rows of int32 takes 64: column length mismatch`,
    );
    expect(fails(edited(good, (_, v) => v.setUint32(lat.pos + 20, good.length - 8, true)))).toMatch(/column "lat" \(bytes \d+–\d+\): lies outside the file's data/);
    expect(fails(edited(good, (_, v) => v.setUint32(lat.pos + 20, lat.offset + 4, true)))).toMatch(/column "lat" .*: starts at byte \d+, not a multiple of 8/);
    expect(fails(edited(good, (b) => (b[lat.pos + 16] = 77)))).toMatch(/column "lat" .*: has encoding 77, which cannot hold its numbers/);
    expect(fails(edited(good, (b) => (b[lat.pos + 16] = ENCODING.STRINGS)))).toMatch(/column "lat" .*: has encoding STRINGS, which cannot hold its numbers/);
    const grid = entry(good, 'grid');
    expect(fails(edited(good, (b) => (b[grid.pos + 16] = ENCODING.F64)))).toMatch(/column "grid" .*: has encoding F64; a grid index .* needs integers/);
    expect(fails(edited(good, (b) => b.set(new TextEncoder().encode('lon'), lat.pos)))).toBe('DatasetError: incidents.bin: directory entry 2: has column "lon" twice');
    expect(fails(edited(good, (b) => b.set(new TextEncoder().encode('xat'), lat.pos)))).toBe('DatasetError: incidents.bin: has no column "lat"');
    expect(fails(edited(good, (b) => (b[lat.pos] = 7)))).toBe('DatasetError: incidents.bin: byte 96: directory entry 2 has a name that is not printable ASCII');
    expect(fails(edited(good, (_, v) => v.setUint32(16, 100000, true)))).toMatch(/byte 16: declares 100000 columns, whose directory would end past the file/);
    const titles = entry(good, 'titles');
    expect(fails(edited(good, (b) => b.set(new TextEncoder().encode('xitles'), titles.pos)))).toBe('DatasetError: incidents.bin: has column "title" without its pair');
  });

  it('names an index beyond its dictionary and a value outside its range, with the row', () => {
    const grid = entry(good, 'grid');
    expect(fails(edited(good, (_, v) => v.setUint16(grid.offset + 2 * 5, 9, true)))).toMatch(
      /column "grid" .*: row 5 holds 9; a grid index into 3 grid codes must be 0–2/,
    );
    const category = entry(good, 'category');
    expect(fails(edited(good, (b) => (b[category.offset + 3] = 200)))).toMatch(/column "category" .*: row 3 holds 200; category must be 0–8/);
    const level = entry(good, 'level');
    expect(fails(edited(good, (b) => (b[level.offset] = 0)))).toMatch(/column "level" .*: row 0 holds 0; level must be 1–4/);
    const title = entry(good, 'title');
    expect(fails(edited(good, (_, v) => v.setUint32(title.offset + 4 * 15, 1e6, true)))).toMatch(/column "title" .*: row 15 holds 1000000; an index into \d+ titles/);
    // A column that holds one value for every row: checked the same way.
    const enterprise = entry(good, 'enterprise');
    expect(enterprise.encoding).toBe(ENCODING.CONST);
    expect(fails(edited(good, (_, v) => v.setFloat64(enterprise.offset, 3, true)))).toMatch(/column "enterprise" .*: holds 3; an index into 0 enterprise ids \(−1: none\) must be -1–-1/);
    const reported = entry(good, 'reported');
    expect(fails(edited(good, (_, v) => v.setInt32(reported.offset + 8 + 4 * 2, -0x80000000, true)))).toMatch(/column "reported" .*: row 2 holds NaN; a number is expected/);
    const closed = entry(good, 'closed');
    expect(fails(edited(good, (_, v) => v.setFloat64(closed.offset, Infinity, true)))).toMatch(/column "closed" .*: has a base time of Infinity/);
  });

  it('names string offsets out of range or order, a count that disagrees, and text that is not UTF-8', () => {
    const id = entry(good, 'id');
    const off = (k: number) => id.offset + 4 + 4 * k;
    expect(fails(edited(good, (_, v) => v.setUint32(id.offset, 15, true)))).toMatch(/column "id" .*: holds 15 strings; the header says 16 rows: column length mismatch/);
    expect(fails(edited(good, (_, v) => v.setUint32(off(3), 1, true)))).toMatch(/column "id" .*: has offsets out of order: string 2 ends at 1 before it starts at \d+/);
    expect(fails(edited(good, (_, v) => v.setUint32(off(16), 9999, true)))).toMatch(/column "id" .*: has a last offset of 9999; its text is \d+ bytes/);
    expect(fails(edited(good, (_, v) => v.setUint32(off(0), 1, true)))).toMatch(/column "id" .*: has a first offset of 1 \(must be 0\)/);
    const gridCodes = entry(good, 'gridCodes');
    expect(fails(edited(good, (_, v) => v.setUint32(gridCodes.offset, 0xffffff, true)))).toMatch(
      /column "gridCodes" .*: declares 16777215 strings, whose offsets would run past its \d+ bytes/,
    );
    const titles = entry(good, 'titles');
    const m = titles.view.getUint32(titles.offset, true);
    const text = titles.offset + 4 + 4 * (m + 1);
    expect(fails(edited(good, (b) => (b[text + 1] = 0xff)))).toMatch(/column "titles" .*: holds bytes that are not UTF-8/);
    // A string made to start one byte into a three-byte character (the titles are Chinese).
    const k = [...Array(m).keys()].find((i) => {
      const a = titles.view.getUint32(titles.offset + 4 + 4 * i, true);
      const b = titles.view.getUint32(titles.offset + 4 + 4 * (i + 1), true);
      return b - a >= 3 && good[text + a] >= 0xe0;
    })!;
    const start = titles.view.getUint32(titles.offset + 4 + 4 * k, true);
    expect(fails(edited(good, (_, v) => v.setUint32(titles.offset + 4 + 4 * k, start + 1, true)))).toMatch(
      new RegExp(`column "titles" .*: has string ${k} starting inside a UTF-8 character`),
    );
  });

  it('throws only DatasetErrors on random damage, never a RangeError or a table that should not be', () => {
    const bundledBytes = encodeIncidentTable(bundled());
    const rng = createRng(14);
    const random = () => rng.next();
    const kinds = new Map<string, number>();
    for (let trial = 0; trial < 400; trial++) {
      const source = trial % 2 ? good : bundledBytes;
      const b = source.slice(0, trial % 5 === 0 ? Math.floor(random() * source.length) : source.length);
      const flips = 1 + Math.floor(random() * 4);
      // Damage the header and directory most of the time: that is where a reader could be led astray.
      for (let f = 0; f < flips; f++) b[Math.floor(random() * Math.min(b.length, random() < 0.7 ? 32 + 32 * 22 : b.length))] = Math.floor(random() * 256);
      try {
        decodeIncidentTable(b);
        kinds.set('read', (kinds.get('read') ?? 0) + 1);
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(DatasetError);
        kinds.set('refused', (kinds.get('refused') ?? 0) + 1);
      }
    }
    expect(kinds.get('refused')).toBeGreaterThan(200);
  });
});
