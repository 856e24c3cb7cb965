import { describe, expect, it } from 'vitest';
import { formatRate, rate } from '../../../src/domain/rate';

describe('formatRate', () => {
  it('writes a rate as a percentage with one decimal by default', () => {
    expect(formatRate(0.9411764705882353)).toBe('94.1%');
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1)).toBe('100.0%');
  });
  it('takes the number of decimals (a target line: none)', () => {
    expect(formatRate(0.95, 0)).toBe('95%');
    expect(formatRate(0.1234, 2)).toBe('12.34%');
  });
  it('writes nothing to count as "—", never 0 % or 100 %', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(undefined)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(formatRate(rate(0, 0))).toBe('—');
  });
});
