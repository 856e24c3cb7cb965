import { onBeforeUnmount, onMounted, watch } from 'vue';
import { usePlanStore } from '../stores/plan';
import { useDatasetStore } from '../stores/dataset';
import { useSessionStore } from '../stores/session';
import { setHandlePlan } from '../app/handle';

/**
 * Starts the planner's session on the dataset the app shows (again when another dataset is loaded; not when the
 * planner only left `#/plan` and came back: the draft is kept), and publishes `window.__gridsight.plan` while the
 * view is mounted. In server mode the planner's name (on each change and on the proposal) is the account's.
 */
export function usePlanSession(): void {
  const plan = usePlanStore();
  const dataset = useDatasetStore();
  const session = useSessionStore();

  watch(
    () => (session.mode === 'server' ? session.user?.displayName : undefined),
    (name) => {
      if (name) plan.who = name;
    },
    { immediate: true },
  );

  watch(
    () => [dataset.status, dataset.version] as const,
    ([status, version]) => {
      const index = dataset.index;
      if (status !== 'ready' || !index) return;
      if (plan.datasetKey === version && plan.phase !== 'error' && plan.phase !== 'idle') return;
      void plan.start(index.dataset, version);
    },
    { immediate: true },
  );

  onMounted(() =>
    setHandlePlan({
      snapshot: () => (plan.snapshot ? structuredClone(plan.snapshot) : null),
      get history() {
        return plan.history.map((e) => ({ ...e }));
      },
      get cursor() {
        return plan.cursor;
      },
      get canUndo() {
        return plan.canUndo;
      },
      get canRedo() {
        return plan.canRedo;
      },
    }),
  );
  onBeforeUnmount(() => setHandlePlan(null));
}
