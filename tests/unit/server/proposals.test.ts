/**
 * Planner → reviewer → new version, on each engine: the reviewer never decides their own proposal, the second of
 * two proposals touching one grid is refused as a conflict, one touching other grids is replayed on the newer
 * version, and the wall hears of the new version.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PlanOp } from '../../../src/domain/plan/types';
import type { ChangeEvent } from '../../../src/server/events';
import { auditCount, describeEngine, EFFECTIVE, ENGINES, proposalZip, testServer, type TestServer } from './harness';

const merge = (a: string, b: string): PlanOp => ({ op: 'merge', grids: [`330424002012${a}`, `330424002012${b}`] }) as PlanOp;

for (const engine of ENGINES) describeEngine(engine)(`proposals on ${engine}`, () => {
  let s: TestServer;
  const heard: ChangeEvent[] = [];
  beforeAll(async () => {
    s = await testServer(engine);
    s.bus.listen((e) => heard.push(e));
  }, 120_000);
  afterAll(async () => s?.close());

  const submit = async (who: string, zip: Uint8Array) =>
    s.app.inject({ method: 'POST', url: '/api/proposals', payload: Buffer.from(zip), headers: { 'content-type': 'application/zip', cookie: await s.cookie(who) } });
  const decide = async (who: string, id: string, decision: string, comment = '同意') =>
    s.app.inject({ method: 'POST', url: `/api/proposals/${id}/decision`, payload: { decision, comment }, headers: { cookie: await s.cookie(who) } });
  const gridCodes = async (version: string) =>
    ((await s.app.inject({ url: `/api/data/${version}/grids.geojson`, headers: { cookie: await s.cookie('wall') } })).json().features as {
      properties: { code: string; validTo?: string | null };
    }[])
      .filter((f) => !f.properties.validTo)
      .map((f) => f.properties.code);

  it('goes from planner to a reviewer to a new version the wall hears of', async () => {
    const zip = await proposalZip('p-merge-1-4', [merge('001', '004')]);
    const r = await submit('planner', zip);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ id: 'p-merge-1-4', status: 'submitted', submittedBy: 'planner', baseVersion: 1 });
    expect((await submit('planner', zip)).statusCode).toBe(409);
    // Roles that may not decide, and the submitter (a planner cannot decide at all).
    expect((await decide('planner', 'p-merge-1-4', 'approved')).statusCode).toBe(403);
    expect((await decide('admin', 'p-merge-1-4', 'approved')).statusCode).toBe(403);
    const list = (await s.app.inject({ url: '/api/proposals', headers: { cookie: await s.cookie('reviewer') } })).json();
    expect(list.map((p: { id: string }) => p.id)).toContain('p-merge-1-4');
    const got = await s.app.inject({ url: '/api/proposals/p-merge-1-4', headers: { cookie: await s.cookie('reviewer') } });
    expect(got.headers['content-type']).toMatch(/application\/zip/);
    expect(Buffer.compare(got.rawPayload, Buffer.from(zip))).toBe(0);

    const ok = await decide('reviewer', 'p-merge-1-4', 'approved');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', versionId: 2, review: { by: 'reviewer 测试', decision: 'approved', effective: EFFECTIVE } });
    expect(heard).toContainEqual({ kind: 'version', version: 2 });
    const now = await gridCodes('current');
    expect(now).not.toContain('330424002012001');
    expect(now).not.toContain('330424002012004');
    expect(await gridCodes('v/1')).toContain('330424002012001');
    expect((await decide('reviewer2', 'p-merge-1-4', 'rejected')).statusCode).toBe(409);
  });

  it('never lets a reviewer decide a proposal they submitted', async () => {
    // A reviewer account cannot submit (403); the rule holds on the stored submitter, so a planner made a reviewer
    // afterwards still cannot decide their own proposal.
    expect((await submit('reviewer', await proposalZip('p-self', [merge('002', '003')]))).statusCode).toBe(403);
    const admin = { cookie: await s.cookie('admin') };
    const made = await s.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'dual', displayName: '身兼两职', role: 'planner', password: 'dual-password-1' } });
    const login = async () =>
      (await s.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'dual', password: 'dual-password-1' } })).headers['set-cookie']!.toString().split(';')[0];
    const asPlanner = await login();
    const sub = await s.app.inject({ method: 'POST', url: '/api/proposals', payload: Buffer.from(await proposalZip('p-dual', [merge('002', '003')])), headers: { 'content-type': 'application/zip', cookie: asPlanner } });
    expect(sub.statusCode).toBe(201);
    await s.app.inject({ method: 'PATCH', url: `/api/users/${made.json().user.id}`, headers: admin, payload: { role: 'reviewer' } });
    // The role change ended the planner's session.
    expect((await s.app.inject({ url: '/api/session', headers: { cookie: asPlanner } })).json()).toEqual({ user: null });
    const r = await s.app.inject({ method: 'POST', url: '/api/proposals/p-dual/decision', payload: { decision: 'approved', comment: '自己批' }, headers: { cookie: await login() } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatch(/you submitted this proposal/);
    expect((await decide('reviewer', 'p-dual', 'rejected', '留待后议')).statusCode).toBe(200);
  });

  it('refuses the second of two proposals touching one grid, and names the grid and the version', async () => {
    await Promise.all(['planner2', 'reviewer'].map((who) => s.cookie(who)));
    const before = await auditCount(s.db);
    expect((await submit('planner2', await proposalZip('p-merge-4-8', [merge('004', '008')]))).statusCode).toBe(201);
    const r = await decide('reviewer', 'p-merge-4-8', 'approved');
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatch(/conflict: version 2 \(proposal p-merge-1-4\).*330424002012004.*redraw/);
    expect(await auditCount(s.db), JSON.stringify((await s.db.query('SELECT action FROM audit_log ORDER BY id DESC LIMIT 3')).rows)).toBe(before + 1); // the submission only
    const state = (await s.app.inject({ url: '/api/proposals', headers: { cookie: await s.cookie('reviewer') } })).json();
    expect(state.find((p: { id: string }) => p.id === 'p-merge-4-8').status).toBe('submitted');
    expect((await s.app.inject({ url: '/api/versions', headers: { cookie: await s.cookie('wall') } })).json()).toHaveLength(2);
    // It can still be rejected.
    expect((await decide('reviewer', 'p-merge-4-8', 'rejected', '与 p-merge-1-4 冲突')).json().status).toBe('rejected');
  });

  it('replays a proposal drawn on an older version when it touches other grids', async () => {
    expect((await submit('planner', await proposalZip('p-merge-7-10', [merge('007', '010')]))).statusCode).toBe(201);
    const r = await decide('reviewer2', 'p-merge-7-10', 'approved');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().versionId).toBe(3);
    const now = await gridCodes('current');
    for (const gone of ['001', '004', '007', '010']) expect(now).not.toContain(`330424002012${gone}`);
    // Both merges' new grids are there, with distinct codes.
    expect(new Set(now).size).toBe(now.length);
    expect(now.length).toBe(11 - 4 + 2);
  });

  it('refuses a zip that is not a proposal, and one drawn on another dataset', async () => {
    const junk = await submit('planner', new TextEncoder().encode('PK not really a zip'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error).not.toContain('\n');
    const json = await s.app.inject({ method: 'POST', url: '/api/proposals', payload: { id: 'x' }, headers: { cookie: await s.cookie('planner') } });
    expect(json.statusCode).toBe(415);
  });
});
