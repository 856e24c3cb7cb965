/**
 * `gridsight pack DIR` (issue 14) as a user runs it: incidents.bin written from incidents.csv or incidents.geojson
 * and listed in dataset.json; `stats` prints the same JSON before and after (it then reads the binary file), and
 * `validate` answers the same; `db import` stores the binary file's incidents; a damaged incidents.bin stops `stats`
 * with one line; wrong usage exits 2 with one line.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeIncidentTable } from '../../../src/io/incidents-binary';
import { incidentColumnsFromCsv } from '../../../src/io/incidents-columns';
import { cli } from './run-cli';

const FIXTURE = 'tests/fixtures/issue-10-incident-columns';
const work = mkdtempSync(join(tmpdir(), 'gs-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of `from` without `drop`, dataset.json listing what is left. */
function copy(name: string, from: string, drop: string): string {
  const dir = join(work, name);
  cpSync(from, dir, { recursive: true });
  rmSync(join(dir, drop));
  const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'));
  manifest.files = manifest.files.filter((f: string) => f !== drop);
  writeFileSync(join(dir, 'dataset.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

const MONTHS = [[], ['--month', '2026-02'], ['--month', '2026-03']];

describe('gridsight pack', () => {
  it('packs incidents.csv; stats and validate answer the same before and after', () => {
    const dir = copy('csv', FIXTURE, 'incidents.geojson');
    const before = MONTHS.map((m) => cli('stats', dir, ...m));
    const validated = cli('validate', dir);
    const r = cli('pack', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      file: join(dir, 'incidents.bin'),
      from: 'incidents.csv',
      incidents: 16,
      listed: true,
      patrolArea: { file: join(dir, 'patrol-area.json'), months: expect.any(Number) },
    });
    expect(JSON.parse(r.stdout).patrolArea.months).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'));
    expect(manifest.files.slice(-5)).toEqual(['members.json', 'incidents.csv', 'incidents.bin', 'patrols.geojson', 'patrol-area.json']);
    expect(manifest.name).toBeDefined();
    // The file holds the CSV's table, titles and all.
    const table = decodeIncidentTable(readFileSync(join(dir, 'incidents.bin')));
    expect(table).toEqual(incidentColumnsFromCsv(readFileSync(join(dir, 'incidents.csv'), 'utf8'), { titles: true }));
    MONTHS.forEach((m, k) => {
      const after = cli('stats', dir, ...m);
      expect(after.code, after.stderr).toBe(0);
      expect(after.stdout, m.join(' ')).toBe(before[k].stdout);
      expect(after.stdout.length).toBeGreaterThan(1000);
    });
    const again = cli('validate', dir);
    expect([again.code, again.stdout]).toEqual([validated.code, validated.stdout]);
    // Packing again replaces the file and lists it once; no temporary file is left.
    expect(cli('pack', dir).code).toBe(0);
    const listed = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8')).files;
    expect(listed.filter((f: string) => f === 'incidents.bin' || f === 'patrol-area.json')).toEqual(['incidents.bin', 'patrol-area.json']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('packs incidents.geojson with its enterprise links; stats the same; db import stores the binary file\'s incidents', () => {
    const dir = join(work, 'bundled');
    cpSync('data/zhihuiwan', dir, { recursive: true });
    const month = ['--month', '2026-10'];
    const before = cli('stats', dir, ...month);
    const r = cli('pack', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 'incidents.geojson', incidents: 3248 });
    const after = cli('stats', dir, ...month);
    expect(after.stdout).toBe(before.stdout);
    expect(decodeIncidentTable(readFileSync(join(dir, 'incidents.bin'))).enterpriseIds.length).toBeGreaterThan(100);

    // A folder whose incidents are only in incidents.csv and incidents.bin: the database gets them as features.
    const csv = copy('for-db', FIXTURE, 'incidents.geojson');
    expect(cli('pack', csv).code).toBe(0);
    const db = join(work, 'db');
    const imported = cli('db', 'import', csv, '--db', db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ incidents: { added: 16, updated: 0 } });
    const out = join(work, 'exported');
    expect(cli('db', 'export', 'current', out, '--db', db).code).toBe(0);
    for (const m of MONTHS) expect(cli('stats', out, ...m).stdout, m.join(' ')).toBe(cli('stats', csv, ...m).stdout);
  }, 120_000);

  it('stops stats with one line naming a damaged incidents.bin', () => {
    const dir = copy('damaged', FIXTURE, 'incidents.geojson');
    expect(cli('pack', dir).code).toBe(0);
    const bytes = readFileSync(join(dir, 'incidents.bin'));
    bytes[9] = 7; // the version's high byte
    writeFileSync(join(dir, 'incidents.bin'), bytes);
    const r = cli('stats', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `gridsight: ${join(dir, 'incidents.bin')}: byte 8: is format version 1793; this GridSight reads version 1 (update GridSight, or pack the dataset again with this one)\n`,
    );
  });

  it('exits 2 with one line on wrong usage or a folder it cannot pack', () => {
    const noIncidents = copy('none', copy('none-csv', FIXTURE, 'incidents.geojson'), 'incidents.csv');
    const badManifest = copy('bad-manifest', FIXTURE, 'incidents.geojson');
    writeFileSync(join(badManifest, 'dataset.json'), '{"files": ["incidents.xls"]}');
    const badCsv = copy('bad-csv', FIXTURE, 'incidents.geojson');
    writeFileSync(join(badCsv, 'incidents.csv'), 'id,category\nE1,fire\n');
    const cases: [string[], RegExp][] = [
      [['pack'], /^gridsight: pack takes exactly one dataset folder: pack DIR$/],
      [['pack', 'a', 'b'], /^gridsight: pack takes exactly one dataset folder: pack DIR$/],
      [['pack', '--force', FIXTURE], /^gridsight: pack: unknown option --force; usage: pack DIR$/],
      [['pack', join(work, 'nowhere')], /nowhere: is not a readable dataset folder \(ENOENT\)$/],
      [['pack', noIncidents], /none: has no incidents\.geojson or incidents\.csv to pack$/],
      [['pack', badManifest], /^gridsight: dataset\.json: "files" names "incidents\.xls", not files of the data contract$/],
      [['pack', badCsv], /^gridsight: incidents\.csv: line 1: header row lacks required column\(s\) level, status, reportedAt, gridCode, lon, lat$/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim(), args.join(' ')).toMatch(message);
    }
    // Nothing was written where the command stopped.
    expect(readdirSync(badCsv)).not.toContain('incidents.bin');
    expect(readdirSync(badManifest)).not.toContain('incidents.bin');
  });
});
