/**
 * Test-only writers for the import readers' tests: a small Shapefile writer (.shp/.shx and a .dbf in any byte
 * encoding), a GBK encoder for the few Chinese characters the tests use (TextEncoder writes only UTF-8), and zip
 * helpers (fflate's zipSync, plus patches that make a zip lie about an entry's size or name).
 */
import { zipSync } from 'fflate';

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
export const SHP_POINT = 1;
export const SHP_POLYLINE = 3;
export const SHP_POLYGON = 5;

/** A .shp and its .shx holding `shapes` (null: a null shape) of `shapeType`. */
export function writeShp(shapeType: number, shapes: Shape[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = shapes.map((shape) => shapeContent(shapeType, shape));
  const shpLength = 100 + contents.reduce((n, c) => n + 8 + c.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * shapes.length);
  const all = shapes.flatMap((s) =>
    !s ? [] : 'point' in s ? [s.point] : 'parts' in s ? s.parts.flat() : s.rings.flat(),
  );
  const bbox = boundingBox(all);
  writeHeader(new DataView(shp.buffer), shpLength, shapeType, bbox);
  writeHeader(new DataView(shx.buffer), shx.length, shapeType, bbox);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);
  let offset = 100;
  contents.forEach((content, i) => {
    shpView.setInt32(offset, i + 1);
    shpView.setInt32(offset + 4, content.length / 2);
    shp.set(content, offset + 8);
    shxView.setInt32(100 + 8 * i, offset / 2);
    shxView.setInt32(100 + 8 * i + 4, content.length / 2);
    offset += 8 + content.length;
  });
  return { shp, shx };
}

function boundingBox(points: Position[]): [number, number, number, number] {
  if (points.length === 0) return [0, 0, 0, 0];
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

function writeHeader(view: DataView, length: number, shapeType: number, bbox: number[]): void {
  view.setInt32(0, 9994);
  view.setInt32(24, length / 2);
  view.setInt32(28, 1000, true);
  view.setInt32(32, shapeType, true);
  bbox.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

function shapeContent(shapeType: number, shape: Shape): Uint8Array {
  if (!shape) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setInt32(0, 0, true);
    return out;
  }
  if ('point' in shape) {
    const out = new Uint8Array(20);
    const view = new DataView(out.buffer);
    view.setInt32(0, shapeType, true);
    view.setFloat64(4, shape.point[0], true);
    view.setFloat64(12, shape.point[1], true);
    return out;
  }
  const parts = 'parts' in shape ? shape.parts : shape.rings;
  const points = parts.flat();
  const out = new Uint8Array(44 + 4 * parts.length + 16 * points.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, shapeType, true);
  boundingBox(points).forEach((v, i) => view.setFloat64(4 + 8 * i, v, true));
  view.setInt32(36, parts.length, true);
  view.setInt32(40, points.length, true);
  let start = 0;
  parts.forEach((part, i) => {
    view.setInt32(44 + 4 * i, start, true);
    start += part.length;
  });
  const pointsAt = 44 + 4 * parts.length;
  points.forEach((p, i) => {
    view.setFloat64(pointsAt + 16 * i, p[0], true);
    view.setFloat64(pointsAt + 16 * i + 8, p[1], true);
  });
  return out;
}

/** A .dbf field: character (C) or numeric (N). */
export interface DbfFieldSpec {
  name: string;
  type: 'C' | 'N';
  length: number;
  decimals?: number;
}

/** A dBASE III .dbf with `rows` (null: blank), text (names included) encoded by `encode`. */
export function writeDbf(
  fields: DbfFieldSpec[],
  rows: (string | number | null)[][],
  encode: (text: string) => Uint8Array,
): Uint8Array {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(headerLength + rows.length * recordLength + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03;
  out.set([124, 1, 1], 1);
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    out.set(encode(f.name).subarray(0, 10), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    fields.forEach((f, i) => {
      const value = row[i];
      const cell = new Uint8Array(f.length).fill(0x20);
      if (value !== null) {
        if (f.type === 'N') {
          const text = typeof value === 'number' ? value.toFixed(f.decimals ?? 0) : value;
          cell.set(utf8(text).subarray(0, f.length), Math.max(0, f.length - text.length));
        } else {
          cell.set(encode(String(value)).subarray(0, f.length));
        }
      }
      out.set(cell, at);
      at += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
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
