#!/usr/bin/env node
// `npm test`: everything, in order, on a fresh machine with Node 20 and the repo clone.
//  1. install dependencies when node_modules is missing or differs from package-lock.json (npm ci);
//  2. find Chromium and a CJK font (install them with apt-get when root, else say how and fail), and start a
//     PostgreSQL for the server tests (tests/postgres-setup.mjs; skipped with a reason when it cannot);
//  3. type check, lint, unit tests, build, browser tests — each runs even when an earlier one failed;
//  4. a summary, and as the last line the totals "N passed, N failed" over all of them
//     (each Vitest test counts once; type check, lint and build count as one check each).
// Exits non-zero when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparePostgres } from './postgres-setup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
process.chdir(ROOT);

const started = Date.now();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function banner(title) {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(3, 72 - title.length))}`);
}

/** Runs a command with its output streamed to ours; returns the exit code (127 when it could not start). */
function run(cmd, args, options = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) {
    console.log(`  could not start ${cmd}: ${r.error.message}`);
    return 127;
  }
  return r.status ?? 1;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------
// 1. Dependencies
// ---------------------------------------------------------------------------------------------

/** Why node_modules does not match package-lock.json, or null when it does. */
function dependenciesStale() {
  const hiddenPath = path.join(ROOT, 'node_modules/.package-lock.json');
  if (!existsSync(path.join(ROOT, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(hiddenPath)) return 'node_modules/.package-lock.json is missing (not installed by npm)';
  let lock, hidden;
  try {
    lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')).packages ?? {};
    hidden = JSON.parse(readFileSync(hiddenPath, 'utf8')).packages ?? {};
  } catch (err) {
    return `cannot read a lock file (${err.message})`;
  }
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '' || !key.includes('node_modules/')) continue;
    const have = hidden[key];
    // Optional packages for other platforms (esbuild, rollup binaries…) are legitimately absent.
    if (!have) {
      if (entry.optional || entry.devOptional) continue;
      return `${key} is not installed`;
    }
    if (entry.version && have.version !== entry.version) {
      return `${key} is ${have.version}, package-lock.json wants ${entry.version}`;
    }
    if (!existsSync(path.join(ROOT, key, 'package.json')) && !entry.link) {
      return `${key}/package.json is missing`;
    }
  }
  for (const key of Object.keys(hidden)) {
    if (!(key in lock)) return `${key} is installed but not in package-lock.json`;
  }
  return null;
}

banner('dependencies');
const staleReason = dependenciesStale();
const setupProblems = [];
if (staleReason) {
  console.log(`node_modules needs installing: ${staleReason}. Running npm ci…`);
  const t = Date.now();
  const code = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (code !== 0) setupProblems.push(`npm ci exited with ${code}`);
  else console.log(`npm ci done in ${seconds(Date.now() - t)}`);
} else {
  console.log('node_modules matches package-lock.json.');
}

// ---------------------------------------------------------------------------------------------
// 2. Chromium and a CJK font (Chinese map labels are drawn with a local font)
// ---------------------------------------------------------------------------------------------

function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (!r.error && r.status === 0) return r.stdout.trim().length > 0;
  // No fontconfig tools: look for the files themselves.
  for (const dir of ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto']) {
    const ls = spawnSync('ls', [dir], { encoding: 'utf8' });
    if (!ls.error && /CJK/i.test(ls.stdout ?? '')) return true;
  }
  return false;
}

banner('browser');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const needChromium = !existsSync(chromiumPath);
const needFont = !hasCjkFont();
if (needChromium || needFont) {
  const packages = [...(needChromium ? ['chromium'] : []), 'fonts-noto-cjk'];
  const missing = [needChromium && `Chromium (${chromiumPath})`, needFont && 'a CJK font'].filter(Boolean);
  console.log(`Missing: ${missing.join(' and ')}.`);
  if (needChromium && process.env.CHROMIUM_PATH) {
    setupProblems.push(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  } else if (isRoot) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let code = run('apt-get', ['update'], { env });
    if (code === 0) code = run('apt-get', ['install', '-y', ...packages], { env });
    if (code !== 0) setupProblems.push(`apt-get install ${packages.join(' ')} exited with ${code}`);
  } else {
    const how = `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
    console.log(`Not root, so not installing. Install them with:\n  ${how}\n` +
      'or point CHROMIUM_PATH at a Chromium binary.');
    setupProblems.push(`missing ${missing.join(' and ')}; install with: ${how}`);
  }
}
if (existsSync(chromiumPath)) {
  const v = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' });
  console.log(`Chromium: ${(v.stdout || v.stderr || '').trim() || chromiumPath}`);
  console.log(`CJK font: ${hasCjkFont() ? 'yes' : 'NO'}`);
}

// ---------------------------------------------------------------------------------------------
// 2b. PostgreSQL for the server tests (they also run on the embedded engine without it)
// ---------------------------------------------------------------------------------------------

banner('postgresql');
const postgres = preparePostgres({ isRoot, run });
console.log(postgres.note);

// ---------------------------------------------------------------------------------------------
// 3. The suites
// ---------------------------------------------------------------------------------------------

mkdirSync(ARTIFACTS, { recursive: true });
const childEnv = { ...process.env, CHROMIUM_PATH: chromiumPath, ...(postgres.url ? { GS_TEST_DATABASE_URL: postgres.url } : {}) };
/** @type {{name: string, passed: number, failed: number, skipped: number, ms: number, note: string}[]} */
const results = [];

if (setupProblems.length > 0) {
  results.push({ name: 'setup', passed: 0, failed: 1, skipped: 0, ms: 0, note: setupProblems.join('; ') });
}

/** A tool that passes or fails as a whole (type check, lint, build). */
function check(name, cmd, args) {
  banner(name);
  const t = Date.now();
  const code = run(cmd, args, { env: childEnv });
  const ok = code === 0;
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ms: Date.now() - t, note: ok ? '' : `exit code ${code}` });
  return ok;
}

/** The vitest command line for a project, with a JSON report at `out`; `extra`: more arguments (files, --exclude). */
function vitestArgs(project, out, extra = []) {
  return ['--no', '--', 'vitest', 'run', '--project', project, ...extra, '--reporter=default', '--reporter=json', `--outputFile=${out}`];
}

/** A Vitest project: each test counts; a file that fails to load, or no test files at all, is a failure. */
function vitest(name, project, extra = [], report = `vitest-${project}.json`) {
  banner(name);
  const t = Date.now();
  const out = path.join(ARTIFACTS, report);
  rmSync(out, { force: true });
  const code = run('npx', vitestArgs(project, out, extra), { env: childEnv });
  tally(name, code, out, Date.now() - t);
}

/**
 * The same, started now and left running beside what follows (its output goes to `log`, printed once it ends);
 * resolves when it has ended and its result is counted.
 */
function vitestAlongside(name, project, extra, report, log) {
  const t = Date.now();
  const out = path.join(ARTIFACTS, report);
  rmSync(out, { force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, log);
  const fd = openSync(logFile, 'w');
  console.log(`$ npx ${vitestArgs(project, out, extra).join(' ')} > ${path.relative(ROOT, logFile)} (alongside)`);
  const child = spawn('npx', vitestArgs(project, out, extra), { stdio: ['ignore', fd, fd], env: childEnv });
  return new Promise((resolve) => {
    const done = (code) => {
      closeSync(fd);
      banner(`${name} (ran alongside)`);
      process.stdout.write(readFileSync(logFile, 'utf8'));
      // Its exit is only seen once the run in the foreground ends (spawnSync holds the event loop): its own
      // duration is its report's, from its start to its last file's end.
      tally(name, code, out, Date.now() - t, t);
      resolve();
    };
    child.on('error', (err) => {
      console.log(`  could not start npx: ${err.message}`);
      done(127);
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

/**
 * Counts a finished vitest run from its JSON report `out` and exit code. `startedAt` (ms since the epoch): the run's
 * time is taken from the report, up to its last file's end, rather than `ms`.
 */
function tally(name, code, out, ms, startedAt) {
  let report = null;
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    // No report: vitest did not get as far as running tests (config error, no test files…).
  }
  const ends = (report?.testResults ?? []).map((f) => f.endTime).filter((e) => Number.isFinite(e));
  if (startedAt !== undefined && ends.length > 0) ms = Math.max(...ends) - startedAt;
  if (!report) {
    results.push({ name, passed: 0, failed: 1, skipped: 0, ms, note: `no JSON report (exit code ${code})` });
    return;
  }
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const notes = [];
  // A file that failed without a failed test in it did not load or failed in a hook: count it once.
  const files = report.testResults ?? [];
  const brokenFiles = files.filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  if (brokenFiles.length > 0) {
    failed += brokenFiles.length;
    notes.push(`${brokenFiles.length} file(s) failed outside tests: ${brokenFiles.map((f) => path.relative(ROOT, f.name)).join(', ')}`);
  }
  if ((report.numTotalTests ?? 0) === 0 && files.length === 0) {
    failed += 1;
    notes.push('no test files found');
  }
  if (code !== 0 && failed === 0) {
    failed += 1;
    notes.push(`vitest exited with ${code} (unhandled errors?)`);
  }
  if (skipped > 0) notes.push(`${skipped} skipped or todo`);
  results.push({ name, passed, failed, skipped, ms, note: notes.join('; ') });
}

/** Runs beside the other browser tests (see below). */
const SOAK_TEST = 'tests/e2e/wall-soak.test.ts';

const npx = (tool, ...args) => ['npx', ['--no', '--', tool, ...args]];

check('type check', ...npx('vue-tsc', '--noEmit', '-p', 'tsconfig.json'));
check('lint', ...npx('eslint', '.'));
vitest('unit tests', 'unit');
const built = check('build', ...npx('vite', 'build'));
if (built) {
  // The wall's soak test spends its ~3 minutes mostly waiting for the wall's refresh and tour timers (≈ 15 % of
  // one core): it runs beside the other browser tests, not after them.
  const soak = vitestAlongside('browser soak test', 'e2e', [SOAK_TEST], 'vitest-e2e-soak.json', 'vitest-e2e-soak.log');
  vitest('browser tests', 'e2e', ['--exclude', `**/${SOAK_TEST}`]);
  await soak;
} else {
  banner('browser tests');
  console.log('Not run: the build failed, and the browser tests drive the build.');
  results.push({ name: 'browser tests', passed: 0, failed: 1, skipped: 0, ms: 0, note: 'not run: the build failed' });
}

// ---------------------------------------------------------------------------------------------
// 4. Summary
// ---------------------------------------------------------------------------------------------

postgres.stop();

banner('summary');
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const mark = r.failed > 0 ? 'FAIL' : 'ok  ';
  const counts = `${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed`;
  console.log(`${mark} ${r.name.padEnd(width)} ${counts} ${seconds(r.ms).padStart(8)}${r.note ? `  (${r.note})` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`server tests on PostgreSQL: ${postgres.url ? postgres.note : `skipped (${postgres.note})`}`);
console.log(`total time ${seconds(Date.now() - started)}; Vitest JSON reports in ${path.relative(ROOT, ARTIFACTS)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
