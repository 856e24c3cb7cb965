import { computed, ref, watch } from 'vue';
import { useRoute } from '../router/hash-route';
import { useDatasetStore } from '../stores/dataset';
import { useSessionStore } from '../stores/session';
import { resolveDataset } from '../io/dataset-url';
import { takePreloadedDataset } from '../workers/dataset-preload';
import { useRouteAccess } from './useRouteAccess';
import { useSessionExpiry } from './useSessionExpiry';

/**
 * The app's start (App.vue): static or server mode first (config.json, then /api/session), so a server that wants a
 * login gets one before any data request (which it would refuse); then the overview's dataset, read once the first
 * route that shows it comes up: not on the wall screen, which reads its own in a worker (left open for days, it
 * should not hold a second copy). `shown`: the screens may be shown, and stay once they have been (a login asked
 * for later, when the session has ended, goes over them and keeps their state).
 */
export function useAppStart() {
  const route = useRoute();
  const dataset = useDatasetStore();
  const session = useSessionStore();
  const access = useRouteAccess();

  void session.detect();
  useSessionExpiry();
  /** The data may be read: static mode, or someone is logged in. */
  const dataAllowed = computed(
    () => session.mode === 'static' || (session.mode === 'server' && !session.loginNeeded),
  );
  const shown = ref(false);
  watch(
    dataAllowed,
    (ok) => {
      if (ok) shown.value = true;
    },
    { immediate: true },
  );

  // Someone who logs in on a screen their role may not open (the wall account on the overview) lands on the first
  // one it may; later, such a screen says "not available to your account" (NoAccessView), except the start page.
  watch(
    [route, () => session.user],
    ([r, user], old) => {
      const before = old?.[1];
      const home = access.home.value;
      if (!home || access.canOpen(r)) return;
      if (r === '/' || (user && !before)) window.location.replace(`#${home}`);
    },
    { immediate: true },
  );

  let requested = false;
  watch(
    [route, dataAllowed],
    async ([r, ok]) => {
      if (r === '/wall' || !ok || requested || !access.canOpen(r)) return;
      requested = true;
      // main.ts began reading the dataset before Vue mounted; take that read over rather than start another (unless
      // it stopped at the server's login: then it is read now, logged in).
      const started = takePreloadedDataset();
      if (started && !(session.mode === 'server' && (await started.signIn))) {
        dataset.refused = await started.refused.catch(() => null);
        await dataset.load(await started.url, started.loaded);
      } else {
        const choice = await resolveDataset();
        dataset.refused = choice.refused;
        await dataset.load(choice.url);
      }
    },
    { immediate: true },
  );

  return { shown, access };
}
