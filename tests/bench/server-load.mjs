#!/usr/bin/env node
/**
 * Load on the HTTP server (docs/server-api.md): many readers of the data contract and a few writers walking
 * incidents through their lifecycle, at the same time, against a server of its own on a fresh database; then a
 * check that every write the server acknowledged is still there.
 *
 *  - starts `node src/server/serve.mjs --host 127.0.0.1 --port <free port> --db <fresh temp dir>` with a random
 *    GRIDSIGHT_ADMIN_PASSWORD (one already set in the environment is used instead, for a DATABASE_URL database whose
 *    admin exists) and waits (120 s at most) for its "listening on http://127.0.0.1:<port>" line;
 *  - logs in as admin, makes one `grid-worker` account per writer (each bound to one grid in force) and one reader
 *    account (`--reader-role`, default analyst), and logs them in;
 *  - for `--seconds` runs `--readers` loops that GET a random contract file with If-None-Match from their last ETag
 *    (200 or 304 expected) and `--writers` loops that report an incident in their grid and then accept, dispatch,
 *    feedback, verify and close it, remembering every acknowledged (2xx) write;
 *  - the loops do not run in this process: the readers are shared out between `--reader-workers` (default 4) child
 *    processes and the writers run in one more, each with its own keep-alive http.Agent, so that one client event
 *    loop busy with hundreds of readers does not hold the writers' requests back (the figures are the server's, not
 *    the client's); each child sends its raw latency samples, counters and acknowledged incidents back at the end,
 *    and this process merges them;
 *  - then GETs every acknowledged incident and checks that its status is the last acknowledged step's (nothing
 *    lost); an incident whose last step got no answer (network error, 5xx) may show that step's status instead,
 *    which is counted apart, not as lost;
 *  - prints a JSON summary and a Markdown table (stdout; progress goes to stderr), kills the server and the
 *    children (also on Ctrl-C) and removes the temp dir. Exit status 1 when a write was lost, 2 when the run could
 *    not be made.
 * Beside the server's peak RSS it reports the CPU time the server process used during the load (utime + stime from
 * /proc/<pid>/stat, Linux) and the client's own (process.cpuUsage() of each bench process, summed), each as a share
 * of wall time × cores, with the busiest client process's share of one core and its event-loop utilisation: a
 * reader of the table can tell whether the server or the client was the one saturated.
 *
 * Run: npm run bench:server -- [--seconds 60] [--readers 200] [--writers 20] [--reader-role analyst]
 *      [--reader-workers 4] [--server-arg=<arg>]…  (each is passed on to serve.mjs as it is, e.g. to seed the fresh
 *      database; write it with "=" when the argument starts with a dash: --server-arg=--flag --server-arg=value)
 * DATABASE_URL, when set, is passed through to the server (PostgreSQL instead of the embedded PGlite); the bench's
 * accounts carry a random run id in their names, so runs against one database do not collide.
 * Bounded: it talks to 127.0.0.1 only and refuses anything else; Node 20's built-ins only.
 */
import { fork, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SELF = fileURLToPath(import.meta.url);
const SERVE = path.join(ROOT, 'src/server/serve.mjs');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;
const VERIFY_CONCURRENCY = 32;
/** The first argument of a child process of the bench (one that runs loops); see runWorker. */
const WORKER_FLAG = '--bench-worker';
/** How long after the children say they are ready the loops start, all at once (ms). */
const START_MARGIN_MS = 200;
/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat (100 on every mainstream architecture). */
const CLOCK_TICKS_PER_S = 100;
/** The contract files readers ask for (each one that the current version's dataset.json lists). */
const READ_FILES = [
  'dataset.json',
  'grids.geojson',
  'microgrids.geojson',
  'enterprises.geojson',
  'members.json',
  'incidents.geojson',
];
/** The lifecycle a writer walks, with the status each step leads to (domain/incident-lifecycle). */
const STEPS = [
  ['accept', 'accepted'],
  ['dispatch', 'dispatched'],
  ['feedback', 'resolved'],
  ['verify', 'verified'],
  ['close', 'closed'],
];
const CATEGORIES = [
  'safety',
  'fire',
  'environment',
  'labour',
  'public-order',
  'enterprise-request',
  'facility',
  'party',
  'other',
];
const READER_ROLES = ['admin', 'leader', 'analyst', 'planner', 'reviewer', 'grid-worker', 'wall'];

// ---------------------------------------------------------------------------------------------------- arguments

function usage(message) {
  console.error(`server-load: ${message}`);
  console.error(
    'usage: node tests/bench/server-load.mjs [--seconds N] [--readers N] [--writers N] [--reader-role ROLE] [--reader-workers N] [--server-arg=ARG]…',
  );
  process.exit(2);
}

/** The options, checked; set by parseOptions (in the bench's own process only; its children get what they need). */
let opts;
let seconds;
let readers;
let writers;
let readerWorkers;

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        seconds: { type: 'string', default: '60' },
        readers: { type: 'string', default: '200' },
        writers: { type: 'string', default: '20' },
        'reader-role': { type: 'string', default: 'analyst' },
        'reader-workers': { type: 'string', default: '4' },
        host: { type: 'string', default: HOST },
        'server-arg': { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    usage(e.message);
  }
  opts = parsed.values;
  if (opts.help) {
    console.log(
      readFileSync(SELF, 'utf8')
        .split('*/')[0]
        .replace(/^#!.*\n\/\*\*\n/, '')
        .replace(/^ \* ?/gm, ''),
    );
    process.exit(0);
  }
  // The bench starts its own server on loopback; it never points load at anything else.
  if (opts.host !== HOST)
    usage(`refusing host ${JSON.stringify(opts.host)}: the bench only talks to ${HOST}`);
  seconds = Number(opts.seconds);
  readers = Number(opts.readers);
  writers = Number(opts.writers);
  readerWorkers = Number(opts['reader-workers']);
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 3600))
    usage('--seconds must be a number in (0, 3600]');
  if (!(Number.isInteger(readers) && readers >= 0 && readers <= 5000))
    usage('--readers must be a whole number 0–5000');
  if (!(Number.isInteger(writers) && writers >= 0 && writers <= 500))
    usage('--writers must be a whole number 0–500');
  if (!(Number.isInteger(readerWorkers) && readerWorkers >= 1 && readerWorkers <= 64))
    usage('--reader-workers must be a whole number 1–64');
  if (readers + writers === 0) usage('nothing to do: --readers and --writers are both 0');
  if (!READER_ROLES.includes(opts['reader-role']))
    usage(`--reader-role must be one of ${READER_ROLES.join(', ')}`);
  if (!existsSync(SERVE))
    usage(`${path.relative(ROOT, SERVE)} does not exist (the server is not built yet?)`);
}

// ---------------------------------------------------------------------------------------------------- the server

let runId;
let adminPassword;
let dbDir = null;
/** The server's last lines of output, for the error message when it fails. */
const serverTail = [];
let child = null;
let port = 0;
/** When the loops stop (performance.now() time); moved to 0 when the server dies under them. */
let stopAt = Infinity;
/** How the server ended, when it ended before the bench stopped it. */
let serverDied = null;
let stopping = false;
/** The child processes that run the loops: { role, loops, proc, progress: { reads, writes, errors } }. */
const workers = [];

/** Kills the server and the loop processes at once (exit paths that cannot wait) and removes the temp database. */
function cleanupSync() {
  for (const w of workers) {
    if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  }
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
}

/** The bench's own process: the temp database, and the exit paths that clean up after it. */
function setUp() {
  runId = randomBytes(4).toString('hex');
  adminPassword = process.env.GRIDSIGHT_ADMIN_PASSWORD || randomBytes(18).toString('base64url');
  dbDir = mkdtempSync(path.join(os.tmpdir(), 'gridsight-bench-db-'));
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`server-load: ${signal}, stopping the server`);
      process.exit(130);
    });
  }
}

function fatal(message) {
  console.error(`server-load: ${message}`);
  if (serverTail.length) console.error(`--- the server's last lines ---\n${serverTail.join('\n')}`);
  process.exit(2);
}

/** A port nobody listens on now (the server takes it a moment later; a race lost here fails the start, loudly). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, HOST, () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
}

/** Starts the server and resolves when it says where it listens; rejects when it exits first or takes too long. */
function startServer() {
  child = spawn(
    process.execPath,
    [SERVE, '--host', HOST, '--port', String(port), '--db', dbDir, ...opts['server-arg']],
    {
      cwd: ROOT,
      env: { ...process.env, GRIDSIGHT_ADMIN_PASSWORD: adminPassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" line within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    // Both streams are read to the end, always: a server whose log pipe is full would stall under load.
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        serverTail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
        if (serverTail.length > 40) serverTail.shift();
        const m = /listening on http:\/\/([^\s/]+):(\d+)/.exec(line);
        if (!m) return;
        clearTimeout(timer);
        if (m[1] !== HOST || Number(m[2]) !== port)
          reject(new Error(`the server listens on ${m[1]}:${m[2]}, not ${HOST}:${port}`));
        else resolve();
      });
    }
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? `code ${code}`}) before it was ready`));
      // After it was ready (the rejection above is then moot): stop the loops rather than count refusals.
      if (!stopping) {
        serverDied = signal ?? `code ${code}`;
        stopAt = 0;
        stopWorkers();
      }
    });
  });
}

/** Asks the server to stop, then insists: SIGTERM, and SIGKILL after 10 s. */
async function stopServer() {
  stopping = true;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The server's peak resident memory (VmHWM) in MiB, where /proc has it (Linux); else null. */
function serverPeakRssMiB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * The CPU time (user + system, seconds) the server process has used so far, from /proc/<pid>/stat (Linux); else
 * null. The server runs in that one process (serve.mjs imports the CLI bundle), so this is all of it.
 */
function serverCpuS() {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_S : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096 });

/**
 * One request to the server: { status, headers, body (Buffer, or null when not kept), bytes, ms }. Rejects on a
 * network error or after REQUEST_TIMEOUT_MS. Only HOST is ever asked.
 */
function request(method, pathname, { cookie, json, headers = {}, keepBody = true } = {}) {
  if (HOST !== '127.0.0.1' || !pathname.startsWith('/'))
    throw new Error(`refusing ${method} ${HOST}${pathname}`);
  const payload = json === undefined ? null : Buffer.from(JSON.stringify(json));
  const h = { ...headers };
  if (cookie) h.cookie = cookie;
  if (payload) {
    h['content-type'] = 'application/json';
    h['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: HOST, port, method, path: pathname, headers: h, agent }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on('data', (c) => {
        bytes += c.length;
        if (keepBody) chunks.push(c);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: keepBody ? Buffer.concat(chunks) : null,
          bytes,
          ms: performance.now() - t0,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      const e = new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`);
      e.code = 'TIMEOUT';
      req.destroy(e);
    });
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

function jsonOf(r) {
  try {
    return JSON.parse(r.body.toString('utf8'));
  } catch {
    return null;
  }
}

/** The `gs_session=…` pair from a login answer's Set-Cookie. */
function sessionCookie(r) {
  for (const c of r.headers['set-cookie'] ?? []) {
    const pair = c.split(';')[0].trim();
    if (pair.startsWith('gs_session=')) return pair;
  }
  return null;
}

async function login(username, password) {
  const r = await request('POST', '/api/session', { json: { username, password } });
  const cookie = sessionCookie(r);
  if (r.status !== 200 || !cookie)
    throw new Error(`login as ${username}: ${r.status} ${r.body.toString('utf8').slice(0, 200)}`);
  return cookie;
}

async function createUser(adminCookie, account) {
  const r = await request('POST', '/api/users', { cookie: adminCookie, json: account });
  if (r.status !== 201 && r.status !== 200) {
    throw new Error(`creating ${account.username}: ${r.status} ${r.body.toString('utf8').slice(0, 200)}`);
  }
}

// ---------------------------------------------------------------------------------------------------- grids

/** Whether [x, y] is inside a ring (ray casting; a point on the edge may go either way, which is fine here). */
function inRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygonsOf(geometry) {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/**
 * A few points inside a grid, so writers report where their grid is (random points in its bounding box, kept when
 * inside the outer ring and outside the holes); the first vertex when the shape is too thin to hit.
 */
function pointsIn(geometry, count) {
  const polys = polygonsOf(geometry);
  const all = polys.flatMap((p) => p[0] ?? []);
  if (!all.length) return [];
  const xs = all.map((c) => c[0]);
  const ys = all.map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const out = [];
  for (let tries = 0; out.length < count && tries < count * 200; tries++) {
    const x = minX + Math.random() * (maxX - minX);
    const y = minY + Math.random() * (maxY - minY);
    if (polys.some(([outer, ...holes]) => inRing(x, y, outer) && !holes.some((h) => inRing(x, y, h)))) {
      out.push([Number(x.toFixed(7)), Number(y.toFixed(7))]);
    }
  }
  return out.length ? out : [all[0]];
}

// ---------------------------------------------------------------------------------------------------- counting
// Filled by the loops in a child process (runWorker), which sends them to the bench at the end; the bench merges
// the children's into counts and errors (and adds the verify phase's errors).

const readMs = [];
/** Read latencies per contract file, to tell which file a slow read median comes from. */
const readMsByFile = new Map();
const writeMs = [];
const errors = {};
const counts = {
  reads: 0,
  read200: 0,
  read304: 0,
  readBytes: 0,
  writes: 0,
  created: 0,
  actions: 0,
  acknowledged: 0,
  statusMismatch: 0,
};
/** Every incident the server acknowledged: { id, expected: last acknowledged status, pending: unanswered step's status }. */
const incidents = [];

function countError(kind) {
  errors[kind] = (errors[kind] ?? 0) + 1;
}

function networkKind(op, e) {
  return `${op} network ${e?.code ?? e?.message ?? e}`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of sorted numbers. */
function percentile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function latency(samples) {
  const s = Float64Array.from(samples).sort();
  const r = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    n: s.length,
    p50: r(percentile(s, 0.5)),
    p90: r(percentile(s, 0.9)),
    p99: r(percentile(s, 0.99)),
    max: r(s.length ? s[s.length - 1] : null),
  };
}

// ---------------------------------------------------------------------------------------------------- the loops

async function reader(cookie, files) {
  const etags = new Map();
  while (performance.now() < stopAt) {
    const file = files[randomInt(files.length)];
    const tag = etags.get(file);
    try {
      const r = await request('GET', `/api/data/current/${file}`, {
        cookie,
        headers: tag ? { 'if-none-match': tag } : {},
        keepBody: false,
      });
      counts.reads++;
      readMs.push(r.ms);
      if (!readMsByFile.has(file)) readMsByFile.set(file, []);
      readMsByFile.get(file).push(r.ms);
      counts.readBytes += r.bytes;
      if (r.status === 200) {
        counts.read200++;
        if (typeof r.headers.etag === 'string') etags.set(file, r.headers.etag);
      } else if (r.status === 304) {
        counts.read304++;
      } else {
        countError(`read ${r.status}`);
      }
    } catch (e) {
      countError(networkKind('read', e));
      await sleep(50); // a refused connection fails at once; do not spin on it
    }
  }
}

/** A POST of a write; returns the answer or null after counting a network error. */
async function write(op, cookie, pathname, json) {
  try {
    const r = await request('POST', pathname, { cookie, json });
    counts.writes++;
    writeMs.push(r.ms);
    if (r.status < 200 || r.status > 299) countError(`${op} ${r.status}`);
    return r;
  } catch (e) {
    countError(networkKind(op, e));
    return null;
  }
}

/** The status in an answer's `{ incident }`: a Feature (status in its properties) or the properties themselves. */
function answeredIncident(r) {
  const inc = jsonOf(r)?.incident;
  const props = inc?.properties ?? inc;
  return { id: props?.id ?? inc?.id, status: props?.status };
}

async function writer(w) {
  let n = 0;
  while (performance.now() < stopAt) {
    n++;
    const [lon, lat] = w.points[randomInt(w.points.length)];
    const r = await write('report', w.cookie, '/api/incidents', {
      category: CATEGORIES[randomInt(CATEGORIES.length)],
      level: 1 + randomInt(4),
      gridCode: w.gridCode,
      title: `压测事件 ${w.username} #${n}`,
      lon,
      lat,
    });
    if (!r || r.status >= 300) {
      // Back off a little, so a misconfigured run (403s, say) does not turn into a flood of refusals.
      await sleep(r && r.status < 500 ? 10 : 50);
      continue;
    }
    const created = answeredIncident(r);
    if (typeof created.id !== 'string') {
      countError('report answer without incident id');
      continue;
    }
    counts.created++;
    counts.acknowledged++;
    const record = { id: created.id, expected: 'reported', pending: null };
    incidents.push(record);
    if (created.status !== 'reported') counts.statusMismatch++;
    for (const [action, to] of STEPS) {
      if (performance.now() >= stopAt) break;
      const a = await write(action, w.cookie, `/api/incidents/${encodeURIComponent(record.id)}/actions`, {
        action,
        note: 'bench',
      });
      if (a && a.status >= 200 && a.status <= 299) {
        counts.actions++;
        counts.acknowledged++;
        record.expected = to;
        if (answeredIncident(a).status !== to) counts.statusMismatch++;
        continue;
      }
      // No answer, or a 5xx: the step may or may not have been applied. A 4xx is a refusal: it was not.
      if (!a || a.status >= 500) record.pending = to;
      break;
    }
  }
}

/** Every 5 s during the run: the children's latest counters, summed (stderr). */
async function progress(startedAt) {
  let last = startedAt;
  // Short naps, so a run cut short (the server died) is not held up by this loop.
  while (stopAt - performance.now() >= 1000) {
    await sleep(250);
    if (performance.now() - last < 5000) continue;
    last = performance.now();
    const t = ((last - startedAt) / 1000).toFixed(0);
    const sum = (k) => workers.reduce((a, w) => a + w.progress[k], 0);
    console.error(`  t=${t}s reads=${sum('reads')} writes=${sum('writes')} errors=${sum('errors')}`);
  }
}

/** GETs every acknowledged incident (VERIFY_CONCURRENCY at a time) and compares its status. */
async function verify(cookie, acknowledged) {
  const result = {
    incidents: acknowledged.length,
    ok: 0,
    lost: 0,
    appliedUnacknowledged: 0,
    unreadable: 0,
    lostExamples: [],
  };
  let next = 0;
  async function one() {
    while (next < acknowledged.length) {
      const rec = acknowledged[next++];
      let status;
      let why;
      try {
        const r = await request('GET', `/api/incidents/${encodeURIComponent(rec.id)}`, { cookie });
        if (r.status === 200) {
          status = answeredIncident(r).status;
          why = `status "${status}"`;
        } else {
          why = `GET answered ${r.status}`;
        }
        if (r.status !== 200 && r.status !== 404) {
          result.unreadable++;
          continue;
        }
      } catch (e) {
        result.unreadable++;
        countError(networkKind('verify', e));
        continue;
      }
      if (status === rec.expected) result.ok++;
      else if (rec.pending !== null && status === rec.pending) result.appliedUnacknowledged++;
      else {
        result.lost++;
        if (result.lostExamples.length < 20)
          result.lostExamples.push({ id: rec.id, expected: rec.expected, found: why });
      }
    }
  }
  await Promise.all(Array.from({ length: VERIFY_CONCURRENCY }, one));
  return result;
}

// ---------------------------------------------------------------------------------------------------- the children

/**
 * A child process of the bench (`server-load.mjs --bench-worker`, forked with an IPC channel): it waits for its
 * `start` message ({ role: 'readers' | 'writers', port, cookie, files, readers, writers, startAtEpoch, stopAtEpoch }),
 * runs its loops from startAtEpoch to stopAtEpoch (epoch ms, the same clock in every process), sends `progress`
 * counters every second and one `result` at the end (raw samples, counters, acknowledged incidents, its own CPU
 * time), and exits when the bench disconnects it (or dies). A `stop` message ends the loops early.
 */
function runWorker() {
  if (typeof process.send !== 'function') {
    console.error(`server-load: ${WORKER_FLAG} is for the bench's own child processes`);
    process.exit(2);
  }
  // Ctrl-C reaches the whole process group: the bench itself stops (and kills) its children.
  process.on('SIGINT', () => {});
  process.on('disconnect', () => {
    agent.destroy();
    process.exit(0);
  });
  process.on('message', (m) => {
    if (m?.type === 'stop') stopAt = 0;
    else if (m?.type === 'start') {
      workerRun(m).catch((e) => {
        console.error(`server-load (${m.role}): ${e?.stack ?? e}`);
        process.exit(2);
      });
    }
  });
  process.send({ type: 'ready' });
}

async function workerRun(m) {
  if (!(Number.isInteger(m.port) && m.port > 0 && m.port < 65536)) throw new Error(`bad port ${m.port}`);
  port = m.port;
  // A `stop` that came first (the server died) wins.
  if (stopAt !== 0) stopAt = m.stopAtEpoch - performance.timeOrigin;
  const wait = m.startAtEpoch - performance.timeOrigin - performance.now();
  if (wait > 0) await sleep(wait);

  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const began = performance.now();
  const tick = setInterval(() => {
    const errs = Object.values(errors).reduce((a, b) => a + b, 0);
    process.send({ type: 'progress', reads: counts.reads, writes: counts.writes, errors: errs });
  }, 1000);
  await Promise.all(
    m.role === 'readers'
      ? Array.from({ length: m.readers }, () => reader(m.cookie, m.files))
      : m.writers.map((w) => writer(w)),
  );
  const ended = performance.now();
  clearInterval(tick);
  delay.disable();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.send({
    type: 'result',
    startedEpoch: performance.timeOrigin + began,
    endedEpoch: performance.timeOrigin + ended,
    cpuUs: cpu.user + cpu.system,
    eventLoopUtilization: elu.utilization,
    loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
    readMs: Float64Array.from(readMs),
    readMsByFile: new Map([...readMsByFile].map(([f, a]) => [f, Float64Array.from(a)])),
    writeMs: Float64Array.from(writeMs),
    counts,
    errors,
    incidents,
  });
}

/** Stops the children's loops early (the server died under them). */
function stopWorkers() {
  for (const w of workers) if (w.proc.connected) w.proc.send({ type: 'stop' });
}

/**
 * Forks one child for `loops` loops of `role`; resolves w.ready when it can take its `start`, w.result with its
 * `result`. Either rejects when the child exits first.
 */
function forkWorker(role, loops) {
  // The child's stdout goes to this process's stderr: stdout is the summary's alone.
  const proc = fork(SELF, [WORKER_FLAG], { serialization: 'advanced', stdio: ['ignore', 2, 2, 'ipc'] });
  const w = { role, loops, proc, progress: { reads: 0, writes: 0, errors: 0 } };
  let ready;
  let result;
  w.ready = new Promise((resolve, reject) => (ready = { resolve, reject }));
  w.result = new Promise((resolve, reject) => (result = { resolve, reject }));
  // A rejection nobody waits for yet must not end the process before fatal() can say why.
  w.ready.catch(() => {});
  w.result.catch(() => {});
  const onFail = (e) => {
    ready.reject(e);
    result.reject(e);
  };
  let done = false;
  proc.on('message', (m) => {
    if (m?.type === 'ready') ready.resolve();
    else if (m?.type === 'progress') w.progress = { reads: m.reads, writes: m.writes, errors: m.errors };
    else if (m?.type === 'result') {
      done = true;
      result.resolve(m);
      // Its sockets and timers are done with; it exits when the channel closes.
      proc.disconnect();
    }
  });
  proc.on('error', (e) => onFail(e));
  proc.on('exit', (code, signal) => {
    if (!done) onFail(new Error(`a ${role} process exited (${signal ?? `code ${code}`}) before it reported`));
  });
  workers.push(w);
  return w;
}

/** Merges the children's results: samples, counters, errors, acknowledged incidents. */
function merge(results) {
  const concat = (arrays) => {
    const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const byFile = new Map();
  for (const r of results) {
    for (const [f, a] of r.readMsByFile) byFile.set(f, [...(byFile.get(f) ?? []), a]);
  }
  const total = {};
  for (const r of results) for (const [k, v] of Object.entries(r.counts)) total[k] = (total[k] ?? 0) + v;
  const errs = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errors)) errs[k] = (errs[k] ?? 0) + v;
  return {
    readMs: concat(results.map((r) => r.readMs)),
    writeMs: concat(results.map((r) => r.writeMs)),
    readMsByFile: new Map([...byFile].map(([f, list]) => [f, concat(list)])),
    counts: total,
    errors: errs,
    incidents: results.flatMap((r) => r.incidents),
  };
}

// ---------------------------------------------------------------------------------------------------- the run

function maskedDatabaseUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(set)';
  }
}

function markdown(s) {
  const f = (v, unit = '') => (v === null || v === undefined ? '—' : `${v}${unit}`);
  const lat = (l) => `${f(l.p50)} / ${f(l.p90)} / ${f(l.p99)} / ${f(l.max)}`;
  const errs = Object.entries(s.errors.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const readerLoops = s.client.workers
    .filter((w) => w.role === 'readers')
    .map((w) => w.loops)
    .join(' + ');
  const rows = [
    ['duration', `${s.elapsedS} s (asked ${s.durationS} s)`],
    ['readers / writers', `${s.readers} / ${s.writers} (readers as ${s.readerRole})`],
    ['requests', `${s.requests.total} (reads ${s.requests.reads}, writes ${s.requests.writes})`],
    ['reads per second', f(s.throughput.readsPerS)],
    ['writes per second', f(s.throughput.writesPerS)],
    ['read latency p50 / p90 / p99 / max (ms)', lat(s.latencyMs.read)],
    ['write latency p50 / p90 / p99 / max (ms)', lat(s.latencyMs.write)],
    ['reads 200 / 304', `${s.reads.ok200} / ${s.reads.notModified304} (${s.reads.mib} MiB)`],
    ['incidents reported / steps acknowledged', `${s.writes.created} / ${s.writes.actions}`],
    ['errors', `${s.errors.total}${errs ? ` (${errs})` : ''}`],
    [
      'lost writes',
      `${s.verify.lost} of ${s.verify.incidents} incidents checked${s.verify.appliedUnacknowledged ? `; ${s.verify.appliedUnacknowledged} applied without an answer` : ''}${s.verify.unreadable ? `; ${s.verify.unreadable} unreadable` : ''}`,
    ],
    [
      'machine',
      `${s.machine.cpu}, ${s.machine.cores} cores, ${s.machine.memoryGiB} GiB, ${s.machine.platform}`,
    ],
    ['Node', s.machine.node],
    ['engine', s.engine + (s.database ? ` (${s.database})` : '')],
    [
      'client processes',
      `${s.client.processes.readers} reader (${readerLoops || 0} loops) + ${s.client.processes.writers} writer ` +
        `(${s.writers} loop${s.writers === 1 ? '' : 's'}), each with its own keep-alive agent`,
    ],
    [
      'client CPU (all bench processes)',
      `${f(s.client.cpuS, ' s')} = ${f(s.client.pctOfMachine, '%')} of ${s.elapsedS} s × ${s.machine.cores} cores; busiest process (${s.client.busiest.role}) ${f(s.client.busiest.pctOfCore, '%')} of one core, event loop ${f(s.client.busiest.eventLoopPct, '%')} busy, delay p99 ${f(s.client.busiest.loopDelayMs.p99, ' ms')}`,
    ],
    [
      'server CPU (during the load)',
      `${f(s.server.cpuS, ' s')} = ${f(s.server.pctOfMachine, '%')} of ${f(s.server.windowS, ' s')} × ${s.machine.cores} cores (${f(s.server.pctOfCore, '%')} of one core)`,
    ],
    ['server peak RSS', f(s.server.peakRssMiB, ' MiB')],
  ];
  return [
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${String(v).replace(/\|/g, '\\|')} |`),
  ].join('\n');
}

async function main() {
  port = await freePort();
  console.error(
    `server-load: starting the server on ${HOST}:${port} (database ${process.env.DATABASE_URL ? 'DATABASE_URL' : dbDir})`,
  );
  try {
    await startServer();
  } catch (e) {
    fatal(e.message);
  }

  const adminCookie = await login('admin', adminPassword).catch((e) => fatal(e.message));
  const manifest = jsonOf(await request('GET', '/api/data/current/dataset.json', { cookie: adminCookie }));
  const listed = Array.isArray(manifest?.files) ? manifest.files : null;
  const files = READ_FILES.filter((f) => f === 'dataset.json' || !listed || listed.includes(f));
  const skipped = READ_FILES.filter((f) => !files.includes(f));
  if (skipped.length)
    console.error(`server-load: the current version has no ${skipped.join(', ')}; readers skip them`);

  const gridsAnswer = await request('GET', '/api/data/current/grids.geojson', { cookie: adminCookie });
  const grids = (jsonOf(gridsAnswer)?.features ?? []).filter(
    (g) => typeof g?.properties?.code === 'string' && !g.properties.validTo,
  );
  if (writers > 0 && !grids.length) {
    fatal(
      `the current version has no grids in force (GET grids.geojson: ${gridsAnswer.status}); a fresh database needs a dataset: ` +
        'pass the server what seeds it with --server-arg=…',
    );
  }

  // Accounts: one grid-worker per writer (grids dealt round-robin), one reader account shared by the readers.
  const password = randomBytes(18).toString('base64url');
  const ws = Array.from({ length: writers }, (_, i) => {
    const g = grids[i % grids.length];
    return {
      username: `bench-${runId}-w${i + 1}`,
      gridCode: g.properties.code,
      points: pointsIn(g.geometry, 16),
      cookie: null,
    };
  });
  const readerName = `bench-${runId}-reader`;
  console.error(`server-load: creating ${writers} writer account(s) and 1 reader (${opts['reader-role']})`);
  try {
    // A few at a time: each account hashes a password with scrypt, which is meant to be slow.
    const accounts = [
      ...ws.map((w) => ({
        username: w.username,
        displayName: `Bench writer ${w.username}`,
        role: 'grid-worker',
        gridCodes: [w.gridCode],
        password,
      })),
      ...(readers > 0
        ? [
            {
              username: readerName,
              displayName: 'Bench reader',
              role: opts['reader-role'],
              // Only a grid worker is bound to grids (and needs one).
              ...(opts['reader-role'] === 'grid-worker' ? { gridCodes: [grids[0]?.properties.code] } : {}),
              password,
            },
          ]
        : []),
    ];
    for (let i = 0; i < accounts.length; i += 4)
      await Promise.all(accounts.slice(i, i + 4).map((a) => createUser(adminCookie, a)));
    for (let i = 0; i < ws.length; i += 4) {
      await Promise.all(ws.slice(i, i + 4).map(async (w) => (w.cookie = await login(w.username, password))));
    }
  } catch (e) {
    fatal(e.message);
  }
  const readerCookie = readers > 0 ? await login(readerName, password).catch((e) => fatal(e.message)) : null;

  // The loops run in child processes: readers shared out between up to --reader-workers, the writers in one more.
  const readerProcs = Math.min(readerWorkers, readers);
  for (let i = 0; i < readerProcs; i++) {
    const share = Math.floor(readers / readerProcs) + (i < readers % readerProcs ? 1 : 0);
    forkWorker('readers', share);
  }
  if (writers > 0) forkWorker('writers', writers);
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (e) {
    fatal(e.message);
  }

  console.error(
    `server-load: ${readers} readers (${readerProcs} process${readerProcs === 1 ? '' : 'es'}) and ${writers} writers` +
      `${writers ? ' (1 process)' : ''} for ${seconds} s`,
  );
  const epochNow = () => performance.timeOrigin + performance.now();
  const startAtEpoch = epochNow() + START_MARGIN_MS;
  const stopAtEpoch = startAtEpoch + seconds * 1000;
  for (const w of workers) {
    w.proc.send({
      type: 'start',
      role: w.role,
      port,
      cookie: w.role === 'readers' ? readerCookie : null,
      files,
      readers: w.role === 'readers' ? w.loops : 0,
      writers: w.role === 'writers' ? ws : [],
      startAtEpoch,
      stopAtEpoch,
    });
  }
  await sleep(startAtEpoch - epochNow());
  const startedAt = performance.now();
  const startedIso = new Date().toISOString();
  if (stopAt !== 0) stopAt = stopAtEpoch - performance.timeOrigin;
  const ownCpu0 = process.cpuUsage();
  const serverCpu0 = serverCpuS();
  let results;
  try {
    [, results] = await Promise.all([progress(startedAt), Promise.all(workers.map((w) => w.result))]);
  } catch (e) {
    fatal(e.message);
  }
  const serverCpu1 = serverCpuS();
  const serverWindowS = (performance.now() - startedAt) / 1000;
  const ownCpu = process.cpuUsage(ownCpu0);
  if (serverDied) fatal(`the server exited during the run (${serverDied}); nothing to verify`);
  // The run lasted until the last loop ended (a request in flight at the deadline is waited for).
  const elapsedS = (Math.max(...results.map((r) => r.endedEpoch)) - startAtEpoch) / 1000;
  const merged = merge(results);
  Object.assign(counts, merged.counts);
  Object.assign(errors, merged.errors);

  console.error(`server-load: checking ${merged.incidents.length} acknowledged incident(s)`);
  const v0 = performance.now();
  const checked = await verify(adminCookie, merged.incidents);
  const verifyS = (performance.now() - v0) / 1000;
  const peakRssMiB = serverPeakRssMiB();
  await stopServer();
  // Its pipes too: a grandchild holding them open must not keep this process alive.
  child.stdout.destroy();
  child.stderr.destroy();

  const cpus = os.cpus();
  const totalErrors = Object.values(errors).reduce((a, b) => a + b, 0);
  const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  // Each child's CPU time over its own loops, and this process's (it mostly waits) over the same run.
  const workerStats = results.map((r, i) => {
    const cpuS = r.cpuUs / 1e6;
    const ranS = (r.endedEpoch - r.startedEpoch) / 1000;
    return {
      role: workers[i].role,
      loops: workers[i].loops,
      cpuS: round(cpuS, 2),
      pctOfCore: round((100 * cpuS) / ranS),
      eventLoopPct: round(100 * r.eventLoopUtilization),
      loopDelayMs: r.loopDelayMs,
    };
  });
  const ownCpuS = (ownCpu.user + ownCpu.system) / 1e6;
  const clientCpuS = results.reduce((a, r) => a + r.cpuUs / 1e6, 0) + ownCpuS;
  const serverCpuUsedS = serverCpu0 === null || serverCpu1 === null ? null : serverCpu1 - serverCpu0;
  const summary = {
    startedAt: startedIso,
    durationS: seconds,
    elapsedS: round(elapsedS, 2),
    readers,
    writers,
    readerRole: opts['reader-role'],
    files,
    requests: { total: counts.reads + counts.writes, reads: counts.reads, writes: counts.writes },
    throughput: { readsPerS: round(counts.reads / elapsedS), writesPerS: round(counts.writes / elapsedS) },
    latencyMs: {
      read: latency(merged.readMs),
      write: latency(merged.writeMs),
      readByFile: Object.fromEntries(files.map((f) => [f, latency(merged.readMsByFile.get(f) ?? [])])),
    },
    reads: { ok200: counts.read200, notModified304: counts.read304, mib: round(counts.readBytes / 2 ** 20) },
    writes: {
      created: counts.created,
      actions: counts.actions,
      acknowledged: counts.acknowledged,
      answeredWithOtherStatus: counts.statusMismatch,
    },
    errors: { total: totalErrors, byKind: errors },
    verify: { ...checked, seconds: round(verifyS, 2) },
    machine: {
      cpu: cpus[0]?.model?.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
    },
    engine: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
    database: process.env.DATABASE_URL ? maskedDatabaseUrl(process.env.DATABASE_URL) : null,
    client: {
      processes: { readers: readerProcs, writers: writers ? 1 : 0 },
      cpuS: round(clientCpuS, 2),
      pctOfMachine: round((100 * clientCpuS) / (elapsedS * cpus.length)),
      benchProcessCpuS: round(ownCpuS, 2),
      busiest: workerStats.reduce((a, b) => (b.pctOfCore > a.pctOfCore ? b : a)),
      workers: workerStats,
    },
    server: {
      peakRssMiB,
      cpuS: serverCpuUsedS === null ? null : round(serverCpuUsedS, 2),
      windowS: round(serverWindowS, 2),
      pctOfMachine:
        serverCpuUsedS === null ? null : round((100 * serverCpuUsedS) / (serverWindowS * cpus.length)),
      pctOfCore: serverCpuUsedS === null ? null : round((100 * serverCpuUsedS) / serverWindowS),
    },
  };
  console.log(JSON.stringify(summary, null, 2));
  console.log();
  console.log(markdown(summary));
  agent.destroy();
  process.exitCode = checked.lost > 0 ? 1 : 0;
}

if (process.argv[2] === WORKER_FLAG) runWorker();
else {
  parseOptions();
  setUp();
  main().catch((e) => fatal(e?.stack ?? String(e)));
}
