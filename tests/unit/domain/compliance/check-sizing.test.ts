import { describe, expect, it } from 'vitest';
import { checkGridEnterpriseCount, checkMicroGridComposition } from '../../../../src/domain/compliance';
import { asOf, assignment, build, gridCode, microCode, mix } from './build';

const gridCount = (ds = build(), extra = {}) =>
  checkGridEnterpriseCount(ds, { asOf, gridOf: assignment(ds).grid, ...extra });
const composition = (ds: ReturnType<typeof build>, extra = {}) =>
  checkMicroGridComposition(ds, { asOf, microGridOf: assignment(ds).microGrid, ...extra });

describe('grid-enterprise-count', () => {
  it('passes grids of exactly 30 and exactly 50', () => {
    expect(gridCount()).toEqual([]);
  });

  it('warns at 29 and 51, counting where the points lie, not what they declare', () => {
    const ds = build([{ micro: mix(9, [5, 5, 5, 5]) }, { micro: mix(21, [5, 5, 5, 5, 5, 5]) }]);
    for (const e of ds.enterprises!.features) e.properties.gridCode = gridCode(0); // declarations do not count
    const f = gridCount(ds);
    expect(f.map((x) => x.message)).toEqual([
      `grid ${gridCode(0)} has 29 enterprises (9 above size, 20 below); the standard suggests 30–50`,
      `grid ${gridCode(1)} has 51 enterprises (21 above size, 30 below); the standard suggests 30–50`,
    ]);
    expect(f[0]).toMatchObject({
      rule: 'grid-enterprise-count',
      severity: 'warning',
      codes: [gridCode(0)],
      geometry: null,
    });
  });

  it('counts loose enterprises (in the grid, in no micro-grid) and reports an empty grid', () => {
    expect(gridCount(build([{ micro: mix(10, [5, 5, 5, 4]), loose: 1 }]))).toEqual([]);
    expect(gridCount(build([{ micro: [] }])).map((x) => x.message)).toEqual([
      `grid ${gridCode(0)} has 0 enterprises (0 above size, 0 below); the standard suggests 30–50`,
    ]);
  });

  it('takes its bounds from the options', () => {
    const ds = build([{ micro: mix(1, [2]) }]);
    expect(gridCount(ds, { minEnterprisesPerGrid: 3, maxEnterprisesPerGrid: 3 })).toEqual([]);
    expect(gridCount(ds, { minEnterprisesPerGrid: 4 })[0].message).toContain('has 3 enterprises');
  });

  it('skips grids not active at asOf', () => {
    const ds = build([{ micro: [] }]);
    ds.grids!.features[0].properties.validTo = '2026-01-01';
    expect(gridCount(ds)).toEqual([]);
    ds.grids!.features[0].properties = {
      ...ds.grids!.features[0].properties,
      validTo: null,
      validFrom: '2026-04-01',
    };
    expect(gridCount(ds)).toEqual([]);
  });
});

describe('microgrid-composition', () => {
  it('passes one above-size enterprise alone, and 2 or 5 below-size ones', () => {
    expect(composition(build([{ micro: [{ above: 1 }, { below: 2 }, { below: 5 }] }]))).toEqual([]);
  });

  it('warns and says what it holds instead', () => {
    const ds = build([{ micro: [{ above: 1, below: 1 }, { below: 1 }, { below: 6 }, { above: 2 }, {}] }]);
    const f = composition(ds);
    const tail = '; the standard suggests one above-size enterprise alone or 2–5 below-size ones';
    expect(f.map((x) => x.message)).toEqual([
      `micro-grid ${microCode(0, 0)} holds 1 above-size and 1 below-size enterprises${tail}`,
      `micro-grid ${microCode(0, 1)} holds 1 below-size enterprise${tail}`,
      `micro-grid ${microCode(0, 2)} holds 6 below-size enterprises${tail}`,
      `micro-grid ${microCode(0, 3)} holds 2 above-size enterprises${tail}`,
      `micro-grid ${microCode(0, 4)} holds no enterprises${tail}`,
    ]);
    expect(f[0]).toMatchObject({
      rule: 'microgrid-composition',
      severity: 'warning',
      codes: [microCode(0, 0)],
    });
  });

  it('exempts a park, even with 12 enterprises', () => {
    expect(composition(build([{ micro: [{ kind: 'park', above: 2, below: 10 }] }]))).toEqual([]);
  });

  it('takes the below-size range from the options', () => {
    const ds = build([{ micro: [{ below: 5 }] }]);
    expect(composition(ds, { maxBelowPerMicroGrid: 4 })[0].message).toContain(
      'holds 5 below-size enterprises',
    );
    expect(composition(ds, { maxBelowPerMicroGrid: 4 })[0].message).toContain('or 2–4 below-size ones');
  });

  it('skips micro-grids not active at asOf', () => {
    const ds = build([{ micro: [{}] }]);
    ds.microGrids!.features[0].properties.validTo = '2026-03-01';
    expect(composition(ds)).toEqual([]);
  });
});
