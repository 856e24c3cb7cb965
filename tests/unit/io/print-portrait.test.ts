import { describe, expect, test } from 'vitest';
import {
  pageLayout,
  pagePixels,
  pagePoints,
  paperMm,
  printPixelRatio,
  type Rect,
} from '../../../src/io/print/paper';
import { onePagePdf } from '../../../src/io/print/pdf';

const inside = (r: Rect, outer: Rect) =>
  r.x >= outer.x &&
  r.y >= outer.y &&
  r.x + r.width <= outer.x + outer.width &&
  r.y + r.height <= outer.y + outer.height;
const apart = (a: Rect, b: Rect) =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

describe('portrait paper', () => {
  test('a portrait sheet is the landscape one turned: pixels and PDF points', () => {
    expect(paperMm('A4', 'portrait')).toEqual([210, 297]);
    expect(paperMm('A3')).toEqual([420, 297]);
    expect(pagePixels('A4', 150, 'portrait')).toEqual({ width: 1240, height: 1754 });
    expect(pagePixels('A4', 300, 'portrait')).toEqual({ width: 2480, height: 3508 });
    expect(pagePixels('A3', 300, 'portrait')).toEqual({ width: 3508, height: 4961 });
    expect(pagePoints('A4', 'portrait')).toEqual({ width: 595.28, height: 841.89 });
    expect(pagePoints('A3', 'portrait')).toEqual({ width: 841.89, height: 1190.55 });
    // Landscape stays the default.
    expect(pageLayout('A4', 300).page).toEqual({ width: 3508, height: 2480 });
    expect(pageLayout('A4', 300).orientation).toBe('landscape');
  });

  test('portrait: title, a full-width frame, the band under it (legend | north over scale), the footer', () => {
    for (const [paper, dpi] of [
      ['A4', 150],
      ['A4', 300],
      ['A3', 300],
    ] as const) {
      const L = pageLayout(paper, dpi, 'portrait');
      expect(L.page).toEqual(pagePixels(paper, dpi, 'portrait'));
      for (const r of [L.title, L.map, L.side, L.footer]) expect(inside(r, L.border)).toBe(true);
      for (const r of [L.north, L.legend, L.scale]) expect(inside(r, L.side)).toBe(true);
      // Top to bottom: title, frame, band, footer; the frame spans the title's width.
      expect(L.title.y + L.title.height).toBeLessThanOrEqual(L.map.y);
      expect(L.map.y + L.map.height).toBeLessThan(L.side.y);
      expect(L.side.y + L.side.height).toBeLessThanOrEqual(L.footer.y);
      expect(L.map.x).toBe(L.title.x);
      expect(L.map.width).toBe(L.title.width);
      expect(L.map.height).toBeGreaterThan(L.map.width * 0.9);
      // In the band: the legend left, the north arrow over the scale right, none overlapping.
      expect(apart(L.legend, L.north)).toBe(true);
      expect(apart(L.legend, L.scale)).toBe(true);
      expect(apart(L.north, L.scale)).toBe(true);
      expect(L.legend.x + L.legend.width).toBeLessThan(L.north.x);
      expect(L.north.y + L.north.height).toBeLessThan(L.scale.y);
      // Room for two legend columns of at least 56 mm (A3: 67 mm), and a scale bar of 40 mm.
      expect(L.legend.width / L.mm).toBeGreaterThan(2 * 56 * L.grow);
      expect(L.scale.width / L.mm - 10).toBeGreaterThanOrEqual(40);
      expect((L.map.width * L.map.height) / (L.page.width * L.page.height)).toBeGreaterThan(0.45);
    }
    // A3 portrait at 300 dpi stays under the common WebGL limit of 8192 pixels a side, at the print's pixel ratio.
    const a3 = pageLayout('A3', 300, 'portrait');
    expect(Math.max(a3.map.width, a3.map.height)).toBeLessThan(8192);
    expect(Math.round(a3.map.width / printPixelRatio(300))).toBe(1345); // 269 mm of frame / 0.2 mm
  });

  test('landscape: the north arrow, the legend and the scale down the side column, apart', () => {
    for (const paper of ['A4', 'A3'] as const) {
      const L = pageLayout(paper, 300);
      for (const r of [L.north, L.legend, L.scale]) expect(inside(r, L.side)).toBe(true);
      expect(L.north.y).toBe(L.side.y);
      expect(L.north.y + L.north.height).toBeLessThanOrEqual(L.legend.y);
      expect(L.legend.y + L.legend.height).toBeLessThan(L.scale.y);
      expect(L.scale.y + L.scale.height).toBe(L.side.y + L.side.height);
      expect(L.legend.height / L.mm).toBeGreaterThan(100);
    }
    // The frame of the landscape A4 sheet is where it always was.
    expect(pageLayout('A4', 300).map).toEqual({ x: 165, y: 354, width: 2398, height: 1819 });
  });
});

describe('portrait PDF', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
  const page = (p: { width: number; height: number }) => ({ pageWidth: p.width, pageHeight: p.height });

  test('an A4 portrait sheet gets a portrait MediaBox and the picture over the whole page', () => {
    const pdf = onePagePdf({ jpeg, width: 1240, height: 1754, ...page(pagePoints('A4', 'portrait')) });
    const text = new TextDecoder('latin1').decode(pdf);
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(text).toContain('/Width 1240 /Height 1754');
    expect(text).toContain('q 595.28 0 0 841.89 0 0 cm /Im0 Do Q');
    const a3 = new TextDecoder('latin1').decode(
      onePagePdf({ jpeg, width: 3508, height: 4961, ...page(pagePoints('A3', 'portrait')) }),
    );
    expect(a3).toContain('/MediaBox [0 0 841.89 1190.55]');
  });

  test('a picture of the other orientation is refused, not stretched onto the page', () => {
    expect(() => onePagePdf({ jpeg, width: 1240, height: 1754, ...page(pagePoints('A4')) })).toThrow(
      /orientation/,
    );
    expect(() =>
      onePagePdf({ jpeg, width: 1754, height: 1240, ...page(pagePoints('A4', 'portrait')) }),
    ).toThrow(RangeError);
    expect(() => onePagePdf({ jpeg, width: 0, height: 1754, ...page(pagePoints('A4', 'portrait')) })).toThrow(
      RangeError,
    );
  });
});
