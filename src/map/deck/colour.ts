/** A colour as deck.gl takes it: red, green, blue, alpha, each 0–255. */
export type Rgba = [number, number, number, number];

/**
 * '#rrggbb', '#rgb' or 'rgba(r, g, b, a)' / 'rgb(r, g, b)' as bytes, the alpha multiplied by `opacity` (the way a
 * MapLibre `*-opacity` multiplies a colour's own alpha). Throws on anything else, so a palette typo fails a test.
 * @example rgba('#ff0000', 0.5) // [255, 0, 0, 128]
 */
export function rgba(colour: string, opacity = 1): Rgba {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour);
  let r: number,
    g: number,
    b: number,
    a = 1;
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].replace(/./g, (c) => c + c) : hex[1];
    [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  } else {
    const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(colour);
    if (!fn) throw new RangeError(`not a colour deck.gl can be given: "${colour}"`);
    [r, g, b] = [fn[1], fn[2], fn[3]].map(Number);
    if (fn[4] !== undefined) a = Number(fn[4]);
  }
  return [r, g, b, Math.round(255 * a * opacity)];
}
