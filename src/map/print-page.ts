import { FONT_STACK, THEME } from '../app/theme';
import type { PageLayout, Rect } from '../io/print/paper';
import type { ScaleBar } from '../io/print/scale-bar';
import type { LegendSwatch } from './legend-items';

/** Everything the sheet shows besides the map, as text already in the UI's language (data text drawn as text). */
export interface PrintPage {
  layout: PageLayout;
  /** The map picture, exactly the frame's size (print-capture). */
  map: CanvasImageSource;
  title: string;
  /** A line under the title (the place, the dataset's asOf): may be empty. */
  subtitle: string;
  legend: {
    heading: string;
    items: { swatch: LegendSwatch; label: string }[];
    /** The grid fills' note and its sample colours; null when the grids are off. */
    gridFills: { label: string; colours: readonly string[] } | null;
  };
  north: { bearing: number; label: string };
  scale: { heading: string; bar: ScaleBar; fraction: string };
  /** Footer lines at the left (source, dates, coordinate system), and the synthetic notice at the right (or null). */
  footer: { lines: string[]; notice: string | null };
}

const INK = '#1f2937';
const MUTED = '#4b5563';
const NOTICE = '#b91c1c';
const FAMILY = [...FONT_STACK.map((f) => `"${f}"`), 'sans-serif'].join(', ');
const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px ${FAMILY}`;

/**
 * Draws the printed map's sheet on `ctx` (a canvas of the layout's page size): white paper, the neat line, the title,
 * the framed map, the north arrow, the legend, the scale bar and the footer. The CJK font is the app's own
 * (app/theme's FONT_STACK, a system font): the caller waits for it (document.fonts.load) before drawing.
 * @example drawPrintPage(page.getContext('2d')!, { layout: pageLayout('A4', 300), map: capture.canvas, ... })
 */
export function drawPrintPage(ctx: CanvasRenderingContext2D, p: PrintPage): void {
  const L = p.layout;
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, L.page.width, L.page.height);
  ctx.textBaseline = 'middle';

  // Title band: the title centred, shrunk to fit; the subtitle under it.
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  const cx = L.title.x + L.title.width / 2;
  fitText(ctx, p.title, cx, L.title.y + L.title.height * 0.4, L.title.width, L.font.title, true);
  if (p.subtitle) {
    ctx.fillStyle = MUTED;
    fitText(ctx, p.subtitle, cx, L.title.y + L.title.height * 0.82, L.title.width, L.font.small);
  }

  // The map and its frame.
  ctx.drawImage(p.map, L.map.x, L.map.y, L.map.width, L.map.height);
  strokeRect(ctx, L.map, L.line.frame, INK);
  strokeRect(ctx, L.border, L.line.thin, INK);

  drawLegend(ctx, L, drawNorthArrow(ctx, L, p.north), p.legend);
  drawScale(ctx, L, p.scale);
  drawFooter(ctx, L, p.footer);
  ctx.restore();
}

/** Text at (x, y), its font shrunk (down to 60 %) and then cut with an ellipsis to fit `max` pixels. */
function fitText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  max: number,
  px: number,
  bold = false,
): void {
  let size = px;
  ctx.font = font(size, bold);
  while (ctx.measureText(text).width > max && size > px * 0.6)
    ctx.font = font((size = Math.floor(size * 0.92)), bold);
  let shown = text;
  while (shown.length > 1 && ctx.measureText(shown).width > max) shown = shown.slice(0, -2) + '…';
  ctx.fillText(shown, x, y);
}

function strokeRect(ctx: CanvasRenderingContext2D, r: Rect, width: number, colour: string): void {
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.strokeRect(r.x + width / 2, r.y + width / 2, r.width - width, r.height - width);
}

/** The north arrow at the top of the side column, turned with the map; returns the y under it. */
function drawNorthArrow(ctx: CanvasRenderingContext2D, L: PageLayout, north: PrintPage['north']): number {
  const mm = L.mm;
  const size = 14 * mm;
  const cx = L.side.x + L.side.width / 2;
  const cy = L.side.y + 4 * mm + L.font.heading + size / 2;
  ctx.save();
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.font = font(L.font.heading, true);
  ctx.fillText(north.label, cx, L.side.y + 2 * mm + L.font.heading / 2);
  ctx.translate(cx, cy);
  // MapLibre's bearing is the compass direction at the top of the map: north then points that far anticlockwise.
  ctx.rotate((-north.bearing * Math.PI) / 180);
  const h = size / 2;
  ctx.lineWidth = L.line.thin;
  ctx.strokeStyle = INK;
  ctx.beginPath();
  ctx.moveTo(0, -h);
  ctx.lineTo(h * 0.38, h);
  ctx.lineTo(0, h * 0.55);
  ctx.closePath();
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(0, -h);
  ctx.lineTo(-h * 0.38, h);
  ctx.lineTo(0, h * 0.55);
  ctx.closePath();
  ctx.fillStyle = INK;
  ctx.fill();
  ctx.stroke();
  ctx.restore();
  return cy + h + 5 * mm;
}

/** The legend from `top` down: a heading, then one row per visible entry. */
function drawLegend(
  ctx: CanvasRenderingContext2D,
  L: PageLayout,
  top: number,
  legend: PrintPage['legend'],
): void {
  const mm = L.mm;
  const x = L.side.x + 2 * mm;
  const textX = x + 11 * mm;
  const maxText = L.side.x + L.side.width - textX - mm;
  const row = Math.max(6 * mm, L.font.body * 1.7);
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  ctx.font = font(L.font.heading, true);
  ctx.fillText(legend.heading, L.side.x + 2 * mm, top + L.font.heading / 2);
  ctx.lineWidth = L.line.thin;
  ctx.strokeStyle = INK;
  ctx.beginPath();
  ctx.moveTo(L.side.x + 2 * mm, top + L.font.heading + 1.5 * mm);
  ctx.lineTo(L.side.x + L.side.width - 2 * mm, top + L.font.heading + 1.5 * mm);
  ctx.stroke();
  let y = top + L.font.heading + 3 * mm + row / 2;
  for (const { swatch, label } of legend.items) {
    drawSwatch(ctx, swatch, x, y, mm, L.line.thin);
    ctx.fillStyle = INK;
    fitText(ctx, label, textX, y, maxText, L.font.body);
    y += row;
  }
  if (legend.gridFills) {
    const { colours, label } = legend.gridFills;
    const w = 8 * mm;
    colours.forEach((c, i) => {
      ctx.fillStyle = c;
      ctx.fillRect(x + (i * w) / colours.length, y - 1.5 * mm, w / colours.length, 3 * mm);
    });
    ctx.lineWidth = L.line.thin;
    ctx.strokeStyle = '#94a3b8';
    ctx.strokeRect(x, y - 1.5 * mm, w, 3 * mm);
    ctx.fillStyle = MUTED;
    ctx.font = font(L.font.small);
    wrapText(ctx, label, textX, y, maxText, L.font.small * 1.35);
  }
}

/** A swatch 8 × 4 mm centred on the row, as the on-screen legend draws it (MapLegend.vue's CSS, in millimetres). */
function drawSwatch(
  ctx: CanvasRenderingContext2D,
  s: LegendSwatch,
  x: number,
  y: number,
  mm: number,
  thin: number,
): void {
  const w = 8 * mm;
  const h = 4 * mm;
  const top = y - h / 2;
  ctx.save();
  switch (s.kind) {
    case 'band':
      ctx.globalAlpha = 0.28;
      ctx.fillStyle = s.colour;
      ctx.fillRect(x, y - 1.2 * mm, w, 2.4 * mm);
      ctx.globalAlpha = 1;
      ctx.fillRect(x, y - 0.35 * mm, w, 0.7 * mm);
      break;
    case 'line':
      ctx.lineWidth = 0.6 * mm;
      ctx.strokeStyle = s.colour;
      ctx.strokeRect(x + 0.3 * mm, top + 0.3 * mm, w - 0.6 * mm, h - 0.6 * mm);
      break;
    case 'fill':
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = s.colour;
      ctx.fillRect(x, top, w, h);
      ctx.globalAlpha = 1;
      ctx.lineWidth = thin;
      ctx.strokeStyle = THEME.microOutline;
      ctx.strokeRect(x, top, w, h);
      break;
    case 'dot': {
      // The on-screen dot is `size` CSS pixels across: a third of a millimetre each keeps the two sizes apart.
      const r = ((s.size ?? 10) * mm) / 3 / 2;
      ctx.beginPath();
      ctx.arc(x + w / 2, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = s.colour;
      ctx.fill();
      ctx.lineWidth = Math.max(thin, 0.3 * mm);
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      break;
    }
  }
  ctx.restore();
}

/**
 * Text in the current font and alignment, broken at characters (CJK has no spaces) into lines of at most `max` px
 * from `y` down; returns the last line's y.
 */
function wrapText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  max: number,
  lineHeight: number,
): number {
  let line = '';
  for (const ch of text) {
    if (line && ctx.measureText(line + ch).width > max) {
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = ch.trimStart();
    } else line += ch;
  }
  if (line) ctx.fillText(line, x, y);
  return y;
}

/** The scale at the bottom of the side column: heading, the bar in alternating segments, 0 and the length, 1:N. */
function drawScale(ctx: CanvasRenderingContext2D, L: PageLayout, scale: PrintPage['scale']): void {
  const mm = L.mm;
  const x = L.side.x + 4 * mm;
  const barH = 1.6 * mm;
  const bottom = L.side.y + L.side.height - 2 * mm;
  const barY = bottom - L.font.body - 3 * mm - barH;
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  ctx.font = font(L.font.heading, true);
  ctx.fillText(scale.heading, L.side.x + 2 * mm, barY - L.font.small - 4 * mm);
  const { px, segments } = scale.bar;
  for (let i = 0; i < segments; i++) {
    ctx.fillStyle = i % 2 ? '#ffffff' : INK;
    ctx.fillRect(x + (px * i) / segments, barY, px / segments, barH);
  }
  ctx.lineWidth = L.line.thin;
  ctx.strokeStyle = INK;
  ctx.strokeRect(x, barY, px, barH);
  ctx.fillStyle = INK;
  ctx.font = font(L.font.small);
  ctx.textAlign = 'center';
  ctx.fillText('0', x, barY - L.font.small * 0.8);
  ctx.fillText(scale.bar.label, x + px, barY - L.font.small * 0.8);
  ctx.textAlign = 'left';
  ctx.font = font(L.font.body);
  ctx.fillText(scale.fraction, L.side.x + 2 * mm, bottom - L.font.body / 2);
}

/** The footer: source and dates at the left, the synthetic notice at the right in red. */
function drawFooter(ctx: CanvasRenderingContext2D, L: PageLayout, footer: PrintPage['footer']): void {
  const mm = L.mm;
  const f = L.footer;
  const lineH = L.font.small * 1.4;
  const half = footer.notice ? f.width * 0.55 : f.width;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'left';
  footer.lines.forEach((line, i) =>
    fitText(ctx, line, f.x, f.y + 2 * mm + lineH * (i + 0.5), half - 2 * mm, L.font.small),
  );
  if (footer.notice) {
    ctx.fillStyle = NOTICE;
    ctx.textAlign = 'right';
    ctx.font = font(L.font.small, true);
    const right = f.x + f.width;
    wrapText(ctx, footer.notice, right, f.y + 2 * mm + lineH / 2, f.width - half, lineH);
  }
}
