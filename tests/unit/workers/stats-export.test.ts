/**
 * The analyst's download as the stats worker writes it (StatsEngine.export): the filtered incidents are the rows of
 * the summary's mask, as many as the count on screen; a layer is written whole with its contract properties only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { Dataset } from '../../../src/domain/types';
import { monthFilter } from '../../../src/domain/incident-filter';
import { csvRows } from '../../../src/io/csv';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { StatsEngine, exportTransfer } from '../../../src/workers/stats-engine';

let ds: Dataset;
beforeAll(async () => {
  ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
});

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('StatsEngine.export', () => {
  it('writes the incidents the filter selects, as many as its summary counts, in table order', () => {
    const e = new StatsEngine(ds, 0);
    const filter = { ...monthFilter('2026-10'), categories: ['fire' as const] };
    const total = e.filter(filter, null).summary.total;
    expect(total).toBeGreaterThan(0);
    const r = e.export('incidents', 'csv', filter);
    expect(r.count).toBe(total);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = [...csvRows(text(r.bytes.subarray(3)))].map((x) => x.row);
    const head = rows[0];
    const body = rows.slice(1).filter((row) => row.length > 1);
    expect(body.length).toBe(total);
    const cat = head.indexOf('category');
    expect(body.every((row) => row[cat] === 'fire')).toBe(true);
    const ids = ds
      .incidents!.features.filter(
        (f) => f.properties.category === 'fire' && Date.parse(f.properties.reportedAt) >= filter.from!,
      )
      .filter((f) => Date.parse(f.properties.reportedAt) < filter.to!)
      .map((f) => f.properties.id);
    expect(body.map((row) => row[head.indexOf('id')])).toEqual(ids);
  });

  it('writes a layer whole with its contract properties; an xlsx is a zip with its sheet', () => {
    const e = new StatsEngine(ds, 0);
    const r = e.export('enterprises', 'xlsx', monthFilter('2026-10'));
    expect(r.count).toBe(ds.enterprises!.features.length);
    const files = unzipSync(r.bytes);
    expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
    expect(strFromU8(files['xl/worksheets/sheet1.xml'])).not.toMatch(/phone|contact/i);
    const shp = e.export('grids', 'shp', monthFilter('2026-10'));
    expect(shp.count).toBe(ds.grids!.features.length);
    expect(Object.keys(unzipSync(shp.bytes)).some((f) => f.endsWith('.dbf'))).toBe(true);
    // The renamed DBF fields come as data for the page to word, not in the CLI's English warning.
    expect(shp.renames).toContainEqual({ property: 'communityCode', field: 'communityC' });
    expect(shp.warnings.some((w) => w.includes('communityC'))).toBe(false);
  });

  it('transfers the bytes’ own buffer, copying a view into a larger one first', () => {
    const big = new Uint8Array(10);
    const report = { bytes: big.subarray(2, 5), count: 0, warnings: [], renames: [] };
    const [buffer] = exportTransfer(report);
    expect(buffer.byteLength).toBe(3);
    expect(report.bytes.buffer).toBe(buffer);
  });
});
