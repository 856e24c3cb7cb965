import { describe, expect, it } from 'vitest';
import { formatCst, monthOf, monthRange, monthsEnding, parseTime, parseTimeGeneral } from '../../../src/domain/time';

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

describe('monthsEnding', () => {
  it('lists the months up to and including the last, oldest first, across year ends', () => {
    expect(monthsEnding('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthsEnding('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsEnding('2026-11', 1)).toEqual(['2026-11']);
    expect(monthsEnding('2026-11', 0)).toEqual([]);
    const two = monthsEnding('2026-11', 25);
    expect(two).toHaveLength(25);
    expect(two[0]).toBe('2024-11');
  });
  it('gives consecutive calendar months: each one starts where the one before it ends', () => {
    const months = monthsEnding('2027-03', 30);
    for (let i = 1; i < months.length; i++) expect(monthRange(months[i])[0]).toBe(monthRange(months[i - 1])[1]);
    expect(months.every((m) => monthOf(monthRange(m)[0]) === m)).toBe(true);
  });
  it('rejects a month that is not YYYY-MM with a month 01–12, and a count that is not a whole number', () => {
    for (const bad of ['2026-2', '2026-13', '2026-00', '2026/02', '']) expect(() => monthsEnding(bad, 1)).toThrow(/YYYY-MM/);
    expect(() => monthsEnding('2026-02', -1)).toThrow(/count/);
    expect(() => monthsEnding('2026-02', 1.5)).toThrow(/count/);
  });
});

describe('parseTime fast path', () => {
  // Seeded pieces, valid and not: every combination must read as the general path reads it.
  const years = ['2026', '2024', '1900', '2000', '0099', '9999', '20x6'];
  const months = ['01', '02', '04', '12', '00', '13', '1a'];
  const days = ['01', '28', '29', '30', '31', '00', '32'];
  const times = ['00:00:00', '23:59:59', '24:00:00', '12:60:00', '12:00:60', '09:05:07', '9:05:07'];
  const zones = ['Z', '+08:00', '-05:30', '+00:00', '+24:00', '+08:60', '+0800', 'z', ''];
  it('agrees with the general ISO 8601 path on every combination', () => {
    let fast = 0;
    for (const y of years)
      for (const mo of months)
        for (const d of days)
          for (const t of times)
            for (const z of zones) {
              const s = `${y}-${mo}-${d}T${t}${z}`;
              const got = parseTime(s);
              const want = parseTimeGeneral(s);
              if (!Object.is(got, want)) throw new Error(`${s}: fast ${got}, general ${want}`);
              if (Number.isFinite(want)) fast++;
            }
    expect(fast).toBeGreaterThan(1000);
  });

  it('agrees with the general path on dates without a time (units\' validFrom)', () => {
    let valid = 0;
    for (const y of [...years, '0100', '2100', '1600'])
      for (const mo of months)
        for (const d of days) {
          const s = `${y}-${mo}-${d}`;
          const got = parseTime(s);
          const want = parseTimeGeneral(s);
          if (!Object.is(got, want)) throw new Error(`${s}: fast ${got}, general ${want}`);
          if (Number.isFinite(want)) valid++;
        }
    expect(valid).toBeGreaterThan(100);
    expect(parseTime('2025-01-01')).toBe(Date.parse('2025-01-01T00:00:00+08:00'));
    expect(parseTime('2025-1-01')).toBeNaN();
  });

  it('reads the generator\'s form and UTC', () => {
    expect(parseTime('2025-12-01T00:00:41+08:00')).toBe(Date.parse('2025-12-01T00:00:41+08:00'));
    expect(parseTime('2026-11-20T09:00:00Z')).toBe(Date.parse('2026-11-20T09:00:00Z'));
    expect(parseTime('2024-02-29T10:00:00+08:00')).toBe(Date.parse('2024-02-29T10:00:00+08:00'));
    expect(parseTime('2026-02-29T10:00:00+08:00')).toBeNaN();
  });
});
