import { describe, expect, it } from 'vitest';
import { checkEnterpriseCreditCodes, usccProblem } from '../../../../src/domain/compliance';
import { build, gridCode, microCode, placement } from './build';

describe('usccProblem', () => {
  it('is null for a valid code and says what is wrong otherwise', () => {
    expect(usccProblem('91350100M000100Y43')).toBeNull();
    expect(usccProblem('91350100M000100Y40')).toBe('check character should be 3, not 0');
    expect(usccProblem('91350100M000100Y4')).toBe('17 characters, not 18');
    expect(usccProblem('91350100M0001I0Y43')).toMatch(/^character I at position 14 is not allowed/);
    expect(usccProblem('91350100m000100Y43')).toMatch(/^character m at position 9 /);
  });
});

describe('enterprise-credit-code', () => {
  it('passes the valid codes the builder makes', () => {
    expect(checkEnterpriseCreditCodes(build())).toEqual([]);
  });

  it('warns about a wrong check character, with the point and the units it lies in', () => {
    const ds = build([{ micro: [{ above: 1 }] }]);
    const e = ds.enterprises!.features[0];
    const last = e.properties.id[17];
    e.properties.id = e.properties.id.slice(0, 17) + (last === '0' ? '1' : '0');
    const f = checkEnterpriseCreditCodes(ds, placement(ds));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: 'enterprise-credit-code',
      severity: 'warning',
      enterpriseId: e.properties.id,
      codes: [gridCode(0), microCode(0, 0)],
      geometry: e.geometry,
    });
    expect(f[0].message).toBe(
      `enterprise 企业1 (${e.properties.id}): id is not a valid unified social credit code (check character should be ${last}, not ${e.properties.id[17]})`,
    );
  });

  it('warns about a short id with empty codes when no assignment is given', () => {
    const ds = build([{ micro: [{ above: 1 }] }]);
    ds.enterprises!.features[0].properties.id = 'E001';
    expect(checkEnterpriseCreditCodes(ds).map((x) => [x.codes, x.message])).toEqual([
      [[], 'enterprise 企业1 (E001): id is not a valid unified social credit code (4 characters, not 18)'],
    ]);
  });
});
