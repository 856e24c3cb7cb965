/**
 * Every role × every endpoint: allowed (anything but 401/403) or refused (403), and anonymous always 401. The
 * expected table is written out here by hand from the rules, not derived from src/server/access.ts, so a
 * change to the rules there fails this test until the table is changed too. Runs over real HTTP (the change
 * stream is a never-ending answer: the test reads its status and hangs up).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngine, ENGINES, GRID_OF_WORKER, testServer, type TestServer } from './harness';

const ALL = 'admin leader analyst planner reviewer grid-worker wall';
/** An incident of the worker's grid in the bundled data. */
const OWN_INCIDENT = 'SJ0000006';

const report = { category: 'fire', level: 1, gridCode: GRID_OF_WORKER, title: '矩阵测试', lon: 121.0, lat: 30.6 };
const track = {
  type: 'Feature',
  geometry: { type: 'LineString', coordinates: [[121.0, 30.6], [121.001, 30.601]] },
  properties: { memberId: 'm330424002012001-1', gridCode: GRID_OF_WORKER, startedAt: '2026-11-20T09:00:00+08:00' },
};

/** [method, path, body, roles allowed]. */
const MATRIX: [string, string, unknown, string][] = [
  ['GET', '/api/data/current/dataset.json', null, ALL],
  ['GET', '/api/data/current/grids.geojson', null, ALL],
  ['GET', '/api/data/current/members.json', null, ALL],
  ['GET', '/api/data/current/incidents.geojson', null, ALL],
  ['GET', '/api/data/v/1/enterprises.geojson', null, ALL],
  ['GET', '/api/versions', null, ALL],
  ['GET', '/api/stats', null, ALL],
  ['GET', '/api/events', null, ALL],
  ['GET', `/api/incidents/${OWN_INCIDENT}`, null, 'admin analyst grid-worker'],
  ['POST', '/api/incidents', report, 'admin grid-worker'],
  ['POST', `/api/incidents/${OWN_INCIDENT}/actions`, { action: 'return' }, 'admin grid-worker'],
  ['POST', '/api/patrols', track, 'admin grid-worker'],
  ['GET', '/api/proposals', null, 'admin planner reviewer'],
  ['GET', '/api/proposals/p-none', null, 'admin planner reviewer'],
  ['POST', '/api/proposals', 'zip', 'planner'],
  ['POST', '/api/proposals/p-none/decision', { decision: 'rejected', comment: 'x' }, 'reviewer'],
  // Another file than enterprises.geojson: refused (400) for whoever may import, so the matrix writes nothing.
  ['POST', '/api/data/import', { file: 'grids.geojson', text: '{}', baseVersion: 1 }, 'admin'],
  ['GET', '/api/users', null, 'admin'],
  ['POST', '/api/users', { username: 'x', displayName: 'x', role: 'wall', password: 'short' }, 'admin'],
  ['PATCH', '/api/users/2', { displayName: '改名' }, 'admin'],
  ['GET', '/api/audit', null, 'admin'],
];
const ROLES = ALL.split(' ');

for (const engine of ENGINES) describeEngine(engine)(`access matrix on ${engine}`, () => {
  let s: TestServer;
  let base = '';
  beforeAll(async () => {
    s = await testServer(engine);
    base = await s.app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => s?.close());

  async function call(method: string, path: string, body: unknown, cookie?: string): Promise<number> {
    const ac = new AbortController();
    const headers: Record<string, string> = cookie ? { cookie } : {};
    let payload: BodyInit | undefined;
    if (body === 'zip') {
      headers['content-type'] = 'application/zip';
      payload = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
    } else if (body !== null) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(`${base}${path}`, { method, headers, body: payload, signal: ac.signal });
    ac.abort();
    return r.status;
  }

  it('refuses everything but the login to anonymous callers', async () => {
    for (const [method, path, body] of MATRIX) expect(await call(method, path, body), `${method} ${path}`).toBe(401);
    const session = await fetch(`${base}/api/session`);
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ user: null });
  });

  it.each(ROLES)('gives %s exactly what the rules say', async (role) => {
    const cookie = await s.cookie(role);
    const got: string[] = [];
    const want: string[] = [];
    for (const [method, path, body, allowed] of MATRIX) {
      const status = await call(method, path, body, cookie);
      const allows = allowed.split(' ').includes(role);
      got.push(`${method} ${path}: ${status === 403 || status === 401 ? 'refused' : 'allowed'} (${status})`);
      want.push(`${method} ${path}: ${allows ? 'allowed' : 'refused'} (${allows ? status : 403})`);
    }
    expect(got).toEqual(want);
  }, 60_000);
});
