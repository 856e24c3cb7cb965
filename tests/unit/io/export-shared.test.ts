/**
 * What the CLI's `export` and the analyst's download share (src/io/export): the contract's columns per layer, the
 * incidents' features made from a table under a mask, and safe download names.
 */
import { describe, expect, it } from 'vitest';
import { incidentTable } from '../../../src/domain/incident-table';
import { monthRange } from '../../../src/domain/time';
import type { IncidentProps } from '../../../src/domain/types';
import { periodPart, safeFileName } from '../../../src/io/export/file-name';
import { exportIncidentFeature, tableFeatures } from '../../../src/io/export/incident-features';
import { contractColumns, outsideWarning, propertiesOutside } from '../../../src/io/export/layers';

const incident = (id: string, extra: Partial<IncidentProps> = {}) => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates: [121.1, 30.5] },
  properties: {
    id,
    category: 'fire',
    level: 2,
    status: 'closed',
    reportedAt: '2026-10-03T08:00:00+08:00',
    gridCode: '330424001001001',
    ...extra,
  } as IncidentProps,
});

describe('io/export/layers', () => {
  it('writes the contract properties only, required then optional, and names the others', () => {
    const cols = contractColumns('enterprises');
    expect(cols.slice(0, 3)).toEqual(['id', 'name', 'scale']);
    expect(cols).not.toContain('phone');
    const extra = propertiesOutside(
      [{ type: 'Feature', geometry: null, properties: { id: 'a', phone: '138', contact: 'x' } }],
      cols,
    );
    expect(extra).toEqual(['phone', 'contact']);
    expect(outsideWarning(extra)).toBe('properties outside the data contract not exported: phone, contact');
    expect(outsideWarning([])).toBeNull();
    expect(contractColumns('incidents')).toContain('supervised');
  });
});

describe('io/export/incident-features', () => {
  const table = incidentTable([
    incident('a', { supervised: true, title: '火情' }),
    incident('b', { category: 'safety' }),
    incident('c', { reportedAt: '2026-10-03T08:00:00.250+08:00' }),
  ]);

  it('writes supervised as true or false, times in China time with milliseconds only when there are any', () => {
    expect(exportIncidentFeature(table, 0).properties).toMatchObject({
      id: 'a',
      supervised: true,
      title: '火情',
    });
    expect(exportIncidentFeature(table, 1).properties.supervised).toBe(false);
    expect(exportIncidentFeature(table, 0).properties.reportedAt).toBe('2026-10-03T08:00:00+08:00');
    expect(exportIncidentFeature(table, 2).properties.reportedAt).toBe('2026-10-03T08:00:00.250+08:00');
  });

  it('takes the rows a mask, a list or nothing picks, and can be iterated again', () => {
    const masked = tableFeatures(table, Uint8Array.of(1, 0, 1));
    expect(masked.count).toBe(2);
    const ids = () => [...masked.features].map((f) => f.properties?.id);
    expect(ids()).toEqual(['a', 'c']);
    expect(ids()).toEqual(['a', 'c']);
    expect(tableFeatures(table, [1]).count).toBe(1);
    expect([...tableFeatures(table, null).features].length).toBe(3);
    expect(() => tableFeatures(table, new Uint8Array(2))).toThrow(RangeError);
  });
});

describe('io/export/file-name', () => {
  it('keeps letters of any script, digits, - _ . and nothing that leaves the folder or hides the file', () => {
    expect(safeFileName(['事件', '2026-10', '筛选'], '.csv')).toBe('事件_2026-10_筛选.csv');
    expect(safeFileName(['incidents', '2026-10', 'filtered'], '.xlsx')).toBe(
      'incidents_2026-10_filtered.xlsx',
    );
    expect(safeFileName(['../../etc/passwd'], '.kml')).toBe('etc_passwd.kml');
    expect(safeFileName(['a\\b:c*d?"e<f>g|h'], '.zip')).toBe('a_b_c_d_e_f_g_h.zip');
    expect(safeFileName(['.hidden', ' ', ''], '.csv')).toBe('hidden.csv');
    expect(safeFileName(['\u0000\u202e'], '.csv')).toBe('export.csv');
    expect(safeFileName(['网'.repeat(200)], '.csv')).toBe(`${'网'.repeat(80)}.csv`);
  });

  it('names a period by its month, else by its first and last days', () => {
    expect(periodPart(...monthRange('2026-10'))).toBe('2026-10');
    expect(periodPart(null, null)).toBeNull();
    const from = Date.parse('2026-10-03T00:00:00+08:00');
    const to = Date.parse('2026-10-10T00:00:00+08:00');
    expect(periodPart(from, to)).toBe('2026-10-03_2026-10-09');
  });
});
