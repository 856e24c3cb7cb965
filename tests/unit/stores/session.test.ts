import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSessionStore } from '../../../src/stores/session';
import { ACCOUNT_ROLES, ACTIONS, type AccountRole, type Action } from '../../../src/domain/access';
import { json, mockFetch } from '../io/mock-fetch';

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

const user = (role: AccountRole) => ({ id: 3, username: 'u', displayName: '用户', role, gridCodes: [] });

/** What each role may do (docs/server-api.md): every action not listed is refused. */
const EXPECTED: Record<AccountRole, Action[]> = {
  admin: [
    'view.overview',
    'view.analyze',
    'view.wall',
    'plan.view',
    'members.names',
    'members.phones',
    'incidents.read',
    'incidents.write',
    'patrols.write',
    'data.import',
    'admin',
  ],
  leader: ['view.overview', 'view.analyze', 'view.wall'],
  analyst: ['view.overview', 'view.analyze', 'view.wall', 'members.names', 'incidents.read'],
  planner: ['view.overview', 'view.analyze', 'view.wall', 'plan.view', 'plan.submit', 'members.names'],
  reviewer: ['view.overview', 'view.analyze', 'view.wall', 'plan.view', 'plan.review', 'members.names'],
  'grid-worker': [
    'view.overview',
    'view.analyze',
    'view.wall',
    'members.names',
    'incidents.read',
    'incidents.write',
    'patrols.write',
  ],
  wall: ['view.wall'],
};

describe('useSessionStore can()', () => {
  it.each(ACCOUNT_ROLES)('%s: exactly the actions of its role', (role) => {
    const session = useSessionStore();
    session.mode = 'server';
    session.user = user(role);
    const allowed = ACTIONS.filter((a) => session.can(a));
    expect(allowed.sort()).toEqual([...EXPECTED[role]].sort());
  });

  it('the brief’s cases', () => {
    const session = useSessionStore();
    session.mode = 'server';
    const as = (role: AccountRole) => {
      session.user = user(role);
      return session;
    };
    expect(as('planner').can('plan.submit')).toBe(true);
    expect(as('planner').can('plan.review')).toBe(false);
    expect(as('reviewer').can('plan.review')).toBe(true);
    expect(as('reviewer').can('plan.submit')).toBe(false);
    expect(as('admin').can('admin')).toBe(true);
    expect(as('leader').can('members.names')).toBe(false);
    expect(as('wall').can('members.names')).toBe(false);
    expect(as('grid-worker').can('incidents.write')).toBe(true);
    expect(as('analyst').can('incidents.write')).toBe(false);
    expect(as('analyst').can('plan.view')).toBe(false);
    expect(as('wall').can('view.overview')).toBe(false);
  });

  it('static mode: every screen as before, but no administration; unknown or logged out: nothing', () => {
    const session = useSessionStore();
    expect(ACTIONS.filter((a) => session.can(a))).toEqual([]);
    session.mode = 'static';
    expect(ACTIONS.filter((a) => !session.can(a))).toEqual(['admin']);
    session.mode = 'server';
    expect(ACTIONS.filter((a) => session.can(a))).toEqual([]);
  });
});

describe('useSessionStore detect, login, expiry', () => {
  it('detects server mode, logs in, and a 401 through apiFetch ends the session', async () => {
    const { fetch } = mockFetch({
      'GET ./config.json': json(200, { data: './api/data/current/', server: true }),
      'GET ./api/session': json(401, { error: 'not logged in' }),
      'POST ./api/session': json(200, { user: user('reviewer') }),
      'GET ./api/proposals': json(401, { error: 'session expired' }),
    });
    vi.stubGlobal('fetch', fetch);
    const session = useSessionStore();
    expect(await session.detect()).toMatchObject({ server: true });
    expect(session.mode).toBe('server');
    expect(session.user).toBeNull();
    expect(session.loginNeeded).toBe(true);
    await session.login('u', 'pw');
    expect(session.loginNeeded).toBe(false);
    expect(session.user?.role).toBe('reviewer');
    expect(session.can('plan.review')).toBe(true);
    await session.apiFetch('./api/proposals');
    expect(session.expired).toBe(true);
    expect(session.loginNeeded).toBe(true);
    // The screens stay as they were under the login: the role is still known.
    expect(session.can('plan.review')).toBe(true);
    await session.login('u', 'pw');
    expect(session.expired).toBe(false);
    expect(session.loginNeeded).toBe(false);
  });

  it('static mode reads config.json once and never asks for the session', async () => {
    const { fetch, calls } = mockFetch({ 'GET ./config.json': json(200, { data: './data/zhihuiwan/' }) });
    vi.stubGlobal('fetch', fetch);
    const session = useSessionStore();
    await Promise.all([session.detect(), session.detect()]);
    expect(session.mode).toBe('static');
    expect(calls.map((c) => c.url)).toEqual(['./config.json']);
  });

  it('a failed login leaves nobody logged in and says why', async () => {
    vi.stubGlobal(
      'fetch',
      mockFetch({ 'POST ./api/session': json(401, { error: 'wrong user name or password' }) }).fetch,
    );
    const session = useSessionStore();
    session.mode = 'server';
    await expect(session.login('u', 'bad')).rejects.toMatchObject({ status: 401 });
    expect(session.user).toBeNull();
  });

  it('logout ends the session here even when the server cannot be told', async () => {
    vi.stubGlobal('fetch', mockFetch({ 'DELETE ./api/session': new TypeError('Failed to fetch') }).fetch);
    const session = useSessionStore();
    session.mode = 'server';
    session.user = user('admin');
    await expect(session.logout()).rejects.toMatchObject({ status: 0 });
    expect(session.user).toBeNull();
  });
});
