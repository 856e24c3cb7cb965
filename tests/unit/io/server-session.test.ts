import { describe, expect, it } from 'vitest';
import {
  detectSession,
  fetchSession,
  isUnauthorized,
  login,
  logout,
  parseUser,
} from '../../../src/io/server-session';
import { ApiError, retryAfterSeconds } from '../../../src/io/server-http';
import { html, json, mockFetch } from './mock-fetch';

const USER = { id: 7, username: 'liwei', displayName: '李伟', role: 'planner', gridCodes: [] };

describe('fetchSession', () => {
  it('200 with a user: server mode, logged in', async () => {
    const { fetch, calls } = mockFetch({ 'GET ./api/session': json(200, { user: USER }) });
    expect(await fetchSession(fetch)).toEqual({ mode: 'server', user: USER });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('./api/session');
  });

  it('401 in JSON: server mode, nobody logged in', async () => {
    const { fetch } = mockFetch({ 'GET ./api/session': json(401, { error: 'not logged in' }) });
    expect(await fetchSession(fetch)).toEqual({ mode: 'server', user: null });
  });

  it('404, a web page (a static host answering every path with index.html), no answer: static mode', async () => {
    expect(await fetchSession(mockFetch({}).fetch)).toEqual({ mode: 'static' });
    expect(await fetchSession(mockFetch({ 'GET ./api/session': json(404, { error: 'no' }) }).fetch)).toEqual({
      mode: 'static',
    });
    expect(await fetchSession(mockFetch({ 'GET ./api/session': html(200) }).fetch)).toEqual({
      mode: 'static',
    });
    expect(await fetchSession(mockFetch({ 'GET ./api/session': html(401, 'Unauthorized') }).fetch)).toEqual({
      mode: 'static',
    });
    expect(
      await fetchSession(mockFetch({ 'GET ./api/session': new TypeError('Failed to fetch') }).fetch),
    ).toEqual({ mode: 'static' });
  });

  it('a user with a role this app does not know counts as nobody', async () => {
    const { fetch } = mockFetch({ 'GET ./api/session': json(200, { user: { ...USER, role: 'root' } }) });
    expect(await fetchSession(fetch)).toEqual({ mode: 'server', user: null });
  });
});

describe('detectSession', () => {
  it('asks for the session only when config.json is the server’s', async () => {
    const stat = mockFetch({ 'GET ./config.json': json(200, { data: './data/zhihuiwan/' }) });
    expect((await detectSession(stat.fetch)).session).toEqual({ mode: 'static' });
    expect(stat.calls.map((c) => c.url)).toEqual(['./config.json']);

    const config = { data: './api/data/current/', datasets: [], server: true };
    const server = mockFetch({
      'GET ./config.json': json(200, config),
      'GET ./api/session': json(401, { error: 'not logged in' }),
    });
    expect(await detectSession(server.fetch)).toEqual({ config, session: { mode: 'server', user: null } });
    expect(server.calls.map((c) => c.url)).toEqual(['./config.json', './api/session']);
  });

  it('a config.json behind the login counts as the server’s; an unreadable one as static', async () => {
    const locked = mockFetch({
      'GET ./config.json': json(401, { error: 'x' }),
      'GET ./api/session': json(401, { error: 'x' }),
    });
    expect((await detectSession(locked.fetch)).session).toEqual({ mode: 'server', user: null });
    const broken = mockFetch({
      'GET ./config.json': new Response('{', { headers: { 'content-type': 'application/json' } }),
    });
    expect(await detectSession(broken.fetch)).toEqual({ config: null, session: { mode: 'static' } });
  });
});

describe('login', () => {
  it('posts the name and password as JSON and answers the user', async () => {
    const { fetch, calls } = mockFetch({ 'POST ./api/session': json(200, { user: USER }) });
    expect(await login(fetch, 'liwei', 'pw')).toEqual(USER);
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(calls[0].body))).toEqual({ username: 'liwei', password: 'pw' });
  });

  it('401: the server’s one line, status 401', async () => {
    const { fetch } = mockFetch({
      'POST ./api/session': json(401, { error: 'wrong user name or password' }),
    });
    const e = await login(fetch, 'liwei', 'bad').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 401, message: 'wrong user name or password', retryAfter: null });
  });

  it('429: status 429 and the wait of Retry-After', async () => {
    const { fetch } = mockFetch({
      'POST ./api/session': json(
        429,
        { error: 'too many failed logins;\n try later' },
        { 'Retry-After': '600' },
      ),
    });
    const e = await login(fetch, 'liwei', 'bad').catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 429, retryAfter: 600, message: 'too many failed logins; try later' });
  });

  it('no answer: status 0; a page where JSON was expected: the status', async () => {
    const down = await login(
      mockFetch({ 'POST ./api/session': new TypeError('Failed to fetch') }).fetch,
      'a',
      'b',
    ).catch((x: unknown) => x);
    expect(down).toMatchObject({ status: 0, message: 'Failed to fetch' });
    const page = await login(mockFetch({ 'POST ./api/session': html(500) }).fetch, 'a', 'b').catch(
      (x: unknown) => x,
    );
    expect(page).toMatchObject({ status: 500, message: 'HTTP 500' });
  });
});

describe('logout', () => {
  it('deletes the session; an already ended one (401) is no error', async () => {
    const { fetch, calls } = mockFetch({ 'DELETE ./api/session': new Response(null, { status: 204 }) });
    await logout(fetch);
    expect(calls[0].method).toBe('DELETE');
    await expect(
      logout(mockFetch({ 'DELETE ./api/session': json(401, { error: 'x' }) }).fetch),
    ).resolves.toBeUndefined();
    await expect(
      logout(mockFetch({ 'DELETE ./api/session': json(500, { error: 'db down' }) }).fetch),
    ).rejects.toMatchObject({ status: 500 });
  });
});

describe('helpers', () => {
  it('parseUser fills what a user may leave out and refuses what is not one', () => {
    expect(parseUser({ id: 1, username: 'w', role: 'wall' })).toEqual({
      id: 1,
      username: 'w',
      displayName: 'w',
      role: 'wall',
      gridCodes: [],
    });
    expect(parseUser({ id: 1, username: '', role: 'wall' })).toBeNull();
    expect(parseUser('admin')).toBeNull();
  });

  it('retryAfterSeconds reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('90')).toBe(90);
    expect(retryAfterSeconds(new Date(61_000).toUTCString(), 1_000)).toBe(60);
    expect(retryAfterSeconds('soon')).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });

  it('isUnauthorized tells a 401 from other failed data reads', () => {
    expect(isUnauthorized({ key: 'http', params: { url: 'x', status: 401 } })).toBe(true);
    expect(isUnauthorized({ key: 'http', params: { url: 'x', status: 500 } })).toBe(false);
    expect(isUnauthorized({ key: 'notFound' })).toBe(false);
    expect(isUnauthorized(undefined)).toBe(false);
  });
});
