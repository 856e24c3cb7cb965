import { describe, expect, it } from 'vitest';
import { deadlineFor, dueStateAt } from '../../../src/domain/deadline';
import { parseTime } from '../../../src/domain/time';

const t = parseTime;

describe('deadlineFor', () => {
  it('gives level 1 until the end of the report day (CST)', () => {
    expect(deadlineFor(t('2026-03-04T10:00'), 1)).toBe(t('2026-03-05T00:00'));
  });
  it('counts working days Monday to Friday', () => {
    // Friday 2026-03-06 + 3 working days → Mon, Tue, Wed → end of Wednesday 11th
    expect(deadlineFor(t('2026-03-06T10:00'), 2)).toBe(t('2026-03-12T00:00'));
    // Wednesday 2026-03-04 + 7 working days → Thu 5, Fri 6, Mon 9 … Fri 13 → end of Fri 13
    expect(deadlineFor(t('2026-03-04T09:00'), 3)).toBe(t('2026-03-14T00:00'));
    // + 15 working days = three whole weeks
    expect(deadlineFor(t('2026-03-04T09:00'), 4)).toBe(t('2026-03-26T00:00'));
  });
  it('starts counting on the next working day for a weekend report', () => {
    // Saturday 2026-03-07 + 3 → Mon 9, Tue 10, Wed 11
    expect(deadlineFor(t('2026-03-07T10:00'), 2)).toBe(t('2026-03-12T00:00'));
  });
  it('skips configured holidays', () => {
    expect(deadlineFor(t('2026-03-06T10:00'), 2, { holidays: ['2026-03-09'] })).toBe(t('2026-03-13T00:00'));
  });
});

describe('dueStateAt', () => {
  // level 2 from Monday 2 March: deadline end of Thursday 5 March = 4 days after report
  const reported = t('2026-03-02T00:00');
  const deadline = deadlineFor(reported, 2);
  it('is on track early, near-due in the last 20 %, overdue after, closed when closed', () => {
    expect(deadline).toBe(t('2026-03-06T00:00'));
    expect(dueStateAt(reported, NaN, deadline, t('2026-03-03T00:00'))).toBe('on-track');
    expect(dueStateAt(reported, NaN, deadline, t('2026-03-05T05:00'))).toBe('near-due');
    expect(dueStateAt(reported, NaN, deadline, t('2026-03-06T00:00:01'))).toBe('overdue');
    expect(dueStateAt(reported, t('2026-03-03T00:00'), deadline, t('2026-03-09T00:00'))).toBe('closed');
  });
  it('takes the near-due share given', () => {
    expect(dueStateAt(reported, NaN, deadline, t('2026-03-05T05:00'), 0.1)).toBe('on-track');
  });
  it('treats a closure after asOf as still open at asOf', () => {
    expect(dueStateAt(reported, t('2026-03-20T00:00'), deadline, t('2026-03-10T00:00'))).toBe('overdue');
  });
});
