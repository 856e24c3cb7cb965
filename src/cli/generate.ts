/**
 * `generate --scale community|county --seed N --out DIR [--communities N] [--towns N] [--grids N] [--incidents N]
 * [--patrol-months N]`: writes a synthetic dataset folder in the data contract.
 * Feature collections are streamed feature by feature (a county's incidents.csv is ~1M rows), with backpressure.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { COVERAGE_TOLERANCE_M } from '../domain/rules';
import type { IncidentProps } from '../domain/types';
import { INCIDENT_CSV_COLUMNS, csvCell } from '../io/incidents-csv';
import { type Scale, generateDataset } from '../synth/generate/index';
import { injectDefects } from '../synth/defects/index';
import { runPack } from './pack';
import { runTiles } from './tiles';

export interface GenerateArgs {
  scale: Scale;
  seed: number;
  out: string;
  /** Optional "now" of the dataset (ISO 8601); default in synth/generate. */
  asOf?: string;
  /** Inject the documented defects of synth/defects and write their records to defects.json (community only). */
  defects?: boolean;
  /** Overrides of the scale's counts (synth/generate's GenerateOptions; checkGenerateOptions says the limits). */
  communities?: number;
  towns?: number;
  grids?: number;
  incidents?: number;
  patrolMonths?: number;
}

export interface GenerateSummary {
  out: string;
  files: string[];
  counts: Record<string, number>;
  ms: number;
}


/**
 * Generates and writes the dataset; resolves when every file is flushed.
 * @example await runGenerate({ scale: 'community', seed: 7, out: 'data/zhihuiwan' })
 */
export async function runGenerate(args: GenerateArgs): Promise<GenerateSummary> {
  const t0 = performance.now();
  mkdirSync(args.out, { recursive: true });
  const { scale, seed, asOf, communities, towns, grids, incidents, patrolMonths } = args;
  const generated = generateDataset({ scale, seed, asOf, communities, towns, grids, incidents, patrolMonths });
  const injected = args.defects ? injectDefects(generated, { seed: args.seed }) : null;
  const ds = injected?.dataset ?? generated;
  const counts: Record<string, number> = {};
  const fc = async (file: string, collection: FeatureCollection): Promise<void> => {
    counts[file] = await writeFeatures(join(args.out, file), collection.features);
  };
  await fc('community.geojson', ds.community);
  await fc('grids.geojson', ds.grids);
  await fc('microgrids.geojson', ds.microGrids);
  await fc('enterprises.geojson', ds.enterprises);
  await fc('patrols.geojson', ds.patrols);
  await fc('basemap.geojson', ds.basemap);
  counts['members.json'] = await writeArray(join(args.out, 'members.json'), ds.members);
  counts[ds.incidentFile] =
    ds.incidentFile === 'incidents.csv'
      ? await writeIncidentsCsv(join(args.out, 'incidents.csv'), ds.incidents())
      : await writeFeatures(join(args.out, 'incidents.geojson'), ds.incidents());
  await writeText(join(args.out, 'dataset.json'), `${JSON.stringify(ds.manifest, null, 2)}\n`);
  // A county's incidents.csv also as incidents.bin, read ~10× faster by every tool (cli/pack, docs/binary-data.md).
  const packed = ds.incidentFile === 'incidents.csv' ? await runPack(args.out) : null;
  if (packed) counts['incidents.bin'] = packed.incidents;
  if (packed?.patrolArea) counts['patrol-area.json'] = packed.patrolArea.months;
  // A county's base map (34 MB) also as vector tiles, which the maps fetch a few at a time (cli/tiles).
  const tiled = packed ? await runTiles(args.out) : null;
  if (tiled) counts['basemap.pmtiles'] = tiled.tiles;
  // defects.json is not a contract file, so dataset.json does not list it (the app never asks for it).
  const extra = [...(packed ? ['incidents.bin'] : []), ...(packed?.patrolArea ? ['patrol-area.json'] : []), ...(tiled ? ['basemap.pmtiles'] : []), ...(injected ? ['defects.json'] : [])];
  if (injected) {
    const doc = { seed: args.seed, tolerance: COVERAGE_TOLERANCE_M, defects: injected.defects };
    await writeText(join(args.out, 'defects.json'), `${JSON.stringify(doc, null, 2)}\n`);
  }
  return { out: args.out, files: ['dataset.json', ...ds.manifest.files, ...extra], counts, ms: performance.now() - t0 };
}

// A writer that batches small strings and waits for 'drain' when the stream's buffer is full.
class Sink {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }
  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 16) await this.flush();
  }
  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }
}

/** Writes a FeatureCollection one feature per line; returns the feature count. */
async function writeFeatures(path: string, features: Iterable<Feature>): Promise<number> {
  const sink = new Sink(path);
  await sink.write('{"type":"FeatureCollection","features":[\n');
  let n = 0;
  for (const f of features) await sink.write(`${n++ ? ',\n' : ''}${JSON.stringify(f)}`);
  await sink.write('\n]}\n');
  await sink.close();
  return n;
}

async function writeArray(path: string, items: readonly unknown[]): Promise<number> {
  const sink = new Sink(path);
  await sink.write('[\n');
  for (let k = 0; k < items.length; k++) await sink.write(`${k ? ',\n' : ''}${JSON.stringify(items[k])}`);
  await sink.write('\n]\n');
  await sink.close();
  return items.length;
}

async function writeText(path: string, text: string): Promise<void> {
  const sink = new Sink(path);
  await sink.write(text);
  await sink.close();
}


/** incidents.csv: header row of the contract's property names plus lon,lat; UTF-8 without BOM. */
async function writeIncidentsCsv(path: string, features: Iterable<Feature<Point, IncidentProps>>): Promise<number> {
  const sink = new Sink(path);
  await sink.write(`${[...INCIDENT_CSV_COLUMNS, 'lon', 'lat'].join(',')}\n`);
  let n = 0;
  for (const f of features) {
    const p = f.properties;
    let line = '';
    for (const c of INCIDENT_CSV_COLUMNS) line += `${csvCell(p[c])},`;
    line += `${f.geometry.coordinates[0]},${f.geometry.coordinates[1]}\n`;
    await sink.write(line);
    n++;
  }
  await sink.close();
  return n;
}
