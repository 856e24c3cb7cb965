/**
 * `gridsight report`: the monthly assessment report (月度考核). Its numbers are the stats JSON's (every grid, town and
 * community row is read back out of the HTML and compared with `loadStats(dir, { month })`), the names in it are
 * text and never HTML, the page requests nothing and runs nothing, and `.pdf` is printed by Chromium.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  checksByGrid,
  defaultReportMonth,
  findChromium,
  pdfPageCount,
  ReportError,
  runReport,
} from '../../../src/cli/report';
import { loadStats } from '../../../src/cli/stats';
import { percent } from '../../../src/cli/stats-text';
import { runValidate } from '../../../src/cli/validate';
import { HELP } from '../../../src/cli/main';
import type { Finding } from '../../../src/domain/findings';
import type { Rate } from '../../../src/domain/rate';
import { PATROL_COVERAGE_TARGET } from '../../../src/domain/rules';
import type { Stats } from '../../../src/domain/stats';
import { INCIDENT_CATEGORIES } from '../../../src/domain/types';
import { DatasetError } from '../../../src/io/errors';
import { CLI_BIN } from './run-cli';

const MONTH = '2026-10';
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gridsight-report-test-'));
  temps.push(d);
  return d;
}

// ── Reading the HTML back ────────────────────────────────────────────────────────────────────────────────────────

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The rows of the tables whose class starts with `tableClass`, keyed by the row's `attr` value: each its keyed cells. */
function rowsOf(
  html: string,
  attr: 'data-grid' | 'data-unit',
  tableClass?: string,
): Map<string, Record<string, string>[]> {
  const out = new Map<string, Record<string, string>[]>();
  const tables = [...html.matchAll(/<table class="([^"]*)">([\s\S]*?)<\/table>/g)].filter(
    ([, cls]) => tableClass === undefined || cls === tableClass,
  );
  for (const [, , body] of tables) {
    for (const [, key, cells] of body.matchAll(new RegExp(`<tr ${attr}="([^"]*)">([\\s\\S]*?)</tr>`, 'g'))) {
      const row: Record<string, string> = {};
      for (const [, k, text] of cells.matchAll(/<td data-k="([^"]+)"[^>]*>([^<]*)<\/td>/g))
        row[k] = unescape(text);
      const list = out.get(unescape(key)) ?? [];
      list.push(row);
      out.set(unescape(key), list);
    }
  }
  return out;
}

/** Every keyed cell of a grid across the report's tables (the main one and the categories'), checked to agree. */
function gridCells(html: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [code, rows] of rowsOf(html, 'data-grid')) {
    const merged: Record<string, string> = {};
    for (const r of rows)
      for (const [k, v] of Object.entries(r)) {
        if (k in merged) expect(v, `${code} ${k} differs between tables`).toBe(merged[k]);
        merged[k] = v;
      }
    out.set(code, merged);
  }
  return out;
}

type Grid = Stats['grids'][number];
type Totals = Stats['totals'];

/** What a grid's row must say: the stats JSON's figures, rates through stats-text's percent. */
function expectedGrid(g: Grid, yes: string, no: string): Record<string, string> {
  return {
    code: g.code,
    name: g.name,
    enterprises: String(g.enterprises),
    total: String(g.incidents.total),
    level1: String(g.incidents.byLevel['1']),
    level2: String(g.incidents.byLevel['2']),
    level3: String(g.incidents.byLevel['3']),
    level4: String(g.incidents.byLevel['4']),
    closed: String(g.incidents.closed),
    closureRate: percent(g.closureRate),
    onTimeRate: percent(g.onTimeRate),
    enterpriseCoverage: percent(g.patrol.enterpriseCoverage),
    areaCoverage: percent(g.patrol.areaCoverage),
    leaderPatrolled: g.patrol.leaderPatrolled ? yes : no,
    ...Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [`cat-${c}`, String(g.incidents.byCategory[c])])),
  };
}

function expectedUnit(t: Totals): Record<string, string> {
  const m = t.incidents.month;
  return {
    grids: String(t.grids),
    enterprises: String(t.enterprises.total),
    total: String(m.total),
    level1: String(m.byLevel['1']),
    level2: String(m.byLevel['2']),
    level3: String(m.byLevel['3']),
    level4: String(m.byLevel['4']),
    closed: String(m.closed),
    closureRate: percent(m.closureRate),
    onTimeRate: percent(m.onTimeRate),
    overdue: String(t.incidents.overdue),
    nearDue: String(t.incidents.nearDue),
    enterpriseCoverage: percent(t.patrol.enterpriseCoverage),
    areaCoverage: percent(t.patrol.areaCoverage),
    leaderPatrolled: `${t.patrol.leaderPatrolledGrids}/${t.grids}`,
    ...Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [`cat-${c}`, String(m.byCategory[c])])),
  };
}

/** The documented order: closure rate high to low, then on-time rate, null after any number, then code. */
function documentedOrder(grids: readonly Grid[]): string[] {
  const desc = (a: Rate, b: Rate) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);
  return [...grids]
    .sort(
      (a, b) =>
        desc(a.closureRate, b.closureRate) ||
        desc(a.onTimeRate, b.onTimeRate) ||
        a.code.localeCompare(b.code),
    )
    .map((g) => g.code);
}

/** The report's numbers against the stats JSON: every grid once, every cell, the units, the order and the ranks. */
async function checkAgainstStats(dir: string, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const [{ html }, run] = await Promise.all([
    buildReport(dir, { month: MONTH, lang }),
    loadStats(dir, { month: MONTH }),
  ]);
  const { stats } = run;
  const [yes, no] = lang === 'en' ? ['yes', 'no'] : ['是', '否'];
  const main = rowsOf(html, 'data-grid', 'grids');
  expect([...main.keys()].sort()).toEqual(stats.grids.map((g) => g.code).sort());
  for (const [code, rows] of main) expect(rows, code).toHaveLength(1);
  const cells = gridCells(html);
  for (const g of stats.grids) {
    const row = cells.get(g.code)!;
    const want = expectedGrid(g, yes, no);
    for (const [k, v] of Object.entries(want)) expect(row[k], `${dir} grid ${g.code} ${k}`).toBe(v);
  }
  // Overdue at asOf per grid adds up to the community's (the data names no revoked grid).
  const overdue = (codes: string[]) => codes.reduce((s, c) => s + Number(cells.get(c)!.overdue), 0);
  for (const c of stats.communities) expect(overdue(c.gridCodes), c.code).toBe(c.incidents.overdue);

  // The units: the total, and with several communities every town and community.
  const units = rowsOf(html, 'data-unit');
  const expectedUnits = new Map<string, Totals>([['total', stats.totals]]);
  if (stats.communities.length > 1) {
    for (const t of stats.towns) expectedUnits.set(`town:${t.code}`, t);
    for (const c of stats.communities) expectedUnits.set(`community:${c.code}`, c);
  }
  expect([...units.keys()].sort()).toEqual([...expectedUnits.keys()].sort());
  for (const [id, t] of expectedUnits) {
    const merged = Object.assign({}, ...units.get(id)!);
    for (const [k, v] of Object.entries(expectedUnit(t))) expect(merged[k], `${dir} ${id} ${k}`).toBe(v);
  }

  // Each grid table is in the documented order, and ranks are 1-based positions, shared by equal rates.
  const tables = [...html.matchAll(/<table class="grids">([\s\S]*?)<\/table>/g)].map(([, body]) =>
    [...body.matchAll(/<tr data-grid="([^"]*)">/g)].map(([, code]) => code),
  );
  expect(tables.length).toBe(Math.max(1, stats.communities.length));
  const byCode = new Map(stats.grids.map((g) => [g.code, g]));
  for (const codes of tables) {
    expect(codes).toEqual(documentedOrder(codes.map((c) => byCode.get(c)!)));
    codes.forEach((code, i) => {
      const g = byCode.get(code)!;
      const prev = i > 0 ? byCode.get(codes[i - 1])! : null;
      const tied = prev && prev.closureRate === g.closureRate && prev.onTimeRate === g.onTimeRate;
      const rank = tied ? Number(cells.get(prev.code)!.rank) : i + 1;
      expect(Number(cells.get(code)!.rank), code).toBe(rank);
    });
  }
  return { html, stats };
}

// ── The numbers ──────────────────────────────────────────────────────────────────────────────────────────────────

describe('report: every number is the stats JSON', () => {
  it('data/haiyan-mini (3 communities, 2 towns): every grid, town and community row', async () => {
    const { html, stats } = await checkAgainstStats('data/haiyan-mini');
    expect(stats.communities).toHaveLength(3);
    expect(stats.towns).toHaveLength(2);
    // A section per community, each starting a printed page.
    expect(html.match(/<section class="community" data-community="\d{12}">/g)).toHaveLength(3);
    expect(html).toMatch(/section\.community[^{]*\{[^}]*break-before: page/);
  });

  it('data/zhihuiwan (one community): every grid row, and the summary total', async () => {
    const { html, stats } = await checkAgainstStats('data/zhihuiwan');
    expect(stats.communities).toHaveLength(1);
    expect(html).not.toContain('<section class="community"');
    expect(html).toContain('<title>智汇湾工业社区 网格化服务管理月度考核 2026年10月</title>');
  });

  it('--lang en: the same numbers under English labels', async () => {
    const { html } = await checkAgainstStats('data/zhihuiwan', 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('monthly assessment of grid service management, October 2026');
  });

  it('marks patrol coverage under the 95 % target, and only that', async () => {
    const { html } = await buildReport('data/zhihuiwan', { month: MONTH });
    const { stats } = await loadStats('data/zhihuiwan', { month: MONTH });
    const classOf = new Map<string, string>();
    for (const [, code, cells] of html.matchAll(/<tr data-grid="([^"]*)">([\s\S]*?)<\/tr>/g)) {
      const m = /<td data-k="enterpriseCoverage" class="([^"]*)"/.exec(cells);
      if (m) classOf.set(code, m[1]);
    }
    let below = 0;
    for (const g of stats.grids) {
      const under =
        g.patrol.enterpriseCoverage !== null && g.patrol.enterpriseCoverage < PATROL_COVERAGE_TARGET;
      if (under) below++;
      expect(classOf.get(g.code)!.split(' ').includes('below'), g.code).toBe(under);
    }
    expect(below).toBeGreaterThan(0); // the bundled data has an under-patrolled grid in October
  });

  it('without --month: the last whole month before asOf', async () => {
    expect(defaultReportMonth(Date.parse('2026-11-20T17:00:00+08:00'))).toBe('2026-10');
    expect(defaultReportMonth(Date.parse('2026-01-01T00:30:00+08:00'))).toBe('2025-12');
    const { month, input } = await buildReport('data/zhihuiwan');
    expect(month).toBe('2026-10');
    expect(input.stats.month).toBe('2026-10');
  });

  it('a month without data: zeros and "—", a notice, no error', async () => {
    const { html, warning, input } = await buildReport('data/zhihuiwan', { month: '2020-01' });
    expect(warning).toMatch(/2020-01 has no data/);
    expect(html).toContain('2020-01 没有事件和巡查记录');
    const cells = gridCells(html);
    expect(cells.size).toBe(input.stats.grids.length);
    for (const [code, row] of cells) {
      expect(row.total, code).toBe('0');
      expect(row.closureRate, code).toBe('—');
      expect(row.onTimeRate, code).toBe('—');
      expect(row.enterpriseCoverage, code).toBe('0.0 %');
      expect(row.leaderPatrolled, code).toBe('否');
    }
    expect(Object.assign({}, ...rowsOf(html, 'data-unit').get('total')!).closureRate).toBe('—');
  });
});

// ── Validation and staffing ──────────────────────────────────────────────────────────────────────────────────────

describe('report: validation per grid', () => {
  it("data/zhihuiwan-defects: each grid's errors and warnings, and the staffing verdict, from validate's report", async () => {
    const dir = 'data/zhihuiwan-defects';
    const [{ html, input }, report] = await Promise.all([
      buildReport(dir, { month: MONTH }),
      runValidate(dir),
    ]);
    const micro = JSON.parse(readFileSync(join(dir, 'microgrids.geojson'), 'utf8')) as {
      features: { properties: { code: string; gridCode: string } }[];
    };
    const gridOf = new Map(micro.features.map((f) => [f.properties.code, f.properties.gridCode]));
    const codes = new Set(input.stats.grids.map((g) => g.code));
    const want = new Map([...codes].map((c) => [c, { errors: 0, warnings: 0 }]));
    for (const f of report.findings) {
      const grids = new Set(
        f.codes.map((c) => (codes.has(c) ? c : gridOf.get(c))).filter((c) => c && codes.has(c)),
      );
      for (const g of grids) want.get(g!)![f.severity === 'error' ? 'errors' : 'warnings']++;
    }
    const cells = gridCells(html);
    let flagged = 0;
    for (const [code, w] of want) {
      const text = cells.get(code)!.validation;
      if (!w.errors && !w.warnings) expect(text, code).toBe('通过');
      else {
        flagged++;
        expect(text, code).toBe(
          [w.errors ? `错误 ${w.errors}` : '', w.warnings ? `警告 ${w.warnings}` : '']
            .filter(Boolean)
            .join(' · '),
        );
      }
    }
    expect(flagged).toBeGreaterThan(3);
    expect(html).toContain(`错误 ${report.summary.errors} 项，警告 ${report.summary.warnings} 项`);
    // The grid whose staffing is off (2 grid leaders, no instructor), in the validator's own counts.
    const staffing = report.findings.filter((f) => f.rule === 'staffing' && !f.memberId);
    expect(staffing.length).toBeGreaterThan(0);
    for (const g of input.stats.grids) {
      const own = staffing.find((f) => f.codes.length === 1 && f.codes[0] === g.code);
      const cell = cells.get(g.code)!.staffing;
      if (!own) expect(cell, g.code).toBe('是');
      else {
        expect(cell, g.code).toMatch(/^否：/);
        for (const r of own.facts!.roles!)
          expect(cell).toContain(`${r.role === 'grid-leader' ? '网格长' : '指导员'} ${r.has}`);
      }
    }
  });

  it('checksByGrid: a finding counts once for each grid it names, directly or through a micro-grid', () => {
    const f = (
      rule: Finding['rule'],
      severity: Finding['severity'],
      codes: string[],
      extra: Partial<Finding> = {},
    ) => ({ rule, severity, codes, message: '', geometry: null, ...extra }) as Finding;
    const checks = checksByGrid(
      {
        findings: [
          f('grid-overlap', 'error', ['A', 'B']),
          f('microgrid-composition', 'warning', ['A001']),
          f('code-parent', 'error', ['A001', 'A']), // the micro-grid is A's: A once
          f('staffing', 'error', ['B'], { facts: { roles: [{ role: 'instructor', has: 0, needs: 1 }] } }),
          f('staffing', 'error', ['B', 'B001'], { memberId: 'm1' }), // a member's finding: no staffing verdict
          f('grid-gap', 'error', []),
          f('code-duplicate', 'error', ['Z']), // a grid not in force
        ],
      },
      ['A', 'B', 'C'],
      [{ properties: { code: 'A001', gridCode: 'A' } }, { properties: { code: 'B001', gridCode: 'B' } }],
    );
    expect(Object.fromEntries(checks)).toEqual({
      A: { errors: 2, warnings: 1, staffing: [] },
      B: { errors: 3, warnings: 0, staffing: [{ role: 'instructor', has: 0, needs: 1 }] },
      C: { errors: 0, warnings: 0, staffing: [] },
    });
  });
});

// ── Hostile names, CSP, nothing outside ──────────────────────────────────────────────────────────────────────────

describe('report: names are text, the page runs nothing and fetches nothing', () => {
  const XSS_GRID = '<img src=x onerror=alert(1)>';
  const XSS_COMMUNITY = `</title><script>alert("c")</script>`;
  const XSS_DATASET = `</title><script>alert('d')</script> & "q"`;
  let html = '';
  let gridCode = '';

  beforeAll(async () => {
    const dir = join(tempDir(), 'dataset');
    cpSync('data/haiyan-mini', dir, { recursive: true });
    const grids = JSON.parse(readFileSync(join(dir, 'grids.geojson'), 'utf8'));
    gridCode = grids.features[0].properties.code;
    grids.features[0].properties.name = XSS_GRID;
    writeFileSync(join(dir, 'grids.geojson'), JSON.stringify(grids));
    const community = JSON.parse(readFileSync(join(dir, 'community.geojson'), 'utf8'));
    community.features[0].properties.name = XSS_COMMUNITY;
    writeFileSync(join(dir, 'community.geojson'), JSON.stringify(community));
    const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'));
    manifest.name = XSS_DATASET;
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify(manifest));
    html = (await buildReport(dir, { month: MONTH })).html;
  });

  it('escapes & < > " \' in every name: the grid, the community and the dataset (in <title> too)', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/<\/title>\s*<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;');
    const title = /<title>([^<]*)<\/title>/.exec(html)![1];
    expect(unescape(title)).toBe(`${XSS_DATASET} 网格化服务管理月度考核 2026年10月`);
    expect(title).toContain(
      '&lt;/title&gt;&lt;script&gt;alert(&#39;d&#39;)&lt;/script&gt; &amp; &quot;q&quot;',
    );
    // The renamed grid's row reads the name back exactly; the map's and charts' titles carry it escaped.
    expect(gridCells(html).get(gridCode)!.name).toBe(XSS_GRID);
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBeGreaterThanOrEqual(4);
    expect(html).toMatch(/<h3>&lt;\/title&gt;&lt;script&gt;/);
  });

  it('has the strict CSP meta before anything else, and no script, no URL, no src or href', () => {
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain(CSP);
    expect(head.indexOf(CSP)).toBeLessThan(head.indexOf('<title>'));
    expect(head.indexOf(CSP)).toBeLessThan(head.indexOf('<style>'));
    for (const page of [html]) {
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/https?:/i);
      expect(page).not.toMatch(/\burl\(/i);
      expect(page).not.toMatch(/@import/i);
      // No tag carries an address or an event handler (escaped text has no "<", so these are tags only).
      for (const [tag] of page.matchAll(/<[a-z][^>]*>/gi)) {
        expect(tag).not.toMatch(/\s(src|href|xlink:href|srcset|action|formaction|on[a-z]+)=/i);
      }
    }
  });

  it('prints A4 landscape with Chinese fonts and rows kept whole', () => {
    expect(html).toContain('@page { size: A4 landscape; margin: 12mm; }');
    expect(html).toContain('font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif');
    expect(html).toMatch(/tr \{ break-inside: avoid; page-break-inside: avoid; \}/);
  });
});

describe('report: the synthetic-data notice', () => {
  it('shows 模拟数据 when community.geojson says synthetic, and not otherwise', async () => {
    expect((await buildReport('data/zhihuiwan', { month: MONTH })).html).toContain('<b>模拟数据</b>');
    const dir = join(tempDir(), 'dataset');
    cpSync('data/zhihuiwan', dir, { recursive: true, filter: (p) => !p.endsWith('basemap.geojson') });
    const community = JSON.parse(readFileSync(join(dir, 'community.geojson'), 'utf8'));
    for (const f of community.features) delete f.properties.synthetic;
    writeFileSync(join(dir, 'community.geojson'), JSON.stringify(community));
    const manifest = JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'));
    delete manifest.synthetic;
    manifest.files = manifest.files.filter((f: string) => f !== 'basemap.geojson');
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify(manifest));
    expect((await buildReport(dir, { month: MONTH })).html).not.toContain('模拟数据');
  });
});

// ── Writing: HTML, PDF, errors ───────────────────────────────────────────────────────────────────────────────────

describe('report: writing the file', () => {
  it('writes the HTML to --out and says what it wrote', async () => {
    const out = join(tempDir(), 'report.html');
    const r = await runReport('data/zhihuiwan', { month: MONTH, out });
    expect(r).toMatchObject({ out, format: 'html', month: MONTH, pages: null, warning: null });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect(r.bytes).toBe(Buffer.byteLength(text));
  });

  it.skipIf(!findChromium())(
    'prints a PDF with Chromium: %PDF-, one page or more, the pages counted',
    async () => {
      const out = join(tempDir(), 'report.pdf');
      const r = await runReport('data/zhihuiwan', { month: MONTH, out });
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(r.format).toBe('pdf');
      expect(r.pages).toBe(pdfPageCount(pdf));
      // A summary, the grids' table, their charts and categories, the definitions: more than one A4 page.
      expect(r.pages).toBeGreaterThanOrEqual(2);
      expect(r.bytes).toBe(pdf.length);
      expect(r.ms.pdf).toBeGreaterThan(0);
    },
    120_000,
  );

  it('without Chromium, a .pdf is a ReportError saying how to get one, before any work and with nothing written', async () => {
    const out = join(tempDir(), 'report.pdf');
    const none = runReport('data/zhihuiwan', {
      month: MONTH,
      out,
      chromium: { env: { PATH: '' }, paths: [] },
    });
    await expect(none).rejects.toThrow(ReportError);
    await expect(none).rejects.toThrow(
      'PDF needs Chromium (no chromium found): apt-get install chromium, or write .html and print it',
    );
    const named = runReport('data/zhihuiwan', {
      month: MONTH,
      out,
      chromium: { env: { CHROMIUM_PATH: '/nonexistent/chromium' } },
    });
    await expect(named).rejects.toThrow('CHROMIUM_PATH=/nonexistent/chromium is not an executable');
    expect(existsSync(out)).toBe(false);
  });

  it('findChromium: CHROMIUM_PATH, else the fixed paths, else chromium-browser or chromium on PATH', () => {
    const bin = tempDir();
    const exe = join(bin, 'chromium-browser');
    writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    expect(findChromium({ env: { PATH: bin }, paths: [] })).toBe(exe);
    expect(findChromium({ env: { PATH: bin, CHROMIUM_PATH: exe }, paths: ['/nonexistent'] })).toBe(exe);
    expect(findChromium({ env: { PATH: '' }, paths: [exe] })).toBe(exe);
    expect(findChromium({ env: { PATH: '/nonexistent' }, paths: [] })).toBeNull();
  });

  it('pdfPageCount counts page objects, not the page tree', () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n<< /Type /Pages /Count 2 >>\n<< /Type /Page >>\n<</Type/Page/Parent 1 0 R>>\n',
    );
    expect(pdfPageCount(pdf)).toBe(2);
    expect(pdfPageCount(Buffer.from('%PDF-1.4\n<< /Type /Pages /Count 0 >>'))).toBe(0);
  });

  it("bad usage is a ReportError; an unreadable folder is the loader's DatasetError, named by its path", async () => {
    const dir = tempDir();
    await expect(runReport('data/zhihuiwan', { out: join(dir, 'r.docx') })).rejects.toThrow(
      /--out must end in \.html or \.pdf/,
    );
    await expect(runReport('data/zhihuiwan', { month: '2026-13', out: join(dir, 'r.html') })).rejects.toThrow(
      ReportError,
    );
    const empty = join(dir, 'empty');
    cpSync('data/zhihuiwan/community.geojson', join(empty, 'community.geojson'));
    const err = await runReport(empty, { out: join(dir, 'r.html') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain('grids.geojson');
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });
});

// Runs once main.ts has the `report` command wired in (its HELP names it): the exit codes a script sees.
describe.skipIf(!HELP.includes('report DIR'))('gridsight report (the CLI)', () => {
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('exit 0 with a JSON summary; exit 2 for a .pdf without Chromium, for bad usage and for a missing folder', () => {
    const dir = tempDir();
    const ok = run(['report', 'data/zhihuiwan', '--month', MONTH, '--out', join(dir, 'r.html')]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'html', month: MONTH });
    const pdf = run(['report', 'data/zhihuiwan', '--out', join(dir, 'r.pdf')], {
      CHROMIUM_PATH: '/nonexistent/chromium',
    });
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(
      /^gridsight: PDF needs Chromium .*apt-get install chromium, or write \.html and print it\n$/,
    );
    expect(run(['report', 'data/zhihuiwan', '--month', '2026-1', '--out', join(dir, 'x.html')]).code).toBe(2);
    expect(run(['report', 'data/zhihuiwan']).code).toBe(2);
    expect(run(['report', join(dir, 'missing'), '--out', join(dir, 'x.html')]).code).toBe(2);
  });
});
