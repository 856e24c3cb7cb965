import { computed, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useI18n } from 'vue-i18n';
import { FONT_STACK } from '../app/theme';
import { cstDay } from '../domain/time';
import { safeFileName } from '../io/export/file-name';
import { pageLayout, pagePoints, printPixelRatio, type Orientation, type PaperSize } from '../io/print/paper';
import { onePagePdf } from '../io/print/pdf';
import { withPngDpi } from '../io/print/png-dpi';
import { scaleBar, scaleDenominator } from '../io/print/scale-bar';
import { isSyntheticDataset } from '../io/print/synthetic';
import { GRID_FILL_SAMPLES, visibleLegendItems } from '../map/legend-items';
import { PrintCancelledError, PrintTooLargeError, captureMap } from '../map/print-capture';
import { drawPrintPage, type PrintPage } from '../map/print-page';
import type { Translate } from '../map/analysis-legend';
import { useRoute } from '../router/hash-route';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { useDatasetStore } from '../stores/dataset';
import { useUiStore } from '../stores/ui';
import { downloadBytes } from './downloadBytes';
import { printedAnalysisLegend } from './useAnalysisLegend';

export type PrintFormat = 'png' | 'pdf';
export interface PrintOptions {
  paper: PaperSize;
  /** Landscape (the default) or portrait. */
  orientation?: Orientation;
  /** 150 (draft) or 300 (press). */
  dpi: number;
  format: PrintFormat;
  title: string;
}
/** Where a print is: drawing the map at the print's resolution, laying out the sheet, writing the file. */
export type PrintStage = 'idle' | 'render' | 'compose' | 'encode' | 'done' | 'error';

/** What a finished print gave: the file offered for download, and how long it took (ms). */
export interface PrintResult {
  name: string;
  bytes: Uint8Array;
  type: string;
  width: number;
  height: number;
  ms: number;
}

declare module '../app/handle' {
  interface GridsightHandle {
    /** The last map print (打印地图) of this page: its file name, pixel size and time in ms, for tests and benchmarks. */
    lastPrint?: {
      name: string;
      width: number;
      height: number;
      bytes: number;
      ms: number;
      /** The legend's entries drawn whole (base message keys, 'gridFills', analysis ids) and those left out. */
      legend: { shown: string[]; left: string[]; scale: number };
    };
  }
}

/**
 * The map printed as a sheet (打印地图): the live map drawn at the print's DPI (map/print-capture), the sheet laid out
 * (io/print/paper) and drawn (map/print-page) with the title, the legend of the visible layers, the scale, the north
 * arrow, the dates, the source and the synthetic notice, then written as a PNG that says its DPI or a one-page PDF,
 * and downloaded. On #/analyze the legend explains the analysis layers drawn too (map/analysis-legend), as the
 * panel's legend does. `cancel` stops it and puts the map back; leaving the route does too.
 * @example const print = useMapPrint(toRef(props, 'map')); await print.run({ paper: 'A4', dpi: 300, format: 'png', title })
 */
export function useMapPrint(map: Ref<MapLibreMap | null>) {
  const { t, locale } = useI18n();
  const translate: Translate = (key, params) => (params ? t(key, params) : t(key));
  const dataset = useDatasetStore();
  const ui = useUiStore();
  const route = useRoute();
  const analysisLayers = useAnalysisLayersStore();
  const stage = ref<PrintStage>('idle');
  const error = ref('');
  const result = shallowRef<PrintResult | null>(null);
  let controller: AbortController | null = null;

  /** The title the dialog offers: the community's name for one community, else the dataset's. */
  const defaultTitle = computed(() => {
    const d = dataset.index?.dataset;
    if (!d) return '';
    const communities = d.community?.features ?? [];
    return communities.length === 1 ? communities[0].properties.name : d.manifest.name;
  });

  function sheet(
    options: PrintOptions,
    capture: { canvas: HTMLCanvasElement; metresPerPx: number; bearing: number },
  ): PrintPage {
    const layout = pageLayout(options.paper, options.dpi, options.orientation);
    const index = dataset.index!;
    const d = index.dataset;
    const communities = d.community?.features ?? [];
    const place =
      communities.length === 1 ? [communities[0].properties.county, communities[0].properties.town] : [];
    const analyze = route.value === '/analyze';
    const gridsColoured = analyze && analysisLayers.gridColouring !== 'none';
    const bar = scaleBar(capture.metresPerPx, layout.scale.width - 10 * layout.mm);
    const n = scaleDenominator(capture.metresPerPx, options.dpi);
    return {
      layout,
      map: capture.canvas,
      title: options.title.trim() || defaultTitle.value,
      subtitle: place.filter(Boolean).join(' · '),
      legend: {
        heading: t('legend.title'),
        items: visibleLegendItems(ui.visible).map((swatch) => ({ swatch, label: t(swatch.key) })),
        gridFills:
          ui.visible.grids && !gridsColoured
            ? { label: t('legend.gridFills'), colours: GRID_FILL_SAMPLES }
            : null,
        analysis: analyze ? printedAnalysisLegend(translate) : [],
        more: (n) => t('mapPrint.sheet.legendMore', { n }),
      },
      north: { bearing: capture.bearing, label: t('mapPrint.sheet.north') },
      scale: {
        heading: t('mapPrint.sheet.scale'),
        bar,
        fraction: t('mapPrint.sheet.fraction', { n: n.toLocaleString(locale.value) }),
      },
      footer: {
        lines: [
          t('mapPrint.sheet.source', { name: d.manifest.name }),
          `${t('mapPrint.sheet.asOf', { date: cstDay(index.asOf) })}　${t('mapPrint.sheet.printed', { date: cstDay(Date.now()) })}`,
          t('mapPrint.sheet.crs'),
        ],
        notice: isSyntheticDataset(d) ? t('mapPrint.sheet.synthetic') : null,
      },
    };
  }

  /** Prints the map with `options` and downloads the file; the result (or the error) is left in `result`/`error`. */
  async function run(options: PrintOptions): Promise<void> {
    const m = map.value;
    if (!m || !dataset.index || controller) return;
    const started = performance.now();
    controller = new AbortController();
    const { signal } = controller;
    error.value = '';
    result.value = null;
    try {
      stage.value = 'render';
      const layout = pageLayout(options.paper, options.dpi, options.orientation);
      const { width, height } = layout.map;
      const capture = await captureMap(
        m,
        { width, height, pixelRatio: printPixelRatio(options.dpi) },
        signal,
      );
      if (signal.aborted) throw new PrintCancelledError();
      stage.value = 'compose';
      await document.fonts.load(`16px "${FONT_STACK[0]}"`, '图例');
      const page = document.createElement('canvas');
      page.width = layout.page.width;
      page.height = layout.page.height;
      const legend = drawPrintPage(page.getContext('2d')!, sheet(options, capture));
      stage.value = 'encode';
      const bytes = await encode(page, options);
      if (signal.aborted) throw new PrintCancelledError();
      const portrait = options.orientation === 'portrait';
      const name = safeFileName(
        [
          options.title.trim() || defaultTitle.value,
          portrait ? `${options.paper}-${t('mapPrint.portraitTag')}` : options.paper,
          `${options.dpi}dpi`,
        ],
        options.format,
        'map',
      );
      const type = options.format === 'png' ? 'image/png' : 'application/pdf';
      downloadBytes(bytes, name, type);
      const ms = Math.round(performance.now() - started);
      result.value = { name, bytes, type, width: page.width, height: page.height, ms };
      if (window.__gridsight)
        window.__gridsight.lastPrint = {
          name,
          width: page.width,
          height: page.height,
          bytes: bytes.length,
          ms,
          legend: { shown: legend.shown, left: legend.left, scale: legend.scale },
        };
      stage.value = 'done';
    } catch (e) {
      if (e instanceof PrintCancelledError) {
        stage.value = 'idle';
        return;
      }
      stage.value = 'error';
      error.value =
        e instanceof PrintTooLargeError
          ? t('mapPrint.error.tooLarge', { limit: e.limit })
          : t('mapPrint.error.failed', { message: e instanceof Error ? e.message : String(e) });
      console.warn('map print failed:', e);
    } finally {
      controller = null;
    }
  }

  /** Stops a print under way (the map is put back as it was); nothing is downloaded. */
  function cancel(): void {
    controller?.abort();
  }

  onBeforeUnmount(cancel);
  return { stage, error, result, defaultTitle, run, cancel };
}

/** The sheet as PNG bytes that say their DPI, or as a one-page PDF of a JPEG at the sheet's size in points. */
async function encode(page: HTMLCanvasElement, options: PrintOptions): Promise<Uint8Array> {
  const blob = (type: string, quality?: number) =>
    new Promise<Blob>((resolve, reject) =>
      page.toBlob(
        (b) => (b ? resolve(b) : reject(new Error(`the browser could not write ${type}`))),
        type,
        quality,
      ),
    );
  if (options.format === 'png') {
    return withPngDpi(new Uint8Array(await (await blob('image/png')).arrayBuffer()), options.dpi);
  }
  const jpeg = new Uint8Array(await (await blob('image/jpeg', 0.92)).arrayBuffer());
  const points = pagePoints(options.paper, options.orientation);
  return onePagePdf({
    jpeg,
    width: page.width,
    height: page.height,
    pageWidth: points.width,
    pageHeight: points.height,
    title: options.title,
    created: Date.now(),
  });
}
