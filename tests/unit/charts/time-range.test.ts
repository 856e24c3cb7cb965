import { describe, expect, test } from 'vitest';
import { dayIndexRange, daysToRange, rangeWords } from '../../../src/charts/time-range';
import { DAY_MS, cstDay, monthRange } from '../../../src/domain/time';
import { day, t } from './helpers';

const days = [day('2026-09-30'), day('2026-10-01'), day('2026-10-02'), day('2026-10-03')];

describe('cstDay', () => {
  test('is the China Standard Time day, whatever the zone of the machine', () => {
    expect(cstDay(Date.parse('2026-09-30T16:00Z'))).toBe('2026-10-01');
    expect(cstDay(Date.parse('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
  });
});

describe('dayIndexRange', () => {
  test('all time is no brush', () => expect(dayIndexRange(days, null, null)).toBeNull());
  test('a month covers its days only (to is exclusive)', () => {
    const [from, to] = monthRange('2026-10');
    expect(dayIndexRange(days, from, to)).toEqual([1, 3]);
  });
  test('a range inside one day still shows that day', () => {
    expect(dayIndexRange(days, day('2026-10-01') + 3600_000, day('2026-10-01') + 7200_000)).toEqual([1, 1]);
  });
  test('open ends run to the edge; a range outside the days is null', () => {
    expect(dayIndexRange(days, null, day('2026-10-01'))).toEqual([0, 0]);
    expect(dayIndexRange(days, day('2026-10-02'), null)).toEqual([2, 3]);
    expect(dayIndexRange(days, day('2027-01-01'), null)).toBeNull();
  });
});

describe('daysToRange', () => {
  test('inclusive indices to [from, to) with to the next day start, either order, clamped', () => {
    expect(daysToRange(days, 1, 2)).toEqual({ from: day('2026-10-01'), to: day('2026-10-03') });
    expect(daysToRange(days, 2, 1)).toEqual(daysToRange(days, 1, 2));
    expect(daysToRange(days, -5, 99)).toEqual({ from: days[0], to: days[3] + DAY_MS });
  });
  test('round trip with dayIndexRange', () => {
    const r = daysToRange(days, 0, 2);
    expect(dayIndexRange(days, r.from, r.to)).toEqual([0, 2]);
  });
  test('bad input is an error', () => {
    expect(() => daysToRange([], 0, 0)).toThrow(/no days/);
    expect(() => daysToRange(days, NaN, 1)).toThrow(/not indices/);
  });
});

describe('rangeWords', () => {
  test('none, one month, a span of days, one day, open ends', () => {
    expect(rangeWords(null, null, t)).toBe('filters.allMonths');
    expect(rangeWords(...monthRange('2026-10'), t)).toBe('analysis.monthOption{"year":"2026","month":"10"}');
    expect(rangeWords(day('2026-10-03'), day('2026-10-20'), t)).toBe(
      'filters.between{"from":"2026-10-03","to":"2026-10-19"}',
    );
    expect(rangeWords(day('2026-10-03'), day('2026-10-04'), t)).toBe('2026-10-03');
    expect(rangeWords(day('2026-10-03'), null, t)).toBe('filters.between{"from":"2026-10-03","to":"filters.now"}');
  });
});
