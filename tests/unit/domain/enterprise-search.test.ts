import { describe, expect, it } from 'vitest';
import { buildSearchIndex, normalise, searchEnterprises } from '../../../src/domain/enterprise-search';

const entries = [
  { id: '91330424MA4FUL05XL', name: '嘉兴广科汽配有限公司' },
  { id: '91330424MATUCX9R0N', name: '嘉兴精诚五金紧固件有限公司' },
  { id: '91330424MACENPYX1Y', name: '海盐达新标准件有限公司' },
  { id: '91330424029X6J6X7E', name: '海盐联润电器有限公司' },
  { id: '91330424850LKU8LXC', name: '海盐辰润电气有限公司' },
  { id: '913304240000000001', name: 'Acme 电器' },
];
const index = buildSearchIndex(entries);
const ids = (q: string, limit?: number) => searchEnterprises(index, q, { limit }).map((h) => h.id);

describe('enterprise search', () => {
  it('finds by name prefix and substring, prefixes first', () => {
    expect(ids('嘉兴')).toEqual(['91330424MA4FUL05XL', '91330424MATUCX9R0N']);
    // "电器" is a substring of two names; the earlier match comes first.
    expect(ids('电器')).toEqual(['913304240000000001', '91330424029X6J6X7E']);
    expect(searchEnterprises(index, '润电')[0]).toMatchObject({ match: 'name-substring', at: 3 });
  });

  it('finds by credit code prefix and substring, case- and width-blind, spaces ignored', () => {
    expect(ids('91330424MA4F')).toEqual(['91330424MA4FUL05XL']);
    expect(ids('ma4f')).toEqual(['91330424MA4FUL05XL']);
    // Full-width letters and digits, as a Chinese IME in full-width mode types them.
    expect(ids('ＭＡ４Ｆ')).toEqual(['91330424MA4FUL05XL']);
    expect(ids('9133 0424 850L')).toEqual(['91330424850LKU8LXC']);
    expect(searchEnterprises(index, 'ul05xl')[0]).toMatchObject({ match: 'id-substring', at: 12 });
  });

  it('ranks name prefix, code prefix, name substring, code substring', () => {
    const mixed = buildSearchIndex([
      { id: 'X1', name: '甲乙A1' },
      { id: 'A1', name: '丙' },
      { id: 'Y2', name: 'A1丁' },
      { id: 'ZZA1', name: '戊' },
    ]);
    expect(searchEnterprises(mixed, 'a1').map((h) => h.match)).toEqual([
      'name-prefix',
      'id-prefix',
      'name-substring',
      'id-substring',
    ]);
  });

  it('caps the list, finds nothing for an empty query, and rejects bad input', () => {
    expect(ids('9133', 3)).toHaveLength(3);
    expect(ids('9133')).toHaveLength(6);
    const many = buildSearchIndex(Array.from({ length: 30 }, (_, i) => ({ id: `ID${i}`, name: `企业${i}` })));
    expect(searchEnterprises(many, '企业')).toHaveLength(10);
    expect(ids('   ')).toEqual([]);
    expect(ids('不存在')).toEqual([]);
    expect(() => searchEnterprises(index, 'a', { limit: -1 })).toThrow(RangeError);
    expect(() => buildSearchIndex([{ id: 'x', name: undefined as unknown as string }])).toThrow(/entry 0/);
  });

  it('normalises width, case and whitespace', () => {
    expect(normalise(' ９１３３ 04ab ')).toBe('913304ab');
  });
});
