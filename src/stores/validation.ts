import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { RULES, type RuleId } from '../domain/findings';
import { COVERAGE_TOLERANCE_M } from '../domain/rules';
import type { ValidationReport } from '../geo/validate-dataset';
import { validationInput, type ValidateReply, type ValidateRequest } from '../workers/validate-messages';
import { WorkerClient } from '../workers/client';
import { useDatasetStore } from './dataset';
import { currentReady } from '../app/handle';

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

  const worker = new WorkerClient<ValidateRequest, ValidateReply>({
    name: 'validation',
    create: () => new Worker(new URL('../workers/validate.worker.ts', import.meta.url), { type: 'module', name: 'validate' }),
  });
  /** Bumped when a dataset becomes ready or goes away; a deferred run only starts if it is still the latest. */
  let deferred = 0;

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

  function fail(message: string): void {
    error.value = message;
    status.value = 'error';
  }

  /** Ends a run still going (validation cannot be interrupted inside the worker, so the worker goes with it). */
  function abandon(): void {
    if (worker.pending > 0) worker.terminate();
  }

  /** Validates what is loaded now; a run still going for an older dataset is abandoned (its worker ended). */
  function run(): void {
    const index = dataset.index;
    setReport(null);
    error.value = null;
    abandon();
    if (!index) {
      status.value = 'idle';
      return;
    }
    status.value = 'running';
    const request = (id: number): ValidateRequest => ({
      id,
      dataset: validationInput(index.dataset),
      tolerance: tolerance.value,
      now: Date.now(),
    });
    worker.request('validate', request, {
      reply: (reply) => {
        if (!reply.ok) return fail(reply.error);
        setReport(reply.report);
        status.value = 'done';
      },
      // A worker that cannot start, throws outside onmessage or sends an unreadable reply: say so (the client
      // starts a fresh worker next time). A run dropped for a newer one says nothing.
      fail: (e) => {
        if (!e.dropped) fail(e.message);
      },
    });
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
        abandon();
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
