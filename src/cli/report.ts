/**
 * `report DIR [--month YYYY-MM] --out FILE.html|FILE.pdf [--lang zh-CN|en]`: the monthly assessment report
 * (月度考核) of a dataset folder, as one self-contained HTML page (io/report-html) or, through the system's headless
 * Chromium, a PDF (A4 landscape).
 *
 * The figures are `stats --month`'s (loadStats, the same call), the validation `validate`'s (runValidate); what the
 * report shows besides (each grid's overdue count at asOf, validation per grid) is gathered by io/report-data, the
 * same function the analyst screen's 月度报告 runs in its stats worker. Without --month the report is of the last whole month
 * before asOf's month (asOf 2026-11-20 → 2026-10): an assessment is of a finished month.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { datasetAsOf } from '../domain/stats';
import type { Dataset } from '../domain/types';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { folderSource } from '../io/fs-source';
import { defaultReportMonth, reportInput } from '../io/report-data';
import { renderReportHtml, type ReportInput, type ReportLang } from '../io/report-html';
import { loadStats } from './stats';
import { runValidate } from './validate';

// Shared with the analyst screen's report (the stats worker); exported here as the CLI always has.
export { checksByGrid, defaultReportMonth } from '../io/report-data';

/** Wrong usage or an environment that cannot make the report (no Chromium for a PDF): the CLI exits 2. */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

export interface ReportOptions {
  /** "YYYY-MM"; default: the month before the month of asOf (defaultReportMonth). */
  month?: string;
  /** Default 'zh-CN'. */
  lang?: ReportLang;
  /** The generation time shown in the report (epoch ms); default the clock. Also "now" for a dataset without asOf. */
  now?: number;
}

export interface RunReportOptions extends ReportOptions {
  /** The file to write: .html (or .htm) for the page, .pdf to print it with Chromium. */
  out: string;
  /** Where to look for Chromium (findChromium); default the process's environment. */
  chromium?: ChromiumSearch;
}

/** What `report` wrote, and how long it took (the CLI prints it as JSON). */
export interface ReportResult {
  out: string;
  format: 'html' | 'pdf';
  month: string;
  bytes: number;
  /** Pages of the PDF; null for HTML. */
  pages: number | null;
  /** The month-outside-the-data warning of `stats` (monthWarning), or null. */
  warning: string | null;
  /** Milliseconds: loading and computing the figures, rendering the HTML, printing the PDF (null for HTML). */
  ms: { load: number; render: number; pdf: number | null };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** What the report needs besides the stats: outlines, asOf, the synthetic flag, incidents for overdue per grid. */
async function loadShapes(dir: string): Promise<Dataset> {
  try {
    return await loadDataset(folderSource(dir), {
      require: ['grids.geojson'],
      skip: ['basemap.geojson', 'enterprises.geojson', 'members.json', 'patrols.geojson', 'patrol-area.json'],
    });
  } catch (e) {
    // As loadStats names them: the file by its path.
    if (e instanceof DatasetError && !e.message.includes(resolve(dir)) && !e.file.includes('/')) {
      throw new DatasetError(join(resolve(dir), e.file), e.detail, e.where);
    }
    throw e;
  }
}

/**
 * The report's page and the figures it shows, for a dataset folder: `stats --month`'s figures (loadStats, the same
 * call) and `validate`'s findings (runValidate), gathered by io/report-data reportInput, the function the analyst
 * screen's report runs too.
 * @example (await buildReport('data/zhihuiwan', { month: '2026-10' })).html.startsWith('<!doctype html>')
 */
export async function buildReport(
  dir: string,
  options: ReportOptions = {},
): Promise<{
  html: string;
  month: string;
  warning: string | null;
  input: ReportInput;
  ms: { load: number; render: number };
}> {
  if (options.month !== undefined && !MONTH.test(options.month)) {
    throw new ReportError(`--month must be YYYY-MM, got "${options.month}"`);
  }
  const now = options.now ?? Date.now();
  const t0 = performance.now();
  const shapes = await loadShapes(dir);
  const month = options.month ?? defaultReportMonth(datasetAsOf(shapes, now));
  const [run, validation] = await Promise.all([
    loadStats(dir, { month }),
    shapes.community ? runValidate(dir) : Promise.resolve(null),
  ]);
  const { input, warning } = reportInput(
    shapes,
    { stats: run.stats, dataMonths: run.dataMonths, validation },
    { lang: options.lang, now },
  );
  const t1 = performance.now();
  const html = renderReportHtml(input);
  const ms = { load: Math.round(t1 - t0), render: Math.round(performance.now() - t1) };
  return { html, month: run.stats.month, warning, input, ms };
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Where findChromium looks: the environment (CHROMIUM_PATH, PATH) and the fixed paths tried first. */
export interface ChromiumSearch {
  env?: Record<string, string | undefined>;
  /** Default ['/usr/bin/chromium']. */
  paths?: string[];
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium to print with: CHROMIUM_PATH when set (and then only it), else /usr/bin/chromium, else
 * `chromium-browser` or `chromium` on PATH; null when there is none.
 * @example findChromium() // '/usr/bin/chromium'
 */
export function findChromium(search: ChromiumSearch = {}): string | null {
  const env = search.env ?? process.env;
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  for (const p of search.paths ?? ['/usr/bin/chromium']) if (executable(p)) return p;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium-browser', 'chromium']) {
      const p = join(dir, name);
      if (executable(p)) return p;
    }
  }
  return null;
}

/** findChromium's answer, or the ReportError that says how to get one. */
function requireChromium(search?: ChromiumSearch): string {
  const chromium = findChromium(search);
  if (chromium) return chromium;
  const env = (search?.env ?? process.env).CHROMIUM_PATH;
  const where = env ? `CHROMIUM_PATH=${env} is not an executable` : 'no chromium found';
  throw new ReportError(
    `PDF needs Chromium (${where}): apt-get install chromium, or write .html and print it`,
  );
}

/**
 * Pages of a PDF as Chromium writes it (uncompressed page objects): the `/Type /Page` objects.
 * @example pdfPageCount(await readFile('report.pdf')) // 6
 */
export function pdfPageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** Headless Chromium, kept off the network and out of the user's profile, as the e2e tests start it. */
function chromiumArgs(profile: string, pdf: string, html: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-pdf-header-footer',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-default-apps',
    `--user-data-dir=${profile}`,
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ];
}

/**
 * Prints an HTML page to a PDF with headless Chromium; a ReportError when Chromium is missing or fails, or when
 * what it wrote is not a PDF of at least one page. Nothing is written to `pdf` unless it succeeded.
 * @example await printPdf(html, 'report.pdf') // { pages: 6, bytes: 412345 }
 */
export async function printPdf(
  html: string,
  pdf: string,
  search?: ChromiumSearch,
): Promise<{ pages: number; bytes: number }> {
  const chromium = requireChromium(search);
  const work = await mkdtemp(join(tmpdir(), 'gridsight-report-'));
  try {
    const page = join(work, 'report.html');
    const printed = join(work, 'report.pdf');
    await writeFile(page, html);
    await new Promise<void>((done, fail) => {
      execFile(
        chromium,
        chromiumArgs(join(work, 'profile'), printed, page),
        { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return done();
          const last = String(stderr)
            .trim()
            .split('\n')
            .filter((l) => !/dbus|^\[.*:ERROR:/.test(l))
            .pop();
          fail(
            new ReportError(
              `Chromium (${chromium}) could not print the report: ${error.message.split('\n')[0]}${last ? `: ${last}` : ''}`,
            ),
          );
        },
      );
    });
    let bytes: Buffer;
    try {
      bytes = await readFile(printed);
    } catch {
      throw new ReportError(`Chromium (${chromium}) wrote no PDF`);
    }
    const pages = pdfPageCount(bytes);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-' || pages < 1) {
      throw new ReportError(`Chromium (${chromium}) wrote something that is not a PDF of at least one page`);
    }
    await copyFile(printed, pdf);
    return { pages, bytes: bytes.length };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * `report`: the report of a dataset folder written to `out`, as HTML or (".pdf") printed by Chromium.
 * @example await runReport('data/zhihuiwan', { month: '2026-10', out: 'report.pdf' })
 */
export async function runReport(dir: string, options: RunReportOptions): Promise<ReportResult> {
  const ext = extname(options.out).toLowerCase();
  const format: ReportResult['format'] | null =
    ext === '.pdf' ? 'pdf' : ext === '.html' || ext === '.htm' ? 'html' : null;
  if (!format) throw new ReportError(`--out must end in .html or .pdf, got "${options.out}"`);
  // Before the work: a PDF without Chromium is known at once.
  if (format === 'pdf') requireChromium(options.chromium);
  const { html, month, warning, ms } = await buildReport(dir, options);
  const base = { out: options.out, format, month, warning };
  if (format === 'html') {
    await writeFile(options.out, html);
    return { ...base, bytes: Buffer.byteLength(html), pages: null, ms: { ...ms, pdf: null } };
  }
  const t = performance.now();
  const { pages, bytes } = await printPdf(html, options.out, options.chromium);
  return { ...base, bytes, pages, ms: { ...ms, pdf: Math.round(performance.now() - t) } };
}
