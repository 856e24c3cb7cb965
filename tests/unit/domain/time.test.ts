import { describe, expect, it } from 'vitest';
import { formatCst, monthOf, monthRange, parseTime } from '../../../src/domain/time';

describe('parseTime', () => {
  it('reads a time without offset as China time (+08:00)', () => {
    expect(parseTime('2026-03-01T09:00')).toBe(Date.parse('2026-03-01T01:00:00Z'));
    expect(parseTime('2026-03-01')).toBe(Date.parse('2026-02-28T16:00:00Z'));
  });
  it('honours explicit offsets and Z', () => {
    expect(parseTime('2026-03-01T09:00:00Z')).toBe(Date.parse('2026-03-01T09:00:00Z'));
    expect(parseTime('2026-03-01T09:00:00+0100')).toBe(Date.parse('2026-03-01T08:00:00Z'));
    expect(parseTime('2026-03-01T09:00:00.250-05:00')).toBe(Date.parse('2026-03-01T14:00:00.250Z'));
  });
  it('rejects what is not ISO 8601 or not a real date', () => {
    for (const bad of ['', 'yesterday', '2026/03/01', '2026-02-31', '2026-13-01', '2026-03-01T25:00']) {
      expect(parseTime(bad), bad).toBeNaN();
    }
  });
});

describe('months in China time', () => {
  it('puts late-evening UTC times in the next CST month', () => {
    expect(monthOf(Date.parse('2026-03-31T20:00:00Z'))).toBe('2026-04');
    expect(monthOf(Date.parse('2026-03-31T15:59:59Z'))).toBe('2026-03');
  });
  it('gives month ranges at CST midnight, across a year end', () => {
    expect(monthRange('2026-12')).toEqual([Date.parse('2026-11-30T16:00:00Z'), Date.parse('2026-12-31T16:00:00Z')]);
    expect(() => monthRange('2026-13')).toThrow(/YYYY-MM/);
  });
  it('formats with an explicit +08:00 offset', () => {
    expect(formatCst(Date.parse('2026-03-01T01:02:03Z'))).toBe('2026-03-01T09:02:03+08:00');
  });
});
