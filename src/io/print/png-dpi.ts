/*
 * A PNG that says its resolution. canvas.toBlob writes no pHYs chunk, so an image viewer or a print dialog takes the
 * picture as 72 or 96 dpi and an A4 page at 300 dpi would come out four times too large: the chunk is spliced in
 * right after IHDR (the PNG specification puts pHYs before the first IDAT), replacing any there is.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const INCH_M = 0.0254;

let table: Uint32Array | null = null;
/**
 * CRC-32 (ISO 3309, the PNG and zip one) of `bytes`.
 * @example crc32(new TextEncoder().encode('IEND')) === 0xae426082
 */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG's chunks in order: type and byte range (start of the length field, end after the CRC). */
export function pngChunks(png: Uint8Array): { type: string; start: number; end: number; data: Uint8Array }[] {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks = [];
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > png.length) throw new Error(`PNG chunk ${type} runs past the end`);
    chunks.push({ type, start: at, end, data: png.subarray(at + 8, at + 8 + length) });
    at = end;
    if (type === 'IEND') break;
  }
  return chunks;
}

/**
 * The PNG `png` with a pHYs chunk saying `dpi` (as pixels per metre, rounded: 300 dpi is 11811).
 * @example withPngDpi(await canvasPng(), 300)
 */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  const chunks = pngChunks(png);
  if (chunks[0]?.type !== 'IHDR') throw new Error('PNG does not start with IHDR');
  const ppm = Math.round(dpi / INCH_M);
  const data = new Uint8Array(9);
  const view = new DataView(data.buffer);
  view.setUint32(0, ppm);
  view.setUint32(4, ppm);
  data[8] = 1; // unit: the metre
  const phys = chunk('pHYs', data);
  const kept = chunks.filter((c) => c.type !== 'pHYs');
  const size = 8 + phys.length + kept.reduce((n, c) => n + c.end - c.start, 0);
  const out = new Uint8Array(size);
  out.set(png.subarray(0, 8));
  let at = 8;
  kept.forEach((c, i) => {
    out.set(png.subarray(c.start, c.end), at);
    at += c.end - c.start;
    if (i === 0) {
      out.set(phys, at);
      at += phys.length;
    }
  });
  return out;
}

/**
 * What a PNG says of itself: its size (IHDR) and its resolution in dots per inch (pHYs in metres; null without).
 * @example pngInfo(png) // { width: 3508, height: 2480, dpi: 300 }
 */
export function pngInfo(png: Uint8Array): { width: number; height: number; dpi: number | null } {
  const chunks = pngChunks(png);
  const ihdr = chunks[0];
  if (ihdr?.type !== 'IHDR') throw new Error('PNG does not start with IHDR');
  const h = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, ihdr.data.byteLength);
  const phys = chunks.find((c) => c.type === 'pHYs');
  let dpi: number | null = null;
  if (phys && phys.data[8] === 1) {
    const p = new DataView(phys.data.buffer, phys.data.byteOffset, phys.data.byteLength);
    dpi = Math.round(p.getUint32(0) * INCH_M);
  }
  return { width: h.getUint32(0), height: h.getUint32(4), dpi };
}
