import { readonly, ref } from 'vue';

/**
 * A four-route hash router is all the app needs; vue-router would add a dependency for nothing more.
 * Hash routes keep the build servable from any folder (relative base, no server rewrites).
 */
export const ROUTES = ['/', '/analyze', '/wall', '/plan'] as const;
export type RoutePath = (typeof ROUTES)[number];

function parse(hash: string): RoutePath {
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  return (ROUTES as readonly string[]).includes(path) ? (path as RoutePath) : '/';
}

const current = ref<RoutePath>(parse(window.location.hash));

/** The route in the address bar now, before the app has mounted. */
export function routeNow(): RoutePath {
  return parse(window.location.hash);
}

function onHashChange(): void {
  current.value = parse(window.location.hash);
}

/** Starts following location.hash; returns a function that stops. */
export function startHashRoute(): () => void {
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}

export function useRoute() {
  return readonly(current);
}

export function routeHref(path: RoutePath): string {
  return `#${path}`;
}
