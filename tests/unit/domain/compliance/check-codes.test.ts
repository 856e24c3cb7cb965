import { describe, expect, it } from 'vitest';
import { checkCodeDuplicates, checkCodeFormat, checkCodeParents } from '../../../../src/domain/compliance';
import { asOf, build, COMMUNITY, gridCode, microCode } from './build';

const small = () => build([{ micro: [{ above: 1 }, { below: 2 }] }, { micro: [{ above: 1 }] }]);

describe('code-duplicate', () => {
  it('passes unique codes', () => {
    expect(checkCodeDuplicates(small())).toEqual([]);
  });

  it('reports one finding per code carried by two grids', () => {
    const ds = small();
    ds.grids!.features[1].properties.code = gridCode(0);
    const f = checkCodeDuplicates(ds);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: 'code-duplicate',
      severity: 'error',
      codes: [gridCode(0)],
      geometry: null,
    });
    expect(f[0].message).toBe(
      `code ${gridCode(0)} is used by 2 units: grid 1网格, grid 2网格; every unit needs its own code`,
    );
  });

  it('reports a micro-grid whose code equals a grid code', () => {
    const ds = small();
    ds.microGrids!.features[2].properties.code = gridCode(0);
    expect(checkCodeDuplicates(ds).map((f) => f.codes)).toEqual([[gridCode(0)]]);
  });

  it('reports a revoked grid whose code was reused', () => {
    const ds = small();
    const old = structuredClone(ds.grids!.features[0]);
    old.properties = { ...old.properties, name: '旧网格', validFrom: '2024-01-01', validTo: '2025-06-30' };
    ds.grids!.features.push(old);
    const f = checkCodeDuplicates(ds);
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('grid 旧网格 (revoked 2025-06-30)');
    expect(f[0].message).toContain('a code is never reused after revocation');
  });
});

describe('code-format', () => {
  it('passes 12/15/18 digits', () => {
    expect(checkCodeFormat(small())).toEqual([]);
  });

  it('reports a code of the wrong length or with letters, at every level', () => {
    const ds = small();
    ds.community!.features[0].properties.code = '33042400220';
    ds.grids!.features[0].properties.code = '33042400220100A';
    ds.microGrids!.features[0].properties.code = `${gridCode(0)}0001`;
    const f = checkCodeFormat(ds);
    expect(f.map((x) => x.message)).toEqual([
      'community code "33042400220" is not 12 digits',
      'grid code "33042400220100A" is not 15 digits',
      `micro-grid code "${gridCode(0)}0001" is not 18 digits`,
    ]);
    expect(f.every((x) => x.rule === 'code-format' && x.severity === 'error')).toBe(true);
  });
});

describe('code-parent', () => {
  it('passes codes that extend their parents', () => {
    expect(checkCodeParents(small(), { asOf })).toEqual([]);
  });

  it('reports a micro-grid whose code does not extend its gridCode', () => {
    const ds = small();
    ds.microGrids!.features[0].properties.gridCode = gridCode(1);
    const f = checkCodeParents(ds);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'code-parent', codes: [gridCode(1), microCode(0, 0)].sort() });
    expect(f[0].message).toContain("its code does not extend that grid's code");
  });

  it('reports a micro-grid whose grid does not exist', () => {
    const ds = small();
    ds.grids!.features.pop();
    expect(checkCodeParents(ds).map((x) => x.message)).toEqual([
      `micro-grid ${microCode(1, 0)} names grid ${gridCode(1)}, which is not in grids.geojson`,
    ]);
  });

  it('reports an active micro-grid inside a revoked grid, and not a revoked one', () => {
    const ds = small();
    ds.grids!.features[1].properties.validTo = '2026-01-01';
    expect(checkCodeParents(ds, { asOf }).map((x) => x.message)).toEqual([
      `micro-grid ${microCode(1, 0)} is active, but its grid ${gridCode(1)} is not (revoked 2026-01-01)`,
    ]);
    ds.microGrids!.features[2].properties.validTo = '2026-01-01';
    expect(checkCodeParents(ds, { asOf })).toEqual([]);
  });

  it('reports a grid whose communityCode disagrees with its code, or names a community that is not there', () => {
    const ds = small();
    ds.grids!.features[0].properties.communityCode = '330424002202';
    ds.community!.features[0].properties.code = '330424002299';
    ds.grids!.features[1].properties.communityCode = '330424002201';
    expect(checkCodeParents(ds).map((x) => x.message)).toEqual([
      `grid ${gridCode(0)} names community 330424002202, but its code does not extend that community's code`,
      `grid ${gridCode(1)} names community ${COMMUNITY}, which is not in community.geojson`,
    ]);
  });

  it('finds the community by prefix when the grid has no communityCode', () => {
    const ds = small();
    delete ds.grids!.features[0].properties.communityCode;
    expect(checkCodeParents(ds)).toEqual([]);
    ds.community!.features[0].properties.code = '330424002299';
    expect(checkCodeParents(ds).map((x) => x.message)).toEqual([
      `grid ${gridCode(0)} starts with no community code in community.geojson (330424002299)`,
      `grid ${gridCode(1)} names community ${COMMUNITY}, which is not in community.geojson`,
    ]);
  });

  it('skips checks against a file the dataset lacks', () => {
    const ds = small();
    delete ds.community;
    delete ds.grids;
    expect(checkCodeParents(ds)).toEqual([]);
  });
});
