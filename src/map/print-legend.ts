import { THEME } from '../app/theme';
import type { PageLayout, Rect } from '../io/print/paper';
import type { AnalysisLegendEntry, AnalysisSwatch, AnalysisSwatchShape } from './analysis-legend';
import type { LegendSwatch } from './legend-items';
import { INK, MUTED, fitText, font, wrapLines } from './print-text';

/** The sheet's legend, as text already in the UI's language: the base map's entries, then the analysis layers'. */
export interface PrintLegend {
  heading: string;
  items: { swatch: LegendSwatch; label: string }[];
  /** The grid fills' note and its sample colours; null when the grids are off or coloured by an analysis. */
  gridFills: { label: string; colours: readonly string[] } | null;
  /** The analysis layers drawn on the map (map/analysis-legend), on #/analyze; empty elsewhere. */
  analysis: AnalysisLegendEntry[];
  /** The line saying that `n` entries did not fit (only for a legend too long even at its smallest). */
  more: (n: number) => string;
}

/** What the legend came out as: its size factor, its columns, and the entries drawn whole (keys and ids). */
export interface LegendDrawn {
  scale: number;
  columns: number;
  /** Base entries by message key, 'gridFills', and analysis entries by id, in drawing order. */
  shown: string[];
  /** Entries that did not fit. */
  left: string[];
}

/**
 * Sizes the legend tries, largest first: a long legend (many analysis layers on a landscape A4) is drawn smaller
 * rather than cut; at 60 % body text is still about 5.5 pt.
 */
const SCALES = [1, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6];
/** The narrowest legend column in millimetres at full size (A4; A3 1.2 times): a landscape side column is one. */
const COLUMN_MM = 56;
/** Between columns, in millimetres at full size. */
const GAP_MM = 4;
/** Where the labels start, right of the swatch, in millimetres at full size (the swatches are 8 mm wide). */
const LABEL_MM = 11;

/** Measures at one size factor, in pixels. */
interface Metrics {
  /** A millimetre at this size. */
  u: number;
  heading: number;
  body: number;
  small: number;
  row: number;
  thin: number;
}

/** One drawable part of the legend, as high as `height(width)` in a column `width` wide. */
interface Piece {
  /** The entry it belongs to (LegendDrawn.shown). */
  key: string;
  /** Stays in the column of the piece after it (a title with its first swatches). */
  keep: boolean;
  height(width: number): number;
  /** Draws it with its top at y; `first` when it opens a column (no rule above it then). */
  draw(x: number, y: number, width: number, first: boolean): void;
}

/**
 * Draws the legend in `L.legend`: the heading and its rule across, then the entries flowing down columns (one in a
 * landscape side column, two or three in a portrait band). Entries are drawn at the largest size at which all of
 * them fit; at the smallest, those left over are counted in one last line.
 * @example drawLegend(ctx, pageLayout('A4', 150, 'portrait'), { heading: '图例', items, gridFills: null, analysis, more })
 */
export function drawLegend(ctx: CanvasRenderingContext2D, L: PageLayout, legend: PrintLegend): LegendDrawn {
  const R = L.legend;
  ctx.save();
  ctx.textBaseline = 'middle';
  try {
    return fit(ctx, L, R, legend);
  } finally {
    ctx.restore();
  }
}

function fit(ctx: CanvasRenderingContext2D, L: PageLayout, R: Rect, legend: PrintLegend): LegendDrawn {
  for (const s of SCALES) {
    const m = metrics(L, s);
    const cols = columns(L, R, m, s);
    const top = R.y + m.heading + 3 * m.u;
    const bottom = R.y + R.height;
    const all = pieces(ctx, m, legend, cols.width);
    const last = s === SCALES[SCALES.length - 1];
    let plan = flow(all, cols, top, bottom);
    if (!plan.complete && !last) continue;
    const moreH = m.small * 1.5;
    if (!plan.complete) plan = flow(all, cols, top, bottom - moreH);
    drawHeading(ctx, L, R, m, legend.heading);
    for (const p of plan.placed) p.piece.draw(p.x, p.y, cols.width, p.y === top);
    const keys = [...new Set(all.map((p) => p.key))];
    const cut = new Set(all.filter((p) => !plan.placed.some((q) => q.piece === p)).map((p) => p.key));
    if (cut.size) {
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'left';
      fitText(ctx, legend.more(cut.size), cols.x[0], bottom - moreH / 2, R.width - 3 * m.u, m.small);
    }
    return {
      scale: s,
      columns: cols.x.length,
      shown: keys.filter((k) => !cut.has(k)),
      left: keys.filter((k) => cut.has(k)),
    };
  }
  throw new Error('unreachable: the last scale always draws');
}

function metrics(L: PageLayout, s: number): Metrics {
  return {
    u: L.mm * s,
    heading: L.font.heading * s,
    body: L.font.body * s,
    small: L.font.small * s,
    row: Math.max(6 * L.mm, L.font.body * 1.7) * s,
    thin: L.line.thin,
  };
}

/** The columns' left edges and their common width: as many as COLUMN_MM allows, at least one. */
function columns(L: PageLayout, R: Rect, m: Metrics, s: number): { x: number[]; width: number } {
  const inner = R.width - 3 * m.u;
  const gap = GAP_MM * m.u;
  const n = Math.max(1, Math.floor((inner + gap) / (COLUMN_MM * L.grow * L.mm * s + gap)));
  const width = (inner - (n - 1) * gap) / n;
  return { x: Array.from({ length: n }, (_, i) => R.x + 2 * m.u + i * (width + gap)), width };
}

function drawHeading(
  ctx: CanvasRenderingContext2D,
  L: PageLayout,
  R: Rect,
  m: Metrics,
  heading: string,
): void {
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  fitText(ctx, heading, R.x + 2 * m.u, R.y + m.heading / 2, R.width - 4 * m.u, m.heading, true);
  ctx.lineWidth = L.line.thin;
  ctx.strokeStyle = INK;
  ctx.beginPath();
  ctx.moveTo(R.x + 2 * m.u, R.y + m.heading + 1.5 * m.u);
  ctx.lineTo(R.x + R.width - 2 * m.u, R.y + m.heading + 1.5 * m.u);
  ctx.stroke();
}

/**
 * Places the pieces top-down in the columns: a piece and those kept with it move to the next column together when
 * they do not fit under what is there; what fits nowhere is left out (complete: false).
 */
function flow(
  all: Piece[],
  cols: { x: number[]; width: number },
  top: number,
  bottom: number,
): { placed: { piece: Piece; x: number; y: number }[]; complete: boolean } {
  const placed: { piece: Piece; x: number; y: number }[] = [];
  let c = 0;
  let y = top;
  let i = 0;
  while (i < all.length) {
    let j = i;
    while (all[j].keep && j + 1 < all.length) j++;
    const group = all.slice(i, j + 1);
    const h = group.reduce((sum, p) => sum + p.height(cols.width), 0);
    if (y + h > bottom && y > top && c + 1 < cols.x.length) {
      c++;
      y = top;
      continue;
    }
    for (const piece of group) {
      const ph = piece.height(cols.width);
      if (y + ph > bottom) return { placed, complete: false };
      placed.push({ piece, x: cols.x[c], y });
      y += ph;
    }
    i = j + 1;
  }
  return { placed, complete: true };
}

/** The legend's pieces at one size: the base entries, the grid fills' note, then each analysis entry's parts. */
function pieces(ctx: CanvasRenderingContext2D, m: Metrics, legend: PrintLegend, colWidth: number): Piece[] {
  const { u, row } = m;
  const labelX = LABEL_MM * u;
  const out: Piece[] = legend.items.map(({ swatch, label }) => ({
    key: swatch.key,
    keep: false,
    height: () => row,
    draw(x, y, w) {
      drawSwatch(ctx, swatch, x, y + row / 2, u, m.thin);
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      fitText(ctx, label, x + labelX, y + row / 2, w - labelX, m.body);
    },
  }));
  if (legend.gridFills) {
    const { colours, label } = legend.gridFills;
    const lh = m.small * 1.35;
    const lines = (w: number) => {
      ctx.font = font(m.small);
      return wrapLines(ctx, label, w - labelX);
    };
    out.push({
      key: 'gridFills',
      keep: false,
      height: (w) => row + (lines(w).length - 1) * lh,
      draw(x, y, w) {
        const cy = y + row / 2;
        const sw = 8 * u;
        colours.forEach((c, i) => {
          ctx.fillStyle = c;
          ctx.fillRect(x + (i * sw) / colours.length, cy - 1.5 * u, sw / colours.length, 3 * u);
        });
        ctx.lineWidth = m.thin;
        ctx.strokeStyle = '#94a3b8';
        ctx.strokeRect(x, cy - 1.5 * u, sw, 3 * u);
        ctx.fillStyle = MUTED;
        ctx.textAlign = 'left';
        lines(w).forEach((line, i) => ctx.fillText(line, x + labelX, cy + i * lh));
      },
    });
  }
  for (const entry of legend.analysis) out.push(...entryPieces(ctx, m, entry, colWidth));
  return out;
}

/** One analysis entry: a rule and its title (kept with what follows), its ramp, its swatches, its lines. */
function entryPieces(
  ctx: CanvasRenderingContext2D,
  m: Metrics,
  e: AnalysisLegendEntry,
  colWidth: number,
): Piece[] {
  const { u, row } = m;
  const labelX = LABEL_MM * u;
  const key = e.id;
  const titleH = m.body * 1.3;
  const noteH = m.small * 1.35;
  const wrapped = (text: string, px: number, bold: boolean, w: number) => {
    ctx.font = font(px, bold);
    return wrapLines(ctx, text, w);
  };
  const parts: Piece[] = [
    {
      key,
      keep: true,
      height: (w) => 2.5 * u + (e.title ? wrapped(e.title, m.body, true, w).length * titleH : 0),
      draw(x, y, w, first) {
        if (!first) {
          ctx.lineWidth = m.thin;
          ctx.strokeStyle = '#cbd5e1';
          ctx.beginPath();
          ctx.moveTo(x, y + 1.2 * u);
          ctx.lineTo(x + w, y + 1.2 * u);
          ctx.stroke();
        }
        if (!e.title) return;
        ctx.fillStyle = INK;
        ctx.textAlign = 'left';
        wrapped(e.title, m.body, true, w).forEach((line, i) =>
          ctx.fillText(line, x, y + 2.5 * u + (i + 0.5) * titleH),
        );
      },
    },
  ];
  if (e.ramp) {
    const ramp = e.ramp;
    parts.push({
      key,
      keep: false,
      height: () => 5 * u + noteH,
      draw(x, y, w) {
        const rw = Math.min(w, 60 * u);
        const g = ctx.createLinearGradient(x, 0, x + rw, 0);
        ramp.colours.forEach((c, i) => g.addColorStop(i / Math.max(1, ramp.colours.length - 1), c));
        ctx.fillStyle = g;
        ctx.fillRect(x, y + u, rw, 3 * u);
        ctx.lineWidth = m.thin;
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.25)';
        ctx.strokeRect(x, y + u, rw, 3 * u);
        ctx.fillStyle = MUTED;
        ctx.font = font(m.small);
        const cy = y + 4.5 * u + noteH / 2;
        ctx.textAlign = 'left';
        ctx.fillText(ramp.min, x, cy);
        ctx.textAlign = 'right';
        ctx.fillText(ramp.max, x + rw, cy);
        ctx.textAlign = 'left';
      },
    });
  }
  if (e.layout === 'row' && e.swatches.length) {
    /** The swatches side by side, wrapped: each item's left edge and line. */
    const layoutRow = (w: number) => {
      ctx.font = font(m.body);
      let x = 0;
      let line = 0;
      return e.swatches.map((s) => {
        const sw = s.shape === 'dot' ? 4 * u : 6 * u;
        const width = sw + 1.5 * u + ctx.measureText(s.label).width;
        if (x > 0 && x + width > w) {
          x = 0;
          line++;
        }
        const at = { s, x, sw, line };
        x += width + 4 * u;
        return at;
      });
    };
    parts.push({
      key,
      keep: false,
      height: (w) => (layoutRow(w).at(-1)!.line + 1) * row,
      draw(x, y, w) {
        for (const at of layoutRow(w)) {
          const cy = y + (at.line + 0.5) * row;
          drawAnalysisSwatch(ctx, at.s.shape, at.s.colour, x + at.x, cy, at.sw, 4 * u, m);
          ctx.fillStyle = INK;
          ctx.textAlign = 'left';
          ctx.font = font(m.body);
          ctx.fillText(at.s.label, x + at.x + at.sw + 1.5 * u, cy);
        }
      },
    });
  } else {
    // One swatch a line, or two or three side by side where the column is wide enough for their labels.
    ctx.font = font(m.body);
    const need = (s: AnalysisSwatch) =>
      labelX + ctx.measureText(s.label).width + (s.count === undefined ? 0 : measureCount(s) + 2 * u);
    const measureCount = (s: AnalysisSwatch) => ctx.measureText(String(s.count)).width;
    const gap = 3 * u;
    const widest = Math.max(0, ...e.swatches.map(need));
    const k = Math.max(1, Math.min(3, Math.floor((colWidth + gap) / (widest + gap))));
    for (let i = 0; i < e.swatches.length; i += k) {
      const rowSwatches = e.swatches.slice(i, i + k);
      parts.push({
        key,
        keep: false,
        height: () => row,
        draw(x, y, w) {
          const cy = y + row / 2;
          const cell = (w - (k - 1) * gap) / k;
          rowSwatches.forEach((s, j) => {
            const cx = x + j * (cell + gap);
            drawAnalysisSwatch(ctx, s.shape, s.colour, cx, cy, 8 * u, 4 * u, m);
            let countW = 0;
            if (s.count !== undefined) {
              ctx.fillStyle = MUTED;
              ctx.textAlign = 'right';
              ctx.font = font(m.body);
              ctx.fillText(String(s.count), cx + cell, cy);
              countW = measureCount(s) + 2 * u;
            }
            ctx.fillStyle = INK;
            ctx.textAlign = 'left';
            fitText(ctx, s.label, cx + labelX, cy, cell - labelX - countW, m.body);
          });
        },
      });
    }
  }
  for (const line of e.lines) {
    const swatch = line.swatch;
    if (swatch) {
      const lh = m.body * 1.3;
      parts.push({
        key,
        keep: false,
        height: (w) => row + (wrapped(line.text, m.body, false, w - labelX).length - 1) * lh,
        draw(x, y, w) {
          const cy = y + row / 2;
          drawAnalysisSwatch(ctx, swatch.shape, swatch.colour, x, cy, 8 * u, 4 * u, m);
          ctx.fillStyle = INK;
          ctx.textAlign = 'left';
          wrapped(line.text, m.body, false, w - labelX).forEach((text, i) =>
            ctx.fillText(text, x + labelX, cy + i * lh),
          );
        },
      });
    } else
      parts.push({
        key,
        keep: false,
        height: (w) => wrapped(line.text, m.small, false, w).length * noteH + 0.8 * u,
        draw(x, y, w) {
          ctx.fillStyle = MUTED;
          ctx.textAlign = 'left';
          wrapped(line.text, m.small, false, w).forEach((text, i) =>
            ctx.fillText(text, x, y + 0.4 * u + (i + 0.5) * noteH),
          );
        },
      });
  }
  // A title alone (nothing under it: a colouring still being computed has its line) is not kept with the next entry.
  if (parts.length === 1) parts[0].keep = false;
  return parts;
}

/** An analysis swatch `w` × `h` centred on the line at y, as the panel's legend draws it (AnalysisLayerLegend's CSS). */
function drawAnalysisSwatch(
  ctx: CanvasRenderingContext2D,
  shape: AnalysisSwatchShape,
  colour: string,
  x: number,
  y: number,
  w: number,
  h: number,
  m: Metrics,
): void {
  const top = y - h / 2;
  ctx.save();
  ctx.lineWidth = m.thin;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.25)';
  switch (shape) {
    case 'box':
      ctx.fillStyle = colour;
      ctx.fillRect(x, top, w, h);
      ctx.strokeRect(x, top, w, h);
      break;
    case 'clear':
      // Drawn clear on the map (the grids show through): hatched, as on screen.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(x, top, w, h);
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, top, w, h);
      ctx.clip();
      ctx.beginPath();
      for (let d = -h; d < w; d += 1.2 * m.u) {
        ctx.moveTo(x + d, top + h);
        ctx.lineTo(x + d + h, top);
      }
      ctx.strokeStyle = '#d1d5db';
      ctx.lineWidth = 0.4 * m.u;
      ctx.stroke();
      ctx.restore();
      ctx.strokeRect(x, top, w, h);
      break;
    case 'dot': {
      const r = Math.min(w, h) / 2;
      ctx.beginPath();
      ctx.arc(x + w / 2, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.lineWidth = Math.max(m.thin, 0.35 * m.u);
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      break;
    }
    case 'outline':
      ctx.lineWidth = 0.6 * m.u;
      ctx.strokeStyle = colour;
      ctx.strokeRect(x + 0.3 * m.u, top + 0.3 * m.u, w - 0.6 * m.u, h - 0.6 * m.u);
      break;
    case 'band':
      ctx.globalAlpha = 0.35;
      ctx.fillStyle = colour;
      ctx.fillRect(x, y - h * 0.4, w, h * 0.8);
      break;
    case 'line':
      ctx.fillStyle = colour;
      ctx.fillRect(x, y - 0.4 * m.u, w, 0.8 * m.u);
      break;
  }
  ctx.restore();
}

/** A base swatch 8 × 4 mm centred on the row, as the on-screen legend draws it (MapLegend.vue's CSS, in millimetres). */
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
