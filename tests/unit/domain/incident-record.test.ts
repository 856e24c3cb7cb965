import { describe, expect, it } from 'vitest';
import { incidentRecord, incidentRowById, LIFECYCLE_STEPS } from '../../../src/domain/incident-record';
import { IncidentTableBuilder, incidentTable } from '../../../src/domain/incident-table';
import type { IncidentFC, IncidentProps } from '../../../src/domain/types';
import { incidentColumnsFromCsv } from '../../../src/io/incidents-columns';
import { INCIDENT_CSV_COLUMNS, csvCell } from '../../../src/io/incidents-csv';

const HOUR = 3_600_000;
const t = (s: string) => Date.parse(`${s}+08:00`);
const ASOF = t('2026-03-20T12:00:00');
const E = '91330424MA2B3C4D5E';

type Props = Partial<IncidentProps> & Pick<IncidentProps, 'id' | 'level' | 'reportedAt'>;
const base = { category: 'safety', status: 'reported', gridCode: '330424002201001' } as const;
const incidents: Props[] = [
  // Level 2, reported on a Friday: the limit ends with Wednesday (2026-03-12 00:00); closed 36 h late.
  {
    id: 'LATE',
    level: 2,
    status: 'closed',
    reportedAt: '2026-03-06T10:00:00+08:00',
    acceptedAt: '2026-03-06T11:00:00+08:00',
    dispatchedAt: '2026-03-06T15:30:00+08:00',
    resolvedAt: '2026-03-12T09:00:00+08:00',
    verifiedAt: '2026-03-13T08:00:00+08:00',
    closedAt: '2026-03-13T12:00:00+08:00',
    supervised: true,
    title: '配电箱线路老化',
    enterpriseId: E,
  },
  // Level 1: due by the end of the report day; open at asOf, 36 h past it. Only two steps recorded.
  {
    id: 'OVERDUE',
    level: 1,
    status: 'accepted',
    reportedAt: '2026-03-18T09:00',
    acceptedAt: '2026-03-18T09:30',
  },
  // Its own deadline: 11 days' limit, half a day left at asOf (≤ 20 %): near-due.
  {
    id: 'NEAR',
    level: 3,
    status: 'dispatched',
    reportedAt: '2026-03-10T00:00',
    deadline: '2026-03-21T00:00',
    dispatchedAt: '2026-03-11T00:00',
  },
  // Closed after asOf: at asOf it is still open (and on track).
  {
    id: 'LATER',
    level: 4,
    status: 'closed',
    reportedAt: '2026-03-19T10:00',
    closedAt: '2026-03-25T10:00',
    category: 'fire',
  },
  // Closed in time.
  { id: 'ONTIME', level: 2, status: 'closed', reportedAt: '2026-03-02T10:00', closedAt: '2026-03-03T10:00' },
  // Steps recorded out of order keep the lifecycle order.
  {
    id: 'ODD',
    level: 2,
    status: 'verified',
    reportedAt: '2026-03-16T10:00',
    verifiedAt: '2026-03-16T11:00',
    acceptedAt: '2026-03-16T12:00',
  },
  // A repeated id: the first row is the one found.
  { id: 'LATE', level: 1, reportedAt: '2026-03-19T10:00' },
];
const features = incidents.map((p, k) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [121 + k / 1000, 30.6] },
  properties: { ...base, ...p },
})) as IncidentFC['features'];
const table = incidentTable(features);
const record = (id: string, at = ASOF) => incidentRecord(table, incidentRowById(table, id), at);

describe('incidentRecord', () => {
  it('gives every step with its time, in lifecycle order, the deadline and the lateness at closing', () => {
    expect(record('LATE')).toEqual({
      id: 'LATE',
      title: '配电箱线路老化',
      category: 'safety',
      level: 2,
      status: 'closed',
      supervised: true,
      gridCode: '330424002201001',
      enterpriseId: E,
      lon: 121,
      lat: 30.6,
      steps: [
        { step: 'reported', at: '2026-03-06T10:00:00+08:00' },
        { step: 'accepted', at: '2026-03-06T11:00:00+08:00' },
        { step: 'dispatched', at: '2026-03-06T15:30:00+08:00' },
        { step: 'resolved', at: '2026-03-12T09:00:00+08:00' },
        { step: 'verified', at: '2026-03-13T08:00:00+08:00' },
        { step: 'closed', at: '2026-03-13T12:00:00+08:00' },
      ],
      deadline: '2026-03-12T00:00:00+08:00',
      due: 'closed',
      overdueMs: 36 * HOUR,
    });
    expect(record('LATE').steps.map((s) => s.step)).toEqual([...LIFECYCLE_STEPS]);
  });

  it('says overdue, near-due and on-track at asOf, and how long past the deadline an open one is', () => {
    const overdue = record('OVERDUE');
    expect(overdue.steps).toEqual([
      { step: 'reported', at: '2026-03-18T09:00:00+08:00' },
      { step: 'accepted', at: '2026-03-18T09:30:00+08:00' },
    ]);
    expect(overdue.deadline).toBe('2026-03-19T00:00:00+08:00');
    expect(overdue).toMatchObject({
      due: 'overdue',
      overdueMs: 36 * HOUR,
      enterpriseId: null,
      supervised: false,
      title: '',
    });
    expect(record('NEAR')).toMatchObject({
      due: 'near-due',
      overdueMs: null,
      deadline: '2026-03-21T00:00:00+08:00',
    });
    expect(record('NEAR').steps.map((s) => s.step)).toEqual(['reported', 'dispatched']);
    // Closed after asOf: open at asOf; the closing step is still what the data records.
    expect(record('LATER')).toMatchObject({
      due: 'on-track',
      overdueMs: null,
      status: 'closed',
      category: 'fire',
    });
    expect(record('LATER').steps.at(-1)).toEqual({ step: 'closed', at: '2026-03-25T10:00:00+08:00' });
    // The same incident seen later: closed, in time.
    expect(record('LATER', t('2026-04-01T00:00'))).toMatchObject({ due: 'closed', overdueMs: null });
    expect(record('ONTIME')).toMatchObject({ due: 'closed', overdueMs: null });
    // The same overdue incident earlier that day: near-due (2 h of 15 left), on track before (asOf decides).
    expect(record('OVERDUE', t('2026-03-18T22:00'))).toMatchObject({ due: 'near-due', overdueMs: null });
    expect(record('OVERDUE', t('2026-03-18T12:00'))).toMatchObject({ due: 'on-track', overdueMs: null });
  });

  it('keeps the lifecycle order whatever the times say', () => {
    expect(record('ODD').steps).toEqual([
      { step: 'reported', at: '2026-03-16T10:00:00+08:00' },
      { step: 'accepted', at: '2026-03-16T12:00:00+08:00' },
      { step: 'verified', at: '2026-03-16T11:00:00+08:00' },
    ]);
  });

  it('has a null title when the table was read without titles, and refuses a row that is not one', () => {
    const bare = incidentTable(features, { titles: false });
    expect(incidentRecord(bare, 0, ASOF).title).toBeNull();
    expect(() => incidentRecord(table, table.n, ASOF)).toThrow(/incident row 7 is not one of the table's 7/);
    expect(() => incidentRecord(table, -1, ASOF)).toThrow(RangeError);
    expect(() => incidentRecord(table, 0.5, ASOF)).toThrow(RangeError);
    expect(() => incidentRecord(table, 0, NaN)).toThrow(/asOf must be a time/);
  });

  it('reads the same from incidents.csv as from features', () => {
    const csv = [
      [...INCIDENT_CSV_COLUMNS, 'lon', 'lat'].join(','),
      ...features.map((f) =>
        [...INCIDENT_CSV_COLUMNS.map((c) => csvCell(f.properties[c])), ...f.geometry.coordinates].join(','),
      ),
    ].join('\n');
    const columns = incidentColumnsFromCsv(csv);
    expect(columns).toEqual(table);
    for (let i = 0; i < table.n; i++)
      expect(incidentRecord(columns, i, ASOF)).toEqual(incidentRecord(table, i, ASOF));
  });
});

describe('IncidentTableBuilder', () => {
  it('keeps the lifecycle and enterprise columns through growing, and names a malformed time or enterprise', () => {
    const b = new IncidentTableBuilder(1);
    features.forEach((f, i) =>
      b.add(f.properties, f.geometry.coordinates[0], f.geometry.coordinates[1], `incident ${i}`),
    );
    expect(b.finish()).toEqual(table);
    expect(table.enterpriseIds).toEqual([E]);
    expect([...table.enterprise]).toEqual([0, -1, -1, -1, -1, -1, -1]);
    expect(table.verified[0]).toBe(t('2026-03-13T08:00:00'));
    expect(Number.isNaN(table.verified[1])).toBe(true);
    const one = (p: Partial<IncidentProps>) => () =>
      incidentTable([
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [121, 30.6] },
          properties: { ...base, id: 'X', level: 1, reportedAt: '2026-03-01', ...p },
        },
      ] as IncidentFC['features']);
    expect(one({ acceptedAt: 'soon' })).toThrow('incident 0 (id X): acceptedAt is not ISO 8601: "soon"');
    expect(one({ deadline: 'never' })).toThrow('incident 0 (id X): deadline is not ISO 8601: "never"');
    expect(one({ enterpriseId: 7 as never })).toThrow(
      'incident 0 (id X): enterpriseId must be a string, got 7',
    );
  });
});

describe('incidentRowById', () => {
  it('finds the first row of an id, and −1 for one that is absent', () => {
    expect(incidentRowById(table, 'LATE')).toBe(0);
    expect(incidentRowById(table, 'ODD')).toBe(5);
    expect(incidentRowById(table, 'NOPE')).toBe(-1);
    expect(incidentRowById(incidentTable([]), 'LATE')).toBe(-1);
  });
});
