/**
 * Standard-compliance rules of issue 3 that need no geometry beyond "which unit holds this point": codes, sizing,
 * placement, credit codes and staffing. Coverage rules (overlaps, gaps, spill-over) live in geo/coverage.
 * src/domain imports nothing from src/geo: the caller passes the enterprise assignment in.
 */
import type { Dataset, MemberRole } from '../types';
import { sortFindings, type Finding } from '../findings';
import { datasetAsOf } from '../stats';
import { checkCodeDuplicates, checkCodeFormat, checkCodeParents } from './check-codes';
import { checkGridEnterpriseCount, checkMicroGridComposition } from './check-sizing';
import { checkEnterpriseAssignment, checkEnterpriseUnassigned } from './check-placement';
import { checkEnterpriseCreditCodes } from './check-credit-codes';
import { checkStaffing } from './check-staffing';

export {
  checkCodeDuplicates,
  checkCodeFormat,
  checkCodeParents,
  type CodeParentOptions,
} from './check-codes';
export {
  checkGridEnterpriseCount,
  checkMicroGridComposition,
  type GridEnterpriseCountOptions,
  type MicroGridCompositionOptions,
} from './check-sizing';
export {
  checkEnterpriseAssignment,
  checkEnterpriseUnassigned,
  type PlacementOptions,
} from './check-placement';
export { checkEnterpriseCreditCodes, usccProblem, type CreditCodeOptions } from './check-credit-codes';
export { checkStaffing, type StaffingOptions } from './check-staffing';

export interface ComplianceOptions {
  /**
   * Grid and micro-grid containing each enterprise id, e.g. geo/assign's assignEnterprises over the units active
   * at asOf (lineage activeFeatures), so a revoked unit never claims an enterprise.
   */
  assignment: {
    grid: ReadonlyMap<string, string | null>;
    microGrid: ReadonlyMap<string, string | null>;
    /** The features themselves (geo/assign): sizing counts per feature, so a duplicated code adds up nothing. */
    gridUnit?: ReadonlyMap<string, object | null>;
    microGridUnit?: ReadonlyMap<string, object | null>;
  };
  /** Used as asOf when community.geojson has none (the clock, or a fixed moment in tests). */
  now: number;
  // Defaults: domain/rules (ENTERPRISES_PER_GRID, BELOW_SIZE_PER_MICRO_GRID, GRID_STAFF_PER_ROLE, MICRO_GRID_LEADERS).
  minEnterprisesPerGrid?: number;
  maxEnterprisesPerGrid?: number;
  minBelowPerMicroGrid?: number;
  maxBelowPerMicroGrid?: number;
  /** Required count per grid role; roles left out are not checked. */
  staffPerGrid?: Partial<Record<MemberRole, number>>;
  microLeadersPerMicroGrid?: number;
}

/**
 * Every compliance finding of the dataset, sorted by severity, rule, then codes (findings sortFindings).
 * Rules whose input file is absent are skipped (no members.json: no staffing findings).
 * @example checkCompliance(ds, { now: Date.now(), assignment: assignEnterprises(grids, micro, enterprises) })
 */
export function checkCompliance(dataset: Dataset, options: ComplianceOptions): Finding[] {
  const asOf = datasetAsOf(dataset, options.now);
  const gridOf = options.assignment.grid;
  const microGridOf = options.assignment.microGrid;
  return sortFindings([
    ...checkCodeDuplicates(dataset),
    ...checkCodeFormat(dataset),
    ...checkCodeParents(dataset, { asOf }),
    ...checkStaffing(dataset, {
      asOf,
      perGrid: options.staffPerGrid,
      microLeadersPerMicroGrid: options.microLeadersPerMicroGrid,
    }),
    ...checkGridEnterpriseCount(dataset, {
      asOf,
      gridOf,
      unitOf: options.assignment.gridUnit,
      minEnterprisesPerGrid: options.minEnterprisesPerGrid,
      maxEnterprisesPerGrid: options.maxEnterprisesPerGrid,
    }),
    ...checkMicroGridComposition(dataset, {
      asOf,
      microGridOf,
      unitOf: options.assignment.microGridUnit,
      minBelowPerMicroGrid: options.minBelowPerMicroGrid,
      maxBelowPerMicroGrid: options.maxBelowPerMicroGrid,
    }),
    ...checkEnterpriseUnassigned(dataset, { gridOf, microGridOf }),
    ...checkEnterpriseAssignment(dataset, { gridOf, microGridOf }),
    ...checkEnterpriseCreditCodes(dataset, { gridOf, microGridOf }),
  ]);
}
