/**
 * Issue 10, items 5 and 6, on the CLI as a process (exit codes and stderr are what a script sees): coordinates are
 * numbers, arrays nested 100,000 deep, symbolic links out of the folder, a named pipe, and an internal error.
 * Exit codes: 0 ok, 1 validate found errors, 2 wrong usage or unreadable input, 3 internal error.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from './run-cli';

/** Runs the compiled CLI as a user would (`gridsight …`; `npm run -s cli -- …` runs the same file). */
function cli(args: string[], options: { node?: string[]; spawn?: SpawnSyncOptions } = {}) {
  const r = spawnSync(process.execPath, [...(options.node ?? []), CLI_BIN, ...args], {
    encoding: 'utf8',
    ...options.spawn,
  });
  return { code: r.status, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of tests/fixtures/mini (its own folder, inside a temporary one that also holds a file of secrets). */
function mini(): { dir: string; secret: string } {
  const base = mkdtempSync(join(tmpdir(), 'gridsight-hostile-'));
  temps.push(base);
  const dir = join(base, 'dataset');
  cpSync('tests/fixtures/mini', dir, { recursive: true });
  const secret = join(base, 'secret.txt');
  writeFileSync(secret, 'DB_PASSWORD=hunter2\n');
  return { dir, secret };
}

const GRID_2 = '330424002201002';
type Report = { ok: boolean; findings: { rule: string; codes: string[]; message: string }[] };

describe('coordinates are numbers (item 5)', () => {
  it('validate: string coordinates are an invalid-geometry error naming the grid, the file, the feature and the path', () => {
    const { dir } = mini();
    const grids = JSON.parse(readFileSync(join(dir, 'grids.geojson'), 'utf8'));
    const ring = grids.features[1].geometry.coordinates[0] as number[][];
    grids.features[1].geometry.coordinates = [ring.map(([x, y]) => [String(x), String(y)])];
    writeFileSync(join(dir, 'grids.geojson'), JSON.stringify(grids));
    const r = cli(['validate', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(false);
    const bad = report.findings.filter((f) => f.rule === 'invalid-geometry');
    expect(bad).toEqual([
      expect.objectContaining({
        codes: [GRID_2],
        message: `grid ${GRID_2}: coordinates[0][0][0] must be a finite number, got "121.01" (grids.geojson, feature 1)`,
      }),
    ]);
    // stats reads through the same check and refuses the file, with the same place, the file named by its path.
    const s = cli(['stats', dir]);
    expect(s.code).toBe(2);
    expect(s.stderr).toBe(`gridsight: ${join(dir, 'grids.geojson')}: feature 1 (code ${GRID_2}): coordinates[0][0][0] must be a finite number, got "121.01"\n`);
  });

  it('an array nested 100,000 deep: validate reports it (exit 1, no stack trace), stats refuses it (exit 2, one line)', () => {
    const { dir } = mini();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    writeFileSync(
      join(dir, 'microgrids.geojson'),
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"330424002201001001","gridCode":"330424002201001"},"geometry":{"type":"MultiPolygon","coordinates":${deep}}}]}`,
    );
    const r = cli(['validate', dir, '--format', 'text']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'micro-grid 330424002201001001: coordinates[0][0][0] is nested deeper than a MultiPolygon allows (a position [lon, lat] is due) (microgrids.geojson, feature 0)',
    );
    const s = cli(['stats', dir]);
    expect(s.code).toBe(2);
    expect(s.stdout).toBe('');
    expect(s.stderr).toBe(
      `gridsight: ${join(dir, 'microgrids.geojson')}: feature 0 (code 330424002201001001): coordinates[0][0][0] is nested deeper than a MultiPolygon allows (a position [lon, lat] is due)\n`,
    );
  });

  it('an internal error exits 3 with one line on stderr and no stack trace', () => {
    // A fault injected where no input can reach: writing the report throws.
    const fault = "data:text/javascript,process.stdout.write=()=>{throw new TypeError('injected fault')}";
    const r = cli(['validate', 'tests/fixtures/mini'], { node: ['--import', fault] });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('gridsight: internal error: TypeError: injected fault\n');
  });

  it('says what exit 3 means in help', () => {
    expect(cli(['help']).stdout).toMatch(/\n3 internal error/);
  });
});

describe('only regular files inside the folder (item 6)', () => {
  it('a symbolic link to a file elsewhere is refused, and its content never echoed', () => {
    const { dir, secret } = mini();
    unlinkSync(join(dir, 'grids.geojson'));
    symlinkSync(secret, join(dir, 'grids.geojson'));
    for (const command of ['validate', 'stats']) {
      const r = cli([command, dir]);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toBe(`gridsight: grids.geojson: is a symbolic link to a file outside ${dir}; only files inside the dataset folder are read\n`);
      expect(r.stderr + r.stdout).not.toMatch(/hunter2|DB_PASS/);
    }
  });

  it('a file of the folder that is not a contract file is described, not quoted', () => {
    const { dir } = mini();
    writeFileSync(join(dir, 'grids.geojson'), 'DB_PASSWORD=hunter2\n');
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gridsight: grids.geojson: is not valid JSON (unexpected character "D")\n');
  });

  it('a named pipe in place of a contract file is refused at once, never read (stats used to hang on it)', () => {
    const { dir } = mini();
    unlinkSync(join(dir, 'incidents.geojson'));
    const made = spawnSync('mkfifo', [join(dir, 'incidents.geojson')]);
    expect(made.status, 'mkfifo').toBe(0);
    // The timeout only ends a hung process (the defect); the test asserts no time.
    const r = cli(['stats', dir], { spawn: { timeout: 60_000 } });
    expect(r.signal, 'stats blocked on the named pipe').toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gridsight: incidents.geojson: is a named pipe (FIFO) in ${dir}, not a regular file; only regular files are read\n`);
  });
});
