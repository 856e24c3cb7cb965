import { describe, expect, it } from 'vitest';
import type { HexAnalysis } from '../../../../src/geo/hex-analysis';
import { hexBin, hexCell, hexGrid, hexPolygon } from '../../../../src/geo/hexbin';
import { DENSITY_COLOURS, HOTSPOT_COLOURS } from '../../../../src/map/hex-layers';
import { rgba } from '../../../../src/map/deck/colour';
import {
  HEX_FILL_OPACITY,
  HEX_LAYER,
  HEX_LINE_PX,
  HEX_SELECTED_LINE_PX,
  hexCellAt,
  hexCentre,
  hexCentres,
  hexFillColours,
  hexLayerSpec,
  hexLineColours,
  hexLineWidths,
  hexOutlined,
  hexRadius,
  sameCells,
} from '../../../../src/map/deck/hex-cells';

const grid = hexGrid(200, [121, 30.6]);
const result = (count: number[], bin: number[], q = [0, 1, 2]): HexAnalysis =>
  ({
    sizeM: 200,
    grid,
    q: Int32Array.from(q),
    r: Int32Array.from(q.map(() => 0)),
    count: Uint32Array.from(count),
    z: Float64Array.from(count.map((c) => (c ? c / 2 : NaN))),
    p: Float64Array.from(count.map((c) => (c ? 0.5 : NaN))),
    bin: Int8Array.from(bin),
  }) as unknown as HexAnalysis;
const at = (bytes: Uint8Array, i: number) => Array.from(bytes.subarray(4 * i, 4 * i + 4));

describe('hex cells for deck.gl', () => {
  it('centres and radius draw the same hexagon as hexPolygon', () => {
    for (const [q, r] of [
      [0, 0],
      [3, -2],
      [-7, 11],
    ]) {
      const ring = hexPolygon(q, r, grid).coordinates[0].slice(0, 6);
      const [lon, lat] = hexCentre(q, r, grid);
      expect(lon).toBeCloseTo(ring.reduce((a, c) => a + c[0], 0) / 6, 12);
      expect(lat).toBeCloseTo(ring.reduce((a, c) => a + c[1], 0) / 6, 12);
      // Every vertex is one circumradius from the centre, at 30° + k × 60° (ColumnLayer's disk turned 30°).
      for (const [k, v] of ring.entries()) {
        const dx = (v[0] - lon) * grid.metresPerDegree[0];
        const dy = (v[1] - lat) * grid.metresPerDegree[1];
        expect(Math.hypot(dx, dy)).toBeCloseTo(hexRadius(200), 6);
        expect(((Math.atan2(dy, dx) * 180) / Math.PI + 360) % 360).toBeCloseTo(30 + 60 * k, 6);
      }
    }
    expect(Array.from(hexCentres(result([0, 0, 0], [0, 0, 0])).subarray(0, 2))).toEqual(grid.center);
  });

  it('a point finds its study cell as hexBin bins it, and nothing outside the study cells', () => {
    const lon = Float64Array.from({ length: 400 }, (_, i) => 121 + ((i * 7919) % 400) / 40000 - 0.005);
    const lat = Float64Array.from({ length: 400 }, (_, i) => 30.6 + ((i * 104729) % 400) / 40000 - 0.005);
    const bins = hexBin(lon, lat, { sizeM: 200, center: grid.center });
    const hex = { q: bins.q, r: bins.r, grid } as HexAnalysis;
    for (let i = 0; i < lon.length; i++) expect(hexCellAt(hex, lon[i], lat[i])).toBe(bins.cellOf[i]);
    const far = hexCell(grid, 121.5, 30.6);
    expect(bins.q.some((q, i) => q === far.q && bins.r[i] === far.r)).toBe(false);
    expect(hexCellAt(hex, 121.5, 30.6)).toBeNull();
    expect(hexCellAt(hex, NaN, 30.6)).toBeNull();
  });

  it('density fill by the class of the largest count, clear when empty; hotspots by bin, clear for 0', () => {
    const hex = result([1, 0, 4], [0, 0, 2]);
    // Largest 4: breaks [1, 2, 3, 4]; 1 → class 1, 4 → class 4.
    const density = hexFillColours(hex, 'density');
    expect(at(density, 0)).toEqual(rgba(DENSITY_COLOURS[0], HEX_FILL_OPACITY));
    expect(at(density, 1)).toEqual([0, 0, 0, 0]);
    expect(at(density, 2)).toEqual(rgba(DENSITY_COLOURS[3], HEX_FILL_OPACITY));
    const hot = hexFillColours(hex, 'hotspots');
    expect(at(hot, 0)).toEqual([0, 0, 0, 0]);
    expect(at(hot, 2)).toEqual(rgba(HOTSPOT_COLOURS['2'], HEX_FILL_OPACITY));
    expect(at(hexFillColours(result([1, 1, 1], [-3, 3, -1]), 'hotspots'), 0)).toEqual(
      rgba(HOTSPOT_COLOURS['-3'], HEX_FILL_OPACITY),
    );
  });

  it('outlines: the selected cell dark and wider, the others by mode', () => {
    const hex = result([1, 0, 4], [0, 0, 2]);
    const dark = rgba('#111827');
    expect(at(hexLineColours(hex, 'density', 2), 2)).toEqual(dark);
    expect(at(hexLineColours(hex, 'density', null), 1)).toEqual([0, 0, 0, 0]);
    expect(at(hexLineColours(hex, 'hotspots', null), 0)[3]).toBeLessThan(
      at(hexLineColours(hex, 'hotspots', null), 2)[3],
    );
    expect(Array.from(hexLineWidths(3, 1))).toEqual([HEX_LINE_PX, HEX_SELECTED_LINE_PX, HEX_LINE_PX]);
    expect(Array.from(hexLineWidths(3, null))).toEqual([HEX_LINE_PX, HEX_LINE_PX, HEX_LINE_PX]);
  });

  it('outlines only where a cell is wide enough on screen, or one is selected', () => {
    expect(hexOutlined(200, 30.5, 14.6, null)).toBe(true);
    expect(hexOutlined(200, 30.5, 10.5, null)).toBe(false);
    expect(hexOutlined(200, 30.5, 10.5, 3)).toBe(true);
    expect(
      hexLayerSpec(
        result([1], [0], [0]),
        'density',
        null,
        hexCentres(result([1], [0], [0])),
        undefined,
        false,
      ).props.stroked,
    ).toBe(false);
  });

  it('two filters at one size share their cells; another size or other cells do not', () => {
    const a = result([1, 0, 4], [0, 0, 2]);
    expect(sameCells(a, result([0, 0, 1], [0, 0, 0]))).toBe(true);
    expect(sameCells(a, { ...result([1, 0, 4], [0, 0, 2]), sizeM: 100 })).toBe(false);
    expect(sameCells(a, result([1, 0, 4], [0, 0, 2], [0, 1, 3]))).toBe(false);
    expect(sameCells(a, result([1, 0], [0, 0], [0, 1]))).toBe(false);
  });

  it('one flat ColumnLayer over binary attributes; the centres array is the one given', () => {
    const hex = result([1, 0, 4], [0, 0, 2]);
    const centres = hexCentres(hex);
    const spec = hexLayerSpec(hex, 'density', 1, centres);
    expect(spec.kind).toBe('column');
    expect(spec.props).toMatchObject({
      id: HEX_LAYER,
      diskResolution: 6,
      angle: 30,
      extruded: false,
      stroked: true,
      filled: true,
    });
    expect(spec.props.radius).toBeCloseTo(200 / Math.sqrt(3), 9);
    const { data } = spec.props;
    expect(data.length).toBe(3);
    expect(data.attributes.getPosition.value).toBe(centres);
    expect(data.attributes.getFillColor).toMatchObject({ size: 4, normalized: true });
    expect(data.cells).toMatchObject({ mode: 'density', selected: 1, sizeM: 200 });
    // The same arrays again: the same attribute objects (deck.gl uploads nothing).
    const again = hexLayerSpec(hex, 'density', 1, centres, {
      fill: data.attributes.getFillColor.value as Uint8Array,
      line: data.attributes.getLineColor.value as Uint8Array,
      width: data.attributes.getLineWidth.value as Float32Array,
    });
    expect(again.props.data.attributes.getPosition).toBe(data.attributes.getPosition);
    expect(again.props.data.attributes.getFillColor).toBe(data.attributes.getFillColor);
    expect(() => hexLayerSpec(hex, 'density', null, new Float64Array(2))).toThrow(RangeError);
  });
});
