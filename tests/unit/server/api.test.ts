/**
 * The server's API on each engine: sessions, the data contract by role, incidents through their lifecycle, patrol
 * uploads, bad input refused with nothing written, and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { auditCount, BUNDLED, describeEngine, ENGINES, GRID_OF_WORKER, PASSWORD, sessionCookie, testServer, type TestServer } from './harness';

for (const engine of ENGINES) describeEngine(engine)(`server API on ${engine}`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(engine);
  }, 120_000);
  afterAll(async () => s?.close());

  const get = async (url: string, who?: string, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'GET', url, headers: { ...headers, ...(who ? { cookie: await s.cookie(who) } : {}) } });
  const post = async (url: string, who: string | undefined, payload: unknown, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...headers, ...(who ? { cookie: await s.cookie(who) } : {}) } });

  describe('sessions', () => {
    it('sets an HttpOnly, SameSite=Strict cookie, knows the user, and ends the session on logout', async () => {
      const r = await post('/api/session', undefined, { username: 'analyst', password: PASSWORD });
      expect(r.statusCode).toBe(200);
      const set = String(r.headers['set-cookie']);
      expect(set).toMatch(/HttpOnly/);
      expect(set).toMatch(/SameSite=Strict/);
      expect(r.json().user).toMatchObject({ username: 'analyst', role: 'analyst' });
      expect(r.body).not.toMatch(/scrypt|password/);
      const cookie = sessionCookie(r);
      expect((await s.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
      expect((await s.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode).toBe(204);
      expect((await s.app.inject({ url: '/api/session', headers: { cookie } })).json()).toEqual({ user: null });
      expect((await s.app.inject({ url: '/api/data/current/grids.geojson', headers: { cookie } })).statusCode).toBe(401);
    });

    it('says the same for a wrong name and a wrong password, and limits failures to five per name and address', async () => {
      const wrongName = await post('/api/session', undefined, { username: 'nobody', password: PASSWORD });
      const wrongPassword = await post('/api/session', undefined, { username: 'planner2', password: 'not the password' });
      expect(wrongName.statusCode).toBe(401);
      expect(wrongPassword.json()).toEqual(wrongName.json());
      for (let i = 0; i < 4; i++) expect((await post('/api/session', undefined, { username: 'planner2', password: `nope ${i}` })).statusCode).toBe(401);
      // The right password no longer helps: the limit is on guessing, whatever the guess.
      const blocked = await post('/api/session', undefined, { username: 'planner2', password: PASSWORD });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json().error).toMatch(/too many failed logins/);
      // Another name from the same address is not blocked.
      expect((await post('/api/session', undefined, { username: 'leader', password: PASSWORD })).statusCode).toBe(200);
    }, 60_000);

    it('treats injection strings in the login as a wrong name or password', async () => {
      for (const [username, password] of [
        ["admin' --", "x' OR '1'='1"],
        ['admin"; DROP TABLE users; --', 'whatever-password'],
        ['../../etc/passwd', PASSWORD],
      ]) {
        const r = await post('/api/session', undefined, { username, password });
        expect(r.statusCode, username).toBe(401);
      }
      expect(Number((await s.db.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0].n)).toBeGreaterThan(5);
    });

    it('refuses a write whose Origin is another site', async () => {
      const r = await post('/api/session', undefined, { username: 'leader', password: PASSWORD }, { origin: 'https://evil.example' });
      expect(r.statusCode).toBe(403);
    });
  });

  describe('the data contract', () => {
    it('serves the version as imported, byte for byte, with an ETag and 304', async () => {
      for (const file of ['grids.geojson', 'community.geojson', 'incidents.geojson', 'patrols.geojson']) {
        const r = await get(`/api/data/current/${file}`, 'admin');
        expect(r.statusCode).toBe(200);
        expect(r.body).toBe(await readFile(`${BUNDLED}/${file}`, 'utf8'));
        const again = await get(`/api/data/current/${file}`, 'admin', { 'if-none-match': String(r.headers.etag) });
        expect(again.statusCode).toBe(304);
        expect(again.body).toBe('');
      }
    });

    it('gives phones to admin only, masked to analysts, and neither names nor phones to leader and wall', async () => {
      const stored = JSON.parse(await readFile(`${BUNDLED}/members.json`, 'utf8')) as { name: string; phone?: string }[];
      const phones = stored.map((m) => m.phone).filter(Boolean) as string[];
      expect(phones.length).toBeGreaterThan(10);
      const admin = (await get('/api/data/current/members.json', 'admin')).body;
      expect(admin).toContain(phones[0]);
      for (const who of ['analyst', 'planner', 'reviewer', 'grid-worker']) {
        const body = (await get('/api/data/current/members.json', who)).body;
        expect(phones.some((p) => body.includes(p)), who).toBe(false);
        expect(body).toContain(stored[0].name);
        expect(body).toMatch(/\*\*\*/);
      }
      for (const who of ['leader', 'wall']) {
        const r = await get('/api/data/current/members.json', who);
        expect(r.statusCode).toBe(200);
        expect(phones.some((p) => r.body.includes(p)), who).toBe(false);
        expect(stored.filter((m) => [...m.name].length >= 2).some((m) => r.body.includes(m.name)), who).toBe(false);
        expect(JSON.parse(r.body)).toHaveLength(stored.length);
      }
      // One URL, different answers: the ETags differ, so a shared cache can never hand one role's copy to another.
      const tags = await Promise.all(['admin', 'analyst', 'wall'].map(async (w) => (await get('/api/data/current/members.json', w)).headers.etag));
      expect(new Set(tags).size).toBe(3);
    });

    it('refuses file names outside the contract, traversal and injection strings, with a one-line reason', async () => {
      for (const url of [
        '/api/data/current/..%2F..%2Fpackage.json',
        '/api/data/current/secrets.json',
        "/api/data/v/1'%20OR%201=1--/grids.geojson",
        '/api/data/v/99/grids.geojson',
        '/api/incidents/..%2F..%2Fetc',
        "/api/incidents/SJ1'%3BDROP%20TABLE%20incidents--",
      ]) {
        const r = await get(url, 'admin');
        expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(r.statusCode, url).toBeLessThan(500);
        const body = r.json();
        expect(typeof body.error, url).toBe('string');
        expect(body.error, url).not.toMatch(/\n|at .*\.ts|node_modules/);
      }
      expect((await get('/api/data/current/incidents.geojson', 'admin')).statusCode).toBe(200);
    });

    it('answers stats from the database with the CLI’s function', async () => {
      const r = await get('/api/stats?month=2026-10', 'leader');
      expect(r.statusCode).toBe(200);
      const { loadStats } = await import('../../../src/cli/stats');
      const cli = (await loadStats(BUNDLED, { month: '2026-10' })).stats;
      expect(r.json()).toEqual(JSON.parse(JSON.stringify(cli)));
    });
  });

  describe('incidents', () => {
    const report = { category: 'fire', level: 2, gridCode: GRID_OF_WORKER, title: '消防通道堵塞', lon: 121.0, lat: 30.6 };

    it('takes a report in the worker’s grid through its lifecycle, one history row and one audit row per step', async () => {
      const before = await auditCount(s.db);
      const r = await post('/api/incidents', 'grid-worker', report);
      expect(r.statusCode).toBe(201);
      const incident = r.json().incident;
      expect(incident.properties).toMatchObject({ status: 'reported', gridCode: GRID_OF_WORKER, level: 2 });
      expect(incident.properties.deadline).toMatch(/\+08:00$/);
      const id = incident.properties.id;
      for (const [action, status] of [
        ['accept', 'accepted'],
        ['dispatch', 'dispatched'],
        ['feedback', 'resolved'],
        ['verify', 'verified'],
        ['close', 'closed'],
      ]) {
        const step = await post(`/api/incidents/${id}/actions`, 'grid-worker', { action, note: `${action} 备注` });
        expect(step.statusCode, action).toBe(200);
        expect(step.json().incident.properties.status).toBe(status);
      }
      const again = await post(`/api/incidents/${id}/actions`, 'grid-worker', { action: 'close' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatch(/closed/);
      const read = (await get(`/api/incidents/${id}`, 'analyst')).json();
      expect(read.history.map((h: { action: string }) => h.action)).toEqual(['report', 'accept', 'dispatch', 'feedback', 'verify', 'close']);
      expect(read.history.every((h: { by: string }) => h.by === 'grid-worker')).toBe(true);
      expect(await auditCount(s.db)).toBe(before + 6);
      // The served file has it, closed, once the file is rebuilt (at most every 0.5 s under a stream of writes).
      await new Promise((r) => setTimeout(r, 600));
      const file = (await get('/api/data/current/incidents.geojson', 'analyst')).json();
      expect(file.features.find((f: { properties: { id: string } }) => f.properties.id === id).properties.status).toBe('closed');
    });

    it('refuses an illegal transition with 409 and the reason, writing nothing', async () => {
      const id = (await post('/api/incidents', 'grid-worker', report)).json().incident.properties.id;
      const before = await auditCount(s.db);
      const r = await post(`/api/incidents/${id}/actions`, 'grid-worker', { action: 'close' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatch(/reported/);
      expect(await auditCount(s.db)).toBe(before);
      expect((await get(`/api/incidents/${id}`, 'admin')).json().incident.properties.status).toBe('reported');
    });

    it('keeps a grid worker to their own grids', async () => {
      const other = { ...report, gridCode: '330424002012002' };
      expect((await post('/api/incidents', 'grid-worker', other)).statusCode).toBe(403);
      const id = (await post('/api/incidents', 'admin', other)).json().incident.properties.id;
      expect((await post(`/api/incidents/${id}/actions`, 'grid-worker', { action: 'accept' })).statusCode).toBe(403);
      expect((await get(`/api/incidents/${id}`, 'grid-worker')).statusCode).toBe(404);
    });

    it('refuses bad bodies with a one-line reason and writes nothing', async () => {
      const before = await auditCount(s.db);
      const count = async () => Number((await s.db.query<{ n: string }>('SELECT count(*) AS n FROM incidents')).rows[0].n);
      const n = await count();
      const bad: [unknown, RegExp][] = [
        [{ ...report, level: '2' }, /level/],
        [{ ...report, level: 5 }, /level/],
        [{ ...report, category: 'arson' }, /category/],
        [{ ...report, lon: 'east' }, /lon/],
        [{ ...report, title: '' }, /title/],
        [{ ...report, gridCode: "330424002012001' OR '1'='1" }, /gridCode/],
        [{ ...report, gridCode: '330424002099001' }, /gridCode/],
        [{ ...report, extra: 1 }, /additional/],
        [{ category: 'fire' }, /required/],
        ['not json at all', /./],
      ];
      for (const [body, reason] of bad) {
        const r = await s.app.inject({
          method: 'POST',
          url: '/api/incidents',
          payload: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json', cookie: await s.cookie('admin') },
        });
        expect(r.statusCode, JSON.stringify(body)).toBe(400);
        expect(r.json().error, JSON.stringify(body)).toMatch(reason);
        expect(r.json().error).not.toContain('\n');
      }
      const big = await post('/api/incidents', 'admin', { ...report, title: 'x'.repeat(2 * 2 ** 20) });
      expect(big.statusCode).toBe(413);
      const form = await s.app.inject({ method: 'POST', url: '/api/incidents', payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: await s.cookie('admin') } });
      expect(form.statusCode).toBe(415);
      expect(await count()).toBe(n);
      expect(await auditCount(s.db)).toBe(before);
    });
  });

  describe('patrol tracks', () => {
    const track = (coordinates: unknown, props: Record<string, unknown> = {}) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates },
      properties: { memberId: 'm330424002012001-1', gridCode: GRID_OF_WORKER, startedAt: '2026-11-20T09:00:00+08:00', endedAt: '2026-11-20T10:00:00+08:00', ...props },
    });

    it('stores a LineString from the grid worker and serves it in patrols.geojson', async () => {
      const r = await post('/api/patrols', 'grid-worker', track([[121.0, 30.6], [121.001, 30.601], [121.002, 30.6]]));
      expect(r.statusCode).toBe(201);
      const id = r.json().patrol.properties.id;
      const file = (await get('/api/data/current/patrols.geojson', 'wall')).json();
      expect(file.features.some((f: { properties: { id: string } }) => f.properties.id === id)).toBe(true);
    });

    it('refuses malformed GeoJSON', async () => {
      const n = Number((await s.db.query<{ n: string }>('SELECT count(*) AS n FROM patrols')).rows[0].n);
      for (const body of [
        track([[121.0, 30.6]]),
        track([[121.0, 30.6], ['a', 30.6]]),
        track([[121.0, 30.6], [200, 30.6]]),
        { ...track([[121.0, 30.6], [121.1, 30.6]]), geometry: { type: 'Point', coordinates: [121, 30.6] } },
        track([[121.0, 30.6], [121.1, 30.6]], { startedAt: 'yesterday' }),
        track([[121.0, 30.6], [121.1, 30.6]], { endedAt: '2026-11-19T09:00:00+08:00' }),
        { type: 'FeatureCollection', features: [] },
      ]) {
        const r = await post('/api/patrols', 'admin', body);
        expect(r.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
      }
      expect((await post('/api/patrols', 'grid-worker', track([[121.0, 30.6], [121.1, 30.6]], { gridCode: '330424002012002' }))).statusCode).toBe(403);
      expect(Number((await s.db.query<{ n: string }>('SELECT count(*) AS n FROM patrols')).rows[0].n)).toBe(n);
    });
  });

  describe('audit log', () => {
    it('is readable by admin, newest first, and refuses UPDATE, DELETE and TRUNCATE', async () => {
      const r = await get('/api/audit?limit=5', 'admin');
      expect(r.statusCode).toBe(200);
      const entries = r.json();
      expect(entries.length).toBe(5);
      expect(entries[0].id).toBeGreaterThan(entries[4].id);
      await expect(s.db.query('UPDATE audit_log SET actor = $1', ['x'])).rejects.toThrow(/append-only/);
      await expect(s.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(s.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      expect((await get('/api/audit', 'analyst')).statusCode).toBe(403);
    });

    it('records account changes without the password', async () => {
      const r = await post('/api/users', 'admin', { username: 'newbie', displayName: '新人', role: 'analyst', password: 'a-long-password-1' });
      expect(r.statusCode).toBe(201);
      const last = (await get('/api/audit?limit=1', 'admin')).json()[0];
      expect(last).toMatchObject({ actor: 'admin', action: 'user.create', target: 'user newbie' });
      expect(JSON.stringify(last)).not.toMatch(/a-long-password-1|scrypt/);
      expect((await post('/api/users', 'admin', { username: 'newbie', displayName: '重名', role: 'analyst', password: 'a-long-password-1' })).statusCode).toBe(409);
      expect((await post('/api/users', 'admin', { username: 'short', displayName: '短', role: 'analyst', password: 'short' })).statusCode).toBe(400);
    });
  });
});
