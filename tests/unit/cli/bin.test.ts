import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from './run-cli';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

// The compiled CLI as the `gridsight` command: what `npm link` or a global install puts on the PATH.
describe('the gridsight bin', () => {
  it('is the compiled file of package.json, an executable with a node shebang', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.bin).toEqual({ gridsight: CLI_BIN });
    expect(readFileSync(CLI_BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(() => accessSync(CLI_BIN, constants.X_OK)).not.toThrow();
  });

  it('runs through its shebang and through a symlink named gridsight, as npm link installs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridsight-bin-'));
    temps.push(dir);
    const link = join(dir, 'gridsight');
    symlinkSync(resolve(CLI_BIN), link);
    for (const command of [resolve(CLI_BIN), link]) {
      const out = execFileSync(command, ['--help'], { encoding: 'utf8' });
      expect(out, command).toMatch(/^GridSight \(网格智图\) command-line tool\n/);
      // Also from another working directory, with a real command: the bundle carries everything it needs.
      const r = spawnSync(command, ['validate', resolve('data/zhihuiwan')], { encoding: 'utf8', cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).ok).toBe(true);
    }
  });
});
