import { onMounted, watch, watchEffect, type Ref } from 'vue';
import { useDatasetStore } from '../stores/dataset';
import { beginReady, finishReady } from '../app/handle';

/**
 * Ties `window.__gridsight.ready` to the view on screen: a new round begins when the view mounts and whenever a
 * new dataset starts loading; it settles when the dataset failed (ok: false) or when `viewReady` turns true.
 */
export function useRouteReady(viewReady: Ref<boolean>): void {
  const dataset = useDatasetStore();
  let token = 0;
  onMounted(() => {
    token = beginReady();
    watch(
      () => dataset.version,
      () => {
        token = beginReady();
      },
    );
    watchEffect(() => {
      const error = dataset.error;
      if (dataset.status === 'error' && error) finishReady(token, { ok: false, error: { ...error } });
      else if (dataset.status === 'ready' && viewReady.value) finishReady(token, { ok: true });
    });
  });
}
