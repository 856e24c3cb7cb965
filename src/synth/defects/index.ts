/**
 * Documented defects injected into a clean synthetic community (issue 3): at least one of every validation rule,
 * plus a sliver under the default tolerance that must not be reported as a gap (it is an edge mismatch there).
 * Pure and deterministic by seed.
 *
 * Why it verifies itself: a defect placed carelessly sets off other rules (an overlap that swallows an enterprise
 * moves it to another grid). Targets are chosen so that does not happen, and the result is validated: every
 * finding must be a documented defect or a documented cascade, and every documented defect a finding, or this throws.
 */
import type { DatasetManifest } from '../../domain/types';
import type { Finding } from '../../domain/findings';
import { createRng, hashSeed } from '../../domain/random';
import { datasetAsOf } from '../../domain/stats';
import { validateDataset } from '../../geo/validate-dataset';
import {
  injectEdgeMismatch,
  injectGridGap,
  injectGridOutside,
  injectGridOverlap,
  injectInvalidGeometry,
  injectMicroGridOutside,
  injectMicroGridOverlap,
  injectSliver,
} from './coverage-defects';
import {
  injectCodeDuplicate,
  injectCodeFormat,
  injectCodeParent,
  injectCreditCode,
  injectEnterpriseAssignment,
  injectEnterpriseUnassigned,
  injectGridEnterpriseCount,
  injectMicroGridComposition,
  injectStaffing,
} from './compliance-defects';
import { Work, type DefectRecord, type WorkInput } from './work';

export type { DefectRecord } from './work';

export interface DefectInput extends WorkInput {
  manifest: DatasetManifest;
}

export interface InjectOptions {
  seed: number;
  /** Validate the result and throw when findings and records disagree. Default true. */
  verify?: boolean;
}

/** Relative error allowed between a documented area and the reported one. */
export const AREA_TOLERANCE = 0.01;

export const DEFECTS_NAME = '智汇湾工业社区（缺陷样例）';

/**
 * A copy of the dataset with the defects in it, and their records (findings at the default tolerance, in the
 * order they were made; the sliver is marked belowTolerance).
 * @example const { dataset, defects } = injectDefects(generateDataset({ scale: 'community', seed: 33 }), { seed: 33 })
 */
export function injectDefects<D extends DefectInput>(
  dataset: D,
  options: InjectOptions,
): { dataset: D; defects: DefectRecord[] } {
  if (dataset.community.features.length !== 1)
    throw new RangeError('injectDefects needs a dataset of one community');
  const data: WorkInput = structuredClone({
    community: dataset.community,
    grids: dataset.grids,
    microGrids: dataset.microGrids,
    enterprises: dataset.enterprises,
    members: dataset.members,
  });
  const work = new Work(data, createRng(hashSeed(options.seed, 'defects')));
  for (const inject of [
    injectGridOverlap,
    injectGridGap,
    injectSliver,
    injectGridOutside,
    injectEdgeMismatch,
    injectMicroGridOverlap,
    injectMicroGridOutside,
    injectInvalidGeometry,
    injectGridEnterpriseCount,
    injectEnterpriseUnassigned,
    injectMicroGridComposition,
    injectEnterpriseAssignment,
    injectCreditCode,
    injectStaffing,
    injectCodeDuplicate,
    injectCodeFormat,
    injectCodeParent,
  ]) {
    inject(work);
  }
  const manifest: DatasetManifest = {
    ...dataset.manifest,
    name: DEFECTS_NAME,
    description:
      `合成数据（synthetic），注入了 ${work.records.filter((r) => !r.cascade).length} 处已记录的缺陷（injected defects，清单见 defects.json），` +
      `用于演示和检验数据校验：基于 seed ${dataset.manifest.seed ?? options.seed} 的社区数据，不对应真实企业或人员。`,
  };
  const out = { ...dataset, ...data, manifest };
  if (options.verify ?? true) {
    const report = validateDataset(out, { now: datasetAsOf(out, 0) });
    const { missing, unexpected } = compareWithFindings(work.records, report.findings);
    if (missing.length || unexpected.length) {
      throw new Error(
        `injected defects and findings disagree: ` +
          [
            ...missing.map((r) => `missing ${r.rule} [${r.codes.join(',')}]`),
            ...unexpected.map((f) => `unexpected ${f.rule}: ${f.message}`),
          ].join('; '),
      );
    }
  }
  return { dataset: out, defects: work.records };
}

/** True when a finding is the one a record documents (rule, codes, enterprise, member, area within 1 %). */
export function findingMatches(r: DefectRecord, f: Finding): boolean {
  return (
    f.rule === r.rule &&
    f.codes.join(',') === [...r.codes].sort().join(',') &&
    (f.enterpriseId ?? null) === (r.enterpriseId ?? null) &&
    (f.memberId ?? null) === (r.memberId ?? null) &&
    (r.expectedAreaM2 === undefined ||
      (f.areaM2 !== undefined && Math.abs(f.areaM2 - r.expectedAreaM2) <= AREA_TOLERANCE * r.expectedAreaM2))
  );
}

/**
 * Pairs records (those at or above the tolerance: `belowTolerance` ones are left out) with findings one to one.
 * @example compareWithFindings(defects, report.findings) // { missing: [], unexpected: [] }
 */
export function compareWithFindings(
  records: DefectRecord[],
  findings: Finding[],
): { missing: DefectRecord[]; unexpected: Finding[] } {
  const left = [...findings];
  const missing: DefectRecord[] = [];
  for (const r of records) {
    if (r.belowTolerance) continue;
    const k = left.findIndex((f) => findingMatches(r, f));
    if (k < 0) missing.push(r);
    else left.splice(k, 1);
  }
  return { missing, unexpected: left };
}
