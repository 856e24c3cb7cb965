import { watch } from 'vue';
import { isUnauthorized } from '../io/server-session';
import { useDatasetStore } from '../stores/dataset';
import { useSessionStore } from '../stores/session';
import { useWallStore } from '../stores/wall';

/**
 * A session that ends while the app is open (it expired, or was ended elsewhere): the server answers the data
 * requests with 401, and the login comes back over the screen. Logged in again as the same account, what failed is
 * read again; as another account, the page starts afresh, so nothing read for the last one stays on screen.
 */
export function useSessionExpiry(): void {
  const session = useSessionStore();
  const dataset = useDatasetStore();
  const wall = useWallStore();

  watch(
    () => dataset.error,
    (e) => {
      if (isUnauthorized(e?.reason)) session.expire();
    },
  );
  watch(
    () => wall.error,
    (e) => {
      if (isUnauthorized(e?.reason)) session.expire();
    },
  );

  let account: number | null = null;
  watch(
    () => session.user,
    (user) => {
      if (!user || session.expired) return;
      if (account !== null && user.id !== account) {
        window.location.reload();
        return;
      }
      if (account !== null) {
        if (dataset.status === 'error' && isUnauthorized(dataset.error?.reason) && dataset.baseUrl)
          void dataset.load(dataset.baseUrl);
        wall.refreshNow();
      }
      account = user.id;
    },
    { immediate: true },
  );
}
