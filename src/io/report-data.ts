/**
 * The figures of the monthly assessment report (月度考核) besides the stats JSON, gathered from a dataset in memory:
 * the one function that both `gridsight report` (cli/report, from a folder) and the analyst screen (the stats worker,
 * from the dataset it holds) call, so both write the same page for the same data. Pure: no file system, no DOM.
 *
 * The figures are the stats JSON's (`stats --month`, domain datasetStats) as they are; the only figure computed here
 * is each grid's overdue count at asOf (the stats JSON has it per community, town and in total, not per grid), by
 * the domain's own dueCounts. Validation per grid comes from `validate`'s findings (geo/validate-dataset), counted
 * for every grid a finding names (checksByGrid).
 */
import { isSyntheticDataset } from './print/synthetic';
import type { Finding } from '../domain/findings';
import { datasetIncidents } from '../domain/incident-table';
import { activeFeatures } from '../domain/lineage';
import { formatRate } from '../domain/rate';
import { dueCounts, type Stats } from '../domain/stats';
import { formatCst, monthOf, monthsEnding, parseTime } from '../domain/time';
import type { Areal, Dataset } from '../domain/types';
import type { GridCheck, ReportInput, ReportLang } from './report-html';

/** First and last CST month ("YYYY-MM") in which an incident was reported or a patrol track started. */
export interface MonthSpan {
  first: string;
  last: string;
}

/**
 * The months a dataset's incidents (by reportedAt) and patrol tracks (by startedAt) span, or null with neither.
 * @example dataMonths(dataset) // { first: '2025-12', last: '2026-11' }
 */
export function dataMonths(
  dataset: Pick<Dataset, 'incidents' | 'incidentColumns' | 'patrols'>,
): MonthSpan | null {
  let lo = Infinity;
  let hi = -Infinity;
  const { n, reported } = datasetIncidents(dataset);
  for (let i = 0; i < n; i++) {
    const t = reported[i];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  for (const f of dataset.patrols?.features ?? []) {
    const t = parseTime(f.properties.startedAt);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return lo <= hi ? { first: monthOf(lo), last: monthOf(hi) } : null;
}

/**
 * One line for stderr when `month` lies outside the months the data covers (its figures are then all zeros or
 * "—"), else null. "YYYY-MM" strings compare as months.
 * @example monthWarning('2027-03', { first: '2025-12', last: '2026-11' })
 */
export function monthWarning(month: string, span: MonthSpan | null): string | null {
  if (!span) return `warning: ${month} has no data: the folder has no incidents and no patrol tracks`;
  if (month >= span.first && month <= span.last) return null;
  const covers = span.first === span.last ? span.first : `${span.first} to ${span.last}`;
  return `warning: ${month} has no data: the incidents and patrol tracks cover ${covers}`;
}

/**
 * A moment as "YYYY-MM-DD HH:MM (+08:00)", or the text itself when it is not a time.
 * @example cstMinute('2026-11-20T09:00:00.000Z') // "2026-11-20 17:00 (+08:00)"
 */
export function cstMinute(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = formatCst(t);
  return `${s.slice(0, 10)} ${s.slice(11, 16)} (+08:00)`;
}

/**
 * A rate 0–1 as a percentage with one decimal; null (nothing to count) as "—", never 0 % or 100 % (DOMAIN.md).
 * @example percent(0.7892156862745098) // "78.9 %"
 */
export function percent(rate: number | null | undefined): string {
  // The app's one rate rule (domain/rate), with the space a table (and a terminal) reads better with.
  return formatRate(rate).replace(/%$/, ' %');
}

/**
 * The month a report is of by default: the last whole month before the month of asOf.
 * @example defaultReportMonth(Date.parse('2026-11-20T17:00+08:00')) === '2026-10'
 */
export function defaultReportMonth(asOf: number): string {
  return monthsEnding(monthOf(asOf), 2)[0];
}

/** What the report reads of a finding (a validation report's findings, without their geometry, will do). */
export type ReportFinding = Pick<Finding, 'rule' | 'severity' | 'codes' | 'memberId'> & {
  facts?: Pick<NonNullable<Finding['facts']>, 'roles'>;
};

/** What the report reads of `validate`'s report (geo/validate-dataset ValidationReport). */
export interface ReportFindings {
  asOf: string;
  summary: { errors: number; warnings: number };
  findings: readonly ReportFinding[];
}

/**
 * A validation report cut to what the report reads: no geometry, no message (what the page sends the stats worker).
 * @example reportFindings(validation.report)
 */
export function reportFindings(report: ReportFindings): ReportFindings {
  return {
    asOf: report.asOf,
    summary: { errors: report.summary.errors, warnings: report.summary.warnings },
    findings: report.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      codes: [...f.codes],
      ...(f.memberId !== undefined && { memberId: f.memberId }),
      ...(f.facts?.roles && { facts: { roles: f.facts.roles.map((r) => ({ ...r })) } }),
    })),
  };
}

/**
 * Validation per grid in force: each finding counts for every grid it names, directly or through one of the grid's
 * micro-grids (by the micro-grid's gridCode, revoked ones too); a grid's own `staffing` finding gives its roles.
 * @example checksByGrid(await runValidate(dir), stats.grids.map((g) => g.code), microGrids).get('330424002012010')
 * // { errors: 3, warnings: 1, staffing: [{ role: 'grid-leader', has: 2, needs: 1 }, { role: 'instructor', has: 0, needs: 1 }] }
 */
export function checksByGrid(
  report: { findings: readonly ReportFinding[] },
  gridCodes: Iterable<string>,
  microGrids: readonly { properties: { code: string; gridCode: string } }[],
): Map<string, GridCheck> {
  const out = new Map<string, GridCheck>();
  for (const code of gridCodes) out.set(code, { errors: 0, warnings: 0, staffing: [] });
  const gridOfMicro = new Map<string, string>();
  for (const m of microGrids)
    if (!gridOfMicro.has(m.properties.code)) gridOfMicro.set(m.properties.code, m.properties.gridCode);
  const gridsOf = (f: ReportFinding) => {
    const grids = new Set<string>();
    for (const c of f.codes) {
      if (out.has(c)) grids.add(c);
      else {
        const g = gridOfMicro.get(c);
        if (g !== undefined && out.has(g)) grids.add(g);
      }
    }
    return grids;
  };
  for (const f of report.findings) {
    for (const g of gridsOf(f)) {
      const check = out.get(g)!;
      if (f.severity === 'error') check.errors++;
      else check.warnings++;
      if (
        f.rule === 'staffing' &&
        !f.memberId &&
        f.codes.length === 1 &&
        f.codes[0] === g &&
        f.facts?.roles
      ) {
        check.staffing = f.facts.roles;
      }
    }
  }
  return out;
}

/** The dataset as the report reads it: outlines, asOf, the synthetic flag, and incidents for overdue per grid. */
export type ReportDataset = Pick<
  Dataset,
  'manifest' | 'community' | 'grids' | 'microGrids' | 'incidents' | 'incidentColumns'
>;

export interface ReportDataOptions {
  /** Default 'zh-CN'. */
  lang?: ReportLang;
  /** The generation time shown in the report (epoch ms); default the clock. */
  now?: number;
  /** Why `validation` is null: the dataset has no community.geojson (the default), or no report was at hand. */
  notValidated?: ReportInput['notValidated'];
}

/**
 * Everything the report's page shows (io/report-html renderReportHtml), from the dataset, its stats JSON for the
 * month (domain datasetStats, the very `stats --month` figures), the months its data covers (dataMonths: give the
 * dataset with its patrols) and `validate`'s findings (null when there are none to give).
 * @example renderReportHtml(reportInput(dataset, { stats, dataMonths: dataMonths(dataset), validation }).input)
 */
export function reportInput(
  dataset: ReportDataset,
  figures: { stats: Stats; dataMonths: MonthSpan | null; validation: ReportFindings | null },
  options: ReportDataOptions = {},
): { input: ReportInput; warning: string | null } {
  const { stats, validation } = figures;
  const now = options.now ?? Date.now();
  const asOf = Date.parse(stats.asOf);

  // Overdue at asOf per grid: the stats JSON's own function over each grid's incidents.
  const table = datasetIncidents(dataset);
  const rowsOf = table.gridCodes.map(() => [] as number[]);
  for (let i = 0; i < table.n; i++) rowsOf[table.grid[i]].push(i);
  const rowsByCode = new Map(table.gridCodes.map((code, k) => [code, rowsOf[k]]));
  const overdueByGrid = new Map(
    stats.grids.map((g) => [g.code, dueCounts(table, asOf, rowsByCode.get(g.code) ?? []).overdue]),
  );

  const inForce = new Map<string, Areal>();
  for (const g of activeFeatures(dataset.grids?.features ?? [], asOf)) {
    if (!inForce.has(g.properties.code)) inForce.set(g.properties.code, g.geometry);
  }
  const communityFeatures = dataset.community?.features ?? [];
  const communities = communityFeatures.map((f) => ({ code: f.properties.code, geometry: f.geometry }));
  const synthetic = isSyntheticDataset(dataset);
  const warning = monthWarning(stats.month, figures.dataMonths);
  const input: ReportInput = {
    lang: options.lang ?? 'zh-CN',
    name:
      communityFeatures.length === 1
        ? communityFeatures[0].properties.name
        : stats.dataset || communityFeatures[0]?.properties.name || '—',
    stats,
    monthHasData: warning === null,
    dataMonths: figures.dataMonths,
    asOfText: cstMinute(stats.asOf),
    generatedText: cstMinute(new Date(now).toISOString()),
    synthetic,
    percent,
    overdueByGrid,
    validation: validation && {
      asOfText: cstMinute(validation.asOf),
      errors: validation.summary.errors,
      warnings: validation.summary.warnings,
      byGrid: checksByGrid(
        validation,
        stats.grids.map((g) => g.code),
        dataset.microGrids?.features ?? [],
      ),
    },
    ...(options.notValidated && { notValidated: options.notValidated }),
    shapes: { grids: inForce, communities },
  };
  return { input, warning };
}
