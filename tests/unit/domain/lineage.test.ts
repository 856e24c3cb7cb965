import { describe, expect, it } from 'vitest';
import { activeFeatures, checkMoment, isActive } from '../../../src/domain/lineage';

const asOf = Date.parse('2026-03-20T12:00:00+08:00');

describe('isActive', () => {
  it('is true without dates, and from validFrom (inclusive) until validTo (exclusive)', () => {
    expect(isActive({}, asOf)).toBe(true);
    expect(isActive({ validFrom: '2025-01-01', validTo: null }, asOf)).toBe(true);
    expect(isActive({ validFrom: '2026-03-20T12:00:00+08:00' }, asOf)).toBe(true);
    expect(isActive({ validFrom: '2026-03-21' }, asOf)).toBe(false);
    expect(isActive({ validTo: '2026-03-20T12:00:00+08:00' }, asOf)).toBe(false);
    expect(isActive({ validTo: '2026-03-20T12:00:01+08:00' }, asOf)).toBe(true);
    expect(isActive({ validFrom: '2024-01-01', validTo: '2025-06-30' }, asOf)).toBe(false);
  });

  it('reads a date without an offset as China time', () => {
    // '2026-03-20' is 2026-03-20 00:00 CST = 2026-03-19T16:00Z, an hour before t.
    const t = Date.parse('2026-03-19T17:00:00Z'); // 2026-03-20 01:00 CST
    expect(isActive({ validFrom: '2026-03-20' }, t)).toBe(true);
  });

  it('ignores a date that does not parse (the schema reports it)', () => {
    expect(isActive({ validTo: 'soon' }, asOf)).toBe(true);
  });
});

describe('activeFeatures', () => {
  it('keeps the features in force, in order', () => {
    const fs = [
      { properties: { code: 'a', validTo: '2025-06-30' } },
      { properties: { code: 'b', validFrom: '2025-06-30' } },
      { properties: { code: 'c' } },
    ];
    expect(activeFeatures(fs, asOf).map((f) => f.properties.code)).toEqual(['b', 'c']);
  });
});

describe('checkMoment', () => {
  const unit = (validFrom?: string) => ({ properties: validFrom === undefined ? {} : { validFrom } });
  it('is asOf unless a unit takes effect later: then the latest such moment (a planned version)', () => {
    expect(checkMoment([], asOf)).toBe(asOf);
    expect(checkMoment([unit(), unit('2025-01-01'), unit('2026-03-20T12:00:00+08:00')], asOf)).toBe(asOf);
    expect(checkMoment([unit('2026-04-01'), unit('2026-05-01'), unit('2025-01-01')], asOf)).toBe(Date.parse('2026-05-01T00:00:00+08:00'));
    // A date that does not parse moves nothing (io/schema reports it).
    expect(checkMoment([unit('someday')], asOf)).toBe(asOf);
  });
});
