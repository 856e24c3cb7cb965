import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the CLI as a user would (`npm run -s cli -- …` is `tsx src/cli/main.ts …`). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gridsight CLI', () => {
  it('prints help listing the commands', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generate --scale community\|county --seed N --out DIR/);
    expect(r.stdout).toMatch(/stats DIR/);
  });
  it('prints stats as JSON on stdout', () => {
    const r = cli('stats', 'tests/fixtures/mini', '--month', '2026-03');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.month).toBe('2026-03');
    expect(s.totals.enterprises).toEqual({ above: 2, below: 3, total: 5 });
  });
  it('exits 2 with a one-line reason on wrong usage', () => {
    for (const args of [['frobnicate'], ['stats'], ['stats', 'a', 'b'], ['stats', 'x', '--month', '2026-3'], ['stats', 'x', '--bogus']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
  it('exits 2 naming the file on unreadable input', () => {
    const r = cli('stats', 'tests/fixtures/nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gridsight: .*tests\/fixtures\/nope: is not a readable dataset folder \(ENOENT\)\n$/);
  });
});
