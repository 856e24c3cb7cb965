/**
 * `gridsight export` (src/cli/export.ts), called as runExport: a dataset folder's layer written through the
 * loader, read back by the importer; incidents from incidents.csv and incidents.bin; the month filter; what is
 * never exported (members.json, properties outside the contract); a bad folder or option refused with nothing
 * written; the file replaced whole.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { incidentTable } from '../../../src/domain/incident-table';
import { monthOf, parseTime } from '../../../src/domain/time';
import type { IncidentProps } from '../../../src/domain/types';
import { ExportError } from '../../../src/io/export';
import { DatasetError } from '../../../src/io/errors';
import { encodeIncidentTable } from '../../../src/io/incidents-binary';
import { INCIDENT_CSV_COLUMNS, csvCell } from '../../../src/io/incidents-csv';
import { importLayer } from '../../../src/io/import/pipeline';
import { readImportFile } from '../../../src/io/import/read';
import { isoCst, runExport } from '../../../src/cli/export';

const MINI = 'data/haiyan-mini';
const root = mkdtempSync(join(tmpdir(), 'gridsight-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const incidents = JSON.parse(readFileSync(`${MINI}/incidents.geojson`, 'utf8')) as FeatureCollection<
  Point,
  IncidentProps
>;

/** Properties without null values (absent after the way through columns or a file). */
function normal(props: object | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([, v]) => v !== null && v !== undefined));
}

/** A new folder holding `files` (name → text or bytes). */
function folder(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, data] of Object.entries(files)) writeFileSync(join(dir, file), data);
  return dir;
}

/** The mini dataset's incidents as incidents.csv, in the generator's form (io/incidents-csv's columns and cells). */
function incidentsCsv(): string {
  const lines = [[...INCIDENT_CSV_COLUMNS, 'lon', 'lat'].join(',')];
  for (const f of incidents.features) {
    const p = f.properties as unknown as Record<string, unknown>;
    lines.push([...INCIDENT_CSV_COLUMNS.map((c) => csvCell(p[c])), ...f.geometry.coordinates].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function readGeoJson(file: string): Promise<Feature[]> {
  return (JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection).features;
}

describe('gridsight export', () => {
  it('writes grids as a Shapefile in EPSG:4549 that the importer reads back within 1 mm', async () => {
    const out = join(root, 'out', 'grids.zip');
    const result = await runExport(MINI, { layer: 'grids', format: 'shp', out, crs: 'EPSG:4549' });
    expect(result).toMatchObject({ file: resolve(out), features: 24, bytes: readFileSync(out).length });
    expect(result.warnings).toEqual([
      'a .dbf field name has at most 10 bytes: communityCode → communityC, parentCodes → parentCode ' +
        '(import back with --map communityCode=communityC,parentCodes=parentCode)',
    ]);
    expect(readdirSync(join(root, 'out'))).toEqual(['grids.zip']);
    const [layer] = await readImportFile(new Uint8Array(readFileSync(out)), { fileName: 'grids.zip' });
    const { report, features } = importLayer(layer, {
      as: 'grids',
      map: { communityCode: 'communityC', parentCodes: 'parentCode' },
    });
    expect(report.crs.id).toBe('EPSG:4549');
    const grids = await readGeoJson(`${MINI}/grids.geojson`);
    expect(features.map((f) => f.properties)).toEqual(
      grids.map((g) => {
        const { parentCodes: _p, validTo: _v, ...rest } = g.properties ?? {};
        return rest;
      }),
    );
    features.forEach((f, i) => {
      const ring = (f.geometry as { coordinates: number[][][] }).coordinates[0].slice().reverse();
      const expected = (grids[i].geometry as { coordinates: number[][][] }).coordinates[0];
      ring.forEach((p, k) => {
        expect(Math.abs(p[0] - expected[k][0])).toBeLessThan(1e-8);
        expect(Math.abs(p[1] - expected[k][1])).toBeLessThan(1e-8);
      });
    });
  });

  it('writes the incidents of one month (reportedAt, China time), and the patrol tracks of one', async () => {
    const out = join(root, 'month.geojson');
    const result = await runExport(MINI, { layer: 'incidents', format: 'geojson', out, month: '2026-09' });
    const expected = incidents.features.filter(
      (f) => monthOf(parseTime(f.properties.reportedAt)) === '2026-09',
    );
    expect(expected).toHaveLength(235);
    expect(result.features).toBe(235);
    expect(await readGeoJson(out)).toEqual(expected);
    const tracks = await runExport(MINI, {
      layer: 'patrols',
      format: 'kml',
      out: join(root, 'p.kml'),
      month: '2026-10',
    });
    expect(tracks.features).toBe(63);
    const empty = await runExport(MINI, {
      layer: 'incidents',
      format: 'shp',
      out: join(root, 'e.zip'),
      month: '2024-01',
    });
    expect(empty.features).toBe(0);
    const [layer] = await readImportFile(new Uint8Array(readFileSync(join(root, 'e.zip'))), {
      fileName: 'e.zip',
    });
    expect(layer.features).toEqual([]);
  });

  it('exports incidents from incidents.csv and from incidents.bin as they are in incidents.geojson', async () => {
    const csv = incidentsCsv();
    const fromCsv = folder('csv', { 'incidents.csv': csv });
    await runExport(fromCsv, { layer: 'incidents', format: 'geojson', out: join(root, 'from-csv.geojson') });
    const written = await readGeoJson(join(root, 'from-csv.geojson'));
    expect(written.map((f) => normal(f.properties))).toEqual(
      incidents.features.map((f) => normal(f.properties)),
    );
    expect(written.map((f) => f.geometry)).toEqual(incidents.features.map((f) => f.geometry));

    const table = incidentTable(incidents.features);
    const fromBin = folder('bin', {
      'incidents.bin': encodeIncidentTable(table),
      'dataset.json': JSON.stringify({ name: 'bin', files: ['incidents.bin'] }),
    });
    const out = join(root, 'from-bin.csv');
    const result = await runExport(fromBin, { layer: 'incidents', format: 'csv', out, month: '2026-03' });
    expect(result.features).toBe(222);
    const [layer] = await readImportFile(new Uint8Array(readFileSync(out)), { fileName: 'from-bin.csv' });
    const { features } = importLayer(layer, { as: 'incidents' });
    const march = incidents.features.filter((f) => monthOf(parseTime(f.properties.reportedAt)) === '2026-03');
    expect(features.map((f) => normal(f.properties))).toEqual(march.map((f) => normal(f.properties)));
    expect(features.map((f) => f.geometry)).toEqual(march.map((f) => f.geometry));
  });

  it('writes times from columns in China time with the offset, milliseconds only when there are some', () => {
    expect(isoCst(Date.parse('2026-03-01T01:00:00Z'))).toBe('2026-03-01T09:00:00+08:00');
    expect(isoCst(Date.parse('2026-03-31T16:30:00.250Z'))).toBe('2026-04-01T00:30:00.250+08:00');
  });

  it('never reads members.json, and leaves properties outside the contract out', async () => {
    const enterprises = JSON.parse(readFileSync(`${MINI}/enterprises.geojson`, 'utf8')) as FeatureCollection;
    enterprises.features[0].properties!.contactPhone = '13800138000';
    const dir = folder('private', {
      'enterprises.geojson': JSON.stringify(enterprises),
      // Not JSON at all: reading it would fail the export.
      'members.json': 'not json',
    });
    const out = join(root, 'enterprises.csv');
    const result = await runExport(dir, { layer: 'enterprises', format: 'csv', out });
    expect(result.features).toBe(enterprises.features.length);
    expect(result.warnings).toEqual(['properties outside the data contract not exported: contactPhone']);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('13800138000');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFid,name,scale,industry,employees,gridCode,microGridCode,lon,lat',
    );
  });

  it('refuses a bad folder, a missing layer and impossible options with nothing written', async () => {
    const out = join(root, 'refused.geojson');
    await expect(
      runExport(join(root, 'nowhere'), { layer: 'grids', format: 'geojson', out }),
    ).rejects.toThrow(DatasetError);
    await expect(
      runExport(MINI, { layer: 'grids', format: 'geojson', out: join(root, 'x'), month: '2026-01' }),
    ).rejects.toThrow(/a month chooses incidents or patrols/);
    const noPatrols = folder('no-patrols', { 'grids.geojson': readFileSync(`${MINI}/grids.geojson`) });
    await expect(runExport(noPatrols, { layer: 'patrols', format: 'kml', out })).rejects.toThrow(
      /patrols\.geojson: is required but missing/,
    );
    await expect(runExport(noPatrols, { layer: 'incidents', format: 'kml', out })).rejects.toThrow(
      /no incidents to export/,
    );
    await expect(
      runExport(MINI, { layer: 'incidents', format: 'csv', out, month: '2026-13' }),
    ).rejects.toThrow(ExportError);
    await expect(runExport(MINI, { layer: 'grids', format: 'kml', out, crs: 'EPSG:4549' })).rejects.toThrow(
      /for the Shapefile only/,
    );
    await expect(runExport(MINI, { layer: 'grids', format: 'shp', out, crs: 'EPSG:9999' })).rejects.toThrow(
      ExportError,
    );
    const broken = folder('broken', {
      'grids.geojson': '{"type":"FeatureCollection","features":[{"type":"Feature"}]}',
    });
    await expect(runExport(broken, { layer: 'grids', format: 'csv', out })).rejects.toThrow(DatasetError);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite a file of the dataset, and replaces an earlier export whole', async () => {
    const dir = folder('own', { 'grids.geojson': readFileSync(`${MINI}/grids.geojson`) });
    copyFileSync(`${MINI}/enterprises.geojson`, join(dir, 'enterprises.geojson'));
    const before = readFileSync(join(dir, 'grids.geojson'), 'utf8');
    await expect(
      runExport(dir, { layer: 'enterprises', format: 'geojson', out: join(dir, 'grids.geojson') }),
    ).rejects.toThrow(expect.objectContaining({ code: 'wouldOverwrite' }));
    expect(readFileSync(join(dir, 'grids.geojson'), 'utf8')).toBe(before);

    const out = join(root, 'again.kml');
    writeFileSync(out, 'x'.repeat(10_000_000));
    const result = await runExport(dir, { layer: 'grids', format: 'kml', out });
    expect(readFileSync(out).length).toBe(result.bytes);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const named = await runExport(dir, { layer: 'grids', format: 'shp', out: join(root, 'grids.shp') });
    expect(named.warnings.at(-1)).toMatch(/grids\.shp does not end in \.zip/);
  });
});
