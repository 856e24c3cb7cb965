import { computed } from 'vue';
import type { Action } from '../domain/access';
import type { Route, RoutePath } from '../router/hash-route';
import { useSessionStore } from '../stores/session';

/** The action (domain/access) that opens each screen. */
const ROUTE_ACTION: Record<RoutePath, Action> = {
  '/': 'view.overview',
  '/analyze': 'view.analyze',
  '/wall': 'view.wall',
  '/plan': 'plan.view',
  '/admin': 'admin',
};
/** Where a user lands who may not open the screen asked for: the first of these they may open. */
const HOMES: RoutePath[] = ['/', '/analyze', '/wall', '/plan', '/admin'];

/**
 * Which screens the user may open. In static mode every route is as it always was (`#/admin` is then no page at
 * all, shown as "not found"); in server mode, the role's (a leader has no planner, the wall account only the wall).
 */
export function useRouteAccess() {
  const session = useSessionStore();
  function canOpen(route: Route): boolean {
    if (session.mode !== 'server' || route === 'not-found') return true;
    return session.can(ROUTE_ACTION[route]);
  }
  const home = computed<RoutePath | null>(() =>
    session.mode === 'server' && !session.user ? null : (HOMES.find(canOpen) ?? null),
  );
  return { canOpen, home };
}
