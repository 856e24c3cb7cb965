/**
 * `plan apply DIR --ops OPS.json --out OUTDIR` (issue 11): applies a list of planner operations to a dataset folder
 * with the app's engine (geo/plan) and writes the new version: every contract file, history kept, plus changes.json.
 * Nothing is written when an operation cannot apply; the validation of the result decides the exit code (0 clean,
 * 1 errors, the folder still written).
 */
import { copyFile, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, isAbsolute } from 'node:path';
import { DATASET_FILES, type DatasetFile } from '../domain/types';
import type { Finding } from '../domain/findings';
import { parseOps } from '../domain/plan/parse-ops';
import { PlanError, type Changes, type GridFigures, type PlanStatus } from '../domain/plan/types';
import { PlanSession } from '../geo/plan/session';
import { loadDataset } from '../io/dataset';
import { folderSource } from '../io/fs-source';
import { datasetFiles } from '../io/plan/dataset-files';

/** Files a plan never changes: copied byte for byte (a county's incidents.csv is hundreds of MB). */
const UNTOUCHED: DatasetFile[] = ['incidents.geojson', 'incidents.csv', 'incidents.bin', 'patrols.geojson', 'basemap.geojson', 'basemap.pmtiles'];

export interface PlanApplyOptions {
  ops: string;
  out: string;
  effective?: string;
}

export interface PlanApplyResult {
  status: PlanStatus;
  changes: Changes;
  operations: number;
  effective: string;
}

/** The folder's own copy of a file, refused when it leads outside the folder or is not a regular file. */
async function insideFile(root: string, file: string): Promise<string> {
  const real = await realpath(join(root, file));
  const rel = relative(await realpath(root), real);
  if (rel.startsWith('..') || isAbsolute(rel) || !(await stat(real)).isFile()) {
    throw new PlanError(`${file} in ${root} is not a regular file of the folder`);
  }
  return real;
}

/**
 * @example await runPlanApply('data/zhihuiwan', { ops: 'ops.json', out: 'out/zhihuiwan-v2' })
 */
export async function runPlanApply(dir: string, options: PlanApplyOptions): Promise<PlanApplyResult> {
  const root = resolve(dir);
  const out = resolve(options.out);
  if (out === root) throw new PlanError(`--out must be another folder than the dataset (${dir}): the source is never overwritten`);
  let opsText: string;
  try {
    opsText = await readFile(options.ops, 'utf8');
  } catch (e) {
    throw new PlanError(`${options.ops}: could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const ops = parseOps(opsText, basename(options.ops));
  const source = folderSource(dir);
  const manifest = await source.manifest();
  // patrol-area.json is neither read nor copied: figures of the old grids (`gridsight pack` computes the new ones).
  const dataset = await loadDataset(source, { require: ['community.geojson', 'grids.geojson'], skip: [...UNTOUCHED, 'patrol-area.json'] });
  const session = new PlanSession(dataset, { now: Date.now(), effective: options.effective });
  const author = { who: 'gridsight plan apply', at: new Date().toISOString() };
  ops.forEach((op, i) => {
    try {
      session.apply(op, author);
    } catch (e) {
      if (e instanceof PlanError) {
        const at = e.at ? ` (at [${e.at[0]}, ${e.at[1]}])` : '';
        throw new PlanError(`${basename(options.ops)}: item ${i + 1} (${op.op}): ${e.message}${at}`, e.at);
      }
      throw e;
    }
  });
  const status = session.status();
  const files = datasetFiles(session.dataset(), { verbatim: new Map([['community.geojson', await source.read('community.geojson')]]) });
  const copied = UNTOUCHED.filter((f) => manifest.files.includes(f));
  const sources = await Promise.all(copied.map((f) => insideFile(root, f)));
  // dataset.json lists every file of the new folder, the copied ones included, in the contract's order.
  const written = JSON.parse(files.get('dataset.json')!) as { files: DatasetFile[] };
  written.files = DATASET_FILES.filter((f) => written.files.includes(f) || copied.includes(f));
  files.set('dataset.json', `${JSON.stringify(written, null, 2)}\n`);
  files.set('changes.json', `${JSON.stringify(status.changes, null, 2)}\n`);

  // Everything is computed: only now does anything touch OUTDIR.
  await mkdir(out, { recursive: true });
  for (const [name, text] of files) await writeFile(join(out, name), text);
  for (let i = 0; i < copied.length; i++) await copyFile(sources[i], join(out, copied[i]));
  return { status, changes: status.changes, operations: ops.length, effective: session.effective };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const codes = (list: string[], max = 8) => (list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`);

function figuresText(f: GridFigures | null): string {
  if (!f) return '—';
  const staff = Object.values(f.staff).join('/');
  return `${f.enterprises} enterprises (${f.above} above-size), ${f.microGrids} micro-grids (${f.parks} parks), ${f.area} m², staff ${staff}`;
}

/**
 * A planner's reading of the result: what changed, where enterprises went, each grid before → after, validation.
 * @example formatPlanText(result, 'out/v2')
 */
export function formatPlanText(r: PlanApplyResult, out: string): string {
  const c = r.changes;
  const lines = [
    `${plural(r.operations, 'operation')} applied, effective ${r.effective}; written to ${out}`,
    `added: ${c.added.length ? codes(c.added) : 'none'}`,
    `retired: ${c.retired.length ? codes(c.retired) : 'none'}`,
    `reshaped: ${c.reshaped.length ? codes(c.reshaped) : 'none'}`,
  ];
  const flows = new Map<string, number>();
  for (const m of c.moves) {
    const key = `${m.from ?? '(no grid)'} → ${m.to ?? '(no grid)'}`;
    flows.set(key, (flows.get(key) ?? 0) + 1);
  }
  lines.push(`enterprises moved: ${c.moves.length}`);
  for (const [key, n] of [...flows].sort((a, b) => b[1] - a[1])) lines.push(`  ${plural(n, 'enterprise')} ${key}`);
  if (c.grids.length) lines.push('grids before → after (staff: grid leader/full-time/part-time/instructor):');
  for (const g of c.grids) lines.push(`  ${g.code}: ${figuresText(g.before)} → ${figuresText(g.after)}`);
  const s = r.status;
  lines.push(`validation: ${s.errors ? 'NOT OK' : 'OK'}, ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`);
  const byRule = new Map<string, Finding[]>();
  for (const f of s.findings) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(f);
  for (const [rule, list] of byRule) {
    lines.push(`  ${rule} (${list[0].severity}, ${list.length}):`);
    for (const f of list.slice(0, 10)) lines.push(`    - ${f.message}`);
    if (list.length > 10) lines.push(`    … and ${list.length - 10} more`);
  }
  return `${lines.join('\n')}\n`;
}
