import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, type Finding } from '../../../src/domain/findings';
import { injectDefects, type DefectRecord } from '../../../src/synth/defects/index';
import { generateDataset } from '../../../src/synth/generate/index';
import { validateDataset } from '../../../src/geo/validate-dataset';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

const DEFECTS_DIR = 'data/zhihuiwan-defects';

/** Loads a folder exactly as `validate DIR` does (src/cli/validate.ts). */
const load = (dir: string) =>
  loadDataset(folderSource(dir), {
    require: ['community.geojson', 'grids.geojson'],
    skip: ['basemap.geojson', 'incidents.geojson', 'incidents.csv', 'patrols.geojson'],
    lenientGeometry: true,
  });

const documented = JSON.parse(readFileSync(`${DEFECTS_DIR}/defects.json`, 'utf8')) as {
  seed: number;
  tolerance: number;
  defects: DefectRecord[];
};
const label = (r: { rule: string; codes: string[]; enterpriseId?: string; memberId?: string }) =>
  `${r.rule} [${r.codes.join(',')}]${r.enterpriseId ? ` ${r.enterpriseId}` : ''}${r.memberId ? ` ${r.memberId}` : ''}`;

/** The finding a record documents: same rule, codes, enterprise and member; area within 1 % when given. */
function matches(r: DefectRecord, f: Finding): boolean {
  if (f.rule !== r.rule || f.codes.join(',') !== [...r.codes].sort().join(',')) return false;
  if ((f.enterpriseId ?? null) !== (r.enterpriseId ?? null) || (f.memberId ?? null) !== (r.memberId ?? null))
    return false;
  return (
    r.expectedAreaM2 === undefined ||
    Math.abs((f.areaM2 ?? NaN) - r.expectedAreaM2) <= 0.01 * r.expectedAreaM2
  );
}

describe('data/zhihuiwan-defects', async () => {
  const dataset = await load(DEFECTS_DIR);
  const report = validateDataset(dataset, { now: Date.now() });
  const reported = documented.defects.filter((r) => !r.belowTolerance);
  const sliver = documented.defects.filter((r) => r.belowTolerance);

  it('documents at least one defect of every rule, each in Chinese and English', () => {
    const rules = new Set(
      documented.defects.filter((r) => !r.cascade && !r.belowTolerance).map((r) => r.rule),
    );
    expect([...rules].sort()).toEqual(Object.keys(RULES).sort());
    for (const r of documented.defects) {
      expect(r.description.zh, label(r)).toMatch(/[\u4e00-\u9fff]/);
      expect(r.description.en, label(r)).toMatch(/[a-z]{3}/);
      expect(r.codes, label(r)).toEqual([...r.codes].sort());
    }
    expect(documented.defects.filter((r) => r.cascade).every((r) => /cascade/i.test(r.description.en))).toBe(
      true,
    );
  });

  it('is named as the defects sample and does not list defects.json as a contract file', () => {
    expect(dataset.manifest.name).toBe('智汇湾工业社区（缺陷样例）');
    expect(dataset.manifest.description).toMatch(/synthetic/);
    const manifest = JSON.parse(readFileSync(`${DEFECTS_DIR}/dataset.json`, 'utf8')) as { files: string[] };
    expect(manifest.files).not.toContain('defects.json');
  });

  it('finds every documented defect (rule, codes, enterprise, member; area within 1 %)', () => {
    const missing = reported.filter((r) => !report.findings.some((f) => matches(r, f)));
    expect(missing.map(label)).toEqual([]);
  });

  it('reports nothing that is not documented, one finding per record', () => {
    const left = [...report.findings];
    for (const r of reported) {
      const k = left.findIndex((f) => matches(r, f));
      if (k >= 0) left.splice(k, 1);
    }
    expect(left.map((f) => `${label(f)}: ${f.message}`)).toEqual([]);
    expect(report.findings).toHaveLength(reported.length);
    expect(report.ok).toBe(false);
  });

  it('reports the sliver as an edge mismatch at the default 0.5 m tolerance and as a gap below its width', () => {
    expect(sliver).toHaveLength(1);
    const s = sliver[0];
    const at = (findings: Finding[], rule: string) =>
      findings.filter((f) => f.rule === rule && f.codes.join(',') === s.codes.join(','));
    expect(report.tolerance).toBe(0.5);
    expect(at(report.findings, s.rule)).toEqual([]);
    // Never nothing: a shared border that does not match is a warning below the tolerance.
    const mismatch = at(report.findings, 'edge-mismatch');
    expect(mismatch.map((f) => f.message)).toEqual([expect.stringMatching(/1 sliver\(s\) up to 0\.[12]\d* m wide/)]);
    expect(documented.defects.some((r) => r.cascade && r.rule === 'edge-mismatch' && matches(r, mismatch[0]))).toBe(true);
    const fine = validateDataset(dataset, { now: Date.now(), tolerance: 0.1 });
    const found = at(fine.findings, s.rule);
    expect(found).toHaveLength(1);
    expect(found[0].widthM).toBeGreaterThan(0.1);
    expect(found[0].widthM).toBeLessThan(0.5);
    expect(Math.abs(found[0].areaM2! - s.expectedAreaM2!)).toBeLessThanOrEqual(0.01 * s.expectedAreaM2!);
    expect(at(fine.findings, 'edge-mismatch')).toEqual([]);
    // Everything else is unchanged at the finer tolerance: the mismatch became the gap.
    expect(fine.findings).toHaveLength(report.findings.length);
  });
});

describe('data/zhihuiwan (clean)', () => {
  it('has no findings at all', async () => {
    const report = validateDataset(await load('data/zhihuiwan'), { now: Date.now() });
    expect(report.findings.map((f) => f.message)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('injectDefects', () => {
  const run = () => injectDefects(generateDataset({ scale: 'community', seed: 33 }), { seed: 33 });

  it('is deterministic and reproduces the bundled folder', () => {
    const a = run();
    const b = run();
    expect(JSON.stringify(b.defects)).toBe(JSON.stringify(a.defects));
    expect(JSON.stringify(b.dataset.grids)).toBe(JSON.stringify(a.dataset.grids));
    expect(JSON.stringify(b.dataset.microGrids)).toBe(JSON.stringify(a.dataset.microGrids));
    expect(a.defects).toEqual(documented.defects);
    const onDisk = (file: string) => JSON.parse(readFileSync(`${DEFECTS_DIR}/${file}`, 'utf8')) as unknown;
    expect(onDisk('grids.geojson')).toEqual(JSON.parse(JSON.stringify(a.dataset.grids)));
    expect(onDisk('microgrids.geojson')).toEqual(JSON.parse(JSON.stringify(a.dataset.microGrids)));
    expect(onDisk('enterprises.geojson')).toEqual(JSON.parse(JSON.stringify(a.dataset.enterprises)));
    expect(onDisk('members.json')).toEqual(JSON.parse(JSON.stringify(a.dataset.members)));
  });

  it('leaves its input untouched', () => {
    const clean = generateDataset({ scale: 'community', seed: 33 });
    const before = JSON.stringify([clean.grids, clean.microGrids, clean.enterprises, clean.members]);
    injectDefects(clean, { seed: 33 });
    expect(JSON.stringify([clean.grids, clean.microGrids, clean.enterprises, clean.members])).toBe(before);
  });

  it('works for other seeds too (it verifies itself and would throw)', () => {
    for (const seed of [7, 12]) {
      const { defects } = injectDefects(generateDataset({ scale: 'community', seed }), { seed });
      expect(new Set(defects.map((d) => d.rule)).size).toBe(Object.keys(RULES).length);
    }
  });
});
