import { describe, expect, it } from 'vitest';
import type { Feature, Point } from 'geojson';
import type { IncidentProps } from '../../../src/domain/types';
import { NO_FILTER, checkFilter, filterKey, monthFilter, type IncidentFilter } from '../../../src/domain/incident-filter';
import { incidentTable } from '../../../src/domain/incident-table';
import { filterMask, incidentSummary } from '../../../src/domain/incident-summary';
import { closureRates, closureTally, tallyClosure } from '../../../src/domain/closure';

const inc = (p: Partial<IncidentProps> & Pick<IncidentProps, 'id' | 'reportedAt'>): Feature<Point, IncidentProps> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [121, 30.6] },
  properties: { category: 'fire', level: 2, status: 'reported', gridCode: 'G1', ...p },
});

// asOf 2026-11-20 17:00 CST. Deadlines: a level-2 incident reported Monday 2026-10-05 is due end of Thursday 10-08.
const asOf = Date.parse('2026-11-20T17:00+08:00');
const features = [
  inc({ id: 'a', reportedAt: '2026-10-05T09:00', closedAt: '2026-10-07T09:00', status: 'closed' }), // Oct, on time
  inc({ id: 'b', reportedAt: '2026-10-30T09:00', closedAt: '2026-11-10T09:00', status: 'closed', category: 'safety' }), // closed in Nov, late
  inc({ id: 'c', reportedAt: '2026-10-31T23:30', level: 1, gridCode: 'G2' }), // open
  inc({ id: 'd', reportedAt: '2026-11-01T00:10', level: 4, gridCode: 'G2', category: 'safety', status: 'in-progress' }),
  inc({ id: 'e', reportedAt: '2026-11-21T09:00', gridCode: 'G3' }), // after asOf: unknown at asOf
];
const table = incidentTable(features);
const grids = [
  { code: 'G1', name: '一', enterprises: 4 },
  { code: 'G2', name: '二', enterprises: 0 },
  { code: 'G9', name: '九', enterprises: 2 },
];
const oct = monthFilter('2026-10');
const ids = (mask: Uint8Array) => table.id.filter((_, i) => mask[i]);

describe('filterMask', () => {
  it('applies every dimension, or all but one', () => {
    expect(ids(filterMask(table, NO_FILTER))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(filterMask(table, NO_FILTER, { asOf }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(filterMask(table, oct))).toEqual(['a', 'b', 'c']);
    const f: IncidentFilter = { ...oct, categories: ['fire'], levels: [2], statuses: ['closed'], grids: ['G1'] };
    expect(ids(filterMask(table, f))).toEqual(['a']);
    expect(ids(filterMask(table, f, { except: 'time' }))).toEqual(['a']);
    expect(ids(filterMask(table, { ...f, statuses: null }, { except: 'categories' }))).toEqual(['a', 'b']);
    expect(ids(filterMask(table, { ...oct, levels: [1] }, { except: 'levels' }))).toEqual(['a', 'b', 'c']);
    expect(ids(filterMask(table, { ...oct, grids: ['G2'] }))).toEqual(['c']);
    expect(ids(filterMask(table, { ...oct, grids: ['G2'] }, { except: 'grids' }))).toEqual(['a', 'b', 'c']);
    expect(ids(filterMask(table, { ...NO_FILTER, grids: ['nowhere'] }))).toEqual([]);
    expect(ids(filterMask(table, { ...NO_FILTER, categories: [] }))).toEqual([]);
  });

  it('treats `from` as inclusive and `to` as exclusive', () => {
    const t = Date.parse('2026-10-31T23:30+08:00');
    expect(ids(filterMask(table, { ...NO_FILTER, from: t, to: t + 1 }))).toEqual(['c']);
    expect(ids(filterMask(table, { ...NO_FILTER, from: t + 1, to: null }))).toEqual(['d', 'e']);
    expect(ids(filterMask(table, { ...NO_FILTER, from: null, to: t }))).toEqual(['a', 'b']);
  });

  it('rejects a bad filter with a clear message', () => {
    expect(() => filterMask(table, { ...NO_FILTER, categories: ['arson' as never] })).toThrow(
      /filter\.categories: unknown value "arson" \(known: safety, fire/,
    );
    expect(() => filterMask(table, { ...NO_FILTER, levels: [5 as never] })).toThrow(/filter\.levels: unknown value 5/);
    expect(() => filterMask(table, { ...NO_FILTER, statuses: ['done' as never] })).toThrow(/filter\.statuses: unknown value "done"/);
    expect(() => filterMask(table, { ...NO_FILTER, from: 2, to: 1 })).toThrow(/filter\.from \(.*\) is after filter\.to/);
    expect(() => filterMask(table, { ...NO_FILTER, from: NaN })).toThrow(/filter\.from must be epoch milliseconds or null, got NaN/);
    expect(() => filterMask(table, { ...NO_FILTER, grids: [''] })).toThrow(/not a grid code/);
    expect(() => filterMask(table, NO_FILTER, { out: new Uint8Array(2) })).toThrow(/out has 2 slots for 5 incidents/);
  });
});

describe('incidentSummary', () => {
  it('counts a small case worked by hand', () => {
    const s = incidentSummary(table, { ...oct, categories: ['fire'] }, { asOf, grids });
    expect(s.total).toBe(2); // a, c
    expect(s.months).toEqual(['2026-10', '2026-11']);
    // Closure ignores time but not the category: fire = a, c. Oct: reported a, c; closed by Oct's end a → 1/2;
    // closed in Oct: a, on time → 1/1. Nov: reported none → null; closed in Nov none → null.
    expect(s.closureRate).toEqual([0.5, null]);
    expect(s.onTimeRate).toEqual([1, null]);
    // Grid ranking ignores the grid choice, not the time or category: G1 a, G2 c; G9 none; every grid in force.
    expect(s.grids.map((g) => [g.code, g.count, g.perEnterprise])).toEqual([
      ['G1', 1, 0.25],
      ['G2', 1, null],
      ['G9', 0, 0],
    ]);
    // Days: from a's day to asOf's day, CST midnights.
    expect(s.days[0]).toBe(Date.parse('2026-10-05T00:00+08:00'));
    expect(s.days.at(-1)).toBe(Date.parse('2026-11-20T00:00+08:00'));
    expect(s.days).toHaveLength(47);
    const day = (iso: string) => s.days.indexOf(Date.parse(`${iso}T00:00+08:00`));
    expect(s.byCategory.fire[day('2026-10-05')]).toBe(1);
    expect(s.byCategory.fire[day('2026-10-31')]).toBe(1);
    expect(s.byCategory.safety.every((n) => n === 0)).toBe(true);
    expect(s.byLevel['1'][day('2026-10-31')]).toBe(1);
    expect(s.filter).toEqual({ ...oct, categories: ['fire'] });
  });

  it('lists an unknown grid incidents name after the grids in force, by count then code', () => {
    const s = incidentSummary(table, NO_FILTER, { asOf: Date.parse('2026-11-30T00:00+08:00'), grids: grids.slice(0, 1), names: new Map([['G3', '三(撤销)']]) });
    expect(s.grids.map((g) => [g.code, g.name, g.count])).toEqual([
      ['G1', '一', 2],
      ['G2', 'G2', 2],
      ['G3', '三(撤销)', 1],
    ]);
    // Late and open ones: November reported d (open) and e (open) → 0/2, closed in Nov b, late → 0/1.
    expect(s.closureRate).toEqual([1 / 3, 0]);
    expect(s.onTimeRate).toEqual([1, 0]);
  });

  it('checks its input', () => {
    expect(() => incidentSummary(table, { ...NO_FILTER, from: 5, to: 4 }, { asOf, grids })).toThrow(/is after filter\.to/);
    expect(() => incidentSummary(table, NO_FILTER, { asOf: NaN, grids })).toThrow(/asOf must be epoch ms/);
  });
});

describe('closure tally', () => {
  it('counts reported-in and closed-in windows as DOMAIN.md says, the deadline only when needed', () => {
    const t = closureTally();
    let asked = 0;
    const deadline = () => (asked++, 100);
    tallyClosure(t, 10, 50, 0, 60, deadline); // reported and closed in, on time
    tallyClosure(t, 10, NaN, 0, 60, deadline); // open
    tallyClosure(t, -5, 70, 0, 60, deadline); // before, closed after cutoff: nothing
    tallyClosure(t, -5, 20, 0, 60, 10); // closed in, late
    expect(asked).toBe(1);
    expect(closureRates(t)).toEqual({ total: 2, closed: 1, closureRate: 0.5, closedInMonth: 2, onTimeRate: 0.5 });
  });
});

describe('checkFilter, filterKey, monthFilter', () => {
  it('keys filters by the incidents they select', () => {
    expect(filterKey({ ...NO_FILTER, levels: [2, 1, 2] })).toBe(filterKey({ ...NO_FILTER, levels: [1, 2] }));
    expect(filterKey({ ...NO_FILTER, levels: [] })).not.toBe(filterKey(NO_FILTER));
    expect(filterKey(oct)).not.toBe(filterKey(monthFilter('2026-11')));
  });
  it('makes CST month ranges and names a bad month', () => {
    expect(oct.from).toBe(Date.parse('2026-10-01T00:00+08:00'));
    expect(oct.to).toBe(Date.parse('2026-11-01T00:00+08:00'));
    expect(monthFilter('2026-12', { ...NO_FILTER, levels: [1] }).levels).toEqual([1]);
    expect(() => monthFilter('2026-13')).toThrow(/not a month/);
  });
  it('passes a good filter through and rejects a list that is not one', () => {
    expect(checkFilter(NO_FILTER)).toBe(NO_FILTER);
    expect(() => checkFilter({ ...NO_FILTER, categories: 'fire' as never })).toThrow(/filter\.categories must be a list or null/);
  });
});
