import { describe, expect, it } from 'vitest';
import { createPropertyExpression, latest } from '@maplibre/maplibre-gl-style-spec';
import { corridorWidth, metresPerPixel, metresToPixels } from '../../../src/map/analysis-metres';

const LAT = 30.5;

/** Evaluates a line-width expression the way MapLibre does, at a zoom, for one feature. */
function widthAt(expression: unknown, zoom: number): number {
  const parsed = createPropertyExpression(expression, 'line-width', latest.paint_line['line-width'] as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const feature = { type: 'LineString', properties: {}, geometry: [] } as never;
  return parsed.value.evaluate({ zoom } as never, feature) as number;
}

describe('metres on the map', () => {
  it('metres per pixel halves with every zoom level and shrinks with latitude', () => {
    // 512-px world: 2πR / 512 at the equator, zoom 0.
    expect(metresPerPixel(0, 0)).toBeCloseTo((2 * Math.PI * 6378137) / 512, 6);
    expect(metresPerPixel(LAT, 16) / metresPerPixel(LAT, 17)).toBeCloseTo(2, 12);
    expect(metresPerPixel(60, 10) / metresPerPixel(0, 10)).toBeCloseTo(0.5, 12);
    expect(() => metresPerPixel(90, 10)).toThrow(RangeError);
  });

  it('the corridor is exactly 100 m wide at every zoom, from zoom 0 to 24', () => {
    const width = corridorWidth(50, LAT);
    for (const zoom of [0, 3.7, 8, 11.3, 13, 14.5, 15.25, 16, 17.9, 20, 22, 24]) {
      const px = widthAt(width, zoom);
      expect(px * metresPerPixel(LAT, zoom)).toBeCloseTo(100, 6);
    }
  });

  it('stays exact when the shader blends a tile’s two integer-zoom widths, as MapLibre does for such widths', () => {
    const parsed = createPropertyExpression(corridorWidth(50, LAT), 'line-width', latest.paint_line['line-width'] as never);
    if (parsed.result !== 'success') throw new Error('parse');
    const expr = parsed.value as unknown as { interpolationFactor(z: number, lo: number, hi: number): number };
    for (const zoom of [12.2, 14.5, 15.99, 17.4]) {
      const lo = Math.floor(zoom);
      const [a, b] = [widthAt(corridorWidth(50, LAT), lo), widthAt(corridorWidth(50, LAT), lo + 1)];
      const px = a + expr.interpolationFactor(zoom, lo, lo + 1) * (b - a);
      expect(px * metresPerPixel(LAT, zoom)).toBeCloseTo(100, 6);
    }
  });

  it('is zoom-and-data-driven like the other line widths (one shader program)', () => {
    const parsed = createPropertyExpression(corridorWidth(50, LAT), 'line-width', latest.paint_line['line-width'] as never);
    expect(parsed.result).toBe('success');
    expect((parsed.value as { kind: string }).kind).toBe('composite');
    const plain = createPropertyExpression(
      metresToPixels(60, LAT, { perFeature: false }),
      'heatmap-radius',
      latest.paint_heatmap['heatmap-radius'] as never,
    );
    expect((plain.value as { kind: string }).kind).toBe('camera');
  });

  it('rejects bad input', () => {
    expect(() => metresToPixels(-1, LAT)).toThrow(RangeError);
    expect(() => metresToPixels(10, LAT, { stops: [12, 12] })).toThrow(/rise/);
  });
});
