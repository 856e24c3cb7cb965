import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli';

const temps: string[] = [];
/** A fresh temporary folder and the (not yet existing) OUTDIR inside it. */
function outDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridsight-plan-'));
  temps.push(dir);
  return join(dir, 'out');
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const FIX = 'tests/fixtures/plan';

describe('gridsight plan apply', () => {
  it('applies a vertex move, writes every file plus changes.json, and the result validates clean', () => {
    const out = outDir();
    const r = cli('plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`, '--out', out, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const changes = JSON.parse(r.stdout);
    expect(JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8'))).toEqual(changes);
    expect(changes.added).toEqual([]);
    expect(changes.retired).toEqual([]);
    expect(changes.reshaped).toEqual(['330424002012001', '330424002012004']);
    expect(changes.moves).toEqual([]);
    expect(changes.grids.map((g: { code: string }) => g.code)).toEqual(['330424002012001', '330424002012004']);
    const [g1] = changes.grids;
    expect(Object.keys(g1.before).sort()).toEqual(['above', 'area', 'enterprises', 'microGrids', 'parks', 'staff']);
    expect(g1.after.area).toBeLessThan(g1.before.area);
    const manifest = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'));
    expect(manifest.files).toEqual(JSON.parse(readFileSync('data/zhihuiwan/dataset.json', 'utf8')).files);
    // Files a plan never changes are copied byte for byte.
    for (const f of ['incidents.geojson', 'patrols.geojson', 'basemap.geojson', 'community.geojson']) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join('data/zhihuiwan', f), 'utf8'));
    }
    const grids = readFileSync(join(out, 'grids.geojson'), 'utf8');
    expect(grids).toContain('[120.9861406,30.6039198]');
    expect(grids).not.toContain('[120.9861006,30.6038798]');
    const v = cli('validate', out);
    expect(v.code, v.stdout).toBe(0);
    expect(cli('stats', out).code).toBe(0);
  });

  it('prints a summary with --format text (the default)', () => {
    const out = outDir();
    const r = cli('plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1 operation applied, effective 2026-11-20; written to /);
    expect(r.stdout).toContain('reshaped: 330424002012001, 330424002012004');
    expect(r.stdout).toContain('validation: OK, 0 errors');
  });

  it('exits 1 and still writes when the result has validation errors', () => {
    const out = outDir();
    const r = cli('plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/unstaffed.json`, '--out', out, '--format', 'text');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/validation: NOT OK, 2 errors/);
    expect(r.stdout).toContain('grid 330424002012001 has 0 grid leaders');
    const members = JSON.parse(readFileSync(join(out, 'members.json'), 'utf8'));
    expect(members.find((m: { id: string }) => m.id === 'm330424002012001-1').gridCode).toBe('330424002012002');
    expect(cli('validate', out).code).toBe(1);
  });

  it('applies the operations the issue lists (split, merge, revoke, move-vertex, add-microgrid, delete-microgrid)', () => {
    const out = outDir();
    const r = cli('plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/issue-ops.json`, '--out', out, '--format', 'json');
    // The new grids have no staff yet and the old grids' members name retired grids: staffing errors, still written.
    expect(r.code, r.stderr).toBe(1);
    const c = JSON.parse(r.stdout);
    const grids = (list: string[]) => list.filter((code) => code.length === 15);
    expect(grids(c.added)).toEqual(['330424002012012', '330424002012013', '330424002012014']);
    expect(grids(c.retired)).toEqual(['330424002012001', '330424002012002', '330424002012003', '330424002012007']);
    expect(c.added).toContain('330424002012010017'); // the park drawn in grid 010, the next serial there
    expect(c.retired).toContain('330424002012011001');
    expect(c.reshaped).toEqual(['330424002012004', '330424002012006', '330424002012009']);
    expect(c.moves.filter((m: { from: string; to: string }) => m.from === '330424002012001').every((m: { to: string }) => m.to === '330424002012004')).toBe(true);
    const row = (code: string) => c.grids.find((g: { code: string }) => g.code === code);
    expect(row('330424002012004').after.enterprises).toBe(row('330424002012004').before.enterprises + row('330424002012001').before.enterprises);
    expect(row('330424002012012').before).toBeNull();
    expect(row('330424002012001').after).toBeNull();
    // History: the retired grids stay in the file with validTo; validate and stats read the new version.
    const file = readFileSync(join(out, 'grids.geojson'), 'utf8');
    expect(file).toMatch(/"code":"330424002012001"[^\n]*"validTo":"2026-11-20"/);
    expect(file).toMatch(/"code":"330424002012014"[^\n]*"parentCodes":\["330424002012003","330424002012007"\][^\n]*"validFrom":"2026-11-20"/);
    const v = cli('validate', out);
    expect(v.code).toBe(1);
    const report = JSON.parse(v.stdout);
    expect(report.summary.grids).toBe(10);
    expect(report.findings.filter((f: { severity: string; rule: string }) => f.severity === 'error' && f.rule !== 'staffing')).toEqual([]);
    expect(cli('stats', out).code).toBe(0);
  });

  it('exits 0 for a revocation whose members are re-assigned in the same list', () => {
    const out = outDir();
    const r = cli('plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/revoke-staffed.json`, '--out', out, '--format', 'text');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('35 enterprises 330424002012001 → 330424002012004');
    expect(cli('validate', out).code).toBe(0);
  });

  it('sets the effective date with --effective', () => {
    const out = outDir();
    const r = cli('plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`, '--out', out, '--effective', '2026-11-01');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('effective 2026-11-01');
  });

  it('exits 2 with one line and writes nothing for bad usage, bad operations and operations that cannot apply', () => {
    const cases: [string[], RegExp][] = [
      [['plan'], /^gridsight: plan takes a subcommand: plan apply DIR/],
      [['plan', 'apply', 'data/zhihuiwan', '--out', 'X'], /^gridsight: --ops OPS\.json is required/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`], /^gridsight: --out OUTDIR is required/],
      [['plan', 'apply', '--ops', `${FIX}/move-vertex.json`, '--out', 'X'], /^gridsight: plan apply takes exactly one dataset folder/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`, '--out', 'X', '--effective', '2026-02-30'], /^gridsight: --effective must be a date YYYY-MM-DD, got "2026-02-30"/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`, '--out', 'X', '--format', 'xml'], /^gridsight: --format must be json or text/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/bad-ops.json`, '--out', 'X'], /^gridsight: bad-ops\.json: item 1 \(split\): "line" needs at least 2 \[lon, lat\] pairs, got an array of 1$/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/missing-vertex.json`, '--out', 'X'], /^gridsight: missing-vertex\.json: item 2 \(move-vertex\): no vertex within 1 cm of \[121\.5, 30\.1\]/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/merge-apart.json`, '--out', 'X'], /^gridsight: merge-apart\.json: item 1 \(merge\): .*330424002012011 shares no border with 330424002012001/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/split-miss.json`, '--out', 'X'], /^gridsight: split-miss\.json: item 1 \(split\): .*the line does not cross 330424002012001/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/nope.json`, '--out', 'X'], /^gridsight: .*nope\.json: could not be read \(ENOENT\)$/],
      [['plan', 'apply', 'data/zhihuiwan', '--ops', `${FIX}/move-vertex.json`, '--out', 'data/zhihuiwan'], /^gridsight: --out must be another folder than the dataset/],
    ];
    for (const [args, message] of cases) {
      const out = outDir();
      const r = cli(...args.map((a) => (a === 'X' ? out : a)));
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stdout).toBe('');
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
  });

  it('is in the help', () => {
    expect(cli('help').stdout).toContain('plan apply DIR --ops OPS.json --out OUTDIR [--effective YYYY-MM-DD] [--format json|text]');
  });
});
