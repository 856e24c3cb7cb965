/**
 * The analyst's download (components/analysis/ExportMenu): what and in which format, the busy state while the stats
 * worker writes it (stores/analysis exportData), the file's name, the download itself, and what to say after (the
 * translated failure, or the file's name, count and the writer's warnings). The bytes never enter Vue's reactivity:
 * they go from the worker's reply straight into a Blob.
 */
import { computed, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { EXPORT_EXTENSIONS, EXPORT_MEDIA_TYPES, type ExportFormat } from '../io/export/formats';
import { periodPart, safeFileName } from '../io/export/file-name';
import { useAnalysisStore } from '../stores/analysis';
import { useDatasetStore } from '../stores/dataset';
import type { AnalystExport } from '../workers/stats-messages';
import { downloadBytes } from './downloadBytes';

/** The formats offered, in the menu's order: spreadsheets first (what most analysts want), then GIS. */
export const MENU_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'geojson', 'kml', 'shp'];

/**
 * After a download: its file name, how many records, the writer's warnings (English, as io/export words them) and
 * a Shapefile's renamed fields ("communityCode → communityC").
 */
export interface ExportDone {
  name: string;
  count: number;
  warnings: string[];
  renames: string[];
}

export function useAnalysisExport() {
  const { t } = useI18n();
  const analysis = useAnalysisStore();
  const dataset = useDatasetStore();
  const what = ref<AnalystExport>('incidents');
  const format = ref<ExportFormat>('csv');
  const busy = ref(false);
  const error = ref<string | null>(null);
  const done = shallowRef<ExportDone | null>(null);

  /** The layers' sizes, for the menu (the dataset store holds them already). */
  const layerCounts = computed(() => {
    const d = dataset.index?.dataset;
    return {
      grids: d?.grids?.features.length ?? 0,
      microgrids: d?.microGrids?.features.length ?? 0,
      enterprises: d?.enterprises?.features.length ?? 0,
    };
  });

  /** "事件_2026-10_筛选.csv": the incidents with the filter's period, and 筛选 when another dimension narrows them. */
  function fileName(): string {
    const ext = EXPORT_EXTENSIONS[format.value];
    const dsName = dataset.index?.dataset.manifest.name ?? '';
    if (what.value !== 'incidents') return safeFileName([t(`exportData.file.${what.value}`), dsName], ext);
    const f = analysis.filter;
    const narrowed = [f.categories, f.levels, f.statuses, f.grids, f.towns, f.communities].some(
      (d) => d != null,
    );
    const parts = [t('exportData.file.incidents'), periodPart(f.from, f.to) ?? ''];
    if (narrowed) parts.push(t('exportData.file.filtered'));
    return safeFileName(parts, ext);
  }

  async function run(): Promise<void> {
    if (busy.value) return;
    error.value = null;
    done.value = null;
    // Before the worker holds the dataset there is nothing to write from (the button waits for the first count).
    if (!analysis.summary) {
      error.value = `${t('exportData.failed')}: ${t('exportData.notReady')}`;
      return;
    }
    busy.value = true;
    const name = fileName();
    const fmt = format.value;
    try {
      const report = await analysis.exportData(what.value, fmt);
      downloadBytes(report.bytes, name, EXPORT_MEDIA_TYPES[fmt]);
      done.value = {
        name,
        count: report.count,
        warnings: report.warnings,
        renames: report.renames.map((r) => `${r.property} → ${r.field}`),
      };
    } catch (e) {
      error.value = `${t('exportData.failed')}: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      busy.value = false;
    }
  }

  return { what, format, busy, error, done, layerCounts, fileName, run };
}
