/** `validate DIR`: coverage and standard-compliance findings of a dataset folder (issue 3). */
import { formatCst } from '../domain/time';
import type { Finding } from '../domain/findings';
import { RULES } from '../domain/findings';
import { validateDataset, type ValidationReport } from '../geo/validate-dataset';
import { loadDataset } from '../io/dataset';
import { folderSource } from '../io/fs-source';

export async function runValidate(dir: string, options: { tolerance?: number } = {}): Promise<ValidationReport> {
  const dataset = await loadDataset(folderSource(dir), {
    require: ['community.geojson', 'grids.geojson'],
    skip: ['basemap.geojson', 'incidents.geojson', 'incidents.csv', 'incidents.bin', 'patrols.geojson', 'patrol-area.json'],
    lenientGeometry: true,
  });
  return validateDataset(dataset, { tolerance: options.tolerance, now: Date.now() });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A planner's reading of the report: a summary line, then findings grouped by rule, errors first.
 * @example formatText(report)
 */
export function formatText(report: ValidationReport): string {
  const { summary } = report;
  const lines = [
    `${report.ok ? 'OK' : 'NOT OK'}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} ` +
      `in ${plural(summary.grids, 'grid')}, ${plural(summary.microGrids, 'micro-grid')}, ${plural(summary.enterprises, 'enterprise')} ` +
      `(tolerance ${report.tolerance} m)`,
  ];
  if (report.dataAsOf) {
    lines.push(`checked at ${formatCst(Date.parse(report.asOf))}, when the planned version takes effect (the data is as of ${formatCst(Date.parse(report.dataAsOf))})`);
  }
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(f);
  for (const [rule, list] of byRule) {
    lines.push('', `${rule} (${RULES[rule as keyof typeof RULES]}, ${list.length}):`);
    for (const f of list) lines.push(`  - ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
