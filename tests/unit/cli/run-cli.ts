import { spawnSync } from 'node:child_process';

/** The compiled CLI, the `gridsight` bin of package.json (built by build-cli.setup.ts before the tests). */
export const CLI_BIN = 'dist-cli/gridsight.mjs';

/** Runs the CLI as a user would (`gridsight …`, or `npm run -s cli -- …`, which runs the same file). */
export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
