/**
 * The `.dbf` reader (io/import/shapefile decodeRows) against parsedbf, the reader shpjs ships and GridSight used
 * before: the same rows, value for value, on real Shapefiles and on a table with every field type and the odd
 * values (blank numbers and dates, a date past the month's end, logicals, GBK text, a repeated field name).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { unzipSync } from 'fflate';
// @ts-expect-error parsedbf ships no type declarations (a dependency of shpjs; used here as the reference only).
import parseDbf from 'parsedbf';
import { describe, expect, it } from 'vitest';
import { readGeoFile } from '../../../src/io/import/read-geo';
import { SHP_POINT, gbk, writeDbf, writeShp, zipFiles } from './import-fixtures';

const parsedbf = parseDbf as (dbf: DataView, encoding?: string) => Record<string, unknown>[];
const reference = (dbf: Uint8Array, encoding: string) =>
  parsedbf(new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength), encoding);

/** parsedbf's values as the importer always gave them: NaN → null, a Date → 'YYYY-MM-DD' (invalid → null). */
function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => {
        if (typeof v === 'number') return [k, Number.isNaN(v) ? null : v];
        if (v instanceof Date)
          return [
            k,
            Number.isNaN(v.getTime())
              ? null
              : `${pad(v.getFullYear(), 4)}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`,
          ];
        return [k, v];
      }),
    ),
  );
}

const propertiesOf = async (bytes: Uint8Array, fileName: string) =>
  (await readGeoFile(bytes, { fileName })).flatMap((layer) => layer.features!.map((f) => f.properties));

describe('the .dbf reader', () => {
  const dir = 'tests/fixtures/import';
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.zip') && n !== 'noshp.zip')) {
    it(`reads ${name}'s attributes as parsedbf does`, async () => {
      const bytes = new Uint8Array(readFileSync(`${dir}/${name}`));
      const entries = unzipSync(bytes);
      const dbfs = Object.keys(entries).filter(
        (n) => n.toLowerCase().endsWith('.dbf') && !n.startsWith('__MACOSX'),
      );
      const expected = dbfs.flatMap((n) => {
        const cpg = entries[n.replace(/\.dbf$/i, '.cpg')];
        const label = cpg ? new TextDecoder().decode(cpg).trim().toLowerCase() : 'gbk';
        const encoding = /^(utf-?8|65001)$/.test(label)
          ? 'utf-8'
          : /^(gbk|936|cp936)$/.test(label)
            ? 'gbk'
            : label;
        return plain(reference(entries[n], encoding));
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(await propertiesOf(bytes, name)).toEqual(expected);
    });
  }

  it('reads every field type and the odd values as parsedbf does', async () => {
    const fields = [
      { name: '名称', type: 'C' as const, length: 20 },
      { name: 'N', type: 'N' as const, length: 12, decimals: 3 },
      { name: 'D', type: 'C' as const, length: 8 },
      { name: 'L', type: 'C' as const, length: 1 },
      { name: 'N', type: 'C' as const, length: 4 },
    ];
    const rows: (string | number | null)[][] = [
      ['东区网格', 12.5, '20260301', 'T', 'a'],
      ['  ', null, '', 'F', ''],
      ['工业园一号网格', -0.125, '20260230', 'y', 'b'],
      ['x', 123456789, '2026XX01', '?', 'c'],
    ];
    const dbf = writeDbf(fields, rows, gbk);
    // The writer has no date or logical type: written as text, then typed D and L in their descriptors.
    dbf[32 + 32 * 2 + 11] = 'D'.charCodeAt(0);
    dbf[32 + 32 * 3 + 11] = 'L'.charCodeAt(0);
    const { shp, shx } = writeShp(
      SHP_POINT,
      rows.map(() => ({ point: [120.9, 30.5] })),
    );
    const zip = zipFiles({ 't.shp': shp, 't.shx': shx, 't.dbf': dbf });
    const ours = await propertiesOf(zip, 't.zip');
    expect(ours).toEqual(plain(reference(dbf, 'gbk')));
    expect(ours[0]).toEqual({ 名称: '东区网格', N: 'a', D: '2026-03-01', L: true });
    expect(ours[2]).toMatchObject({ D: '2026-03-02', L: true });
    expect(ours[1]).toMatchObject({ 名称: '', D: null, L: false });
  });
});
