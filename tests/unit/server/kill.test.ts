/**
 * Power cut, as near as a test can: the server process is killed (SIGKILL, no shutdown) in the middle of a stream
 * of writes, then started again on the same database. On PostgreSQL every write the server acknowledged must be
 * there and none half-applied (an incident's status, its history and its audit rows agree). On the embedded
 * engine the same is checked and what it shows is reported; the README says what PGlite does not promise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEngine, ENGINES, freshPostgres } from './harness';

const SEED = 'tests/fixtures/mini';
const GRIDS = ['330424002201001', '330424002201002'];
const ADMIN_PASSWORD = 'kill-test-password';
const STEPS = [
  ['accept', 'accepted'],
  ['dispatch', 'dispatched'],
  ['feedback', 'resolved'],
  ['verify', 'verified'],
  ['close', 'closed'],
] as const;

/** Starts `gridsight serve` on a free port; resolves with its URL once it listens. */
function start(db: { dir?: string; url?: string }): Promise<{ child: ChildProcess; base: string }> {
  const args = ['dist-cli/gridsight.mjs', 'serve', '--port', '0', '--seed', SEED, '--dist', 'none'];
  if (db.dir) args.push('--db', db.dir);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, GRIDSIGHT_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: db.url ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start in 90 s:\n${log}`)), 90_000);
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1] });
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${log}`));
    });
  });
}

async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  return r.headers.get('set-cookie')!.split(';')[0];
}

interface Acked {
  id: string;
  /** The last status the server acknowledged. */
  status: string;
  /** The status the unanswered step would have given, if a step was in flight when the process died. */
  inFlight: string | null;
}

/** Writers walking incidents through their lifecycle until the server stops answering. */
async function writeUntilDead(base: string, cookie: string, acked: Acked[]): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let n = 0; ; n++) {
        let r: Response;
        try {
          r = await post('/api/incidents', { category: 'safety', level: 1 + (n % 4), gridCode: GRIDS[w % 2], title: `断电测试 ${w}-${n}`, lon: 120.95, lat: 30.6 });
        } catch {
          return;
        }
        if (r.status !== 201) throw new Error(`report: ${r.status} ${await r.text()}`);
        const record: Acked = { id: (await r.json()).incident.properties.id, status: 'reported', inFlight: null };
        acked.push(record);
        for (const [action, to] of STEPS) {
          record.inFlight = to;
          try {
            r = await post(`/api/incidents/${record.id}/actions`, { action });
          } catch {
            return;
          }
          if (r.status !== 200) throw new Error(`${action}: ${r.status} ${await r.text()}`);
          record.status = to;
          record.inFlight = null;
        }
      }
    }),
  );
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

for (const engine of ENGINES) {
  describeEngine(engine)(`SIGKILL during writes on ${engine}`, () => {
    it('keeps every acknowledged write, whole', async () => {
      let db: { dir?: string; url?: string };
      if (engine === 'postgres') {
        const fresh = await freshPostgres();
        cleanups.push(fresh.drop);
        db = { url: fresh.url };
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'gs-kill-'));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        db = { dir };
      }
      const first = await start(db);
      cleanups.push(() => void first.child.kill('SIGKILL'));
      const acked: Acked[] = [];
      const writing = writeUntilDead(first.base, await login(first.base), acked);
      // Let the writes run for a while, then cut the power.
      await new Promise((r) => setTimeout(r, 2500));
      first.child.kill('SIGKILL');
      await writing;
      const steps = acked.reduce((n, a) => n + 1 + STEPS.findIndex(([, to]) => to === a.status) + 1, 0);
      expect(acked.length).toBeGreaterThan(3);

      const second = await start(db);
      cleanups.push(() => void second.child.kill('SIGKILL'));
      const cookie = await login(second.base);
      // The whole log, a page at a time (a fast machine acknowledges well over one page of writes).
      const audit: { id: number; target: string }[] = [];
      for (let before = ''; ; ) {
        const page = (await (await fetch(`${second.base}/api/audit?limit=1000${before}`, { headers: { cookie } })).json()) as { id: number; target: string }[];
        if (page.length === 0) break;
        audit.push(...page);
        before = `&before=${page.at(-1)!.id}`;
      }
      const lost: string[] = [];
      const half: string[] = [];
      for (const a of acked) {
        const r = await fetch(`${second.base}/api/incidents/${a.id}`, { headers: { cookie } });
        if (r.status === 404) {
          lost.push(`${a.id} (acknowledged as ${a.status}) is missing`);
          continue;
        }
        const { incident, history } = (await r.json()) as { incident: { properties: { status: string } }; history: { to: string }[] };
        const status = incident.properties.status;
        if (status !== a.status && status !== a.inFlight) lost.push(`${a.id}: ${status}, acknowledged as ${a.status}`);
        const audited = audit.filter((e) => e.target === `incident ${a.id}`).length;
        if (history.at(-1)?.to !== status || audited !== history.length) {
          half.push(`${a.id}: status ${status}, history ends ${history.at(-1)?.to} (${history.length} rows), ${audited} audit rows`);
        }
      }
      const summary = `${engine}: ${acked.length} incidents, ${steps} acknowledged writes before SIGKILL; after restart ${lost.length} lost, ${half.length} half-applied`;
      console.log(summary);
      expect(half, summary).toEqual([]);
      expect(lost, summary).toEqual([]);
      second.child.kill('SIGTERM');
    }, 240_000);
  });
}
