/**
 * The whole validation of a dataset (issue 3): coverage geometry (geo/coverage) and the standard's rules
 * (domain/compliance), over the units active at asOf. Shared by the CLI, the app's worker and the planner.
 */
import type { Dataset } from '../domain/types';
import { sortFindings, type Finding } from '../domain/findings';
import { activeFeatures } from '../domain/lineage';
import { datasetAsOf } from '../domain/stats';
import { checkCompliance } from '../domain/compliance';
import { COVERAGE_TOLERANCE_M } from '../domain/rules';
import { assignEnterprises } from './assign';
import { CoverageValidator } from './coverage/validate-coverage';

export interface ValidateOptions {
  /** Pieces narrower than this many metres are dropped. Default COVERAGE_TOLERANCE_M (domain/rules). */
  tolerance?: number;
  /** "Now" when the dataset has no asOf (epoch ms). */
  now: number;
}

export interface ValidationReport {
  ok: boolean;
  tolerance: number;
  asOf: string;
  summary: { grids: number; microGrids: number; enterprises: number; errors: number; warnings: number };
  findings: Finding[];
}

/**
 * @example validateDataset(await loadDataset(folderSource('data/zhihuiwan')), { now: Date.now() })
 */
export function validateDataset(dataset: Dataset, options: ValidateOptions): ValidationReport {
  const tolerance = options.tolerance ?? COVERAGE_TOLERANCE_M;
  const asOf = datasetAsOf(dataset, options.now);
  const communities = dataset.community?.features ?? [];
  const grids = activeFeatures(dataset.grids?.features ?? [], asOf);
  const microGrids = activeFeatures(dataset.microGrids?.features ?? [], asOf);
  const enterprises = dataset.enterprises?.features ?? [];
  const validator = new CoverageValidator({ communities, grids, microGrids }, { tolerance });
  const coverage = validator.findings();
  // Units whose geometry is unusable (wrong type, unclosed ring…) cannot locate enterprises: leave them out.
  const usable = (f: { properties: { code: string } }) => validator.isUsable(f.properties.code);
  const assignment = assignEnterprises(grids.filter(usable), microGrids.filter(usable), enterprises);
  const compliance = checkCompliance(dataset, { assignment, now: options.now });
  const findings = sortFindings([...coverage, ...compliance]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    tolerance,
    asOf: new Date(asOf).toISOString(),
    summary: { grids: grids.length, microGrids: microGrids.length, enterprises: enterprises.length, errors, warnings: findings.length - errors },
    findings,
  };
}
