import { describe, expect, it } from 'vitest';
import {
  INCIDENT_ACTIONS,
  INCIDENT_TRANSITIONS,
  IncidentInputError,
  IncidentTransitionError,
  allowedActions,
  applyAction,
  isIncidentAction,
  newIncident,
  type IncidentAction,
  type NewIncidentInput,
} from '../../../src/domain/incident-lifecycle';
import { INCIDENT_STATUSES, type IncidentProps, type IncidentStatus } from '../../../src/domain/types';

/** Friday 6 March 2026, 10:00 China time. */
const FRIDAY = '2026-03-06T10:00:00+08:00';

const input: NewIncidentInput = {
  id: 'SJ0000001',
  category: 'fire',
  level: 2,
  gridCode: '330424002012001',
  title: '仓库消防通道堵塞',
  lon: 121.0012,
  lat: 30.5966,
  reportedAt: FRIDAY,
};

/** The table written out by hand from DOMAIN.md and the brief, so the module's own table is checked, not echoed. */
const EXPECTED: Record<IncidentStatus, IncidentAction[]> = {
  reported: ['accept', 'return'],
  accepted: ['dispatch', 'return'],
  dispatched: ['feedback', 'return'],
  'in-progress': ['feedback', 'return'],
  resolved: ['verify', 'return'],
  verified: ['close', 'return'],
  closed: [],
  returned: ['accept'],
  extended: ['feedback', 'return'],
  suspended: ['feedback', 'return'],
};

const TARGET: Record<IncidentAction, IncidentStatus> = {
  accept: 'accepted',
  dispatch: 'dispatched',
  feedback: 'resolved',
  verify: 'verified',
  close: 'closed',
  return: 'returned',
};

const STAMP: Record<IncidentAction, keyof IncidentProps | null> = {
  accept: 'acceptedAt',
  dispatch: 'dispatchedAt',
  feedback: 'resolvedAt',
  verify: 'verifiedAt',
  close: 'closedAt',
  return: null,
};

/** A freshly reported incident put in `status`, with no step times (so any later time is in order). */
function inStatus(status: IncidentStatus): IncidentProps {
  return { ...newIncident(input), status };
}

const LATER = '2026-03-09T09:00:00+08:00';

describe('allowedActions', () => {
  it.each(INCIDENT_STATUSES)('lists what %s allows', (status) => {
    expect(allowedActions(status)).toEqual(EXPECTED[status]);
  });
  it('allows nothing for a status the contract does not know', () => {
    expect(allowedActions('archived')).toEqual([]);
  });
  it('agrees with the transition table', () => {
    for (const action of INCIDENT_ACTIONS) {
      for (const from of INCIDENT_TRANSITIONS[action].from) expect(allowedActions(from)).toContain(action);
      expect(INCIDENT_TRANSITIONS[action].to).toBe(TARGET[action]);
      expect(INCIDENT_TRANSITIONS[action].stamp).toBe(STAMP[action]);
    }
  });
});

describe('applyAction over every status × action', () => {
  const cases = INCIDENT_STATUSES.flatMap((from) =>
    INCIDENT_ACTIONS.map((action) => [from, action] as const),
  );
  it.each(cases)('%s + %s', (from, action) => {
    const before = inStatus(from);
    if (EXPECTED[from].includes(action)) {
      const after = applyAction(before, action, LATER);
      expect(after.status).toBe(TARGET[action]);
      const stamp = STAMP[action];
      if (stamp) expect(after[stamp]).toBe(LATER);
      else expect(after).toEqual({ ...before, status: 'returned' });
    } else {
      let err: unknown;
      try {
        applyAction(before, action, LATER);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(IncidentTransitionError);
      const e = err as IncidentTransitionError;
      expect(e.action).toBe(action);
      expect(e.from).toBe(from);
      expect(e.reason).toBe(from === 'closed' ? 'closed' : 'status');
      expect(e.message).toMatch(new RegExp(`^cannot ${action} an incident that is "${from}": `));
      expect(e.message).not.toContain('\n');
    }
  });
});

describe('applyAction', () => {
  it('walks the whole lifecycle, each step with its time', () => {
    let inc = newIncident(input);
    const steps: [IncidentAction, string][] = [
      ['accept', '2026-03-06T10:30:00+08:00'],
      ['dispatch', '2026-03-06T11:00:00+08:00'],
      ['feedback', '2026-03-09T16:00:00+08:00'],
      ['verify', '2026-03-10T09:00:00+08:00'],
      ['close', '2026-03-10T09:30:00+08:00'],
    ];
    for (const [action, at] of steps) inc = applyAction(inc, action, at);
    expect(inc).toMatchObject({
      status: 'closed',
      reportedAt: FRIDAY,
      acceptedAt: '2026-03-06T10:30:00+08:00',
      dispatchedAt: '2026-03-06T11:00:00+08:00',
      resolvedAt: '2026-03-09T16:00:00+08:00',
      verifiedAt: '2026-03-10T09:00:00+08:00',
      closedAt: '2026-03-10T09:30:00+08:00',
      deadline: '2026-03-12T00:00:00+08:00',
    });
    expect(allowedActions(inc.status)).toEqual([]);
  });

  it('says what the action needs, in one line', () => {
    expect(() => applyAction(inStatus('resolved'), 'close', LATER)).toThrow(
      'cannot close an incident that is "resolved": close needs "verified"',
    );
    expect(() => applyAction(inStatus('dispatched'), 'accept', LATER)).toThrow(
      'cannot accept an incident that is "dispatched": accept needs "reported" or "returned"',
    );
    expect(() => applyAction(inStatus('accepted'), 'feedback', LATER)).toThrow(
      'cannot feedback an incident that is "accepted": feedback needs "dispatched", "in-progress", "extended" or "suspended"',
    );
    expect(() => applyAction(inStatus('closed'), 'return', LATER)).toThrow(
      'cannot return an incident that is "closed": a closed incident allows nothing',
    );
  });

  it('never changes its argument and keeps properties it does not know', () => {
    const before = Object.freeze({
      ...inStatus('verified'),
      verifiedAt: '2026-03-08T09:00:00+08:00',
      extra: 'kept',
    });
    const copy = structuredClone(before);
    const after = applyAction(before, 'close', LATER);
    expect(before).toEqual(copy);
    expect(after).not.toBe(before);
    expect(after.extra).toBe('kept');
    expect(after.status).toBe('closed');
    // A refused action leaves it alone too.
    expect(() => applyAction(before, 'accept', LATER)).toThrow(IncidentTransitionError);
    expect(before).toEqual(copy);
  });

  it('writes times as ISO 8601 in China time, whole seconds; without an offset a time is China time', () => {
    const r = inStatus('reported');
    expect(applyAction(r, 'accept', '2026-03-06T04:00:00Z').acceptedAt).toBe('2026-03-06T12:00:00+08:00');
    expect(applyAction(r, 'accept', '2026-03-06T12:00').acceptedAt).toBe('2026-03-06T12:00:00+08:00');
    expect(applyAction(r, 'accept', '2026-03-06T12:00:05.987+08:00').acceptedAt).toBe(
      '2026-03-06T12:00:05+08:00',
    );
  });

  it('refuses a time before the report, naming the reason', () => {
    const r = inStatus('reported');
    let err: unknown;
    try {
      applyAction(r, 'accept', '2026-03-06T09:59:59+08:00');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IncidentTransitionError);
    expect((err as IncidentTransitionError).reason).toBe('time');
    expect((err as Error).message).toBe(
      `cannot accept at 2026-03-06T09:59:59+08:00: before the incident was reported (${FRIDAY})`,
    );
    // The same second as the report is not before it.
    expect(applyAction(r, 'accept', FRIDAY).acceptedAt).toBe(FRIDAY);
    // A return carries no time of its own, but still may not be dated before the report.
    expect(() => applyAction(r, 'return', '2026-03-05T10:00:00+08:00')).toThrow(
      /before the incident was reported/,
    );
  });

  it('refuses a time before the latest recorded step', () => {
    const accepted = applyAction(inStatus('reported'), 'accept', '2026-03-06T11:00:00+08:00');
    expect(() => applyAction(accepted, 'dispatch', '2026-03-06T10:59:00+08:00')).toThrow(
      "cannot dispatch at 2026-03-06T10:59:00+08:00: before the incident's latest step (acceptedAt 2026-03-06T11:00:00+08:00)",
    );
    expect(applyAction(accepted, 'dispatch', '2026-03-06T11:00:00+08:00').dispatchedAt).toBe(
      '2026-03-06T11:00:00+08:00',
    );
  });

  it('refuses an unknown action, an unreadable time and an unreadable reportedAt', () => {
    const r = inStatus('reported');
    expect(() => applyAction(r, 'reopen' as IncidentAction, LATER)).toThrow(RangeError);
    expect(() => applyAction(r, 'accept', 'yesterday')).toThrow(RangeError);
    expect(() => applyAction({ ...r, reportedAt: 'soon' }, 'accept', LATER)).toThrow(
      /no readable reportedAt/,
    );
  });

  it('treats an incident with closedAt as closed, whatever its status says', () => {
    const odd = { ...inStatus('verified'), closedAt: '2026-03-07T09:00:00+08:00' };
    let err: unknown;
    try {
      applyAction(odd, 'close', LATER);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IncidentTransitionError);
    expect((err as IncidentTransitionError).reason).toBe('closed');
    expect((err as Error).message).toMatch(/has closedAt 2026-03-07T09:00:00\+08:00/);
  });

  it('sends resolved work back and, on the next accept, clears the times of the round that was returned', () => {
    let inc = newIncident(input);
    inc = applyAction(inc, 'accept', '2026-03-06T10:30:00+08:00');
    inc = applyAction(inc, 'dispatch', '2026-03-06T11:00:00+08:00');
    inc = applyAction(inc, 'feedback', '2026-03-09T16:00:00+08:00');
    inc = applyAction(inc, 'verify', '2026-03-09T17:00:00+08:00');
    const returned = applyAction(inc, 'return', '2026-03-09T18:00:00+08:00');
    expect(returned).toEqual({ ...inc, status: 'returned' });
    expect(allowedActions(returned.status)).toEqual(['accept']);
    // The new round may not start before the last recorded step of the old one.
    expect(() => applyAction(returned, 'accept', '2026-03-09T16:30:00+08:00')).toThrow(/verifiedAt/);
    const again = applyAction(returned, 'accept', '2026-03-10T08:00:00+08:00');
    expect(again).toMatchObject({
      status: 'accepted',
      acceptedAt: '2026-03-10T08:00:00+08:00',
      dispatchedAt: null,
      resolvedAt: null,
      verifiedAt: null,
      closedAt: null,
    });
  });

  it('takes feedback from extended and suspended work', () => {
    for (const from of ['extended', 'suspended'] as const) {
      const inc = {
        ...inStatus(from),
        acceptedAt: '2026-03-06T10:30:00+08:00',
        dispatchedAt: '2026-03-06T11:00:00+08:00',
      };
      const after = applyAction(inc, 'feedback', LATER);
      expect(after).toMatchObject({
        status: 'resolved',
        resolvedAt: LATER,
        dispatchedAt: '2026-03-06T11:00:00+08:00',
      });
    }
  });
});

describe('isIncidentAction', () => {
  it('knows the six actions and nothing else', () => {
    for (const a of INCIDENT_ACTIONS) expect(isIncidentAction(a)).toBe(true);
    for (const v of ['Accept', 'reopen', '', null, 1, undefined, {}]) expect(isIncidentAction(v)).toBe(false);
  });
});

describe('newIncident', () => {
  it('builds a reported incident in the form of the shipped data', () => {
    expect(newIncident(input)).toEqual({
      id: 'SJ0000001',
      category: 'fire',
      level: 2,
      status: 'reported',
      reportedAt: FRIDAY,
      gridCode: '330424002012001',
      acceptedAt: null,
      dispatchedAt: null,
      resolvedAt: null,
      verifiedAt: null,
      closedAt: null,
      // Friday + 3 working days crosses the weekend: Mon 9, Tue 10, Wed 11 → end of Wednesday.
      deadline: '2026-03-12T00:00:00+08:00',
      supervised: false,
      title: '仓库消防通道堵塞',
    });
  });

  it('gives each level its limit in working days', () => {
    const deadline = (level: 1 | 2 | 3 | 4, reportedAt = FRIDAY) =>
      newIncident({ ...input, level, reportedAt }).deadline;
    expect(deadline(1)).toBe('2026-03-07T00:00:00+08:00');
    expect(deadline(3)).toBe('2026-03-18T00:00:00+08:00');
    expect(deadline(4)).toBe('2026-03-28T00:00:00+08:00');
    // Friday 23:30 UTC is Saturday in China: counting starts on Monday.
    expect(deadline(2, '2026-03-06T23:30:00Z')).toBe('2026-03-12T00:00:00+08:00');
    expect(newIncident({ ...input, level: 2 }, { holidays: ['2026-03-09'] }).deadline).toBe(
      '2026-03-13T00:00:00+08:00',
    );
  });

  it('normalises reportedAt to China time with an offset and whole seconds', () => {
    expect(newIncident({ ...input, reportedAt: '2026-03-06T02:00:00.750Z' }).reportedAt).toBe(FRIDAY);
    expect(newIncident({ ...input, reportedAt: '2026-03-06T10:00' }).reportedAt).toBe(FRIDAY);
  });

  it('keeps the optional enterprise and supervision, and trims the title', () => {
    const inc = newIncident({
      ...input,
      enterpriseId: '91330424MAWX2HHB03',
      supervised: true,
      title: '  锅炉房漏气 ',
    });
    expect(inc.enterpriseId).toBe('91330424MAWX2HHB03');
    expect(inc.supervised).toBe(true);
    expect(inc.title).toBe('锅炉房漏气');
    expect('enterpriseId' in newIncident(input)).toBe(false);
  });

  it('takes a title of 200 characters, counting characters rather than UTF-16 units', () => {
    expect(newIncident({ ...input, title: '火'.repeat(200) }).title).toHaveLength(200);
    expect(newIncident({ ...input, title: '🔥'.repeat(200) }).title).toHaveLength(400);
    expect(() => newIncident({ ...input, title: '火'.repeat(201) })).toThrow(
      /title must be at most 200 characters/,
    );
  });

  const bad: [string, Record<string, unknown>][] = [
    ['id', { id: '' }],
    ['id', { id: 7 }],
    ['category', { category: 'flood' }],
    ['category', { category: undefined }],
    ['level', { level: 0 }],
    ['level', { level: 5 }],
    ['level', { level: 2.5 }],
    ['level', { level: '2' }],
    ['gridCode', { gridCode: '33042400201200' }],
    ['gridCode', { gridCode: '3304240020120011' }],
    ['gridCode', { gridCode: '33042400201200x' }],
    ['gridCode', { gridCode: 330424002012001 }],
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['title', { title: null }],
    ['lon', { lon: Number.NaN }],
    ['lon', { lon: Infinity }],
    ['lon', { lon: 181 }],
    ['lon', { lon: '121' }],
    ['lat', { lat: -90.0001 }],
    ['lat', { lat: Number.NaN }],
    ['reportedAt', { reportedAt: '2026-02-30T10:00:00+08:00' }],
    ['reportedAt', { reportedAt: 'now' }],
    ['reportedAt', { reportedAt: 1741226400000 }],
    ['enterpriseId', { enterpriseId: '' }],
    ['enterpriseId', { enterpriseId: '91330424MAWX2HHB0' }],
    ['enterpriseId', { enterpriseId: '91330424mawx2hhb03' }],
    ['supervised', { supervised: 'yes' }],
  ];
  it.each(bad)('refuses a bad %s (%j)', (field, patch) => {
    let err: unknown;
    try {
      newIncident({ ...input, ...patch } as unknown as NewIncidentInput);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IncidentInputError);
    expect((err as IncidentInputError).field).toBe(field);
    expect((err as Error).message.startsWith(`${field} `)).toBe(true);
    expect((err as Error).message).not.toContain('\n');
  });
});
