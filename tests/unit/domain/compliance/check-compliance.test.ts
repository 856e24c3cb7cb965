import { describe, expect, it } from 'vitest';
import { checkCompliance, type ComplianceOptions } from '../../../../src/domain/compliance';
import { sortFindings } from '../../../../src/domain/findings';
import type { Dataset } from '../../../../src/domain/types';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { assignment, build, gridCode, microCode, mix } from './build';

const check = (ds: Dataset, extra: Partial<ComplianceOptions> = {}) =>
  checkCompliance(ds, { assignment: assignment(ds, extra.now), now: 0, ...extra });

describe('checkCompliance', () => {
  it('finds nothing in a compliant dataset (grids of exactly 30 and 50)', () => {
    expect(check(build())).toEqual([]);
  });

  it('uses options.now as asOf only when the community has none', () => {
    const ds = build([{ micro: mix(10, [5, 5, 5, 5]) }]);
    ds.grids!.features[0].properties.validFrom = '2026-03-21';
    ds.microGrids!.features.forEach((m) => (m.properties.validFrom = '2026-03-21'));
    // asOf 2026-03-20 from the community: the grid is not yet in force, its enterprises lie in no active unit.
    expect(new Set(check(ds).map((f) => f.rule))).toEqual(new Set(['enterprise-unassigned', 'staffing']));
    delete ds.community!.features[0].properties.asOf;
    expect(check(ds, { now: Date.parse('2026-04-01T00:00:00+08:00') })).toEqual([]);
  });

  it('returns findings sorted by severity, rule, then codes', () => {
    const ds = build([{ micro: mix(9, [5, 5, 5, 5, 1]) }, { micro: mix(20, [5, 5, 5, 5, 5, 5]) }]);
    ds.members = ds.members!.filter((m) => m.role !== 'part-time');
    const bad = `${gridCode(1)}0001`; // 19 digits
    const old = ds.microGrids!.features[30].properties.code;
    ds.microGrids!.features[30].properties.code = bad;
    for (const m of ds.members!) if (m.microGridCode === old) m.microGridCode = bad;
    const f = check(ds);
    expect(f).toEqual(sortFindings([...f].reverse()));
    expect(f.map((x) => [x.severity, x.rule, x.codes.join(',')])).toEqual([
      ['error', 'code-format', `${gridCode(1)}0001`],
      ['error', 'staffing', gridCode(0)],
      ['error', 'staffing', gridCode(1)],
      ['warning', 'microgrid-composition', microCode(0, 13)],
    ]);
    expect(f[1].message).toBe(
      `grid ${gridCode(0)} has 0 part-time workers; the standard requires 1 part-time worker`,
    );
  });

  it('passes its options on', () => {
    const ds = build([{ micro: mix(1, [2]) }]);
    expect(check(ds, { minEnterprisesPerGrid: 3, maxEnterprisesPerGrid: 3 })).toEqual([]);
    expect(check(ds, { minBelowPerMicroGrid: 3 }).map((f) => f.rule)).toEqual([
      'grid-enterprise-count',
      'microgrid-composition',
    ]);
    expect(
      check(ds, { minEnterprisesPerGrid: 3, staffPerGrid: { other: 0 }, microLeadersPerMicroGrid: 1 }).map(
        (f) => f.message,
      ),
    ).toEqual([
      `grid ${gridCode(0)} has 1 other member; the standard requires 0 other members`,
      `micro-grid ${microCode(0, 0)} has 2 micro-grid leaders; the standard requires 1`,
      `micro-grid ${microCode(0, 1)} has 2 micro-grid leaders; the standard requires 1`,
    ]);
  });
});

describe('fixture revoked-reuse: a revoked grid whose code was reused, a point on the shared border', () => {
  it('reports the reuse, the border enterprise and the small grids, in order', async () => {
    const ds = await loadDataset(folderSource('tests/fixtures/compliance/revoked-reuse'));
    const g1 = '330424002201001';
    const g2 = '330424002201002';
    const border = '91330424MA2B3C4D75';
    const f = check(ds);
    expect(f.map((x) => [x.rule, x.codes, x.enterpriseId ?? null])).toEqual([
      ['code-duplicate', [g2], null],
      ['grid-enterprise-count', [g1], null],
      ['grid-enterprise-count', [g2], null],
      ['microgrid-composition', [`${g2}001`], null],
      ['enterprise-unassigned', [g1], border],
      ['enterprise-assignment', [g1, g2], border],
    ]);
    expect(f.map((x) => x.message)).toEqual([
      `code ${g2} is used by 2 units: grid 旧二网格 (revoked 2025-06-30), grid 二网格; a code is never reused after revocation`,
      `grid ${g1} has 2 enterprises (1 above size, 1 below); the standard suggests 30–50`,
      `grid ${g2} has 1 enterprise (0 above size, 1 below); the standard suggests 30–50`,
      `micro-grid ${g2}001 holds 1 below-size enterprise; the standard suggests one above-size enterprise alone or 2–5 below-size ones`,
      `enterprise 界上丙厂 (${border}) lies in grid ${g1} but in no micro-grid`,
      `enterprise 界上丙厂 (${border}) declares grid ${g2} but lies in grid ${g1}`,
    ]);
  });
});

// The bundled synthetic dataset is generated to satisfy every rule (src/synth/generate).
describe('data/zhihuiwan', () => {
  it('yields no compliance findings', async () => {
    const ds = await loadDataset(folderSource('data/zhihuiwan'));
    expect(check(ds).map((f) => f.message)).toEqual([]);
  });
});
