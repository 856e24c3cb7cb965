#!/usr/bin/env node
/**
 * The compiled CLI as processes, side by side with its yardsticks:
 *  - start-up: `node dist-cli/gridsight.mjs --help` vs the TypeScript through tsx vs `node -e 0` (Node alone);
 *  - `gridsight validate DIR` (the whole process: start-up, reading, all checks, the JSON report) vs GEOS doing
 *    coverage validation of the same files in a process of its own (tests/bench/geos-validate.mjs, both routes);
 *  - `gridsight plan apply DIR --ops OPS --out OUT` with 20 seeded operations (tests/bench/plan-ops.ts) vs
 *    `gridsight validate DIR`.
 * Runs alternate between the commands (the order rotating each round), so a change in the machine's load hits all
 * of them alike. Reports the median and minimum of wall time and of CPU time (user + system, from bash's `time`;
 * on a loaded machine CPU time is the steadier figure) and the ratios of the medians.
 *
 * Run: npm run bench:cli -- [--dir data/generated/county] [--runs 7] [--startup-runs 15]
 * (make the county first: npm run -s cli -- generate --scale county --seed 7 --out data/generated/county)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BIN, buildCli, isStale } from '../../src/cli/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(ROOT);
const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'data/generated/county' },
    runs: { type: 'string', default: '7' },
    'startup-runs': { type: 'string', default: '15' },
  },
});
const runs = Number(values.runs);
const startupRuns = Number(values['startup-runs']);
if (!existsSync(path.join(values.dir, 'grids.geojson'))) {
  console.error(`${values.dir} has no dataset; make it with:\n  npm run -s cli -- generate --scale county --seed 7 --out ${values.dir}`);
  process.exit(2);
}
const stale = isStale();
if (stale) {
  console.error(`building the CLI (${stale})`);
  await buildCli({ quiet: true });
}

/** One run of `argv` through bash's `time` (TIMEFORMAT=%R %U %S on stderr's last line): wall and CPU seconds. */
function timed(argv, okCodes) {
  const script = 'TIMEFORMAT="%R %U %S"; time "$@" > /dev/null 2> /dev/null';
  const r = spawnSync('bash', ['-c', script, 'bench', ...argv], { encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys] = last.split(' ').map(Number);
  if (!okCodes.includes(r.status) || !(wall >= 0)) {
    throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${r.stderr.trim().slice(-500)}`);
  }
  return { wall: wall * 1000, cpu: (user + sys) * 1000 };
}

/** Alternating rounds over the commands; each gets its own list of samples. */
function measure(commands, rounds) {
  for (const c of commands) timed(c.argv, c.ok); // warm the file cache and Node's compile cache
  const samples = commands.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + r) % commands.length;
      samples[i].push(timed(commands[i].argv, commands[i].ok));
    }
  }
  return samples;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const min = (xs) => Math.min(...xs);
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

function report(title, commands, samples, baselineIndex) {
  console.log(`\n${title}`);
  const width = Math.max(...commands.map((c) => c.name.length));
  const base = samples[baselineIndex];
  commands.forEach((c, i) => {
    const wall = samples[i].map((s) => s.wall);
    const cpu = samples[i].map((s) => s.cpu);
    const ratio = i === baselineIndex ? '' : `  ratio to ${commands[baselineIndex].name}: wall ${(median(wall) / median(base.map((s) => s.wall))).toFixed(2)}, cpu ${(median(cpu) / median(base.map((s) => s.cpu))).toFixed(2)}`;
    console.log(
      `  ${c.name.padEnd(width)}  wall median ${fmt(median(wall)).padStart(7)} min ${fmt(min(wall)).padStart(7)}` +
        `   cpu median ${fmt(median(cpu)).padStart(7)} min ${fmt(min(cpu)).padStart(7)}${ratio}`,
    );
  });
}

const node = process.execPath;
console.log(
  `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
);

const startup = [
  { name: 'compiled', argv: [node, BIN, '--help'], ok: [0] },
  { name: 'tsx', argv: [node, '--import', 'tsx', 'src/cli/main.ts', '--help'], ok: [0] },
  { name: 'node -e 0', argv: [node, '-e', '0'], ok: [0] },
];
report(`start-up, ${startupRuns} runs each`, startup, measure(startup, startupRuns), 0);

const validate = [
  { name: 'gridsight validate', argv: [node, BIN, 'validate', values.dir], ok: [0, 1] },
  { name: 'GEOS coverage', argv: [node, 'tests/bench/geos-validate.mjs', values.dir], ok: [0] },
  { name: 'GEOS pieces', argv: [node, 'tests/bench/geos-validate.mjs', values.dir, '--route', 'pieces'], ok: [0] },
];
report(`validate ${values.dir} as a process, ${runs} runs each`, validate, measure(validate, runs), 1);

// The planner's CLI on the same folder: 20 seeded operations that apply in sequence, the new version written (every
// contract file, the big ones copied) and validated; against `validate` of the same folder, the reading and checking
// any command pays.
const work = mkdtempSync(path.join(os.tmpdir(), 'gridsight-plan-bench-'));
const ops = path.join(work, 'ops.json');
const made = spawnSync(node, ['--import', 'tsx', 'tests/bench/plan-ops.ts', values.dir, '20', ops], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`plan-ops failed: ${made.stderr.trim().slice(-500)}`);
console.log(`\n${made.stdout.trim()}`);
const plan = [
  { name: 'gridsight plan apply (20 ops)', argv: [node, BIN, 'plan', 'apply', values.dir, '--ops', ops, '--out', path.join(work, 'out')], ok: [0, 1] },
  { name: 'gridsight validate', argv: [node, BIN, 'validate', values.dir], ok: [0, 1] },
];
report(`plan apply ${values.dir} as a process, ${runs} runs each`, plan, measure(plan, runs), 1);
rmSync(work, { recursive: true, force: true });
console.log(`  load average after: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
