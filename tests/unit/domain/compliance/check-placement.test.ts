import { describe, expect, it } from 'vitest';
import { checkEnterpriseAssignment, checkEnterpriseUnassigned } from '../../../../src/domain/compliance';
import type { Dataset } from '../../../../src/domain/types';
import { build, gridCode, microCode, placement } from './build';

const two = () => build([{ micro: [{ above: 1 }] }, { micro: [{ below: 2 }] }]);
const moveTo = (ds: Dataset, i: number, p: [number, number]) => {
  ds.enterprises!.features[i].geometry = { type: 'Point', coordinates: p };
  return ds.enterprises!.features[i].properties;
};

describe('enterprise-unassigned', () => {
  it('passes enterprises that lie in a grid and a micro-grid', () => {
    const ds = two();
    expect(checkEnterpriseUnassigned(ds, placement(ds))).toEqual([]);
  });

  it('warns about an enterprise in no grid, with its point', () => {
    const ds = two();
    const p = moveTo(ds, 0, [120.99, 30.6]);
    const f = checkEnterpriseUnassigned(ds, placement(ds));
    expect(f).toEqual([
      {
        rule: 'enterprise-unassigned',
        severity: 'warning',
        codes: [],
        enterpriseId: p.id,
        message: `enterprise 企业1 (${p.id}) lies in no grid`,
        geometry: { type: 'Point', coordinates: [120.99, 30.6] },
      },
    ]);
  });

  it('says which grid holds an enterprise that is in no micro-grid', () => {
    const ds = build([{ micro: [{ above: 1 }], loose: 1 }]);
    const f = checkEnterpriseUnassigned(ds, placement(ds));
    expect(f.map((x) => [x.codes, x.message])).toEqual([
      [
        [gridCode(0)],
        `enterprise 企业2 (${ds.enterprises!.features[1].properties.id}) lies in grid ${gridCode(0)} but in no micro-grid`,
      ],
    ]);
  });

  it('gives a point on the shared border of two grids to the grid whose code sorts first', () => {
    const ds = two();
    moveTo(ds, 0, [121.01, 30.605]);
    expect(checkEnterpriseUnassigned(ds, placement(ds)).map((x) => x.codes)).toEqual([[gridCode(0)]]);
  });
});

describe('enterprise-assignment', () => {
  it('passes declarations that agree, and no declaration at all', () => {
    const ds = two();
    const [a, b] = ds.enterprises!.features.map((e) => e.properties);
    Object.assign(a, { gridCode: gridCode(0), microGridCode: microCode(0, 0) });
    Object.assign(b, { gridCode: gridCode(1) });
    expect(checkEnterpriseAssignment(ds, placement(ds))).toEqual([]);
  });

  it('warns once per enterprise, naming the declared and the actual units', () => {
    const ds = two();
    const p = ds.enterprises!.features[0].properties;
    Object.assign(p, { gridCode: gridCode(1), microGridCode: microCode(1, 0) });
    const f = checkEnterpriseAssignment(ds, placement(ds));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: 'enterprise-assignment',
      severity: 'warning',
      enterpriseId: p.id,
      codes: [gridCode(0), microCode(0, 0), gridCode(1), microCode(1, 0)].sort(),
    });
    expect(f[0].message).toBe(
      `enterprise 企业1 (${p.id}) declares grid ${gridCode(1)} but lies in grid ${gridCode(0)}, and declares micro-grid ${microCode(1, 0)} but lies in micro-grid ${microCode(0, 0)}`,
    );
  });

  it('on a shared border, agrees with the first code and disagrees with the other', () => {
    const ds = two();
    const p = moveTo(ds, 0, [121.01, 30.605]);
    p.gridCode = gridCode(0);
    expect(checkEnterpriseAssignment(ds, placement(ds))).toEqual([]);
    p.gridCode = gridCode(1);
    expect(checkEnterpriseAssignment(ds, placement(ds)).map((x) => x.message)).toEqual([
      `enterprise 企业1 (${p.id}) declares grid ${gridCode(1)} but lies in grid ${gridCode(0)}`,
    ]);
  });

  it('says "no grid" for a declared enterprise outside every grid', () => {
    const ds = two();
    const p = moveTo(ds, 0, [120.99, 30.6]);
    p.gridCode = gridCode(0);
    expect(checkEnterpriseAssignment(ds, placement(ds))[0].message).toBe(
      `enterprise 企业1 (${p.id}) declares grid ${gridCode(0)} but lies in no grid`,
    );
  });
});
