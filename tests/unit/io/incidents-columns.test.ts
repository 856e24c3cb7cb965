import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { incidentColumnsFromCsv } from '../../../src/io/incidents-columns';
import { parseIncidentsCsv } from '../../../src/io/incidents-csv';
import { incidentAt, incidentTable } from '../../../src/domain/incident-table';
import { incidentDeadline } from '../../../src/domain/deadline';
import { INCIDENT_CATEGORIES, type IncidentFC } from '../../../src/domain/types';

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
  it('gives the same table as incidentTable over parseIncidentsCsv', () => {
    const direct = incidentColumnsFromCsv(text);
    const viaFeatures = incidentTable(parseIncidentsCsv(text).features);
    expect(direct).toEqual(viaFeatures);
    expect(direct.n).toBe(3);
    expect(direct.id).toEqual(['E1', 'E2', 'E3']);
    expect(direct.gridCodes).toEqual(['330424002201001', '330424002201002']);
    expect(Array.from(direct.grid)).toEqual([0, 1, 0]);
    expect(Array.from(direct.level)).toEqual([2, 1, 4]);
    expect(INCIDENT_CATEGORIES[direct.category[2]]).toBe('party');
    expect(incidentAt(direct, 1)).toEqual({ id: 'E2', category: 'safety', level: 1, status: 'reported', gridCode: '330424002201002' });
    expect(direct.reported[0]).toBe(Date.parse('2026-03-06T10:00+08:00'));
    expect(direct.closed[0]).toBe(Date.parse('2026-03-09T10:00+08:00'));
    expect(Number.isNaN(direct.closed[1])).toBe(true);
    // Deadlines: computed (Friday + 3 working days → end of Wednesday) or the incident's own.
    expect(direct.deadline[0]).toBe(Date.parse('2026-03-12T00:00+08:00'));
    expect(direct.deadline[0]).toBe(incidentDeadline({ reportedAt: '2026-03-06T10:00', level: 2 }));
    expect(direct.deadline[2]).toBe(Date.parse('2026-03-10T12:00+08:00'));
    expect(Array.from(direct.lon)).toEqual([121.01, 121.02, 121.03]);
  });

  it('reads the bundled incidents like the GeoJSON (same incidents, same columns)', () => {
    const fc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../data/zhihuiwan/incidents.geojson'), 'utf8')) as IncidentFC;
    const csv = [
      'id,category,level,status,reportedAt,gridCode,closedAt,deadline,lon,lat',
      ...fc.features.map(({ properties: p, geometry: g }) =>
        [p.id, p.category, p.level, p.status, p.reportedAt, p.gridCode, p.closedAt ?? '', p.deadline ?? '', ...g.coordinates].join(','),
      ),
    ].join('\n');
    expect(incidentColumnsFromCsv(csv)).toEqual(incidentTable(fc.features));
  });

  it('fails with the same messages and line numbers as parseIncidentsCsv', () => {
    const bad = [
      '',
      'id,category\n',
      `${header}\nE1,fire,2,closed,2026-03-01,g,,,,,121,30\nE2,fire,9,closed,2026-03-01,g,,,,,121,x\n`,
      `${header}\nE1,arson,2,closed,2026-03-01,g,,,,,121,30\n`,
      `${header}\nE1,fire,2,closed,yesterday,g,,,,,121,30\n`,
      `${header}\nE1,fire,2,closed,2026-03-01,g,,,,121,30\n`,
      `${header}\n"E1,fire`,
      `${header}\n${Array.from({ length: 7 }, (_, i) => `E${i},fire,2,closed,2026-03-01,g,,,,,121`).join('\n')}\n`,
    ];
    for (const b of bad) {
      const expected = thrown(() => parseIncidentsCsv(b));
      expect(expected, JSON.stringify(b)).toMatch(/^DatasetError: incidents\.csv: /);
      expect(thrown(() => incidentColumnsFromCsv(b))).toBe(expected);
    }
    expect(thrown(() => incidentColumnsFromCsv(bad[3]))).toMatch(/line 2: property "category" must be one of/);
    expect(thrown(() => incidentColumnsFromCsv(bad[7]))).toMatch(/5 problems: line 2: has 11 fields, the header has 12;.*line 6: has 11 fields/);
  });
});
