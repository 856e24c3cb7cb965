/**
 * `gridsight tiles DIR` (issue 14) as a user runs it: basemap.pmtiles cut from basemap.geojson and listed in
 * dataset.json after it; `validate` and `stats` answer the same before and after; cutting again lists it once and
 * leaves no temporary file; `plan apply` carries the tiles into the new version; bad input exits 2 with one line and
 * writes nothing.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basemapTilesMeta } from '../../../src/io/basemap-tiles';
import { cli } from './run-cli';

const work = mkdtempSync(join(tmpdir(), 'gs-tiles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copy(name: string): string {
  const dir = join(work, name);
  cpSync('data/zhihuiwan', dir, { recursive: true });
  return dir;
}

describe('gridsight tiles', () => {
  it('cuts basemap.geojson into basemap.pmtiles and lists it; validate and stats answer the same', () => {
    const dir = copy('ok');
    const before = [cli('validate', dir), cli('stats', dir)];
    const r = cli('tiles', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const sha256 = createHash('sha256').update(readFileSync(join(dir, 'basemap.geojson'))).digest('hex');
    expect(out).toMatchObject({ file: join(dir, 'basemap.pmtiles'), maxZoom: 15, sha256, listed: true });
    expect(out.tiles).toBeGreaterThan(10);
    expect(out.bytes).toBe(readFileSync(join(dir, 'basemap.pmtiles')).length);
    expect(basemapTilesMeta(readFileSync(join(dir, 'basemap.pmtiles')))).toMatchObject({ source: 'basemap.geojson', sha256 });
    const files = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8')).files as string[];
    expect(files.slice(files.indexOf('basemap.geojson'))).toEqual(['basemap.geojson', 'basemap.pmtiles']);
    const after = [cli('validate', dir), cli('stats', dir)];
    expect(after.map((a) => [a.code, a.stdout])).toEqual(before.map((b) => [b.code, b.stdout]));
    expect(cli('tiles', dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8')).files.filter((f: string) => f === 'basemap.pmtiles')).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // basemap.geojson changed after the cut: validate warns on stderr (its report and exit code are the same).
    const stale = copy('stale');
    expect(cli('tiles', stale).code).toBe(0);
    const fresh = cli('validate', stale);
    expect(fresh.stderr).toBe('');
    const fc = JSON.parse(readFileSync(join(stale, 'basemap.geojson'), 'utf8'));
    writeFileSync(join(stale, 'basemap.geojson'), JSON.stringify({ ...fc, features: fc.features.slice(1) }));
    const warned = cli('validate', stale);
    expect([warned.code, warned.stdout]).toEqual([fresh.code, fresh.stdout]);
    expect(warned.stderr).toMatch(/^gridsight: warning: basemap\.pmtiles: was cut from another basemap\.geojson \(SHA-256 [0-9a-f]{12}…, the folder's is [0-9a-f]{12}…\): the maps draw the old base map; run "gridsight tiles .*stale" again\n$/);
    rmSync(join(stale, 'basemap.pmtiles'));
    expect(cli('validate', stale).stderr).toMatch(/^gridsight: warning: basemap\.pmtiles: listed in dataset\.json but could not be read from .*\(ENOENT\)\n$/);

    // A plan never changes the base map: its new version carries the tiles as they are.
    const next = join(work, 'next');
    const applied = cli('plan', 'apply', dir, '--ops', 'tests/fixtures/plan/issue-ops.json', '--out', next);
    expect([0, 1], applied.stderr).toContain(applied.code);
    expect(readFileSync(join(next, 'basemap.pmtiles'))).toEqual(readFileSync(join(dir, 'basemap.pmtiles')));
    expect(JSON.parse(readFileSync(join(next, 'dataset.json'), 'utf8')).files).toContain('basemap.pmtiles');
  }, 120_000);

  it('exits 2 with one line on wrong usage or a folder it cannot cut, and writes nothing', () => {
    const noBasemap = copy('none');
    rmSync(join(noBasemap, 'basemap.geojson'));
    const badBasemap = copy('bad');
    writeFileSync(join(badBasemap, 'basemap.geojson'), '{"type":"FeatureCollection","features":[{"type":"Feature"}]}');
    const cases: [string[], RegExp][] = [
      [['tiles'], /^gridsight: tiles takes exactly one dataset folder: tiles DIR$/],
      [['tiles', 'a', 'b'], /^gridsight: tiles takes exactly one dataset folder: tiles DIR$/],
      [['tiles', join(work, 'nowhere')], /nowhere: is not a readable dataset folder \(ENOENT\)$/],
      [['tiles', noBasemap], /none: has no basemap\.geojson to cut into tiles$/],
      [['tiles', badBasemap], /^gridsight: basemap\.geojson: /],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim(), args.join(' ')).toMatch(message);
    }
    expect(readdirSync(badBasemap)).not.toContain('basemap.pmtiles');
    expect(JSON.parse(readFileSync(join(badBasemap, 'dataset.json'), 'utf8')).files).not.toContain('basemap.pmtiles');
  });
});
