import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useRouteAccess } from '../../../src/composables/useRouteAccess';
import { loginProblem } from '../../../src/composables/useLoginForm';
import { useSessionStore } from '../../../src/stores/session';
import { ApiError } from '../../../src/io/server-http';
import type { AccountRole } from '../../../src/domain/access';

beforeEach(() => setActivePinia(createPinia()));

const ROUTES = ['/', '/analyze', '/wall', '/plan', '/admin'] as const;

function opens(role: AccountRole | 'static') {
  const session = useSessionStore();
  session.mode = role === 'static' ? 'static' : 'server';
  session.user = role === 'static' ? null : { id: 1, username: 'u', displayName: 'u', role, gridCodes: [] };
  const access = useRouteAccess();
  return { routes: ROUTES.filter((r) => access.canOpen(r)), home: access.home.value };
}

describe('useRouteAccess', () => {
  it('static mode opens every route as before (#/admin then shows "not found" in App)', () => {
    expect(opens('static')).toEqual({ routes: [...ROUTES], home: '/' });
  });

  it('server mode: the role’s screens; the wall account lands on the wall', () => {
    expect(opens('leader').routes).toEqual(['/', '/analyze', '/wall']);
    expect(opens('analyst').routes).toEqual(['/', '/analyze', '/wall']);
    expect(opens('planner').routes).toEqual(['/', '/analyze', '/wall', '/plan']);
    expect(opens('reviewer').routes).toEqual(['/', '/analyze', '/wall', '/plan']);
    expect(opens('admin').routes).toEqual([...ROUTES]);
    expect(opens('wall')).toEqual({ routes: ['/wall'], home: '/wall' });
  });

  it('an address that names no route stays "not found" for everyone', () => {
    opens('wall');
    expect(useRouteAccess().canOpen('not-found')).toBe(true);
  });
});

describe('loginProblem', () => {
  it('names the kind of a failed login from its status', () => {
    expect(loginProblem(new ApiError('wrong user name or password', 401))).toEqual({
      kind: 'credentials',
      detail: 'wrong user name or password',
      retryAfter: null,
    });
    expect(loginProblem(new ApiError('too many', 429, 300))).toMatchObject({
      kind: 'throttled',
      retryAfter: 300,
    });
    expect(loginProblem(new ApiError('Failed to fetch', 0)).kind).toBe('unreachable');
    expect(loginProblem(new ApiError('HTTP 500', 500)).kind).toBe('other');
  });
});
