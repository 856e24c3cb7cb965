import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { datasetFiles, readDatasetFiles } from '../../../../src/io/plan/dataset-files';
import { DatasetError } from '../../../../src/io/errors';
import { datasetStats } from '../../../../src/geo/dataset-stats';
import { incidentTable } from '../../../../src/domain/incident-table';

describe('datasetFiles / readDatasetFiles', () => {
  it('round-trips the community dataset: every file, same content, dataset.json listing them', async () => {
    const ds = await loadDataset(folderSource('data/zhihuiwan'));
    const files = datasetFiles(ds);
    expect([...files.keys()]).toEqual(['dataset.json', ...ds.manifest.files]);
    const manifest = JSON.parse(files.get('dataset.json')!);
    expect(manifest).toEqual({ ...ds.manifest, files: ds.manifest.files });
    // One feature per line, like the generator: the written grids file is the original byte for byte.
    expect(files.get('grids.geojson')).toBe(readFileSync('data/zhihuiwan/grids.geojson', 'utf8'));
    const back = await readDatasetFiles(files);
    expect(back.grids).toEqual(ds.grids);
    expect(back.microGrids).toEqual(ds.microGrids);
    expect(back.enterprises).toEqual(ds.enterprises);
    expect(back.members).toEqual(ds.members);
    expect(back.incidents).toEqual(ds.incidents);
    expect(back.basemap).toEqual(ds.basemap);
    expect(back.manifest).toEqual(ds.manifest);
  });

  it('writes the bundled incidents as columns to an incidents.csv that gives the same table, lifecycle and enterprise kept', async () => {
    const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
    const table = incidentTable(ds.incidents!.features);
    const files = datasetFiles({ ...ds, incidents: undefined, incidentColumns: table });
    expect(files.get('incidents.csv')!.split('\n', 1)[0]).toBe(
      'id,category,level,status,reportedAt,gridCode,acceptedAt,dispatchedAt,resolvedAt,verifiedAt,closedAt,deadline,supervised,title,enterpriseId,lon,lat',
    );
    const back = await readDatasetFiles(files, { incidentTitles: true });
    expect(back.incidentColumns).toEqual(table);
  });

  it('reads bytes as UTF-8 and, without dataset.json, the contract files present', async () => {
    const ds = await loadDataset(folderSource('tests/fixtures/mini'));
    const files = datasetFiles(ds);
    const bytes = new Map<string, Uint8Array>();
    for (const [k, v] of files) if (k !== 'dataset.json') bytes.set(k, new TextEncoder().encode(v));
    const back = await readDatasetFiles(bytes);
    expect(back.manifest.files).toEqual(ds.manifest.files);
    expect(back.grids).toEqual(ds.grids);
    expect(back.members?.[0].name).toBe(ds.members?.[0].name);
  });

  it('writes incidents read as columns back to an incidents.csv that gives the same table', async () => {
    const ds = await loadDataset(folderSource('tests/fixtures/issue-10-incident-columns'), {
      skip: ['incidents.geojson'],
      incidentTitles: true,
    });
    expect(ds.incidentColumns?.n).toBeGreaterThan(0);
    const files = datasetFiles(ds);
    expect(files.has('incidents.csv')).toBe(true);
    expect(files.has('incidents.geojson')).toBe(false);
    const back = await readDatasetFiles(files, { incidentTitles: true });
    const a = ds.incidentColumns!;
    const b = back.incidentColumns!;
    expect(b.n).toBe(a.n);
    expect(b.id).toEqual(a.id);
    for (const k of ['lon', 'lat', 'reported', 'closed', 'deadline', 'category', 'level', 'status', 'supervised'] as const) {
      expect([...b[k]]).toEqual([...a[k]]);
    }
    expect([...b.grid].map((g) => b.gridCodes[g])).toEqual([...a.grid].map((g) => a.gridCodes[g]));
    expect(b.title).toEqual(a.title);
    expect(datasetStats(back, { now: 0 })).toEqual(datasetStats(ds, { now: 0 }));
  });

  it('copies verbatim files as given', () => {
    const csv = 'id,category\n';
    const ds = { manifest: { name: 'x', files: [] }, basemap: { type: 'FeatureCollection' as const, features: [] } };
    const files = datasetFiles(ds, { verbatim: new Map([['basemap.geojson', 'AS IS'], ['incidents.csv', csv]]) });
    expect(files.get('basemap.geojson')).toBe('AS IS');
    // Only files the dataset holds are written.
    expect(files.has('incidents.csv')).toBe(false);
  });

  it('refuses a unit whose geometry was not readable, naming it', async () => {
    const ds = await loadDataset(folderSource('tests/fixtures/issue-10-malformed-geometry'), { lenientGeometry: true });
    let err: unknown;
    try {
      datasetFiles(ds);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetError);
    expect(String(err)).toMatch(/\.geojson: feature \d+ \(\d+\): has no readable geometry to write/);
  });

  it('names a file dataset.json lists that is not there, and a bad file', async () => {
    const files = new Map([['dataset.json', '{"name":"x","files":["community.geojson","grids.geojson"]}'], ['community.geojson', '{"type":"FeatureCollection","features":[]}']]);
    await expect(readDatasetFiles(files, { location: 'p.zip/dataset' })).rejects.toThrow('grids.geojson: is missing from p.zip/dataset');
    files.set('grids.geojson', '{ nope');
    await expect(readDatasetFiles(files)).rejects.toThrow(/^grids\.geojson: is not valid JSON/);
  });
});
