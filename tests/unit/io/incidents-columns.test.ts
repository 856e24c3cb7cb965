import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { incidentColumnsFromCsv } from '../../../src/io/incidents-columns';
import { incidentTable } from '../../../src/domain/incident-table';
import { deadlineFor } from '../../../src/domain/deadline';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, type IncidentFC } from '../../../src/domain/types';
import { INCIDENT_CSV_COLUMNS, csvCell } from '../../../src/io/incidents-csv';

const header = 'id,category,level,status,reportedAt,gridCode,closedAt,deadline,supervised,title,lon,lat';
const rows = [
  'E1,fire,2,closed,2026-03-06T10:00,330424002201001,2026-03-09T10:00,,true,"仓库, 消防通道堵塞",121.01,30.6',
  'E2,safety,1,reported,2026-03-07T23:30:00+08:00,330424002201002,,,,,121.02,30.61',
  'E3,party,4,in-progress,2026-03-08,330424002201001,,2026-03-10T12:00,,,121.03,30.62',
];
const text = `\ufeff${header}\n${rows.join('\r\n')}\n`;

/** The message a parser throws, or '' when it does not. */
function thrown(f: () => unknown): string {
  try {
    f();
    return '';
  } catch (e) {
    return String(e);
  }
}

describe('incidentColumnsFromCsv', () => {
  it('gives the same table as incidentTable over the same incidents as features', () => {
    const direct = incidentColumnsFromCsv(text);
    const features = [
      { id: 'E1', category: 'fire', level: 2, status: 'closed', reportedAt: '2026-03-06T10:00', gridCode: '330424002201001', closedAt: '2026-03-09T10:00', supervised: true, title: '仓库, 消防通道堵塞', at: [121.01, 30.6] },
      { id: 'E2', category: 'safety', level: 1, status: 'reported', reportedAt: '2026-03-07T23:30:00+08:00', gridCode: '330424002201002', at: [121.02, 30.61] },
      { id: 'E3', category: 'party', level: 4, status: 'in-progress', reportedAt: '2026-03-08', gridCode: '330424002201001', deadline: '2026-03-10T12:00', at: [121.03, 30.62] },
    ].map(({ at, ...p }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: p })) as IncidentFC['features'];
    expect(direct).toEqual(incidentTable(features));
    expect(direct.n).toBe(3);
    expect(direct.id).toEqual(['E1', 'E2', 'E3']);
    expect(direct.gridCodes).toEqual(['330424002201001', '330424002201002']);
    expect(Array.from(direct.grid)).toEqual([0, 1, 0]);
    expect(Array.from(direct.level)).toEqual([2, 1, 4]);
    expect(INCIDENT_CATEGORIES[direct.category[2]]).toBe('party');
    expect(INCIDENT_STATUSES[direct.status[1]]).toBe('reported');
    expect(Array.from(direct.supervised)).toEqual([1, 0, 0]);
    expect(direct.title).toEqual(['仓库, 消防通道堵塞', '', '']);
    expect(incidentColumnsFromCsv(text, { titles: false }).title).toBeNull();
    expect(direct.reported[0]).toBe(Date.parse('2026-03-06T10:00+08:00'));
    expect(direct.closed[0]).toBe(Date.parse('2026-03-09T10:00+08:00'));
    expect(Number.isNaN(direct.closed[1])).toBe(true);
    // Deadlines: computed (Friday + 3 working days → end of Wednesday) or the incident's own.
    expect(direct.deadline[0]).toBe(Date.parse('2026-03-12T00:00+08:00'));
    expect(direct.deadline[0]).toBe(deadlineFor(direct.reported[0], 2));
    expect(direct.deadline[2]).toBe(Date.parse('2026-03-10T12:00+08:00'));
    expect(Array.from(direct.lon)).toEqual([121.01, 121.02, 121.03]);
  });

  it('reads the bundled incidents like the GeoJSON (same incidents, same columns, every lifecycle step)', () => {
    const fc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../data/zhihuiwan/incidents.geojson'), 'utf8')) as IncidentFC;
    const csv = [
      [...INCIDENT_CSV_COLUMNS, 'lon', 'lat'].join(','),
      ...fc.features.map(({ properties: p, geometry: g }) => [...INCIDENT_CSV_COLUMNS.map((c) => csvCell(p[c])), ...g.coordinates].join(',')),
    ].join('\n');
    const table = incidentColumnsFromCsv(csv);
    expect(table).toEqual(incidentTable(fc.features));
    // The lifecycle and the enterprise are in the columns (the bundled data links most incidents to an enterprise).
    const k = fc.features.findIndex((f) => f.properties.verifiedAt && f.properties.enterpriseId);
    const p = fc.features[k].properties;
    expect(table.accepted[k]).toBe(Date.parse(p.acceptedAt!));
    expect(table.dispatched[k]).toBe(Date.parse(p.dispatchedAt!));
    expect(table.resolved[k]).toBe(Date.parse(p.resolvedAt!));
    expect(table.verified[k]).toBe(Date.parse(p.verifiedAt!));
    expect(table.enterpriseIds[table.enterprise[k]]).toBe(p.enterpriseId);
    const unlinked = fc.features.findIndex((f) => !f.properties.enterpriseId);
    expect(table.enterprise[unlinked]).toBe(-1);
    expect(table.enterpriseIds.length).toBe(new Set(fc.features.map((f) => f.properties.enterpriseId).filter(Boolean)).size);
  });

  it('reads old files without the lifecycle or enterprise columns as before: NaN times, no enterprise', () => {
    const t = incidentColumnsFromCsv(text);
    for (const k of ['accepted', 'dispatched', 'resolved', 'verified'] as const) expect([...t[k]].every(Number.isNaN)).toBe(true);
    expect([...t.enterprise]).toEqual([-1, -1, -1]);
    expect(t.enterpriseIds).toEqual([]);
  });

  it('reads the lifecycle and the enterprise, and names a malformed one', () => {
    const head = 'id,category,level,status,reportedAt,gridCode,acceptedAt,dispatchedAt,resolvedAt,verifiedAt,enterpriseId,lon,lat';
    const t = incidentColumnsFromCsv(
      `${head}\nE1,fire,2,verified,2026-03-06T10:00,g1,2026-03-06T11:00,2026-03-06T12:00,,2026-03-08T09:00,91330424MA2B3C4D5E,121,30\n` +
        `E2,fire,2,reported,2026-03-06T10:00,g1,,,,,,121,30\nE3,fire,2,reported,2026-03-07T10:00,g1,,,,,91330424MA2B3C4D5E,121,30\n`,
    );
    expect(t.accepted[0]).toBe(Date.parse('2026-03-06T11:00+08:00'));
    expect(t.dispatched[0]).toBe(Date.parse('2026-03-06T12:00+08:00'));
    expect(Number.isNaN(t.resolved[0])).toBe(true);
    expect(t.verified[0]).toBe(Date.parse('2026-03-08T09:00+08:00'));
    expect([...t.enterprise]).toEqual([0, -1, 0]);
    expect(t.enterpriseIds).toEqual(['91330424MA2B3C4D5E']);
    expect(thrown(() => incidentColumnsFromCsv(`${head}\nE1,fire,2,verified,2026-03-06T10:00,g1,soon,,,,,121,30\n`))).toBe(
      'DatasetError: incidents.csv: line 2: property "acceptedAt" must be an ISO 8601 time, got "soon"',
    );
  });

  it('names the file, the line and the problem, at most five of them', () => {
    const bad: [string, string][] = [
      ['', 'incidents.csv: is empty (a header row is required)'],
      ['id,category\n', 'incidents.csv: line 1: header row lacks required column(s) level, status, reportedAt, gridCode, lon, lat'],
      [
        `${header}\nE1,fire,2,closed,2026-03-01,g,,,,,121,30\nE2,fire,9,closed,2026-03-01,g,,,,,121,x\n`,
        'incidents.csv: 2 problems: line 3: property "level" must be 1, 2, 3 or 4, got 9; line 3: lon/lat must be numbers, got "121", "x"',
      ],
      [
        `${header}\nE1,arson,2,closed,2026-03-01,g,,,,,121,30\n`,
        'incidents.csv: line 2: property "category" must be one of "safety", "fire", "environment", "labour", "public-order", "enterprise-request", "facility", "party", "other", got "arson"',
      ],
      [`${header}\nE1,fire,2,closed,yesterday,g,,,,,121,30\n`, 'incidents.csv: line 2: property "reportedAt" must be an ISO 8601 time, got "yesterday"'],
      [`${header}\nE1,fire,2,closed,2026-03-01,g,,,,121,30\n`, 'incidents.csv: line 2: has 11 fields, the header has 12'],
      [`${header}\n"E1,fire`, 'incidents.csv: unclosed quote in the row starting on line 2'],
      [
        `${header}\n${Array.from({ length: 7 }, (_, i) => `E${i},fire,2,closed,2026-03-01,g,,,,,121`).join('\n')}\n`,
        'incidents.csv: 5 problems: ' + [2, 3, 4, 5, 6].map((l) => `line ${l}: has 11 fields, the header has 12`).join('; '),
      ],
    ];
    for (const [b, message] of bad) expect(thrown(() => incidentColumnsFromCsv(b)), JSON.stringify(b)).toBe(`DatasetError: ${message}`);
  });
});
