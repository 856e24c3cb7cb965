/**
 * A real PostgreSQL for the server tests (npm test), the way the browser tests get Chromium: Debian's
 * `postgresql` package, installed with apt-get when run as root and missing, its cluster started for the run (and
 * stopped again when this run started it), and an account `gridsight_test` with a fresh random password that may
 * create databases (each test file makes and drops its own). The URL goes to the tests as GS_TEST_DATABASE_URL.
 * When that cannot be done (not root, no apt), it says why and the tests on PostgreSQL are skipped; the ones on
 * the embedded engine run anyway. A GS_TEST_DATABASE_URL already set is used as it is.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const sh = (cmd, args, options = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...options });

/** The first cluster pg_lsclusters lists: { version, name, port, online }, or null. */
function cluster() {
  const r = sh('pg_lsclusters', ['--no-header']);
  if (r.error || r.status !== 0) return null;
  const line = r.stdout.split('\n').find((l) => l.trim());
  if (!line) return null;
  const [version, name, port, status] = line.trim().split(/\s+/);
  return { version, name, port: Number(port), online: status === 'online' };
}

/** Runs SQL as the postgres superuser through the local socket. */
function asPostgres(sql) {
  return sh('runuser', ['-u', 'postgres', '--', 'psql', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql]);
}

/**
 * @param {{ isRoot: boolean, run: (cmd: string, args: string[], options?: object) => number }} o
 * @returns {{ url: string | null, note: string, stop: () => void }}
 */
export function preparePostgres({ isRoot, run }) {
  const none = (note) => ({ url: null, note, stop: () => {} });
  if (process.env.GS_TEST_DATABASE_URL) return { url: process.env.GS_TEST_DATABASE_URL, note: 'GS_TEST_DATABASE_URL as given', stop: () => {} };
  let c = cluster();
  if (!c) {
    if (!isRoot) {
      return none('PostgreSQL is not installed and this is not root: the server tests on PostgreSQL are skipped (install it with: sudo apt-get install -y postgresql)');
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let code = run('apt-get', ['update'], { env });
    if (code === 0) code = run('apt-get', ['install', '-y', 'postgresql'], { env });
    if (code !== 0) return none(`apt-get install postgresql exited with ${code}: the server tests on PostgreSQL are skipped`);
    c = cluster();
    if (!c) return none('postgresql is installed but has no cluster (pg_lsclusters lists none): the server tests on PostgreSQL are skipped');
  }
  if (!isRoot && !c.online) return none(`the PostgreSQL cluster ${c.version}/${c.name} is down and this is not root: the server tests on PostgreSQL are skipped`);
  if (!isRoot) return none('not root, so no test account can be made in PostgreSQL: the server tests on PostgreSQL are skipped (or set GS_TEST_DATABASE_URL)');
  let started = false;
  if (!c.online) {
    const code = run('pg_ctlcluster', [c.version, c.name, 'start']);
    if (code !== 0) return none(`pg_ctlcluster ${c.version} ${c.name} start exited with ${code}: the server tests on PostgreSQL are skipped`);
    started = true;
  }
  const password = randomBytes(18).toString('base64url');
  const made = asPostgres(
    `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gridsight_test') THEN ALTER ROLE gridsight_test LOGIN CREATEDB PASSWORD '${password}'; ELSE CREATE ROLE gridsight_test LOGIN CREATEDB PASSWORD '${password}'; END IF; END $$;`,
  );
  const stop = () => {
    if (started) run('pg_ctlcluster', [c.version, c.name, 'stop']);
  };
  if (made.status !== 0) {
    stop();
    return none(`could not make the test account in PostgreSQL (${(made.stderr || made.stdout).trim().split('\n')[0]}): the server tests on PostgreSQL are skipped`);
  }
  const version = asPostgres('SHOW server_version').stdout.trim();
  return {
    url: `postgres://gridsight_test:${password}@127.0.0.1:${c.port}/postgres`,
    note: `PostgreSQL ${version} (cluster ${c.version}/${c.name}, port ${c.port}${started ? ', started for this run' : ''})`,
    stop,
  };
}
