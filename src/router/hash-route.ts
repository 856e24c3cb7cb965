import { readonly, ref } from 'vue';

/**
 * A five-route hash router is all the app needs; vue-router would add a dependency for nothing more.
 * Hash routes keep the build servable from any folder (relative base, no server rewrites). `/admin` is a page only
 * in server mode, for administrators (App.vue shows "not found" there otherwise).
 */
export const ROUTES = ['/', '/analyze', '/wall', '/plan', '/admin'] as const;
export type RoutePath = (typeof ROUTES)[number];
/** A route, or `not-found` for an address that names none (shown as such, never silently as the overview). */
export type Route = RoutePath | 'not-found';

/** The path part of a location hash: `#/plan?x=1` → `/plan`; no hash → `/`. */
export function hashPath(hash: string): string {
  return hash.replace(/^#/, '').split('?')[0] || '/';
}

/**
 * @example parseRoute('#/analyze') // '/analyze'
 * @example parseRoute('#/nowhere') // 'not-found'
 */
export function parseRoute(hash: string): Route {
  const path = hashPath(hash);
  return (ROUTES as readonly string[]).includes(path) ? (path as RoutePath) : 'not-found';
}

const current = ref<Route>(parseRoute(window.location.hash));
const currentPath = ref(hashPath(window.location.hash));

/** The route in the address bar now, before the app has mounted. */
export function routeNow(): Route {
  return parseRoute(window.location.hash);
}

function onHashChange(): void {
  current.value = parseRoute(window.location.hash);
  currentPath.value = hashPath(window.location.hash);
}

/** Starts following location.hash; returns a function that stops. */
export function startHashRoute(): () => void {
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}

export function useRoute() {
  return readonly(current);
}

/** The path as typed in the address bar (for "not found" to quote it). */
export function useRoutePath() {
  return readonly(currentPath);
}

export function routeHref(path: RoutePath): string {
  return `#${path}`;
}
