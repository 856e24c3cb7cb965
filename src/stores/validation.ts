import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { RULES, type RuleId } from '../domain/findings';
import { COVERAGE_TOLERANCE_M } from '../domain/rules';
import type { ValidationReport } from '../geo/validate-dataset';
import { validationInput, type ValidateReply, type ValidateRequest } from '../workers/validate-messages';
import { useDatasetStore } from './dataset';
import { currentReady } from '../map/handle';

export type ValidationStatus = 'idle' | 'running' | 'done' | 'error';

/**
 * Validation of the loaded dataset, run in a Web Worker whenever a dataset finishes loading. The report (findings
 * carry geometry) sits in a shallowRef, markRaw; watchers follow `version`. Selection, the "show all problems"
 * toggle and the rule filter are plain refs.
 */
export const useValidationStore = defineStore('validation', () => {
  const dataset = useDatasetStore();
  const status = ref<ValidationStatus>('idle');
  const error = ref<string | null>(null);
  const report = shallowRef<ValidationReport | null>(null);
  /** Bumped whenever `report` is replaced (also to null). */
  const version = ref(0);
  /** Index into report.findings, or null. */
  const selected = ref<number | null>(null);
  /** Bumped on every select, so the map flies again when the same finding is clicked twice. */
  const focusVersion = ref(0);
  const showAll = ref(false);
  const ruleFilter = ref<RuleId | null>(null);
  const panelOpen = ref(false);
  /** Pieces narrower than this many metres are not findings; the CLI's default, so both count alike. */
  const tolerance = ref(COVERAGE_TOLERANCE_M);

  let worker: Worker | null = null;
  let ticket = 0;
  /** Bumped when a dataset becomes ready or goes away; a deferred run only starts if it is still the latest. */
  let deferred = 0;
  /** A request is with the worker and not yet answered (status also reads 'running' while a run waits for ready). */
  let inFlight = false;

  const countsByRule = computed(() => {
    const counts = Object.fromEntries(Object.keys(RULES).map((r) => [r, 0])) as Record<RuleId, number>;
    for (const f of report.value?.findings ?? []) counts[f.rule]++;
    return counts;
  });

  function setReport(next: ValidationReport | null): void {
    report.value = next ? markRaw(next) : null;
    selected.value = null;
    version.value++;
  }

  function fail(id: number, message: string): void {
    if (id !== ticket) return;
    inFlight = false;
    error.value = message;
    status.value = 'error';
  }

  function stopWorker(): void {
    worker?.terminate();
    worker = null;
  }

  function startWorker(): Worker {
    const w = new Worker(new URL('../workers/validate.worker.ts', import.meta.url), { type: 'module', name: 'validate' });
    w.onmessage = (e: MessageEvent<ValidateReply>) => {
      const reply = e.data;
      if (reply.id !== ticket) return;
      inFlight = false;
      if (!reply.ok) return fail(reply.id, reply.error);
      setReport(reply.report);
      status.value = 'done';
    };
    // A worker that cannot start or throws outside onmessage: report it and start afresh next time.
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      fail(ticket, e.message || 'validation worker failed');
      stopWorker();
    };
    w.onmessageerror = () => fail(ticket, 'validation reply could not be read');
    return w;
  }

  /** Validates what is loaded now; a run still going for an older dataset is abandoned (its worker ended). */
  function run(): void {
    const index = dataset.index;
    const id = ++ticket;
    setReport(null);
    error.value = null;
    if (!index) {
      status.value = 'idle';
      return;
    }
    if (inFlight) stopWorker();
    status.value = 'running';
    worker ??= startWorker();
    inFlight = true;
    const request: ValidateRequest = {
      id,
      dataset: validationInput(index.dataset),
      tolerance: tolerance.value,
      now: Date.now(),
    };
    try {
      worker.postMessage(request);
    } catch (e) {
      fail(id, e instanceof Error ? e.message : String(e));
    }
  }

  function select(i: number | null): void {
    selected.value = i;
    focusVersion.value++;
  }

  function toggleRule(rule: RuleId): void {
    ruleFilter.value = ruleFilter.value === rule ? null : rule;
  }

  watch(
    () => [dataset.status, dataset.index] as const,
    ([s, index]) => {
      if (s === 'ready') {
        // After `ready`: validation's worker and the copy of the dataset it is sent would otherwise share the CPU
        // with MapLibre's first tiles (on two cores, a tenth of the start-up). A newer dataset cancels the wait.
        const waiting = ++deferred;
        status.value = 'running';
        void currentReady().then(() => {
          if (waiting === deferred && dataset.index === index) run();
        });
      } else if (s !== 'idle') {
        deferred++;
        // Loading or failed: the old report no longer describes what is (or is not) on screen.
        ticket++;
        if (inFlight) stopWorker();
        inFlight = false;
        setReport(null);
        status.value = 'idle';
      }
    },
    { immediate: true },
  );

  return {
    status, error, report, version, selected, focusVersion, showAll, ruleFilter, panelOpen, tolerance, countsByRule,
    run, select, toggleRule,
  };
});
