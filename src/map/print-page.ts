import type { PageLayout, Rect } from '../io/print/paper';
import type { ScaleBar } from '../io/print/scale-bar';
import { drawLegend, type LegendDrawn, type PrintLegend } from './print-legend';
import { INK, MUTED, NOTICE, fitText, font, wrapText } from './print-text';

/** Everything the sheet shows besides the map, as text already in the UI's language (data text drawn as text). */
export interface PrintPage {
  layout: PageLayout;
  /** The map picture, exactly the frame's size (print-capture). */
  map: CanvasImageSource;
  title: string;
  /** A line under the title (the place, the dataset's asOf): may be empty. */
  subtitle: string;
  legend: PrintLegend;
  north: { bearing: number; label: string };
  scale: { heading: string; bar: ScaleBar; fraction: string };
  /** Footer lines at the left (source, dates, coordinate system), and the synthetic notice at the right (or null). */
  footer: { lines: string[]; notice: string | null };
}

/**
 * Draws the printed map's sheet on `ctx` (a canvas of the layout's page size): white paper, the neat line, the title,
 * the framed map, the north arrow, the legend, the scale bar and the footer, where the layout (landscape or portrait)
 * puts them. The CJK font is the app's own (app/theme's FONT_STACK, a system font): the caller waits for it
 * (document.fonts.load) before drawing. Returns how the legend came out (what was drawn, at what size).
 * @example drawPrintPage(page.getContext('2d')!, { layout: pageLayout('A4', 300), map: capture.canvas, ... })
 */
export function drawPrintPage(ctx: CanvasRenderingContext2D, p: PrintPage): LegendDrawn {
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

  drawNorthArrow(ctx, L, p.north);
  const legend = drawLegend(ctx, L, p.legend);
  drawScale(ctx, L, p.scale);
  drawFooter(ctx, L, p.footer);
  ctx.restore();
  return legend;
}

function strokeRect(ctx: CanvasRenderingContext2D, r: Rect, width: number, colour: string): void {
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.strokeRect(r.x + width / 2, r.y + width / 2, r.width - width, r.height - width);
}

/** The north arrow in its place (paper's `north`: the side column's top, the portrait band's right), turned with the map. */
function drawNorthArrow(ctx: CanvasRenderingContext2D, L: PageLayout, north: PrintPage['north']): void {
  const mm = L.mm;
  const size = 14 * mm;
  const cx = L.north.x + L.north.width / 2;
  const cy = L.north.y + 4 * mm + L.font.heading + size / 2;
  ctx.save();
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.font = font(L.font.heading, true);
  ctx.fillText(north.label, cx, L.north.y + 2 * mm + L.font.heading / 2);
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
}

/** The scale in its place (paper's `scale`): heading, the bar in alternating segments, 0 and the length, 1:N. */
function drawScale(ctx: CanvasRenderingContext2D, L: PageLayout, scale: PrintPage['scale']): void {
  const mm = L.mm;
  const x = L.scale.x + 4 * mm;
  const barH = 1.6 * mm;
  const bottom = L.scale.y + L.scale.height - 2 * mm;
  const barY = bottom - L.font.body - 3 * mm - barH;
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  ctx.font = font(L.font.heading, true);
  ctx.fillText(scale.heading, L.scale.x + 2 * mm, barY - L.font.small - 4 * mm);
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
  ctx.fillText(scale.fraction, L.scale.x + 2 * mm, bottom - L.font.body / 2);
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
