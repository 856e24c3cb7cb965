import { describe, expect, it } from 'vitest';
import {
  isCommunityCode,
  isGridCode,
  isMicroGridCode,
  makeCommunityCode,
  makeGridCode,
  makeMicroGridCode,
} from '../../../src/domain/codes';

describe('unit codes', () => {
  it('builds nested codes', () => {
    const community = makeCommunityCode('330424002', 12);
    expect(community).toBe('330424002012');
    const grid = makeGridCode(community, 3);
    expect(grid).toBe('330424002012003');
    const micro = makeMicroGridCode(grid, 17);
    expect(micro).toBe('330424002012003017');
  });

  it('recognises formats', () => {
    expect(isCommunityCode('330424002012')).toBe(true);
    expect(isCommunityCode('33042400201')).toBe(false);
    expect(isGridCode('330424002012003')).toBe(true);
    expect(isGridCode('33042400201200a')).toBe(false);
    expect(isMicroGridCode('330424002012003017')).toBe(true);
    expect(isMicroGridCode('330424002012003')).toBe(false);
  });

  it('rejects bad input', () => {
    expect(() => makeGridCode('330424002012', 0)).toThrow();
    expect(() => makeGridCode('330424002012', 1000)).toThrow();
    expect(() => makeGridCode('3304240020', 1)).toThrow();
  });
});
