/*
 * Paper and page layout of a printed map (pure: sizes in millimetres, turned into pixels at the print's DPI).
 * The layout is the one a printed government map has: a title band across the top, the map frame on the left, a
 * column on the right with the north arrow, the legend and the scale, and a footer under the frame with the data
 * source, the dates and, for generated data, the synthetic notice. A portrait sheet (a wall notice, a report page)
 * keeps the title band and the footer, gives the map the full width and puts the legend, the north arrow and the
 * scale in a band under the frame.
 */

export const PAPER_SIZES = ['A4', 'A3'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
export const ORIENTATIONS = ['landscape', 'portrait'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];
/** ISO 216 sheets, landscape: [width, height] in millimetres. */
export const PAPER_MM: Record<PaperSize, readonly [number, number]> = { A4: [297, 210], A3: [420, 297] };

/**
 * The sheet's [width, height] in millimetres, turned for a portrait sheet.
 * @example paperMm('A4', 'portrait') // [210, 297]
 */
export function paperMm(paper: PaperSize, orientation: Orientation = 'landscape'): readonly [number, number] {
  const [long, short] = PAPER_MM[paper];
  return orientation === 'portrait' ? [short, long] : [long, short];
}
export const MM_PER_INCH = 25.4;
/** PDF user space: 72 points to the inch. */
export const PT_PER_INCH = 72;

/**
 * How long one of the map's CSS pixels is on paper, in millimetres: 0.2 mm (127 to the inch), so the map's 12 px
 * labels print 2.4 mm (about 7 pt) high and its lines and dots keep their weight, whatever the screen's size. The
 * paper decides the map's scale, as in a desktop GIS's print layout; the view on screen decides the extent.
 */
export const CSS_PX_MM = 0.2;

/**
 * The map's pixel ratio for a print at `dpi`: device pixels per CSS pixel.
 * @example printPixelRatio(300) // 2.362: a 1015 × 770 CSS-pixel map fills an A4 frame of 2398 × 1819 pixels
 */
export function printPixelRatio(dpi: number): number {
  return (dpi * CSS_PX_MM) / MM_PER_INCH;
}

/**
 * Millimetres on paper as whole pixels at `dpi`.
 * @example mmToPx(297, 300) === 3508
 */
export function mmToPx(mm: number, dpi: number): number {
  return Math.round((mm / MM_PER_INCH) * dpi);
}

/**
 * The sheet's size in pixels at `dpi`.
 * @example pagePixels('A4', 300) // { width: 3508, height: 2480 }; pagePixels('A4', 150, 'portrait'): 1240 × 1754
 */
export function pagePixels(
  paper: PaperSize,
  dpi: number,
  orientation: Orientation = 'landscape',
): { width: number; height: number } {
  const [w, h] = paperMm(paper, orientation);
  return { width: mmToPx(w, dpi), height: mmToPx(h, dpi) };
}

/**
 * The sheet's size in PDF points (its MediaBox), two decimals.
 * @example pagePoints('A4') // { width: 841.89, height: 595.28 }; pagePoints('A4', 'portrait'): 595.28 × 841.89
 */
export function pagePoints(
  paper: PaperSize,
  orientation: Orientation = 'landscape',
): { width: number; height: number } {
  const [w, h] = paperMm(paper, orientation);
  const pt = (mm: number) => Math.round((mm / MM_PER_INCH) * PT_PER_INCH * 100) / 100;
  return { width: pt(w), height: pt(h) };
}

/** A rectangle in page pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each part of the sheet goes, in page pixels, and the text sizes (px) at the print's DPI. */
export interface PageLayout {
  dpi: number;
  orientation: Orientation;
  page: { width: number; height: number };
  /** The neat line: a frame round everything. */
  border: Rect;
  title: Rect;
  /** The map image fills this exactly. */
  map: Rect;
  /**
   * Where the north arrow, the legend and the scale go: a column right of the frame (landscape) or a band under it
   * (portrait). `north`, `legend` and `scale` lie inside it, apart.
   */
  side: Rect;
  north: Rect;
  legend: Rect;
  scale: Rect;
  footer: Rect;
  /** Text heights: title, headings, body, small print. */
  font: { title: number; heading: number; body: number; small: number };
  /** Line widths: the neat line and the map frame; thin rules. */
  line: { frame: number; thin: number };
  /** One millimetre in pixels: the unit the drawing spaces things by. */
  mm: number;
  /** How much larger the side parts are drawn than on A4 (1; A3 1.2): the legend's columns widen with it. */
  grow: number;
}

/** The layout's measures in millimetres (commented defaults: an A4 sheet; an A3 sheet scales the side parts). */
const MARGIN_MM = 10; // outside the neat line: most office printers cannot print the outer 4–5 mm
const PAD_MM = 4; // between the neat line and what is inside it, and between the frame and the side parts
const TITLE_MM = 16; // the title band
const FOOTER_MM = 12; // the footer band
const SIDE_MM = 62; // landscape: the side column on A4 (A3: 1.2 times)
const BAND_MM = 60; // portrait: the band under the frame on A4 (A3: 1.2 times)
const KEY_MM = 52; // portrait: the band's right part holding the north arrow over the scale (A3: 1.2 times)
/** Text heights in millimetres on A4 (A3 1.2 times): about 20, 12, 9 and 7.5 point. */
const FONT_MM = { title: 7, heading: 4.2, body: 3.2, small: 2.6 };

/**
 * Heights of the north arrow's and the scale's blocks in millimetres for text `grow` times A4's, as
 * map/print-page draws them: the label, a 14 mm arrow and 5 mm under it; the heading, the numbers, the bar, 1:N.
 */
function blockMm(grow: number): { north: number; scale: number } {
  const f = { heading: FONT_MM.heading * grow, body: FONT_MM.body * grow, small: FONT_MM.small * grow };
  return { north: 4 + f.heading + 14 + 5, scale: 11.6 + f.body + f.small + f.heading / 2 };
}

/**
 * The layout of a sheet at `dpi`: landscape (the side column right of the frame) or portrait (the band under it,
 * the legend at its left, the north arrow over the scale at its right).
 * @example pageLayout('A4', 300).map // the map frame in pixels: { x: 165, y: 354, width: 2398, height: 1819 }
 * @example pageLayout('A4', 150, 'portrait').page // { width: 1240, height: 1754 }
 */
export function pageLayout(
  paper: PaperSize,
  dpi: number,
  orientation: Orientation = 'landscape',
): PageLayout {
  const page = pagePixels(paper, dpi, orientation);
  const grow = paper === 'A3' ? 1.2 : 1;
  const px = (mm: number) => mmToPx(mm, dpi);
  const [wMm, hMm] = paperMm(paper, orientation);
  const inner = {
    x: MARGIN_MM + PAD_MM,
    y: MARGIN_MM + PAD_MM,
    w: wMm - 2 * (MARGIN_MM + PAD_MM),
    h: hMm - 2 * (MARGIN_MM + PAD_MM),
  };
  const titleMm = TITLE_MM * grow;
  const footerMm = FOOTER_MM * grow;
  const blocks = blockMm(grow);
  const rect = (x: number, y: number, w: number, h: number): Rect => {
    const x0 = px(x);
    const y0 = px(y);
    return { x: x0, y: y0, width: px(x + w) - x0, height: px(y + h) - y0 };
  };
  let mapMm: { x: number; y: number; w: number; h: number };
  let parts: { side: Rect; north: Rect; legend: Rect; scale: Rect };
  if (orientation === 'landscape') {
    const sideMm = SIDE_MM * grow;
    mapMm = {
      x: inner.x,
      y: inner.y + titleMm,
      w: inner.w - sideMm - PAD_MM,
      h: inner.h - titleMm - footerMm,
    };
    const x = mapMm.x + mapMm.w + PAD_MM;
    const legendTop = mapMm.y + blocks.north;
    const scaleTop = mapMm.y + mapMm.h - blocks.scale;
    parts = {
      side: rect(x, mapMm.y, sideMm, mapMm.h),
      north: rect(x, mapMm.y, sideMm, blocks.north),
      legend: rect(x, legendTop, sideMm, scaleTop - PAD_MM / 2 - legendTop),
      scale: rect(x, scaleTop, sideMm, blocks.scale),
    };
  } else {
    const bandMm = BAND_MM * grow;
    const keyMm = KEY_MM * grow;
    mapMm = {
      x: inner.x,
      y: inner.y + titleMm,
      w: inner.w,
      h: inner.h - titleMm - footerMm - bandMm - PAD_MM,
    };
    const y = mapMm.y + mapMm.h + PAD_MM;
    const keyX = inner.x + inner.w - keyMm;
    parts = {
      side: rect(inner.x, y, inner.w, bandMm),
      north: rect(keyX, y, keyMm, blocks.north),
      legend: rect(inner.x, y, inner.w - keyMm - PAD_MM, bandMm),
      scale: rect(keyX, y + bandMm - blocks.scale, keyMm, blocks.scale),
    };
  }
  const bottom =
    orientation === 'landscape' ? mapMm.y + mapMm.h : mapMm.y + mapMm.h + PAD_MM + BAND_MM * grow;
  return {
    dpi,
    orientation,
    page,
    border: rect(MARGIN_MM, MARGIN_MM, wMm - 2 * MARGIN_MM, hMm - 2 * MARGIN_MM),
    title: rect(inner.x, inner.y, inner.w, titleMm),
    map: rect(mapMm.x, mapMm.y, mapMm.w, mapMm.h),
    ...parts,
    footer: rect(inner.x, bottom, inner.w, footerMm),
    font: {
      title: px(FONT_MM.title * grow),
      heading: px(FONT_MM.heading * grow),
      body: px(FONT_MM.body * grow),
      small: px(FONT_MM.small * grow),
    },
    line: { frame: Math.max(1, px(0.5)), thin: Math.max(1, px(0.2)) },
    mm: dpi / MM_PER_INCH,
    grow,
  };
}
