/**
 * Vitest globalSetup of the unit project: the CLI tests run the compiled CLI (dist-cli/gridsight.mjs, as the
 * `gridsight` bin and `npm run cli` do), so build it first when it is missing (a fresh clone) or older than a
 * source it was built from — never test a stale bundle. Nothing to do (a few dozen stat calls) when it is current.
 */
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const r = spawnSync(process.execPath, ['src/cli/build.mjs', '--if-stale', '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the CLI failed (exit ${r.status}): ${r.stderr || r.error?.message}`);
}
