/**
 * The whole validation of a dataset (issue 3): coverage geometry (geo/coverage) and the standard's rules
 * (domain/compliance), over the units active at asOf (a planned version's: from the day it takes effect, see
 * lineage checkMoment). Shared by the CLI, the app's worker and the planner.
 */
import type { Dataset } from '../domain/types';
import { finding, sortFindings, type Finding } from '../domain/findings';
import { geometryFaultOf } from '../domain/geometry-fault';
import { activeFeatures, checkMoment } from '../domain/lineage';
import { datasetAsOf, datasetAt } from '../domain/stats';
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
  /** The moment the units were checked at: the data's asOf, or a planned version's effective date (checkMoment). */
  asOf: string;
  /** The data's own asOf, when the units were checked at a later moment (a planned version). */
  dataAsOf?: string;
  summary: { grids: number; microGrids: number; enterprises: number; errors: number; warnings: number };
  findings: Finding[];
}

/**
 * @example validateDataset(await loadDataset(folderSource('data/zhihuiwan')), { now: Date.now() })
 */
export function validateDataset(dataset: Dataset, options: ValidateOptions): ValidationReport {
  const tolerance = options.tolerance ?? COVERAGE_TOLERANCE_M;
  const dataAsOf = datasetAsOf(dataset, options.now);
  // A planned version is checked from the day it takes effect (lineage checkMoment), as the planner checked it.
  const asOf = checkMoment([...(dataset.grids?.features ?? []), ...(dataset.microGrids?.features ?? [])], dataAsOf);
  if (asOf !== dataAsOf) dataset = datasetAt(dataset, asOf);
  const communities = dataset.community?.features ?? [];
  const grids = activeFeatures(dataset.grids?.features ?? [], asOf);
  const microGrids = activeFeatures(dataset.microGrids?.features ?? [], asOf);
  const enterprises = dataset.enterprises?.features ?? [];
  // Units read with malformed geometry (src/io/schema, lenientGeometry) have none left to check: each is one
  // invalid-geometry finding, and stays out of coverage and point location like any other unusable unit.
  const faults = [
    ...malformed('community', communities),
    ...malformed('grid', grids),
    ...malformed('micro-grid', microGrids),
  ];
  const readable = <F extends object>(f: F) => !geometryFaultOf(f);
  const validator = new CoverageValidator(
    { communities: communities.filter(readable), grids: grids.filter(readable), microGrids: microGrids.filter(readable) },
    { tolerance },
  );
  const coverage = validator.findings();
  // Units whose geometry is unusable (wrong type, unclosed ring…) cannot locate enterprises: leave them out.
  const usable = (f: object) => readable(f) && validator.isUsableUnit(f);
  const assignment = assignEnterprises(grids.filter(usable), microGrids.filter(usable), enterprises);
  const compliance = checkCompliance(dataset, { assignment, now: options.now });
  const findings = sortFindings([...faults, ...coverage, ...compliance]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    tolerance,
    asOf: new Date(asOf).toISOString(),
    ...(asOf !== dataAsOf ? { dataAsOf: new Date(dataAsOf).toISOString() } : {}),
    summary: { grids: grids.length, microGrids: microGrids.length, enterprises: enterprises.length, errors, warnings: findings.length - errors },
    findings,
  };
}

/** One invalid-geometry finding per unit whose geometry could not be read (domain/geometry-fault). */
function malformed(kind: string, units: readonly { properties: { code: string } }[]): Finding[] {
  const out: Finding[] = [];
  for (const u of units) {
    const fault = geometryFaultOf(u);
    if (!fault) continue;
    const code = u.properties.code;
    out.push(
      finding('invalid-geometry', {
        codes: [code],
        geometry: null,
        message: `${kind} ${code}: ${fault.message} (${fault.file}, feature ${fault.index})`,
      }),
    );
  }
  return out;
}
