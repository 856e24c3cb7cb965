/**
 * `gridsight import` as the user meets it: the compiled CLI as a process on a 100 MB enterprise CSV and a 50 MB
 * Shapefile (.zip, Gauss-Krüger zone 40), both seeded, with `--dry-run` (the whole read, conversion, checks and
 * report; nothing written) and, for the CSV, with the write into a folder that has the bundled community (so every
 * point is also checked against the community's boundary). Each beside its floor in the same run: a Node process
 * that only reads the file and decodes it (CSV: UTF-8 decode and the project's CSV parser; Shapefile: unzip).
 * Wall time and peak RSS from /usr/bin/time; the median of --runs.
 *
 * Run: npx tsx tests/bench/import-bench.ts [--runs 3] [--csv-mb 100] [--shp-mb 50] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../../src/domain/random';
import { makeUscc } from '../../src/domain/uscc';
import { writeShapefile } from '../../src/io/export/shapefile-write';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'csv-mb': { type: 'string', default: '100' },
    'shp-mb': { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
/** The compiled CLI, built first when a source is newer (as the unit tests do). */
const BIN = 'dist-cli/gridsight.mjs';
spawnSync(process.execPath, ['src/cli/build.mjs', '--if-stale', '--quiet'], { stdio: 'inherit' });
const work = mkdtempSync(join(tmpdir(), 'gridsight-import-bench-'));

/** Haiyan's industrial area, where the bundled community lies. */
const BOX = { west: 120.86, east: 120.98, south: 30.47, north: 30.56 };
const WORDS = ['海盐', '嘉兴', '秦山', '武原', '西塘桥', '百步', '于城', '通元', '沈荡', '澉浦'];
const TRADES = ['紧固件', '纺织', '电子', '化工', '机械', '食品', '包装', '建材', '物流', '塑料'];

function makeCsv(bytes: number): string {
  const rng = createRng(15);
  const lines = ['统一社会信用代码,企业名称,规模,行业,从业人数,经度,纬度'];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const name = `${WORDS[i % 10]}${TRADES[(i * 7) % 10]}有限公司${i}`;
    const lon = BOX.west + rng.next() * (BOX.east - BOX.west);
    const lat = BOX.south + rng.next() * (BOX.north - BOX.south);
    const line = `${makeUscc(rng, '330424')},"${name}",${rng.next() < 0.3 ? '规上' : '规下'},${TRADES[i % 10]},${Math.floor(rng.next() * 500)},${lon.toFixed(7)},${lat.toFixed(7)}`;
    lines.push(line);
    size += Buffer.byteLength(line) + 2;
    i++;
  }
  const path = join(work, 'enterprises.csv');
  writeFileSync(path, `\ufeff${lines.join('\r\n')}\r\n`);
  return path;
}

function makeShapefile(bytes: number): string {
  const rng = createRng(16);
  const features = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    // A 24-vertex polygon of ~200 m around a random point: a micro-grid's size and detail.
    const cx = BOX.west + rng.next() * (BOX.east - BOX.west);
    const cy = BOX.south + rng.next() * (BOX.north - BOX.south);
    const ring = Array.from({ length: 24 }, (_, k) => {
      const a = (k / 24) * 2 * Math.PI;
      const r = 0.001 * (0.7 + 0.3 * rng.next());
      return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
    });
    ring.push(ring[0]);
    features.push({
      type: 'Feature' as const,
      geometry: { type: 'Polygon' as const, coordinates: [ring] },
      properties: {
        code: `330424001001${String(i).padStart(6, '0')}`,
        gridCode: '330424001001001',
        name: `${WORDS[i % 10]}微网格${i}`,
      },
    });
    size += 44 + 16 * 25 + 60;
  }
  const zip = writeShapefile(features, { name: '微网格', crs: 'EPSG:4528' }).bytes;
  const path = join(work, '微网格.zip');
  writeFileSync(path, zip);
  return path;
}

interface Run {
  wallS: number;
  rssMB: number;
  code: number | null;
}

function timed(args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, rss] = last.split(' ').map(Number);
  if (!(wall >= 0)) throw new Error(`no timing from ${args.join(' ')}: ${r.stderr.slice(-500)}`);
  return { wallS: wall, rssMB: rss / 1024, code: r.status };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Alternates the commands `runs` times and gives each one's median wall time and RSS. */
function compare(
  commands: Record<string, () => string[]>,
): Record<string, { wallS: number; rssMB: number; code: number | null }> {
  const all: Record<string, Run[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) for (const [k, args] of Object.entries(commands)) all[k].push(timed(args()));
  return Object.fromEntries(
    Object.entries(all).map(([k, rs]) => [
      k,
      { wallS: median(rs.map((x) => x.wallS)), rssMB: median(rs.map((x) => x.rssMB)), code: rs[0].code },
    ]),
  );
}

const csv = makeCsv(Number(values['csv-mb']) * 1e6);
const shp = makeShapefile(Number(values['shp-mb']) * 1e6);
let outs = 0;
/** A new folder holding only the bundled community, for each written run. */
function communityFolder(): string {
  const dir = join(work, `out${outs++}`);
  mkdirSync(dir);
  copyFileSync('data/zhihuiwan/community.geojson', join(dir, 'community.geojson'));
  return dir;
}
const floorCsv =
  `const {readFileSync}=require('fs');` +
  `let t=new TextDecoder().decode(readFileSync(process.argv[1]));let n=0;for(const l of t.split('\\n'))n+=l.split(',').length;console.log(n)`;
const floorShp = `const {readFileSync}=require('fs');const {unzipSync}=require('fflate');const z=unzipSync(readFileSync(process.argv[1]));console.log(Object.keys(z).length)`;
const result = compare({
  'csv: import --dry-run': () => [
    BIN,
    'import',
    csv,
    '--as',
    'enterprises',
    '--out',
    join(work, 'none'),
    '--dry-run',
  ],
  'csv: import into a folder with the community (written)': () => [
    BIN,
    'import',
    csv,
    '--as',
    'enterprises',
    '--out',
    communityFolder(),
  ],
  'csv: floor (read, decode, split)': () => ['-e', floorCsv, csv],
  'shp: import --dry-run': () => [
    BIN,
    'import',
    shp,
    '--as',
    'microgrids',
    '--out',
    join(work, 'none'),
    '--dry-run',
  ],
  'shp: floor (read, unzip)': () => ['-e', floorShp, shp],
});
const mb = (p: string) => (statSync(p).size / 1e6).toFixed(1);
console.log(`inputs: ${csv} ${mb(csv)} MB; ${shp} ${mb(shp)} MB; ${runs} runs, median`);
console.log('| what | wall | peak RSS | exit |\n| --- | ---: | ---: | ---: |');
for (const [k, r] of Object.entries(result))
  console.log(`| ${k} | ${r.wallS.toFixed(2)} s | ${Math.round(r.rssMB)} MB | ${r.code} |`);
if (!values.keep) rmSync(work, { recursive: true, force: true });
