/**
 * `gridsight db import` / `db export` as a user runs them (the compiled CLI as a process) on the embedded engine:
 * the export of the bundled dataset is byte-for-byte the folder imported, and `validate` and `stats` read it
 * unchanged with the same answers; bad usage exits 2 with one line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli';

const BUNDLED = 'data/zhihuiwan';
const work = mkdtempSync(join(tmpdir(), 'gs-db-'));
const db = join(work, 'db');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('gridsight db', () => {
  it('imports a folder and exports it back byte for byte; validate and stats agree with the original', () => {
    const imported = cli('db', 'import', BUNDLED, '--db', db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ version: 1, incidents: { added: 3248, updated: 0 }, patrols: { added: 331 } });
    const out = join(work, 'v1');
    const exported = cli('db', 'export', '1', out, '--db', db);
    expect(exported.code, exported.stderr).toBe(0);
    const files = JSON.parse(exported.stdout).files as string[];
    expect(files).toContain('incidents.geojson');
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(BUNDLED, f), 'utf8'));
    for (const command of [['validate'], ['stats', '--month', '2026-10']]) {
      const a = cli(command[0], BUNDLED, ...command.slice(1));
      const b = cli(command[0], out, ...command.slice(1));
      expect(b.code).toBe(a.code);
      expect(b.stdout).toBe(a.stdout);
    }
    // The same folder again: a new version, its incidents and tracks matched by id, none added.
    const again = cli('db', 'import', BUNDLED, '--db', db);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ version: 2, incidents: { added: 0, updated: 3248 }, patrols: { added: 0, updated: 331 } });
  }, 120_000);

  it('refuses an embedded database another process has open, and takes over the lock of one that died', () => {
    // This test's own process stands for a running server.
    writeFileSync(join(db, 'gridsight.lock'), `${process.pid}\n`);
    const busy = cli('db', 'export', 'current', join(work, 'busy'), '--db', db);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(new RegExp(`is open in another process \\(pid ${process.pid}\\)`));
    expect(existsSync(join(work, 'busy'))).toBe(false);
    // A pid no process has (beyond Linux's pid_max): a server that was killed.
    writeFileSync(join(db, 'gridsight.lock'), '9999999\n');
    const after = cli('db', 'export', 'current', join(work, 'after-kill'), '--db', db);
    expect(after.code, after.stderr).toBe(0);
    expect(existsSync(join(db, 'gridsight.lock'))).toBe(false);
  }, 120_000);

  it('refuses to overwrite, an unknown version, and bad usage, with one line and exit 2', () => {
    const again = cli('db', 'export', 'current', join(work, 'v1'), '--db', db);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists and is not empty/);
    const missing = cli('db', 'export', '42', join(work, 'v42'), '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/version 42/);
    for (const args of [['db'], ['db', 'drop'], ['db', 'export', '../x', join(work, 'x'), '--db', db], ['db', 'import', '--db', db], ['serve', '--port', 'http']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const unreadable = cli('db', 'import', join(work, 'nowhere'), '--db', db);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
