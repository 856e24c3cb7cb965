import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../src/domain/findings';
import { cli } from './run-cli';


const temps: string[] = [];
/** A folder with the clean community boundary and the given grids.geojson text. */
function folderWithGrids(grids: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridsight-validate-'));
  temps.push(dir);
  copyFileSync('data/zhihuiwan/community.geojson', join(dir, 'community.geojson'));
  writeFileSync(join(dir, 'grids.geojson'), grids);
  return dir;
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('gridsight validate', () => {
  it('exits 0 on the clean dataset with an empty JSON report', () => {
    const r = cli('validate', 'data/zhihuiwan');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ grids: 11, microGrids: 160, enterprises: 444, errors: 0, warnings: 0 });
    expect(report.findings).toEqual([]);
  });

  it('exits 1 on the defects dataset, with the JSON shape of the contract', () => {
    const r = cli('validate', 'data/zhihuiwan-defects', '--format', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(Object.keys(report.summary).sort()).toEqual([
      'enterprises',
      'errors',
      'grids',
      'microGrids',
      'warnings',
    ]);
    const { findings } = report as { findings: Record<string, unknown>[] };
    expect(report.summary.errors).toBe(findings.filter((f) => f.severity === 'error').length);
    expect(report.summary.warnings).toBe(findings.filter((f) => f.severity === 'warning').length);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(Object.keys(RULES)));
    for (const f of findings) {
      expect(f.severity).toBe(RULES[f.rule as keyof typeof RULES]);
      expect(Array.isArray(f.codes)).toBe(true);
      expect(typeof f.message).toBe('string');
      expect(f.geometry === null || typeof (f.geometry as { type?: unknown }).type === 'string').toBe(true);
      for (const k of ['areaM2', 'widthM']) if (k in f) expect(typeof f[k]).toBe('number');
    }
    const overlap = findings.find((f) => f.rule === 'grid-overlap')!;
    expect(overlap.areaM2).toBeGreaterThan(0);
    expect(overlap.widthM).toBeGreaterThan(0.5);
    expect((overlap.geometry as { type: string }).type).toBe('Polygon');
  });

  it('prints text grouped by rule, errors first', () => {
    const r = cli('validate', 'data/zhihuiwan-defects', '--format', 'text');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^NOT OK: \d+ errors, \d+ warnings in 11 grids, \d+ micro-grids, \d+ enterprises \(tolerance 0\.5 m\)$/,
    );
    const headers = lines.filter((l) => /^[a-z-]+ \((error|warning), \d+\):$/.test(l));
    const rules = headers.map((l) => l.split(' ')[0]);
    expect(new Set(rules).size).toBe(rules.length); // each rule once
    expect(new Set(rules)).toEqual(new Set(Object.keys(RULES)));
    const firstWarning = headers.findIndex((l) => l.includes('(warning'));
    expect(headers.slice(firstWarning).every((l) => l.includes('(warning'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('  - ')).length).toBe(
      lines.filter((l) => l.trim()).length - 1 - headers.length,
    );
  });

  it('exits 2 with a one-line reason for an unreadable folder', () => {
    const r = cli('validate', 'tests/fixtures/nope');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^gridsight: .*tests\/fixtures\/nope: is not a readable dataset folder \(ENOENT\)\n$/,
    );
  });

  it('exits 2 with a one-line reason for a grids.geojson that is not JSON', () => {
    const r = cli('validate', folderWithGrids('{"type": "FeatureCollection", "features": [ oops'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gridsight: .*grids\.geojson/);
  });

  it('exits 1 (not 2) for a grid whose geometry is a Point, reported as invalid-geometry', () => {
    const grids = JSON.parse(readFileSync('data/zhihuiwan/grids.geojson', 'utf8'));
    const code = grids.features[0].properties.code as string;
    grids.features[0].geometry = { type: 'Point', coordinates: [121, 30.6] };
    const r = cli('validate', folderWithGrids(JSON.stringify(grids)));
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    const bad = report.findings.filter((f: { rule: string }) => f.rule === 'invalid-geometry');
    expect(bad).toHaveLength(1);
    expect(bad[0].codes).toEqual([code]);
    expect(bad[0].message).toMatch(/Point/);
  });

  // Regression: an unclosed ring used to reach Turf's point-in-polygon, which throws, and crash validate.
  it('reports an unclosed grid ring as invalid-geometry instead of crashing', () => {
    const grids = JSON.parse(readFileSync('data/zhihuiwan/grids.geojson', 'utf8'));
    grids.features[0].geometry.coordinates[0].pop();
    const dir = folderWithGrids(JSON.stringify(grids));
    copyFileSync('data/zhihuiwan/enterprises.geojson', join(dir, 'enterprises.geojson'));
    const r = cli('validate', dir);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(
      report.findings.some(
        (f: { rule: string; message: string }) =>
          f.rule === 'invalid-geometry' && /not closed/.test(f.message),
      ),
    ).toBe(true);
  });
});
