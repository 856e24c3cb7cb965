/**
 * Issue 10, item 7: the app and the CLI give the same answer. For every fixture, the CLI's validate (runValidate:
 * the folder read from disk) and the app's route to its validation worker (the folder read over HTTP with the
 * overview's load options, indexed as the dataset store does, cloned as postMessage does, then validateDataset as
 * validate.worker.ts runs it) must give the same report. A unit with malformed geometry stays in the dataset as a
 * unit with an invalid-geometry finding in both, never a load error in the app.
 */
import { readFile } from 'node:fs/promises';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/cli/validate';
import { validateDataset, type ValidationReport } from '../../../src/geo/validate-dataset';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { urlSource } from '../../../src/io/url-source';
import { buildIndex } from '../../../src/geo/dataset-index';
import { OVERVIEW_LOAD_OPTIONS } from '../../../src/workers/dataset-preload';
import { colourGrids } from '../../../src/map/grid-colors';
import { labelPoints } from '../../../src/map/label-points';
import { validationInput } from '../../../src/workers/validate-messages';
import { statsInput } from '../../../src/workers/stats-messages';

const FIXTURE = 'tests/fixtures/issue-10-malformed-geometry';

/** fetch over a folder on disk, as the static server serves it to the app. */
function fetchFrom(dir: string): typeof fetch {
  return (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname.replace(/^\/d\//, '');
    try {
      return new Response(await readFile(join(dir, decodeURIComponent(path)), 'utf8'));
    } catch {
      return new Response('not found', { status: 404 });
    }
  }) as typeof fetch;
}

/** The app's way: load worker (overview options) → dataset store's index → validation worker. */
async function appValidate(dir: string): Promise<{ report: ValidationReport; index: ReturnType<typeof buildIndex> }> {
  const dataset = await loadDataset(urlSource('http://app/d/', fetchFrom(dir)), OVERVIEW_LOAD_OPTIONS);
  const index = buildIndex(structuredClone(dataset));
  const request = structuredClone(validationInput(index.dataset));
  return { report: validateDataset({ ...request }, { now: Date.now() }), index };
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The mini fixture with one file changed by `edit`, and a dataset.json listing its files (the app needs one). */
function variant(file: string, edit: (json: { features: { geometry: unknown; properties: Record<string, unknown> }[] }) => string | void): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridsight-agree-'));
  temps.push(dir);
  cpSync('tests/fixtures/mini', dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const text = edit(json);
  writeFileSync(join(dir, file), text ?? JSON.stringify(json));
  return dir;
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const CASES: [string, () => string][] = [
  ['the issue-10 fixture (string coordinates, a level too deep)', () => FIXTURE],
  ['the mini fixture', () => 'tests/fixtures/mini'],
  ['the bundled clean dataset', () => 'data/zhihuiwan'],
  ['the bundled defects dataset', () => 'data/zhihuiwan-defects'],
  ['a grid whose geometry is null', () => variant('grids.geojson', (fc) => void (fc.features[0].geometry = null))],
  ['a grid whose geometry is a Point', () => variant('grids.geojson', (fc) => void (fc.features[0].geometry = { type: 'Point', coordinates: [121, 30.6] }))],
  ['a micro-grid with a 3-number position and a 1-number one', () =>
    variant('microgrids.geojson', (fc) => {
      const g = fc.features[1].geometry as { coordinates: number[][][] };
      g.coordinates[0][1] = [...g.coordinates[0][1], 7];
      g.coordinates[0][2] = [g.coordinates[0][2][0]];
    })],
  ['a community nested 100,000 deep', () =>
    variant('community.geojson', (fc) => {
      const props = JSON.stringify(fc.features[0].properties);
      return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":${props},"geometry":{"type":"Polygon","coordinates":${deep(100_000)}}}]}`;
    })],
];

describe('app and CLI validate every fixture alike', () => {
  for (const [name, dirOf] of CASES) {
    it(name, async () => {
      const dir = dirOf();
      const [cli, app] = await Promise.all([runValidate(dir), appValidate(dir)]);
      expect(app.report.findings).toEqual(cli.findings);
      expect(app.report.summary).toEqual(cli.summary);
      expect(app.report.ok).toBe(cli.ok);
    });
  }

  it('the issue-10 fixture: both name the malformed grid and micro-grid, which stay in the dataset, undrawn', async () => {
    const { report, index } = await appValidate(FIXTURE);
    const invalid = report.findings.filter((f) => f.rule === 'invalid-geometry');
    expect(invalid.map((f) => [f.codes, f.message])).toEqual([
      [
        ['330424002201001001'],
        'micro-grid 330424002201001001: coordinates[0][0] is nested deeper than a Polygon allows (a position [lon, lat] is due) (microgrids.geojson, feature 0)',
      ],
      [['330424002201002'], 'grid 330424002201002: coordinates[0][0][0] must be a finite number, got "121.01" (grids.geojson, feature 1)'],
    ]);
    // Still units: listed, counted, staffed; only their geometry is gone.
    expect([...index.grids.keys()]).toEqual(['330424002201001', '330424002201002']);
    expect(index.grids.get('330424002201002')!.geometry).toBeNull();
    expect(index.staffByGrid.get('330424002201002')?.map((m) => m.id)).toEqual(['m4']);
    expect(report.summary).toMatchObject({ grids: 2, microGrids: 2 });
    // Drawing and measuring code skips what it cannot draw.
    expect([...colourGrids(index.gridsInForce).keys()]).toEqual(['330424002201001']);
    expect(labelPoints(index.gridsInForce).features.map((f) => f.properties.code)).toEqual(['330424002201001']);
    const stats = datasetStats(statsInput(index.dataset), { now: Date.now() });
    expect(stats.grids.map((g) => [g.code, g.enterprises, g.patrol.areaCoverage])).toEqual([
      ['330424002201001', 2, 0],
      ['330424002201002', 0, null],
    ]);
  });
});
