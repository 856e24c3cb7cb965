import { describe, expect, test } from 'vitest';
import { toggleChip } from '../../../src/components/analysis/chip-toggle';

const ALL = ['a', 'b', 'c'] as const;

describe('toggleChip', () => {
  test('from all, a click picks one', () => expect(toggleChip(null, 'b', ALL)).toEqual(['b']));
  test('adds in the order of all; drops a picked one', () => {
    expect(toggleChip(['c'], 'a', ALL)).toEqual(['a', 'c']);
    expect(toggleChip(['a', 'c'], 'a', ALL)).toEqual(['c']);
  });
  test('none left, or every value picked, is all (null)', () => {
    expect(toggleChip(['a'], 'a', ALL)).toBeNull();
    expect(toggleChip(['a', 'b'], 'c', ALL)).toBeNull();
  });
  test('an unknown value is an error', () => {
    expect(() => toggleChip(null, 'z' as 'a', ALL)).toThrow(/z is not one of a, b, c/);
  });
});
