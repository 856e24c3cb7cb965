/**
 * A chart as a file: PNG from the running canvas chart, SVG from a throw-away SVG-renderer chart given the same
 * option. A canvas chart cannot write SVG (its drawing is pixels), so the option is drawn a second time by ECharts'
 * server-side SVG renderer (no DOM, no animation), which returns the SVG as a string that ECharts builds itself:
 * every text it holds (labels from the data's names) is escaped there (tests/unit/components/chart-export).
 */
import { echarts, type ChartInstance } from '../../charts/echarts';
import { safeFileName } from '../../io/export/file-name';
import { cstDay } from '../../domain/time';

export type ChartFileFormat = 'png' | 'svg';

/** What each format downloads as. */
export const CHART_MEDIA_TYPES: Record<ChartFileFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml;charset=utf-8',
};

/** Device pixels per CSS pixel of a PNG: sharp in a document or a slide. */
export const PNG_PIXEL_RATIO = 2;

/**
 * The chart's file name: its title and the day (China time), made safe.
 * @example chartFileName('各网格事件数', 'png', Date.parse('2026-11-20T09:00Z')) // '各网格事件数_2026-11-20.png'
 */
export function chartFileName(title: string | undefined, format: ChartFileFormat, now = Date.now()): string {
  return safeFileName([title ?? '', cstDay(now)], `.${format}`, 'chart');
}

/** The bytes of a base64 data: URL. */
function dataUrlBytes(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The running chart as a PNG at PNG_PIXEL_RATIO on `backgroundColor` (a canvas chart's own background is
 * transparent, which a document shows as black or a checkerboard).
 * @example downloadBytes(chartPng(chart, '#ffffff'), 'chart.png', 'image/png')
 */
export function chartPng(chart: ChartInstance, backgroundColor: string): Uint8Array {
  return dataUrlBytes(chart.getDataURL({ type: 'png', pixelRatio: PNG_PIXEL_RATIO, backgroundColor }));
}

/**
 * An option drawn as an SVG document by ECharts' server-side SVG renderer, `width` × `height` CSS pixels, without
 * animation, on `backgroundColor`. The chart is made and disposed here.
 * @example optionSvg(chart.getOption(), { width: 400, height: 170, backgroundColor: '#fff' }).startsWith('<svg')
 */
export function optionSvg(
  option: object,
  size: { width: number; height: number; backgroundColor: string; theme?: string | object },
): string {
  const svg = echarts.init(null, size.theme, {
    renderer: 'svg',
    ssr: true,
    width: Math.max(1, Math.round(size.width)),
    height: Math.max(1, Math.round(size.height)),
  });
  try {
    svg.setOption({ ...option, animation: false, backgroundColor: size.backgroundColor }, { notMerge: true });
    return svg.renderToSVGString();
  } finally {
    svg.dispose();
  }
}

/**
 * The running chart as an SVG document: its current option (brush areas, legend choices and all) drawn again at
 * its size by the SVG renderer.
 * @example downloadBytes(new TextEncoder().encode(chartSvg(chart, '#fff')), 'chart.svg', 'image/svg+xml')
 */
export function chartSvg(chart: ChartInstance, backgroundColor: string, theme?: string | object): string {
  return optionSvg(chart.getOption(), {
    width: chart.getWidth(),
    height: chart.getHeight(),
    backgroundColor,
    theme,
  });
}

/**
 * The colour a chart sits on: its option's own background when it has one, else the first opaque background of the
 * element or its ancestors (the panel's), else white.
 */
export function chartBackground(chart: ChartInstance, el: Element | null): string {
  const own = (chart.getOption() as { backgroundColor?: unknown }).backgroundColor;
  if (typeof own === 'string' && own && own !== 'transparent') return own;
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}
