/**
 * A reviewer's decision on a proposal. Approving gives the new dataset version: the proposed files with the units
 * the proposal added or retired re-stamped to the approved effective date (validFrom / validTo), as a folder's
 * files and as a zip the app, `validate` and `stats` read unchanged. Rejecting records who and why.
 */
import { strToU8, zipSync } from 'fflate';
import type { Feature, Geometry } from 'geojson';
import { DATASET_FILES, type DatasetFile, type LineageProps } from '../../domain/types';
import { parseManifest } from '../dataset';
import { DatasetError } from '../errors';
import { parseFeatureCollection } from '../schema';
import { proposalMeta, type Proposal, type ProposalReview } from './proposal';

export interface ApproveOptions {
  by: string;
  comment: string;
  /** YYYY-MM-DD: when the new units take effect and the retired ones end. */
  effective: string;
  /** ISO 8601 with offset: when approved. */
  at: string;
  /**
   * Files of the base dataset a plan never changes (PLAN_UNCHANGED_FILES), added as they are where the proposal
   * does not hold them: the app leaves incidents and patrols out of a proposal, and the new version must keep them.
   * Default: none.
   */
  carry?: ReadonlyMap<string, string>;
}

/** The contract files no plan operation changes: a proposal may leave them out, approval carries them over. */
export const PLAN_UNCHANGED_FILES: readonly DatasetFile[] = ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'];

export interface Approval {
  /** The proposal with status "approved" and its review. */
  proposal: Proposal;
  /** The new dataset version's files (dataset.json and the contract files). */
  files: Map<string, string>;
  /** Those files at the root of a zip, plus proposal.json (the approved record: log, diff, review). */
  zip: Uint8Array;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDecision(p: Proposal, by: string, effective?: string): void {
  if (p.status !== 'submitted') {
    throw new DatasetError('proposal.json', `is already ${p.status}${p.review ? ` by ${p.review.by}` : ''}; it can be decided once`);
  }
  if (!by.trim()) throw new DatasetError('review', 'needs the reviewer\'s name ("by")');
  if (effective !== undefined && !DATE.test(effective)) {
    throw new DatasetError('review', `"effective" must be a date, YYYY-MM-DD, got ${JSON.stringify(effective)}`);
  }
}

const fcText = (features: readonly Feature[]) =>
  `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;

/**
 * Re-stamps one units file: a unit the base did not have starts on `effective` (and, made and retired within the
 * proposal, ends there too); a base unit in force that the proposal retired ends on `effective`. Others untouched.
 */
function restamp(file: string, text: string, base: readonly Feature[], effective: string): string {
  const before = new Map<string, LineageProps>();
  for (const f of base) before.set((f.properties as { code: string }).code, f.properties as LineageProps);
  const fc = parseFeatureCollection<Geometry, LineageProps & { code: string }>(file, text);
  let changed = false;
  const features = fc.features.map((f) => {
    const p = f.properties as LineageProps & { code: string };
    const was = before.get(p.code);
    const next = { ...p };
    if (!was) {
      next.validFrom = effective;
      if (p.validTo) next.validTo = effective;
    } else if (!was.validTo && p.validTo) {
      next.validTo = effective;
    }
    if (next.validFrom === p.validFrom && next.validTo === p.validTo) return f;
    changed = true;
    return { ...f, properties: next };
  });
  return changed ? fcText(features) : text;
}

/**
 * Adds the carried files the proposal lacks and lists them in dataset.json. incidents.geojson and incidents.csv
 * are one file in two forms: one carried is not added when the proposal holds the other.
 */
function carryOver(files: Map<string, string>, carry: ReadonlyMap<string, string> | undefined): void {
  if (!carry?.size) return;
  const incidents = ['incidents.geojson', 'incidents.csv'];
  let added = false;
  for (const [name, text] of carry) {
    if (!PLAN_UNCHANGED_FILES.includes(name as DatasetFile)) {
      throw new DatasetError(name, `is not carried over on approval: only ${PLAN_UNCHANGED_FILES.join(', ')} are`);
    }
    if (files.has(name) || (incidents.includes(name) && incidents.some((f) => files.has(f)))) continue;
    files.set(name, text);
    added = true;
  }
  if (!added) return;
  const manifest = parseManifest(files.get('dataset.json') ?? '{"name":"dataset","files":[]}');
  const listed = DATASET_FILES.filter((f) => files.has(f));
  files.set('dataset.json', `${JSON.stringify({ ...manifest, files: listed }, null, 2)}\n`);
}

/**
 * Approves a proposal: the new dataset version as files and a zip. Throws DatasetError for a proposal already
 * decided, no reviewer name, or a date that is not YYYY-MM-DD. Never mutates `p`.
 * @example const { zip } = approveProposal(p, { by: '王审', comment: '同意', effective: '2026-12-01', at: formatCst(Date.now()) })
 */
export function approveProposal(p: Proposal, options: ApproveOptions): Approval {
  checkDecision(p, options.by, options.effective);
  const files = new Map(p.files);
  for (const [file, base] of [
    ['grids.geojson', p.baseUnits.grids.features],
    ['microgrids.geojson', p.baseUnits.microGrids.features],
  ] as const) {
    const text = files.get(file);
    if (text !== undefined) files.set(file, restamp(file, text, base, options.effective));
  }
  carryOver(files, options.carry);
  const review: ProposalReview = {
    by: options.by.trim(),
    comment: options.comment,
    at: options.at,
    decision: 'approved',
    effective: options.effective,
  };
  const proposal: Proposal = { ...p, files, status: 'approved', review };
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of files) entries[name] = strToU8(text);
  // Not a contract file: the loader ignores it (dataset.json does not list it); it is the record of the change.
  entries['proposal.json'] = strToU8(`${JSON.stringify(proposalMeta(proposal), null, 2)}\n`);
  return { proposal, files, zip: zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }) };
}

/**
 * Rejects a proposal with a comment; the dataset is unchanged. Throws as approveProposal does.
 * @example writeProposal(rejectProposal(p, { by: '王审', comment: '边界沿河', at }))
 */
export function rejectProposal(p: Proposal, options: Omit<ApproveOptions, 'effective'>): Proposal {
  checkDecision(p, options.by);
  return {
    ...p,
    status: 'rejected',
    review: { by: options.by.trim(), comment: options.comment, at: options.at, decision: 'rejected', effective: p.effective },
  };
}
