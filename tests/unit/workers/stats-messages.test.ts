import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { datasetStats, patrolAreaFile } from '../../../src/geo/dataset-stats';
import { loadDataset, type DatasetSource } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { OVERVIEW_LOAD_OPTIONS } from '../../../src/workers/dataset-preload';
import { analysisReads, statsInput } from '../../../src/workers/stats-messages';
import { rawAttr } from '../../../src/components/analysis/format';

const DATA = path.resolve(__dirname, '../../../data/zhihuiwan');
const NOW = Date.parse('2026-11-20T09:00:00Z');

/** A source that records which files were read. */
function recording(source: DatasetSource): { source: DatasetSource; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    source: {
      location: source.location,
      manifest: () => source.manifest(),
      read: (f) => (reads.push(f), source.read(f)),
    },
  };
}

describe('analysisReads', () => {
  it('completes the overview load with incidents and patrols only, and the stats equal the CLI load', async () => {
    const overview = await loadDataset(folderSource(DATA), OVERVIEW_LOAD_OPTIONS);
    expect(overview.incidents).toBeUndefined();
    const { source, reads } = recording(folderSource(DATA));
    const full = await analysisReads(source, statsInput(overview)).full;
    expect(reads.sort()).toEqual(['incidents.geojson', 'patrols.geojson']);
    const cli = await loadDataset(folderSource(DATA), {
      require: ['grids.geojson'],
      skip: ['basemap.geojson'],
    });
    const now = Date.parse('2026-11-20T09:00:00Z');
    expect(datasetStats(full, { month: '2026-10', now })).toEqual(
      datasetStats(cli, { month: '2026-10', now }),
    );
  });

  it('reads patrol-area.json with the patrols when listed (the overview does not), and the stats are the same', async () => {
    const disk = folderSource(DATA);
    const manifest = await disk.manifest();
    const overviewLoad = await loadDataset(disk, { require: [], skip: ['basemap.geojson', 'incidents.geojson'] });
    const area = JSON.stringify(patrolAreaFile(overviewLoad, { now: NOW }));
    const withArea: DatasetSource = {
      location: 'memory',
      manifest: async () => ({ ...manifest, files: [...manifest.files, 'patrol-area.json'] }),
      read: (f) => (f === 'patrol-area.json' ? Promise.resolve(area) : disk.read(f)),
    };
    const overview = await loadDataset(withArea, OVERVIEW_LOAD_OPTIONS);
    expect(overview.patrolArea).toBeUndefined();
    const { source, reads } = recording(withArea);
    const { incidents, full } = analysisReads(source, statsInput(overview));
    expect((await incidents).patrolArea).toBeUndefined();
    const d = await full;
    expect(reads.sort()).toEqual(['incidents.geojson', 'patrol-area.json', 'patrols.geojson']);
    expect(d.patrolArea?.months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    const plain = await loadDataset(disk, OVERVIEW_LOAD_OPTIONS);
    const without = await analysisReads(disk, statsInput(plain)).full;
    expect(without.patrolArea).toBeUndefined();
    expect(datasetStats(d, { month: '2026-10', now: NOW })).toEqual(datasetStats(without, { month: '2026-10', now: NOW }));
  });

  it('reads incidents.csv when the dataset has it instead of incidents.geojson', async () => {
    const fc = JSON.parse(readFileSync(path.join(DATA, 'incidents.geojson'), 'utf8')) as FeatureCollection<
      Point,
      Record<string, unknown>
    >;
    const header = [
      'id',
      'category',
      'level',
      'status',
      'reportedAt',
      'gridCode',
      'closedAt',
      'supervised',
      'title',
    ];
    const quote = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const csv = [
      [...header, 'lon', 'lat'].join(','),
      ...fc.features.map((f) =>
        [...header.map((h) => quote(f.properties[h])), ...f.geometry.coordinates].join(','),
      ),
    ].join('\n');
    const disk = folderSource(DATA);
    const manifest = await disk.manifest();
    const csvSource: DatasetSource = {
      location: 'memory',
      manifest: async () => ({
        ...manifest,
        files: manifest.files.map((f) => (f === 'incidents.geojson' ? 'incidents.csv' : f)),
      }),
      read: (f) => (f === 'incidents.csv' ? Promise.resolve(csv) : disk.read(f)),
    };
    const overview = await loadDataset(csvSource, OVERVIEW_LOAD_OPTIONS);
    const { source, reads } = recording(csvSource);
    const full = await analysisReads(source, statsInput(overview)).full;
    expect(reads.sort()).toEqual(['incidents.csv', 'patrols.geojson']);
    // Straight into columns, no feature objects; with their titles, which the incident and enterprise cards show.
    expect(full.incidents).toBeUndefined();
    expect(full.incidentColumns?.id).toEqual(fc.features.map((f) => f.properties.id));
    expect(full.incidentColumns?.title).toEqual(fc.features.map((f) => f.properties.title ?? ''));
  });
});

describe('analysis format', () => {
  it('writes raw data attributes, null as "null"', () => {
    expect(rawAttr(null)).toBe('null');
    expect(rawAttr(0.5)).toBe('0.5');
  });
});
