import { FONT_STACK } from '../app/theme';

/*
 * Text on the printed sheet (map/print-page, map/print-legend): the app's font, the sheet's inks, and text that is
 * shrunk, cut or broken into lines to fit. Text from data is drawn with fillText: it is never markup.
 */

export const INK = '#1f2937';
export const MUTED = '#4b5563';
export const NOTICE = '#b91c1c';
const FAMILY = [...FONT_STACK.map((f) => `"${f}"`), 'sans-serif'].join(', ');

/** A canvas font of `px` pixels in the app's font stack. */
export const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px ${FAMILY}`;

/**
 * Text at (x, y), its font shrunk (down to 60 %) and then cut with an ellipsis to fit `max` pixels.
 * @example fitText(ctx, '智汇湾工业社区', 100, 40, 600, 80, true)
 */
export function fitText(
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

/** Punctuation that may not begin a line (CJK line breaking, 禁则): a line breaking before it takes a character along. */
const NO_LINE_START = new Set([...'、。，．：；！？）」』】〕》〉”’…%,.;:!?)]}']);

/**
 * `text` in the current font broken at characters (CJK has no spaces) into lines of at most `max` pixels; a closing
 * mark never begins a line (the character before it moves down with it).
 * @example wrapLines(ctx, '模拟数据：本图数据为程序生成的合成数据', 300) // ['模拟数据：本图数据为', '程序生成的合成数据']
 */
export function wrapLines(ctx: CanvasRenderingContext2D, text: string, max: number): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  for (const ch of text) {
    if (line.length && ctx.measureText(line.join('') + ch).width > max) {
      const carried = NO_LINE_START.has(ch) && line.length > 1 ? line.splice(-1) : [];
      lines.push(line.join(''));
      line = [...carried, ...(carried.length ? ch : ch.trimStart())];
    } else line.push(ch);
  }
  if (line.length) lines.push(line.join(''));
  return lines;
}

/**
 * Text in the current font and alignment, broken into lines of at most `max` px (wrapLines) from `y` down;
 * returns the last line's y.
 * @example wrapText(ctx, notice, right, top, 900, 40)
 */
export function wrapText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  max: number,
  lineHeight: number,
): number {
  const lines = wrapLines(ctx, text, max);
  lines.forEach((line, i) => ctx.fillText(line, x, y + i * lineHeight));
  return y + Math.max(0, lines.length - 1) * lineHeight;
}
