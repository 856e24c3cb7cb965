import { describe, expect, it } from 'vitest';
import { readIncidentsCsv, type IncidentCsvRow } from '../../../src/io/incidents-csv';
import { csvRows } from '../../../src/io/csv';

const header = 'id,category,level,status,reportedAt,gridCode,closedAt,supervised,title,lon,lat';

describe('csvRows', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, CRLF and a BOM', () => {
    const rows = [...csvRows('\ufeffa,b\r\n"x, ""y""","line1\nline2"\r\n\r\nlast,\n')];
    expect(rows.map((r) => r.row)).toEqual([['a', 'b'], ['x, "y"', 'line1\nline2'], ['last', '']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
  });
});

/** Every row readIncidentsCsv hands on. */
function read(text: string): IncidentCsvRow[] {
  const rows: IncidentCsvRow[] = [];
  readIncidentsCsv(text, (r) => rows.push(r));
  return rows;
}

describe('readIncidentsCsv', () => {
  it('hands on each row with the properties of incidents.geojson, typed, its point and its line', () => {
    const rows = read(`${header}\nE1,fire,2,closed,2026-03-01T09:00,330424002201001,2026-03-02T10:00,true,"仓库, 消防通道堵塞",121.01,30.6\n`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lon: 121.01, lat: 30.6, where: 'line 2' });
    expect(rows[0].props).toMatchObject({ id: 'E1', level: 2, supervised: true, title: '仓库, 消防通道堵塞' });
    expect(rows[0].props).not.toHaveProperty('deadline');
  });
  it('names missing header columns', () => {
    expect(() => read('id,category\n')).toThrow(/incidents\.csv: line 1: header row lacks required column\(s\) level, status/);
  });
  it('names the line of a bad row', () => {
    expect(() => read(`${header}\nE1,fire,2,closed,2026-03-01,g,,,,121,30\nE2,fire,9,closed,2026-03-01,g,,,,121,x\n`)).toThrow(
      /line 3: property "level" must be 1, 2, 3 or 4, got 9.*line 3: lon\/lat must be numbers/,
    );
  });
  it('rejects an unclosed quote', () => {
    expect(() => read(`${header}\n"E1,fire`)).toThrow(/unclosed quote/);
  });
});
