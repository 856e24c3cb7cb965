import type { HexAnalysis } from '../../geo/hex-analysis';
import type { HexGrid } from '../../geo/hexbin';
import { hexCell } from '../../geo/hexbin';
import { DENSITY_COLOURS, HOTSPOT_COLOURS, densityBreaks, densityClass, maxCount } from '../hex-layers';
import { metresPerPixel } from '../analysis-metres';
import { rgba, type Rgba } from './colour';
import { binaryAttribute, type BinaryData, type DeckLayerSpec } from './layer-spec';

/*
 * The analyst's hex cells as deck.gl draws them (one ColumnLayer, flat, filled and stroked): one instance per study
 * cell, its centre from the cell's axial coordinates, its colours from the filter's figures. Flat typed arrays only,
 * so a filter change hands deck.gl new colour arrays (a few bytes per cell) and nothing else; the centres change
 * only with the cell size. No deck.gl import here: these run in unit tests and before deck.gl is loaded.
 */

/** The cells' layer id (fill and outline in one deck.gl layer); a public interface (README). */
export const HEX_LAYER = 'analysis-hex';
/** Fill opacity of a coloured cell, as the MapLibre layer had it (the grids show through). */
export const HEX_FILL_OPACITY = 0.72;
/** Outline widths in CSS pixels: every cell with something to say, and the clicked one. */
export const HEX_LINE_PX = 1;
export const HEX_SELECTED_LINE_PX = 3;

const SQRT3 = Math.sqrt(3);
const CLEAR: Rgba = [0, 0, 0, 0];
const SELECTED = rgba('#111827');
const DENSITY_FILL = DENSITY_COLOURS.map((c) => rgba(c, HEX_FILL_OPACITY));
const DENSITY_LINE = rgba('rgba(106, 1, 119, 0.45)');
const HOTSPOT_FILL = new Map(
  Object.entries(HOTSPOT_COLOURS).map(([bin, c]) => [Number(bin), rgba(c, HEX_FILL_OPACITY)]),
);
const HOTSPOT_LINE = rgba('rgba(255, 255, 255, 0.8)');
const HOTSPOT_LINE_QUIET = rgba('rgba(100, 116, 139, 0.35)');

/** What the cells are coloured by; 'off' draws no cells at all. */
export type HexPaintMode = 'density' | 'hotspots';

/**
 * The centre of cell (q, r) of `grid` as lon, lat: the point hexPolygon draws the cell around.
 * @example hexCentre(0, 0, grid) // grid.center
 */
export function hexCentre(q: number, r: number, grid: HexGrid): [number, number] {
  const [kx, ky] = grid.metresPerDegree;
  return [
    grid.center[0] + (grid.sizeM * (q + r / 2)) / kx,
    grid.center[1] + (grid.sizeM * (SQRT3 / 2) * r) / ky,
  ];
}

/**
 * Every cell's centre, lon, lat interleaved (deck.gl's getPosition, size 2).
 * @example hexCentres(hex).length === 2 * hex.q.length
 */
export function hexCentres(hex: Pick<HexAnalysis, 'q' | 'r' | 'grid'>): Float64Array {
  const out = new Float64Array(hex.q.length * 2);
  for (let i = 0; i < hex.q.length; i++) {
    const [lon, lat] = hexCentre(hex.q[i], hex.r[i], hex.grid);
    out[2 * i] = lon;
    out[2 * i + 1] = lat;
  }
  return out;
}

/** The circumradius in metres of a cell `sizeM` across its flats: ColumnLayer's `radius` (a vertex on the circle). */
export function hexRadius(sizeM: number): number {
  return sizeM / SQRT3;
}

/**
 * Fill colours, RGBA bytes per cell: density by the result's class (densityBreaks of its largest count, clear for an
 * empty cell), hotspots by the Gi* bin (clear for class 0, so the grids show through).
 * @example hexFillColours(hex, 'density').subarray(0, 4) // the first cell's colour
 */
export function hexFillColours(hex: Pick<HexAnalysis, 'count' | 'bin'>, mode: HexPaintMode): Uint8Array {
  const n = hex.count.length;
  const out = new Uint8Array(n * 4);
  const breaks = mode === 'density' ? densityBreaks(maxCount(hex)) : [];
  for (let i = 0; i < n; i++) {
    const c =
      mode === 'density'
        ? (DENSITY_FILL[densityClass(hex.count[i], breaks) - 1] ?? CLEAR)
        : (HOTSPOT_FILL.get(hex.bin[i]) ?? CLEAR);
    out.set(c, 4 * i);
  }
  return out;
}

/**
 * Outline colours, RGBA bytes per cell: the selected cell dark; in density mode cells with incidents outlined in the
 * ramp's darkest tone, in hotspot mode significant cells in white and the rest faintly.
 */
export function hexLineColours(
  hex: Pick<HexAnalysis, 'count' | 'bin'>,
  mode: HexPaintMode,
  selected: number | null,
): Uint8Array {
  const n = hex.count.length;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const c =
      i === selected
        ? SELECTED
        : mode === 'density'
          ? hex.count[i] > 0
            ? DENSITY_LINE
            : CLEAR
          : hex.bin[i] === 0
            ? HOTSPOT_LINE_QUIET
            : HOTSPOT_LINE;
    out.set(c, 4 * i);
  }
  return out;
}

/** Outline widths in pixels per cell: the selected cell's is wider. */
export function hexLineWidths(n: number, selected: number | null): Float32Array {
  const out = new Float32Array(n).fill(HEX_LINE_PX);
  if (selected !== null && selected >= 0 && selected < n) out[selected] = HEX_SELECTED_LINE_PX;
  return out;
}

/**
 * The index of the study cell containing [lon, lat], or null outside every study cell: what a click on the map
 * hits. Exact (the same rounding hexBin bins the incidents with), no GPU picking. The cells are sorted by (r, q).
 * @example hexCellAt(hex, 121.0025, 30.6) // 7
 */
export function hexCellAt(
  hex: Pick<HexAnalysis, 'q' | 'r' | 'grid'>,
  lon: number,
  lat: number,
): number | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const { q, r } = hexCell(hex.grid, lon, lat);
  let lo = 0;
  let hi = hex.q.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = hex.r[mid] - r || hex.q[mid] - q;
    if (d === 0) return mid;
    if (d < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/**
 * The same study cells, in the same order (then the drawn centres stand and only the colours change).
 * @example sameCells(a, b) // true for two filters at one size
 */
export function sameCells(
  a: Pick<HexAnalysis, 'q' | 'r' | 'sizeM' | 'grid'>,
  b: Pick<HexAnalysis, 'q' | 'r' | 'sizeM' | 'grid'>,
): boolean {
  if (a === b) return true;
  if (
    a.sizeM !== b.sizeM ||
    a.q.length !== b.q.length ||
    a.grid.center[0] !== b.grid.center[0] ||
    a.grid.center[1] !== b.grid.center[1]
  )
    return false;
  for (let i = 0; i < a.q.length; i++) if (a.q[i] !== b.q[i] || a.r[i] !== b.r[i]) return false;
  return true;
}

/** What the hex layer's data carries besides its attributes: the cells it draws, for the click and the tests. */
export interface HexLayerCells {
  q: Int32Array;
  r: Int32Array;
  count: Uint32Array;
  bin: Int8Array;
  sizeM: number;
  mode: HexPaintMode;
  selected: number | null;
}

/** Below this many pixels across, the cells are drawn without outlines (unless one is selected). */
export const HEX_MIN_OUTLINED_PX = 8;

/**
 * Whether cells `sizeM` across are outlined at `zoom` (latitude `lat`): only where they are at least
 * HEX_MIN_OUTLINED_PX wide on screen, or a cell is selected. At a county's zoom a 200 m cell is 2–4 px, where a 1 px
 * outline would hide half of it, and ColumnLayer's outline pass is the costliest part of its frame in software WebGL
 * (14.7k cells: ≈ 250 of ≈ 420 ms a frame on this machine).
 * @example hexOutlined(200, 30.5, 14.6, null) // true (≈ 36 px)
 */
export function hexOutlined(sizeM: number, lat: number, zoom: number, selected: number | null): boolean {
  return selected !== null || sizeM / metresPerPixel(lat, zoom) >= HEX_MIN_OUTLINED_PX;
}

/**
 * The cells of `hex` coloured for `mode` with cell `selected` outlined, around `centres` (hexCentres of the same
 * cells: pass the array kept from the last call while sameCells holds, so deck.gl leaves the positions on the GPU);
 * `stroked` false draws no outlines at all (hexOutlined).
 * @example hexLayerSpec(hex, 'density', null, hexCentres(hex))
 */
export function hexLayerSpec(
  hex: HexAnalysis,
  mode: HexPaintMode,
  selected: number | null,
  centres: Float64Array,
  colours: { fill: Uint8Array; line: Uint8Array; width: Float32Array } = {
    fill: hexFillColours(hex, mode),
    line: hexLineColours(hex, mode, selected),
    width: hexLineWidths(hex.q.length, selected),
  },
  stroked = true,
): DeckLayerSpec & { props: { data: BinaryData & { cells: HexLayerCells } } } {
  if (centres.length !== 2 * hex.q.length)
    throw new RangeError(`${centres.length / 2} centres for ${hex.q.length} cells`);
  return {
    kind: 'column',
    props: {
      id: HEX_LAYER,
      data: {
        length: hex.q.length,
        attributes: {
          getPosition: binaryAttribute(centres, 2),
          getFillColor: binaryAttribute(colours.fill, 4),
          getLineColor: binaryAttribute(colours.line, 4),
          getLineWidth: binaryAttribute(colours.width, 1),
        },
        cells: { q: hex.q, r: hex.r, count: hex.count, bin: hex.bin, sizeM: hex.sizeM, mode, selected },
      },
      // A flat hexagon per cell, pointy side up like hexPolygon's: six vertices on the circumcircle, turned 30°.
      diskResolution: 6,
      radius: hexRadius(hex.sizeM),
      angle: 30,
      extruded: false,
      filled: true,
      stroked,
      lineWidthUnits: 'pixels',
    },
  };
}
