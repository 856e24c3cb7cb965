import { describe, expect, test } from 'vitest';
import { mmToPx, pageLayout, pagePixels, pagePoints, printPixelRatio } from '../../../src/io/print/paper';
import { formatLength, roundLength, scaleBar, scaleDenominator } from '../../../src/io/print/scale-bar';
import { crc32, pngChunks, pngInfo, withPngDpi } from '../../../src/io/print/png-dpi';
import { onePagePdf, pdfText } from '../../../src/io/print/pdf';
import { isSyntheticDataset } from '../../../src/io/print/synthetic';

describe('paper', () => {
  test('A4 landscape at 300 dpi is 3508 × 2480 pixels, A3 4961 × 3508; 150 dpi is half', () => {
    expect(pagePixels('A4', 300)).toEqual({ width: 3508, height: 2480 });
    expect(pagePixels('A3', 300)).toEqual({ width: 4961, height: 3508 });
    expect(pagePixels('A4', 150)).toEqual({ width: 1754, height: 1240 });
    expect(mmToPx(25.4, 300)).toBe(300);
  });

  test('a map CSS pixel prints 0.2 mm at any DPI', () => {
    expect(printPixelRatio(300)).toBeCloseTo(2.362, 3);
    expect(printPixelRatio(150)).toBeCloseTo(1.181, 3);
    const L = pageLayout('A4', 300);
    expect(Math.round(L.map.width / printPixelRatio(300))).toBe(1015); // 203 mm of frame / 0.2 mm
  });

  test('the PDF MediaBox is the sheet in points', () => {
    expect(pagePoints('A4')).toEqual({ width: 841.89, height: 595.28 });
    expect(pagePoints('A3')).toEqual({ width: 1190.55, height: 841.89 });
  });

  test('the layout keeps the parts inside the neat line and apart', () => {
    for (const [paper, dpi] of [
      ['A4', 300],
      ['A3', 300],
      ['A4', 150],
    ] as const) {
      const L = pageLayout(paper, dpi);
      const inside = (r: { x: number; y: number; width: number; height: number }) =>
        r.x >= L.border.x &&
        r.y >= L.border.y &&
        r.x + r.width <= L.border.x + L.border.width &&
        r.y + r.height <= L.border.y + L.border.height;
      for (const r of [L.title, L.map, L.side, L.footer]) expect(inside(r)).toBe(true);
      expect(L.map.x + L.map.width).toBeLessThan(L.side.x);
      expect(L.title.y + L.title.height).toBeLessThanOrEqual(L.map.y);
      expect(L.map.y + L.map.height).toBeLessThanOrEqual(L.footer.y);
      // The frame is the largest part of the sheet: about half of it.
      expect((L.map.width * L.map.height) / (L.page.width * L.page.height)).toBeGreaterThan(0.45);
    }
    // A3 at 300 dpi stays under the common WebGL limit of 8192 pixels a side.
    const a3 = pageLayout('A3', 300);
    expect(Math.max(a3.map.width, a3.map.height)).toBeLessThan(8192);
  });
});

describe('scale bar', () => {
  test('picks the longest 1, 2 or 5 × 10^n that fits', () => {
    expect(roundLength(437)).toBe(200);
    expect(roundLength(600)).toBe(500);
    expect(roundLength(999)).toBe(500);
    expect(roundLength(1000)).toBe(1000);
    expect(roundLength(1999)).toBe(1000);
    expect(roundLength(0.7)).toBe(0.5);
    expect(() => roundLength(0)).toThrow(RangeError);
  });

  test('500 m, not 437 m: the bar is a round length and its pixel length follows', () => {
    // 1.2 m per pixel, at most 520 pixels: 624 m would fit, 500 m is drawn, 417 pixels long.
    const bar = scaleBar(1.2, 520);
    expect(bar).toEqual({ metres: 500, px: 417, segments: 5, label: '500 m' });
    expect(scaleBar(2, 1100)).toMatchObject({ metres: 2000, px: 1000, segments: 4, label: '2 km' });
    expect(scaleBar(0.5, 700)).toMatchObject({ metres: 200, segments: 4 });
  });

  test('lengths and the representative fraction are written as map sheets write them', () => {
    expect(formatLength(500)).toBe('500 m');
    expect(formatLength(1000)).toBe('1 km');
    expect(formatLength(5000)).toBe('5 km');
    expect(formatLength(0.5)).toBe('0.5 m');
    expect(scaleDenominator(1, 300)).toBe(12000);
    expect(scaleDenominator(0.4233, 300)).toBe(5000);
  });
});

/** A 1 × 1 PNG (IHDR, IDAT, IEND) as a canvas writes it: no pHYs. */
function tinyPng(): Uint8Array {
  const b64 =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

describe('PNG resolution', () => {
  test('crc32 is the PNG one', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  test('a pHYs chunk saying 300 dpi goes right after IHDR, with a right CRC, and replaces an old one', () => {
    const png = tinyPng();
    expect(pngInfo(png)).toEqual({ width: 1, height: 1, dpi: null });
    const out = withPngDpi(png, 300);
    const chunks = pngChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    const phys = chunks[1];
    const view = new DataView(out.buffer, out.byteOffset);
    expect(view.getUint32(phys.start)).toBe(9);
    expect(view.getUint32(phys.start + 8)).toBe(11811); // pixels per metre: 300 / 0.0254
    expect(view.getUint32(phys.start + 12)).toBe(11811);
    expect(out[phys.start + 16]).toBe(1);
    expect(view.getUint32(phys.end - 4)).toBe(crc32(out.subarray(phys.start + 4, phys.end - 4)));
    expect(pngInfo(out)).toEqual({ width: 1, height: 1, dpi: 300 });
    // The other chunks are byte for byte as they were.
    expect(out.length).toBe(png.length + 21);
    const again = withPngDpi(out, 150);
    expect(pngChunks(again).map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect(pngInfo(again).dpi).toBe(150);
  });

  test('refuses what is not a PNG', () => {
    expect(() => withPngDpi(new Uint8Array([1, 2, 3]), 300)).toThrow(/not a PNG/);
  });
});

describe('one-page PDF', () => {
  // A JPEG's bytes are opaque to the writer: any bytes stand in for one here.
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0x0a, 0x28, 0x29, 0xff, 0xd9]);
  const pdf = onePagePdf({
    jpeg,
    width: 3508,
    height: 2480,
    pageWidth: 841.89,
    pageHeight: 595.28,
    title: '智汇湾 (A4)',
    created: Date.parse('2026-11-20T09:30:00+08:00'),
  });
  const text = new TextDecoder('latin1').decode(pdf);

  test('starts with %PDF, ends with %%EOF, has an A4 landscape MediaBox and the JPEG as it was', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text).toContain('/MediaBox [0 0 841.89 595.28]');
    expect(text).toContain('/Width 3508 /Height 2480');
    expect(text).toContain(`/Filter /DCTDecode /Length ${jpeg.length}`);
    const at = text.indexOf('stream\n') + 7;
    expect([...pdf.subarray(at, at + jpeg.length)]).toEqual([...jpeg]);
    expect(text).toContain("/CreationDate (D:20261120093000+08'00')");
  });

  test('its xref table points at every object and startxref at the table', () => {
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!;
    expect(Number(first)).toBe(0);
    const entries = text
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + Number(count));
    expect(entries[0]).toBe('0000000000 65535 f ');
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i]).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entries[i].slice(0, 10));
      expect(text.slice(offset, offset + `${i} 0 obj`.length)).toBe(`${i} 0 obj`);
    }
    expect(text).toContain(`/Size ${count} /Root 1 0 R`);
    // Each stream's /Length is its byte length.
    const content = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)endstream/.exec(text)!;
    expect(content[2].length).toBe(Number(content[1]));
  });

  test('text strings: ASCII escaped, anything else UTF-16BE', () => {
    expect(pdfText('Map (A4)')).toBe('(Map \\(A4\\))');
    expect(pdfText('地图')).toBe('<FEFF573056FE>');
    expect(text).toContain('/Title <FEFF');
  });
});

describe('synthetic notice', () => {
  const community = (synthetic?: boolean) => ({
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        geometry: null as never,
        properties: { code: '1', name: 'c', ...(synthetic === undefined ? {} : { synthetic }) },
      },
    ],
  });
  test('as the monthly report decides: dataset.json or a community feature says so; silence is real data', () => {
    expect(isSyntheticDataset({ manifest: { name: 'x', files: [], synthetic: true } })).toBe(true);
    expect(isSyntheticDataset({ manifest: { name: 'x', files: [] }, community: community(true) })).toBe(true);
    expect(isSyntheticDataset({ manifest: { name: 'x', files: [] }, community: community() })).toBe(false);
    expect(isSyntheticDataset({ manifest: { name: 'x', files: [] } })).toBe(false);
  });
});
