/**
 * The analyst's monthly assessment report (components/analysis/ReportMenu): which month (by default the last whole
 * month before asOf's, as `gridsight report` chooses), the busy state while the stats worker writes the page
 * (io/report-data + io/report-html, the CLI's functions), and the two ways out: a download of the HTML, or the
 * browser's print (and its "Save as PDF") of that page in a hidden frame. The page is in the app's language.
 *
 * Validation per grid comes from the validation store (the validate worker's report of the dataset on screen, the
 * CLI's validateDataset): the report waits for a run still going; with no finished report it says so (its
 * validation columns then read "—").
 *
 * The frame is `srcdoc`, not a blob: URL: the app's Content-Security-Policy has no frame-src, so frames fall back to
 * default-src 'self', which a blob: URL does not match (the browser refuses it). An about:srcdoc frame is not
 * governed by frame-src; it inherits the app's policy, and the report adds its own stricter one. The frame is
 * sandboxed without scripts (the report has none): only same-origin (to call its print) and modals (print is one).
 */
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { datasetAsOf } from '../domain/stats';
import { safeFileName } from '../io/export/file-name';
import { defaultReportMonth, reportFindings, type ReportFindings } from '../io/report-data';
import type { ReportInput, ReportLang } from '../io/report-html';
import { useAnalysisStore } from '../stores/analysis';
import { useDatasetStore } from '../stores/dataset';
import { useValidationStore } from '../stores/validation';
import { downloadBytes } from './downloadBytes';

/** What the last report made: its file name, the month, worker and total milliseconds, what to tell the user. */
export interface ReportDone {
  name: string;
  month: string;
  /** In the stats worker (stats, figures, HTML) and from the click to the page in hand (waits included). */
  ms: { worker: number; total: number };
  /** The month lies outside the months the data covers. */
  outside: boolean;
  /** The report carries the validation's figures. */
  validated: boolean;
}

export function useAnalysisReport() {
  const { t, locale } = useI18n();
  const analysis = useAnalysisStore();
  const dataset = useDatasetStore();
  const validation = useValidationStore();
  const busy = ref<'download' | 'print' | null>(null);
  /** What the busy report waits for: the validation, or the worker. */
  const stage = ref<'validation' | 'report' | null>(null);
  const error = ref<string | null>(null);
  const done = shallowRef<ReportDone | null>(null);
  const chosen = ref<string | null>(null);
  let frame: HTMLIFrameElement | null = null;

  /** The months offered: the analyst's (asOf's month and the eleven before), newest first. */
  const months = computed(() => [...analysis.months].reverse());
  /** The CLI's default: the last whole month before asOf's. */
  const defaultMonth = computed(() => {
    const index = dataset.index;
    return index ? defaultReportMonth(datasetAsOf(index.dataset, Date.now())) : null;
  });
  const month = computed({
    get: () => chosen.value ?? defaultMonth.value,
    set: (m) => (chosen.value = m),
  });
  const lang = computed<ReportLang>(() => (locale.value === 'en' ? 'en' : 'zh-CN'));

  /** The validation report to give the worker, once a run still going has finished. */
  async function findings(): Promise<{
    validation: ReportFindings | null;
    notValidated?: ReportInput['notValidated'];
  }> {
    // Without community.geojson there is nothing to validate, as the CLI says.
    if (!dataset.index?.dataset.community) return { validation: null };
    if (validation.status === 'running') {
      stage.value = 'validation';
      await new Promise<void>((resolve) => {
        const stop = watch(
          () => validation.status,
          (s) => {
            if (s === 'running') return;
            stop();
            resolve();
          },
        );
      });
    }
    const report = validation.status === 'done' ? validation.report : null;
    return report
      ? { validation: reportFindings(report) }
      : { validation: null, notValidated: 'unavailable' };
  }

  /** The report's page from the stats worker, its file name, and what to say after. */
  async function make(): Promise<{ html: string; name: string } | null> {
    error.value = null;
    done.value = null;
    const m = month.value;
    if (!analysis.summary || !m) {
      error.value = `${t('monthlyReport.failed')}: ${t('monthlyReport.notReady')}`;
      return null;
    }
    const start = performance.now();
    try {
      const v = await findings();
      stage.value = 'report';
      const r = await analysis.monthlyReport({ month: m, lang: lang.value, ...v, now: Date.now() });
      const dsName = dataset.index?.dataset.manifest.name ?? '';
      const name = safeFileName([t('monthlyReport.file'), dsName, r.month], '.html', 'report');
      done.value = {
        name,
        month: r.month,
        ms: { worker: Math.round(r.ms), total: Math.round(performance.now() - start) },
        outside: r.warning !== null,
        validated: v.validation !== null,
      };
      return { html: r.html, name };
    } catch (e) {
      error.value = `${t('monthlyReport.failed')}: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    } finally {
      stage.value = null;
    }
  }

  async function download(): Promise<void> {
    if (busy.value) return;
    busy.value = 'download';
    try {
      const r = await make();
      if (r) downloadBytes(new TextEncoder().encode(r.html), r.name, 'text/html;charset=utf-8');
    } finally {
      busy.value = null;
    }
  }

  function removeFrame(): void {
    frame?.remove();
    frame = null;
  }

  /** Prints the page from a hidden frame (see the note at the top on why srcdoc); resolves once print() returned. */
  function printHtml(html: string): Promise<void> {
    removeFrame();
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', 'allow-same-origin allow-modals');
    f.setAttribute('aria-hidden', 'true');
    f.tabIndex = -1;
    f.dataset.testid = 'report-print-frame';
    f.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0';
    frame = f;
    return new Promise((resolve, reject) => {
      f.addEventListener(
        'load',
        () => {
          try {
            const w = f.contentWindow;
            if (!w) throw new Error('the print frame has no window');
            w.addEventListener('afterprint', () => (frame === f ? removeFrame() : undefined), { once: true });
            w.print();
            resolve();
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        },
        { once: true },
      );
      f.srcdoc = html;
      document.body.append(f);
    });
  }

  async function print(): Promise<void> {
    if (busy.value) return;
    busy.value = 'print';
    try {
      const r = await make();
      if (r) await printHtml(r.html);
    } catch (e) {
      error.value = `${t('monthlyReport.failed')}: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      busy.value = null;
    }
  }

  onBeforeUnmount(removeFrame);

  return { months, month, defaultMonth, lang, busy, stage, error, done, download, print };
}
