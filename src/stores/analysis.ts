import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { datasetAsOf, type Stats } from '../domain/stats';
import { monthOf } from '../domain/time';
import type { HexAnalysis } from '../geo/hex-analysis';
import { statsInput, type StatsError, type StatsReply, type StatsRequest } from '../workers/stats-messages';
import { useDatasetStore } from './dataset';
import { useSelectionStore } from './selection';

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'error';
/** What the analyst map draws over the grids: incident density, Gi* hotspots, or nothing. */
export type HexMode = 'density' | 'hotspots' | 'off';

/** How many months the analyst can pick: the month of asOf and the ones before it. */
export const ANALYSIS_MONTHS = 12;

/**
 * The `count` months ending with `last` ("YYYY-MM"), oldest first.
 * @example recentMonths('2026-02', 3) // ['2025-12', '2026-01', '2026-02']
 */
export function recentMonths(last: string, count: number): string[] {
  const [y, m] = last.split('-').map(Number);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const k = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * The analyst route's month statistics (issue 4): `datasetStats` of the loaded dataset, incidents and patrols
 * included, run in a Web Worker that reads those two files when the route is first shown (the overview skips them).
 * The report sits in a shallowRef, markRaw. The selected grid is the map's selection (stores/selection).
 */
export const useAnalysisStore = defineStore('analysis', () => {
  const dataset = useDatasetStore();
  const selection = useSelectionStore();
  const status = ref<AnalysisStatus>('idle');
  const error = shallowRef<StatsError | null>(null);
  /** "YYYY-MM"; null until the route is first shown. */
  const month = ref<string | null>(null);
  const report = shallowRef<Stats | null>(null);
  const selectedGrid = computed(() => selection.gridCode);
  const hexMode = ref<HexMode>('density');
  const hexSize = ref(200);
  /** The latest hex result (markRaw: typed arrays and the month's incident list). */
  const hex = shallowRef<HexAnalysis | null>(null);
  /** The clicked cell, as its index in `hex`; null when none. */
  const hexCell = ref<number | null>(null);
  const hexError = ref<string | null>(null);

  const months = computed(() => {
    const index = dataset.index;
    return index ? recentMonths(monthOf(datasetAsOf(index.dataset, Date.now())), ANALYSIS_MONTHS) : [];
  });
  /** The selected month's numbers are in `report`. */
  const current = computed(() => status.value === 'done' && report.value?.month === month.value);
  const selectedStats = computed(
    () => report.value?.grids.find((g) => g.code === selectedGrid.value) ?? null,
  );

  /** Set by `start` (the route was shown): only then are incidents and patrols read. */
  let active = false;
  let worker: Worker | null = null;
  let ticket = 0;
  let hexTicket = 0;
  /** The dataset version whose dataset the worker holds (-1: none). */
  let sentVersion = -1;

  function fail(id: number, e: StatsError): void {
    if (id !== ticket) return;
    error.value = e;
    status.value = 'error';
  }

  function stopWorker(): void {
    worker?.terminate();
    worker = null;
    sentVersion = -1;
  }

  function startWorker(): Worker {
    const w = new Worker(new URL('../workers/stats.worker.ts', import.meta.url), {
      type: 'module',
      name: 'stats',
    });
    w.onmessage = (e: MessageEvent<StatsReply>) => {
      const reply = e.data;
      if (reply.kind === 'hex') {
        if (reply.id !== hexTicket) return;
        // A failed hex run leaves the map without cells; the month's numbers still stand.
        hex.value = reply.ok ? markRaw(reply.hex) : null;
        hexError.value = reply.ok ? null : reply.error.message;
        return;
      }
      if (reply.id !== ticket) return;
      if (!reply.ok) return fail(reply.id, reply.error);
      report.value = markRaw(reply.stats);
      status.value = 'done';
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      fail(ticket, { message: e.message || 'stats worker failed' });
      stopWorker();
    };
    w.onmessageerror = () => fail(ticket, { message: 'stats reply could not be read' });
    return w;
  }

  function post(w: Worker, request: StatsRequest): void {
    w.postMessage(request);
  }

  /** Asks the worker for the month on screen; sends it the dataset first when it does not hold this one. */
  function run(): void {
    const id = ++ticket;
    const index = dataset.index;
    error.value = null;
    if (!active || dataset.status !== 'ready' || !index) {
      report.value = null;
      hex.value = null;
      status.value = 'idle';
      return;
    }
    if (!month.value || !months.value.includes(month.value))
      month.value = months.value[months.value.length - 1];
    status.value = 'running';
    try {
      worker ??= startWorker();
      if (sentVersion !== dataset.version) {
        const baseUrl = new URL(dataset.baseUrl, window.location.href).href;
        post(worker, { type: 'dataset', key: dataset.version, baseUrl, dataset: statsInput(index.dataset) });
        sentVersion = dataset.version;
        hex.value = null;
      }
      post(worker, { type: 'stats', id, key: dataset.version, month: month.value, now: Date.now() });
      runHex();
    } catch (e) {
      fail(id, { message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Asks for the hex cells of the month and size on screen (after `run` has sent the dataset). */
  function runHex(): void {
    const id = ++hexTicket;
    hexCell.value = null;
    if (!worker || sentVersion !== dataset.version || !month.value || hexMode.value === 'off') {
      hex.value = null;
      return;
    }
    if (hex.value && hex.value.month === month.value && hex.value.sizeM === hexSize.value) return;
    hex.value = null;
    hexError.value = null;
    post(worker, { type: 'hex', id, key: dataset.version, month: month.value, sizeM: hexSize.value });
  }

  function setHexMode(next: HexMode): void {
    hexMode.value = next;
    runHex();
  }

  function setHexSize(next: number): void {
    if (next === hexSize.value) return;
    hexSize.value = next;
    runHex();
  }

  function selectHexCell(i: number | null): void {
    hexCell.value = i;
  }

  /** The analyst route is on screen: compute its month (once; later calls keep what is there). */
  function start(): void {
    if (active) return;
    active = true;
    run();
  }

  function setMonth(next: string): void {
    if (next === month.value) return;
    month.value = next;
    run();
  }

  function selectGrid(code: string | null): void {
    if (code) selection.selectGrid(code);
    else selection.clear();
  }

  watch(
    () => [dataset.status, dataset.version] as const,
    ([s]) => {
      if (!active) return;
      if (s !== 'ready') report.value = null;
      run();
    },
  );

  return {
    status,
    error,
    month,
    months,
    report,
    current,
    selectedGrid,
    selectedStats,
    hexMode,
    hexSize,
    hex,
    hexCell,
    hexError,
    start,
    setHexMode,
    setHexSize,
    selectHexCell,
    setMonth,
    selectGrid,
  };
});
