import { describe, expect, it } from 'vitest';
import { sharedTerm, shortName } from '../../../src/domain/names';

describe('short community names (wall labels)', () => {
  it('drops the generic term every name shares, the longest that fits', () => {
    const names = ['海塘园工业社区', '富亭园工业社区', '澉浦港工业社区'];
    expect(sharedTerm(names)).toBe('工业社区');
    expect(names.map((n) => shortName(n, '工业社区'))).toEqual(['海塘园', '富亭园', '澉浦港']);
    // Mixed designations: only what all of them share.
    expect(sharedTerm(['海塘园工业社区', '西塘社区'])).toBe('社区');
    expect(sharedTerm(['沈荡工业园区', '通元工业园区'])).toBe('工业园区');
  });

  it('leaves names whole when one lacks the term, when too little would be left, or for a single name', () => {
    expect(sharedTerm(['海塘园工业社区', '富亭园'])).toBeNull();
    // "X社区" would leave one character.
    expect(sharedTerm(['东社区', '西港工业社区'])).toBeNull();
    expect(sharedTerm(['海塘园工业社区'])).toBeNull();
    expect(sharedTerm([])).toBeNull();
    // Never part of a proper name: "园" of "海塘园" is not a term.
    expect(sharedTerm(['海塘园', '富亭园'])).toBeNull();
    expect(shortName('海塘园工业社区', null)).toBe('海塘园工业社区');
    // Characters outside the BMP count as one each.
    expect(sharedTerm(['𠀋𠀋社区', '海盐社区'])).toBe('社区');
  });
});
