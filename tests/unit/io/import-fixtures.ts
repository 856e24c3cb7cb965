/**
 * Test-only writers for the import readers' tests: Shapefile parts (.shp/.shx and a .dbf in any byte encoding,
 * written by the exporter's src/io/export/shapefile-write), a GBK encoder for the few Chinese characters the tests use (TextEncoder writes only UTF-8), and zip
 * helpers (fflate's zipSync, plus patches that make a zip lie about an entry's size or name).
 */
import { zipSync } from 'fflate';
import { writeDbfTable, writeShpShx, type DbfFieldSpec } from '../../../src/io/export/shapefile-write';

/** GBK (code page 936) bytes of the Chinese characters the tests use (from Python's 'gbk' codec). */
const GBK: Record<string, [number, number]> = {
  网: [0xcd, 0xf8],
  格: [0xb8, 0xf1],
  社: [0xc9, 0xe7],
  区: [0xc7, 0xf8],
  工: [0xb9, 0xa4],
  业: [0xd2, 0xb5],
  园: [0xd4, 0xb0],
  一: [0xd2, 0xbb],
  二: [0xb6, 0xfe],
  号: [0xba, 0xc5],
  中: [0xd6, 0xd0],
  心: [0xd0, 0xc4],
  街: [0xbd, 0xd6],
  道: [0xb5, 0xc0],
  东: [0xb6, 0xab],
  西: [0xce, 0xf7],
  南: [0xc4, 0xcf],
  北: [0xb1, 0xb1],
  名: [0xc3, 0xfb],
  称: [0xb3, 0xc6],
  编: [0xb1, 0xe0],
  码: [0xc2, 0xeb],
  面: [0xc3, 0xe6],
  积: [0xbb, 0xfd],
};

/** GBK bytes of `text` (ASCII and the characters of the table above only). */
export function gbk(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else if (GBK[ch]) out.push(...GBK[ch]);
    else throw new Error(`no GBK bytes for ${ch} in the test table`);
  }
  return new Uint8Array(out);
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export type Position = [number, number];
export type Ring = Position[];

/** A shape to write: a point, a polyline (parts) or a polygon (rings: outer clockwise, holes anticlockwise). */
export type Shape = { point: Position } | { parts: Ring[] } | { rings: Ring[] } | null;

/** Shapefile shape type numbers. */
export { SHP_POINT, SHP_POLYLINE, SHP_POLYGON } from '../../../src/io/export/shapefile-write';

/** A .shp and its .shx holding `shapes` (null: a null shape) of `shapeType`: the exporter's own writer. */
export function writeShp(shapeType: number, shapes: Shape[]): { shp: Uint8Array; shx: Uint8Array } {
  return writeShpShx(shapeType, shapes);
}

/** A .dbf field: character (C) or numeric (N). */
export type { DbfFieldSpec };

/**
 * A dBASE III .dbf with `rows` (null: blank), text (names included) encoded by `encode` and cut after a field's
 * bytes wherever that falls (a test may cut a character in two): the exporter's own writer, dated 2024-01-01.
 */
export function writeDbf(
  fields: DbfFieldSpec[],
  rows: (string | number | null)[][],
  encode: (text: string) => Uint8Array,
): Uint8Array {
  return writeDbfTable(fields, rows, { encode, date: new Date(2024, 0, 1) });
}

/** A zip of `files` (text as UTF-8), deflated. */
export function zipFiles(files: Record<string, Uint8Array | string>): Uint8Array {
  const input: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files))
    input[name] = typeof data === 'string' ? utf8(data) : data;
  return zipSync(input, { level: 6, mtime: new Date(2024, 0, 1) });
}

/** Offsets of every occurrence of `needle` in `bytes`. */
function occurrences(bytes: Uint8Array, needle: Uint8Array): number[] {
  const found: number[] = [];
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    found.push(i);
  }
  return found;
}

/**
 * Makes the zip declare `size` as the uncompressed size of `name`, in its local header and its central directory
 * (as a zip bomb does); returns a patched copy.
 */
export function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const nameBytes = utf8(name);
  let patched = 0;
  for (const at of occurrences(out, nameBytes)) {
    if (at >= 30 && view.getUint32(at - 30, true) === 0x04034b50) {
      view.setUint32(at - 30 + 22, size, true);
      patched++;
    } else if (at >= 46 && view.getUint32(at - 46, true) === 0x02014b50) {
      view.setUint32(at - 46 + 24, size, true);
      patched++;
    }
  }
  if (patched !== 2) throw new Error(`patched ${patched} headers of ${name}, expected 2`);
  return out;
}

/** Replaces the bytes of an ASCII stand-in in entry names by other bytes of the same length (a GBK name, say). */
export function patchNameBytes(zip: Uint8Array, standIn: string, bytes: Uint8Array): Uint8Array {
  const needle = utf8(standIn);
  if (needle.length !== bytes.length) throw new Error('the stand-in and the name must have the same length');
  const out = zip.slice();
  const found = occurrences(out, needle);
  // Each name is written twice: in its local header and in the central directory.
  if (found.length === 0 || found.length % 2) throw new Error(`found ${standIn} ${found.length} times`);
  for (const at of found) out.set(bytes, at);
  return out;
}
